import { z } from 'zod';
import { storableText } from '../../http/route-support.ts';
import { columnWidth } from './list-view-defaults.ts';

/** The request and answer schemas of list views and filter presets (validation and OpenAPI from one source). */

const fieldName = z.string().min(1).max(100).describe('A field\'s name in the native API (`title`, `ufCrmProjectCode`)');

export const columnSchema = z.strictObject({
  field: fieldName,
  width: z.int().min(columnWidth.min).max(columnWidth.max).describe(`In pixels, ${columnWidth.min} to ${columnWidth.max}`),
});

export const sortSchema = z.strictObject({ field: fieldName, direction: z.enum(['asc', 'desc']) });

export const listViewSchema = z.strictObject({
  columns: z.array(columnSchema).min(1).max(100).describe('The columns in order, each once; only fields the caller may see'),
  sort: sortSchema.nullable().describe('null: the list\'s own order (newest first)'),
  presetId: z.int().min(1).max(2_147_483_647).nullable().describe('The caller\'s filter preset in use on this list, or null'),
});

const scalar = z.union([z.string().max(1000), z.number(), z.boolean()]);

export const filterTermSchema = z.strictObject({
  field: fieldName,
  op: z.string().min(1).max(20).describe('An operator of the list endpoint: eq, ne, gt, gte, lt, lte, in, contains, startsWith, empty'),
  value: z.union([scalar, z.array(scalar).min(1).max(500)]).describe('As in `filter[field][op]=value`; `in` takes a list; `@me` on a user field is whoever uses the preset'),
});

const filterSchema = z.array(filterTermSchema).max(50).describe('Terms AND-ed, checked exactly as the list endpoint checks `filter[field][op]=value`');
const search = storableText(200, 0).nullable().describe('The text of the list\'s quick-search box, or null');
const presetName = storableText(100).describe('1 to 100 characters; unique per user and type, case and accents aside');

export const newPresetSchema = z.strictObject({
  name: presetName,
  filter: filterSchema,
  search: search.optional(),
  isDefault: z.boolean().optional().describe('The preset the list opens with; marking one takes the mark off the others'),
});

export const presetChangesSchema = z.strictObject({
  name: presetName.optional(),
  filter: filterSchema.optional(),
  search: search.optional(),
  isDefault: z.boolean().optional(),
});

export const presetSchema = z.object({
  id: z.int(),
  name: z.string(),
  filter: z.array(z.object({ field: z.string(), op: z.string(), value: z.unknown() })).describe('Terms on fields the caller\'s roles hide are left out'),
  search: z.string().nullable(),
  isDefault: z.boolean(),
  createdAt: z.string(),
});

export const typeParams = z.object({ type: z.string().max(20).describe('leads, contacts, companies or deals') });
