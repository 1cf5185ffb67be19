import { Alert, Button, PasswordInput, Stack, TextInput } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useNavigate, useSearch } from '@tanstack/react-router';
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError } from '../../api/client';
import { errorMessage } from '../../lib/errors';
import { AuthFrame } from './AuthFrame';

/** How long to wait, in words: "45 seconds", "3 minutes". */
export function waitTime(seconds: number, t: (key: string, options: { count: number }) => string): string {
  return seconds < 90 ? t('login.seconds', { count: seconds }) : t('login.minutes', { count: Math.ceil(seconds / 60) });
}

export function LoginPage() {
  const { t } = useTranslation('auth');
  const navigate = useNavigate();
  const { next } = useSearch({ from: '/login' });
  const queryClient = useQueryClient();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [problems, setProblems] = useState<{ email?: string; password?: string }>({});
  // Seconds left before the server takes another attempt (Retry-After of a 429), counted down on screen.
  const [remaining, setRemaining] = useState(0);

  const login = useMutation({
    mutationFn: () => api.post('/auth/login', { email: email.trim(), password }),
    onSuccess: async () => {
      queryClient.clear();
      await navigate({ to: next ?? '/' });
    },
    onError: (error) => {
      if (error instanceof ApiError && error.status === 429 && error.retryAfter) setRemaining(error.retryAfter);
    },
  });

  const waiting = remaining > 0;
  useEffect(() => {
    if (!waiting) return;
    const timer = window.setInterval(() => setRemaining((seconds) => Math.max(0, seconds - 1)), 1000);
    return () => window.clearInterval(timer);
  }, [waiting]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const found = { email: email.trim() ? undefined : t('errors.emailRequired'), password: password ? undefined : t('errors.passwordRequired') };
    setProblems(found);
    if (!found.email && !found.password) login.mutate();
  };

  let message: string | null = null;
  if (remaining > 0) message = t('login.throttled', { time: waitTime(remaining, t) });
  else if (login.error instanceof ApiError && login.error.status === 401) message = t('login.wrong');
  else if (login.error && !(login.error instanceof ApiError && login.error.status === 429)) message = errorMessage(login.error, t);

  return (
    <AuthFrame title={t('login.title')}>
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          <TextInput label={t('fields.email')} type="email" autoComplete="username" required value={email} onChange={(e) => setEmail(e.currentTarget.value)} error={problems.email} autoFocus />
          <PasswordInput label={t('fields.password')} autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.currentTarget.value)} error={problems.password} />
          {message && (
            <Alert color={remaining > 0 ? 'orange' : 'red'} role="alert">
              {message}
            </Alert>
          )}
          <Button type="submit" loading={login.isPending} disabled={remaining > 0} fullWidth mt="xs">
            {t('login.submit')}
          </Button>
        </Stack>
      </form>
    </AuthFrame>
  );
}
