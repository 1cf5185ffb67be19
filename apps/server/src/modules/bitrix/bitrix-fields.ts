import { messages, translate, type FieldDef, type FieldIssue, type ItemTypeDef, type Locale, type MessageKey } from '@vinculo/shared';
import { AppError } from '../../http/app-error.ts';
import { invalidArgument, notFound } from './bitrix-errors.ts';
import { bitrixFields } from './bitrix-values.ts';

/**
 * What Bitrix24 says about fields: `crm.X.fields` descriptions (bitrix24-rest.md §6.4) in the webhook user's language,
 * and the engine's validation failures as one readable `error_description` that names each field by its Bitrix24 name.
 */

function bitrixType(field: FieldDef): string {
  if (field.name === 'categoryId') return 'crm_category';
  switch (field.type) {
    case 'string':
    case 'text':
    case 'address':
      return 'string';
    case 'url':
      return field.custom ? 'url' : 'string';
    case 'number':
      return 'double';
    case 'money':
      return field.custom ? 'money' : 'double';
    case 'boolean':
      return field.custom ? 'boolean' : 'char';
    case 'reference':
      return 'crm_status';
    case 'currency':
      return 'crm_currency';
    case 'item':
    case 'links':
      return `crm_${field.itemType}`;
    case 'multifield':
      return 'crm_multifield';
    default:
      return field.type;
  }
}

/** The `crm.X.fields` answer for the caller's view of a type. */
export function describeFields(type: ItemTypeDef, locale: Locale): Record<string, unknown> {
  const described: Record<string, unknown> = {};
  for (const field of bitrixFields(type)) {
    const title = field.label[locale];
    described[field.bitrix] = {
      type: bitrixType(field),
      isRequired: field.required === true,
      isReadOnly: field.readOnly === true || field.lockedByRole === true,
      isImmutable: field.immutable === true,
      isMultiple: field.type === 'multifield' || field.type === 'links' || field.custom?.multiple === true,
      isDynamic: field.custom !== undefined,
      title,
      ...(field.list ? { statusType: field.list } : {}),
      ...(field.custom ? { listLabel: title, formLabel: title, filterLabel: title } : {}),
      ...(field.custom?.options ? { items: field.custom.options.map((o) => ({ ID: String(o.id), VALUE: o.value })) } : {}),
    };
  }
  return described;
}

/** How an API names fields and missing items in its errors: the legacy methods `TITLE` and "Not found". */
export interface ErrorWording {
  nameOf: (field: FieldDef) => string;
  notFound: string;
}

const legacyWording: ErrorWording = { nameOf: (field) => field.bitrix, notFound: 'Not found' };

/**
 * An engine error as Bitrix24 answers it: a missing item is Bitrix24's "Not found"; a validation failure becomes 400
 * `INVALID_ARG_VALUE` whose description names each field by its Bitrix24 name and says what is wrong in the caller's
 * language (`LAST_NAME (Sobrenome) tem mais de 50 caracteres`). Anything else is left to the transport's mapping.
 */
export function bitrixErrorFor(error: unknown, type: ItemTypeDef, locale: Locale, wording: ErrorWording = legacyWording): unknown {
  if (error instanceof AppError && error.code === 'NOT_FOUND') return notFound(wording.notFound);
  if (!(error instanceof AppError) || error.code !== 'VALIDATION_FAILED' || !Array.isArray(error.details)) return error;
  const parts = (error.details as Array<FieldIssue & { params?: Record<string, unknown> }>).map((issue) => describeIssue(issue, type, locale, wording));
  return invalidArgument(parts.join('; '));
}

function describeIssue(issue: FieldIssue & { params?: Record<string, unknown> }, type: ItemTypeDef, locale: Locale, wording: ErrorWording): string {
  const [root, ...rest] = issue.field.split('.');
  const field = type.fields.find((f) => f.name === root);
  const name = field ? [wording.nameOf(field), ...rest].join('.') : issue.field;
  const key = `rule.${issue.rule}`;
  const params = Object.fromEntries(Object.entries(issue.params ?? {}).map(([k, v]) => [k, String(v)]));
  const rule = key in messages ? translate(locale, key as MessageKey, params) : translate(locale, 'rule.type');
  return field ? `${name} (${field.label[locale]}) ${rule}` : `${name} ${rule}`;
}
