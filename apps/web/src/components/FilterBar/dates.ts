/**
 * Date-time fields are filtered by calendar day in the user's time zone: "from 29/11" is from that day's first
 * moment, "up to 29/11" up to its last. The API compares instants (ISO 8601, UTC).
 */
function parts(day: string): [number, number, number] | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  return match ? [Number(match[1]), Number(match[2]) - 1, Number(match[3])] : null;
}

export function startOfDay(day: string): string | null {
  const p = parts(day);
  return p ? new Date(p[0], p[1], p[2]).toISOString() : null;
}

export function endOfDay(day: string): string | null {
  const p = parts(day);
  return p ? new Date(p[0], p[1], p[2], 23, 59, 59, 999).toISOString() : null;
}

/** The local calendar day of an instant (`2026-11-29`), or null. */
export function localDay(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  if (parts(value)) return value;
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return null;
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}
