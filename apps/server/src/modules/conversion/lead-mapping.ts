import type { FieldDef, ItemTypeDef } from '@vinculo/shared';

/**
 * What a lead carries over to the contact, company or deal it becomes. One generic rule, read from the
 * metadata: a writable field of the target copies the lead's field of the same name and kind (same type, and the
 * same list, item type, multiplicity), so custom fields that share a name carry over too, as in Bitrix24. On top
 * of it, the few fields whose names differ (a company's title is the lead's company name).
 */

/** Lead-shaped values in API form: a stored lead (`getItem`) or a validated lead create body. */
export type LeadValues = Record<string, unknown>;

/**
 * Never copied: the lead's own links to what it became (the conversion sets those), links between items,
 * and files (each belongs to one item).
 */
const ownLinks = new Set(['contactId', 'companyId']);
const carries = (field: FieldDef) => !field.readOnly && !ownLinks.has(field.name) && field.type !== 'links' && field.type !== 'file';

const sameKind = (a: FieldDef, b: FieldDef) =>
  a.type === b.type &&
  a.list === b.list &&
  a.itemType === b.itemType &&
  a.multifieldKind === b.multifieldKind &&
  Boolean(a.custom?.multiple) === Boolean(b.custom?.multiple) &&
  (a.currencyColumn === undefined) === (b.currencyColumn === undefined);

/** The lead's field a target field takes its value from, if any. */
const leadFieldFor = (lead: ItemTypeDef, field: FieldDef) =>
  carries(field) ? lead.fields.find((f) => f.name === field.name && carries(f) && sameKind(f, field)) : undefined;

export const isFilled = (value: unknown) =>
  value !== undefined && value !== null && !(typeof value === 'string' && value.trim() === '') && !(Array.isArray(value) && value.length === 0);

const text = (value: unknown) => (typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined);

/** "João Carlos Souza" from the person fields; undefined when there is none. */
export function personName(source: LeadValues): string | undefined {
  const parts = [source.name, source.secondName, source.lastName].map(text).filter(Boolean);
  return parts.length > 0 ? parts.join(' ') : undefined;
}

/** A name for a stored lead that has none left (its title, names and company name all cleared): "Lead #12". */
const fallbackTitle = (source: LeadValues) => (source.id == null ? undefined : `Lead #${String(source.id)}`);

const special: Partial<Record<ItemTypeDef['name'], (source: LeadValues) => Record<string, unknown>>> = {
  company: (source) => ({ title: text(source.companyTitle) ?? text(source.title) }),
  deal: (source) => ({ title: text(source.title) ?? text(source.companyTitle) ?? personName(source) ?? fallbackTitle(source) }),
};

/**
 * The create input of a `target` item carrying over the lead's values. Multi-value entries lose their ids (they
 * become the new item's own); a currency comes along only with the amounts it is the currency of.
 */
export function carryOver(lead: ItemTypeDef, target: ItemTypeDef, source: LeadValues): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  const carriesAmount = target.fields.some((f) => f.type === 'money' && f.currencyColumn === undefined && leadFieldFor(lead, f));
  for (const field of target.fields) {
    const from = leadFieldFor(lead, field);
    if (!from || (field.type === 'currency' && !carriesAmount)) continue;
    const value = copyValue(from, field, source[field.name]);
    if (isFilled(value)) values[field.name] = value;
  }
  for (const [name, value] of Object.entries(special[target.name]?.(source) ?? {})) {
    if (value !== undefined) values[name] = value;
  }
  return values;
}

/** A value of the lead's field `from` as a value of the target's field `to`. */
function copyValue(from: FieldDef, to: FieldDef, value: unknown): unknown {
  if (!isFilled(value)) return undefined;
  switch (to.type) {
    case 'multifield':
      return (value as Array<{ value: string; valueType: string }>).map((e) => ({ value: e.value, valueType: e.valueType }));
    case 'enumeration': {
      // Each field has its own options: the value with the same text, if the target field has one.
      const label = new Map((from.custom?.options ?? []).map((o) => [o.id, o.value]));
      const option = (id: unknown) => to.custom?.options?.find((o) => o.value === label.get(id as number))?.id;
      return Array.isArray(value) ? value.map(option).filter((id) => id !== undefined) : option(value);
    }
    case 'string':
    case 'text':
    case 'address':
      return to.maxLength !== undefined && (value as string).length > to.maxLength ? (value as string).slice(0, to.maxLength) : value;
    default:
      return value;
  }
}

/** The name of a contact made from a lead without person or company name: its title, cut to the field's length. */
export function contactNameFrom(contact: ItemTypeDef, source: LeadValues): string | undefined {
  const max = contact.fields.find((f) => f.name === 'name')?.maxLength ?? 50;
  return (text(source.title) ?? fallbackTitle(source))?.slice(0, max).trim();
}
