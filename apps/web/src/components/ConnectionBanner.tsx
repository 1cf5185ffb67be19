import { Alert, Loader, Group } from '@mantine/core';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useQueryClient } from '@tanstack/react-query';
import { api, connection } from '../api/client';

/**
 * Says when the server cannot be reached and keeps trying: every few seconds a cheap request; once one goes through,
 * the banner leaves and what failed meanwhile is fetched again.
 */
export function ConnectionBanner() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [online, setOnline] = useState(connection.online);

  useEffect(() => connection.subscribe(setOnline), []);

  useEffect(() => {
    if (online) return;
    const timer = window.setInterval(() => {
      void api.get('/setup').then(() => queryClient.invalidateQueries(), () => undefined);
    }, 3000);
    return () => window.clearInterval(timer);
  }, [online, queryClient]);

  if (online) return null;
  return (
    <Alert color="orange" variant="filled" radius={0} role="status" aria-live="polite" style={{ position: 'fixed', top: 0, left: 0, right: 0, zIndex: 1000 }} p="xs">
      <Group gap="xs" justify="center">
        <Loader size="xs" color="white" />
        {t('connection.lost')}
      </Group>
    </Alert>
  );
}
