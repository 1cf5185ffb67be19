import { createRootRouteWithContext, createRoute, createRouter, lazyRouteComponent, notFound, Outlet, redirect } from '@tanstack/react-router';
import type { QueryClient } from '@tanstack/react-query';
import { api, ApiError } from '../api/client';
import { queryKeys } from '../api/hooks';
import type { Me } from '../api/types';
import { NotFoundPage } from '../components/NotFoundPage';
import { RouteError } from '../components/RouteError';
import { changeLocale, currentLocale } from '../i18n';
import { ConnectionBanner, loadWhenOnline } from '../components/ConnectionBanner';
import { settingsRouteTree } from '../features/settings/routes';
import { validateActivitiesSearch } from '../features/activities/search';
import { validateTasksSearch } from '../features/tasks/search';

export interface RouterContext {
  queryClient: QueryClient;
}

export const itemTypePlurals = ['leads', 'contacts', 'companies', 'deals'] as const;
export type ItemPlural = (typeof itemTypePlurals)[number];
const isItemPlural = (value: string): value is ItemPlural => (itemTypePlurals as readonly string[]).includes(value);

const rootRoute = createRootRouteWithContext<RouterContext>()({
  component: () => (
    <>
      <ConnectionBanner />
      <Outlet />
    </>
  ),
  notFoundComponent: NotFoundPage,
  errorComponent: RouteError,
});

const setupRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/setup',
  component: lazyRouteComponent(loadWhenOnline(() => import('../features/auth/SetupPage')), 'SetupPage'),
});

const loginRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/login',
  validateSearch: (search: Record<string, unknown>): { next?: string } => (typeof search.next === 'string' && search.next.startsWith('/') ? { next: search.next } : {}),
  component: lazyRouteComponent(loadWhenOnline(() => import('../features/auth/LoginPage')), 'LoginPage'),
});

/** Every screen behind sign-in: the signed-in user is known before any of them draws. */
const appRoute = createRoute({
  getParentRoute: () => rootRoute,
  id: 'app',
  beforeLoad: async ({ context, location }) => {
    try {
      const me = await context.queryClient.ensureQueryData({ queryKey: queryKeys.me, queryFn: () => api.get<Me>('/auth/me') });
      if (me.locale !== currentLocale()) await changeLocale(me.locale);
      return { me };
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) {
        const { needed } = await api.get<{ needed: boolean }>('/setup');
        if (needed) throw redirect({ to: '/setup' });
        throw redirect({ to: '/login', search: location.href === '/' ? {} : { next: location.href } });
      }
      throw error;
    }
  },
  component: lazyRouteComponent(loadWhenOnline(() => import('../features/shell/AppLayout')), 'AppLayout'),
  // An unknown address of a signed-in user keeps the shell around the notice, so the navigation stays at hand.
  notFoundComponent: NotFoundPage,
});

const homeRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/',
  beforeLoad: () => {
    throw redirect({ to: '/$type', params: { type: 'deals' } });
  },
});

const profileRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/profile',
  component: lazyRouteComponent(loadWhenOnline(() => import('../features/auth/ProfilePage')), 'ProfilePage'),
});

const recycleBinRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/recycle-bin',
  component: lazyRouteComponent(loadWhenOnline(() => import('../features/recycle-bin/RecycleBinPage')), 'RecycleBinPage'),
});

const duplicatesRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/duplicates',
  validateSearch: (search: Record<string, unknown>): { type?: 'contacts' | 'companies' | 'leads' } => ({
    type: search.type === 'contacts' || search.type === 'companies' || search.type === 'leads' ? search.type : undefined,
  }),
  component: lazyRouteComponent(loadWhenOnline(() => import('../features/duplicates/DuplicatesPage')), 'DuplicatesPage'),
});

const activitiesRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/activities',
  validateSearch: validateActivitiesSearch,
  component: lazyRouteComponent(loadWhenOnline(() => import('../features/activities/ActivitiesPage')), 'ActivitiesPage'),
});

const tasksRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/tasks',
  validateSearch: validateTasksSearch,
  component: lazyRouteComponent(loadWhenOnline(() => import('../features/tasks/TasksPage')), 'TasksPage'),
});

const taskRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/tasks/$taskId',
  params: {
    parse: (params: { taskId: string }) => {
      if (!/^[1-9]\d{0,9}$/.test(params.taskId)) throw notFound();
      return { taskId: Number(params.taskId) };
    },
    stringify: (params: { taskId: number }) => ({ taskId: String(params.taskId) }),
  },
  component: lazyRouteComponent(loadWhenOnline(() => import('../features/tasks/TaskPage')), 'TaskPage'),
});

export interface ImportSearch {
  /** The item type to import into. */
  type?: ItemPlural;
  /** The uploaded file (POST /api/v1/imports/files), once chosen: the wizard is at its columns. */
  file?: number;
}

const importRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/import',
  validateSearch: (search: Record<string, unknown>): ImportSearch => ({
    type: typeof search.type === 'string' && isItemPlural(search.type) ? search.type : undefined,
    file: typeof search.file === 'number' && Number.isInteger(search.file) && search.file > 0 ? search.file : undefined,
  }),
  component: lazyRouteComponent(loadWhenOnline(() => import('../features/import/ImportPage')), 'ImportPage'),
});

const importJobRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/import/$jobId',
  params: {
    parse: (params: { jobId: string }) => {
      if (!/^[1-9]\d{0,9}$/.test(params.jobId)) throw notFound();
      return { jobId: Number(params.jobId) };
    },
    stringify: (params: { jobId: number }) => ({ jobId: String(params.jobId) }),
  },
  component: lazyRouteComponent(loadWhenOnline(() => import('../features/import/ImportJobPage')), 'ImportJobPage'),
});

export interface ItemsSearch {
  /** list or kanban (deals and leads). */
  view?: 'list' | 'kanban';
  /** The deal pipeline the board shows. */
  pipeline?: number;
  /** The filter terms, JSON (api/filters.ts). */
  filter?: string;
  /** Quick search text. */
  q?: string;
  /** The saved preset applied. */
  preset?: number;
}

const typeRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '$type',
  params: {
    parse: (params: { type: string }) => {
      if (!isItemPlural(params.type)) throw notFound();
      return { type: params.type };
    },
    stringify: (params: { type: ItemPlural }) => ({ type: params.type }),
  },
  notFoundComponent: NotFoundPage,
});

const itemsRoute = createRoute({
  getParentRoute: () => typeRoute,
  path: '/',
  validateSearch: (search: Record<string, unknown>): ItemsSearch => ({
    view: search.view === 'kanban' || search.view === 'list' ? search.view : undefined,
    pipeline: typeof search.pipeline === 'number' && Number.isInteger(search.pipeline) && search.pipeline >= 0 ? search.pipeline : undefined,
    filter: typeof search.filter === 'string' && search.filter !== '' ? search.filter : undefined,
    q: typeof search.q === 'string' && search.q !== '' ? search.q : undefined,
    preset: typeof search.preset === 'number' && Number.isInteger(search.preset) ? search.preset : undefined,
  }),
  component: lazyRouteComponent(loadWhenOnline(() => import('../features/items/ItemsPage')), 'ItemsPage'),
});

const newItemRoute = createRoute({
  getParentRoute: () => typeRoute,
  path: 'new',
  validateSearch: (search: Record<string, unknown>): { pipeline?: number; stage?: string } => ({
    pipeline: typeof search.pipeline === 'number' ? search.pipeline : undefined,
    stage: typeof search.stage === 'string' ? search.stage : undefined,
  }),
  component: lazyRouteComponent(loadWhenOnline(() => import('../features/card/CreateItemPage')), 'CreateItemPage'),
});

const itemRoute = createRoute({
  getParentRoute: () => typeRoute,
  path: '$id',
  params: {
    parse: (params: { id: string }) => {
      if (!/^[1-9]\d{0,9}$/.test(params.id)) throw notFound();
      return { id: Number(params.id) };
    },
    stringify: (params: { id: number }) => ({ id: String(params.id) }),
  },
  validateSearch: (search: Record<string, unknown>): { tab?: 'fields' | 'history' | 'dependencies' } => ({
    tab: search.tab === 'history' || search.tab === 'dependencies' || search.tab === 'fields' ? search.tab : undefined,
  }),
  component: lazyRouteComponent(loadWhenOnline(() => import('../features/card/ItemCardPage')), 'ItemCardPage'),
});

const routeTree = rootRoute.addChildren([
  setupRoute,
  loginRoute,
  appRoute.addChildren([homeRoute, profileRoute, recycleBinRoute, duplicatesRoute, importRoute, importJobRoute, activitiesRoute, tasksRoute, taskRoute, settingsRouteTree, typeRoute.addChildren([itemsRoute, newItemRoute, itemRoute])]),
]);

export function createAppRouter(queryClient: QueryClient) {
  return createRouter({ routeTree, context: { queryClient }, defaultPreload: 'intent', defaultPreloadStaleTime: 0, scrollRestoration: true });
}

declare module '@tanstack/react-router' {
  interface Register {
    router: ReturnType<typeof createAppRouter>;
  }
}

export { appRoute, itemsRoute, itemRoute, newItemRoute, typeRoute, loginRoute };
