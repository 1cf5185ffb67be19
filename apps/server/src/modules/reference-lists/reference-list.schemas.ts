import { z } from 'zod';
import { storableText } from '../../http/route-support.ts';

/** Request and response shapes of reference lists, shared by the pipelines' stage routes. */

const issue = (rule: string) => ({ params: { rule } });

const name = storableText(255);
const color = z.string().regex(/^#[0-9A-Fa-f]{6}$/).describe('#RRGGBB');
const sort = z.int().min(0).max(1_000_000);
const semantic = z.enum(['P', 'S', 'F']).describe('P in progress, S success, F failure (statuses and stages only)');

export const codeSchema = z.string().min(1).max(60).regex(/^(C\d+:)?[A-Za-z0-9_-]+$/);

export const valueSchema = z.object({
  code: z.string(),
  name: z.string(),
  nameEn: z.string(),
  namePt: z.string(),
  sort: z.int(),
  semantic: z.string().nullable(),
  color: z.string().nullable(),
});

export const valuesSchema = z.object({ values: z.array(valueSchema) });

export const createValueSchema = z
  .strictObject({
    code: codeSchema.optional().describe('Generated (UC_ and six letters or digits) when absent'),
    name: name.optional().describe('Both names, unless nameEn / namePt are given'),
    nameEn: name.optional(),
    namePt: name.optional(),
    sort: sort.optional(),
    color: color.optional(),
    semantic: semantic.optional(),
  })
  .refine((v) => v.name !== undefined || v.nameEn !== undefined || v.namePt !== undefined, { ...issue('required'), path: ['name'] });

export const updateValueSchema = z.strictObject({
  name: name.optional().describe("The name in the caller's language"),
  nameEn: name.optional(),
  namePt: name.optional(),
  sort: sort.optional(),
  color: color.nullable().optional(),
  semantic: semantic.optional(),
});

export const orderSchema = z.strictObject({ codes: z.array(codeSchema).min(1).max(1000).describe('Every code of the list, in the new order') });

export const deleteQuerySchema = z.object({ replaceWith: codeSchema.optional().describe('Where the items that use the value move to') });

export type CreateValueInput = z.infer<typeof createValueSchema>;
export type UpdateValueInput = z.infer<typeof updateValueSchema>;
