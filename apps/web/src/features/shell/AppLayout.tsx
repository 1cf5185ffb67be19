import { AppShell, Burger, Group, ScrollArea, Stack } from '@mantine/core';
import { useDisclosure, useHotkeys } from '@mantine/hooks';
import { IconBriefcase, IconBuilding, IconCalendarCheck, IconCopy, IconFileImport, IconFilter, IconSettings, IconSubtask, IconTrash, IconUsers } from '@tabler/icons-react';
import { Link, Outlet, useLocation } from '@tanstack/react-router';
import { NavLinkLink } from '../../components/links';
import { Suspense, lazy, useEffect, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useMe, useTypes } from '../../api/hooks';
import { loadWhenOnline } from '../../components/ConnectionBanner';
import { ErrorBoundary } from '../../components/ErrorBoundary';
import { PageLoader } from '../../components/PageLoader';
import { Logo } from './Logo';
import { SearchButton } from './SearchButton';
import { UserMenu } from './UserMenu';
import { ExportIndicator } from '../export/ExportIndicator';
import { ActivityCounter, ActivityNavBadge } from '../activities/ActivityCounter';
import { useCountersFollowWrites } from '../activities/api';
import { NotificationBell } from '../notifications/NotificationBell';
import { useLiveUpdates } from '../live/useLiveUpdates';
import { sectionsFor } from '../settings/sections';

const loadSearchDialog = loadWhenOnline(() => import('../search/SearchDialog'));
const SearchDialog = lazy(() => loadSearchDialog().then((m) => ({ default: m.SearchDialog })));

interface NavEntry {
  to: string;
  label: string;
  icon: ReactNode;
}

/**
 * The frame of every signed-in screen: the header (menu button on phones, logo, search, the user's menu), the
 * navigation (collapsed behind the burger below 768 px) and the page.
 */
export function AppLayout() {
  const { t } = useTranslation('shell');
  const me = useMe().data!;
  const types = useTypes().data;
  const [opened, { toggle, close }] = useDisclosure();
  const [searchOpen, setSearchOpen] = useState(false);
  // Once opened, the search dialog stays mounted, so closing it animates and gives the focus back.
  const [searchLoaded, setSearchLoaded] = useState(false);
  const openSearch = () => {
    setSearchLoaded(true);
    setSearchOpen(true);
  };
  const location = useLocation();
  // Fetched while the user settles in, so the first Ctrl+K opens at once and no typed letter is lost.
  useEffect(() => {
    const timer = window.setTimeout(() => void loadSearchDialog().catch(() => undefined), 1500);
    return () => window.clearTimeout(timer);
  }, []);

  // Ctrl+K works wherever the focus is; "/" only outside text fields, where it would be typed.
  useHotkeys([['mod+K', openSearch]], []);
  useHotkeys([['/', openSearch]]);
  useCountersFollowWrites();
  useLiveUpdates();

  const mayRead = (plural: string) => !types || (types.find((type) => type.plural === plural)?.rights.read ?? 'none') !== 'none';
  const entries: NavEntry[] = [
    ...(me.crmMode === 'simple' ? [] : [{ to: '/leads', label: t('nav.leads'), icon: <IconFilter size={18} aria-hidden /> }]),
    { to: '/deals', label: t('nav.deals'), icon: <IconBriefcase size={18} aria-hidden /> },
    { to: '/contacts', label: t('nav.contacts'), icon: <IconUsers size={18} aria-hidden /> },
    { to: '/companies', label: t('nav.companies'), icon: <IconBuilding size={18} aria-hidden /> },
  ].filter((entry) => mayRead(entry.to.slice(1)));

  return (
    <AppShell header={{ height: 56 }} navbar={{ width: 220, breakpoint: 'sm', collapsed: { mobile: !opened } }} padding={0}>
      <a href="#main" className="skip-link">
        {t('skip')}
      </a>
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap" gap="sm">
          <Group gap="sm" wrap="nowrap">
            <Burger opened={opened} onClick={toggle} hiddenFrom="sm" size="sm" aria-label={t('menu.open')} />
            <Link to="/" aria-label="Vínculo" style={{ textDecoration: 'none' }}>
              <Logo />
            </Link>
          </Group>
          <SearchButton onOpen={openSearch} />
          <Group gap={4} wrap="nowrap">
            <ExportIndicator />
            <ActivityCounter />
            <NotificationBell />
            <UserMenu me={me} />
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs" aria-label={t('nav.label')} component="nav">
        <ScrollArea>
          <Stack gap={2}>
            <NavLinkLink
              to="/activities"
              label={t('activities:nav')}
              leftSection={<IconCalendarCheck size={18} aria-hidden />}
              rightSection={<ActivityNavBadge />}
              active={location.pathname.startsWith('/activities')}
              onClick={close}
            />
            <NavLinkLink to="/tasks" label={t('tasks:nav')} leftSection={<IconSubtask size={18} aria-hidden />} active={location.pathname.startsWith('/tasks')} onClick={close} mb="md" />
            {entries.map((entry) => (
              <NavLinkLink key={entry.to} to={entry.to} label={entry.label} leftSection={entry.icon} active={location.pathname.startsWith(entry.to)} onClick={close} />
            ))}
            <NavLinkLink
              to="/recycle-bin"
              label={t('nav.recycleBin')}
              leftSection={<IconTrash size={18} aria-hidden />}
              active={location.pathname.startsWith('/recycle-bin')}
              onClick={close}
              mt="md"
            />
            {['contacts', 'companies', 'leads'].some(mayRead) && (
              <NavLinkLink
                to="/duplicates"
                label={t('duplicates:nav')}
                leftSection={<IconCopy size={18} aria-hidden />}
                active={location.pathname.startsWith('/duplicates')}
                onClick={close}
              />
            )}
            {types?.some((type) => type.rights.import !== 'none' && type.rights.add !== 'none') && (
              <NavLinkLink
                to="/import"
                label={t('imports:nav')}
                leftSection={<IconFileImport size={18} aria-hidden />}
                active={location.pathname.startsWith('/import')}
                onClick={close}
              />
            )}
            {sectionsFor(me).length > 0 && (
              <NavLinkLink
                to="/settings"
                label={t('nav.settings')}
                leftSection={<IconSettings size={18} aria-hidden />}
                active={location.pathname.startsWith('/settings')}
                onClick={close}
              />
            )}
          </Stack>
        </ScrollArea>
      </AppShell.Navbar>
      <AppShell.Main id="main" tabIndex={-1}>
        <ErrorBoundary resetKey={location.pathname}>
          <Suspense fallback={<PageLoader />}>
            <Outlet />
          </Suspense>
        </ErrorBoundary>
      </AppShell.Main>
      {searchLoaded && (
        <ErrorBoundary>
          <Suspense fallback={null}>
            <SearchDialog opened={searchOpen} onClose={() => setSearchOpen(false)} />
          </Suspense>
        </ErrorBoundary>
      )}
    </AppShell>
  );
}
