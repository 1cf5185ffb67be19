import type { ActivityKind, ItemTypeName } from './api';
import type { Period } from './dates';

/** The "Minhas atividades" page's state in its address, so a view can be bookmarked and shared. */
export interface ActivitiesSearch {
  view?: 'calendar';
  /** Kinds, comma-separated (`call,meeting`); none: every kind. */
  kind?: string;
  /** Open activities unless `done` or `all`. */
  status?: 'done' | 'all';
  period?: Exclude<Period, 'all'>;
  /** A custom period's days, `YYYY-MM-DD`. */
  from?: string;
  to?: string;
  /** Whose activities (a user id); none: the caller's. */
  responsible?: number;
  itemType?: ItemTypeName;
  itemId?: number;
  /** The calendar's day (`YYYY-MM-DD`; none: today) and span (a week unless `day`). */
  date?: string;
  span?: 'day';
}

const kinds: ActivityKind[] = ['call', 'meeting', 'email', 'todo'];
const dayPattern = /^\d{4}-\d{2}-\d{2}$/;
const isId = (value: unknown): value is number => typeof value === 'number' && Number.isInteger(value) && value > 0;

export function validateActivitiesSearch(search: Record<string, unknown>): ActivitiesSearch {
  const kind =
    typeof search.kind === 'string'
      ? search.kind
          .split(',')
          .filter((k): k is ActivityKind => (kinds as string[]).includes(k))
          .join(',')
      : '';
  const itemType = search.itemType === 'lead' || search.itemType === 'contact' || search.itemType === 'company' || search.itemType === 'deal' ? search.itemType : undefined;
  return {
    view: search.view === 'calendar' ? 'calendar' : undefined,
    kind: kind || undefined,
    status: search.status === 'done' || search.status === 'all' ? search.status : undefined,
    period: search.period === 'today' || search.period === 'week' || search.period === 'overdue' || search.period === 'custom' ? search.period : undefined,
    from: typeof search.from === 'string' && dayPattern.test(search.from) ? search.from : undefined,
    to: typeof search.to === 'string' && dayPattern.test(search.to) ? search.to : undefined,
    responsible: isId(search.responsible) ? search.responsible : undefined,
    itemType: itemType && isId(search.itemId) ? itemType : undefined,
    itemId: itemType && isId(search.itemId) ? search.itemId : undefined,
    date: typeof search.date === 'string' && dayPattern.test(search.date) ? search.date : undefined,
    span: search.span === 'day' ? 'day' : undefined,
  };
}
