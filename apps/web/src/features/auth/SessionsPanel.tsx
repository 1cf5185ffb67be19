import { Alert, Badge, Box, Button, Group, Loader, Paper, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Locale } from '../../api/types';
import { ConfirmActionModal } from '../../components/ConfirmActionModal';
import { errorMessage } from '../../lib/errors';
import { formatDateTime, formatRelative } from '../../lib/format';
import { notifyError, notifySuccess } from '../../lib/notify';
import { describeUserAgent } from './user-agent';
import { useEndOtherSessions, useEndSession, useSessions, type UserSession } from './useAccountSecurity';

// Last seen is written at most once a minute: within two, the session is in use now.
const activeNowMs = 2 * 60_000;

/** Where the account is signed in: this device marked, any other signed out one by one or all at once. */
export function SessionsPanel() {
  const { t } = useTranslation('auth');
  const sessions = useSessions();
  const endOne = useEndSession();
  const [confirming, setConfirming] = useState(false);
  const others = sessions.data?.filter((session) => !session.current) ?? [];

  const end = (session: UserSession) =>
    endOne.mutate(session.id, {
      onSuccess: () => notifySuccess(t('sessions.ended')),
      onError: (error) => notifyError(t('sessions.end'), errorMessage(error, t)),
    });

  return (
    <Paper withBorder p="md">
      <Stack gap="sm">
        <Title order={2} size="h4">
          {t('sessions.title')}
        </Title>
        <Text size="sm" c="dimmed">
          {t('sessions.intro')}
        </Text>
        {sessions.isPending ? (
          <Loader size="sm" aria-label={t('common:state.loading')} />
        ) : sessions.isError ? (
          <Alert color="red" role="alert" title={t('sessions.loadFailed')}>
            {errorMessage(sessions.error, t)}
          </Alert>
        ) : (
          <>
            <Box component="ul" aria-label={t('sessions.title')} m={0} p={0} style={{ listStyle: 'none' }}>
              {sessions.data.map((session) => (
                <SessionRow key={session.id} session={session} now={sessions.dataUpdatedAt} onEnd={() => end(session)} ending={endOne.isPending && endOne.variables === session.id} />
              ))}
            </Box>
            {others.length === 0 ? (
              <Text size="sm" c="dimmed">
                {t('sessions.noOthers')}
              </Text>
            ) : (
              <Group>
                {/* The label wraps on a phone rather than being cut. */}
                <Button variant="outline" color="red.9" onClick={() => setConfirming(true)} h="auto" mih={36} py={6} styles={{ label: { whiteSpace: 'normal', textAlign: 'center' } }}>
                  {t('sessions.endOthers')}
                </Button>
              </Group>
            )}
          </>
        )}
      </Stack>
      {confirming && <EndOthersDialog count={others.length} onClose={() => setConfirming(false)} />}
    </Paper>
  );
}

/** `now`: when the list was read, which the times are relative to. */
function SessionRow({ session, now, onEnd, ending }: { session: UserSession; now: number; onEnd: () => void; ending: boolean }) {
  const { t, i18n } = useTranslation('auth');
  const locale = i18n.language as Locale;
  const device = useDeviceName(session.userAgent);
  const isActiveNow = session.current || now - Date.parse(session.lastSeenAt) < activeNowMs;
  return (
    <Box component="li" py="xs" style={{ borderTop: '1px solid var(--mantine-color-gray-3)' }} data-current={session.current || undefined}>
      <Group justify="space-between" wrap="nowrap" gap="sm" align="center">
        <Stack gap={2} style={{ minWidth: 0 }}>
          <Group gap="xs" wrap="wrap">
            <Text fw={500} size="sm">
              {device}
            </Text>
            {session.current && (
              <Badge variant="outline" color="teal.9" radius="sm">
                {t('sessions.thisDevice')}
              </Badge>
            )}
          </Group>
          <Text size="xs" c="dimmed">
            {session.address ? t('sessions.address', { address: session.address }) : t('sessions.unknownAddress')} ·{' '}
            {t('sessions.signedIn', { date: formatDateTime(session.createdAt, locale) })} ·{' '}
            {isActiveNow ? t('sessions.activeNow') : t('sessions.lastSeen', { when: formatRelative(session.lastSeenAt, locale, now) })}
          </Text>
        </Stack>
        {!session.current && (
          <Button variant="default" size="xs" onClick={onEnd} loading={ending} aria-label={t('sessions.endLabel', { device })} style={{ flexShrink: 0 }}>
            {t('sessions.end')}
          </Button>
        )}
      </Group>
    </Box>
  );
}

/** "Chrome no Windows", from the session's User-Agent. */
function useDeviceName(userAgent: string | null): string {
  const { t } = useTranslation('auth');
  const { browser, os } = describeUserAgent(userAgent);
  if (browser && os) return t('sessions.device', { browser, os });
  return browser ?? os ?? t('sessions.unknownDevice');
}

function EndOthersDialog({ count, onClose }: { count: number; onClose: () => void }) {
  const { t } = useTranslation('auth');
  const endOthers = useEndOtherSessions();
  return (
    <ConfirmActionModal
      title={t('sessions.endOthersTitle')}
      message={t('sessions.endOthersBody', { count })}
      confirmLabel={t('sessions.endOthers')}
      danger
      onConfirm={async () => {
        const { ended } = await endOthers.mutateAsync(undefined);
        notifySuccess(t('sessions.endedOthers', { count: ended }));
      }}
      onClose={onClose}
    />
  );
}
