import type { ItemTypeDef, ItemTypeName } from '@vinculo/shared';
import { inTransaction, systemContext, type Context } from '../../context.ts';
import { changedValues, recordAudit } from '../audit/audit.service.ts';
import { AppError, conflict, invalid, notFound } from '../../http/app-error.ts';
import { zodErrorIssues } from '../../http/error-handler.ts';
import { buildTypes } from '../catalog/catalog.ts';
import { columnNullability } from '../catalog/catalog.repository.ts';
import { apiName, columnsOfField, hasKeyColumn, multipleCapable, type FieldSettings } from '../catalog/custom-field-defs.ts';
import { bulkUpdate, type Selection } from '../items/bulk-writer.ts';
import { countMatching, itemsQuery, unscopedReader } from '../items/item-reader.ts';
import { itemSchemas } from '../items/item.schemas.ts';
import { requireSettingsAccess } from '../access/settings.policy.ts';
import * as repository from './custom-field.repository.ts';
import type { ColumnKind, FieldRow } from './custom-field.repository.ts';
import type { Db, DialectName } from '../../db/types.ts';

/**
 * Custom fields: metadata rows plus real columns on the item table (an index when the field is filterable or
 * sortable), or rows in `custom_field_values` for multiple fields. Every change bumps the metadata version, so
 * every process reloads the fields on its next request (see field-registry.ts).
 */

export interface FieldInput {
  name?: string;
  type: string;
  labelEn: string;
  labelPt: string;
  required?: boolean;
  multiple?: boolean;
  showInList?: boolean;
  filterable?: boolean;
  sortable?: boolean;
  defaultValue?: unknown;
  settings?: FieldSettings;
  options?: Array<{ value: string; sort?: number; isDefault?: boolean }>;
  sort?: number;
}

export type FieldChanges = Partial<Omit<FieldInput, 'name' | 'type' | 'multiple' | 'options'>>;

export interface FieldDto {
  name: string;
  apiName: string;
  entityType: ItemTypeName;
  type: string;
  label: string;
  labelEn: string;
  labelPt: string;
  required: boolean;
  multiple: boolean;
  showInList: boolean;
  filterable: boolean;
  sortable: boolean;
  defaultValue: unknown;
  settings: FieldSettings;
  sort: number;
  options?: Array<{ id: number; value: string; sort: number; isDefault: boolean }>;
}

/** The custom fields of a type the caller may see (a field their roles hide is not theirs to know of). */
export async function listFields(ctx: Context, type: ItemTypeName): Promise<FieldDto[]> {
  const rows = (await repository.allFields(ctx.db)).filter((row) => row.entity_type === type && isVisible(ctx, type, row.name));
  return Promise.all(rows.map((row) => present(ctx, row)));
}

export async function getField(ctx: Context, type: ItemTypeName, name: string): Promise<FieldDto> {
  const row = await repository.findField(ctx.db, type, name);
  if (!row || !isVisible(ctx, type, row.name)) throw notFound();
  return present(ctx, row);
}

const isVisible = (ctx: Context, type: ItemTypeName, name: string) => ctx.catalog.visible[type].fields.some((f) => f.bitrix === name);

/** Column kinds by field type; a custom money field has a second column for its currency. */
const columnKinds: Record<string, ColumnKind> = {
  string: 'text',
  text: 'text',
  url: 'text',
  address: 'text',
  integer: 'integer',
  number: 'real',
  money: 'bigint',
  boolean: 'flag',
  date: 'date',
  datetime: 'datetime',
  enumeration: 'integer',
  user: 'integer',
  item: 'integer',
  file: 'integer',
};

export async function createField(ctx: Context, typeName: ItemTypeName, input: FieldInput): Promise<FieldDto> {
  requireSettingsAccess(ctx);
  const type = ctx.catalog.full[typeName];
  const multiple = input.multiple === true;
  const issues: Array<{ field: string; rule: string }> = [];
  if (multiple && !multipleCapable.has(input.type)) issues.push({ field: 'multiple', rule: 'notMultiple' });
  if (input.type === 'item' && !input.settings?.itemType) issues.push({ field: 'settings.itemType', rule: 'required' });
  if (input.type !== 'enumeration' && input.options) issues.push({ field: 'options', rule: 'notEnumeration' });
  if (input.type === 'enumeration' && input.defaultValue !== undefined) issues.push({ field: 'defaultValue', rule: 'useIsDefault' });
  if (issues.length > 0) throw invalid(issues);

  return inTransaction(ctx, async (tx) => {
    const taken = await takenNames(tx, type);
    const name = input.name ?? freeName(taken, input.labelEn, input.type, multiple);
    if (isTaken(taken, name, input.type, multiple)) throw invalid([{ field: 'name', rule: 'taken' }]);
    const column = multiple ? null : name.toLowerCase();
    const added = columnsOfField(name.toLowerCase(), input.type, multiple);
    await checkColumnRoom(tx, type, added.length);
    const row: Omit<FieldRow, 'id'> = {
      entity_type: type.name,
      name,
      column_name: name.toLowerCase(),
      type: input.type,
      label_en: input.labelEn,
      label_pt: input.labelPt,
      is_required: input.required ? 1 : 0,
      is_multiple: multiple ? 1 : 0,
      show_in_list: input.showInList === false ? 0 : 1,
      is_filterable: input.filterable === false ? 0 : 1,
      is_sortable: input.sortable === false || multiple ? 0 : 1,
      default_value: input.defaultValue == null ? null : JSON.stringify(input.defaultValue),
      settings: JSON.stringify(input.settings ?? {}),
      sort: input.sort ?? 100,
      created_at: tx.now().toISOString(),
    };
    const id = await repository.insertField(tx.db, row);
    for (const [index, option] of (input.options ?? []).entries()) {
      await repository.insertEnumValue(tx.db, { field_id: id, value: option.value, sort: option.sort ?? (index + 1) * 10, is_default: option.isDefault ? 1 : 0 });
    }
    if (column) await addFieldColumns(tx.db, tx.dialect, type.table, row);
    await checkDefault(tx, type, name);
    await repository.bumpFieldsVersion(tx.db);
    const created = await present(tx, { ...row, id });
    await auditField(tx, 'created', type, row, changedValues(null, { ...created }, auditedKeys));
    return created;
  });
}

/**
 * The columns of a single-value field on its item table (a money field's currency, a string's folded key) and, when it
 * is filterable or sortable, their index. Also used by `vinculo restore` to give a restored field its columns.
 */
export async function addFieldColumns(db: Db, dialect: DialectName, table: string, row: Pick<FieldRow, 'column_name' | 'type' | 'is_multiple' | 'is_filterable' | 'is_sortable'>): Promise<void> {
  const column = row.column_name;
  await repository.addColumn(db, dialect, table, column, columnKinds[row.type]);
  if (row.type === 'money') await repository.addColumn(db, dialect, table, `${column}_currency`, 'text');
  if (hasKeyColumn(row.type, Number(row.is_multiple) === 1)) await repository.addColumn(db, dialect, table, `${column}_key`, 'key');
  if (Number(row.is_filterable) === 1 || Number(row.is_sortable) === 1) await repository.createColumnIndex(db, dialect, table, indexedColumn(row));
}

/** The column lists filter and sort on: a string's folded key, any other field's own column. */
const indexedColumn = (row: Pick<FieldRow, 'column_name' | 'type' | 'is_multiple'>) => (hasKeyColumn(row.type, Number(row.is_multiple) === 1) ? `${row.column_name}_key` : row.column_name);

interface TakenNames {
  apiNames: Set<string>;
  columns: Set<string>;
}

/** What a new field must not reuse: the API names of the type's fields, and every column of its table (the database's word). */
async function takenNames(ctx: Context, type: ItemTypeDef): Promise<TakenNames> {
  const columns = (await columnNullability(ctx.db, ctx.dialect, [type.table])).get(type.table)!;
  return { apiNames: new Set(type.fields.map((f) => f.name)), columns: new Set(columns.keys()) };
}

/** UF_CRM_A_1 and UF_CRM_A1 are both ufCrmA1; UF_CRM_FEE_CURRENCY is the currency column of a money field UF_CRM_FEE. */
const isTaken = (taken: TakenNames, name: string, type: string, multiple: boolean) =>
  taken.apiNames.has(apiName(name)) || columnsOfField(name.toLowerCase(), type, multiple).some((column) => taken.columns.has(column));

/**
 * Refuses a field the table has no room for, with a clear 409 instead of the database's error. PostgreSQL counts
 * the columns dropped from a table against its 1,600 for good; SQLite allows 2,000.
 */
async function checkColumnRoom(ctx: Context, type: ItemTypeDef, needed: number): Promise<void> {
  if (needed === 0) return;
  const limit = ctx.dialect === 'postgres' ? 1600 : 2000;
  const used = await repository.columnSlotsUsed(ctx.db, ctx.dialect, type.table);
  if (used + needed > limit) throw conflict(ctx, 'customField.tooManyColumns', { reason: 'tooManyColumns', used, limit }, { limit });
}

export async function updateField(ctx: Context, typeName: ItemTypeName, name: string, changes: FieldChanges): Promise<FieldDto> {
  requireSettingsAccess(ctx);
  const type = ctx.catalog.full[typeName];
  return inTransaction(ctx, async (tx) => {
    const row = await repository.findField(tx.db, type.name, name);
    if (!row) throw notFound();
    if (row.type === 'enumeration' && changes.defaultValue !== undefined) throw invalid([{ field: 'defaultValue', rule: 'useIsDefault' }]);
    const values: Partial<FieldRow> = {};
    if (changes.labelEn !== undefined) values.label_en = changes.labelEn;
    if (changes.labelPt !== undefined) values.label_pt = changes.labelPt;
    if (changes.required !== undefined) values.is_required = changes.required ? 1 : 0;
    if (changes.showInList !== undefined) values.show_in_list = changes.showInList ? 1 : 0;
    if (changes.filterable !== undefined) values.is_filterable = changes.filterable ? 1 : 0;
    if (changes.sortable !== undefined) values.is_sortable = changes.sortable && Number(row.is_multiple) === 0 ? 1 : 0;
    if (changes.defaultValue !== undefined) values.default_value = changes.defaultValue === null ? null : JSON.stringify(changes.defaultValue);
    if (changes.settings !== undefined) values.settings = JSON.stringify({ ...JSON.parse(row.settings), maxLength: changes.settings.maxLength });
    if (changes.sort !== undefined) values.sort = changes.sort;
    const next = { ...row, ...values };
    const before = await present(tx, row);
    await repository.updateField(tx.db, row.id, values);
    if (Number(row.is_multiple) === 0) {
      const indexed = Number(next.is_filterable) === 1 || Number(next.is_sortable) === 1;
      if (indexed) await repository.createColumnIndex(tx.db, tx.dialect, type.table, indexedColumn(row));
      else await repository.dropColumnIndex(tx.db, type.table, indexedColumn(row));
    }
    await checkDefault(tx, type, name);
    await repository.bumpFieldsVersion(tx.db);
    const after = await present(tx, next);
    const changed = changedValues({ ...before }, { ...after }, auditedKeys);
    if (Object.keys(changed).length > 0) await auditField(tx, 'updated', type, next, changed);
    return after;
  });
}

/**
 * Deletes a field and its data. When items hold values, the caller must confirm (`confirm`), or the answer is a
 * 409 that says how many items would lose their value.
 */
export async function deleteField(ctx: Context, typeName: ItemTypeName, name: string, confirm: boolean): Promise<void> {
  requireSettingsAccess(ctx);
  const type = ctx.catalog.full[typeName];
  await inTransaction(ctx, async (tx) => {
    const row = await repository.findField(tx.db, type.name, name);
    if (!row) throw notFound();
    const multiple = Number(row.is_multiple) === 1;
    const count = await itemsHoldingValues(tx, typeName, row);
    if (count > 0 && !confirm) throw conflict(tx, 'customField.hasValues', { reason: 'confirmationRequired', count }, { count });
    await repository.deleteField(tx.db, row.id);
    if (!multiple) {
      await repository.dropColumnIndex(tx.db, type.table, indexedColumn(row));
      for (const column of columnsOfField(row.column_name, row.type, multiple)) await repository.dropColumn(tx.db, type.table, column);
    }
    await repository.bumpFieldsVersion(tx.db);
    await auditField(tx, 'deleted', type, row, {}, { type: row.type, itemsWithValues: count });
  });
}

/** How many items (live or binned, whoever may read them) would lose a value: items, not values; a flag counts when set. */
async function itemsHoldingValues(ctx: Context, typeName: ItemTypeName, row: FieldRow): Promise<number> {
  const reader = unscopedReader(ctx, 'deleting a field erases the values of every item, so the confirmation counts them all');
  const table = ctx.catalog.full[typeName].table;
  const holding = itemsQuery(reader, typeName, 'any').where((eb) =>
    Number(row.is_multiple) === 1
      ? eb(`${table}.id`, 'in', eb.selectFrom('custom_field_values').select('entity_id').where('field_id', '=', row.id))
      : row.type === 'boolean'
        ? eb(`${table}.${row.column_name}`, '=', 1)
        : eb(`${table}.${row.column_name}`, 'is not', null),
  );
  return countMatching(reader, holding);
}

export interface OptionInput {
  value: string;
  sort?: number;
  isDefault?: boolean;
}

export async function addOption(ctx: Context, typeName: ItemTypeName, name: string, input: OptionInput): Promise<FieldDto> {
  requireSettingsAccess(ctx);
  const type = ctx.catalog.full[typeName];
  return inTransaction(ctx, async (tx) => {
    const row = await enumerationField(tx, type, name);
    const existing = await repository.enumValuesOf(tx.db, row.id);
    const sort = input.sort ?? Math.max(0, ...existing.map((e) => Number(e.sort))) + 10;
    await repository.insertEnumValue(tx.db, { field_id: row.id, value: input.value, sort, is_default: input.isDefault ? 1 : 0 });
    await repository.bumpFieldsVersion(tx.db);
    await auditField(tx, 'optionAdded', type, row, { value: [null, input.value], sort: [null, sort], isDefault: [null, input.isDefault === true] });
    return present(tx, row);
  });
}

export async function updateOption(ctx: Context, typeName: ItemTypeName, name: string, optionId: number, input: Partial<OptionInput>): Promise<FieldDto> {
  requireSettingsAccess(ctx);
  const type = ctx.catalog.full[typeName];
  return inTransaction(ctx, async (tx) => {
    const row = await enumerationField(tx, type, name);
    const option = (await repository.enumValuesOf(tx.db, row.id)).find((e) => Number(e.id) === optionId);
    if (!option) throw notFound();
    await repository.updateEnumValue(tx.db, optionId, {
      ...(input.value !== undefined ? { value: input.value } : {}),
      ...(input.sort !== undefined ? { sort: input.sort } : {}),
      ...(input.isDefault !== undefined ? { is_default: input.isDefault ? 1 : 0 } : {}),
    });
    await repository.bumpFieldsVersion(tx.db);
    const was = { value: option.value, sort: Number(option.sort), isDefault: Number(option.is_default) === 1 };
    const changed = changedValues(was, { ...was, ...input });
    if (Object.keys(changed).length > 0) await auditField(tx, 'optionUpdated', type, row, changed, { optionId });
    return present(tx, row);
  });
}

/**
 * Deletes a value of an enumeration. Items that hold it need `replaceWith` (another value of the field), and
 * move to it in the same transaction, each with a version bump and a history event; without it the answer is
 * a 409 naming how many items use the value.
 */
export async function deleteOption(ctx: Context, typeName: ItemTypeName, name: string, optionId: number, replaceWith: number | undefined): Promise<FieldDto> {
  requireSettingsAccess(ctx);
  const type = ctx.catalog.full[typeName];
  return inTransaction(ctx, async (tx) => {
    const row = await enumerationField(tx, type, name);
    const options = await repository.enumValuesOf(tx.db, row.id);
    if (!options.some((e) => Number(e.id) === optionId)) throw notFound();
    if (replaceWith !== undefined && (replaceWith === optionId || !options.some((e) => Number(e.id) === replaceWith))) {
      throw invalid([{ field: 'replaceWith', rule: 'replacement' }]);
    }
    const holding = holdingOption(row, optionId);
    const reader = unscopedReader(tx, 'an enumeration value is deleted only once no item at all holds it');
    const usedBy = await countMatching(reader, itemsQuery(reader, typeName, 'any').where((eb) => holding(eb, type.table)));
    if (usedBy > 0 && replaceWith === undefined) throw conflict(tx, 'customField.optionInUse', { reason: 'inUse', usedBy }, { count: usedBy });
    if (usedBy > 0) {
      // The field's value, not the administrator's: every item that holds it moves, whoever may read it.
      const field = apiName(row.name);
      const replace = (value: unknown) => (Array.isArray(value) ? [...new Set(value.map((v) => (v === optionId ? replaceWith! : v)))] : replaceWith!);
      await bulkUpdate(systemContext(tx), { type: typeName, which: 'any', reach: 'everything', where: holding }, (item) => ({ [field]: replace(item[field]) }));
    }
    await repository.deleteEnumValue(tx.db, optionId);
    await repository.bumpFieldsVersion(tx.db);
    const deleted = options.find((e) => Number(e.id) === optionId)!;
    await auditField(tx, 'optionDeleted', type, row, { value: [deleted.value, null] }, { optionId, replaceWith: replaceWith ?? null, moved: usedBy });
    return present(tx, row);
  });
}

const auditedKeys = ['type', 'labelEn', 'labelPt', 'required', 'multiple', 'showInList', 'filterable', 'sortable', 'defaultValue', 'settings', 'sort', 'options'];

/** The audit entry of a change of a field or of its values (R11): `changes` as `{ key: [old, new] }`, and what else tells it. */
function auditField(tx: Context, what: string, type: ItemTypeDef, row: Pick<FieldRow, 'name' | 'label_en' | 'label_pt'>, changes: Record<string, [unknown, unknown]>, extra: Record<string, unknown> = {}) {
  return recordAudit(tx, {
    kind: `settings.customField.${what}`,
    target: { type: 'customField', id: `${type.name}.${row.name}` },
    details: { itemType: type.name, field: row.name, name: tx.locale === 'pt-BR' ? row.label_pt : row.label_en, ...extra, changes },
  });
}

/** The items whose enumeration field holds value `optionId`: its column, or a row of a multiple field. */
function holdingOption(row: FieldRow, optionId: number): Selection['where'] {
  return (eb, table) =>
    Number(row.is_multiple) === 1
      ? eb(`${table}.id`, 'in', eb.selectFrom('custom_field_values').select('entity_id').where('field_id', '=', row.id).where('value', '=', optionId))
      : eb(`${table}.${row.column_name}`, '=', optionId);
}

async function enumerationField(ctx: Context, type: ItemTypeDef, name: string): Promise<FieldRow> {
  const row = await repository.findField(ctx.db, type.name, name);
  if (!row || row.type !== 'enumeration') throw notFound();
  return row;
}

/** A default value must be a valid value of the field; checked with the same schema items are checked with. */
async function checkDefault(ctx: Context, type: ItemTypeDef, name: string): Promise<void> {
  const types = buildTypes(await repository.allFields(ctx.db), await repository.allEnumValues(ctx.db));
  const current = types[type.name];
  const field = current.fields.find((f) => f.bitrix === name)!;
  if (field.custom?.defaultValue == null) return;
  const result = itemSchemas(current).update.safeParse({ [field.name]: field.custom.defaultValue });
  if (!result.success) throw new AppError('VALIDATION_FAILED', zodErrorIssues(result.error, '').map((issue) => ({ ...issue, field: 'defaultValue' })));
}

/** UF_CRM_ plus the English label in capitals ("Project code" → UF_CRM_PROJECT_CODE), numbered when taken. */
function freeName(taken: TakenNames, label: string, type: string, multiple: boolean): string {
  const slug =
    label
      .normalize('NFD')
      .replace(/[\u0300-\u036f]/g, '')
      .toUpperCase()
      .replace(/[^A-Z0-9]+/g, '_')
      .replace(/^_+|_+$/g, '')
      .slice(0, 30) || 'FIELD';
  for (let n = 1; ; n++) {
    const name = `UF_CRM_${slug}${n === 1 ? '' : `_${n}`}`;
    if (!isTaken(taken, name, type, multiple)) return name;
  }
}

async function present(ctx: Context, row: FieldRow): Promise<FieldDto> {
  const options = row.type === 'enumeration' ? await repository.enumValuesOf(ctx.db, Number(row.id)) : undefined;
  return {
    name: row.name,
    apiName: apiName(row.name),
    entityType: row.entity_type as ItemTypeName,
    type: row.type,
    label: ctx.locale === 'pt-BR' ? row.label_pt : row.label_en,
    labelEn: row.label_en,
    labelPt: row.label_pt,
    required: Number(row.is_required) === 1,
    multiple: Number(row.is_multiple) === 1,
    showInList: Number(row.show_in_list) === 1,
    filterable: Number(row.is_filterable) === 1,
    sortable: Number(row.is_sortable) === 1,
    defaultValue: row.default_value === null ? null : JSON.parse(row.default_value),
    settings: JSON.parse(row.settings) as FieldSettings,
    sort: Number(row.sort),
    ...(options ? { options: options.map((e) => ({ id: Number(e.id), value: e.value, sort: Number(e.sort), isDefault: Number(e.is_default) === 1 })) } : {}),
  };
}

