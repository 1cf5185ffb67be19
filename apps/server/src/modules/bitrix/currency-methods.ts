import { rescaleRate, type Locale } from '@vinculo/shared';
import type { Context } from '../../context.ts';
import { addCurrency, deleteCurrency, listCurrencies, makeBaseCurrency, updateCurrency, type CurrencyChanges, type CurrencyDto } from '../currencies/currency.service.ts';
import { invalidArgument, notFound } from './bitrix-errors.ts';
import type { MethodTable } from './bitrix-methods.ts';
import { objectParam, param, type Params } from './bitrix-params.ts';
import { describeFields, filtered, intField, ordered, required, textField, withFieldNames, yesNo } from './dictionary-support.ts';

/**
 * `crm.currency.*` (spec §11.3) over Vínculo's currencies. Bitrix24's AMOUNT for AMOUNT_CNT units is Vínculo's rate of
 * one unit; names are kept in English and Portuguese, Bitrix24's `en` and `br` languages. Number formats come from
 * the language's own conventions (Intl), as the web app shows amounts.
 */

// Bitrix24's language ids for Vínculo's languages.
const languages: Array<[lid: string, locale: Locale]> = [
  ['en', 'en'],
  ['br', 'pt-BR'],
];
const lidOf = (locale: Locale) => languages.find(([, l]) => l === locale)![0];
const text = (en: string, pt: string) => ({ en, 'pt-BR': pt });
const fieldNames = { code: 'CURRENCY', nameEn: 'FULL_NAME', namePt: 'FULL_NAME', rate: 'AMOUNT', sort: 'SORT' };

/** How amounts of the currency are written in a language: `R$ #`, `$#`, separators and decimals. */
function formatOf(currency: CurrencyDto, locale: Locale) {
  const parts = new Intl.NumberFormat(locale, { style: 'currency', currency: currency.code, minimumFractionDigits: currency.decimals }).formatToParts(1234.5);
  const number = new Set(['integer', 'group', 'decimal', 'fraction']);
  const first = parts.findIndex((part) => number.has(part.type));
  const last = parts.length - 1 - [...parts].reverse().findIndex((part) => number.has(part.type));
  const before = parts.slice(0, first).map((part) => part.value).join('');
  const after = parts.slice(last + 1).map((part) => part.value).join('');
  return {
    FORMAT_STRING: `${before}#${after}`.replace(/\u00a0/g, ' '),
    DEC_POINT: parts.find((part) => part.type === 'decimal')?.value ?? '.',
    THOUSANDS_SEP: (parts.find((part) => part.type === 'group')?.value ?? ',').replace(/\u00a0/g, ' '),
    DECIMALS: String(currency.decimals),
  };
}

function presentCurrency(ctx: Context, currency: CurrencyDto) {
  return {
    CURRENCY: currency.code,
    AMOUNT_CNT: '1',
    AMOUNT: currency.rate,
    SORT: String(currency.sort),
    BASE: yesNo(currency.isBase),
    FULL_NAME: currency.name,
    LID: lidOf(ctx.locale),
    ...formatOf(currency, ctx.locale),
    DATE_UPDATE: null,
  };
}

function presentWithLanguages(ctx: Context, currency: CurrencyDto) {
  const lang = Object.fromEntries(
    languages.map(([lid, locale]) => [lid, { FULL_NAME: locale === 'en' ? currency.nameEn : currency.namePt, ...formatOf(currency, locale), THOUSANDS_VARIANT: null, HIDE_ZERO: 'Y' }]),
  );
  return { ...presentCurrency(ctx, currency), LANG: lang };
}

async function currencyOf(ctx: Context, params: Params): Promise<CurrencyDto> {
  const code = String(required(param(params, 'id') as string, 'id')).toUpperCase();
  const found = (await listCurrencies(ctx)).find((currency) => currency.code === code);
  if (!found) throw notFound('Currency is not found.');
  return found;
}

/** Names from `LANG[en|br][FULL_NAME]` or `FULL_NAME` (both languages). */
function namesOf(fields: Params): { nameEn?: string; namePt?: string } {
  const lang = objectParam(fields, 'LANG');
  const inLanguage = (lid: string) => textField(objectParam(lang, lid), 'FULL_NAME') || undefined;
  const both = textField(fields, 'FULL_NAME') || undefined;
  const names = { nameEn: inLanguage('en') ?? both, namePt: inLanguage('br') ?? both };
  for (const value of Object.values(names)) if (value !== undefined && value.length > 100) throw invalidArgument('The field FULL_NAME is longer than 100 characters');
  return names;
}

/** The rate of one unit: AMOUNT for AMOUNT_CNT units (1 unless given). */
function rateOf(fields: Params): string | undefined {
  const amount = textField(fields, 'AMOUNT');
  if (amount === undefined || amount === '') return undefined;
  const count = textField(fields, 'AMOUNT_CNT') || '1';
  try {
    return count === '1' ? amount : (rescaleRate(amount, count) ?? amount);
  } catch {
    throw invalidArgument('The fields AMOUNT and AMOUNT_CNT must be positive numbers');
  }
}

const isBaseFlag = (fields: Params) => ['y', 'true', '1'].includes(String(param(fields, 'BASE') ?? '').toLowerCase());

export const currencyMethods: MethodTable = {
  'crm.currency.fields': {
    scope: 'crm',
    run: async ({ caller }) => ({
      result: describeFields(caller.ctx, {
        CURRENCY: { type: 'string', title: text('Currency', 'Moeda'), isRequired: true, isImmutable: true },
        AMOUNT_CNT: { type: 'integer', title: text('Units for the rate', 'Unidades da cotação'), isRequired: true },
        AMOUNT: { type: 'double', title: text('Rate', 'Cotação'), isRequired: true },
        SORT: { type: 'integer', title: text('Sort', 'Ordem') },
        BASE: { type: 'char', title: text('Base currency', 'Moeda base'), isReadOnly: true },
        FULL_NAME: { type: 'string', title: text('Name', 'Nome'), isReadOnly: true },
        LID: { type: 'string', title: text('Language', 'Idioma'), isReadOnly: true },
        FORMAT_STRING: { type: 'string', title: text('Format', 'Formato'), isReadOnly: true },
        DEC_POINT: { type: 'string', title: text('Decimal point', 'Separador decimal'), isReadOnly: true },
        THOUSANDS_SEP: { type: 'string', title: text('Thousands separator', 'Separador de milhares'), isReadOnly: true },
        DECIMALS: { type: 'integer', title: text('Decimals', 'Casas decimais'), isReadOnly: true },
        DATE_UPDATE: { type: 'datetime', title: text('Updated on', 'Atualizado em'), isReadOnly: true },
        LANG: { type: 'localization', title: text('Names by language', 'Nomes por idioma') },
      }),
    }),
  },
  'crm.currency.list': {
    scope: 'crm',
    run: async ({ caller, params }) => {
      const rows = (await listCurrencies(caller.ctx)).map((currency) => presentCurrency(caller.ctx, currency));
      return { result: ordered(filtered(rows, params), params) };
    },
  },
  'crm.currency.get': {
    scope: 'crm',
    run: async ({ caller, params }) => ({ result: presentWithLanguages(caller.ctx, await currencyOf(caller.ctx, params)) }),
  },
  'crm.currency.add': {
    scope: 'crm',
    run: async ({ caller, params }) => {
      const fields = objectParam(params, 'fields');
      const code = String(required(textField(fields, 'CURRENCY'), 'CURRENCY')).toUpperCase();
      if (!/^[A-Z]{3}$/.test(code)) throw invalidArgument('The field CURRENCY must be a three-letter ISO 4217 code');
      const names = namesOf(fields);
      const rate = required(rateOf(fields), 'AMOUNT');
      await withFieldNames(caller.ctx, fieldNames, () => addCurrency(caller.ctx, { code, nameEn: names.nameEn ?? names.namePt ?? code, namePt: names.namePt ?? names.nameEn ?? code, rate, sort: intField(fields, 'SORT') }));
      if (isBaseFlag(fields)) await withFieldNames(caller.ctx, fieldNames, () => makeBaseCurrency(caller.ctx, code));
      return { result: code };
    },
  },
  'crm.currency.update': {
    scope: 'crm',
    run: async ({ caller, params }) => {
      const currency = await currencyOf(caller.ctx, params);
      const fields = objectParam(params, 'fields');
      const rate = rateOf(fields);
      const changes: CurrencyChanges = { ...namesOf(fields), sort: intField(fields, 'SORT'), ...(rate !== undefined && !currency.isBase ? { rate } : {}) };
      await withFieldNames(caller.ctx, fieldNames, () => updateCurrency(caller.ctx, currency.code, changes));
      if (isBaseFlag(fields) && !currency.isBase) await withFieldNames(caller.ctx, fieldNames, () => makeBaseCurrency(caller.ctx, currency.code));
      return { result: true };
    },
  },
  'crm.currency.delete': {
    scope: 'crm',
    run: async ({ caller, params }) => {
      const currency = await currencyOf(caller.ctx, params);
      await withFieldNames(caller.ctx, fieldNames, () => deleteCurrency(caller.ctx, currency.code));
      return { result: true };
    },
  },
  'crm.currency.base.get': {
    scope: 'crm',
    run: async ({ caller }) => ({ result: (await listCurrencies(caller.ctx)).find((currency) => currency.isBase)?.code ?? '' }),
  },
  'crm.currency.base.set': {
    scope: 'crm',
    run: async ({ caller, params }) => {
      const currency = await currencyOf(caller.ctx, params);
      await withFieldNames(caller.ctx, fieldNames, () => makeBaseCurrency(caller.ctx, currency.code));
      return { result: true };
    },
  },
};
