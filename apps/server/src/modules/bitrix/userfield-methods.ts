import { isStorableText, locales, translate, type ItemTypeName, type Locale, type Localized } from '@vinculo/shared';
import { inTransaction, type Context } from '../../context.ts';
import { AppError } from '../../http/app-error.ts';
import { requireSettingsAccess } from '../access/settings.policy.ts';
import { catalogFor, itemTypeNames, loadTypes } from '../catalog/catalog.ts';
import { addOption, createField, deleteField, deleteOption, getField, listFields, updateField, updateOption, type FieldChanges, type FieldDto, type FieldInput } from '../custom-fields/custom-field.service.ts';
import { bitrixDateTime, type BitrixAnswer } from './bitrix-envelope.ts';
import { accessDenied, BitrixError, invalidArgument, notFound } from './bitrix-errors.ts';
import type { BitrixCall, MethodTable } from './bitrix-methods.ts';
import { intParam, objectParam, param, type Params } from './bitrix-params.ts';
import { asList, parseBitrixDate, parseBitrixDateTime, parseFlag } from './bitrix-values.ts';
import { idOf } from './crm-entity-methods.ts';
import { describeFields, filtered, intField, ordered, pageOf, withFieldNames, yesNo, type FieldSpec } from './dictionary-support.ts';

/**
 * `crm.lead|deal|contact|company.userfield.add|get|list|update|delete` and the `crm.userfield.*` helpers (spec §10)
 * over the custom-fields service, with the webhook user's context: reading is for everyone, changing for those who
 * may change settings. A field's stored name is its Bitrix24 name (`UF_CRM_MANAGER_NOTE`), the one `crm.deal.*` reads
 * and writes; its id is the custom field's id. Vínculo keeps one label per language (English, Portuguese: Bitrix24's
 * `en` and `br`), so the five Bitrix24 labels are one; XML_ID, ERROR_MESSAGE and HELP_MESSAGE are not kept, and
 * SHOW_FILTER, EDIT_IN_LIST and IS_SEARCHABLE are answered but not set here.
 */

const text = (en: string, pt: string): Localized => ({ en, 'pt-BR': pt });

/** Bitrix24's USER_TYPE_ID → the custom field type it becomes. Other Bitrix24 types are refused. */
const userTypes: Record<string, { ours: string; title: Localized }> = {
  string: { ours: 'string', title: text('String', 'Texto') },
  integer: { ours: 'integer', title: text('Integer', 'Número inteiro') },
  double: { ours: 'number', title: text('Number', 'Número') },
  boolean: { ours: 'boolean', title: text('Yes/No', 'Sim/Não') },
  date: { ours: 'date', title: text('Date', 'Data') },
  datetime: { ours: 'datetime', title: text('Date/Time', 'Data/hora') },
  money: { ours: 'money', title: text('Money', 'Dinheiro') },
  url: { ours: 'url', title: text('Link', 'Link') },
  address: { ours: 'address', title: text('Address', 'Endereço') },
  enumeration: { ours: 'enumeration', title: text('List', 'Lista') },
  file: { ours: 'file', title: text('File', 'Arquivo') },
  employee: { ours: 'user', title: text('Binding to User', 'Vínculo com usuário') },
  crm: { ours: 'item', title: text('Binding to CRM Entities', 'Vínculo com itens do CRM') },
};

/** A multi-line text (Bitrix24: a string with ROWS above 1) answers as a string of 5 rows. */
const bitrixTypeOf = (ours: string) => (ours === 'text' ? 'string' : Object.keys(userTypes).find((id) => userTypes[id].ours === ours)!);

/** The types whose SETTINGS.DEFAULT_VALUE is kept (an enumeration's default is its LIST's DEF). */
const defaultable = new Set(['string', 'text', 'url', 'address', 'integer', 'number', 'boolean', 'date', 'datetime', 'money']);

const crmBindings: Array<[key: string, type: ItemTypeName, title: Localized]> = [
  ['LEAD', 'lead', text('Binding to leads', 'Vínculo com leads')],
  ['CONTACT', 'contact', text('Binding to contacts', 'Vínculo com contatos')],
  ['COMPANY', 'company', text('Binding to companies', 'Vínculo com empresas')],
  ['DEAL', 'deal', text('Binding to deals', 'Vínculo com negócios')],
];

/** The service's field names as Bitrix24 calls them, for its validation errors. */
const fieldNames = {
  name: 'FIELD_NAME',
  labelEn: 'LABEL',
  labelPt: 'LABEL',
  required: 'MANDATORY',
  multiple: 'MULTIPLE',
  showInList: 'SHOW_IN_LIST',
  sort: 'SORT',
  defaultValue: 'SETTINGS.DEFAULT_VALUE',
  settings: 'SETTINGS',
  'settings.itemType': 'SETTINGS',
  options: 'LIST',
};

const coreError = (description: string) => new BitrixError(400, 'ERROR_CORE', description);

/** Bitrix24's longest name, `UF_CRM_` and 43 more: the native API and the settings screen take the same. */
const maxFieldNameLength = 50;

/** FIELD_NAME as Bitrix24 stores it: upper case, always `UF_CRM_…` (`note` and `UF_NOTE` are `UF_CRM_NOTE`). */
function userFieldName(raw: unknown): string {
  if (raw === undefined || raw === null || (typeof raw === 'string' && raw.trim() === '')) throw invalidArgument("The 'FIELD_NAME' field is not found.");
  const given = typeof raw === 'object' ? '' : String(raw).trim().toUpperCase();
  const name = given.startsWith('UF_CRM_') ? given : given.startsWith('UF_') ? `UF_CRM_${given.slice(3)}` : `UF_CRM_${given}`;
  if (!/^UF_CRM_[A-Z0-9_]+$/.test(name)) throw coreError('Field name contains invalid characters. Allowed characters are: A-Z, 0-9, and _.');
  if (name.length > maxFieldNameLength) throw coreError(`Field name is too long (more than ${maxFieldNameLength} characters).`);
  return name;
}

function userTypeOf(raw: unknown): string {
  if (raw === undefined || raw === null || raw === '') throw invalidArgument("The 'USER_TYPE_ID' field is not found.");
  const found = typeof raw === 'string' ? userTypes[raw.trim().toLowerCase()] : undefined;
  if (!found) throw coreError('Invalid custom type specified.');
  return found.ours;
}

/** A Y/N field (also 1/0, true/false). */
function flagOf(fields: Params, name: string): boolean | undefined {
  const raw = param(fields, name);
  if (raw === undefined || raw === null || raw === '') return undefined;
  const flag = parseFlag(raw);
  if (flag === undefined) throw invalidArgument(`The field ${name} must be Y or N`);
  return flag;
}

// The Bitrix24 language ids of each language Vínculo keeps a label in.
const languageIds: Record<Locale, string[]> = { en: ['en'], 'pt-BR': ['br', 'pt', 'pt-br', 'pt_br'] };
const labelKeys = ['EDIT_FORM_LABEL', 'LIST_COLUMN_LABEL', 'LIST_FILTER_LABEL', 'LABEL'];

/**
 * The labels a client gave, per language: the first of EDIT_FORM_LABEL, LIST_COLUMN_LABEL, LIST_FILTER_LABEL and LABEL
 * that names it (a text names every language, a `{lang: text}` map those it lists); `any` is the first label at all.
 */
function labelsOf(ctx: Context, fields: Params): Partial<Record<Locale | 'any', string>> {
  const found: Partial<Record<Locale | 'any', string>> = {};
  for (const key of labelKeys) {
    const raw = param(fields, key);
    if (raw === undefined || raw === null) continue;
    const entries = typeof raw === 'object' ? Object.entries(raw as Params) : [['*', raw] as [string, unknown]];
    for (const [language, value] of entries) {
      const label = checkedText(ctx, value, key, 255);
      if (label === undefined) continue;
      found.any ??= label;
      for (const locale of locales) if (language === '*' || languageIds[locale].includes(language.toLowerCase())) found[locale] ??= label;
    }
  }
  return found;
}

/** A text value, trimmed (undefined when empty), refused when not text, too long or unstorable. */
function checkedText(ctx: Context, raw: unknown, name: string, max: number): string | undefined {
  if (raw === undefined || raw === null) return undefined;
  if (typeof raw === 'object') throw invalidArgument(`${name} ${translate(ctx.locale, 'rule.type')}`);
  const value = String(raw).trim();
  if (value.length > max) throw invalidArgument(`${name} ${translate(ctx.locale, 'rule.maxLength', { max })}`);
  if (!isStorableText(value)) throw invalidArgument(`${name} ${translate(ctx.locale, 'rule.format')}`);
  return value === '' ? undefined : value;
}

/** SETTINGS.DEFAULT_VALUE in the service's form; what cannot be read goes as it came, for the service to refuse by name. */
function defaultFromBitrix(kind: string, raw: unknown): unknown {
  if (kind === 'date' || kind === 'datetime') {
    const given = raw && typeof raw === 'object' ? (raw as Params) : { VALUE: raw, TYPE: raw === '' || raw === null ? 'NONE' : 'FIXED' };
    const how = String(param(given, 'TYPE') ?? 'FIXED').toUpperCase();
    const value = param(given, 'VALUE');
    if (how === 'NOW') throw invalidArgument('SETTINGS.DEFAULT_VALUE: TYPE NOW is not supported; send TYPE FIXED with a VALUE');
    if (how === 'NONE' || value === undefined || value === null || value === '') return null;
    return (kind === 'date' ? parseBitrixDate(String(value)) : parseBitrixDateTime(String(value))) ?? value;
  }
  if (raw === null || raw === '') return null;
  if (typeof raw === 'object') return raw;
  const value = String(raw).trim();
  switch (kind) {
    case 'boolean':
      return value !== '' && Number.isFinite(Number(value)) ? Number(value) >= 1 : (parseFlag(raw) ?? raw);
    case 'integer':
    case 'number':
      return value !== '' && Number.isFinite(Number(value)) ? Number(value) : raw;
    case 'money': {
      const [amount, currency] = value.split('|');
      return currency ? { amount, currency: currency.toUpperCase() } : raw;
    }
    default:
      return String(raw);
  }
}

/** The field's SETTINGS as Bitrix24 shows them; a type without any is PHP's empty array. */
function settingsOf(field: FieldDto): unknown {
  const value = field.defaultValue;
  const none = value === null || value === undefined;
  switch (field.type) {
    case 'string':
      return { ROWS: 1, MAX_LENGTH: field.settings.maxLength ?? 255, DEFAULT_VALUE: none ? '' : String(value) };
    case 'text':
      return { ROWS: 5, MAX_LENGTH: 65535, DEFAULT_VALUE: none ? '' : String(value) };
    case 'boolean':
      return { DEFAULT_VALUE: value === true ? 1 : 0 };
    case 'date':
    case 'datetime':
      if (none) return { DEFAULT_VALUE: { VALUE: '', TYPE: 'NONE' } };
      return { DEFAULT_VALUE: { VALUE: field.type === 'date' ? String(value) : bitrixDateTime(new Date(String(value))), TYPE: 'FIXED' } };
    case 'money':
      return { DEFAULT_VALUE: none ? '' : `${(value as { amount: string }).amount}|${(value as { currency: string }).currency}` };
    case 'item':
      return Object.fromEntries(crmBindings.map(([key, type]) => [key, yesNo(field.settings.itemType === type)]));
    default:
      return defaultable.has(field.type) ? { DEFAULT_VALUE: none ? '' : String(value) } : [];
  }
}

/** The one item type a `crm` field binds (LEAD unless another is Y, as Bitrix24 does); several are refused. */
function bindingOf(settings: Params): ItemTypeName {
  const chosen = crmBindings.filter(([key]) => parseFlag(param(settings, key)) === true).map(([, type]) => type);
  if (chosen.length > 1) throw invalidArgument('SETTINGS: a crm field binds one item type (one of LEAD, CONTACT, COMPANY, DEAL set to Y)');
  return chosen[0] ?? 'lead';
}

/** The maximum length of a string from SETTINGS.MAX_LENGTH (0 or absent: the default). */
function maxLengthOf(settings: Params): number | undefined {
  const max = intField(settings, 'MAX_LENGTH');
  if (max !== undefined && max > 65535) throw invalidArgument('The field SETTINGS.MAX_LENGTH must be a whole number from 0 to 65535');
  return max || undefined;
}

interface ListEntry {
  id?: number;
  value?: string;
  sort?: number;
  isDefault?: boolean;
  isDeleted: boolean;
}

/** LIST as entries; those that are not objects are ignored, as Bitrix24 ignores entries without a VALUE. */
function listOf(ctx: Context, raw: unknown): ListEntry[] {
  const entries = asList(raw).filter((entry): entry is Params => entry !== null && typeof entry === 'object');
  if (entries.length > 1000) throw invalidArgument('LIST has more than 1000 elements');
  return entries.map((entry) => ({
    id: intParam(entry, 'ID'),
    value: checkedText(ctx, param(entry, 'VALUE'), 'LIST.VALUE', 255),
    sort: intField(entry, 'SORT'),
    isDefault: flagOf(entry, 'DEF'),
    isDeleted: flagOf(entry, 'DEL') === true,
  }));
}

const entityIdOf = (type: ItemTypeName) => `CRM_${type.toUpperCase()}`;

/** A field as a row of `userfield.get` (labels as `{en, br}` maps) or of `userfield.list` (labels in `language`). */
function present(ctx: Context, field: FieldDto, language?: Locale) {
  const label = (locale: Locale) => (locale === 'pt-BR' ? field.labelPt : field.labelEn);
  const labels = language ? label(language) : { en: field.labelEn, br: field.labelPt };
  const empty = language ? null : { en: '', br: '' };
  return {
    ID: String(idOfField(ctx, field.entityType, field.name)),
    ENTITY_ID: entityIdOf(field.entityType),
    FIELD_NAME: field.name,
    USER_TYPE_ID: bitrixTypeOf(field.type),
    XML_ID: null,
    SORT: String(field.sort),
    MULTIPLE: yesNo(field.multiple),
    MANDATORY: yesNo(field.required),
    // Read only: in Vínculo it also decides whether API lists may filter on the field, which Bitrix24 never restricts.
    SHOW_FILTER: yesNo(field.filterable),
    SHOW_IN_LIST: yesNo(field.showInList),
    EDIT_IN_LIST: 'Y',
    IS_SEARCHABLE: 'N',
    SETTINGS: settingsOf(field),
    EDIT_FORM_LABEL: labels,
    LIST_COLUMN_LABEL: labels,
    LIST_FILTER_LABEL: labels,
    ERROR_MESSAGE: empty,
    HELP_MESSAGE: empty,
    ...(field.options ? { LIST: field.options.map((o) => ({ ID: String(o.id), SORT: String(o.sort), VALUE: o.value, DEF: yesNo(o.isDefault), XML_ID: null })) } : {}),
  };
}

/** The id of a field the caller's catalogue holds. */
const idOfField = (ctx: Context, type: ItemTypeName, name: string) => ctx.catalog.full[type].fields.find((f) => f.bitrix === name)!.custom!.id;

/** The name of field `id` of `type`; a field of another type is Bitrix24's "Access denied", none at all "not found". */
function fieldNameById(ctx: Context, type: ItemTypeName, id: number): string {
  for (const name of itemTypeNames) {
    const field = ctx.catalog.full[name].fields.find((f) => f.custom?.id === id);
    if (field && name !== type) throw accessDenied();
    if (field) return field.bitrix;
  }
  throw notFound(`The entity with ID '${id}' is not found.`);
}

/** The caller's catalogue after a change of fields, so the next calls of the same request (a batch) see the change. */
async function refreshCatalog(ctx: Context): Promise<void> {
  ctx.catalog = catalogFor(await loadTypes(ctx.db, ctx.dialect), ctx.access);
}

/** Bitrix24's LANG of a list: `br`/`pt` Portuguese, `en` English; another language, the caller's. */
function languageOf(ctx: Context, raw: unknown): Locale {
  const id = String(raw ?? '').toLowerCase();
  return (locales.find((locale) => languageIds[locale].includes(id)) ?? ctx.locale) as Locale;
}

async function add({ caller, params }: BitrixCall, type: ItemTypeName): Promise<BitrixAnswer> {
  const ctx = caller.ctx;
  requireSettingsAccess(ctx);
  const fields = objectParam(params, 'fields');
  const name = userFieldName(param(fields, 'FIELD_NAME'));
  const userType = userTypeOf(param(fields, 'USER_TYPE_ID'));
  const settings = objectParam(fields, 'SETTINGS');
  const kind = userType === 'string' && (intField(settings, 'ROWS') ?? 1) > 1 ? 'text' : userType;
  const maxLength = maxLengthOf(settings);
  const multiple = flagOf(fields, 'MULTIPLE') ?? false;
  const labels = labelsOf(ctx, fields);
  const rawDefault = param(settings, 'DEFAULT_VALUE');
  // For a single-value list, the first element marked DEF is the default (Bitrix24's rule).
  const options = kind === 'enumeration' ? listOf(ctx, param(fields, 'LIST')).filter((entry) => entry.value !== undefined && !entry.isDeleted) : undefined;
  const firstDefault = options?.findIndex((entry) => entry.isDefault === true) ?? -1;
  const input: FieldInput = {
    name,
    type: kind,
    labelEn: labels.en ?? labels['pt-BR'] ?? labels.any ?? name,
    labelPt: labels['pt-BR'] ?? labels.en ?? labels.any ?? name,
    required: flagOf(fields, 'MANDATORY'),
    multiple,
    showInList: flagOf(fields, 'SHOW_IN_LIST'),
    sort: intField(fields, 'SORT'),
    ...(kind === 'string' && maxLength ? { settings: { maxLength } } : {}),
    ...(kind === 'item' ? { settings: { itemType: bindingOf(settings) } } : {}),
    ...(defaultable.has(kind) && rawDefault !== undefined ? { defaultValue: defaultFromBitrix(kind, rawDefault) } : {}),
    ...(options ? { options: options.map((entry, index) => ({ value: entry.value!, sort: entry.sort, isDefault: entry.isDefault === true && (multiple || index === firstDefault) })) } : {}),
  };
  const created = await withFieldNames(ctx, fieldNames, () => createField(ctx, type, input));
  await refreshCatalog(ctx);
  return { result: idOfField(ctx, type, created.name) };
}

/** What `fields` changes of a field, only what was given (labels per language: a language not named keeps its label). */
function changesOf(ctx: Context, field: FieldDto, fields: Params): FieldChanges {
  const labels = labelsOf(ctx, fields);
  const settings = objectParam(fields, 'SETTINGS');
  const rawDefault = param(settings, 'DEFAULT_VALUE');
  if (field.type === 'item' && crmBindings.some(([key]) => param(settings, key) !== undefined) && bindingOf(settings) !== field.settings.itemType) {
    throw invalidArgument('SETTINGS: the item type a crm field binds cannot be changed');
  }
  const changes: FieldChanges = {
    labelEn: labels.en,
    labelPt: labels['pt-BR'],
    required: flagOf(fields, 'MANDATORY'),
    showInList: flagOf(fields, 'SHOW_IN_LIST'),
    sort: intField(fields, 'SORT'),
    ...(field.type === 'string' && param(settings, 'MAX_LENGTH') !== undefined ? { settings: { maxLength: maxLengthOf(settings) ?? 255 } } : {}),
    ...(defaultable.has(field.type) && rawDefault !== undefined ? { defaultValue: defaultFromBitrix(field.type, rawDefault) } : {}),
  };
  return Object.fromEntries(Object.entries(changes).filter(([, value]) => value !== undefined));
}

const inUse = text(
  'The list element {value} is held by {count} item(s): give them another value before deleting it.',
  'O elemento {value} da lista está em {count} item(ns): dê a eles outro valor antes de excluí-lo.',
);

/**
 * LIST of an update: an element with an ID is renamed, moved or made default (or deleted with DEL=Y), one without is
 * added; elements not named stay. For a single-value field, an element made default stops the others being so.
 */
async function applyList(tx: Context, type: ItemTypeName, field: FieldDto, entries: ListEntry[]): Promise<void> {
  let current = field;
  let chosen: number | undefined;
  for (const entry of entries) {
    const options = current.options ?? [];
    if (entry.id !== undefined && entry.id > 0) {
      const option = options.find((o) => o.id === entry.id);
      if (!option) throw invalidArgument(`The list element with ID '${entry.id}' is not found.`);
      if (entry.isDeleted) {
        // The native API moves the items to another value; Bitrix24 has no way to name one, so they must move first.
        current = await deleteOption(tx, type, field.name, entry.id, undefined).catch((error: unknown) => {
          const usedBy = error instanceof AppError && error.code === 'CONFLICT' ? (error.details as { usedBy?: number }).usedBy : undefined;
          if (usedBy) throw invalidArgument(inUse[tx.locale].replace('{count}', String(usedBy)).replace('{value}', `'${option.value}'`));
          throw error;
        });
        continue;
      }
      const change = Object.fromEntries(Object.entries({ value: entry.value, sort: entry.sort, isDefault: entry.isDefault }).filter(([, v]) => v !== undefined));
      if (Object.keys(change).length > 0) current = await updateOption(tx, type, field.name, entry.id, change);
      if (entry.isDefault) chosen ??= entry.id;
    } else if (entry.value !== undefined && !entry.isDeleted) {
      const before = new Set(options.map((o) => o.id));
      current = await addOption(tx, type, field.name, { value: entry.value, sort: entry.sort, isDefault: entry.isDefault === true });
      if (entry.isDefault) chosen ??= current.options!.find((o) => !before.has(o.id))!.id;
    }
  }
  if (field.multiple || chosen === undefined) return;
  for (const option of current.options ?? []) if (option.isDefault && option.id !== chosen) await updateOption(tx, type, field.name, option.id, { isDefault: false });
}

async function update(call: BitrixCall, type: ItemTypeName): Promise<BitrixAnswer> {
  const ctx = call.caller.ctx;
  requireSettingsAccess(ctx);
  const name = fieldNameById(ctx, type, idOf(call));
  const fields = objectParam(call.params, 'fields');
  // One transaction: the field and its list elements change together or not at all.
  await withFieldNames(ctx, fieldNames, () =>
    inTransaction(ctx, async (tx) => {
      const field = await getField(tx, type, name);
      const changes = changesOf(tx, field, fields);
      if (Object.keys(changes).length > 0) await updateField(tx, type, name, changes);
      if (field.type === 'enumeration') await applyList(tx, type, field, listOf(tx, param(fields, 'LIST')));
    }),
  );
  await refreshCatalog(ctx);
  return { result: true };
}

/** The methods of one item type. */
function methodsOf(type: ItemTypeName): MethodTable {
  return {
    [`crm.${type}.userfield.add`]: { scope: 'crm', run: (call) => add(call, type) },
    [`crm.${type}.userfield.get`]: {
      scope: 'crm',
      run: async (call) => ({ result: present(call.caller.ctx, await getField(call.caller.ctx, type, fieldNameById(call.caller.ctx, type, idOf(call)))) }),
    },
    [`crm.${type}.userfield.list`]: {
      scope: 'crm',
      run: async ({ caller, params }) => {
        const { LANG: language, ...filter } = Object.fromEntries(Object.entries(objectParam(params, 'filter')).map(([key, value]) => [key.toUpperCase() === 'LANG' ? 'LANG' : key, value]));
        const rows = (await listFields(caller.ctx, type)).map((field) => present(caller.ctx, field, languageOf(caller.ctx, language)));
        return pageOf(ordered(filtered(rows, { ...params, filter }), params), params);
      },
    },
    [`crm.${type}.userfield.update`]: { scope: 'crm', run: (call) => update(call, type) },
    [`crm.${type}.userfield.delete`]: {
      scope: 'crm',
      run: async (call) => {
        const ctx = call.caller.ctx;
        requireSettingsAccess(ctx);
        const field = await getField(ctx, type, fieldNameById(ctx, type, idOf(call)));
        // Bitrix24 deletes a field with its values: the confirmation the native API asks for is given.
        await deleteField(ctx, type, field.name, true);
        await refreshCatalog(ctx);
        return { result: true };
      },
    },
  };
}

const describedOrEmpty = (ctx: Context, fields: Record<string, FieldSpec>) => {
  const described = describeFields(ctx, fields);
  return Object.keys(described).length === 0 ? [] : described;
};

const defaultTitle = text('Default value', 'Valor padrão');

/** SETTINGS each Bitrix24 type takes here. */
const settingsFields: Record<string, Record<string, FieldSpec>> = {
  string: {
    DEFAULT_VALUE: { type: 'string', title: defaultTitle },
    ROWS: { type: 'int', title: text('Rows (above 1: a multi-line text, set on add)', 'Linhas (acima de 1: texto de várias linhas, definido ao criar)'), isImmutable: true },
    MAX_LENGTH: { type: 'int', title: text('Maximum length', 'Tamanho máximo') },
  },
  integer: { DEFAULT_VALUE: { type: 'int', title: defaultTitle } },
  double: { DEFAULT_VALUE: { type: 'double', title: defaultTitle } },
  boolean: { DEFAULT_VALUE: { type: 'int', title: defaultTitle } },
  date: { DEFAULT_VALUE: { type: 'object', title: defaultTitle } },
  datetime: { DEFAULT_VALUE: { type: 'object', title: defaultTitle } },
  money: { DEFAULT_VALUE: { type: 'string', title: defaultTitle } },
  url: { DEFAULT_VALUE: { type: 'string', title: defaultTitle } },
  address: { DEFAULT_VALUE: { type: 'string', title: defaultTitle } },
  crm: Object.fromEntries(crmBindings.map(([key, , title]) => [key, { type: 'char', title, isImmutable: true }])),
};

const labelTitle = (en: string, pt: string, isReadOnly = false): FieldSpec => ({ type: 'string', title: text(en, pt), isReadOnly });

export const userfieldMethods: MethodTable = {
  ...Object.assign({}, ...itemTypeNames.map(methodsOf)),
  'crm.userfield.types': {
    scope: 'crm',
    run: async ({ caller }) => ({ result: Object.entries(userTypes).map(([id, type]) => ({ ID: id, title: type.title[caller.ctx.locale] })) }),
  },
  'crm.userfield.fields': {
    scope: 'crm',
    run: async ({ caller }) => {
      const described = describeFields(caller.ctx, {
        ID: { type: 'int', title: text('ID', 'ID'), isReadOnly: true },
        ENTITY_ID: { type: 'string', title: text('Object', 'Objeto'), isImmutable: true },
        FIELD_NAME: { type: 'string', title: text('Code', 'Código'), isImmutable: true },
        USER_TYPE_ID: { type: 'string', title: text('Data type', 'Tipo de dado'), isImmutable: true },
        XML_ID: labelTitle('External ID (XML ID), not kept', 'ID externo (XML ID), não guardado', true),
        SORT: { type: 'int', title: text('Sorting', 'Ordem') },
        MULTIPLE: { type: 'char', title: text('Multiple', 'Múltiplo'), isImmutable: true },
        MANDATORY: { type: 'char', title: text('Mandatory', 'Obrigatório') },
        SHOW_FILTER: { type: 'char', title: text('Filterable (changed in settings)', 'Filtrável (alterado nas configurações)'), isReadOnly: true },
        SHOW_IN_LIST: { type: 'char', title: text('Show in list', 'Mostrar na lista') },
        EDIT_IN_LIST: { type: 'char', title: text('Allow user editing', 'Permitir edição pelo usuário'), isReadOnly: true },
        IS_SEARCHABLE: { type: 'char', title: text('Field values are searchable', 'Valores pesquisáveis'), isReadOnly: true },
        EDIT_FORM_LABEL: labelTitle('Label in edit form', 'Rótulo no formulário'),
        LIST_COLUMN_LABEL: labelTitle('Header in list', 'Cabeçalho na lista'),
        LIST_FILTER_LABEL: labelTitle('Filter label in list', 'Rótulo no filtro da lista'),
        ERROR_MESSAGE: labelTitle('Error message, not kept', 'Mensagem de erro, não guardada', true),
        HELP_MESSAGE: labelTitle('Help, not kept', 'Ajuda, não guardada', true),
        LIST: { type: 'uf_enum_element', title: text('List elements', 'Elementos da lista') },
        SETTINGS: { type: 'object', title: text('Additional settings (dependent on type)', 'Configurações adicionais (conforme o tipo)') },
      });
      return { result: { ...described, LIST: { ...(described.LIST as object), isMultiple: true } } };
    },
  },
  'crm.userfield.settings.fields': {
    scope: 'crm',
    run: async ({ caller, params }) => {
      const type = param(params, 'type');
      if (type === undefined || type === null || type === '') throw invalidArgument("Parameter 'type' is not specified or empty.");
      if (typeof type !== 'string' || !userTypes[type.trim().toLowerCase()]) throw coreError('Invalid custom type specified.');
      return { result: describedOrEmpty(caller.ctx, settingsFields[type.trim().toLowerCase()] ?? {}) };
    },
  },
  'crm.userfield.enumeration.fields': {
    scope: 'crm',
    run: async ({ caller }) => ({
      result: describeFields(caller.ctx, {
        ID: { type: 'int', title: text('ID', 'ID'), isReadOnly: true },
        SORT: { type: 'int', title: text('Sorting', 'Ordem') },
        VALUE: { type: 'string', title: text('Value', 'Valor') },
        DEF: { type: 'string', title: text('Default value', 'Valor padrão') },
        DEL: { type: 'string', title: text('Element deletion flag', 'Marca de exclusão do elemento') },
        XML_ID: labelTitle('External ID (XML ID), not kept', 'ID externo (XML ID), não guardado', true),
      }),
    }),
  },
};
