/** A timestamp column's value as an ISO string, whichever driver read it (a `Date` or text). */
export const isoTimestamp = (value: string | Date): string => (value instanceof Date ? value.toISOString() : new Date(value).toISOString());
