import { ActionIcon, Button, Group, Menu } from '@mantine/core';
import { IconDots, IconKey, IconPencil, IconPlayerPause, IconPlayerPlay, IconSend, IconTrash } from '@tabler/icons-react';
import type { TFunction } from 'i18next';
import { useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ConfirmActionModal } from '../../../components/ConfirmActionModal';
import { errorMessage } from '../../../lib/errors';
import { notifyError, notifySuccess } from '../../../lib/notify';
import { useWebhookActions, type Delivery, type Webhook } from './integrations-api';
import { SecretDialog, WebhookFormModal } from './WebhookDialogs';

type Dialog = 'edit' | 'rotate' | 'delete' | { secret: string } | null;

/** A test's outcome in a notice: the answer and its time, or why it did not arrive. */
function announceTest(delivery: Delivery, t: TFunction) {
  if (delivery.status === 'delivered') notifySuccess(t('webhooks.testDelivered', { code: delivery.responseCode ?? '—', duration: delivery.durationMs }));
  else if (delivery.status === 'skipped') notifyError(t('webhooks.testSkipped'), delivery.error ?? '');
  else notifyError(t('webhooks.testFailedTitle'), [delivery.responseCode !== null ? t('deliveries.http', { code: delivery.responseCode }) : null, delivery.error].filter(Boolean).join(' · '));
}

/**
 * What an administrator can do to a webhook: edit, pause or resume, send a test, make a new secret, delete. A menu in
 * the list's rows; buttons on the webhook's page.
 */
export function WebhookActions({ webhook, layout, onDeleted }: { webhook: Webhook; layout: 'menu' | 'buttons'; onDeleted?: () => void }) {
  const { t } = useTranslation('settingsIntegrations');
  const actions = useWebhookActions();
  const navigate = useNavigate();
  const [dialog, setDialog] = useState<Dialog>(null);
  const [busy, setBusy] = useState<'status' | 'test' | null>(null);
  const paused = webhook.status === 'paused';

  const run = async (which: 'status' | 'test', action: () => Promise<void>) => {
    setBusy(which);
    try {
      await action();
    } catch (error) {
      notifyError(t('webhooks.actionFailed'), errorMessage(error, t));
    } finally {
      setBusy(null);
    }
  };
  const toggle = () =>
    run('status', async () => {
      await actions.update(webhook.id, { status: paused ? 'active' : 'paused' });
      notifySuccess(paused ? t('webhooks.resumed') : t('webhooks.paused'));
    });
  const test = () => run('test', async () => announceTest(await actions.test(webhook.id), t));

  const pauseIcon = paused ? <IconPlayerPlay size={16} aria-hidden /> : <IconPlayerPause size={16} aria-hidden />;
  return (
    <>
      {layout === 'menu' ? (
        <Menu position="bottom-end" withinPortal>
          <Menu.Target>
            <ActionIcon variant="subtle" color="gray" aria-label={t('webhooks.actionsOf', { url: webhook.url })} loading={busy !== null}>
              <IconDots size={16} aria-hidden />
            </ActionIcon>
          </Menu.Target>
          <Menu.Dropdown>
            <Menu.Item onClick={() => void navigate({ to: '/settings/webhooks/$webhookId', params: { webhookId: webhook.id } })}>
              {t('webhooks.open')}
            </Menu.Item>
            <Menu.Item leftSection={<IconPencil size={16} aria-hidden />} onClick={() => setDialog('edit')}>
              {t('webhooks.edit')}
            </Menu.Item>
            <Menu.Item leftSection={pauseIcon} onClick={() => void toggle()}>
              {paused ? t('webhooks.resume') : t('webhooks.pause')}
            </Menu.Item>
            <Menu.Item leftSection={<IconSend size={16} aria-hidden />} onClick={() => void test()}>
              {t('webhooks.test')}
            </Menu.Item>
            <Menu.Item leftSection={<IconKey size={16} aria-hidden />} onClick={() => setDialog('rotate')}>
              {t('webhooks.rotate')}
            </Menu.Item>
            <Menu.Item color="red.9" leftSection={<IconTrash size={16} aria-hidden />} onClick={() => setDialog('delete')}>
              {t('webhooks.delete')}
            </Menu.Item>
          </Menu.Dropdown>
        </Menu>
      ) : (
        <Group gap="xs" wrap="wrap">
          <Button leftSection={<IconSend size={16} aria-hidden />} loading={busy === 'test'} onClick={() => void test()}>
            {t('webhooks.test')}
          </Button>
          <Button variant="default" leftSection={<IconPencil size={16} aria-hidden />} onClick={() => setDialog('edit')}>
            {t('webhooks.edit')}
          </Button>
          <Button variant="default" leftSection={pauseIcon} loading={busy === 'status'} onClick={() => void toggle()}>
            {paused ? t('webhooks.resume') : t('webhooks.pause')}
          </Button>
          <Button variant="default" leftSection={<IconKey size={16} aria-hidden />} onClick={() => setDialog('rotate')}>
            {t('webhooks.rotate')}
          </Button>
          <Button variant="outline" color="red.9" leftSection={<IconTrash size={16} aria-hidden />} onClick={() => setDialog('delete')}>
            {t('webhooks.delete')}
          </Button>
        </Group>
      )}

      {dialog === 'edit' && (
        <WebhookFormModal
          webhook={webhook}
          onSubmit={async (input) => {
            await actions.update(webhook.id, input);
            notifySuccess(t('webhooks.saved'));
          }}
          onClose={() => setDialog(null)}
        />
      )}
      {dialog === 'rotate' && (
        <ConfirmActionModal
          title={t('webhooks.rotateTitle')}
          message={t('webhooks.rotateBody', { url: webhook.url })}
          confirmLabel={t('webhooks.rotateButton')}
          danger
          onConfirm={async () => {
            const secret = await actions.rotateSecret(webhook.id);
            // The confirmation then closes itself, and leaves the secret in its place (its onClose only clears 'rotate').
            setDialog({ secret });
          }}
          onClose={() => setDialog((current) => (current === 'rotate' ? null : current))}
        />
      )}
      {dialog !== null && typeof dialog === 'object' && <SecretDialog secret={dialog.secret} rotated onClose={() => setDialog(null)} />}
      {dialog === 'delete' && (
        <ConfirmActionModal
          title={t('webhooks.deleteTitle')}
          message={t('webhooks.deleteBody', { url: webhook.url })}
          confirmLabel={t('common:actions.delete')}
          danger
          onConfirm={async () => {
            await actions.remove(webhook.id);
            notifySuccess(t('webhooks.deleted'));
            onDeleted?.();
          }}
          onClose={() => setDialog(null)}
        />
      )}
    </>
  );
}
