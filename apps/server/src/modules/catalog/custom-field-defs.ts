import type { FieldDef, FieldType, ItemTypeName } from '@vinculo/shared';
import type { EnumRow, FieldRow } from '../custom-fields/custom-field.repository.ts';

/** Custom fields (UF_CRM_…) as field definitions: the rows of `custom_fields` in the engine's terms. */

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

/** Custom string fields keep a folded key column beside their own (`uf_crm_code_key`), for sorting and matching. */
export const hasKeyColumn = (type: string, multiple: boolean) => type === 'string' && !multiple;

/** The columns a custom field adds to its item table: its own, plus a money field's currency or a string's key. */
export function columnsOfField(columnName: string, type: string, multiple: boolean): string[] {
  if (multiple) return [];
  return [columnName, ...(type === 'money' ? [`${columnName}_currency`] : []), ...(hasKeyColumn(type, multiple) ? [`${columnName}_key`] : [])];
}

export interface FieldSettings {
  maxLength?: number;
  itemType?: ItemTypeName;
}

export function toFieldDef(row: FieldRow, enumValues: EnumRow[]): FieldDef {
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
    ...(hasKeyColumn(row.type, multiple) ? { keyColumn: `${row.column_name}_key` } : {}),
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
