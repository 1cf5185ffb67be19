import { notifications } from '@mantine/notifications';
import { useQueryClient } from '@tanstack/react-query';
import { useRouter } from '@tanstack/react-router';
import { useEffect } from 'react';
import { queryKeys, useMe } from '../../api/hooks';
import type { TypeMeta } from '../../api/types';
import { i18n } from '../../i18n';
import { noticeLimiter, openCard, RefreshQueue, stageName, type LiveChange } from './live-changes';

/** How long to wait before opening the stream again after the server refused it (the browser gives up then). */
const reopenMs = 15_000;

/**
 * Keeps the screens current while other users work: one `EventSource` on `/api/v1/live` for the whole app (the
 * browser reconnects by itself and the server replays what was missed). Each change refreshes the lists, boards,
 * card and timeline that show the item; a notification refreshes the bell. A colleague's stage move, or a change of
 * the card on screen, is told in a short notice.
 */
export function useLiveUpdates() {
  const client = useQueryClient();
  // Read by the stream's handlers when a change comes: the stream stays open across navigation and language changes.
  const router = useRouter();
  const meId = useMe().data?.id;

  useEffect(() => {
    if (meId === undefined || typeof EventSource === 'undefined') return;
    const queue = new RefreshQueue(client);
    const mayNotify = noticeLimiter();
    let source: EventSource | null = null;
    let reopenTimer: ReturnType<typeof setTimeout> | undefined;
    let isDisposed = false;

    const typeOf = (name: string) => client.getQueryData<TypeMeta[]>(queryKeys.types)?.find((type) => type.name === name);

    const tell = async (type: TypeMeta, change: LiveChange) => {
      if (!change.actor || change.actor.id === meId || change.source) return;
      const actor = change.actor.name || i18n.t('live:someone');
      const title = change.title ?? `#${change.entityId}`;
      const card = openCard(router.state.location.pathname);
      const isOpen = card?.plural === type.plural && card.id === change.entityId;
      let message: string | null = null;
      if (change.stageId !== undefined && type.stages && change.type === 'item.updated') message = i18n.t('live:moved', { actor, title, stage: await stageName(client, type, change, i18n.language) });
      else if (isOpen && change.type === 'item.deleted') message = i18n.t('live:deleted', { actor, title });
      else if (isOpen && change.type !== 'item.created') message = i18n.t('live:changed', { actor, title });
      if (message && !isDisposed && mayNotify()) notifications.show({ message, color: 'blue', autoClose: 5000, closeButtonProps: { 'aria-label': i18n.t('common:actions.close') } });
    };

    const open = (afterFailure: boolean) => {
      const stream = new EventSource('/api/v1/live', { withCredentials: true });
      source = stream;
      // A stream opened anew (not the browser's own reconnection, which replays) may have missed changes.
      if (afterFailure) stream.addEventListener('open', () => void client.invalidateQueries(), { once: true });
      stream.addEventListener('change', (event) => {
        const change = JSON.parse((event as MessageEvent<string>).data) as LiveChange;
        const type = typeOf(change.entityType);
        if (!type) return;
        queue.change(type.plural, change);
        void tell(type, change);
      });
      stream.addEventListener('notification', () => queue.notification());
      stream.addEventListener('resync', () => void client.invalidateQueries());
      stream.addEventListener('error', () => {
        // CLOSED: the server answered with an error (signed out, a proxy's 502) and the browser stops retrying.
        if (stream.readyState !== EventSource.CLOSED || isDisposed) return;
        reopenTimer = setTimeout(() => {
          if (!isDisposed) open(true);
        }, reopenMs);
      });
    };
    open(false);

    return () => {
      isDisposed = true;
      clearTimeout(reopenTimer);
      source?.close();
      queue.dispose();
    };
  }, [client, meId, router]);
}
