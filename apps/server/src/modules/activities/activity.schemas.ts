import { z } from 'zod';
import { storableText } from '../../http/route-support.ts';

/** The shapes of activities in the API (docs/api.md, "Activities"). */

export const activityKinds = ['call', 'meeting', 'email', 'todo'] as const;
export const itemTypeName = z.enum(['lead', 'contact', 'company', 'deal']);
export const itemRefSchema = z.strictObject({ type: itemTypeName, id: z.int().min(1).max(2_147_483_647) });
export const instant = z.iso.datetime({ offset: true }).transform((text) => new Date(text).toISOString());
const userId = z.int().min(1).max(2_147_483_647);

const editable = {
  subject: storableText(255),
  description: storableText(65_535, 0).nullable(),
  direction: z.enum(['incoming', 'outgoing']).nullable(),
  deadline: instant.nullable(),
  startAt: instant.nullable(),
  endAt: instant.nullable(),
  durationSeconds: z.int().min(0).max(31 * 86_400).nullable(),
  result: storableText(255, 0).nullable(),
  place: storableText(255, 0).nullable(),
  responsibleId: userId,
  priority: z.enum(['low', 'normal', 'high']),
  completed: z.boolean(),
  remindAt: instant.nullable(),
  items: z.array(itemRefSchema).max(50),
};

export const createActivityBody = z.strictObject({
  kind: z.enum(activityKinds),
  owner: itemRefSchema,
  ...editable,
  subject: editable.subject,
}).partial().required({ kind: true, owner: true, subject: true });

export const updateActivityBody = z.strictObject({ ...editable, version: z.int().min(1) }).partial();

export type CreateActivityInput = z.infer<typeof createActivityBody>;
export type UpdateActivityInput = z.infer<typeof updateActivityBody>;

const titledRef = z.object({ type: z.string(), id: z.int(), title: z.string() });

export const activitySchema = z.object({
  id: z.int(),
  kind: z.string(),
  direction: z.string().nullable(),
  subject: z.string(),
  description: z.string().nullable(),
  deadline: z.string().nullable(),
  startAt: z.string().nullable(),
  endAt: z.string().nullable(),
  durationSeconds: z.int().nullable(),
  result: z.string().nullable(),
  place: z.string().nullable(),
  responsibleId: z.int(),
  priority: z.string(),
  completed: z.boolean(),
  completedAt: z.string().nullable(),
  remindAt: z.string().nullable(),
  owner: titledRef,
  items: z.array(titledRef),
  createdById: z.int().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  version: z.int(),
});

export type ActivityDto = z.infer<typeof activitySchema>;
