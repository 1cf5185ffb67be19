import { ActionIcon, Badge, Button, Group, Menu, Modal, Text } from '@mantine/core';
import { IconCheck, IconDots, IconPencil, IconTrash } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Item, Locale, TypeMeta } from '../../api/types';
import { ConfirmActionModal } from '../../components/ConfirmActionModal';
import { useUserName } from '../../components/fields/lookups';
import { errorMessage } from '../../lib/errors';
import { notifyError, notifySuccess } from '../../lib/notify';
import { ActivityForm } from './ActivityForm';
import { ActivityIcon } from './ActivityIcon';
import { useDeleteActivity, useUpdateActivity } from './api';
import { dueState } from './due';
import { formatTime, formatWhen } from './format';
import { OwnerLink } from './OwnerLink';
import { RescheduleMenu } from './RescheduleMenu';
import classes from './Timeline.module.css';
import type { Activity, ActivityInput } from './types';

/** Orange 9 and green 8 are under 4.5:1 against white text; these darker shades are not. */
const todayColor = '#a8400a';
const completeColor = '#1e7b34';

interface Props {
  type: TypeMeta;
  item: Item;
  activity: Activity;
  meId: number | undefined;
}

/** What moving an activity to `when` changes: its deadline, a meeting's start and end, a reminder as far ahead. */
export function rescheduleValues(activity: Activity, when: Date): ActivityInput {
  const values: ActivityInput = { deadline: when.toISOString() };
  const old = activity.deadline ? new Date(activity.deadline).getTime() : null;
  const shift = (value: string | null) => (value && old !== null ? new Date(new Date(value).getTime() + when.getTime() - old).toISOString() : value);
  if (activity.kind === 'meeting') {
    values.startAt = when.toISOString();
    if (activity.endAt) values.endAt = activity.startAt ? new Date(when.getTime() + new Date(activity.endAt).getTime() - new Date(activity.startAt).getTime()).toISOString() : shift(activity.endAt);
  }
  if (activity.remindAt) values.remindAt = shift(activity.remindAt);
  return values;
}

/**
 * A planned activity pinned at the top of the timeline: red when overdue, orange when due today, with "Concluir" and
 * "Adiar" one click away, and editing or deleting behind its menu.
 */
export function PlannedActivity({ type, item, activity, meId }: Props) {
  const { t, i18n } = useTranslation('card');
  const locale = i18n.language as Locale;
  const [editing, setEditing] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const update = useUpdateActivity(type.plural, item.id);
  const remove = useDeleteActivity(type.plural, item.id);
  const responsible = useUserName(activity.responsibleId);
  const now = new Date();
  const due = dueState(activity.deadline, now);
  const other = activity.owner.type !== type.name || activity.owner.id !== item.id;

  const change = (values: ActivityInput, done: string) =>
    update.mutate({ activityId: activity.id, values }, { onSuccess: () => notifySuccess(done), onError: (error) => notifyError(t('timeline.planned.failed'), errorMessage(error, t)) });

  return (
    <li className={classes.activity} data-due={due} data-testid="planned-activity">
      <Group gap="xs" wrap="nowrap" align="flex-start" justify="space-between">
        <Group gap={8} wrap="nowrap" align="flex-start" style={{ minWidth: 0 }}>
          <Text span c="gray.7" mt={2} title={t(`timeline.kind.${activity.kind}`)}>
            <ActivityIcon activity={activity} />
          </Text>
          <div style={{ minWidth: 0 }}>
            <Text size="xs" c="gray.7">
              {t(`timeline.kind.${activity.kind}`)}
            </Text>
            <Text fw={600} size="sm" className={classes.subject}>
              {activity.subject}
            </Text>
          </div>
        </Group>
        {(due === 'overdue' || due === 'today') && (
          <Badge color={due === 'overdue' ? 'red.9' : todayColor} variant="filled" radius="sm" style={{ flex: 'none' }}>
            {t(`timeline.due.${due}`)}
          </Badge>
        )}
      </Group>
      <Group gap="xs" mt={4} wrap="wrap" className={classes.facts}>
        <Text size="sm" className={due === 'overdue' ? classes.overdueText : due === 'today' ? classes.todayText : undefined} c={due === 'none' ? 'gray.7' : undefined} component={activity.deadline ? 'time' : 'span'} dateTime={activity.deadline ?? undefined}>
          {activity.deadline ? formatWhen(activity.deadline, locale, t, now) : t('timeline.planned.noDeadline')}
          {activity.kind === 'meeting' && activity.endAt && activity.startAt ? ` – ${formatTime(new Date(activity.endAt), locale)}` : ''}
        </Text>
        {responsible && (
          <Text size="sm" c="gray.7">
            {t('timeline.entry.responsible', { name: responsible })}
          </Text>
        )}
        {activity.priority === 'high' && (
          <Badge size="sm" color="red" variant="outline">
            {t('timeline.entry.highPriority')}
          </Badge>
        )}
      </Group>
      {activity.place && (
        <Text size="sm" c="gray.7" mt={2}>
          {t('timeline.entry.place', { place: activity.place })}
        </Text>
      )}
      {other && (
        <Text size="sm" c="gray.7" mt={2}>
          {t('timeline.entry.linkedTo')}: <OwnerLink owner={activity.owner} />
        </Text>
      )}
      {activity.description && (
        <Text size="sm" mt={4} lineClamp={3} className={classes.text}>
          {activity.description}
        </Text>
      )}
      <Group gap="xs" mt="xs" wrap="wrap">
        <Button
          size="compact-sm"
          color={completeColor}
          leftSection={<IconCheck size={14} aria-hidden />}
          aria-label={t('timeline.planned.completeLabel', { subject: activity.subject })}
          loading={update.isPending && update.variables?.values.completed === true}
          onClick={() => change({ completed: true }, t('timeline.planned.completed'))}
        >
          {t('timeline.planned.complete')}
        </Button>
        <RescheduleMenu activity={activity} disabled={update.isPending} onPick={(when) => change(rescheduleValues(activity, when), t('timeline.planned.rescheduled', { date: formatWhen(when, locale, t) }))} />
        <Menu position="bottom-end" withinPortal>
          <Menu.Target>
            <ActionIcon variant="subtle" color="gray" aria-label={t('timeline.planned.actions', { subject: activity.subject })}>
              <IconDots size={16} aria-hidden />
            </ActionIcon>
          </Menu.Target>
          <Menu.Dropdown>
            <Menu.Item leftSection={<IconPencil size={14} aria-hidden />} onClick={() => setEditing(true)}>
              {t('timeline.planned.edit')}
            </Menu.Item>
            <Menu.Item color="red" leftSection={<IconTrash size={14} aria-hidden />} onClick={() => setDeleting(true)}>
              {t('timeline.planned.delete')}
            </Menu.Item>
          </Menu.Dropdown>
        </Menu>
      </Group>
      <Modal opened={editing} onClose={() => setEditing(false)} title={t('timeline.form.editTitle')} size="lg" closeButtonProps={{ 'aria-label': t('common:actions.close') }}>
        {editing && <ActivityForm type={type} item={item} meId={meId} activity={activity} onDone={() => setEditing(false)} onCancel={() => setEditing(false)} />}
      </Modal>
      {deleting && (
        <ConfirmActionModal
          title={t('timeline.planned.deleteTitle')}
          message={t('timeline.planned.deleteBody', { subject: activity.subject })}
          confirmLabel={t('timeline.planned.delete')}
          danger
          onConfirm={async () => {
            await remove.mutateAsync(activity.id);
            notifySuccess(t('timeline.planned.deleted'));
          }}
          onClose={() => setDeleting(false)}
        />
      )}
    </li>
  );
}
