import { Box, Group, SegmentedControl, Stack, Title } from '@mantine/core';
import { Outlet, useLocation, useNavigate, useParams } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { ButtonLink } from '../../../components/links';
import { itemPlurals } from './field-api';

/**
 * /settings/fields/{type}: the heading of the section, the item type whose fields are arranged, and its two pages
 * (the custom fields, the card layout).
 */
export function FieldsFrame() {
  const { t } = useTranslation('settingsFields');
  const { type } = useParams({ strict: false }) as { type?: string };
  const location = useLocation();
  const navigate = useNavigate();
  const onLayout = location.pathname.endsWith('/layout');
  const plural = type ?? 'leads';

  return (
    <Stack gap="md">
      <Title order={2} size="h3">
        {t('title')}
      </Title>
      <Box>
        <SegmentedControl
          aria-label={t('typeChooser')}
          data={itemPlurals.map((value) => ({ value, label: t(`common:types.${value}`) }))}
          value={plural}
          onChange={(value) => void navigate({ to: onLayout ? '/settings/fields/$type/layout' : '/settings/fields/$type', params: { type: value } })}
          fullWidth
          maw={560}
        />
      </Box>
      <Group gap="xs" component="nav" aria-label={t('pagesNav')}>
        <ButtonLink to="/settings/fields/$type" params={{ type: plural }} variant={onLayout ? 'default' : 'light'} size="sm" aria-current={onLayout ? undefined : 'page'} activeOptions={{ exact: true }}>
          {t('pages.fields')}
        </ButtonLink>
        <ButtonLink to="/settings/fields/$type/layout" params={{ type: plural }} variant={onLayout ? 'light' : 'default'} size="sm" aria-current={onLayout ? 'page' : undefined}>
          {t('pages.layout')}
        </ButtonLink>
      </Group>
      <Outlet />
    </Stack>
  );
}
