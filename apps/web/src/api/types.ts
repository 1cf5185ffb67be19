/** The shapes of the native API's answers the app reads (docs/api.md; /api/openapi.json is authoritative). */

export type Locale = 'pt-BR' | 'en';
export type Scope = 'none' | 'own' | 'department' | 'subdepartments' | 'open' | 'all';
export type Action = 'read' | 'add' | 'update' | 'delete' | 'export' | 'import';
export type Operator = 'eq' | 'ne' | 'gt' | 'gte' | 'lt' | 'lte' | 'in' | 'contains' | 'startsWith' | 'empty';

export interface Me {
  id: number;
  email: string;
  name: string;
  isAdmin: boolean;
  locale: Locale;
  mayConfigure: boolean;
  crmMode: 'classic' | 'simple';
}

export interface EnumOption {
  id: number;
  value: string;
  sort: number;
  isDefault: boolean;
}

export interface FieldMeta {
  name: string;
  bitrix: string;
  type: string;
  label: string;
  labels: { en: string; 'pt-BR': string };
  required: boolean;
  readOnly: boolean;
  immutable: boolean;
  multiple: boolean;
  maxLength: number | null;
  list: string | null;
  itemType: string | null;
  multifieldKind: 'phone' | 'email' | 'web' | 'im' | null;
  custom: boolean;
  options: EnumOption[] | null;
  operators: Operator[];
  sortable: boolean;
  showInList: boolean;
}

export interface TypeMeta {
  name: 'lead' | 'contact' | 'company' | 'deal';
  plural: 'leads' | 'contacts' | 'companies' | 'deals';
  label: string;
  titleFields: string[];
  stages: { field: string; semanticField: string; list: string; pipelineField: string | null } | null;
  board: { cardFields: string[]; amountField: string; currencyField: string } | null;
  rights: Record<Action, Scope>;
  fields: FieldMeta[];
}

export type Item = { id: number; version: number } & Record<string, unknown>;

export interface ListPage {
  items: Item[];
  nextCursor: string | null;
  total: number | null;
  totalCapped: boolean;
}

export interface Multivalue {
  id?: number;
  value: string;
  valueType: string;
  normalized?: string;
}

export interface Money {
  amount: string;
  currency: string;
}

export interface ReferenceValue {
  code: string;
  name: string;
  nameEn: string;
  namePt: string;
  sort: number;
  semantic: 'P' | 'S' | 'F' | null;
  color: string | null;
}

export interface Pipeline {
  id: number;
  name: string;
  sort: number;
  isDefault: boolean;
}

export interface Currency {
  code: string;
  name: string;
  isBase: boolean;
  rate: string;
}

export interface UserSummary {
  id: number;
  name: string;
  email: string;
  isActive?: boolean;
}

export interface CardLayout {
  type: string;
  sections: Array<{ id: string; title: { en: string; 'pt-BR': string }; fields: string[] }>;
  hidden: string[];
  fields: FieldMeta[];
}

export interface FilterTerm {
  field: string;
  op: Operator;
  value: unknown;
}

export interface ListView {
  columns: Array<{ field: string; width?: number }>;
  sort: { field: string; direction: 'asc' | 'desc' } | null;
  presetId: number | null;
}

export interface FilterPreset {
  id: number;
  name: string;
  filter: FilterTerm[];
  search: string | null;
  isDefault: boolean;
  createdAt: string;
}

export interface SearchHit {
  id: number;
  title: string;
  subtitle: string | null;
}

export interface SearchAnswer {
  groups: Array<{ type: TypeMeta['name']; items: SearchHit[]; more: boolean }>;
}

export interface HistoryEntry {
  eventId: number;
  date: string;
  type: 'created' | 'updated' | 'deleted' | 'restored' | 'converted' | string;
  author: { id: number; name: string } | null;
  field: string | null;
  fieldLabel: string | null;
  oldValue: unknown;
  newValue: unknown;
}

export interface Dependency {
  type: string;
  id: number;
  title: string;
  relation: string;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}
