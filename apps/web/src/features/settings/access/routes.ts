import { createRoute, lazyRouteComponent, notFound } from '@tanstack/react-router';
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

/** Why a user may or may not act on an item; under the roles, whose nav entry stays lit. */
export const accessExplainRoute = createRoute({
  getParentRoute: () => settingsRoute,
  path: 'roles/explain',
  beforeLoad: guardSection('roles'),
  component: lazyRouteComponent(loadWhenOnline(() => import('./ExplainPage')), 'ExplainPage'),
});

/** One role: its permission matrix, field visibility, settings right and assignments. */
export const roleRoute = createRoute({
  getParentRoute: () => settingsRoute,
  path: 'roles/$roleId',
  beforeLoad: guardSection('roles'),
  params: {
    parse: (params: { roleId: string }) => {
      if (!/^[1-9]\d{0,9}$/.test(params.roleId)) throw notFound();
      return { roleId: Number(params.roleId) };
    },
    stringify: (params: { roleId: number }) => ({ roleId: String(params.roleId) }),
  },
  component: lazyRouteComponent(loadWhenOnline(() => import('./RoleEditorPage')), 'RoleEditorPage'),
});
