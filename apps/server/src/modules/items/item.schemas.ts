import { z } from 'zod';
import { idParam, storableText, wholeNumber } from '../../http/route-support.ts';
import {
  isCalendarDate,
  isStorableText,
  isTimestamp,
  maxInt32,
  multifieldValueTypes,
  normalizeMultifield,
  parseMoney,
  type FieldDef,
  type ItemTypeDef,
  type MultifieldKind,
} from '@vinculo/shared';

/**
 * Zod schemas generated from item metadata. The same schemas validate requests, shape responses and
 * document the API in OpenAPI: one description per field, no hand-written copy per item type.
 */

const issue = (rule: string, params: Record<string, unknown> = {}) => ({ params: { rule, ...params } });

/** Text of at most `max` characters that both databases can store. */
const text = (max: number) => z.string().max(max).refine(isStorableText, issue('format'));
const id = () => z.int().positive().max(maxInt32);

const multifieldEntryInput = (kind: MultifieldKind) =>
  z
    .strictObject({
      id: id().optional().describe('Keep this id to edit an existing value in place'),
      value: text(250),
      valueType: z
        .enum(multifieldValueTypes[kind] as [string, ...string[]])
        .default(kind === 'im' ? 'OTHER' : 'WORK'),
    })
    .refine((entry) => normalizeMultifield(kind, entry.value) !== null, { ...issue(kind), path: ['value'] });

const multifieldEntryOutput = z.object({
  id: z.int(),
  value: z.string(),
  valueType: z.string(),
  normalized: z.string().describe('E.164 for phones, lower case for e-mails: what search and duplicate control match'),
});

/** The schema of one field's value as a client sends it. */
function inputSchema(field: FieldDef): z.ZodType {
  if (field.custom?.multiple) return z.array(singleInput(field)).max(100);
  // Fields that always hold a value: a flag, a currency, lists (empty rather than null).
  const neverNull = field.type === 'boolean' || field.type === 'currency' || field.type === 'multifield' || field.type === 'links';
  return neverNull ? singleInput(field) : singleInput(field).nullable();
}

/** One value, not null; `inputSchema` adds null (or makes an array of these for a multiple custom field). */
function singleInput(field: FieldDef): z.ZodType {
  switch (field.type) {
    case 'string':
    case 'text':
    case 'address':
      return text(field.maxLength ?? 255);
    case 'url':
      return text(field.maxLength ?? 2048).refine(isWebAddress, issue('url'));
    case 'integer': {
      let schema = z.int().min(-maxInt32).max(maxInt32);
      if (field.min !== undefined) schema = schema.min(field.min);
      if (field.max !== undefined) schema = schema.max(field.max);
      return schema;
    }
    case 'number':
      return z.number().min(-1e15).max(1e15);
    case 'money': {
      const amount = z
        .union([z.string(), z.number()])
        .refine((value) => parseMoney(value) !== null, issue('money'))
        .describe('Decimal amount, e.g. "1500.00"; kept exactly, never as a float');
      return field.currencyColumn ? z.strictObject({ amount, currency: z.string().regex(/^[A-Z]{3}$/) }) : amount;
    }
    case 'boolean':
      return z.boolean();
    case 'date':
      return z.iso.date().refine(isCalendarDate, issue('format'));
    case 'datetime':
      return z.iso.datetime({ offset: true }).refine(isTimestamp, issue('format'));
    case 'reference':
      return text(50).describe(`Code from the reference list ${field.list}`);
    case 'currency':
      return z.string().regex(/^[A-Z]{3}$/).describe('ISO 4217 currency code');
    case 'enumeration': {
      const options = new Set((field.custom?.options ?? []).map((o) => o.id));
      return id().refine((value) => options.has(value), issue('option')).describe('The id of one of the field\'s values');
    }
    case 'user':
    case 'item':
    case 'file':
      return id();
    case 'multifield':
      return z.array(multifieldEntryInput(field.multifieldKind!)).max(50);
    case 'links':
      return z.array(id()).max(500);
  }
}

/** An absolute http(s) URL. */
function isWebAddress(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname.length > 0;
  } catch {
    return false;
  }
}

/** The schema of one field's value as the API returns it. */
function outputSchema(field: FieldDef): z.ZodType {
  if (field.custom?.multiple) return z.array(z.int());
  switch (field.type) {
    case 'string':
    case 'text':
    case 'reference':
    case 'date':
    case 'datetime':
    case 'url':
    case 'address':
    case 'currency':
      return z.string().nullable();
    case 'money':
      return field.currencyColumn ? z.object({ amount: z.string(), currency: z.string() }).nullable() : z.string().nullable();
    case 'number':
      return z.number().nullable();
    case 'integer':
    case 'user':
    case 'item':
    case 'enumeration':
    case 'file':
      return z.int().nullable();
    case 'boolean':
      return z.boolean();
    case 'multifield':
      return z.array(multifieldEntryOutput);
    case 'links':
      return z.array(z.int());
  }
}

const writable = (field: FieldDef) => !field.readOnly;

const isPresent = (value: unknown) => value !== null && value !== '' && !(Array.isArray(value) && value.length === 0);

const withMeta = (schema: z.ZodType, field: FieldDef) => schema.describe(`${field.label.en} (${field.bitrix})`);

export interface ItemSchemas {
  create: z.ZodType;
  update: z.ZodType;
  /** Route body schemas: the standard fields, letting custom fields through to the service's check. */
  createBody: z.ZodType;
  updateBody: z.ZodType;
  item: z.ZodObject;
  page: z.ZodType;
}

// Keyed by the type object: a custom field change builds new type objects, and so new schemas.
const cache = new WeakMap<ItemTypeDef, ItemSchemas>();

/** Builds (once per item type and field set) the create, update and response schemas from the type's metadata. */
export function itemSchemas(type: ItemTypeDef): ItemSchemas {
  const cached = cache.get(type);
  if (cached) return cached;

  const createShape: Record<string, z.ZodType> = {};
  const updateShape: Record<string, z.ZodType> = {};
  const itemShape: Record<string, z.ZodType> = {};
  for (const field of type.fields) {
    // Optional: a field the caller's roles hide is simply absent from what they read.
    itemShape[field.name] = outputSchema(field).optional().describe(field.label.en);
    if (!writable(field)) {
      // A client may send back what it read: read-only fields are accepted and ignored.
      updateShape[field.name] = z.unknown().optional().describe('Read-only; ignored');
      continue;
    }
    const value = withMeta(inputSchema(field), field);
    createShape[field.name] = field.required && field.custom?.defaultValue == null ? value.refine(isPresent, issue('required')) : value.optional();
    // A required custom field cannot be emptied later either.
    if (field.required && field.custom) updateShape[field.name] = value.refine(isPresent, issue('required')).optional();
    else updateShape[field.name] = value.optional();
  }
  updateShape.version = z.int().positive().optional().describe('The version you read; a stale one is refused with 409');

  const withRequireOneOf = (schema: z.ZodObject): z.ZodType => {
    const names = type.requireOneOf;
    if (!names) return schema;
    return schema.superRefine((value, context) => {
      const body = value as Record<string, unknown>;
      if (!names.some((name) => typeof body[name] === 'string' && (body[name] as string).trim() !== '')) {
        context.addIssue({ code: 'custom', path: [names[0]], params: { rule: 'requireOneOf', fields: names.join(', ') } });
      }
    });
  };
  // Routes are registered once, with the standard fields; custom fields pass their loose schemas and the
  // service checks the whole input against the strict schema of the fields as they are now.
  const item = z.looseObject(itemShape);
  const schemas: ItemSchemas = {
    create: withRequireOneOf(z.strictObject(createShape)),
    update: z.strictObject(updateShape),
    createBody: withRequireOneOf(z.looseObject(createShape)),
    updateBody: z.looseObject(updateShape),
    item,
    page: z.object({
      items: z.array(item),
      nextCursor: z.string().nullable().describe('Pass as `cursor` for the next page; null on the last page'),
      total: z.int().nullable().describe('Items matching the filter (null when `total=false`); at most 10,000 unless `total=exact`'),
      totalCapped: z.boolean().describe('True when more than 10,000 items match and `total` stopped counting at 10,000'),
    }),
  };
  cache.set(type, schemas);
  return schemas;
}

export const filterSchema = z
  .record(z.string(), z.unknown())
  .optional()
  .describe('filter[field]=value, or filter[field][op]=value with op one of eq, ne, gt, gte, lt, lte, in, contains, startsWith, empty; text compares with case and accents folded');

/** The quick search of lists, boards and group actions: what the global search finds, within the type. */
export const quickSearch = storableText(200, 0)
  .optional()
  .describe('Quick search: items found by name or title, company name, e-mail or any run of a phone\'s digits, accents and case aside (as GET /api/v1/search finds them)');

export const listQuerySchema = z.strictObject({
  filter: filterSchema,
  search: quickSearch,
  sort: z.string().max(500).optional().describe('Comma-separated fields; a leading "-" sorts descending, e.g. -updatedAt'),
  fields: z.string().max(2000).optional().describe('Comma-separated fields to return (id and version always come)'),
  limit: wholeNumber(1, 500).default(50),
  cursor: z.string().max(4000).optional(),
  total: z
    .enum(['true', 'exact', 'false'])
    .default('true')
    .describe('true: count up to 10,000 (then totalCapped); exact: count everything; false: skip counting'),
});

export type ListQuery = z.infer<typeof listQuerySchema>;

export const idParamsSchema = z.object({ id: idParam });

/** `cursor` and `limit` of a paged sub-list (history, dependencies, stage history). */
export const pageQuerySchema = z.strictObject({ cursor: z.string().max(200).optional(), limit: wholeNumber(1, 500).default(100) });

export const historyEntrySchema = z.object({
  eventId: z.int(),
  date: z.string(),
  type: z.string().describe('created, updated, deleted, restored, converted (a lead: newValue is { contactId, companyId, dealId })'),
  author: z.object({ id: z.int(), name: z.string() }).nullable(),
  field: z.string().nullable(),
  fieldLabel: z.string().nullable(),
  oldValue: z.unknown(),
  newValue: z.unknown(),
});

export const historyPageSchema = z.object({ items: z.array(historyEntrySchema), nextCursor: z.string().nullable() });

export const dependencySchema = z.object({
  type: z.string(),
  id: z.int(),
  title: z.string(),
  relation: z.string().describe('The field that links the two items'),
});

export const dependenciesSchema = z.object({
  items: z.array(dependencySchema),
  nextCursor: z.string().nullable().describe('Pass as `cursor` for the next page; null on the last page'),
});
