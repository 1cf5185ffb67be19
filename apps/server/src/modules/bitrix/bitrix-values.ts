import type { FieldDef, ItemTypeDef } from '@vinculo/shared';
import type { ItemDto } from '../items/item.presenter.ts';
import { bitrixDateTime } from './bitrix-envelope.ts';

/**
 * Values between Bitrix24's legacy shapes and the engine's (bitrix24-rest.md §6.2): out, numbers and ids as strings,
 * flags as `Y`/`N`, dates as ISO date-times with an offset, empty dates as `""`, multi-fields as
 * `{ID, VALUE_TYPE, VALUE, TYPE_ID}`; in, whatever a client sends (strings from a query or a form, native JSON)
 * coerced by the field's type. A value that cannot be coerced goes through as it came, so the engine's validation
 * refuses it and names the field.
 */

/** The fields Bitrix24 knows of a type, as this caller sees them (the engine's own `version` is not one). */
export const bitrixFields = (type: ItemTypeDef): FieldDef[] => type.fields.filter((f) => f.name !== 'version');

/** A field by its Bitrix24 name (`TITLE`, `UF_CRM_CODE`), in the caller's view. */
export const fieldByBitrix = (type: ItemTypeDef, name: string): FieldDef | undefined => type.fields.find((f) => f.bitrix === name && f.name !== 'version');

/** Each multi-field kind's Bitrix24 `TYPE_ID`. */
export const multifieldTypeIds: Record<string, string> = { phone: 'PHONE', email: 'EMAIL', web: 'WEB', im: 'IM' };

interface MultifieldEntry {
  id: number;
  value: string;
  valueType: string;
}

/** An item's value of `field` as Bitrix24 shows it. */
export function toBitrix(field: FieldDef, value: unknown): unknown {
  if (field.custom?.multiple) return ((value as unknown[] | undefined) ?? []).map(String);
  switch (field.type) {
    case 'boolean':
      return value ? 'Y' : 'N';
    case 'date':
      return typeof value === 'string' ? `${value}T00:00:00+00:00` : '';
    case 'datetime':
      return typeof value === 'string' ? bitrixDateTime(new Date(value)) : '';
    case 'money':
      if (value === null || value === undefined) return field.custom ? '' : null;
      return field.currencyColumn ? `${(value as { amount: string }).amount}|${(value as { currency: string }).currency}` : String(value);
    case 'multifield':
      return ((value as MultifieldEntry[] | undefined) ?? []).map((e) => ({ ID: String(e.id), VALUE_TYPE: e.valueType, VALUE: e.value, TYPE_ID: multifieldTypeIds[field.multifieldKind!] }));
    case 'links':
      return ((value as number[] | undefined) ?? []).map(String);
    default:
      return value === null || value === undefined ? null : String(value);
  }
}

/** An item as Bitrix24 shows it, with `fields` (Bitrix24 names as keys). */
export function itemToBitrix(item: ItemDto, fields: FieldDef[]): Record<string, unknown> {
  const shown: Record<string, unknown> = {};
  for (const field of fields) if (field.name in item) shown[field.bitrix] = toBitrix(field, item[field.name]);
  return shown;
}

const isBlank = (raw: unknown) => raw === null || raw === undefined || raw === '' || raw === false;

/** A list as a client sends one: an array, the object `qs` makes of `a[0]=…&a[1]=…`, or one value. */
export function asList(raw: unknown): unknown[] {
  if (Array.isArray(raw)) return raw;
  if (raw && typeof raw === 'object') return Object.values(raw);
  return isBlank(raw) ? [] : [raw];
}

/** `true`/`false` from `Y`/`N`, `1`/`0`, `true`/`false`, native booleans and numbers. */
export function parseFlag(raw: unknown): boolean | undefined {
  if (raw === true || raw === 1) return true;
  if (raw === false || raw === 0 || raw === '' || raw === null) return false;
  if (typeof raw !== 'string') return undefined;
  const text = raw.trim().toUpperCase();
  if (text === 'Y' || text === '1' || text === 'TRUE') return true;
  if (text === 'N' || text === '0' || text === 'FALSE') return false;
  return undefined;
}

/**
 * A date-time as Bitrix24 clients write it, as an ISO timestamp: with or without an offset (without: the server's
 * time, UTC), `YYYY-MM-DD HH:MM:SS`, a date alone (midnight), or the portal-locale `DD.MM.YYYY`.
 */
export function parseBitrixDateTime(raw: string): string | undefined {
  let text = raw.trim();
  const dotted = /^(\d{2})\.(\d{2})\.(\d{4})(.*)$/.exec(text);
  if (dotted) text = `${dotted[3]}-${dotted[2]}-${dotted[1]}${dotted[4]}`;
  if (/^\d{4}-\d{2}-\d{2}$/.test(text)) text += 'T00:00:00';
  text = text.replace(/^(\d{4}-\d{2}-\d{2}) /, '$1T');
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/.test(text)) return undefined;
  if (!/(Z|[+-]\d{2}:?\d{2})$/.test(text)) text += 'Z';
  const time = Date.parse(text);
  return Number.isNaN(time) ? undefined : new Date(time).toISOString();
}

/** A calendar date from any of the date-time forms above, as written (`2001-11-11T02:00:00+02:00` is the 11th). */
export function parseBitrixDate(raw: string): string | undefined {
  const text = raw.trim();
  const dotted = /^(\d{2})\.(\d{2})\.(\d{4})/.exec(text);
  if (dotted) return `${dotted[3]}-${dotted[2]}-${dotted[1]}`;
  return /^\d{4}-\d{2}-\d{2}/.test(text) ? text.slice(0, 10) : undefined;
}

const scalarText = (raw: unknown) => (typeof raw === 'string' || typeof raw === 'number' || typeof raw === 'boolean' ? String(raw) : undefined);

/** One value (not a multi-field) from a client, in the engine's form; what cannot be coerced passes as it came. */
export function fromBitrix(field: FieldDef, raw: unknown): unknown {
  if (field.custom?.multiple) return asList(raw).map((entry) => fromBitrix({ ...field, custom: { ...field.custom!, multiple: false } }, entry)).filter((v) => v !== null);
  if (field.type === 'links') return asList(raw).map((entry) => idOf(entry) ?? entry).filter((v) => v !== null);
  if (field.type === 'boolean') return parseFlag(raw) ?? raw;
  if (raw === null || raw === undefined || (raw === '' && field.type !== 'currency')) return null;
  const text = scalarText(raw);
  if (text === undefined) return raw;
  switch (field.type) {
    case 'integer':
    case 'number':
      return text.trim() !== '' && Number.isFinite(Number(text)) ? Number(text) : raw;
    case 'user':
    case 'item':
    case 'enumeration':
    case 'file':
      return idOf(raw) ?? raw;
    case 'money': {
      if (!field.currencyColumn) return text;
      const [amount, currency] = text.split('|');
      return currency ? { amount, currency } : raw;
    }
    case 'date':
      return parseBitrixDate(text) ?? raw;
    case 'datetime':
      return parseBitrixDateTime(text) ?? raw;
    default:
      return text;
  }
}

/** An id from `12`, `"12"`; `0` and `""` mean none (Bitrix24 writes `COMPANY_ID: 0` for no company). */
function idOf(raw: unknown): number | null | undefined {
  const text = scalarText(raw)?.trim();
  if (text === undefined || !/^\d{1,10}$/.test(text)) return text === '' ? null : undefined;
  return Number(text) === 0 ? null : Number(text);
}

/**
 * A multi-field's new list of entries from Bitrix24 input (§6.5): on add, the entries given; on update, the current
 * entries with those named by `ID` changed (or deleted by `DELETE: 'Y'`, an empty `VALUE` or no `VALUE`), and
 * entries without `ID` appended.
 */
export function multifieldFromBitrix(raw: unknown, current: MultifieldEntry[] | undefined): Array<{ id?: number; value: unknown; valueType?: unknown }> {
  const given = asList(raw).filter((entry): entry is Record<string, unknown> => entry !== null && typeof entry === 'object');
  const result: Array<{ id?: number; value: unknown; valueType?: unknown }> = (current ?? []).map((e) => ({ id: e.id, value: e.value, valueType: e.valueType }));
  for (const entry of given) {
    const id = idOf(entry.ID);
    const value = entry.VALUE;
    const deleted = parseFlag(entry.DELETE) === true || value === undefined || value === null || value === '';
    if (id) {
      const at = result.findIndex((e) => e.id === id);
      if (at < 0) {
        // Not one of this item's values: the engine refuses it by its id.
        if (!deleted) result.push({ id, value, ...(entry.VALUE_TYPE !== undefined ? { valueType: entry.VALUE_TYPE } : {}) });
      } else if (deleted) result.splice(at, 1);
      else result[at] = { id, value: scalarText(value) ?? value, valueType: entry.VALUE_TYPE ?? result[at].valueType };
    } else if (!deleted) {
      result.push({ value: scalarText(value) ?? value, ...(entry.VALUE_TYPE !== undefined && entry.VALUE_TYPE !== '' ? { valueType: entry.VALUE_TYPE } : {}) });
    }
  }
  return result;
}

/**
 * Bitrix24 `fields` as engine input for the caller's view of a type: Bitrix24 names mapped to the engine's, values
 * coerced. Names the type does not have (or the caller may not see) are ignored, as Bitrix24 ignores unknown fields.
 */
export function inputFromBitrix(type: ItemTypeDef, fields: Record<string, unknown>, current?: ItemDto): Record<string, unknown> {
  const input: Record<string, unknown> = {};
  for (const [name, raw] of Object.entries(fields)) {
    const field = fieldByBitrix(type, name);
    if (!field || field.readOnly) continue;
    // An empty currency keeps the item's (the engine never stores an item without one).
    if (field.type === 'currency' && (raw === '' || raw === null)) continue;
    input[field.name] = field.type === 'multifield' ? multifieldFromBitrix(raw, current?.[field.name] as MultifieldEntry[] | undefined) : fromBitrix(field, raw);
  }
  return input;
}
