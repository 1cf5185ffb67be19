import type { FieldMeta } from '../../../api/types';
import { multipleCapable, type CustomField, type CustomFieldType } from './field-api';

/** A value of an enumeration in the form: `key` is the option's id once it exists, a local key before. */
export interface DraftOption {
  key: string;
  value: string;
  isDefault: boolean;
}

/** What the field form holds: the API's shape, flattened for inputs. */
export interface FieldForm {
  type: CustomFieldType;
  itemType: string | null;
  labelPt: string;
  labelEn: string;
  name: string;
  required: boolean;
  multiple: boolean;
  showInList: boolean;
  filterable: boolean;
  sortable: boolean;
  maxLength: number | null;
  defaultValue: unknown;
  options: DraftOption[];
}

export function emptyForm(): FieldForm {
  return { type: 'string', itemType: null, labelPt: '', labelEn: '', name: '', required: false, multiple: false, showInList: true, filterable: true, sortable: true, maxLength: null, defaultValue: null, options: [] };
}

export function formFromField(field: CustomField): FieldForm {
  return {
    type: field.type,
    itemType: field.settings.itemType ?? null,
    labelPt: field.labelPt,
    labelEn: field.labelEn,
    name: field.name,
    required: field.required,
    multiple: field.multiple,
    showInList: field.showInList,
    filterable: field.filterable,
    sortable: field.sortable,
    maxLength: field.settings.maxLength ?? null,
    defaultValue: field.defaultValue,
    options: (field.options ?? []).map((option) => ({ key: String(option.id), value: option.value, isDefault: option.isDefault })),
  };
}

/** Enumerations mark their defaults on the values; a file has no default. */
export const takesDefaultValue = (type: string) => type !== 'enumeration' && type !== 'file';

const isBlank = (value: unknown) => value === null || value === undefined || value === '' || (Array.isArray(value) && value.length === 0);

/** The body of POST /custom-fields/{type}: only what applies to the chosen type. */
export function createBody(form: FieldForm): Record<string, unknown> {
  const multiple = multipleCapable.has(form.type) && form.multiple;
  const settings: Record<string, unknown> = {};
  if (form.type === 'string' && form.maxLength) settings.maxLength = form.maxLength;
  if (form.type === 'item' && form.itemType) settings.itemType = form.itemType;
  return {
    type: form.type,
    labelPt: form.labelPt.trim(),
    labelEn: form.labelEn.trim(),
    ...(form.name.trim() ? { name: form.name.trim() } : {}),
    required: form.required,
    multiple,
    showInList: form.showInList,
    filterable: form.filterable,
    sortable: form.sortable && !multiple,
    ...(takesDefaultValue(form.type) && !isBlank(form.defaultValue) ? { defaultValue: form.defaultValue } : {}),
    ...(Object.keys(settings).length > 0 || form.type === 'item' ? { settings } : {}),
    ...(form.type === 'enumeration' ? { options: form.options.map((option, index) => ({ value: option.value.trim(), sort: (index + 1) * 10, isDefault: option.isDefault })) } : {}),
  };
}

/** The body of PATCH /custom-fields/{type}/{name}: the type, multiplicity, link target and values are changed elsewhere or not at all. */
export function updateBody(form: FieldForm): Record<string, unknown> {
  return {
    labelPt: form.labelPt.trim(),
    labelEn: form.labelEn.trim(),
    required: form.required,
    showInList: form.showInList,
    filterable: form.filterable,
    sortable: form.sortable && !form.multiple,
    ...(takesDefaultValue(form.type) ? { defaultValue: isBlank(form.defaultValue) ? null : form.defaultValue } : {}),
    ...(form.type === 'string' ? { settings: { maxLength: form.maxLength ?? 255 } } : {}),
  };
}

/** The field as the shared inputs know fields, to edit the default value with the input items use. */
export function metaForDefault(form: FieldForm, label: string): FieldMeta {
  return {
    name: 'defaultValue',
    bitrix: form.name || 'UF_CRM_NEW',
    type: form.type,
    label,
    labels: { en: label, 'pt-BR': label },
    required: false,
    readOnly: false,
    immutable: false,
    multiple: multipleCapable.has(form.type) && form.multiple,
    maxLength: form.type === 'string' ? (form.maxLength ?? 255) : null,
    list: null,
    itemType: form.itemType,
    multifieldKind: null,
    custom: true,
    options: null,
    operators: [],
    sortable: false,
    showInList: false,
  };
}
