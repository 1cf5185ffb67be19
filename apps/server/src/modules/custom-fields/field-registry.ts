import { itemTypeList, type FieldDef, type FieldType, type ItemTypeDef, type ItemTypeName } from '@vinculo/shared';
import type { Db } from '../../db/types.ts';
import * as repository from './custom-field.repository.ts';
import type { EnumRow, FieldRow } from './custom-field.repository.ts';

/**
 * The item types as they are now: the standard fields of `@vinculo/shared` plus the custom fields stored in
 * the database. Each process keeps one copy per database and reloads it when the metadata version in
 * `app_settings` moves, which it checks once per request; so a field another process created is seen at once.
 */

export type ItemTypes = Record<ItemTypeName, ItemTypeDef>;

interface Loaded {
  version: string;
  types: ItemTypes;
}

const loaded = new WeakMap<object, Loaded>();

const standardTypes = Object.fromEntries(itemTypeList.map((type) => [type.name, type])) as ItemTypes;

/**
 * The current item types for `db` (the root connection, not a transaction: the cache is keyed by it).
 * `version` is the fields version when the caller has read it already (with the request's other versions).
 */
export async function currentTypes(db: Db, knownVersion?: string): Promise<ItemTypes> {
  const version = knownVersion ?? (await repository.fieldsVersion(db));
  const cached = loaded.get(db);
  if (cached?.version === version) return cached.types;
  const types = buildTypes(await repository.allFields(db), await repository.allEnumValues(db));
  loaded.set(db, { version, types });
  return types;
}

/** Builds the item types from custom field rows; exported for tests and for the CLI. */
export function buildTypes(fields: FieldRow[], enumValues: EnumRow[]): ItemTypes {
  const result = {} as ItemTypes;
  for (const type of itemTypeList) {
    const custom = fields.filter((f) => f.entity_type === type.name).map((row) => toFieldDef(row, enumValues));
    result[type.name] = custom.length === 0 ? standardTypes[type.name] : { ...type, fields: [...type.fields, ...custom] };
  }
  return result;
}

/** UF_CRM_PROJECT_CODE → ufCrmProjectCode, the form Bitrix24's crm.item API uses too. */
export function apiName(ufName: string): string {
  return ufName.toLowerCase().replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

/** The engine type of each custom field type. */
const engineTypes: Record<string, FieldType> = {
  string: 'string',
  text: 'text',
  integer: 'integer',
  number: 'number',
  money: 'money',
  boolean: 'boolean',
  date: 'date',
  datetime: 'datetime',
  enumeration: 'enumeration',
  user: 'user',
  item: 'item',
  url: 'url',
  address: 'address',
  file: 'file',
};

export const customFieldTypes = Object.keys(engineTypes);

/** Types whose values may be several (kept in `custom_field_values`, one id per row). */
export const multipleCapable = new Set(['enumeration', 'user', 'item', 'file']);

export interface FieldSettings {
  maxLength?: number;
  itemType?: ItemTypeName;
}

function toFieldDef(row: FieldRow, enumValues: EnumRow[]): FieldDef {
  const settings = JSON.parse(row.settings) as FieldSettings;
  const multiple = Number(row.is_multiple) === 1;
  const type = engineTypes[row.type];
  const options = enumValues
    .filter((e) => Number(e.field_id) === Number(row.id))
    .map((e) => ({ id: Number(e.id), value: e.value, sort: Number(e.sort), isDefault: Number(e.is_default) === 1 }));
  // An enumeration's default is the values marked isDefault; other types keep theirs as JSON.
  const defaults = options.filter((o) => o.isDefault).map((o) => o.id);
  const enumerationDefault = defaults.length === 0 ? null : multiple ? defaults : defaults[0];
  return {
    name: apiName(row.name),
    type,
    bitrix: row.name,
    label: { en: row.label_en, 'pt-BR': row.label_pt },
    ...(multiple ? {} : { column: row.column_name }),
    ...(type === 'money' ? { currencyColumn: `${row.column_name}_currency` } : {}),
    ...(Number(row.is_required) === 1 ? { required: true } : {}),
    ...(type === 'string' ? { maxLength: settings.maxLength ?? 255 } : {}),
    ...(type === 'text' || type === 'address' ? { maxLength: 65535 } : {}),
    ...(type === 'url' ? { maxLength: 2048 } : {}),
    ...(settings.itemType ? { itemType: settings.itemType } : {}),
    custom: {
      id: Number(row.id),
      multiple,
      showInList: Number(row.show_in_list) === 1,
      filterable: Number(row.is_filterable) === 1,
      sortable: Number(row.is_sortable) === 1 && !multiple,
      defaultValue: type === 'enumeration' ? enumerationDefault : row.default_value === null ? null : JSON.parse(row.default_value),
      ...(type === 'enumeration' ? { options } : {}),
    },
  };
}
