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
  const minor = Number(units) * 100 + Number(fraction.padEnd(moneyScale, '0'));
  if (!Number.isSafeInteger(minor) || minor > maxMinorUnits) return null;
  return sign && minor !== 0 ? -minor : minor;
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
