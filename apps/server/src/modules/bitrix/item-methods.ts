import type { FieldDef, ItemTypeDef, ItemTypeName, Localized } from '@vinculo/shared';
import type { Context } from '../../context.ts';
import { createItem, deleteItem, getItem } from '../items/item.service.ts';
import type { ItemDto } from '../items/item.presenter.ts';
import type { BitrixAnswer } from './bitrix-envelope.ts';
import { invalidArgument, notFound } from './bitrix-errors.ts';
import { bitrixErrorFor, describeFields } from './bitrix-fields.ts';
import { filterFromBitrix, sortFromBitrix } from './bitrix-filter.ts';
import type { BitrixCall, BitrixMethod, MethodTable } from './bitrix-methods.ts';
import { intParam, listParam, objectParam, param } from './bitrix-params.ts';
import { bitrixFields, inputFromBitrix, multifieldTypeIds, parseFlag, toBitrix } from './bitrix-values.ts';
import { idOf, listPage, updateFromBitrix } from './crm-entity-methods.ts';

/**
 * `crm.item.fields|add|get|update|delete|list` for leads (entityTypeId 1), deals (2), contacts (3) and companies (4)
 * (bitrix24-rest.md §12): the legacy methods' machinery (crm-entity-methods.ts) under other names and value shapes.
 * A field's item name comes from its Bitrix24 name: camelCase (`SOURCE_DESCRIPTION` → `sourceDescription`) but for
 * the names Bitrix24 spells otherwise (`DATE_CREATE` → `createdTime`). Values go in as the legacy methods take them
 * and come out of the legacy shapes as native JSON: numbers as numbers, flags still `Y`/`N`, date-times ISO with an
 * offset, empty dates `null`. PHONE, EMAIL, WEB and IM are one field, `fm`.
 */

/** Item names that do not follow from the Bitrix24 name (api-reference/crm/universal/object-fields.md). */
const irregularNames: Record<string, string> = {
  CREATED_BY_ID: 'createdBy',
  MODIFY_BY_ID: 'updatedBy',
  DATE_CREATE: 'createdTime',
  DATE_MODIFY: 'updatedTime',
  STAGE_SEMANTIC_ID: 'stageSemanticId',
};

const irregularNamesOf: Partial<Record<ItemTypeName, Record<string, string>>> = {
  lead: { STATUS_ID: 'stageId', STATUS_SEMANTIC_ID: 'stageSemanticId', DATE_CLOSED: 'closedate' },
  company: { COMPANY_TYPE: 'typeId', CONTACT_ID: 'contactIds' },
};

/** `SOURCE_DESCRIPTION` → `sourceDescription`, `ADDRESS_2` → `address2`. */
const camelCase = (upper: string) => upper.toLowerCase().replace(/_+([a-z0-9])/g, (_, c: string) => c.toUpperCase());

/**
 * A custom field's item name: `UF_CRM_PROJECT` → `ufCrmProject`, `UF_CRM_1721244707107` → `ufCrm_1721244707107` (as
 * Bitrix24 writes it). An underscore before a letter goes and the letter is upper-cased; any other underscore stays.
 * Reversible, since a UF_CRM_ name has no lower-case letters: each capital is `_` and that letter (`ufCrmA_B` →
 * `UF_CRM_A__B`).
 */
export const ufItemName = (ufName: string) => ufName.toLowerCase().replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());

const entityTypeIdLabel: Localized = { en: 'CRM object type', 'pt-BR': 'Tipo de objeto do CRM' };
const multifieldLabel: Localized = { en: 'Phones, e-mails, websites and messengers', 'pt-BR': 'Telefones, e-mails, sites e mensageiros' };

/** A type as one call names its fields: the caller's view, custom fields camelCase or as `UF_CRM_…`. */
interface ItemView {
  name: ItemTypeName;
  type: ItemTypeDef;
  nameOf(field: FieldDef): string;
  /** A field by the name a client used (a custom one by either of its names); multi-fields are `fm`, not here. */
  fieldNamed(name: string): FieldDef | undefined;
}

function itemView(call: BitrixCall): ItemView {
  const entityTypeId = intParam(call.params, 'entityTypeId');
  const type = Object.values(call.caller.ctx.catalog.visible).find((t) => t.entityTypeId === entityTypeId);
  if (!type) throw notFound('Smart process not found');
  const { name } = type;
  const originalUf = parseFlag(param(call.params, 'useOriginalUfNames')) === true;
  const nameOf = (field: FieldDef) => {
    if (field.custom) return originalUf ? field.bitrix : ufItemName(field.bitrix);
    if (field.type === 'multifield') return 'fm';
    return irregularNamesOf[name]?.[field.bitrix] ?? irregularNames[field.bitrix] ?? camelCase(field.bitrix);
  };
  const byName = new Map<string, FieldDef>();
  for (const field of bitrixFields(type).filter((f) => f.type !== 'multifield')) {
    byName.set(nameOf(field), field);
    if (field.custom) for (const alias of [field.bitrix, ufItemName(field.bitrix)]) byName.set(alias, field);
  }
  return { name, type, nameOf, fieldNamed: (fieldName) => byName.get(fieldName) };
}

interface LegacyMultifieldEntry {
  ID: string;
  VALUE_TYPE: string;
  VALUE: string;
  TYPE_ID: string;
}

/** A value of `field` as crm.item shows it: the legacy shape (bitrix-values.ts) with numbers native and no `""`. */
function itemValue(field: FieldDef, value: unknown): unknown {
  if (field.custom?.multiple) return ((value as unknown[] | undefined) ?? []).map((one) => itemValue({ ...field, custom: { ...field.custom!, multiple: false } }, one));
  const legacy = toBitrix(field, value);
  switch (field.type) {
    case 'integer':
    case 'number':
    case 'user':
    case 'item':
    case 'enumeration':
    case 'file':
      return legacy === null || legacy === '' ? null : Number(legacy);
    case 'money':
      // A custom money field stays `amount|CURRENCY`, as in Bitrix24.
      if (legacy === null || legacy === '') return null;
      return field.currencyColumn ? legacy : Number(legacy);
    case 'links':
      return (legacy as string[]).map(Number);
    case 'date':
    case 'datetime':
      return legacy === '' ? null : legacy;
    default:
      return legacy;
  }
}

/** An item as crm.item shows it, with `fields` under their item names, multi-fields as `fm`, and its entityTypeId. */
function itemOut(view: ItemView, item: ItemDto, fields: FieldDef[]): Record<string, unknown> {
  const shown: Record<string, unknown> = {};
  const multifields = fields.filter((f) => f.type === 'multifield');
  for (const field of fields) if (field.type !== 'multifield' && field.name in item) shown[view.nameOf(field)] = itemValue(field, item[field.name]);
  if (multifields.length > 0) {
    shown.fm = multifields.flatMap((field) =>
      (toBitrix(field, item[field.name]) as LegacyMultifieldEntry[]).map((e) => ({ id: Number(e.ID), typeId: e.TYPE_ID, valueType: e.VALUE_TYPE, value: e.VALUE })),
    );
  }
  shown.entityTypeId = view.type.entityTypeId;
  return shown;
}

/**
 * crm.item `fields` as the legacy methods take them: item names become Bitrix24 names, values pass as they came (the
 * legacy coercion takes native JSON too), and `fm` becomes PHONE, EMAIL, WEB and IM entries. Unknown names are
 * ignored, as Bitrix24 ignores them.
 */
function legacyFields(view: ItemView, fields: Record<string, unknown>, mode: 'add' | 'update'): Record<string, unknown> {
  const legacy: Record<string, unknown> = {};
  for (const [key, raw] of Object.entries(fields)) {
    if (key === 'fm') {
      Object.assign(legacy, legacyMultifields(view, raw, mode));
      continue;
    }
    const field = view.fieldNamed(key);
    if (field) legacy[field.bitrix] = raw;
  }
  return legacy;
}

const typeIds = Object.values(multifieldTypeIds);

/**
 * `fm` (§12): on add a list of `{typeId, valueType, value}`; on update an object whose keys choose what happens:
 * `n0`, `n1`… add, an entry's id changes it (a new `value`) or deletes it (an empty one). Every entry names its
 * `typeId`; a kind this type does not have, or the caller may not see, is ignored like an unknown field.
 */
function legacyMultifields(view: ItemView, raw: unknown, mode: 'add' | 'update'): Record<string, Array<Record<string, unknown>>> {
  const entries: Array<[string | undefined, unknown]> = Array.isArray(raw) ? raw.map((entry) => [undefined, entry]) : raw && typeof raw === 'object' ? Object.entries(raw) : [];
  const legacy: Record<string, Array<Record<string, unknown>>> = {};
  entries.forEach(([key, entry], index) => {
    const at = `fm.${key ?? index}`;
    if (!entry || typeof entry !== 'object' || Array.isArray(entry)) throw invalidArgument(`${at}: expected an object with typeId, valueType and value`);
    const { id, typeId, valueType, value } = entry as Record<string, unknown>;
    const kind = String(typeId ?? '').toUpperCase();
    if (!typeIds.includes(kind)) throw invalidArgument(`${at}.typeId: expected one of ${typeIds.join(', ')}`);
    const field = view.type.fields.find((f) => f.type === 'multifield' && multifieldTypeIds[f.multifieldKind!] === kind);
    if (!field) return;
    const existing = mode === 'update' ? (id ?? (key !== undefined && /^\d+$/.test(key) ? key : undefined)) : undefined;
    (legacy[field.bitrix] ??= []).push({ ...(existing !== undefined ? { ID: existing } : {}), VALUE: value, ...(valueType !== undefined ? { VALUE_TYPE: valueType } : {}) });
  });
  return legacy;
}

/** `select` (§5.1, §12): `*` (the default) every field, `fm` included; else names, `fm`, `UF_*`; id always. */
function selectedFields(view: ItemView, select: string[] | undefined): FieldDef[] {
  const names = new Set(select && select.length > 0 ? select : ['*']);
  const fields = bitrixFields(view.type);
  if (names.has('*')) return fields;
  const named = new Set([...names].map((name) => view.fieldNamed(name)).filter((f) => f !== undefined));
  const allCustom = names.has('UF_*') || names.has('ufCrm*');
  return fields.filter((f) => f.name === 'id' || named.has(f) || (f.type === 'multifield' && names.has('fm')) || (allCustom && f.custom !== undefined));
}

/** The `crm.item.fields` answer: the legacy descriptions under item names, each with its `upperName`. */
function describeItemFields(view: ItemView, ctx: Context): Record<string, unknown> {
  const legacy = describeFields(view.type, ctx.locale);
  const described: Record<string, unknown> = {};
  for (const field of bitrixFields(view.type)) {
    if (field.type !== 'multifield') described[view.nameOf(field)] = { ...(legacy[field.bitrix] as object), upperName: field.bitrix };
  }
  if (view.type.fields.some((f) => f.type === 'multifield')) {
    described.fm = { type: 'crm_multifield', isRequired: false, isReadOnly: false, isImmutable: false, isMultiple: true, isDynamic: false, title: multifieldLabel[ctx.locale], upperName: 'FM' };
  }
  described.entityTypeId = { type: 'integer', isRequired: false, isReadOnly: true, isImmutable: true, isMultiple: false, isDynamic: false, title: entityTypeIdLabel[ctx.locale], upperName: 'ENTITY_TYPE_ID' };
  return described;
}

/**
 * A crm.item method: the type from `entityTypeId`, and the engine's errors as Bitrix24 answers them, fields named
 * by their item names (a multi-field by `fm.PHONE`) and a missing item "Element not found".
 */
function itemMethod(run: (call: BitrixCall, view: ItemView) => Promise<BitrixAnswer>, missing = 'Element not found'): BitrixMethod {
  return {
    scope: 'crm',
    run: async (call) => {
      const view = itemView(call);
      try {
        return await run(call, view);
      } catch (error) {
        const nameOf = (field: FieldDef) => (field.type === 'multifield' ? `fm.${multifieldTypeIds[field.multifieldKind!]}` : view.nameOf(field));
        throw bitrixErrorFor(error, view.type, call.caller.ctx.locale, { nameOf, notFound: missing });
      }
    },
  };
}

export const itemMethods: MethodTable = {
  'crm.item.fields': itemMethod(async ({ caller }, view) => ({ result: { fields: describeItemFields(view, caller.ctx) } })),
  'crm.item.add': itemMethod(async ({ caller, params }, view) => {
    const input = inputFromBitrix(view.type, legacyFields(view, objectParam(params, 'fields'), 'add'));
    const created = await createItem(caller.ctx, view.name, input);
    return { result: { item: itemOut(view, created, bitrixFields(view.type)) } };
  }),
  'crm.item.get': itemMethod(async (call, view) => {
    const item = await getItem(call.caller.ctx, view.name, idOf(call));
    return { result: { item: itemOut(view, item, bitrixFields(view.type)) } };
  }),
  'crm.item.update': itemMethod(async (call, view) => {
    const id = idOf(call);
    const updated = await updateFromBitrix(call.caller.ctx, view.name, id, legacyFields(view, objectParam(call.params, 'fields'), 'update'));
    return { result: { item: itemOut(view, updated, bitrixFields(view.type)) } };
  }),
  'crm.item.delete': itemMethod(async (call, view) => {
    await deleteItem(call.caller.ctx, view.name, idOf(call));
    return { result: [] };
  }, 'Item not found'),
  'crm.item.list': itemMethod(async ({ caller, params }, view) => {
    const filter = filterFromBitrix(view.type, objectParam(params, 'filter'), { fieldNamed: view.fieldNamed, groups: true });
    const sort = sortFromBitrix(view.type, objectParam(params, 'order'), view.fieldNamed);
    const fields = selectedFields(view, listParam(params, 'select'));
    const page = await listPage(caller.ctx, view.name, { filter, sort, fields, start: intParam(params, 'start') });
    return { result: { items: page.items.map((item) => itemOut(view, item, fields)) }, total: page.total, ...(page.next !== undefined ? { next: page.next } : {}) };
  }),
};
