import { Alert, Box, Container, Group, NativeSelect, Stack, Title } from '@mantine/core';
import { Outlet, useLocation, useNavigate } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { useMe } from '../../api/hooks';
import { NavLinkLink } from '../../components/links';
import './bundles';
import { sectionsFor } from './sections';

/**
 * The frame of the settings: the sections this user may open beside the page (a list on a desktop, a select on a
 * phone), and the page of the section.
 */
export function SettingsLayout() {
  const { t } = useTranslation('settings');
  const me = useMe().data!;
  const location = useLocation();
  const navigate = useNavigate();
  const sections = sectionsFor(me);
  if (sections.length === 0) {
    return (
      <Container size="sm" py="md">
        <Title order={1} size="h2" mb="md">
          {t('title')}
        </Title>
        <Alert color="gray">{t('forbidden')}</Alert>
      </Container>
    );
  }
  const current = sections.find((section) => location.pathname.startsWith(section.path));

  return (
    <Box px={{ base: 'sm', sm: 'md' }} py="md">
      <Group align="flex-start" wrap="nowrap" gap="lg">
        <Box component="nav" aria-label={t('navLabel')} visibleFrom="sm" w={220} style={{ flex: 'none' }}>
          <Title order={1} size="h3" mb="sm">
            {t('title')}
          </Title>
          <Stack gap={2}>
            {sections.map((section) => (
              <NavLinkLink key={section.key} to={section.path} label={t(`sections.${section.key}`)} active={current?.key === section.key} />
            ))}
          </Stack>
        </Box>
        <Box style={{ flex: 1, minWidth: 0 }}>
          <Box hiddenFrom="sm" mb="md">
            <Title order={1} size="h3" mb="xs">
              {t('title')}
            </Title>
            <NativeSelect
              label={t('section')}
              value={current?.path ?? ''}
              data={sections.map((section) => ({ value: section.path, label: t(`sections.${section.key}`) }))}
              onChange={(event) => void navigate({ to: event.currentTarget.value })}
            />
          </Box>
          <Outlet />
        </Box>
      </Group>
    </Box>
  );
}
