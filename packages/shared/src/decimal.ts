/**
 * Exact decimals for exchange rates: a BigInt of units and a power-of-ten scale. Rates travel and are stored as
 * decimal strings ("5.4321"); nothing here ever turns them into a JavaScript number.
 */

/** The value `units / 10^scale`. */
export interface Decimal {
  units: bigint;
  scale: number;
}

/** Decimals a rate may have; rescaled rates are rounded to this many. */
export const rateScale = 10;
/** Integer digits a rate may have. */
export const maxRateIntegerDigits = 12;
/** The smallest rate, as the API names it in validation errors. */
export const minRate = `0.${'0'.repeat(rateScale - 1)}1`;
/** The largest rate. */
export const maxRate = `${'9'.repeat(maxRateIntegerDigits)}.${'9'.repeat(rateScale)}`;

const decimalPattern = /^(-)?(\d+)(?:\.(\d+))?$/;

/** Parses a plain decimal string ("-12.340", "7") exactly; null for anything else (exponents, spaces, "1.", ".5"). */
export function parseDecimal(text: string): Decimal | null {
  const match = decimalPattern.exec(text);
  if (!match) return null;
  const [, sign, whole, fraction = ''] = match;
  const units = BigInt(whole + fraction);
  return { units: sign ? -units : units, scale: fraction.length };
}

/** Why a text is not an exchange rate: `format` (not a decimal, or more than 10 decimals), `min` (≤ 0), `max` (too large); null when it is one. */
export function rateIssue(text: string): 'format' | 'min' | 'max' | null {
  const value = parseDecimal(text);
  if (value === null) return 'format';
  if (value.units <= 0n) return 'min';
  if (value.scale > rateScale) return 'format';
  if (value.units >= 10n ** BigInt(maxRateIntegerDigits + value.scale)) return 'max';
  return null;
}

/** Parses an exchange rate: a decimal string greater than 0 with up to 12 integer digits and 10 decimals; null otherwise. */
export function parseRate(text: string): Decimal | null {
  return rateIssue(text) === null ? parseDecimal(text) : null;
}

/** Writes a decimal in its shortest exact form: no leading zeros, no trailing fractional zeros ("05.40" → "5.4"). */
export function formatDecimal(value: Decimal): string {
  const negative = value.units < 0n;
  const digits = (negative ? -value.units : value.units).toString().padStart(value.scale + 1, '0');
  const whole = digits.slice(0, digits.length - value.scale);
  const fraction = digits.slice(digits.length - value.scale).replace(/0+$/, '');
  const text = fraction ? `${whole}.${fraction}` : whole;
  return negative && text !== '0' ? `-${text}` : text;
}

/** Divides exactly and rounds the quotient to an integer, a half going to the even neighbour (banker's rounding). */
export function divideHalfEven(numerator: bigint, denominator: bigint): bigint {
  if (denominator === 0n) throw new RangeError('Division by zero');
  if (denominator < 0n) return divideHalfEven(-numerator, -denominator);
  // BigInt division truncates toward zero; the remainder has the numerator's sign.
  const quotient = numerator / denominator;
  const remainder = numerator - quotient * denominator;
  const twiceRemainder = 2n * (remainder < 0n ? -remainder : remainder);
  if (twiceRemainder < denominator || (twiceRemainder === denominator && quotient % 2n === 0n)) return quotient;
  return quotient + (numerator < 0n ? -1n : 1n);
}

/**
 * `rate / divisor` rounded half-even to 10 decimals, in shortest form: how every rate is re-expressed when
 * the currency whose rate is `divisor` becomes the base. Null when the result is not a valid rate (rounds to 0
 * or is too large). Throws a RangeError when an argument is not a rate.
 */
export function rescaleRate(rate: string, divisor: string): string | null {
  const value = requireRate(rate);
  const by = requireRate(divisor);
  // (v / 10^vs) / (b / 10^bs) · 10^rateScale
  const units = divideHalfEven(value.units * 10n ** BigInt(by.scale + rateScale), by.units * 10n ** BigInt(value.scale));
  const text = formatDecimal({ units, scale: rateScale });
  return parseRate(text) === null ? null : text;
}

/** Parses a rate that must be valid (it comes from the database or was validated already). */
export function requireRate(text: string): Decimal {
  const rate = parseRate(text);
  if (rate === null) throw new RangeError(`Not an exchange rate: ${JSON.stringify(text)}`);
  return rate;
}
