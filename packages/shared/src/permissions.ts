import type { ItemTypeName } from './fields.ts';

/** Role-based access: what a role grants, per item type (and deal pipeline), action and scope. */

export const actions = ['read', 'add', 'update', 'delete', 'export', 'import'] as const;
export type Action = (typeof actions)[number];

/**
 * How far a grant reaches, narrowest first: nothing; items the user is responsible for; those of the user's
 * departments; of those departments and every department below them; all of those plus items open to everyone
 * (`opened`); every item. A user's scope is the widest any of their roles grants.
 */
export const scopes = ['none', 'own', 'department', 'subdepartments', 'open', 'all'] as const;
export type Scope = (typeof scopes)[number];

export type ActionScopes = Partial<Record<Action, Scope>>;

/** A type's grants; deals may override them per pipeline (by pipeline id). */
export type TypeGrants = ActionScopes & { pipelines?: Record<string, ActionScopes> };

/** What a custom field is for a role: hidden (never shown, never written) or read-only. */
export type FieldAccess = 'hidden' | 'readOnly';

export interface RolePermissions {
  items: Partial<Record<ItemTypeName, TypeGrants>>;
  /** Per item type, per field name (API form, e.g. ufCrmTaxId). Fields not listed are visible and writable. */
  fields?: Partial<Record<ItemTypeName, Record<string, FieldAccess>>>;
}

export const widerScope = (a: Scope, b: Scope): Scope => (scopes.indexOf(a) >= scopes.indexOf(b) ? a : b);
