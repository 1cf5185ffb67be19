import { Alert, CloseButton, Group, List, Stack, Text } from '@mantine/core';
import { IconAlertTriangle, IconCircleCheck } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { AnchorLink } from '../../components/links';
import { errorMessage } from '../../lib/errors';
import { binPlural, entryKey } from './bin-entry';
import type { BinOutcome } from './useRecycleBin';

const linksShown = 5;

/**
 * What the last restore or delete did: the restored items with links to their cards, how many were deleted for good,
 * and each refusal in plain words.
 */
export function BinOutcomeNotice({ outcome, onClose }: { outcome: BinOutcome; onClose: () => void }) {
  const { t } = useTranslation('recycleBin');
  const { action, done, failed } = outcome;
  const close = <CloseButton size="sm" onClick={onClose} aria-label={t('common:actions.close')} />;
  return (
    <Stack gap="xs">
      {done.length > 0 && (
        <Alert color="green" icon={<IconCircleCheck aria-hidden />} role="status" p="sm">
          <Group justify="space-between" align="flex-start" wrap="nowrap">
            {action === 'restore' ? (
              <Stack gap={4}>
                <Text size="sm" fw={600}>
                  {t('restored', { count: done.length })}
                </Text>
                <Group gap="md" wrap="wrap">
                  {done.slice(0, linksShown).map((entry) => (
                    <AnchorLink key={entryKey(entry)} size="sm" fw={500} to="/$type/$id" params={{ type: binPlural[entry.type], id: entry.id }} title={t('openCard')}>
                      {entry.title}
                    </AnchorLink>
                  ))}
                  {done.length > linksShown && (
                    <Text size="sm" c="dimmed">
                      {t('andMore', { count: done.length - linksShown })}
                    </Text>
                  )}
                </Group>
              </Stack>
            ) : (
              <Text size="sm" fw={600}>
                {t('purged', { count: done.length })}
              </Text>
            )}
            {close}
          </Group>
        </Alert>
      )}
      {failed.length > 0 && (
        <Alert color="red" icon={<IconAlertTriangle aria-hidden />} role="alert" p="sm" title={action === 'restore' ? t('failedRestore') : t('failedPurge')}>
          <Group justify="space-between" align="flex-start" wrap="nowrap">
            <List size="sm" spacing={2}>
              {failed.map(({ entry, error }) => (
                <List.Item key={entryKey(entry)}>
                  <Text span size="sm" fw={500}>
                    {entry.title}
                  </Text>
                  : {errorMessage(error, t)}
                </List.Item>
              ))}
            </List>
            {done.length === 0 && close}
          </Group>
        </Alert>
      )}
    </Stack>
  );
}
