import { Badge, Group, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { Locale } from '../../../api/types';
import { formatDateTime, formatRelative } from '../../../lib/format';
import type { DeliveryStatus, Webhook } from './integrations-api';

const deliveryColors: Record<DeliveryStatus, string> = { delivered: 'teal.9', failed: 'red.9', skipped: 'gray.7' };

/** Ativo / Pausado, with why a paused webhook stopped (failures, an inactive owner, or an administrator). */
export function WebhookStatus({ webhook }: { webhook: Pick<Webhook, 'status' | 'pausedReason' | 'failures'> }) {
  const { t } = useTranslation('settingsIntegrations');
  const paused = webhook.status === 'paused';
  return (
    <Group gap={6} wrap="wrap">
      <Badge variant="outline" color={paused ? 'orange.9' : 'teal.9'} radius="sm">
        {t(`webhooks.status.${webhook.status}`)}
      </Badge>
      {paused && (
        <Text size="xs" c="dimmed">
          {t(`webhooks.pausedReason.${webhook.pausedReason ?? 'manual'}`, { defaultValue: webhook.pausedReason ?? '' })}
        </Text>
      )}
      {!paused && webhook.failures > 0 && (
        <Text size="xs" c="red.9">
          {t('webhooks.failures', { count: webhook.failures })}
        </Text>
      )}
    </Group>
  );
}

export function DeliveryBadge({ status }: { status: DeliveryStatus }) {
  const { t } = useTranslation('settingsIntegrations');
  return (
    <Badge variant="outline" color={deliveryColors[status] ?? 'gray.7'} radius="sm">
      {t(`delivery.${status}`, { defaultValue: status })}
    </Badge>
  );
}

/** The last delivery in a line: its status, the HTTP answer, and how long ago (the exact time on hover). */
export function LastDelivery({ delivery }: { delivery: Webhook['lastDelivery'] }) {
  const { t, i18n } = useTranslation('settingsIntegrations');
  const locale = i18n.language as Locale;
  if (!delivery)
    return (
      <Text size="sm" c="dimmed">
        {t('webhooks.noDelivery')}
      </Text>
    );
  return (
    <Group gap={6} wrap="wrap">
      <DeliveryBadge status={delivery.status} />
      {delivery.responseCode !== null && <Text size="xs">{t('deliveries.http', { code: delivery.responseCode })}</Text>}
      <Text size="xs" c="dimmed" title={formatDateTime(delivery.createdAt, locale)}>
        {formatRelative(delivery.createdAt, locale)}
      </Text>
    </Group>
  );
}
