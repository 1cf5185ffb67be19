import { formatDecimal, moneyScale, parseRate, rateIssue, rescaleRate, type Locale } from '@vinculo/shared';
import { inTransaction, type Context } from '../../context.ts';
import { AppError, invalid, notFound } from '../../http/app-error.ts';
import { requireSettingsAccess } from '../access/settings.policy.ts';
import { changedValues, recordAudit } from '../audit/audit.service.ts';
import { itemTypeNames } from '../catalog/catalog.ts';
import { countMatching, itemsQuery, unscopedReader } from '../items/item-reader.ts';
import * as repository from './currency.repository.ts';
import type { CurrencyRow } from './currency.repository.ts';

/**
 * Currencies and their exchange rates. A rate is the value of 1 unit in the base currency, kept as an exact
 * decimal string; the base currency's rate is always "1". Amounts stay in their own currency (ADR 0002).
 */

export interface CurrencyDto {
  code: string;
  /** The name in the caller's language. */
  name: string;
  nameEn: string;
  namePt: string;
  isBase: boolean;
  rate: string;
  decimals: number;
  sort: number;
}

export interface NewCurrency {
  code: string;
  nameEn: string;
  namePt: string;
  rate: string;
  sort?: number;
}

export interface CurrencyChanges {
  nameEn?: string;
  namePt?: string;
  rate?: string;
  sort?: number;
}

export async function listCurrencies(ctx: Context): Promise<CurrencyDto[]> {
  return (await repository.allCurrencies(ctx.db)).map((row) => present(ctx.locale, row));
}

export async function addCurrency(ctx: Context, input: NewCurrency): Promise<CurrencyDto> {
  requireSettingsAccess(ctx);
  const rate = canonicalRate(input.rate);
  return inTransaction(ctx, async (tx) => {
    // Waits for a change of base in progress, whose rescaling would not see this new row.
    await repository.lockCurrencies(tx.db, tx.dialect, 'base');
    const sort = input.sort ?? (await repository.lastSort(tx.db)) + 10;
    const row = { code: input.code, name_en: input.nameEn, name_pt: input.namePt, is_base: 0, rate, decimals: moneyScale, sort };
    if (!(await repository.insertCurrency(tx.db, row))) throw invalid([{ field: 'code', rule: 'taken' }]);
    const added = present(tx.locale, row);
    await auditCurrency(tx, 'added', added, changedValues(null, { ...added }, auditedKeys));
    return added;
  });
}

export async function updateCurrency(ctx: Context, code: string, input: CurrencyChanges): Promise<CurrencyDto> {
  requireSettingsAccess(ctx);
  const rate = input.rate === undefined ? undefined : canonicalRate(input.rate);
  return inTransaction(ctx, async (tx) => {
    await repository.lockCurrencies(tx.db, tx.dialect, { code });
    const current = await repository.findCurrency(tx.db, code);
    if (!current) throw notFound();
    // Every other rate is relative to the base: its own rate changes only through make-base.
    if (Number(current.is_base) === 1 && rate !== undefined && rate !== '1') throw invalid([{ field: 'rate', rule: 'readOnly' }]);
    const changes = { name_en: input.nameEn, name_pt: input.namePt, rate, sort: input.sort };
    await repository.updateCurrency(tx.db, code, Object.fromEntries(Object.entries(changes).filter(([, value]) => value !== undefined)));
    const updated = present(tx.locale, (await repository.findCurrency(tx.db, code))!);
    const changed = changedValues({ ...present(tx.locale, current) }, { ...updated }, auditedKeys);
    if (Object.keys(changed).length > 0) await auditCurrency(tx, 'updated', updated, changed);
    return updated;
  });
}

/**
 * Makes `code` the base currency and re-expresses every rate against it (rate ÷ the new base's rate, rounded
 * half to even to 10 decimals), so conversions between currencies stay what they were. One transaction.
 */
export async function makeBaseCurrency(ctx: Context, code: string): Promise<CurrencyDto[]> {
  requireSettingsAccess(ctx);
  return inTransaction(ctx, async (tx) => {
    await repository.lockCurrencies(tx.db, tx.dialect, 'all');
    const rows = await repository.allCurrencies(tx.db);
    const newBase = rows.find((row) => row.code === code);
    if (!newBase) throw notFound();
    if (Number(newBase.is_base) !== 1) {
      const rates = new Map(rows.map((row) => [row.code, row.code === code ? '1' : rescaleRate(row.rate, newBase.rate)]));
      const outOfRange = [...rates].filter(([, rate]) => rate === null).map(([other]) => other);
      if (outOfRange.length > 0) throw new AppError('CONFLICT', { reason: 'rateOutOfRange', currencies: outOfRange });
      for (const row of rows) {
        await repository.updateCurrency(tx.db, row.code, { is_base: row.code === code ? 1 : 0, rate: rates.get(row.code)! });
      }
      const oldBase = rows.find((row) => Number(row.is_base) === 1)?.code ?? null;
      const rescaled = Object.fromEntries(rows.map((row) => [row.code, [row.rate, rates.get(row.code)!]]));
      await auditCurrency(tx, 'baseChanged', present(tx.locale, newBase), { base: [oldBase, code] }, { rates: rescaled });
    }
    return (await repository.allCurrencies(tx.db)).map((row) => present(tx.locale, row));
  });
}

/**
 * Deletes a currency nothing uses: the base currency stays, and so does any currency an item holds, live or in the
 * recycle bin (a restore must find it), in a standard currency field or a custom money field, whoever may see it.
 */
export async function deleteCurrency(ctx: Context, code: string): Promise<void> {
  requireSettingsAccess(ctx);
  await inTransaction(ctx, async (tx) => {
    await repository.lockCurrencies(tx.db, tx.dialect, { code });
    const current = await repository.findCurrency(tx.db, code);
    if (!current) throw notFound();
    if (Number(current.is_base) === 1) throw new AppError('CONFLICT', { reason: 'baseCurrency' });
    const usedBy = await itemsUsing(tx, code);
    const count = Object.values(usedBy).reduce((sum, n) => sum + n, 0);
    if (count > 0) throw new AppError('CONFLICT', { reason: 'inUse', count, usedBy });
    await repository.deleteCurrency(tx.db, code);
    await auditCurrency(tx, 'deleted', present(tx.locale, current), {});
  });
}

const auditedKeys = ['nameEn', 'namePt', 'rate', 'sort'];

/** The audit entry of a change of a currency (R11). */
function auditCurrency(tx: Context, what: string, currency: CurrencyDto, changes: Record<string, [unknown, unknown]>, extra: Record<string, unknown> = {}) {
  return recordAudit(tx, { kind: `settings.currency.${what}`, target: { type: 'currency', id: currency.code }, details: { name: currency.name, ...extra, changes } });
}

/** How many items of each type (by table name) hold the currency; types without a currency field are left out. */
async function itemsUsing(ctx: Context, code: string): Promise<Record<string, number>> {
  const reader = unscopedReader(ctx, 'a currency any item holds, binned or hidden from the administrator, cannot go');
  const counts: Record<string, number> = {};
  for (const name of itemTypeNames) {
    const type = ctx.catalog.full[name];
    const columns = type.fields.flatMap((field) => (field.type === 'currency' ? [field.column!] : field.currencyColumn ? [field.currencyColumn] : []));
    if (columns.length === 0) continue;
    const holding = itemsQuery(reader, name, 'any').where((eb) => eb.or(columns.map((column) => eb(`${type.table}.${column}`, '=', code))));
    counts[type.table] = await countMatching(reader, holding);
  }
  return counts;
}

/** The rate in shortest form ("5.40" → "5.4"); routes validate already, this guards other callers. */
function canonicalRate(text: string): string {
  const rate = parseRate(text);
  if (rate === null) throw invalid([{ field: 'rate', rule: rateIssue(text) ?? 'format' }]);
  return formatDecimal(rate);
}

function present(locale: Locale, row: CurrencyRow): CurrencyDto {
  return {
    code: row.code,
    name: locale === 'pt-BR' ? row.name_pt : row.name_en,
    nameEn: row.name_en,
    namePt: row.name_pt,
    isBase: Number(row.is_base) === 1,
    rate: row.rate,
    decimals: Number(row.decimals),
    sort: Number(row.sort),
  };
}
