import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import { api } from '../../../api/client';
import { queryKeys } from '../../../api/hooks';
import type { EnumOption } from '../../../api/types';
import { listViewKey } from '../../items/list/useListSettings';

/** A custom field as /api/v1/custom-fields/{type} describes it (docs/api.md). */
export interface CustomField {
  name: string;
  apiName: string;
  entityType: string;
  type: CustomFieldType;
  label: string;
  labelEn: string;
  labelPt: string;
  required: boolean;
  multiple: boolean;
  showInList: boolean;
  filterable: boolean;
  sortable: boolean;
  defaultValue: unknown;
  settings: { maxLength?: number; itemType?: string };
  sort: number;
  options?: EnumOption[];
}

/** The 14 types of custom fields, in the order the form offers them. */
export const customFieldTypes = ['string', 'text', 'integer', 'number', 'money', 'boolean', 'date', 'datetime', 'enumeration', 'user', 'item', 'url', 'address', 'file'] as const;
export type CustomFieldType = (typeof customFieldTypes)[number];

/** Types whose values may be several. */
export const multipleCapable: ReadonlySet<string> = new Set(['enumeration', 'user', 'item', 'file']);

/** The item types a link field may point at (settings.itemType). */
export const linkableTypes = ['lead', 'contact', 'company', 'deal'] as const;

export const itemPlurals = ['leads', 'contacts', 'companies', 'deals'] as const;
export type ItemPlural = (typeof itemPlurals)[number];
export const isItemPlural = (value: string): value is ItemPlural => (itemPlurals as readonly string[]).includes(value);

export const customFieldsKey = (plural: string) => ['custom-fields', plural] as const;

export function useCustomFields(plural: string) {
  return useQuery({ queryKey: customFieldsKey(plural), queryFn: async () => (await api.get<{ items: CustomField[] }>(`/custom-fields/${plural}`)).items });
}

/**
 * After a field or its values change, everything drawn from the fields is read again: the types (list columns, the
 * filter bar, the inputs), the card layout, the user's list settings and the items (a deleted field's values, values
 * that moved to a replacement).
 */
export function useFieldsChanged(plural: string) {
  const client = useQueryClient();
  return useCallback(
    (options: { items?: boolean } = {}) => {
      void client.invalidateQueries({ queryKey: customFieldsKey(plural) });
      void client.invalidateQueries({ queryKey: queryKeys.types });
      void client.invalidateQueries({ queryKey: queryKeys.layout(plural) });
      void client.invalidateQueries({ queryKey: listViewKey(plural) });
      if (options.items) void client.invalidateQueries({ predicate: (query) => (query.queryKey[0] === 'items' || query.queryKey[0] === 'item') && query.queryKey[1] === plural });
    },
    [client, plural],
  );
}

/** Puts a field's new state in the list at once (an answer of the options routes), then reads everything again. */
export function useFieldUpdated(plural: string) {
  const client = useQueryClient();
  const changed = useFieldsChanged(plural);
  return useCallback(
    (field: CustomField, options?: { items?: boolean }) => {
      client.setQueryData<CustomField[]>(customFieldsKey(plural), (fields) => fields?.map((other) => (other.name === field.name ? field : other)));
      changed(options);
    },
    [client, plural, changed],
  );
}

export const fieldPath = (plural: string, name?: string) => `/custom-fields/${plural}${name ? `/${name}` : ''}`;
