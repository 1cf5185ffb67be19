import { foldText, normalizeMultifield, type FieldDef, type ItemTypeDef, type MultifieldKind } from '@vinculo/shared';
import type { Input } from '../items/item-write.ts';
import {
  CellRefusal,
  parseAmount,
  parseBoolean,
  parseDate,
  parseDateTime,
  parseDecimalText,
  parseInteger,
  parseOption,
  parseReference,
  parseUser,
  splitMultiple,
  unneutralise,
  type Lookups,
} from './cell-parsing.ts';
import { multiTarget, type Target } from './header-mapping.ts';

/** What one row of a file asks for: the item's values, the company and contact it names, and its duplicate keys. */
export interface RowPlan {
  input: Input;
  /** A company by its name: found, or created once (contacts, deals; a lead keeps the name as its company name). */
  company?: string;
  /** Every company the cell names, one per line (a contact's companies, as the export writes them). */
  companies?: string[];
  /** A deal's contact: by its full name, or by the person's details (the same file imported into contacts first). */
  contact?: { fullName?: string; name?: string; lastName?: string; email?: string; phone?: string };
  keys: DuplicateKeys;
}

/** How a row is matched to an item already there or earlier in the file. */
export interface DuplicateKeys {
  emails: string[];
  phones: string[];
  /** The folded name (a person's first and last name, a company's or deal's title) and, for people, their company. */
  name?: string;
}

/** Why a row is not imported: the column and the reason (`import.reason.<code>`), with the value read. */
export class RowRefusal extends Error {
  readonly code: string;
  readonly column?: number;
  readonly value?: string;
  constructor(code: string, column?: number, value?: string) {
    super(code);
    this.code = code;
    this.column = column;
    this.value = value;
  }
}

/** The fields that must be read before others: a deal's pipeline decides which stages its stage column names. */
const readFirst = new Set(['categoryId', 'currencyId']);

/**
 * Turns one row into the values of an item of `type` (the caller's view: fields they may not see cannot be mapped),
 * checking each cell. A bad cell refuses the whole row.
 */
export function planRow(type: ItemTypeDef, mapping: ReadonlyArray<Target | null>, cells: ReadonlyArray<string>, lookups: Lookups): RowPlan {
  const input: Input = {};
  const plan: RowPlan = { input, keys: { emails: [], phones: [] } };
  const order = mapping.map((target, column) => ({ target, column })).filter((entry): entry is { target: Target; column: number } => entry.target !== null);
  order.sort((a, b) => Number(!readFirst.has(a.target)) - Number(!readFirst.has(b.target)));
  let amountCurrency: string | undefined;

  for (const { target, column } of order) {
    const raw = cells[column];
    if (raw === undefined || raw.trim() === '') continue;
    const text = unneutralise(raw);
    try {
      const multi = multiTarget(type, target);
      if (multi) {
        addMultiValues(input, multi.field, multi.valueType, text, column);
        continue;
      }
      if (target === 'fullName') {
        const [name, lastName] = splitFullName(text);
        if (name) input.name = name;
        if (lastName) input.lastName = lastName;
        continue;
      }
      if (target === 'company') {
        plan.companies = text.split(/\r?\n/).map((title) => title.trim()).filter((title) => title !== '');
        plan.company = plan.companies[0];
        continue;
      }
      if (target.startsWith('contact')) {
        const part = target === 'contact' ? 'fullName' : (target.slice('contact.'.length) as keyof NonNullable<RowPlan['contact']>);
        plan.contact = { ...plan.contact, [part]: text.trim() };
        continue;
      }
      const field = type.fields.find((f) => f.name === target);
      if (!field) throw new RowRefusal('unknownTarget', column);
      const value = readField(field, text, input, lookups);
      if (field.type === 'money' && !field.currencyColumn && typeof value === 'object' && value !== null) {
        const { amount, currency } = value as { amount: string; currency?: string };
        input[field.name] = amount;
        amountCurrency ??= currency;
      } else {
        input[field.name] = value;
      }
    } catch (error) {
      if (error instanceof CellRefusal) throw new RowRefusal(error.code, column, raw.length > 200 ? `${raw.slice(0, 200)}…` : raw);
      if (error instanceof RowRefusal) throw error;
      throw error;
    }
  }
  if (amountCurrency && input.currencyId === undefined && type.fields.some((f) => f.name === 'currencyId')) input.currencyId = amountCurrency;
  plan.keys = duplicateKeys(type, input, plan.company);
  return plan;
}

function readField(field: FieldDef, text: string, input: Input, lookups: Lookups): unknown {
  if (field.custom?.multiple) {
    // One line that is itself a value ("Beta, ágil") is that value; the export puts several on several lines.
    if (!text.includes('\n') && field.type === 'enumeration' && field.custom.options?.some((o) => foldText(o.value) === foldText(text.trim()))) return [parseOption(text, field)];
    return splitMultiple(text).map((part) => readOne(field, part, input, lookups));
  }
  return readOne(field, text, input, lookups);
}

function readOne(field: FieldDef, text: string, input: Input, lookups: Lookups): unknown {
  switch (field.type) {
    case 'string':
    case 'text':
    case 'address':
    case 'url':
      return text;
    case 'integer':
      if (field.name === 'categoryId') {
        const id = lookups.pipelines.get(foldText(text.trim()));
        if (id === undefined) throw new CellRefusal('pipeline');
        return id;
      }
      return parseInteger(text, field);
    case 'number':
      return Number(parseDecimalText(text));
    case 'money': {
      const { amount, currency } = parseAmount(text, lookups);
      // A custom amount without a currency is in the base currency (as the export writes it), whatever the row's own.
      if (field.currencyColumn) return { amount, currency: currency ?? lookups.baseCurrency };
      return currency ? { amount, currency } : amount;
    }
    case 'boolean':
      return parseBoolean(text);
    case 'date':
      return parseDate(text, lookups.dayFirst);
    case 'datetime':
      return parseDateTime(text, lookups.dayFirst);
    case 'reference': {
      const listKey = field.list === 'DEAL_STAGE' ? `DEAL_STAGE:${(input.categoryId as number | undefined) ?? lookups.defaultPipelineId}` : field.list!;
      return parseReference(text, lookups.lists.get(listKey));
    }
    case 'currency': {
      const code = lookups.currencies.get(foldText(text.trim()));
      if (!code) throw new CellRefusal('currency');
      return code;
    }
    case 'user':
      return parseUser(text, lookups);
    case 'enumeration':
      return parseOption(text, field);
    case 'item':
      if (!/^\d+$/.test(text.trim())) throw new CellRefusal('itemId');
      return Number(text.trim());
    default:
      throw new CellRefusal('notImportable');
  }
}

function addMultiValues(input: Input, field: FieldDef, valueType: string, text: string, column: number) {
  const kind = field.multifieldKind as MultifieldKind;
  const entries = (input[field.name] as Array<{ value: string; valueType: string }> | undefined) ?? [];
  for (const value of splitMultiple(text)) {
    if (normalizeMultifield(kind, value) === null) throw new RowRefusal(kind, column, value);
    entries.push({ value, valueType });
  }
  input[field.name] = entries;
}

/** "Maria da Silva" → first name "Maria", last name "da Silva"; "Silva, Maria" → the same. */
export function splitFullName(text: string): [string | undefined, string | undefined] {
  const trimmed = text.trim().replace(/\s+/g, ' ');
  const comma = /^([^,]+),\s*(.+)$/.exec(trimmed);
  if (comma) return [comma[2], comma[1]];
  const words = trimmed.split(' ');
  if (words.length === 1) return [words[0], undefined];
  // Portuguese particles belong to the last name: "Ana de Souza" is Ana + "de Souza".
  let split = words.length - 1;
  while (split > 1 && /^(da|de|do|das|dos|e|van|von|del|di)$/i.test(words[split - 1])) split--;
  return [words.slice(0, split).join(' '), words.slice(split).join(' ')];
}

function duplicateKeys(type: ItemTypeDef, input: Input, company: string | undefined): DuplicateKeys {
  const normalised = (field: string, kind: MultifieldKind) =>
    ((input[field] as Array<{ value: string }> | undefined) ?? []).map((entry) => normalizeMultifield(kind, entry.value)).filter((value): value is string => value !== null);
  const keys: DuplicateKeys = { emails: normalised('emails', 'email'), phones: normalised('phones', 'phone') };
  const person = [input.name, input.lastName].filter((part) => typeof part === 'string' && part.trim() !== '').join(' ');
  if (type.name === 'contact' || (type.name === 'lead' && person)) {
    if (person) keys.name = personKey(person, (company ?? (input.companyTitle as string | undefined)) || '');
  } else if (typeof input.title === 'string' && input.title.trim() !== '') {
    keys.name = foldText(input.title.trim().replace(/\s+/g, ' '));
  }
  return keys;
}

/** A person's name and their company as a duplicate key: folded, single spaces. */
export const personKey = (fullName: string, company: string) => `${foldText(fullName.trim().replace(/\s+/g, ' '))}|${foldText(company.trim().replace(/\s+/g, ' '))}`;
