import { QueryClient } from '@tanstack/react-query';
import { describe, expect, it } from 'vitest';
import { noticeLimiter, openCard, RefreshQueue, type LiveChange } from './live-changes';

const change = (entityId: number): LiveChange => ({ eventId: entityId, type: 'item.updated', entityType: 'deal', entityId, actor: { id: 2, name: 'Ana Souza' }, title: 'X', fields: ['title'] });

describe('live changes', () => {
  it("refreshes a burst once: the type's lists and boards, each changed card and its timeline, and the bell", () => {
    const client = new QueryClient();
    const keys = [['items', 'deals', 'list', {}], ['items', 'deals', 'kanban', 'default', '[]', ''], ['item', 'deals', 7], ['timeline', 'deals', 7, 'activity'], ['item', 'deals', 8], ['items', 'contacts', 'list', {}], ['notifications', 'unread-count']];
    for (const key of keys) client.setQueryData(key, { any: 1 });
    const queue = new RefreshQueue(client, 10_000);
    queue.change('deals', change(7));
    queue.change('deals', change(7));
    queue.notification();
    queue.flush();
    const stale = (key: unknown[]) => client.getQueryState(key)?.isInvalidated;
    expect(keys.map(stale)).toEqual([true, true, true, true, false, false, true]);
  });

  it('knows the open card from the address', () => {
    expect(openCard('/deals/12')).toEqual({ plural: 'deals', id: 12 });
    expect(openCard('/deals/12/edit')).toEqual({ plural: 'deals', id: 12 });
    expect(openCard('/deals')).toBeNull();
    expect(openCard('/tasks/3')).toBeNull();
  });

  it('shows at most three notices in five seconds', () => {
    const may = noticeLimiter();
    expect([0, 100, 200, 300, 4999, 5001].map((at) => may(at))).toEqual([true, true, true, false, false, true]);
  });
});
