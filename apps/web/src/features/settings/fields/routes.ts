import { createRoute, lazyRouteComponent, notFound, redirect } from '@tanstack/react-router';
import { loadWhenOnline } from '../../../components/ConnectionBanner';
import { guardSection, settingsRoute } from '../settings-route';
import { isItemPlural } from './field-api';

/** /settings/fields: custom fields and the card layout of one item type at a time. */
export const fieldsRoute = createRoute({
  getParentRoute: () => settingsRoute,
  path: 'fields',
  beforeLoad: guardSection('fields'),
  component: lazyRouteComponent(loadWhenOnline(() => import('./FieldsFrame')), 'FieldsFrame'),
});

/** /settings/fields opens the first type the CRM uses (no leads in simple mode). */
const fieldsIndexRoute = createRoute({
  getParentRoute: () => fieldsRoute,
  path: '/',
  beforeLoad: ({ context }) => {
    throw redirect({ to: '/settings/fields/$type', params: { type: context.me.crmMode === 'simple' ? 'contacts' : 'leads' } });
  },
});

const checkType = ({ params }: { params: { type: string } }) => {
  if (!isItemPlural(params.type)) throw notFound();
};

export const fieldsTypeRoute = createRoute({
  getParentRoute: () => fieldsRoute,
  path: '$type',
  beforeLoad: checkType,
  component: lazyRouteComponent(loadWhenOnline(() => import('./CustomFieldsPage')), 'CustomFieldsPage'),
});

export const fieldsLayoutRoute = createRoute({
  getParentRoute: () => fieldsRoute,
  path: '$type/layout',
  beforeLoad: checkType,
  component: lazyRouteComponent(loadWhenOnline(() => import('./CardLayoutPage')), 'CardLayoutPage'),
});

export const fieldsRouteTree = fieldsRoute.addChildren([fieldsIndexRoute, fieldsTypeRoute, fieldsLayoutRoute]);
