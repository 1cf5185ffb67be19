import { Alert, Box, Button, Code, CopyButton, Group, Loader, Modal, Paper, Stack, Text, Textarea, TextInput, Title } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Locale } from '../../api/types';
import { ConfirmActionModal } from '../../components/ConfirmActionModal';
import { errorMessage, fieldErrors } from '../../lib/errors';
import { formatDateTime, formatRelative } from '../../lib/format';
import { notifySuccess } from '../../lib/notify';
import { useApiTokens, useCreateToken, useRevokeToken, type ApiToken, type NewApiToken } from './useAccountSecurity';

/** The user's API tokens: create one (its secret shown once, with a copy button), see the others, revoke. */
export function ApiTokensPanel() {
  const { t } = useTranslation('auth');
  const tokens = useApiTokens();
  const [created, setCreated] = useState<NewApiToken | null>(null);
  const [revoking, setRevoking] = useState<ApiToken | null>(null);

  return (
    <Paper withBorder p="md">
      <Stack gap="sm">
        <Title order={2} size="h4">
          {t('tokens.title')}
        </Title>
        <Text size="sm" c="dimmed">
          {t('tokens.intro')}
        </Text>
        <CreateTokenForm onCreated={setCreated} />
        {tokens.isPending ? (
          <Loader size="sm" aria-label={t('common:state.loading')} />
        ) : tokens.isError ? (
          <Alert color="red" role="alert" title={t('tokens.loadFailed')}>
            {errorMessage(tokens.error, t)}
          </Alert>
        ) : tokens.data.length === 0 ? (
          <Text size="sm" c="dimmed">
            {t('tokens.empty')}
          </Text>
        ) : (
          <Box component="ul" aria-label={t('tokens.title')} m={0} p={0} style={{ listStyle: 'none' }}>
            {tokens.data.map((token) => (
              <TokenRow key={token.id} token={token} onRevoke={() => setRevoking(token)} />
            ))}
          </Box>
        )}
      </Stack>
      <CreatedTokenDialog created={created} onClose={() => setCreated(null)} />
      {revoking && <RevokeTokenDialog token={revoking} onClose={() => setRevoking(null)} />}
    </Paper>
  );
}

function CreateTokenForm({ onCreated }: { onCreated: (token: NewApiToken) => void }) {
  const { t } = useTranslation('auth');
  const create = useCreateToken();
  const [name, setName] = useState('');
  const [missing, setMissing] = useState(false);
  const server = fieldErrors(create.error);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const trimmed = name.trim();
    setMissing(trimmed === '');
    if (trimmed === '') return;
    create.mutate(trimmed, {
      onSuccess: (token) => {
        setName('');
        onCreated(token);
      },
    });
  };

  return (
    <form onSubmit={submit} noValidate>
      <Group align="flex-start" gap="sm" wrap="wrap">
        <TextInput
          label={t('tokens.name')}
          description={t('tokens.nameHint')}
          value={name}
          maxLength={100}
          onChange={(event) => setName(event.currentTarget.value)}
          error={missing ? t('tokens.nameRequired') : server.name}
          style={{ flex: '1 1 220px' }}
        />
        {/* Lined up with the input, below its label and description. */}
        <Button type="submit" loading={create.isPending} mt={{ base: 0, xs: 45 }}>
          {t('tokens.create')}
        </Button>
      </Group>
      {create.error && !server.name && (
        <Alert color="red" role="alert" mt="sm">
          {errorMessage(create.error, t)}
        </Alert>
      )}
    </form>
  );
}

function TokenRow({ token, onRevoke }: { token: ApiToken; onRevoke: () => void }) {
  const { t, i18n } = useTranslation('auth');
  const locale = i18n.language as Locale;
  return (
    <Box component="li" py="xs" style={{ borderTop: '1px solid var(--mantine-color-gray-3)' }}>
      <Group justify="space-between" wrap="nowrap" gap="sm" align="center">
        <Stack gap={2} style={{ minWidth: 0 }}>
          <Text fw={500} size="sm" style={{ overflowWrap: 'anywhere' }}>
            {token.name}
          </Text>
          <Text size="xs" c="dimmed">
            <Code>{token.prefix}…</Code> · {t('tokens.created', { date: formatDateTime(token.createdAt, locale) })} ·{' '}
            {token.lastUsedAt ? t('tokens.lastUsed', { when: formatRelative(token.lastUsedAt, locale) }) : t('tokens.neverUsed')}
          </Text>
        </Stack>
        <Button variant="outline" color="red.9" size="xs" onClick={onRevoke} aria-label={t('tokens.revokeLabel', { name: token.name })} style={{ flexShrink: 0 }}>
          {t('tokens.revoke')}
        </Button>
      </Group>
    </Box>
  );
}

/** The secret, shown only here: once this dialog closes nobody can see it again. */
function CreatedTokenDialog({ created, onClose }: { created: NewApiToken | null; onClose: () => void }) {
  const { t } = useTranslation('auth');
  return (
    <Modal opened={created !== null} onClose={onClose} title={t('tokens.createdTitle', { name: created?.name ?? '' })} closeButtonProps={{ 'aria-label': t('common:actions.close') }} size="lg">
      {created && (
        <Stack gap="sm">
          <Alert color="yellow" variant="light">
            <Text size="sm">{t('tokens.createdWarning')}</Text>
          </Alert>
          {/* The whole token in view, wrapped, also on a phone. */}
          <Textarea
            label={t('tokens.token')}
            value={created.token}
            readOnly
            autosize
            minRows={1}
            onFocus={(event) => event.currentTarget.select()}
            styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)', wordBreak: 'break-all' } }}
          />
          <Group justify="flex-end" gap="sm">
            <CopyButton value={created.token}>
              {({ copied, copy }) => (
                <Button color={copied ? 'teal.9' : undefined} onClick={copy} aria-live="polite">
                  {copied ? t('tokens.copied') : t('tokens.copy')}
                </Button>
              )}
            </CopyButton>
            <Button variant="default" onClick={onClose}>
              {t('tokens.done')}
            </Button>
          </Group>
        </Stack>
      )}
    </Modal>
  );
}

function RevokeTokenDialog({ token, onClose }: { token: ApiToken; onClose: () => void }) {
  const { t } = useTranslation('auth');
  const revoke = useRevokeToken();
  return (
    <ConfirmActionModal
      title={t('tokens.revokeTitle', { name: token.name })}
      message={t('tokens.revokeBody')}
      confirmLabel={t('tokens.revoke')}
      danger
      onConfirm={async () => {
        await revoke.mutateAsync(token.id);
        notifySuccess(t('tokens.revoked'));
      }}
      onClose={onClose}
    />
  );
}
