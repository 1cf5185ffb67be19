import { createRoute, lazyRouteComponent } from '@tanstack/react-router';
import { loadWhenOnline } from '../../../components/ConnectionBanner';
import { guardSection, settingsRoute } from '../settings-route';

export const listsRoute = createRoute({
  getParentRoute: () => settingsRoute,
  path: 'lists',
  beforeLoad: guardSection('lists'),
  component: lazyRouteComponent(loadWhenOnline(() => import('./ListsPage')), 'ListsPage'),
});

export const pipelinesRoute = createRoute({
  getParentRoute: () => settingsRoute,
  path: 'pipelines',
  beforeLoad: guardSection('pipelines'),
  component: lazyRouteComponent(loadWhenOnline(() => import('./PipelinesPage')), 'PipelinesPage'),
});
