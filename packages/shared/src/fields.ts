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
  /**
   * Never null in storage: list cursors can then use plain range conditions. Read from the database's own
   * column definition when the catalogue loads (`modules/catalog`), never guessed from the field type.
   */
  notNull?: boolean;
  /**
   * The column holding the value folded for sorting and matching (lower case, no accents: `conceicao`), kept by the
   * engine beside text columns that lists sort on through an index. Other text fields fold at query time.
   */
  keyColumn?: string;
  /** For `multifield` fields: a 0/1 column saying whether the item has any value (`has_phone`). */
  presenceColumn?: string;
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
  /** Types that move through stages (deals, leads): which fields hold the stage and what follows from it. */
  stages?: StageRules;
  /** Types shown as a Kanban board: the fields a card shows unless the caller picks others, and the amount summed. */
  board?: BoardRules;
}

/** How an item moves through the stages of a reference list, and the fields the engine derives from its stage. */
export interface StageRules {
  /** The field holding the stage, a code of `list`. */
  field: string;
  /** The field holding the stage's group: P (in progress), S (success), F (failure). */
  semanticField: string;
  list: string;
  /** The pipeline field when the list's values belong to one pipeline each (deals): it also narrows permissions. */
  pipelineField?: string;
  /** A flag that is true on final stages (S or F). */
  closedField?: string;
  /** The date the item closed: set on entering a final stage, cleared on reopening; a value the client sends wins. */
  closedAtField: string;
}

export interface BoardRules {
  cardFields: string[];
  /** The money field a column totals, and the field of its currency. */
  amountField: string;
  currencyField: string;
}

type Options = Omit<Partial<FieldDef>, 'name' | 'type' | 'bitrix' | 'label'>;

const snake = (name: string) => name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/** Builds a column-backed field; the column is the snake_case of the name unless given. */
export function field(name: string, type: FieldType, bitrix: string, en: string, pt: string, options: Options = {}): FieldDef {
  const stored = type !== 'multifield' && type !== 'links';
  return { name, type, bitrix, label: { en, 'pt-BR': pt }, ...(stored ? { column: snake(name) } : {}), ...options };
}
