import { Alert, Badge, Box, Button, Checkbox, Code, CopyButton, Group, Loader, Modal, Paper, Stack, Text, Textarea, TextInput, Title } from '@mantine/core';
import { IconPlus } from '@tabler/icons-react';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useMe } from '../../api/hooks';
import type { Locale } from '../../api/types';
import { ConfirmActionModal } from '../../components/ConfirmActionModal';
import { UserPicker } from '../../components/fields/UserPicker';
import { errorMessage, fieldErrors } from '../../lib/errors';
import { formatDateTime, formatRelative } from '../../lib/format';
import { notifySuccess } from '../../lib/notify';
import { inboundScopes, useCreateInboundWebhook, useInboundWebhooks, useRevokeInboundWebhook, type CreatedInboundWebhook, type InboundScope, type InboundWebhook } from './inbound-webhooks-api';

interface Props {
  /**
   * The administrators' view in the settings: everyone's webhooks, with their user, and a new one for anyone. Otherwise
   * (the profile) the user's own, made for themself.
   */
  everyone?: boolean;
  /** The heading's level: a page's section (settings) or a panel of the profile. */
  headingOrder?: 2 | 3;
}

/** Bitrix24-style inbound webhooks: the list, a new one (its URL shown once, with a copy button), revoke. */
export function InboundWebhooksPanel({ everyone = false, headingOrder = 2 }: Props) {
  const { t } = useTranslation('inboundWebhooks');
  const me = useMe().data;
  const webhooks = useInboundWebhooks();
  const [adding, setAdding] = useState(false);
  const [created, setCreated] = useState<CreatedInboundWebhook | null>(null);
  const [revoking, setRevoking] = useState<InboundWebhook | null>(null);
  // An administrator's answer holds everyone's: the profile shows only theirs.
  const items = (webhooks.data ?? []).filter((webhook) => everyone || webhook.user.id === me?.id);

  return (
    <Paper withBorder={!everyone} p={everyone ? 0 : 'md'}>
      <Stack gap="sm">
        <Title order={headingOrder} size={everyone ? 'h3' : 'h4'}>
          {t('title')}
        </Title>
        <Text size="sm" c="dimmed">
          {everyone ? t('introEveryone') : t('intro')}
        </Text>
        <Group>
          <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={() => setAdding(true)} variant={everyone ? 'filled' : 'light'}>
            {t('add')}
          </Button>
        </Group>
        {webhooks.isPending || !me ? (
          <Loader size="sm" aria-label={t('common:state.loading')} />
        ) : webhooks.isError ? (
          <Alert color="red" role="alert" title={t('loadFailed')}>
            {errorMessage(webhooks.error, t)}
          </Alert>
        ) : items.length === 0 ? (
          <Text size="sm" c="dimmed">
            {t('empty')}
          </Text>
        ) : (
          <Box component="ul" aria-label={t('listLabel')} m={0} p={0} style={{ listStyle: 'none' }}>
            {items.map((webhook) => (
              <WebhookRow key={webhook.id} webhook={webhook} showUser={everyone} onRevoke={() => setRevoking(webhook)} />
            ))}
          </Box>
        )}
      </Stack>
      {adding && me && <CreateWebhookModal forAnyone={everyone && me.isAdmin} onCreated={setCreated} onClose={() => setAdding(false)} />}
      <CreatedWebhookDialog created={created} onClose={() => setCreated(null)} />
      {revoking && <RevokeWebhookDialog webhook={revoking} onClose={() => setRevoking(null)} />}
    </Paper>
  );
}

function WebhookRow({ webhook, showUser, onRevoke }: { webhook: InboundWebhook; showUser: boolean; onRevoke: () => void }) {
  const { t, i18n } = useTranslation('inboundWebhooks');
  const locale = i18n.language as Locale;
  return (
    <Box component="li" py="xs" data-testid="inbound-webhook-row" style={{ borderTop: '1px solid var(--mantine-color-gray-3)' }}>
      <Group justify="space-between" wrap="nowrap" gap="sm" align="flex-start">
        <Stack gap={4} style={{ minWidth: 0 }}>
          <Group gap="xs" wrap="wrap">
            <Text fw={500} size="sm" style={{ overflowWrap: 'anywhere' }}>
              {webhook.name}
            </Text>
            <Group gap={4} aria-label={t('scopes')}>
              {webhook.scopes.map((scope) => (
                <Badge key={scope} variant="outline" color="gray.7" tt="none" fw={500} title={t(`scopeHint.${scope}`, { defaultValue: scope })}>
                  {t(`scope.${scope}`, { defaultValue: scope })}
                </Badge>
              ))}
            </Group>
          </Group>
          {showUser && (
            <Text size="sm">
              {t('user')}: {webhook.user.name}
            </Text>
          )}
          <Text size="xs" c="dimmed">
            <Code aria-label={t('code', { hint: webhook.codeHint })}>…{webhook.codeHint}</Code> · {t('created', { date: formatDateTime(webhook.createdAt, locale) })} ·{' '}
            {webhook.lastUsedAt ? t('lastUsed', { when: formatRelative(webhook.lastUsedAt, locale) }) : t('neverUsed')}
          </Text>
        </Stack>
        <Button variant="outline" color="red.9" size="xs" onClick={onRevoke} aria-label={t('revokeLabel', { name: webhook.name })} style={{ flexShrink: 0 }}>
          {t('revoke')}
        </Button>
      </Group>
    </Box>
  );
}

function CreateWebhookModal({ forAnyone, onCreated, onClose }: { forAnyone: boolean; onCreated: (created: CreatedInboundWebhook) => void; onClose: () => void }) {
  const { t } = useTranslation('inboundWebhooks');
  const me = useMe().data!;
  const create = useCreateInboundWebhook();
  const [name, setName] = useState('');
  const [userId, setUserId] = useState<number>(me.id);
  const [scopes, setScopes] = useState<InboundScope[]>(['crm']);
  const [local, setLocal] = useState<Record<string, string>>({});
  const server = fieldErrors(create.error);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const problems: Record<string, string> = {};
    if (name.trim() === '') problems.name = t('form.nameRequired');
    if (scopes.length === 0) problems.scopes = t('form.scopesRequired');
    setLocal(problems);
    if (Object.keys(problems).length > 0) return;
    create.mutate(
      { name: name.trim(), scopes, ...(forAnyone && userId !== me.id ? { userId } : {}) },
      {
        onSuccess: (created) => {
          onClose();
          onCreated(created);
        },
      },
    );
  };
  const shownErrors = new Set(['name', 'userId', 'scopes']);
  const otherError = create.error && !Object.keys(server).some((field) => shownErrors.has(field.split('.')[0]!));

  return (
    <Modal opened onClose={onClose} title={t('form.title')} closeButtonProps={{ 'aria-label': t('common:actions.close') }}>
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          <TextInput
            label={t('form.name')}
            description={t('form.nameHint')}
            value={name}
            maxLength={100}
            required
            data-autofocus
            onChange={(event) => setName(event.currentTarget.value)}
            error={local.name ?? server.name}
          />
          {forAnyone && (
            <Stack gap={2}>
              <UserPicker label={t('form.user')} value={userId} required onChange={(value) => typeof value === 'number' && setUserId(value)} error={server.userId} />
              <Text size="xs" c="dimmed">
                {t('form.userHint')}
              </Text>
            </Stack>
          )}
          <Checkbox.Group label={t('scopes')} value={scopes} onChange={(value) => setScopes(value as InboundScope[])} error={local.scopes ?? server.scopes ?? server['scopes.0']}>
            <Stack gap={6} mt={6}>
              {inboundScopes.map((scope) => (
                <Checkbox key={scope} value={scope} label={t(`scope.${scope}`)} description={t(`scopeHint.${scope}`)} />
              ))}
            </Stack>
          </Checkbox.Group>
          {otherError && (
            <Alert color="red" role="alert">
              {errorMessage(create.error, t)}
            </Alert>
          )}
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={onClose}>
              {t('common:actions.cancel')}
            </Button>
            <Button type="submit" loading={create.isPending}>
              {t('form.create')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

/** The URL, shown only here: once this dialog closes nobody can see its code again. */
function CreatedWebhookDialog({ created, onClose }: { created: CreatedInboundWebhook | null; onClose: () => void }) {
  const { t } = useTranslation('inboundWebhooks');
  return (
    <Modal opened={created !== null} onClose={onClose} title={t('createdTitle', { name: created?.name ?? '' })} closeButtonProps={{ 'aria-label': t('common:actions.close') }} size="lg">
      {created && (
        <Stack gap="sm">
          <Alert color="yellow" variant="light">
            <Text size="sm">{t('createdWarning')}</Text>
          </Alert>
          {/* The whole URL in view, wrapped, also on a phone. */}
          <Textarea
            label={t('url')}
            value={created.url}
            readOnly
            autosize
            minRows={1}
            onFocus={(event) => event.currentTarget.select()}
            styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)', wordBreak: 'break-all' } }}
          />
          <Text size="sm">{t('howTo', { example: 'crm.deal.list' })}</Text>
          <Group justify="flex-end" gap="sm">
            <CopyButton value={created.url}>
              {({ copied, copy }) => (
                <Button color={copied ? 'teal.9' : undefined} onClick={copy} aria-live="polite">
                  {copied ? t('copied') : t('copy')}
                </Button>
              )}
            </CopyButton>
            <Button variant="default" onClick={onClose}>
              {t('done')}
            </Button>
          </Group>
        </Stack>
      )}
    </Modal>
  );
}

function RevokeWebhookDialog({ webhook, onClose }: { webhook: InboundWebhook; onClose: () => void }) {
  const { t } = useTranslation('inboundWebhooks');
  const revoke = useRevokeInboundWebhook();
  return (
    <ConfirmActionModal
      title={t('revokeTitle', { name: webhook.name })}
      message={t('revokeBody')}
      confirmLabel={t('revoke')}
      danger
      onConfirm={async () => {
        await revoke.mutateAsync(webhook.id);
        notifySuccess(t('revoked'));
      }}
      onClose={onClose}
    />
  );
}
