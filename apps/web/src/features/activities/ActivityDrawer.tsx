import { Badge, Button, Drawer, Group, Stack, Text, Title } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { IconArrowBackUp, IconCheck, IconEdit } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { useMe, useTypes } from '../../api/hooks';
import type { Locale } from '../../api/types';
import { useUserName } from '../../components/fields/lookups';
import { formatDateTime } from '../../lib/format';
import { ActivityForm } from '../timeline/ActivityForm';
import type { Activity } from './api';
import { deadlineTone, toneColor } from './dates';
import { formatDeadline } from './format';
import { ItemLink } from './ItemLink';
import { KindIcon, kindLabel } from './KindIcon';
import { ReschedulePopover } from './ReschedulePopover';
import { useActivityActions } from './useActivityActions';

/** Light badges keep their tint; their words stay dark enough to read (AA). */
const darkLabel = { label: { color: 'var(--mantine-color-gray-9)' } };

function Line({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <Text size="xs" c="dimmed" fw={600}>
        {label}
      </Text>
      <Text size="sm" component="div" style={{ overflowWrap: 'anywhere', whiteSpace: 'pre-wrap' }}>
        {children}
      </Text>
    </div>
  );
}

/** Everything about one activity, read fresh from the server, with its one-click actions. */
export function ActivityDrawer({ activity: shown, onClose }: { activity: Activity | null; onClose: () => void }) {
  const { t, i18n } = useTranslation('activities');
  const locale = i18n.language as Locale;
  const phone = useMediaQuery('(max-width: 36em)');
  const fresh = useQuery({
    queryKey: ['activities', 'one', shown?.id],
    queryFn: () => api.get<Activity>(`/activities/${shown!.id}`),
    enabled: shown !== null,
    initialData: shown ?? undefined,
    staleTime: 0,
  });
  const activity = shown ? (fresh.data ?? shown) : null;
  const actions = useActivityActions();
  const responsible = useUserName(activity?.responsibleId);
  const author = useUserName(activity?.createdById);
  const now = new Date();
  const me = useMe().data;
  const ownerType = useTypes().data?.find((type) => type.name === activity?.owner.type && type.rights.update !== 'none');
  const [editing, setEditing] = useState(false);
  // Another activity opened: its details first, not the form of the previous one.
  const [shownId, setShownId] = useState(shown?.id);
  if (shown?.id !== shownId) {
    setShownId(shown?.id);
    setEditing(false);
  }
  return (
    <Drawer opened={shown !== null} onClose={onClose} position="right" size={phone ? '100%' : editing ? 'lg' : 'md'} title={<Title order={2} size="h4">{t('detail.title')}</Title>} closeButtonProps={{ 'aria-label': t('common:actions.close') }}>
      {activity && !editing && (
        <Stack gap="md">
          <Group gap="sm" wrap="nowrap" align="flex-start">
            <KindIcon activity={activity} size={36} />
            <div style={{ minWidth: 0 }}>
              <Text fw={700} style={{ overflowWrap: 'anywhere' }} td={activity.completed ? 'line-through' : undefined}>
                {activity.subject}
              </Text>
              <Group gap={6}>
                <Text size="sm" c="dimmed">
                  {kindLabel(activity, t)}
                </Text>
                <Badge size="xs" variant="light" color={activity.completed ? 'green' : 'blue'} styles={darkLabel}>
                  {activity.completed ? t('detail.statusDone') : t('detail.statusOpen')}
                </Badge>
                {activity.priority !== 'normal' && (
                  <Badge size="xs" variant="light" color={activity.priority === 'high' ? 'red' : 'gray'} styles={darkLabel}>
                    {t('priority.label')}: {t(`priority.${activity.priority}`)}
                  </Badge>
                )}
              </Group>
            </div>
          </Group>
          {activity.kind === 'meeting' && activity.startAt ? (
            <Group gap="xl">
              <Line label={t('detail.start')}>{formatDeadline(activity.startAt, locale, now)}</Line>
              {activity.endAt && <Line label={t('detail.end')}>{formatDeadline(activity.endAt, locale, now)}</Line>}
            </Group>
          ) : (
            <Line label={t('detail.deadline')}>
              {activity.deadline ? (
                <Text span inherit c={toneColor[deadlineTone(activity.deadline, now, activity.completed)]}>
                  {formatDeadline(activity.deadline, locale, now)}
                </Text>
              ) : (
                t('row.noDeadline')
              )}
            </Line>
          )}
          {activity.completed && activity.completedAt && <Line label={t('detail.status')}>{t('detail.completedAt', { date: formatDateTime(activity.completedAt, locale) })}</Line>}
          {activity.place && <Line label={t('detail.place')}>{activity.place}</Line>}
          {activity.durationSeconds !== null && activity.durationSeconds > 0 && <Line label={t('detail.duration')}>{t('detail.minutes', { count: Math.max(1, Math.round(activity.durationSeconds / 60)) })}</Line>}
          {activity.result && <Line label={t('detail.result')}>{activity.result}</Line>}
          {activity.description && <Line label={t('detail.description')}>{activity.description}</Line>}
          <Line label={t('detail.items')}>
            <Stack gap={2}>
              {(activity.items.length > 0 ? activity.items : [activity.owner]).map((item) => (
                <ItemLink key={`${item.type}-${item.id}`} item={item} />
              ))}
            </Stack>
          </Line>
          <Line label={t('detail.responsible')}>{responsible ?? '—'}</Line>
          {activity.remindAt && <Line label={t('detail.reminder')}>{formatDateTime(activity.remindAt, locale)}</Line>}
          <Text size="xs" c="dimmed">
            {author ? t('detail.created', { name: author, date: formatDateTime(activity.createdAt, locale) }) : t('detail.createdNoAuthor', { date: formatDateTime(activity.createdAt, locale) })}
          </Text>
          <Group gap="xs">
            {activity.completed ? (
              <Button variant="default" leftSection={<IconArrowBackUp size={16} aria-hidden />} loading={actions.busyId === activity.id} onClick={() => void actions.reopen(activity)}>
                {t('row.reopen')}
              </Button>
            ) : (
              <>
                <Button leftSection={<IconCheck size={16} aria-hidden />} loading={actions.busyId === activity.id} onClick={() => void actions.complete(activity)}>
                  {t('row.complete')}
                </Button>
                <ReschedulePopover activity={activity} onPick={(when) => void actions.reschedule(activity, when)} withLabel />
              </>
            )}
            {ownerType && (
              <Button variant="subtle" leftSection={<IconEdit size={16} aria-hidden />} onClick={() => setEditing(true)}>
                {t('detail.edit')}
              </Button>
            )}
          </Group>
        </Stack>
      )}
      {activity && editing && ownerType && (
        // The card's own activity form (features/timeline), on the activity's owner item.
        <ActivityForm type={ownerType} item={{ id: activity.owner.id, version: 0 }} meId={me?.id} activity={activity} onDone={() => setEditing(false)} onCancel={() => setEditing(false)} />
      )}
    </Drawer>
  );
}
