import { translate, type ItemTypeName, type Locale, type MessageKey } from '@vinculo/shared';
import { documentedTypes as itemTypes, itemTypeNames } from '../catalog/catalog.ts';
import type { StoredEvent } from '../events/event-feed.ts';

/**
 * The event kinds a webhook subscribes to: what happened, named for a receiver (`deal.stageMoved`), not as the outbox
 * stores it (`item.updated` of a deal whose stage changed). One event may be several kinds, the most specific first:
 * a stage move is also an update, a completed activity also an updated one.
 */

const itemActions = ['created', 'updated', 'deleted', 'restored', 'merged'] as const;

const itemKinds = (type: ItemTypeName) => [
  ...itemActions.map((action) => `${type}.${action}`),
  ...(itemTypes[type].stages ? [`${type}.stageMoved`] : []),
  ...(type === 'lead' ? ['lead.converted'] : []),
];

/** Every kind, in the order the settings screen lists them. */
export const webhookKinds: readonly string[] = [
  ...itemKinds('lead'),
  ...itemKinds('contact'),
  ...itemKinds('company'),
  ...itemKinds('deal'),
  'activity.created',
  'activity.updated',
  'activity.completed',
  'activity.deleted',
  'comment.added',
  'comment.edited',
  'comment.deleted',
  'task.created',
  'task.updated',
  'task.deleted',
];

const known = new Set(webhookKinds);

export const isWebhookKind = (kind: string) => known.has(kind);

/** The kind's label in `locale`. */
export const kindLabel = (kind: string, locale: Locale) => translate(locale, `webhook.kind.${kind}` as MessageKey);

const isItemType = (type: string): type is ItemTypeName => itemTypeNames.includes(type as ItemTypeName);

/** The kinds `event` is, most specific first; none for what webhooks do not carry (users, sessions, purges…). */
export function kindsOf(event: StoredEvent): string[] {
  const type = event.entityType;
  if (isItemType(type)) {
    const action = event.type.slice('item.'.length);
    if (action === 'updated') {
      const stageField = itemTypes[type].stages?.field;
      return stageField && stageField in event.changes ? [`${type}.stageMoved`, `${type}.updated`] : [`${type}.updated`];
    }
    const kind = `${type}.${action}`;
    return known.has(kind) ? [kind] : [];
  }
  // Activities: a completion and a new deadline are stored under their own types; to a receiver both are updates.
  if (event.type === 'activity.completed') return ['activity.completed', 'activity.updated'];
  if (event.type === 'activity.rescheduled') return ['activity.updated'];
  return known.has(event.type) ? [event.type] : [];
}

/** The kind a webhook subscribed to `subscribed` receives `event` as (the most specific), or null when none. */
export function deliveredKind(event: StoredEvent, subscribed: ReadonlySet<string>): string | null {
  return kindsOf(event).find((kind) => subscribed.has(kind)) ?? null;
}
