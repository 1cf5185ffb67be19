import type { FieldDef, ItemTypeDef, ItemTypeName } from '@vinculo/shared';
import type { Context } from '../../context.ts';
import { AppError } from '../../http/app-error.ts';
import { checkFilter, type FilterNode } from '../items/filter.ts';
import { matching } from '../items/item-list.service.ts';
import { countMatching, presentRows, scopedReader } from '../items/item-reader.ts';
import type { Row } from '../items/item.repository.ts';
import type { ItemDto } from '../items/item.presenter.ts';
import { createItem, deleteItem, getItem, updateItem } from '../items/item.service.ts';
import { orderByTerms, parseSort } from '../items/sort.ts';
import type { BitrixAnswer } from './bitrix-envelope.ts';
import { invalidArgument } from './bitrix-errors.ts';
import { bitrixErrorFor, describeFields } from './bitrix-fields.ts';
import { filterFromBitrix, sortFromBitrix } from './bitrix-filter.ts';
import type { BitrixCall, MethodTable } from './bitrix-methods.ts';
import { intParam, listParam, objectParam } from './bitrix-params.ts';
import { bitrixFields, inputFromBitrix, itemToBitrix } from './bitrix-values.ts';

/**
 * `crm.lead|contact|company|deal.fields|add|get|update|delete|list` (bitrix24-rest.md §6): Bitrix24's parameters
 * and value shapes over the item services, called with the webhook user's context so their rights and hidden fields
 * apply exactly as in the native API. One table for the four types: the differences are in the metadata.
 */

/** Bitrix24's fixed page size (§4). */
export const pageSize = 50;

/** `id`: a positive integer, or Bitrix24's own error. */
export function idOf(call: BitrixCall): number {
  const id = intParam(call.params, 'id');
  if (id === undefined || id <= 0 || id > 2_147_483_647) throw invalidArgument('ID is not defined or invalid.');
  return id;
}

const viewOf = (ctx: Context, name: ItemTypeName): ItemTypeDef => ctx.catalog.visible[name];

/**
 * The methods of a table on item type `name`, each answering the engine's errors as Bitrix24 does ("Not found",
 * validation failures named by the Bitrix24 fields).
 */
export function withBitrixErrors(name: ItemTypeName, table: MethodTable): MethodTable {
  return Object.fromEntries(
    Object.entries(table).map(([method, { scope, run }]) => [
      method,
      {
        scope,
        run: async (call: BitrixCall) => {
          try {
            return await run(call);
          } catch (error) {
            throw bitrixErrorFor(error, viewOf(call.caller.ctx, name), call.caller.ctx.locale);
          }
        },
      },
    ]),
  );
}

/** What `get` shows: every field the caller sees but the link lists (Bitrix24 has link methods for those). */
const shownByGet = (type: ItemTypeDef) => bitrixFields(type).filter((f) => f.type !== 'links');

/** `select` (§5.1): `*` the standard fields without multi-fields, `UF_*` the custom fields, else names; ID always. */
function selectedFields(type: ItemTypeDef, select: string[] | undefined): FieldDef[] {
  const names = select && select.length > 0 ? select : ['*', 'UF_*'];
  const fields = bitrixFields(type);
  const isStandard = (f: FieldDef) => !f.custom && f.type !== 'multifield' && f.type !== 'links';
  return fields.filter((f) => f.name === 'id' || names.includes(f.bitrix) || (names.includes('*') && isStandard(f)) || (names.includes('UF_*') && f.custom !== undefined));
}

async function list(call: BitrixCall, name: ItemTypeName): Promise<BitrixAnswer> {
  const type = viewOf(call.caller.ctx, name);
  const filter = filterFromBitrix(type, objectParam(call.params, 'filter'));
  const sort = sortFromBitrix(type, objectParam(call.params, 'order'));
  const fields = selectedFields(type, listParam(call.params, 'select'));
  const page = await listPage(call.caller.ctx, name, { filter, sort, fields, start: intParam(call.params, 'start') });
  return { result: page.items.map((item) => itemToBitrix(item, fields)), total: page.total, ...(page.next !== undefined ? { next: page.next } : {}) };
}

export interface PageQuery {
  /** Unchecked: the engine checks it against the caller's view. */
  filter: FilterNode;
  /** A native sort (`title,-id`). */
  sort: string;
  fields: FieldDef[];
  /** An offset; -1 for the keyset walk of the SDK's callList, which counts nothing. */
  start: number | undefined;
}

/** One page of a Bitrix24 list (§4): 50 items from `start`, with `total` and, while more remain, `next`. */
export async function listPage(ctx: Context, name: ItemTypeName, query: PageQuery): Promise<{ items: ItemDto[]; total: number; next?: number }> {
  const reader = scopedReader(ctx);
  const type = viewOf(ctx, name);
  const filter = checkFilter(type, query.filter, ctx.actor.id);
  const sort = parseSort(type, query.sort);
  const requested = query.start ?? 0;
  const counting = requested >= 0;
  // No list is longer than this; a larger offset (1e308 is an integer too) is an empty page, not an SQL error.
  const start = Math.min(Math.max(requested, 0), 2_147_483_647);

  let rows = matching(reader, name, filter).selectAll(type.table);
  for (const term of orderByTerms(type.table, sort, ctx.dialect)) rows = rows.orderBy(term);
  const page = (await rows.limit(pageSize).offset(start).execute()) as Row[];
  const items = await presentRows(reader, name, page, query.fields);
  if (!counting) return { items, total: 0 };
  const total = await countMatching(reader, matching(reader, name, filter));
  return { items, total, ...(start + pageSize < total ? { next: start + pageSize } : {}) };
}

/**
 * Applies Bitrix24 `fields` (legacy names) to an item and returns it as the caller sees it. Multi-field entries are
 * changed by ID against the item's current ones (§6.5): the write is made at the version those were read at, and
 * read again if someone changed the item in between (nothing of theirs lost).
 */
export async function updateFromBitrix(ctx: Context, name: ItemTypeName, id: number, fields: Record<string, unknown>): Promise<ItemDto> {
  const type = viewOf(ctx, name);
  const hasMultifields = type.fields.some((f) => f.type === 'multifield' && f.bitrix in fields);
  for (let attempt = 1; ; attempt++) {
    const current = hasMultifields ? await getItem(ctx, name, id) : undefined;
    try {
      return await updateItem(ctx, name, id, inputFromBitrix(type, fields, current), current?.version);
    } catch (error) {
      if (!current || attempt >= 3 || !(error instanceof AppError && error.code === 'VERSION_CONFLICT')) throw error;
    }
  }
}

function entityMethods(name: ItemTypeName): MethodTable {
  const prefix = `crm.${name}`;
  return withBitrixErrors(name, {
    [`${prefix}.fields`]: { scope: 'crm', run: async ({ caller }) => ({ result: describeFields(viewOf(caller.ctx, name), caller.ctx.locale) }) },
    [`${prefix}.add`]: {
      scope: 'crm',
      run: async ({ caller, params }) => {
        const input = inputFromBitrix(viewOf(caller.ctx, name), objectParam(params, 'fields'));
        const created = await createItem(caller.ctx, name, input);
        return { result: created.id };
      },
    },
    [`${prefix}.get`]: {
      scope: 'crm',
      run: async (call) => {
        const item = await getItem(call.caller.ctx, name, idOf(call));
        return { result: itemToBitrix(item, shownByGet(viewOf(call.caller.ctx, name))) };
      },
    },
    [`${prefix}.update`]: {
      scope: 'crm',
      run: async (call) => {
        await updateFromBitrix(call.caller.ctx, name, idOf(call), objectParam(call.params, 'fields'));
        return { result: true };
      },
    },
    [`${prefix}.delete`]: {
      scope: 'crm',
      run: async (call) => {
        await deleteItem(call.caller.ctx, name, idOf(call));
        return { result: true };
      },
    },
    [`${prefix}.list`]: { scope: 'crm', run: (call) => list(call, name) },
  });
}

export const crmEntityMethods: MethodTable = Object.assign({}, ...(['lead', 'contact', 'company', 'deal'] as const).map(entityMethods));
