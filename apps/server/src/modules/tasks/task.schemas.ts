import { z } from 'zod';
import { storableText } from '../../http/route-support.ts';
import { instant, itemRefSchema } from '../activities/activity.schemas.ts';

/** The shapes of tasks in the API (docs/api.md, "Tasks"). */

export const taskStatuses = ['new', 'inProgress', 'waiting', 'done', 'deferred'] as const;
const userIds = z.array(z.int().min(1).max(2_147_483_647)).max(50);
const checklistEntry = z.strictObject({ id: z.int().min(1).max(2_147_483_647).optional(), text: storableText(500), done: z.boolean().optional() });

const editable = {
  title: storableText(255),
  description: storableText(65_535, 0).nullable(),
  status: z.enum(taskStatuses),
  deadline: instant.nullable(),
  responsibleId: z.int().min(1).max(2_147_483_647),
  coworkerIds: userIds,
  observerIds: userIds,
  checklist: z.array(checklistEntry).max(200),
  items: z.array(itemRefSchema).max(50),
};

export const createTaskBody = z.strictObject(editable).partial().required({ title: true });
export const updateTaskBody = z.strictObject({ ...editable, version: z.int().min(1) }).partial();
export const checklistEntryBody = z.strictObject({ done: z.boolean(), text: storableText(500) }).partial().refine((body) => Object.keys(body).length > 0, { params: { rule: 'required' } });

export type CreateTaskInput = z.infer<typeof createTaskBody>;
export type UpdateTaskInput = z.infer<typeof updateTaskBody>;

export const taskSchema = z.object({
  id: z.int(),
  title: z.string(),
  description: z.string().nullable(),
  status: z.string(),
  deadline: z.string().nullable(),
  responsibleId: z.int(),
  coworkerIds: z.array(z.int()),
  observerIds: z.array(z.int()),
  checklist: z.array(z.object({ id: z.int(), text: z.string(), done: z.boolean() })),
  items: z.array(z.object({ type: z.string(), id: z.int(), title: z.string() })),
  createdById: z.int().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  closedAt: z.string().nullable(),
  version: z.int(),
});

export type TaskDto = z.infer<typeof taskSchema>;
