import { Group, Loader, Paper, Text } from '@mantine/core';
import { IconWifi } from '@tabler/icons-react';
import { onlineManager, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, connection } from '../api/client';

type State = 'online' | 'lost' | 'back';

const retryEvery = 3000;
const backShownFor = 3000;
const isLost = () => !connection.online || !onlineManager.isOnline();

/**
 * Says when the server cannot be reached, whether a request failed for lack of network or the browser knows it is
 * offline, and keeps trying: every few seconds a cheap request, and one at once when the browser is back online.
 * Once one goes through, it says so briefly and everything on screen is fetched again.
 */
export function ConnectionBanner() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [state, setState] = useState<State>(() => (isLost() ? 'lost' : 'online'));

  useEffect(() => {
    let timer: number | undefined;
    const update = () => {
      window.clearTimeout(timer);
      if (isLost()) {
        setState('lost');
        return;
      }
      setState((previous) => (previous === 'lost' ? 'back' : previous));
      timer = window.setTimeout(() => setState((current) => (current === 'back' ? 'online' : current)), backShownFor);
    };
    const stopConnection = connection.subscribe(update);
    const stopBrowser = onlineManager.subscribe(update);
    return () => {
      window.clearTimeout(timer);
      stopConnection();
      stopBrowser();
    };
  }, []);

  useEffect(() => {
    if (state !== 'lost') return;
    const probe = () => void api.get('/setup').then(() => queryClient.invalidateQueries(), () => undefined);
    const timer = window.setInterval(probe, retryEvery);
    const stopBrowser = onlineManager.subscribe((online) => online && probe());
    return () => {
      window.clearInterval(timer);
      stopBrowser();
    };
  }, [state, queryClient]);

  return (
    <div role="status" aria-live="polite" style={{ position: 'fixed', bottom: 16, left: 0, right: 0, zIndex: 1000, display: 'flex', justifyContent: 'center', pointerEvents: 'none', padding: '0 12px' }}>
      {state !== 'online' && (
        <Paper shadow="md" radius="xl" px="md" py={8} bg="gray.9" style={{ pointerEvents: 'auto' }}>
          <Group gap="xs" wrap="nowrap">
            {state === 'lost' ? <Loader size="xs" color="orange.4" aria-hidden /> : <IconWifi size={16} color="var(--mantine-color-green-4)" aria-hidden />}
            <Text size="sm" c="white">
              {state === 'lost' ? t('connection.lost') : t('connection.back')}
            </Text>
          </Group>
        </Paper>
      )}
    </div>
  );
}
