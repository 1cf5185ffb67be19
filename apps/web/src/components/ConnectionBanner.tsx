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

/** Resolves once the server answers again (a failed probe also makes the banner show). */
async function connectionBack(): Promise<void> {
  for (;;) {
    if (onlineManager.isOnline()) {
      try {
        await api.get('/setup');
        return;
      } catch {
        // still out of reach
      }
    }
    await new Promise((resolve) => window.setTimeout(resolve, retryEvery));
  }
}

/**
 * A part of the app loaded on demand (a route's code) that survives a lost connection: when its file cannot be fetched
 * and the server is out of reach, it waits for the connection and fetches it again, instead of failing. (Failing, the
 * router would reload the page, into the browser's own offline page.) Online, a missing file still fails: after an
 * upgrade the router reloads the page to get the new files.
 */
export function loadWhenOnline<T>(load: () => Promise<T>): () => Promise<T> {
  return async () => {
    try {
      return await load();
    } catch (error) {
      const offline = !onlineManager.isOnline() || (await api.get('/setup').then(() => false, () => true));
      if (!offline) throw error;
      await connectionBack();
      return load();
    }
  };
}

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
