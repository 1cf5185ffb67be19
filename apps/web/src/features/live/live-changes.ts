import type { QueryClient } from '@tanstack/react-query';
import { api } from '../../api/client';
import { queryKeys } from '../../api/hooks';
import type { Item, ReferenceValue, TypeMeta } from '../../api/types';
import { afterItemChange } from '../card/card-api';
import { notificationKeys } from '../notifications/api';
import { timelineKeys } from '../timeline/api';

/** What `GET /api/v1/live` sends for a change (docs/api.md, "Live updates"). */
export interface LiveChange {
  eventId: number;
  type: string;
  entityType: TypeMeta['name'];
  entityId: number;
  actor: { id: number; name: string } | null;
  title: string | null;
  fields: string[];
  stageId?: unknown;
  categoryId?: unknown;
  source?: { type: 'activity' | 'comment' | 'task'; id: number };
}

const minutes = (n: number) => n * 60_000;

/**
 * Refreshes what shows the changed items, a burst at a time: a bulk move sends hundreds of changes in a second, and
 * each invalidation would cancel and restart the refetch the previous one started. Lists and boards of a type, the
 * card of an item and its timeline are asked again once per flush, in the background (what is on screen stays until
 * the answer comes; an open editor keeps its draft, which lives in its own state).
 */
export class RefreshQueue {
  private readonly plurals = new Set<string>();
  private readonly items = new Map<string, { plural: string; id: number }>();
  private notifications = false;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private readonly client: QueryClient;
  private readonly delayMs: number;

  constructor(client: QueryClient, delayMs = 100) {
    this.client = client;
    this.delayMs = delayMs;
  }

  change(plural: string, change: LiveChange) {
    this.plurals.add(plural);
    this.items.set(`${plural}:${change.entityId}`, { plural, id: change.entityId });
    this.schedule();
  }

  notification() {
    this.notifications = true;
    this.schedule();
  }

  private schedule() {
    this.timer ??= setTimeout(() => this.flush(), this.delayMs);
  }

  flush() {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const client = this.client;
    // The lists and boards of the type (their keys all start with ['items', plural]), the card, its history, links
    // and timeline.
    for (const { plural, id } of this.items.values()) {
      afterItemChange(client, plural, id);
      void client.invalidateQueries({ queryKey: queryKeys.item(plural, id) });
      void client.invalidateQueries({ queryKey: timelineKeys.item(plural, id) });
    }
    for (const plural of this.plurals) void client.invalidateQueries({ queryKey: queryKeys.items(plural) });
    if (this.notifications) void client.invalidateQueries({ queryKey: notificationKeys.all });
    this.plurals.clear();
    this.items.clear();
    this.notifications = false;
  }

  dispose() {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }
}

/** The name of a stage (or a lead's status) in the user's language, from the lists the app already reads. */
export async function stageName(client: QueryClient, type: TypeMeta, change: LiveChange, locale: string): Promise<string> {
  const code = String(change.stageId);
  const named = (values: ReferenceValue[] | undefined) => {
    const value = values?.find((v) => v.code === code);
    return value ? (locale === 'en' ? value.nameEn : value.namePt) || value.name : undefined;
  };
  try {
    if (!type.stages) return code;
    if (!type.stages.pipelineField) {
      const list = type.stages.list;
      return named(await client.fetchQuery({ queryKey: queryKeys.referenceList(list), queryFn: async () => (await api.get<{ values: ReferenceValue[] }>(`/reference-lists/${list}`)).values, staleTime: minutes(5) })) ?? code;
    }
    // A deal's stages are those of its pipeline: the one it moved to, or the one it is in.
    let pipelineId = typeof change.categoryId === 'number' ? change.categoryId : undefined;
    if (pipelineId === undefined) {
      const item = await client.fetchQuery({ queryKey: queryKeys.item(type.plural, change.entityId), queryFn: () => api.get<Item>(`/${type.plural}/${change.entityId}`), staleTime: 2000 });
      const value = item[type.stages.pipelineField];
      pipelineId = typeof value === 'number' ? value : undefined;
    }
    if (pipelineId === undefined) return code;
    const id = pipelineId;
    return named(await client.fetchQuery({ queryKey: queryKeys.stages(id), queryFn: async () => (await api.get<{ values: ReferenceValue[] }>(`/pipelines/${id}/stages`)).values, staleTime: minutes(5) })) ?? code;
  } catch {
    return code;
  }
}

/** The card open at `pathname` (`/deals/12`), if any. */
export function openCard(pathname: string): { plural: string; id: number } | null {
  const match = /^\/(leads|contacts|companies|deals)\/(\d+)(\/|$)/.exec(pathname);
  return match ? { plural: match[1], id: Number(match[2]) } : null;
}

/**
 * At most `limit` notices per `windowMs`: a colleague's bulk move of 300 deals shows a few, and the lists refresh;
 * it does not bury the screen.
 */
export function noticeLimiter(limit = 3, windowMs = 5000) {
  let shown: number[] = [];
  return (now = Date.now()) => {
    shown = shown.filter((at) => now - at < windowMs);
    if (shown.length >= limit) return false;
    shown.push(now);
    return true;
  };
}
