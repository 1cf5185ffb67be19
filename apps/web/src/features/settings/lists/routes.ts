import { createRoute, lazyRouteComponent } from '@tanstack/react-router';
import { loadWhenOnline } from '../../../components/ConnectionBanner';
import { guardSection, settingsRoute } from '../settings-route';

export const listsRoute = createRoute({
  getParentRoute: () => settingsRoute,
  path: 'lists',
  beforeLoad: guardSection('lists'),
  validateSearch: (search: Record<string, unknown>): { list?: string } => ({
    list: typeof search.list === 'string' && /^[A-Z_]{1,50}$/.test(search.list) ? search.list : undefined,
  }),
  component: lazyRouteComponent(loadWhenOnline(() => import('./ListsPage')), 'ListsPage'),
});

export const pipelinesRoute = createRoute({
  getParentRoute: () => settingsRoute,
  path: 'pipelines',
  beforeLoad: guardSection('pipelines'),
  validateSearch: (search: Record<string, unknown>): { pipeline?: number } => ({
    pipeline: typeof search.pipeline === 'number' && Number.isInteger(search.pipeline) && search.pipeline >= 0 ? search.pipeline : undefined,
  }),
  component: lazyRouteComponent(loadWhenOnline(() => import('./PipelinesPage')), 'PipelinesPage'),
});
