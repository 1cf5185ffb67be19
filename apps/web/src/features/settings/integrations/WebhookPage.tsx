import { Alert, Badge, Button, Card, Code, Group, Loader, Stack, Table, Text, Title } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { IconArrowLeft } from '@tabler/icons-react';
import { useNavigate, useParams } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import type { Locale } from '../../../api/types';
import { AnchorLink } from '../../../components/links';
import { errorMessage } from '../../../lib/errors';
import { formatDateTime, formatRelative } from '../../../lib/format';
import { useDeliveries, useWebhook, useWebhookKinds, type Delivery } from './integrations-api';
import { WebhookActions } from './WebhookActions';
import { DeliveryBadge, WebhookStatus } from './WebhookBadges';

/** /settings/webhooks/:id: one webhook, what can be done to it, and its delivery log, newest first. */
export function WebhookPage() {
  const { t, i18n } = useTranslation('settingsIntegrations');
  const locale = i18n.language as Locale;
  const { webhookId } = useParams({ from: '/app/settings/webhooks/$webhookId' });
  const navigate = useNavigate();
  const webhook = useWebhook(webhookId);
  const labels = new Map((useWebhookKinds().data ?? []).map((kind) => [kind.kind, kind.label]));

  return (
    <Stack gap="md">
      <Group>
        <AnchorLink to="/settings/webhooks" size="sm">
          <Group gap={4} component="span">
            <IconArrowLeft size={14} aria-hidden />
            {t('deliveries.back')}
          </Group>
        </AnchorLink>
      </Group>
      {webhook.isPending && <Loader size="sm" aria-label={t('common:state.loading')} />}
      {webhook.isError && (
        <Alert color="red" title={t('deliveries.loadFailed')}>
          {errorMessage(webhook.error, t)}
        </Alert>
      )}
      {webhook.data && (
        <>
          <Stack gap={6}>
            <Title order={2} size="h3" style={{ overflowWrap: 'anywhere' }}>
              {webhook.data.url}
            </Title>
            {webhook.data.description && <Text size="sm">{webhook.data.description}</Text>}
            <WebhookStatus webhook={webhook.data} />
            <Group gap={4} wrap="wrap">
              {webhook.data.kinds.map((kind) => (
                <Badge key={kind} variant="outline" color="gray.7" tt="none" fw={500}>
                  {labels.get(kind) ?? kind}
                </Badge>
              ))}
            </Group>
            <Text size="xs" c="dimmed">
              {t('deliveries.created', { when: formatDateTime(webhook.data.createdAt, locale), name: webhook.data.owner.name })}
            </Text>
          </Stack>
          <WebhookActions webhook={webhook.data} layout="buttons" onDeleted={() => void navigate({ to: '/settings/webhooks' })} />
          <DeliveryLog webhookId={webhookId} kindLabel={(kind) => (kind === 'ping' ? t('deliveries.ping') : (labels.get(kind) ?? kind))} />
        </>
      )}
    </Stack>
  );
}

function DeliveryLog({ webhookId, kindLabel }: { webhookId: number; kindLabel: (kind: string) => string }) {
  const { t, i18n } = useTranslation('settingsIntegrations');
  const locale = i18n.language as Locale;
  const phone = useMediaQuery('(max-width: 48em)', false, { getInitialValueInEffect: false });
  const log = useDeliveries(webhookId);
  const deliveries = log.data?.pages.flatMap((page) => page.items) ?? [];
  const when = (delivery: Delivery) => formatDateTime(delivery.createdAt, locale);
  const code = (delivery: Delivery) => (delivery.responseCode === null ? '—' : t('deliveries.http', { code: delivery.responseCode }));
  const duration = (delivery: Delivery) => t('deliveries.duration', { ms: delivery.durationMs });
  // A test ping carries no event.
  const eventId = (delivery: Delivery) => (delivery.eventId === 0 ? '—' : <Code>{delivery.eventId}</Code>);
  const error = (delivery: Delivery) =>
    delivery.error && (
      <Text size="xs" ff="monospace" c="red.9" style={{ overflowWrap: 'anywhere', whiteSpace: 'pre-wrap' }}>
        {delivery.error}
      </Text>
    );

  return (
    <Stack gap="sm" component="section" aria-labelledby="delivery-log-title">
      <Title order={3} size="h4" id="delivery-log-title">
        {t('deliveries.title')}
      </Title>
      {log.isPending && <Loader size="sm" aria-label={t('common:state.loading')} />}
      {log.isError && <Alert color="red">{errorMessage(log.error, t)}</Alert>}
      {log.isSuccess && deliveries.length === 0 && (
        <Text size="sm" c="dimmed">
          {t('deliveries.empty')}
        </Text>
      )}
      {deliveries.length > 0 &&
        (phone ? (
          <Stack gap="xs" component="ul" p={0} m={0} style={{ listStyle: 'none' }} aria-label={t('deliveries.table')}>
            {deliveries.map((delivery) => (
              <Card component="li" key={delivery.id} withBorder padding="sm" data-testid="delivery">
                <Group gap="xs" wrap="wrap">
                  <DeliveryBadge status={delivery.status} />
                  <Text size="sm" fw={500}>
                    {kindLabel(delivery.kind)}
                  </Text>
                </Group>
                <Text size="xs" c="dimmed" mt={4}>
                  {[when(delivery), t('deliveries.attempt', { attempt: delivery.attempt }), delivery.responseCode === null ? null : code(delivery), duration(delivery)].filter(Boolean).join(' · ')}
                </Text>
                <Text size="xs" c="dimmed">
                  {t('deliveries.columns.eventId')}: {eventId(delivery)}
                </Text>
                {error(delivery)}
              </Card>
            ))}
          </Stack>
        ) : (
          // Nothing in the log takes the focus: the scrolling area does, so a keyboard can scroll it sideways.
          <Table.ScrollContainer minWidth={860} scrollAreaProps={{ viewportProps: { tabIndex: 0, 'aria-label': t('deliveries.table') } }}>
            <Table striped verticalSpacing="xs" aria-label={t('deliveries.table')}>
              <Table.Thead style={{ whiteSpace: 'nowrap' }}>
                <Table.Tr>
                  <Table.Th>{t('deliveries.columns.at')}</Table.Th>
                  <Table.Th>{t('deliveries.columns.status')}</Table.Th>
                  <Table.Th>{t('deliveries.columns.kind')}</Table.Th>
                  <Table.Th>{t('deliveries.columns.eventId')}</Table.Th>
                  <Table.Th>{t('deliveries.columns.attempt')}</Table.Th>
                  <Table.Th>{t('deliveries.columns.responseCode')}</Table.Th>
                  <Table.Th>{t('deliveries.columns.duration')}</Table.Th>
                  <Table.Th>{t('deliveries.columns.error')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {deliveries.map((delivery) => (
                  <Table.Tr key={delivery.id} data-testid="delivery">
                    <Table.Td style={{ whiteSpace: 'nowrap' }} title={formatRelative(delivery.createdAt, locale)}>
                      {when(delivery)}
                    </Table.Td>
                    {/* A badge shrinks to "FALH…" in a squeezed column: the column keeps room for the longest. */}
                    <Table.Td miw={112}>
                      <DeliveryBadge status={delivery.status} />
                    </Table.Td>
                    <Table.Td style={{ whiteSpace: 'nowrap' }}>{kindLabel(delivery.kind)}</Table.Td>
                    <Table.Td>{eventId(delivery)}</Table.Td>
                    <Table.Td>{delivery.attempt}</Table.Td>
                    <Table.Td style={{ whiteSpace: 'nowrap' }}>{code(delivery)}</Table.Td>
                    <Table.Td style={{ whiteSpace: 'nowrap' }}>{duration(delivery)}</Table.Td>
                    <Table.Td maw={320}>{error(delivery)}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        ))}
      {log.hasNextPage && (
        <Group>
          <Button variant="default" loading={log.isFetchingNextPage} onClick={() => void log.fetchNextPage()}>
            {t('deliveries.loadMore')}
          </Button>
        </Group>
      )}
      {log.isSuccess && deliveries.length > 0 && !log.hasNextPage && (
        <Text size="xs" c="dimmed">
          {t('deliveries.end')}
        </Text>
      )}
    </Stack>
  );
}
