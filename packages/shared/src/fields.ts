/** Field metadata: the one description of a field that validation, storage, lists, history and REST all read. */

export type Localized = { en: string; 'pt-BR': string };

export type FieldType =
  | 'string'
  | 'text'
  | 'integer'
  | 'money'
  | 'boolean'
  | 'date'
  | 'datetime'
  | 'reference'
  | 'currency'
  | 'user'
  | 'item'
  | 'multifield'
  | 'links'
  // Custom field types (user fields); `money`, `user`, `item`, `boolean`, dates and texts serve both.
  | 'number'
  | 'enumeration'
  | 'url'
  | 'address'
  | 'file';

export type ItemTypeName = 'lead' | 'contact' | 'company' | 'deal';

export type MultifieldKind = 'phone' | 'email' | 'web' | 'im';

export interface FieldDef {
  /** Name in the native API (camelCase). */
  name: string;
  /** SQL column; absent for fields stored elsewhere (multi-value fields, links). */
  column?: string;
  type: FieldType;
  /** Name in the Bitrix24 REST API and CSV files. */
  bitrix: string;
  label: Localized;
  required?: boolean;
  /** Set by the system, never by a client. */
  readOnly?: boolean;
  /** Set on create only. */
  immutable?: boolean;
  /** Never null in storage (ids, versions, audit dates): list cursors can then use plain range conditions. */
  notNull?: boolean;
  maxLength?: number;
  min?: number;
  max?: number;
  /** Reference list id (for `reference` fields), e.g. `SOURCE`, `STATUS`. */
  list?: string;
  /** Target item type (for `item` and `links` fields). */
  itemType?: ItemTypeName;
  /** For `multifield` fields. */
  multifieldKind?: MultifieldKind;
  /** For `links` fields: the many-to-many table and its columns. */
  link?: { table: string; selfColumn: string; otherColumn: string };
  /** For custom `money` fields: the column holding the amount's currency (the value is `{amount, currency}`). */
  currencyColumn?: string;
  /** Set on custom fields only. */
  custom?: CustomFieldInfo;
  /** Read-only for this caller because of their roles: shown, but a write that changes it is refused. */
  lockedByRole?: boolean;
}

/** What a custom field adds to a field: its Bitrix24 settings and, for enumerations, the values to pick from. */
export interface CustomFieldInfo {
  id: number;
  /** Several values (stored one per row in `custom_field_values`); the API value is an array. */
  multiple: boolean;
  showInList: boolean;
  filterable: boolean;
  sortable: boolean;
  /** In API form; applied on create when the client sends nothing. */
  defaultValue: unknown;
  options?: EnumOption[];
}

export interface EnumOption {
  id: number;
  value: string;
  sort: number;
  isDefault: boolean;
}

export interface ItemTypeDef {
  name: ItemTypeName;
  /** URL segment and table name. */
  plural: string;
  table: string;
  /** Bitrix24 entityTypeId. */
  entityTypeId: number;
  label: Localized;
  /** The field that names an item in lists, dependencies and history. */
  titleFields: string[];
  fields: FieldDef[];
  /** At least one of these must be non-empty (e.g. a contact needs some name). */
  requireOneOf?: string[];
}

type Options = Omit<Partial<FieldDef>, 'name' | 'type' | 'bitrix' | 'label'>;

const snake = (name: string) => name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/** Builds a column-backed field; the column is the snake_case of the name unless given. */
export function field(name: string, type: FieldType, bitrix: string, en: string, pt: string, options: Options = {}): FieldDef {
  const stored = type !== 'multifield' && type !== 'links';
  return { name, type, bitrix, label: { en, 'pt-BR': pt }, ...(stored ? { column: snake(name) } : {}), ...options };
}
