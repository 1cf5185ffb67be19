import { createRoute, lazyRouteComponent } from '@tanstack/react-router';
import { loadWhenOnline } from '../../../components/ConnectionBanner';
import { guardSection, settingsRoute } from '../settings-route';

export const fieldsRoute = createRoute({
  getParentRoute: () => settingsRoute,
  path: 'fields',
  beforeLoad: guardSection('fields'),
  component: lazyRouteComponent(loadWhenOnline(() => import('./FieldsPage')), 'FieldsPage'),
});
