import { itemTypeList, type FieldDef, type ItemTypeDef, type ItemTypeName } from '@vinculo/shared';
import type { Db, DialectName } from '../../db/types.ts';
import type { Access } from '../access/access.service.ts';
import * as customFields from '../custom-fields/custom-field.repository.ts';
import type { EnumRow, FieldRow } from '../custom-fields/custom-field.repository.ts';
import { columnNullability } from './catalog.repository.ts';
import { toFieldDef } from './custom-field-defs.ts';
import { typesFor } from './type-view.ts';

/**
 * The one place that knows the item types. Everything else asks it, through the request's `ctx.catalog`:
 * - `full`: every field of every type, as stored (standard fields, the custom fields of the moment, each column's
 *   nullability as the database defines it). Rules, permission scopes, storage and system work read this.
 * - `visible`: the caller's view: fields their roles hide are gone, fields their roles make read-only are
 *   read-only. Answers, filters, sorts and client input read this.
 * Scopes and rules are always evaluated on the stored item, never on the caller's view.
 */

export type ItemTypes = Record<ItemTypeName, ItemTypeDef>;

export interface Catalog {
  full: ItemTypes;
  visible: ItemTypes;
}

/** Both views of one type. */
export interface TypeViews {
  full: ItemTypeDef;
  visible: ItemTypeDef;
}

export const itemTypeNames: ItemTypeName[] = itemTypeList.map((type) => type.name);

const byName = Object.fromEntries(itemTypeList.map((type) => [type.name, type])) as ItemTypes;

/** The item type a URL segment (`contacts`) names, if any. */
export function typeNameOf(plural: string): ItemTypeName | undefined {
  return itemTypeList.find((type) => type.plural === plural)?.name;
}

/** A type's URL segment and table name: `contacts`. */
export const pluralOf = (name: ItemTypeName) => byName[name].plural;

/**
 * The standard types as the code defines them, before any database is read: what route registration documents in
 * OpenAPI. Never for reading or writing items (custom fields and column nullability are missing).
 */
export const documentedTypes: ItemTypes = byName;

export function typeViews(catalog: Catalog, name: ItemTypeName): TypeViews {
  return { full: catalog.full[name], visible: catalog.visible[name] };
}

/** The caller's catalogue: the full types and their view through the caller's roles. */
export function catalogFor(full: ItemTypes, access: Access): Catalog {
  return { full, visible: typesFor(full, access) };
}

/** Everything visible: for administrators' system work (CLI, data migrations, background jobs). */
export const unrestrictedCatalog = (full: ItemTypes): Catalog => ({ full, visible: full });

interface Loaded {
  version: string;
  types: ItemTypes;
}

const loaded = new WeakMap<object, Loaded>();

/**
 * The full item types of `db` (the root connection, not a transaction: the cache is keyed by it). Each process keeps
 * one copy and reloads it when the fields version in `app_settings` moves, which the caller reads once per request
 * (`knownVersion`); so a field another process created is seen at once.
 */
export async function loadTypes(db: Db, dialect: DialectName, knownVersion?: string): Promise<ItemTypes> {
  const version = knownVersion ?? (await customFields.fieldsVersion(db));
  const cached = loaded.get(db);
  if (cached?.version === version) return cached.types;
  const [fields, enums] = [await customFields.allFields(db), await customFields.allEnumValues(db)];
  const nullability = await columnNullability(db, dialect, itemTypeList.map((type) => type.table));
  const types = buildTypes(fields, enums, nullability);
  loaded.set(db, { version, types });
  return types;
}

/**
 * The types from custom field rows and the tables' column nullability (from the database, or, without it, only ids
 * and versions are taken as never null).
 */
export function buildTypes(fields: FieldRow[], enumValues: EnumRow[], nullability?: Map<string, Map<string, boolean>>): ItemTypes {
  const result = {} as ItemTypes;
  for (const type of itemTypeList) {
    const custom = fields.filter((f) => f.entity_type === type.name).map((row) => toFieldDef(row, enumValues));
    const columns = nullability?.get(type.table);
    const withNullability = (field: FieldDef): FieldDef => {
      if (!field.column) return field;
      const nullable = columns?.get(field.column) ?? !(field.name === 'id' || field.name === 'version');
      return nullable === !field.notNull ? field : { ...field, notNull: !nullable };
    };
    result[type.name] = { ...type, fields: [...type.fields, ...custom].map(withNullability) };
  }
  return result;
}
