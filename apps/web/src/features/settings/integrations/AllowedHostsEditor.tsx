import { Alert, Button, Group, Paper, Stack, TagsInput, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../../lib/errors';
import { notifySuccess } from '../../../lib/notify';
import { useOutboundSettings, useSaveOutboundSettings } from './integrations-api';
import { normalizeHosts } from './webhook-form';

/** The hosts an administrator lets webhooks reach although they sit on a private or loopback address. */
export function AllowedHostsEditor() {
  const { t } = useTranslation('settingsIntegrations');
  const settings = useOutboundSettings();
  const save = useSaveOutboundSettings();
  const [hosts, setHosts] = useState<string[] | null>(null);
  // What the server has until the administrator starts typing; their draft after that.
  const saved = settings.data?.allowedHosts ?? [];
  const draft = hosts ?? saved;
  const changed = hosts !== null && JSON.stringify(normalizeHosts(hosts)) !== JSON.stringify(saved);

  return (
    <Paper withBorder p="md" component="section" aria-labelledby="allowed-hosts-title">
      <Stack gap="sm">
        <Title order={3} size="h4" id="allowed-hosts-title">
          {t('hosts.title')}
        </Title>
        <Text size="sm" c="dimmed">
          {t('hosts.intro')}
        </Text>
        {settings.isError && <Alert color="red">{errorMessage(settings.error, t)}</Alert>}
        <TagsInput
          label={t('hosts.label')}
          description={t('hosts.hint')}
          placeholder={draft.length === 0 ? t('hosts.placeholder') : undefined}
          value={draft}
          onChange={(value) => {
            save.reset();
            setHosts(normalizeHosts(value));
          }}
          splitChars={[',', ' ']}
          clearable
          disabled={settings.isPending}
          error={save.isError ? errorMessage(save.error, t) : undefined}
          styles={{ pill: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
        />
        {settings.isSuccess && draft.length === 0 && !changed && (
          <Text size="xs" c="dimmed">
            {t('hosts.none')}
          </Text>
        )}
        <Group>
          <Button
            loading={save.isPending}
            disabled={!changed}
            onClick={() => save.mutate(normalizeHosts(draft), {
                onSuccess: () => {
                  setHosts(null);
                  notifySuccess(t('hosts.saved'));
                },
              })}
          >
            {t('common:actions.save')}
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}
