import { divideHalfEven, rateScale, requireRate } from './decimal.ts';

/** Money is kept in integer minor units (2 decimals, as Bitrix24's DECIMAL(18,2)); never in floats. */

export const moneyScale = 2;
/** The largest amount whose minor units stay an exact JavaScript integer. */
export const maxMinorUnits = 9_000_000_000_000_000;

const moneyPattern = /^(-)?(\d{1,16})(?:\.(\d{1,2}))?$/;

/** Parses "1234.5", "1234.50" or 1234.5 into minor units (123450); null when it is not an exact amount. */
export function parseMoney(input: string | number): number | null {
  const text = typeof input === 'number' ? numberToPlain(input) : input.trim();
  if (text === null) return null;
  const match = moneyPattern.exec(text);
  if (!match) return null;
  const [, sign, units, fraction = ''] = match;
  const minor = BigInt(units) * 100n + BigInt(fraction.padEnd(moneyScale, '0'));
  if (minor > BigInt(maxMinorUnits)) return null;
  // Exact: at most 9·10^15, below 2^53.
  return Number(sign ? -minor : minor);
}

function numberToPlain(value: number): string | null {
  if (!Number.isFinite(value)) return null;
  // String(0.1) is "0.1": the shortest text that round-trips, which is what the client meant.
  const text = String(value);
  return /e/i.test(text) ? null : text;
}

/** Formats minor units as a decimal string: 123450 → "1234.50". */
export function formatMoney(minor: number | bigint | string): string {
  const value = BigInt(minor);
  const negative = value < 0n;
  const abs = negative ? -value : value;
  const units = abs / 100n;
  const cents = (abs % 100n).toString().padStart(2, '0');
  return `${negative ? '-' : ''}${units}.${cents}`;
}

/** One amount in minor units and the code of its currency. */
export interface MoneyRow {
  currency: string;
  minor: bigint | number | string;
}

/**
 * Converts minor units from one currency to another through the base currency: amount × fromRate ÷ toRate,
 * where a rate is the value of 1 unit in the base currency ("5.4321"). Exact until one final half-to-even rounding.
 */
export function convertMinor(minor: bigint | number | string, fromRate: string, toRate: string): bigint {
  return sumConverted([{ currency: 'from', minor }], { from: fromRate, to: toRate }, 'to');
}

/**
 * Adds amounts in several currencies and expresses the total in `target`, rounding once at the end (half to even),
 * so the total is exactly the rounded sum of the exact conversions. `rates` maps currency codes to rates.
 */
export function sumConverted(rows: Iterable<MoneyRow>, rates: Readonly<Record<string, string>>, target: string): bigint {
  // Each rate as an integer number of 10^-rateScale base units, parsed once per currency.
  const scaledRates = new Map<string, bigint>();
  const scaledRateOf = (code: string) => {
    let scaled = scaledRates.get(code);
    if (scaled === undefined) {
      if (!Object.hasOwn(rates, code)) throw new RangeError(`No rate for currency ${code}`);
      const rate = requireRate(rates[code]);
      scaled = rate.units * 10n ** BigInt(rateScale - rate.scale);
      scaledRates.set(code, scaled);
    }
    return scaled;
  };
  const targetRate = scaledRateOf(target);
  let totalInBase = 0n;
  for (const row of rows) totalInBase += toMinor(row.minor) * scaledRateOf(row.currency);
  return divideHalfEven(totalInBase, targetRate);
}

/** Minor units as a BigInt; refuses fractions and unsafe numbers rather than guessing. */
function toMinor(value: bigint | number | string): bigint {
  if (typeof value === 'bigint') return value;
  if (typeof value === 'number' ? Number.isSafeInteger(value) : /^-?\d+$/.test(value)) return BigInt(value);
  throw new RangeError(`Not a whole number of minor units: ${String(value)}`);
}
