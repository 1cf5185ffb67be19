import type { ItemTypeDef } from '@vinculo/shared';
import type { ItemTypes } from './catalog.ts';
import type { Access } from '../access/access.service.ts';

/**
 * The item types as one caller sees them: fields their roles hide are gone (absent from answers, unknown to
 * filters, sorts and writes), fields their roles make read-only are read-only. Cached per types and access.
 */
const views = new WeakMap<ItemTypes, WeakMap<Access, ItemTypes>>();

export function typesFor(types: ItemTypes, access: Access): ItemTypes {
  if (access.isAdmin) return types;
  let byAccess = views.get(types);
  if (!byAccess) views.set(types, (byAccess = new WeakMap()));
  const cached = byAccess.get(access);
  if (cached) return cached;
  const view = Object.fromEntries(Object.entries(types).map(([name, type]) => [name, viewOf(type, access)])) as ItemTypes;
  byAccess.set(access, view);
  return view;
}

function viewOf(type: ItemTypeDef, access: Access): ItemTypeDef {
  const rules = access.fields[type.name];
  if (rules.size === 0) return type;
  return {
    ...type,
    fields: type.fields.filter((f) => rules.get(f.name) !== 'hidden').map((f) => (rules.get(f.name) === 'readOnly' ? { ...f, readOnly: true, lockedByRole: true } : f)),
  };
}
