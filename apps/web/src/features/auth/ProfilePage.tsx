import { Alert, Button, Container, Group, Paper, PasswordInput, SegmentedControl, Stack, Text, TextInput, Title } from '@mantine/core';
import { notifySuccess } from '../../lib/notify';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { queryKeys, useMe } from '../../api/hooks';
import type { Locale, Me } from '../../api/types';
import { changeLocale, locales } from '../../i18n';
import { errorMessage, fieldErrors } from '../../lib/errors';
import { InboundWebhooksPanel } from '../inbound-webhooks/InboundWebhooksPanel';
import { ApiTokensPanel } from './ApiTokensPanel';
import { SessionsPanel } from './SessionsPanel';

/** The signed-in user's own settings: name, language (kept on the server), password, sessions, API tokens, inbound webhooks. */
export function ProfilePage() {
  const { t } = useTranslation('auth');
  const me = useMe().data!;
  return (
    <Container size="sm" py="md">
      <Title order={1} size="h2" mb="md">
        {t('profile.title')}
      </Title>
      <Stack gap="md">
        <DetailsForm me={me} />
        <PasswordForm />
        <SessionsPanel />
        <ApiTokensPanel />
        <InboundWebhooksPanel />
      </Stack>
    </Container>
  );
}

function DetailsForm({ me }: { me: Me }) {
  const { t } = useTranslation('auth');
  const queryClient = useQueryClient();
  const [name, setName] = useState(me.name);
  const save = useMutation({
    mutationFn: (body: { name?: string; locale?: Locale }) => api.patch<Me>('/auth/me', body),
    onSuccess: async (updated) => {
      queryClient.setQueryData(queryKeys.me, updated);
      if (updated.locale !== me.locale) {
        await changeLocale(updated.locale);
        // Labels of fields, stages and lists come from the server in the user's language.
        await queryClient.invalidateQueries();
      }
      notifySuccess(t('profile.saved'));
    },
  });
  const errors = fieldErrors(save.error);

  return (
    <Paper withBorder p="md">
      <Stack gap="sm">
        <Title order={2} size="h4">
          {t('profile.details')}
        </Title>
        <Text size="sm" c="dimmed">
          {me.email}
        </Text>
        <form
          onSubmit={(event) => {
            event.preventDefault();
            save.mutate({ name: name.trim() });
          }}
        >
          <Group align="flex-end" gap="sm">
            <TextInput label={t('fields.name')} value={name} onChange={(e) => setName(e.currentTarget.value)} error={errors.name} style={{ flex: 1, minWidth: 200 }} />
            <Button type="submit" loading={save.isPending && save.variables?.name !== undefined}>
              {t('common:actions.save')}
            </Button>
          </Group>
        </form>
        <div>
          <Text size="sm" fw={500} id="language-label">
            {t('profile.language')}
          </Text>
          <Text size="xs" c="dimmed" mb={6}>
            {t('profile.languageHint')}
          </Text>
          <SegmentedControl
            aria-labelledby="language-label"
            value={me.locale}
            onChange={(value) => save.mutate({ locale: value as Locale })}
            data={locales.map((locale) => ({ value: locale, label: t(`common:language.${locale}`) }))}
          />
        </div>
        {save.error && !errors.name && (
          <Alert color="red" role="alert">
            {errorMessage(save.error, t)}
          </Alert>
        )}
      </Stack>
    </Paper>
  );
}

function PasswordForm() {
  const { t } = useTranslation('auth');
  const [form, setForm] = useState({ current: '', next: '', repeat: '' });
  const [local, setLocal] = useState<Record<string, string>>({});
  const change = useMutation({
    mutationFn: () => api.post('/auth/password', { currentPassword: form.current, newPassword: form.next }),
    onSuccess: () => {
      setForm({ current: '', next: '', repeat: '' });
      notifySuccess(t('profile.passwordChanged'));
    },
  });
  const server = fieldErrors(change.error);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const problems: Record<string, string> = {};
    if (!form.current) problems.current = t('errors.passwordRequired');
    if (form.next.length < 8) problems.next = t('errors.passwordShort');
    else if (form.next !== form.repeat) problems.repeat = t('errors.passwordsDiffer');
    setLocal(problems);
    if (Object.keys(problems).length === 0) change.mutate();
  };

  return (
    <Paper withBorder p="md">
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          <Title order={2} size="h4">
            {t('profile.password')}
          </Title>
          <PasswordInput label={t('fields.currentPassword')} autoComplete="current-password" value={form.current} onChange={(e) => setForm({ ...form, current: e.currentTarget.value })} error={local.current ?? server.currentPassword} />
          <PasswordInput label={t('fields.newPassword')} description={t('fields.passwordHint')} autoComplete="new-password" value={form.next} onChange={(e) => setForm({ ...form, next: e.currentTarget.value })} error={local.next ?? server.newPassword} />
          <PasswordInput label={t('fields.repeatPassword')} autoComplete="new-password" value={form.repeat} onChange={(e) => setForm({ ...form, repeat: e.currentTarget.value })} error={local.repeat} />
          {change.error && !server.currentPassword && !server.newPassword && (
            <Alert color="red" role="alert">
              {errorMessage(change.error, t)}
            </Alert>
          )}
          <Group>
            <Button type="submit" loading={change.isPending}>
              {t('profile.password')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}
