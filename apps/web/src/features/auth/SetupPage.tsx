import { isAcceptablePassword } from '@vinculo/shared';
import { Alert, Button, PasswordInput, Stack, TextInput } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError } from '../../api/client';
import { queryKeys } from '../../api/hooks';
import { errorMessage, fieldErrors } from '../../lib/errors';
import { AuthFrame } from './AuthFrame';

/** The first run: creates the administrator, signs in and opens the app. */
export function SetupPage() {
  const { t } = useTranslation('auth');
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [form, setForm] = useState({ name: '', email: '', password: '' });
  const [local, setLocal] = useState<Record<string, string>>({});
  const setup = useMutation({
    mutationFn: () => api.post('/setup', { name: form.name.trim() || undefined, email: form.email.trim(), password: form.password }),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: queryKeys.me });
      await navigate({ to: '/' });
    },
    onError: (error) => {
      if (error instanceof ApiError && error.code === 'SETUP_ALREADY_DONE') void navigate({ to: '/login' });
    },
  });
  const server = fieldErrors(setup.error);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const problems: Record<string, string> = {};
    if (!form.email.trim()) problems.email = t('errors.emailRequired');
    if (!isAcceptablePassword(form.password)) problems.password = t('errors.passwordShort');
    setLocal(problems);
    if (Object.keys(problems).length === 0) setup.mutate();
  };

  return (
    <AuthFrame title={t('setup.title')} intro={t('setup.intro')}>
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          <TextInput label={t('fields.name')} autoComplete="name" value={form.name} onChange={(e) => setForm({ ...form, name: e.currentTarget.value })} error={server.name} />
          <TextInput
            label={t('fields.email')}
            type="email"
            autoComplete="email"
            required
            value={form.email}
            onChange={(e) => setForm({ ...form, email: e.currentTarget.value })}
            error={local.email ?? server.email}
          />
          <PasswordInput
            label={t('fields.password')}
            description={t('fields.passwordHint')}
            autoComplete="new-password"
            required
            value={form.password}
            onChange={(e) => setForm({ ...form, password: e.currentTarget.value })}
            error={local.password ?? server.password}
          />
          {setup.error && Object.keys(server).length === 0 && (
            <Alert color="red" role="alert">
              {errorMessage(setup.error, t)}
            </Alert>
          )}
          <Button type="submit" loading={setup.isPending} fullWidth mt="xs">
            {t('setup.submit')}
          </Button>
        </Stack>
      </form>
    </AuthFrame>
  );
}
