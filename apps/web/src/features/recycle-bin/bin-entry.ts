import type { TypeMeta } from '../../api/types';
import type { ItemPlural } from '../../app/router';

export type BinTypeName = TypeMeta['name'];

/** One item in the recycle bin, as GET /api/v1/recycle-bin answers it. */
export interface BinEntry {
  type: BinTypeName;
  id: number;
  title: string;
  deletedAt: string;
  deletedById: number | null;
  purgeAfter: string;
}

/** The server lists at most this many binned items of each type, the most recently deleted first. */
export const binCapPerType = 500;

export const binPlural: Record<BinTypeName, ItemPlural> = { lead: 'leads', deal: 'deals', contact: 'contacts', company: 'companies' };

export const entryKey = (entry: Pick<BinEntry, 'type' | 'id'>) => `${entry.type}:${entry.id}`;

/** The retention period in whole days, read off an entry (its purge date less its deletion date). */
export function retentionDays(entry: BinEntry): number {
  return Math.round((Date.parse(entry.purgeAfter) - Date.parse(entry.deletedAt)) / 86_400_000);
}

/** The calendar day of a moment in the browser's time zone, as `YYYY-MM-DD` (for formatDate). */
export function localDay(moment: string): string {
  const date = new Date(moment);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/** Whether the bin will purge the entry within a week. */
export function purgeSoon(entry: BinEntry, now = Date.now()): boolean {
  return Date.parse(entry.purgeAfter) - now < 7 * 86_400_000;
}
