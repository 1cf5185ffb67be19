import { sql } from 'kysely';
import { foldText, normalizeEmail, normalizePhone, type ItemTypeDef, type ItemTypeName } from '@vinculo/shared';
import type { Context } from '../../context.ts';
import type { Database } from '../../db/database.ts';
import { analyzeIfStale } from '../../db/statistics.ts';
import type { Db } from '../../db/types.ts';
import { AppError } from '../../http/app-error.ts';
import { itemTypeNames } from '../catalog/catalog.ts';
import { itemsQuery, readStored, scopedReader } from '../items/item-reader.ts';
import { createItem, createItems, createPrepared, prepareCreates, updateItem, type PreparedCreate } from '../items/item.service.ts';
import { chunkSize } from '../items/item.repository.ts';
import type { ItemDto } from '../items/item.presenter.ts';
import { authorContext } from '../jobs/job-context.ts';
import { JobFailure, type BatchOutcome, type JobHandler } from '../jobs/job-runner.ts';
import { findTransferFile } from '../transfer-files/transfer-file.repository.ts';
import { fileStream } from '../transfer-files/transfer-file.service.ts';
import { readRows, UnreadableFile, type FileShape } from './file-reading.ts';
import type { Target } from './header-mapping.ts';
import { loadLookups } from './import-lookups.ts';
import { findMatches, matchOf, remember, type MatchIndex } from './import-matching.ts';
import { countStaged, insertStagedRows, recordOutcomes, stagedRows, type RowPrevious, type RowReason, type RowRecord, type StagedRow } from './import-rows.repository.ts';
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

/** Rows per batch (one transaction): enough that a batch's fixed costs (its look-ups, its commit) stay small per row. */
const importBatchRows = 1000;

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
      batchSize: importBatchRows,
      async batch(from, size) {
        const ctx = await authorContext(database, job.created_by_id, now);
        lookups ??= await loadLookups(ctx, params.dayFirst);
        await analyzeIfStale(database.db, database.dialect, [ctx.catalog.full[name].table, 'multifields', 'companies']);
        const rows = await stagedRows(database.db, job.id, from + 1, from + size);
        return (trx) => importBatch({ ...ctx, db: trx }, name, job.id, params, rows, lookups!);
      },
    };
  },
};

interface BatchState {
  matches: MatchIndex;
  /** Companies by folded name: found, or made by this batch (`made` until a row claims having made it). */
  companies: Map<string, number>;
  madeCompanies: Set<string>;
  contacts: Map<string, number>;
}

/**
 * One batch of rows, in the batch's transaction. Row by row: a row that cannot be read is rejected with its reason, a
 * row matching an item there is skipped or updates it (under a savepoint: a refused update leaves nothing), a row
 * matching an earlier row of the batch goes with that row. The rows left are created together (`createItems`): first
 * checked, then their companies and contacts found or made (for the rows that will be created only, so a refused row
 * leaves no company behind), then written.
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
  const readable = plans.filter((plan): plan is RowPlan => !(plan instanceof RowRefusal));
  const state: BatchState = { matches: await findMatches(ctx, name, readable), companies: new Map(), madeCompanies: new Set(), contacts: new Map() };
  await findCompanies(ctx, readable.flatMap((plan) => companiesOf(name, plan)), state);
  const outcome: BatchOutcome = { succeeded: 0, refusals: [] };
  const records: RowRecord[] = [];
  const record = (rowNo: number, kind: RowRecord['outcome'], itemId: number, previous: RowPrevious | null = null) => {
    records.push({ rowNo, outcome: kind, itemId, previous });
    outcome.succeeded++;
  };
  const reject = (rowNo: number, reason: RowReason) => {
    records.push({ rowNo, outcome: 'rejected', itemId: null, reason });
    outcome.refusals.push({ id: rowNo, code: reason.code });
  };
  const creates: PendingCreate[] = [];
  const followers: Array<{ rowNo: number; of: PendingCreate; outcome: 'skipped' | 'updated' }> = [];

  for (const [index, row] of rows.entries()) {
    const plan = plans[index];
    if (plan instanceof RowRefusal) {
      reject(row.rowNo, { code: plan.code, column: plan.column, value: plan.value });
      continue;
    }
    const match = params.onDuplicate === 'create' ? undefined : matchOf(state.matches, plan.keys);
    if (match !== undefined && match < 0) {
      // The same as a row of this batch that is yet to be created: skipped, or its values go into that row's.
      const first = creates[-match - 1];
      if (params.onDuplicate === 'update') first.plan = { ...first.plan, input: mergedInputs(type, first.plan.input, plan.input) };
      followers.push({ rowNo: row.rowNo, of: first, outcome: params.onDuplicate === 'update' ? 'updated' : 'skipped' });
      continue;
    }
    if (match !== undefined && params.onDuplicate === 'skip') {
      record(row.rowNo, 'skipped', match);
      continue;
    }
    if (match !== undefined) {
      await sql`savepoint import_row`.execute(ctx.db);
      try {
        const previous = await updateMatch(ctx, name, plan, match, state);
        await sql`release savepoint import_row`.execute(ctx.db);
        record(row.rowNo, 'updated', match, previous);
        remember(state.matches, plan.keys, match);
      } catch (error) {
        await sql`rollback to savepoint import_row`.execute(ctx.db);
        await sql`release savepoint import_row`.execute(ctx.db);
        if (!(error instanceof AppError)) throw error;
        reject(row.rowNo, refusalReason(error));
      }
      continue;
    }
    creates.push({ rowNo: row.rowNo, plan, previous: {} });
    remember(state.matches, plan.keys, -creates.length);
  }

  // The creates: checked first; the companies and contacts of those that will be made; then all of them at once.
  const prepared = await prepareCreates(ctx, name, creates.map((create) => create.plan.input));
  const accepted: Array<{ create: PendingCreate; entry: PreparedCreate }> = [];
  prepared.forEach((entry, index) => {
    if (entry instanceof AppError) creates[index].refusal = entry;
    else accepted.push({ create: creates[index], entry });
  });
  await makeCompanies(ctx, accepted.flatMap(({ create }) => companiesOf(name, create.plan)), state);
  for (const { create, entry } of accepted) Object.assign(entry.values, await relationsOf(ctx, name, create.plan, create.previous, state));
  const made = await createPrepared(ctx, name, accepted.map(({ entry }) => entry));
  accepted.forEach(({ create }, index) => {
    const result = made[index];
    if (typeof result === 'number') create.itemId = result;
    else create.refusal = result;
  });
  for (const create of creates) {
    if (create.itemId !== undefined) record(create.rowNo, 'created', create.itemId, hasAny(create.previous) ? create.previous : null);
    else reject(create.rowNo, refusalReason(create.refusal!));
  }
  for (const follower of followers) {
    if (follower.of.itemId === undefined) reject(follower.rowNo, refusalReason(follower.of.refusal!));
    else record(follower.rowNo, follower.outcome, follower.of.itemId);
  }
  await recordOutcomes(ctx.db, ctx.dialect, jobId, records);
  return outcome;
}

/** A row to be created, and then what became of it. */
interface PendingCreate {
  rowNo: number;
  plan: RowPlan;
  previous: RowPrevious;
  itemId?: number;
  refusal?: AppError;
}

function refusalReason(error: AppError): RowReason {
  if (Array.isArray(error.details)) return { code: error.code, issues: error.details.map((issue) => ({ field: issue.field, rule: issue.rule, ...(issue.label ? { label: issue.label } : {}) })) };
  return { code: error.code };
}

/** The links of a row's item to its company (and a deal's contact), found or made; what it made goes in `previous`. */
async function relationsOf(ctx: Context, name: ItemTypeName, plan: RowPlan, previous: RowPrevious, state: BatchState): Promise<Record<string, unknown>> {
  const input: Record<string, unknown> = {};
  for (const title of companiesOf(name, plan)) {
    const company = await companyNamed(ctx, title, state);
    if (company.created) previous.createdCompanyIds = [...(previous.createdCompanyIds ?? []), company.id];
    linkCompany(name, input, company.id);
  }
  if (plan.contact && name === 'deal') {
    const contact = await contactFor(ctx, plan.contact, state);
    if (contact) {
      if (contact.created) previous.createdContactId = contact.id;
      input.contactIds = [contact.id];
    }
  }
  return input;
}

/** Updates the item a row matched with the row's values; returns what an undo needs. */
async function updateMatch(ctx: Context, name: ItemTypeName, plan: RowPlan, match: number, state: BatchState): Promise<RowPrevious> {
  const previous: RowPrevious = {};
  const input = { ...plan.input, ...(await relationsOf(ctx, name, plan, previous, state)) };
  const current = await readStored(scopedReader(ctx), name, match);
  if (!current) throw new AppError('NOT_FOUND');
  const values = mergedForUpdate(ctx, name, input, current);
  previous.values = Object.fromEntries(Object.keys(values).map((field) => [field, asInput(current[field])]));
  await updateItem(ctx, name, match, values);
  return previous;
}

/** Two rows of one item: the later row's values win, the phones and e-mails of both are kept. */
function mergedInputs(type: ItemTypeDef, first: Record<string, unknown>, later: Record<string, unknown>): Record<string, unknown> {
  const merged = { ...first, ...later };
  for (const field of type.fields.filter((f) => f.type === 'multifield')) {
    const entries = [...((first[field.name] as Array<{ value: string }>) ?? []), ...((later[field.name] as Array<{ value: string }>) ?? [])];
    const seen = new Set<string>();
    const unique = entries.filter((entry) => {
      const key = normalizedOf(field.multifieldKind!, entry.value);
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
    if (unique.length > 0) merged[field.name] = unique;
  }
  return merged;
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
  if (name === 'contact') input.companyIds = [...((input.companyIds as number[] | undefined) ?? []), companyId];
  else if (name === 'deal' || name === 'lead') input.companyId = companyId;
}

/** The companies a row's item is linked to: a contact is at every company the row names; a deal or a lead at the first. */
const companiesOf = (name: ItemTypeName, plan: RowPlan) => (name === 'contact' ? (plan.companies ?? []) : (plan.companies ?? []).slice(0, 1));

const companyKey = (title: string) => foldText(title.trim().replace(/\s+/g, ' '));

/** Finds the companies of these names among those the importer may read (the first by id for a name several have). */
async function findCompanies(ctx: Context, titles: string[], state: BatchState): Promise<void> {
  const keys = [...new Set(titles.map(companyKey))].filter((key) => !state.companies.has(key));
  for (let start = 0; start < keys.length; start += chunkSize) {
    const rows = (await itemsQuery(scopedReader(ctx), 'company')
      .select(['companies.id as id', 'companies.title_key as title_key'])
      .where('companies.title_key', 'in', keys.slice(start, start + chunkSize))
      .orderBy('companies.id')
      .execute()) as Array<{ id: number; title_key: string }>;
    for (const row of rows) if (!state.companies.has(row.title_key)) state.companies.set(row.title_key, Number(row.id));
  }
}

/** Makes the companies named that are not there yet, together, once per distinct name. */
async function makeCompanies(ctx: Context, titles: string[], state: BatchState): Promise<void> {
  const missing = new Map<string, string>();
  for (const title of titles) if (!state.companies.has(companyKey(title)) && !missing.has(companyKey(title))) missing.set(companyKey(title), title.trim());
  if (missing.size === 0) return;
  const made = await createItems(ctx, 'company', [...missing.values()].map((title) => ({ title })));
  [...missing.keys()].forEach((key, index) => {
    // A refused company (a required field of the company type, say) is left to the row, which is then refused with its reason.
    if (typeof made[index] !== 'number') return;
    state.companies.set(key, made[index]);
    state.madeCompanies.add(key);
  });
}

/** A company by its name among those the importer may read; created (once per distinct name) when there is none. */
async function companyNamed(ctx: Context, title: string, state: BatchState): Promise<{ id: number; created: boolean }> {
  const key = companyKey(title);
  const known = state.companies.get(key);
  if (known !== undefined) return { id: known, created: state.madeCompanies.delete(key) };
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
