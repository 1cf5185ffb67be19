import { createRoute, lazyRouteComponent, notFound } from '@tanstack/react-router';
import { loadWhenOnline } from '../../../components/ConnectionBanner';
import { guardSection, settingsRoute } from '../settings-route';

export const webhooksRoute = createRoute({
  getParentRoute: () => settingsRoute,
  path: 'webhooks',
  beforeLoad: guardSection('webhooks'),
  component: lazyRouteComponent(loadWhenOnline(() => import('./WebhooksPage')), 'WebhooksPage'),
});

export const webhookRoute = createRoute({
  getParentRoute: () => settingsRoute,
  path: 'webhooks/$webhookId',
  beforeLoad: guardSection('webhooks'),
  params: {
    parse: (params: { webhookId: string }) => {
      if (!/^[1-9]\d{0,9}$/.test(params.webhookId)) throw notFound();
      return { webhookId: Number(params.webhookId) };
    },
    stringify: (params: { webhookId: number }) => ({ webhookId: String(params.webhookId) }),
  },
  component: lazyRouteComponent(loadWhenOnline(() => import('./WebhookPage')), 'WebhookPage'),
});

export const deadLettersRoute = createRoute({
  getParentRoute: () => settingsRoute,
  path: 'jobs',
  beforeLoad: guardSection('jobs'),
  component: lazyRouteComponent(loadWhenOnline(() => import('./DeadLettersPage')), 'DeadLettersPage'),
});

/** Everyone's inbound webhooks of the Bitrix24-compatible API (each user's own are in their profile). */
export const inboundWebhooksRoute = createRoute({
  getParentRoute: () => settingsRoute,
  path: 'inbound-webhooks',
  beforeLoad: guardSection('inboundWebhooks'),
  component: lazyRouteComponent(loadWhenOnline(() => import('./InboundWebhooksPage')), 'InboundWebhooksPage'),
});
