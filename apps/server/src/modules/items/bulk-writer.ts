import type { Expression, ExpressionBuilder, SqlBool } from 'kysely';
import type { Action, ItemTypeName } from '@vinculo/shared';
import { forgetPurgedItems } from '../timeline/item-lifecycle.ts';
import { inTransaction, type Context } from '../../context.ts';
import { itemTypeNames } from '../catalog/catalog.ts';
import { appendEvents, type NewEvent } from '../events/event.repository.ts';
import { appendStageMoves, type StageMove } from '../pipelines/stage-history.repository.ts';
import { unindexItems } from '../search/search-index.ts';
import { isAllowed } from './item-access.ts';
import { itemsQuery, scopedReader, unscopedReader, type Which } from './item-reader.ts';
import { applyRules, ruleCache } from './item-rules.ts';
import { writeManyChanges, type Input, type PlannedWrite } from './item-write.ts';
import { presentItems, type ItemDto } from './item.presenter.ts';
import { chunkSize as defaultChunkSize, deleteRows, type Row } from './item.repository.ts';

/**
 * The one primitive for changing many items: moving every item off a deleted list value, stage or enumeration
 * value, moving deals to another pipeline, converting every open lead, purging the recycle bin (and next: group
 * actions, import, undo, merge). It walks the items a condition selects in id order, a chunk at a time (never an
 * unbounded `IN (…)`), each chunk locked and re-checked against the condition (PostgreSQL's FOR UPDATE waits for a
 * concurrent writer and skips a row that no longer matches; SQLite writers hold the database), and writes each
 * item through the engine's write step: rules, a version bump, one history event per item, stage history.
 */

type Eb = ExpressionBuilder<any, any>;

export interface Selection {
  type: ItemTypeName;
  which: Which;
  /** A condition on the stored row, re-checked under lock: rows that stop matching before they are locked are left alone. */
  where: (eb: Eb, table: string) => Expression<SqlBool>;
  /**
   * `everything`: every item, whatever the caller's roles (system work; the caller says why). `caller`: only items
   * the caller may read, and of those only the ones their scope lets them change (`action`).
   */
  reach: 'everything' | 'caller';
  action?: Action;
}

export interface ChunkOptions {
  chunkSize?: number;
  /** Each chunk in a transaction of its own, for long work that must not hold every lock to the end; default: the caller's transaction. */
  transactionPerChunk?: boolean;
}

/**
 * Hands the selected items to `handler` a chunk at a time, as stored items (every field), locked until the chunk's
 * transaction ends. Items the handler changes so that they leave the selection are not seen again.
 */
export async function forEachChunk(ctx: Context, selection: Selection, handler: (tx: Context, items: ItemDto[]) => Promise<void>, options: ChunkOptions = {}): Promise<void> {
  const size = options.chunkSize ?? defaultChunkSize;
  const full = ctx.catalog.full[selection.type];
  const table = full.table;
  let afterId = 0;
  const chunk = async (tx: Context): Promise<boolean> => {
    const reader = selection.reach === 'caller' ? scopedReader(tx) : unscopedReader(tx, 'a bulk write selects its items by its own condition');
    let query = itemsQuery(reader, selection.type, selection.which)
      .selectAll(table)
      .where((eb) => selection.where(eb, table))
      .where(`${table}.id`, '>', afterId)
      .orderBy(`${table}.id`)
      .limit(size);
    if (tx.dialect === 'postgres') query = query.forUpdate();
    const rows = (await query.execute()) as Row[];
    if (rows.length === 0) return false;
    afterId = Number(rows[rows.length - 1].id);
    await handler(tx, await presentItems(tx.db, full, rows));
    return rows.length === size;
  };
  const ownTransactions = options.transactionPerChunk && !ctx.db.isTransaction;
  for (;;) {
    const more = ownTransactions ? await ctx.db.transaction().execute((trx) => chunk({ ...ctx, db: trx })) : await inTransaction(ctx, chunk);
    if (!more) return;
    // Between its transactions, long work lets other requests in (SQLite serves them all on one connection).
    if (ownTransactions) await new Promise((resolve) => setImmediate(resolve));
  }
}

/** Why `change` leaves an item alone (a group action's per-item checks): a code and what its message needs. */
export class Refusal {
  readonly code: string;
  readonly params?: Record<string, string | number>;
  constructor(code: string, params?: Record<string, string | number>) {
    this.code = code;
    this.params = params;
  }
}

export interface BulkResult {
  changed: number;
  /** Items left as they were: the caller may read them but not change them (`reach: caller`), or `change` refused them. */
  refused: number[];
  /** The same items with why: `FORBIDDEN` (scope), or the code of the `Refusal` that `change` returned. */
  refusals: Array<{ id: number; code: string; params?: Record<string, string | number> }>;
}

/**
 * Changes the selected items: `change` gives an item's new values (API form) from its stored values, undefined
 * to leave it, or a `Refusal` to leave it and say why. The type's rules run per item (a new stage's group, close
 * date, place on the board), and each item that changes gets a version bump, a history event and, for a new stage,
 * a stage history row; the rows of a chunk that get the same new values are written by one statement
 * (`writeManyChanges`). The rules complete the values `change` returns in place: it returns a new object per item.
 * (A version check belongs in `change`: the item it gets is locked until the chunk's transaction ends.)
 */
export async function bulkUpdate(ctx: Context, selection: Selection, change: (item: ItemDto) => Input | Refusal | undefined, options: ChunkOptions = {}): Promise<BulkResult> {
  const full = ctx.catalog.full[selection.type];
  const cache = ruleCache();
  const result: BulkResult = { changed: 0, refused: [], refusals: [] };
  const refuse = (id: number, refusal: Refusal) => {
    result.refused.push(id);
    result.refusals.push({ id, code: refusal.code, ...(refusal.params ? { params: refusal.params } : {}) });
  };
  await forEachChunk(
    ctx,
    selection,
    async (tx, items) => {
      const now = tx.now().toISOString();
      const plans: PlannedWrite[] = [];
      for (const item of items) {
        const values = change(item);
        if (values instanceof Refusal) {
          refuse(item.id, values);
          continue;
        }
        if (!values) continue;
        if (selection.reach === 'caller' && !isAllowed(tx, full, selection.action ?? 'update', item)) {
          refuse(item.id, new Refusal('FORBIDDEN'));
          continue;
        }
        const columns: Record<string, unknown> = {};
        await applyRules(tx, full, values, item, columns, cache);
        if (selection.reach === 'caller' && !isAllowed(tx, full, selection.action ?? 'update', { ...item, ...values })) {
          refuse(item.id, new Refusal('FORBIDDEN'));
          continue;
        }
        plans.push({ current: item, values, columns });
      }
      const events: NewEvent[] = [];
      const moves: StageMove[] = [];
      for (const outcome of await writeManyChanges(tx, full, plans, now)) {
        if (!outcome) continue;
        events.push(outcome.event);
        if (outcome.stageMove) moves.push(outcome.stageMove);
        result.changed++;
      }
      await appendStageMoves(tx.db, moves);
      await appendEvents(tx.db, events);
    },
    options,
  );
  return result;
}

/**
 * Deletes binned items for good, a chunk per transaction. What other items hold of them (a deal's company, a
 * company's contacts, a custom link) is cut first as a change of those items, with a version bump and history, so
 * nothing changes behind anyone's back.
 */
export async function bulkPurge(ctx: Context, selection: Omit<Selection, 'which'>): Promise<number> {
  const full = ctx.catalog.full[selection.type];
  let purged = 0;
  await forEachChunk(
    ctx,
    { ...selection, which: 'binned' },
    async (tx, items) => {
      const ids = items.map((item) => item.id);
      await detachReferences(tx, selection.type, ids);
      await unindexItems(tx, full, ids);
      await deleteRows(tx.db, full, ids);
      await forgetPurgedItems(tx, selection.type, ids);
      const now = tx.now().toISOString();
      await appendEvents(tx.db, ids.map((id) => ({ type: 'item.purged', entityType: selection.type, entityId: id, actorId: tx.actor.id, occurredAt: now, changes: {} })));
      purged += ids.length;
    },
    { transactionPerChunk: true },
  );
  return purged;
}

/** Removes `ids` (items of type `target` about to be purged) from every field of every other item that holds them. */
async function detachReferences(ctx: Context, target: ItemTypeName, ids: number[]): Promise<void> {
  const gone = new Set(ids);
  for (const holder of itemTypeNames) {
    for (const field of ctx.catalog.full[holder].fields) {
      if (field.itemType !== target) continue;
      const notPurged = (eb: Eb, table: string) => (holder === target ? eb(`${table}.id`, 'not in', ids) : eb.lit(true));
      let where: Selection['where'];
      if (field.type === 'links') {
        const link = field.link!;
        where = (eb, table) => eb.and([eb(`${table}.id`, 'in', eb.selectFrom(link.table).select(link.selfColumn).where(link.otherColumn, 'in', ids)), notPurged(eb, table)]);
      } else if (field.custom?.multiple) {
        where = (eb, table) => eb.and([eb(`${table}.id`, 'in', eb.selectFrom('custom_field_values').select('entity_id').where('field_id', '=', field.custom!.id).where('value', 'in', ids)), notPurged(eb, table)]);
      } else if (field.column) {
        where = (eb, table) => eb.and([eb(`${table}.${field.column}`, 'in', ids), notPurged(eb, table)]);
      } else {
        continue;
      }
      const without = (item: ItemDto): Input => {
        const value = item[field.name];
        return { [field.name]: Array.isArray(value) ? (value as number[]).filter((id) => !gone.has(id)) : null };
      };
      await bulkUpdate(ctx, { type: holder, which: 'any', where, reach: 'everything' }, without);
    }
  }
}
