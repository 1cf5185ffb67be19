import type { EnumOption, FieldDef, Locale, Localized } from '@vinculo/shared';
import { allowedOperators, type Operator } from '../items/filter.ts';

/** What the web app needs to draw and edit one field of a card, standard or custom. */
export interface FieldMetaDto {
  name: string;
  bitrix: string;
  type: string;
  /** In the caller's language. */
  label: string;
  labels: Localized;
  required: boolean;
  readOnly: boolean;
  /** Set on create only. */
  immutable: boolean;
  /** The value is an array: multi-value fields (phones…), links, multiple custom fields. */
  multiple: boolean;
  maxLength: number | null;
  /** Reference list id of a `reference` field (STATUS, SOURCE…). */
  list: string | null;
  itemType: string | null;
  multifieldKind: string | null;
  custom: boolean;
  /** The values of an enumeration. */
  options: EnumOption[] | null;
  /** Lists may filter on it, with these operators (empty when not filterable). */
  operators: Operator[];
  /** Lists may sort on it. */
  sortable: boolean;
  /** A custom field its creator wants in lists by default. */
  showInList: boolean;
}

export function presentField(field: FieldDef, locale: Locale): FieldMetaDto {
  return {
    name: field.name,
    bitrix: field.bitrix,
    type: field.type,
    label: field.label[locale],
    labels: { en: field.label.en, 'pt-BR': field.label['pt-BR'] },
    required: field.required === true,
    readOnly: field.readOnly === true,
    immutable: field.immutable === true,
    multiple: field.type === 'multifield' || field.type === 'links' || field.custom?.multiple === true,
    maxLength: field.maxLength ?? null,
    list: field.list ?? null,
    itemType: field.itemType ?? null,
    multifieldKind: field.multifieldKind ?? null,
    custom: field.custom !== undefined,
    options: field.custom?.options?.map((o) => ({ ...o })) ?? null,
    operators: field.custom && !field.custom.filterable ? [] : allowedOperators(field),
    sortable: field.column !== undefined && (!field.custom || field.custom.sortable),
    showInList: field.custom?.showInList === true,
  };
}
