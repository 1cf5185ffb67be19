import { createRoute, lazyRouteComponent } from '@tanstack/react-router';
import { loadWhenOnline } from '../../../components/ConnectionBanner';
import { guardSection, settingsRoute } from '../settings-route';

export const auditRoute = createRoute({
  getParentRoute: () => settingsRoute,
  path: 'audit',
  beforeLoad: guardSection('audit'),
  component: lazyRouteComponent(loadWhenOnline(() => import('./AuditPage')), 'AuditPage'),
});
