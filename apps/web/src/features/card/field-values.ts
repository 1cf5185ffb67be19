import type { FieldMeta, Multivalue } from '../../api/types';

/** Whether a value shows as empty on the card. */
export function isEmptyValue(value: unknown): boolean {
  return value === null || value === undefined || value === '' || (Array.isArray(value) && value.length === 0);
}

/** The value an input starts from: multi-values without the server's `normalized` copy. */
export function toDraft(field: FieldMeta, value: unknown): unknown {
  if (field.type === 'multifield') return ((value as Multivalue[] | null) ?? []).map(({ id, value: text, valueType }) => (id === undefined ? { value: text, valueType } : { id, value: text, valueType }));
  return value ?? null;
}

/** What the API takes for a draft: blank text is no value; multi-value rows left blank are dropped. */
export function fromDraft(field: FieldMeta, draft: unknown): unknown {
  if (field.type === 'multifield') return ((draft as Multivalue[] | null) ?? []).filter((row) => row.value.trim() !== '');
  if (typeof draft === 'string' && draft.trim() === '') return null;
  return draft ?? null;
}

/** Whether saving `draft` would change the stored value. */
export function sameValue(field: FieldMeta, stored: unknown, draft: unknown): boolean {
  return JSON.stringify(fromDraft(field, toDraft(field, stored))) === JSON.stringify(fromDraft(field, draft));
}

/** Fields a person can change on the card: not computed by the server, not fixed at creation. */
export const isEditable = (field: FieldMeta) => !field.readOnly && !field.immutable;

/** Fields a create form offers: anything not computed by the server (fixed-at-creation ones included). */
export const isWritable = (field: FieldMeta) => !field.readOnly;
