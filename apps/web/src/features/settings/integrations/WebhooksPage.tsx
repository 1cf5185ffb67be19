import { Alert, Badge, Button, Card, Group, Loader, Stack, Table, Text, Title, Tooltip, VisuallyHidden } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { IconPlus } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { AnchorLink } from '../../../components/links';
import { errorMessage } from '../../../lib/errors';
import { AllowedHostsEditor } from './AllowedHostsEditor';
import { useWebhookActions, useWebhookKinds, useWebhooks, type Webhook } from './integrations-api';
import { WebhookActions } from './WebhookActions';
import { LastDelivery, WebhookStatus } from './WebhookBadges';
import { SecretDialog, WebhookFormModal } from './WebhookDialogs';

/** How many event badges a row shows before "+N". */
const shownKinds = 3;

/** /settings/webhooks: the webhooks with their state and last delivery, a new one, and the hosts allowed inside the network. */
export function WebhooksPage() {
  const { t } = useTranslation('settingsIntegrations');
  const phone = useMediaQuery('(max-width: 48em)', false, { getInitialValueInEffect: false });
  const webhooks = useWebhooks();
  const actions = useWebhookActions();
  const [adding, setAdding] = useState(false);
  const [secret, setSecret] = useState<string | null>(null);
  const items = webhooks.data ?? [];

  return (
    <Stack gap="md">
      <Title order={2} size="h3">
        {t('settings:sections.webhooks')}
      </Title>
      <Text size="sm" c="dimmed">
        {t('webhooks.intro')}
      </Text>
      <Group>
        <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={() => setAdding(true)}>
          {t('webhooks.add')}
        </Button>
      </Group>
      {webhooks.isPending && <Loader size="sm" aria-label={t('common:state.loading')} />}
      {webhooks.isError && <Alert color="red">{errorMessage(webhooks.error, t)}</Alert>}
      {webhooks.isSuccess && items.length === 0 && (
        <Text c="dimmed" size="sm">
          {t('webhooks.empty')}
        </Text>
      )}
      {items.length > 0 && (phone ? <WebhookCards webhooks={items} /> : <WebhookTable webhooks={items} />)}

      <AllowedHostsEditor />

      {adding && (
        <WebhookFormModal
          onSubmit={async (input) => {
            const created = await actions.create(input);
            setSecret(created.secret);
          }}
          onClose={() => setAdding(false)}
        />
      )}
      {secret && <SecretDialog secret={secret} rotated={false} onClose={() => setSecret(null)} />}
    </Stack>
  );
}

function WebhookLink({ webhook }: { webhook: Webhook }) {
  return (
    <AnchorLink to="/settings/webhooks/$webhookId" params={{ webhookId: webhook.id }} size="sm" fw={500} style={{ overflowWrap: 'anywhere' }}>
      {webhook.url}
    </AnchorLink>
  );
}

/** The events as badges, their server labels; past a few, "+N" with the rest on hover. */
function KindBadges({ kinds }: { kinds: string[] }) {
  const { t } = useTranslation('settingsIntegrations');
  const labels = new Map((useWebhookKinds().data ?? []).map((kind) => [kind.kind, kind.label]));
  const label = (kind: string) => labels.get(kind) ?? kind;
  const rest = kinds.slice(shownKinds);
  return (
    <Group gap={4} wrap="wrap" aria-label={t('webhooks.kindCount', { count: kinds.length })}>
      {kinds.slice(0, shownKinds).map((kind) => (
        <Badge key={kind} variant="outline" color="gray.7" tt="none" fw={500}>
          {label(kind)}
        </Badge>
      ))}
      {rest.length > 0 && (
        <Tooltip label={rest.map(label).join(', ')} multiline maw={280} withArrow>
          <Badge variant="light" color="gray" tt="none" tabIndex={0}>
            {t('webhooks.moreKinds', { count: rest.length })}
          </Badge>
        </Tooltip>
      )}
    </Group>
  );
}

function WebhookTable({ webhooks }: { webhooks: Webhook[] }) {
  const { t } = useTranslation('settingsIntegrations');
  return (
    <Table.ScrollContainer minWidth={820}>
      <Table verticalSpacing="sm" aria-label={t('webhooks.table')}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('webhooks.columns.url')}</Table.Th>
            <Table.Th>{t('webhooks.columns.kinds')}</Table.Th>
            <Table.Th>{t('webhooks.columns.status')}</Table.Th>
            <Table.Th>{t('webhooks.columns.lastDelivery')}</Table.Th>
            <Table.Th>{t('webhooks.columns.owner')}</Table.Th>
            <Table.Th>
              <VisuallyHidden>{t('webhooks.columns.actions')}</VisuallyHidden>
            </Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {webhooks.map((webhook) => (
            <Table.Tr key={webhook.id} data-testid="webhook-row">
              <Table.Td maw={300} miw={200}>
                <WebhookLink webhook={webhook} />
                {webhook.description && (
                  <Text size="xs" c="dimmed" lineClamp={2}>
                    {webhook.description}
                  </Text>
                )}
              </Table.Td>
              <Table.Td maw={260}>
                <KindBadges kinds={webhook.kinds} />
              </Table.Td>
              <Table.Td>
                <WebhookStatus webhook={webhook} />
              </Table.Td>
              <Table.Td>
                <LastDelivery delivery={webhook.lastDelivery} />
              </Table.Td>
              <Table.Td>
                <Text size="sm" style={{ whiteSpace: 'nowrap' }}>
                  {webhook.owner.name}
                </Text>
              </Table.Td>
              <Table.Td ta="right">
                <WebhookActions webhook={webhook} layout="menu" />
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

function WebhookCards({ webhooks }: { webhooks: Webhook[] }) {
  const { t } = useTranslation('settingsIntegrations');
  return (
    <Stack gap="xs" component="ul" p={0} m={0} style={{ listStyle: 'none' }} aria-label={t('webhooks.table')}>
      {webhooks.map((webhook) => (
        <Card component="li" key={webhook.id} withBorder padding="sm" data-testid="webhook-row">
          <Group justify="space-between" align="flex-start" wrap="nowrap" gap="xs">
            <Stack gap={4} style={{ minWidth: 0 }}>
              <WebhookLink webhook={webhook} />
              {webhook.description && (
                <Text size="xs" c="dimmed">
                  {webhook.description}
                </Text>
              )}
            </Stack>
            <WebhookActions webhook={webhook} layout="menu" />
          </Group>
          <Stack gap={6} mt="xs">
            <WebhookStatus webhook={webhook} />
            <KindBadges kinds={webhook.kinds} />
            <LastDelivery delivery={webhook.lastDelivery} />
            <Text size="xs" c="dimmed">
              {t('webhooks.owner', { name: webhook.owner.name })}
            </Text>
          </Stack>
        </Card>
      ))}
    </Stack>
  );
}
