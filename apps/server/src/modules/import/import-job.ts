import { sql } from 'kysely';
import { foldText, normalizeEmail, normalizePhone, type ItemTypeName } from '@vinculo/shared';
import type { Context } from '../../context.ts';
import type { Database } from '../../db/database.ts';
import type { Db } from '../../db/types.ts';
import { AppError } from '../../http/app-error.ts';
import { itemTypeNames } from '../catalog/catalog.ts';
import { itemsQuery, readStored, scopedReader } from '../items/item-reader.ts';
import { createItem, updateItem } from '../items/item.service.ts';
import type { ItemDto } from '../items/item.presenter.ts';
import { authorContext } from '../jobs/job-context.ts';
import { JobFailure, type BatchOutcome, type JobHandler } from '../jobs/job-runner.ts';
import { findTransferFile } from '../transfer-files/transfer-file.repository.ts';
import { fileStream } from '../transfer-files/transfer-file.service.ts';
import { readRows, UnreadableFile, type FileShape } from './file-reading.ts';
import type { Target } from './header-mapping.ts';
import { loadLookups } from './import-lookups.ts';
import { findMatches, matchOf, remember, type MatchIndex } from './import-matching.ts';
import { countStaged, insertStagedRows, recordOutcome, stagedRows, type RowPrevious, type RowReason, type StagedRow } from './import-rows.repository.ts';
import { planRow, RowRefusal, splitFullName, type RowPlan } from './row-plan.ts';
import type { Lookups } from './cell-parsing.ts';

/** What an import job keeps: its file, how the file reads, the mapping, and what to do with a duplicate. */
export interface ImportParams {
  fileId: number;
  fileName: string;
  shape: FileShape;
  mapping: Array<Target | null>;
  onDuplicate: 'skip' | 'update' | 'create';
  dayFirst: boolean;
}

const stageChunk = 500;

/**
 * Stages the rows of the file (without its header) in `import_rows`, once: a job resumed after a crash finds them
 * there. One transaction: either every row is staged or none is. Returns how many.
 */
export async function stageRows(db: Db, jobId: number, params: ImportParams): Promise<number> {
  const staged = await countStaged(db, jobId);
  if (staged > 0) return staged;
  const file = await findTransferFile(db, params.fileId);
  if (!file) throw new JobFailure('importFileGone');
  const inOne = <T>(work: (trx: Db) => Promise<T>) => (db.isTransaction ? work(db) : db.transaction().execute(work));
  return inOne(async (trx) => {
    let rowNo = 0;
    let batch: StagedRow[] = [];
    let header = true;
    try {
      for await (const cells of readRows(() => fileStream(trx, file), params.shape)) {
        if (header) {
          header = false;
          continue;
        }
        batch.push({ rowNo: ++rowNo, cells: trimTrailing(cells, params.mapping.length) });
        if (batch.length === stageChunk) {
          await insertStagedRows(trx, jobId, batch);
          batch = [];
        }
      }
    } catch (error) {
      if (error instanceof UnreadableFile) throw new JobFailure(`file.${error.code}`);
      throw error;
    }
    await insertStagedRows(trx, jobId, batch);
    return rowNo;
  });
}

/** A row's cells without the empty ones past the header's width (a Bitrix24 export ends every line with `;`). */
const trimTrailing = (cells: string[], width: number) => (cells.length > width && cells.slice(width).every((cell) => cell === '') ? cells.slice(0, width) : cells);

/** Runs imports (`kind: import`): each batch of rows as the job's author, with their rights as they are at that batch. */
export const importJobs: JobHandler = {
  async open(database: Database, job, now) {
    const params = JSON.parse(job.params) as ImportParams;
    const name = job.type as ItemTypeName;
    if (!itemTypeNames.includes(name)) throw new JobFailure('unknownKind');
    const total = await stageRows(database.db, job.id, params);
    // The rows are counted only now: the job shows them as its total, so its progress reads "120 of 31,000".
    if (Number(job.total) !== total) await database.db.updateTable('jobs').set({ total }).where('id', '=', job.id).execute();
    let lookups: Lookups | undefined;
    return {
      total,
      async batch(from, size) {
        const ctx = await authorContext(database, job.created_by_id, now);
        lookups ??= await loadLookups(ctx, params.dayFirst);
        const rows = await stagedRows(database.db, job.id, from + 1, from + size);
        return (trx) => importBatch({ ...ctx, db: trx }, name, job.id, params, rows, lookups!);
      },
    };
  },
};

interface BatchState {
  matches: MatchIndex;
  companies: Map<string, number>;
  contacts: Map<string, number>;
}

/**
 * One batch of rows, in the batch's transaction: each row is planned, matched against the items there and the rows
 * before it, then created, used to update its match, or skipped. A row that fails leaves nothing behind (a savepoint
 * per row) and is recorded with its reason.
 */
export async function importBatch(ctx: Context, name: ItemTypeName, jobId: number, params: ImportParams, rows: StagedRow[], lookups: Lookups): Promise<BatchOutcome> {
  const type = ctx.catalog.visible[name];
  const plans: Array<RowPlan | RowRefusal> = rows.map((row) => {
    try {
      return planRow(type, params.mapping, row.cells, lookups);
    } catch (error) {
      if (error instanceof RowRefusal) return error;
      throw error;
    }
  });
  const state: BatchState = {
    matches: await findMatches(ctx, name, plans.filter((plan): plan is RowPlan => !(plan instanceof RowRefusal))),
    companies: new Map(),
    contacts: new Map(),
  };
  const outcome: BatchOutcome = { succeeded: 0, refusals: [] };
  for (const [index, row] of rows.entries()) {
    const plan = plans[index];
    if (plan instanceof RowRefusal) {
      const reason: RowReason = { code: plan.code, column: plan.column, value: plan.value };
      await recordOutcome(ctx.db, jobId, row.rowNo, 'rejected', null, reason, null);
      outcome.refusals.push({ id: row.rowNo, code: plan.code });
      continue;
    }
    await sql`savepoint import_row`.execute(ctx.db);
    try {
      const done = await importRow(ctx, name, params, plan, state);
      await sql`release savepoint import_row`.execute(ctx.db);
      await recordOutcome(ctx.db, jobId, row.rowNo, done.outcome, done.itemId, null, done.previous ?? null);
      if (done.outcome !== 'skipped') remember(state.matches, plan.keys, done.itemId);
      outcome.succeeded++;
    } catch (error) {
      await sql`rollback to savepoint import_row`.execute(ctx.db);
      await sql`release savepoint import_row`.execute(ctx.db);
      if (!(error instanceof AppError)) throw error;
      const reason = refusalReason(error);
      await recordOutcome(ctx.db, jobId, row.rowNo, 'rejected', null, reason, null);
      outcome.refusals.push({ id: row.rowNo, code: reason.code });
    }
  }
  return outcome;
}

function refusalReason(error: AppError): RowReason {
  if (Array.isArray(error.details)) return { code: error.code, issues: error.details.map((issue) => ({ field: issue.field, rule: issue.rule, ...(issue.label ? { label: issue.label } : {}) })) };
  return { code: error.code };
}

interface RowDone {
  outcome: 'created' | 'updated' | 'skipped';
  itemId: number;
  previous?: RowPrevious;
}

async function importRow(ctx: Context, name: ItemTypeName, params: ImportParams, plan: RowPlan, state: BatchState): Promise<RowDone> {
  const match = params.onDuplicate === 'create' ? undefined : matchOf(state.matches, plan.keys);
  if (match !== undefined && params.onDuplicate === 'skip') return { outcome: 'skipped', itemId: match };
  const previous: RowPrevious = {};
  const input = { ...plan.input };
  if (plan.company) {
    const company = await companyNamed(ctx, plan.company, state);
    if (company.created) previous.createdCompanyId = company.id;
    linkCompany(name, input, company.id);
  }
  if (plan.contact && name === 'deal') {
    const contact = await contactFor(ctx, plan.contact, state);
    if (contact) {
      if (contact.created) previous.createdContactId = contact.id;
      input.contactIds = [contact.id];
    }
  }
  if (match === undefined) {
    const created = await createItem(ctx, name, input);
    return { outcome: 'created', itemId: created.id as number, previous: hasAny(previous) ? previous : undefined };
  }
  const current = await readStored(scopedReader(ctx), name, match);
  if (!current) throw new AppError('NOT_FOUND');
  const values = mergedForUpdate(ctx, name, input, current);
  previous.values = Object.fromEntries(Object.keys(values).map((field) => [field, asInput(current[field])]));
  await updateItem(ctx, name, match, values);
  return { outcome: 'updated', itemId: match, previous };
}

/** A stored value as an update takes it back: multi-value entries without their derived `normalized`. */
const asInput = (value: unknown) =>
  Array.isArray(value) && value.length > 0 && typeof value[0] === 'object' && value[0] !== null && 'normalized' in value[0]
    ? (value as Array<{ id: number; value: string; valueType: string }>).map(({ id, value: text, valueType }) => ({ id, value: text, valueType }))
    : (value ?? null);

const hasAny = (previous: RowPrevious) => Object.keys(previous).length > 0;

/** The values an update writes: the row's, with the item's phones, e-mails and links kept and the row's added to them. */
function mergedForUpdate(ctx: Context, name: ItemTypeName, input: Record<string, unknown>, current: ItemDto): Record<string, unknown> {
  const values: Record<string, unknown> = { ...input };
  for (const field of ctx.catalog.visible[name].fields) {
    const added = values[field.name];
    if (added === undefined) continue;
    if (field.type === 'multifield') {
      const kept = (current[field.name] as Array<{ id: number; value: string; valueType: string; normalized: string }>) ?? [];
      const known = new Set(kept.map((entry) => entry.normalized));
      const fresh = (added as Array<{ value: string; valueType: string }>).filter((entry) => !known.has(normalizedOf(field.multifieldKind!, entry.value)));
      if (fresh.length === 0) delete values[field.name];
      else values[field.name] = [...kept.map(({ id, value, valueType }) => ({ id, value, valueType })), ...fresh];
    } else if (field.type === 'links') {
      const kept = (current[field.name] as number[]) ?? [];
      const fresh = (added as number[]).filter((id) => !kept.includes(id));
      if (fresh.length === 0) delete values[field.name];
      else values[field.name] = [...kept, ...fresh];
    }
  }
  return values;
}

const normalizedOf = (kind: string, value: string) => (kind === 'email' ? normalizeEmail(value) : kind === 'phone' ? normalizePhone(value) : value.trim().toLowerCase()) ?? value;

function linkCompany(name: ItemTypeName, input: Record<string, unknown>, companyId: number) {
  if (name === 'contact') input.companyIds = [companyId];
  else if (name === 'deal' || name === 'lead') input.companyId = companyId;
}

/** A company by its name among those the importer may read; created (once per distinct name) when there is none. */
async function companyNamed(ctx: Context, title: string, state: BatchState): Promise<{ id: number; created: boolean }> {
  const key = foldText(title.replace(/\s+/g, ' '));
  const known = state.companies.get(key);
  if (known !== undefined) return { id: known, created: false };
  const found = (await itemsQuery(scopedReader(ctx), 'company').select('companies.id as id').where('companies.title_key', '=', key).orderBy('companies.id').executeTakeFirst()) as { id: number } | undefined;
  if (found) {
    state.companies.set(key, Number(found.id));
    return { id: Number(found.id), created: false };
  }
  const company = await createItem(ctx, 'company', { title });
  state.companies.set(key, company.id as number);
  return { id: company.id as number, created: true };
}

/** A deal's contact: by e-mail, phone or name among the contacts the importer may read; created when the row names one. */
async function contactFor(ctx: Context, wanted: NonNullable<RowPlan['contact']>, state: BatchState): Promise<{ id: number; created: boolean } | undefined> {
  const [name, lastName] = wanted.fullName ? splitFullName(wanted.fullName) : [wanted.name, wanted.lastName];
  const email = wanted.email ? normalizeEmail(wanted.email) : null;
  const phone = wanted.phone ? normalizePhone(wanted.phone) : null;
  const key = [email ?? '', phone ?? '', foldText(`${name ?? ''} ${lastName ?? ''}`.trim())].join('|');
  if (key === '||') return undefined;
  const known = state.contacts.get(key);
  if (known !== undefined) return { id: known, created: false };
  const plan = { input: { name, lastName }, keys: { emails: email ? [email] : [], phones: phone ? [phone] : [], name: name || lastName ? `${foldText(`${name ?? ''} ${lastName ?? ''}`.trim())}|` : undefined } } as RowPlan;
  const matches = await findMatches(ctx, 'contact', [plan]);
  let id = matchOf(matches, plan.keys);
  // A person's name alone matches whatever their company: the deal's file may not name it.
  if (id === undefined && (name || lastName)) id = await contactByName(ctx, name, lastName);
  if (id !== undefined) {
    state.contacts.set(key, id);
    return { id, created: false };
  }
  if (!name && !lastName) return undefined;
  const contact = await createItem(ctx, 'contact', {
    ...(name ? { name } : {}),
    ...(lastName ? { lastName } : {}),
    ...(email ? { emails: [{ value: wanted.email, valueType: 'WORK' }] } : {}),
    ...(phone ? { phones: [{ value: wanted.phone, valueType: 'WORK' }] } : {}),
  });
  state.contacts.set(key, contact.id as number);
  return { id: contact.id as number, created: true };
}

async function contactByName(ctx: Context, name: string | undefined, lastName: string | undefined): Promise<number | undefined> {
  let query = itemsQuery(scopedReader(ctx), 'contact').select('contacts.id as id');
  query = name ? query.where('contacts.name_key', '=', foldText(name)) : query.where('contacts.name', 'is', null);
  query = lastName ? query.where('contacts.last_name_key', '=', foldText(lastName)) : query.where('contacts.last_name', 'is', null);
  const row = (await query.orderBy('contacts.id').executeTakeFirst()) as { id: number } | undefined;
  return row ? Number(row.id) : undefined;
}
