import { createRoute, lazyRouteComponent } from '@tanstack/react-router';
import { loadWhenOnline } from '../../../components/ConnectionBanner';
import { guardSection, settingsRoute } from '../settings-route';

export const currenciesRoute = createRoute({
  getParentRoute: () => settingsRoute,
  path: 'currencies',
  beforeLoad: guardSection('currencies'),
  component: lazyRouteComponent(loadWhenOnline(() => import('./CurrenciesPage')), 'CurrenciesPage'),
});

export const crmModeRoute = createRoute({
  getParentRoute: () => settingsRoute,
  path: 'crm-mode',
  beforeLoad: guardSection('crmMode'),
  component: lazyRouteComponent(loadWhenOnline(() => import('./CrmModePage')), 'CrmModePage'),
});
