import { Alert, Button, Stack, Text } from '@mantine/core';
import { IconAlertTriangle, IconRefresh } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';

/** Someone else saved the item meanwhile: say so plainly and offer to reload it, keeping what the user typed. */
export function ConflictNotice({ onReload, reloading, keepsDraft = true }: { onReload: () => void; reloading: boolean; keepsDraft?: boolean }) {
  const { t } = useTranslation('card');
  return (
    <Alert color="orange" variant="light" icon={<IconAlertTriangle aria-hidden />} title={t('conflict.title')} role="alert" p="sm" styles={{ title: { color: 'var(--mantine-color-text)' } }}>
      <Stack gap="xs" align="flex-start">
        {keepsDraft && <Text size="sm">{t('conflict.body')}</Text>}
        <Button size="xs" variant="default" leftSection={<IconRefresh size={14} aria-hidden />} loading={reloading} onClick={onReload}>
          {keepsDraft ? t('conflict.reload') : t('common:actions.reload')}
        </Button>
      </Stack>
    </Alert>
  );
}
