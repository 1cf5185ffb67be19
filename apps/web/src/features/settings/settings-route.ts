import { createRoute, lazyRouteComponent, redirect } from '@tanstack/react-router';
import { appRoute } from '../../app/router';
import { loadWhenOnline } from '../../components/ConnectionBanner';
import { sectionsFor, type SettingsSection } from './sections';

/** /settings: the frame of every settings page. */
export const settingsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: 'settings',
  component: lazyRouteComponent(loadWhenOnline(() => import('./SettingsLayout')), 'SettingsLayout'),
});

/** /settings itself opens the first section the user may open. */
export const settingsIndexRoute = createRoute({
  getParentRoute: () => settingsRoute,
  path: '/',
  beforeLoad: ({ context }) => {
    const first = sectionsFor(context.me)[0];
    if (first) throw redirect({ to: first.path });
  },
});

/**
 * For a section's route: a user who may not open it lands on the first section they may open (and on the notice
 * of the settings frame when there is none). The server refuses their changes anyway.
 */
export function guardSection(key: SettingsSection['key']) {
  return ({ context }: { context: { me: Parameters<typeof sectionsFor>[0] } }) => {
    const sections = sectionsFor(context.me);
    if (sections.some((section) => section.key === key)) return;
    if (sections[0]) throw redirect({ to: sections[0].path });
    throw redirect({ to: '/settings' });
  };
}
