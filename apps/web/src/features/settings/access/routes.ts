import { createRoute, lazyRouteComponent } from '@tanstack/react-router';
import { loadWhenOnline } from '../../../components/ConnectionBanner';
import { guardSection, settingsRoute } from '../settings-route';

export const usersRoute = createRoute({
  getParentRoute: () => settingsRoute,
  path: 'users',
  beforeLoad: guardSection('users'),
  component: lazyRouteComponent(loadWhenOnline(() => import('./UsersPage')), 'UsersPage'),
});

export const departmentsRoute = createRoute({
  getParentRoute: () => settingsRoute,
  path: 'departments',
  beforeLoad: guardSection('departments'),
  component: lazyRouteComponent(loadWhenOnline(() => import('./DepartmentsPage')), 'DepartmentsPage'),
});

export const rolesRoute = createRoute({
  getParentRoute: () => settingsRoute,
  path: 'roles',
  beforeLoad: guardSection('roles'),
  component: lazyRouteComponent(loadWhenOnline(() => import('./RolesPage')), 'RolesPage'),
});
