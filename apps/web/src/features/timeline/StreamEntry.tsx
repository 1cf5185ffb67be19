import { ActionIcon, Badge, Group, Menu, Text } from '@mantine/core';
import { IconCheckbox, IconDots, IconHistory, IconMessage, IconPencil, IconTrash } from '@tabler/icons-react';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { FieldMeta, HistoryEntry, Item, Locale, Me, TypeMeta } from '../../api/types';
import { ConfirmActionModal } from '../../components/ConfirmActionModal';
import { AnchorLink } from '../../components/links';
import { useUserName } from '../../components/fields/lookups';
import { formatDateTime } from '../../lib/format';
import { notifySuccess } from '../../lib/notify';
import { HistoryEvent } from '../card/HistoryEvent';
import { statusColors } from '../tasks/api';
import { ActivityIcon } from './ActivityIcon';
import { useDeleteComment } from './api';
import { CommentComposer } from './CommentComposer';
import { CommentText } from './CommentText';
import { formatDuration } from './format';
import { OwnerLink } from './OwnerLink';
import classes from './Timeline.module.css';
import type { Activity, Comment, Task, TimelineEntry, TimelineHistoryEvent } from './types';

interface Props {
  type: TypeMeta;
  item: Item;
  fields: FieldMeta[];
  me: Me | undefined;
  entry: TimelineEntry;
}

/** One entry of the stream, on the rail: a done activity, a comment, a linked task, or a history event. */
export function StreamEntry({ type, item, fields, me, entry }: Props) {
  switch (entry.kind) {
    case 'activity':
      return (
        <Rail kind="activity" icon={<ActivityIcon activity={entry.activity} />}>
          <DoneActivity type={type} item={item} activity={entry.activity} date={entry.date} />
        </Rail>
      );
    case 'comment':
      return (
        <Rail kind="comment" icon={<IconMessage size={16} aria-hidden />}>
          <CommentEntry type={type} item={item} me={me} comment={entry.comment} />
        </Rail>
      );
    case 'task':
      return (
        <Rail kind="task" icon={<IconCheckbox size={16} aria-hidden />}>
          <TaskEntry type={type} item={item} task={entry.task} date={entry.date} />
        </Rail>
      );
    case 'history':
      return (
        <Rail kind="history" icon={<IconHistory size={16} aria-hidden />}>
          <ol className={classes.historyList}>
            <HistoryEvent type={type} item={item} fields={fields} entries={historyEntries(entry.event, entry.date)} />
          </ol>
        </Rail>
      );
    default:
      return null;
  }
}

/**
 * A timeline event as the History tab's entries (one per changed field), so HistoryEvent draws it the same way; a
 * creation, conversion or merge is one entry whose new value is what the event says as a whole (as /history gives it).
 */
export function historyEntries(event: TimelineHistoryEvent, date: string): HistoryEntry[] {
  const base = { eventId: event.eventId, date, type: event.type, author: event.author };
  if ((event.summary !== undefined && event.summary !== null) || event.changes.length === 0) return [{ ...base, field: null, fieldLabel: null, oldValue: null, newValue: event.summary ?? null }];
  return event.changes.map((change) => ({ ...base, field: change.field, fieldLabel: change.fieldLabel, oldValue: change.oldValue, newValue: change.newValue }));
}

function Rail({ kind, icon, children }: { kind: TimelineEntry['kind']; icon: ReactNode; children: ReactNode }) {
  return (
    <li className={classes.entry} data-kind={kind}>
      <span className={classes.icon} data-kind={kind}>
        {icon}
      </span>
      <div className={classes.body}>{children}</div>
    </li>
  );
}

/** When and who, the head of every entry but history's (HistoryEvent writes its own). */
function Head({ date, author, children }: { date: string; author: string | undefined; children?: ReactNode }) {
  const { t, i18n } = useTranslation('card');
  return (
    <Group gap={8} mb={4} wrap="wrap">
      <Text size="xs" c="gray.7" component="time" dateTime={date}>
        {formatDateTime(date, i18n.language as Locale)}
      </Text>
      <Text size="xs" fw={600}>
        {author ?? t('history.system')}
      </Text>
      {children}
    </Group>
  );
}

function DoneActivity({ type, item, activity, date }: { type: TypeMeta; item: Item; activity: Activity; date: string }) {
  const { t } = useTranslation('card');
  const responsible = useUserName(activity.responsibleId);
  const other = activity.owner.type !== type.name || activity.owner.id !== item.id;
  const incoming = activity.direction === 'incoming' && (activity.kind === 'call' || activity.kind === 'email');
  return (
    <>
      <Head date={date} author={responsible} />
      <Text size="xs" c="teal.9" fw={600}>
        {incoming ? t(`timeline.entry.doneIncoming.${activity.kind as 'call' | 'email'}`) : t(`timeline.entry.done.${activity.kind}`)}
      </Text>
      <Text size="sm" fw={600} className={classes.subject}>
        {activity.subject}
      </Text>
      {activity.durationSeconds !== null && activity.durationSeconds > 0 && (
        <Text size="sm" c="gray.7">
          {t('timeline.entry.duration', { duration: formatDuration(activity.durationSeconds) })}
        </Text>
      )}
      {activity.result && <Text size="sm">{t('timeline.entry.result', { result: activity.result })}</Text>}
      {activity.place && (
        <Text size="sm" c="gray.7">
          {t('timeline.entry.place', { place: activity.place })}
        </Text>
      )}
      {other && (
        <Text size="sm" c="gray.7">
          {t('timeline.entry.linkedTo')}: <OwnerLink owner={activity.owner} />
        </Text>
      )}
      {activity.description && (
        <Text size="sm" mt={2} className={classes.text}>
          {activity.description}
        </Text>
      )}
    </>
  );
}

function CommentEntry({ type, item, me, comment }: { type: TypeMeta; item: Item; me: Me | undefined; comment: Comment }) {
  const { t } = useTranslation('card');
  const [editing, setEditing] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const remove = useDeleteComment(type.plural, item.id);
  const own = comment.author !== null && me?.id === comment.author.id;
  const mayDelete = own || me?.isAdmin === true;
  const edited = comment.updatedAt !== comment.createdAt;
  return (
    <>
      <Group justify="space-between" wrap="nowrap" align="flex-start">
        <Head date={comment.createdAt} author={comment.author?.name}>
          {edited && (
            <Text size="xs" c="gray.7" fs="italic">
              ({t('timeline.comment.edited')})
            </Text>
          )}
        </Head>
        {(own || mayDelete) && !editing && (
          <Menu position="bottom-end" withinPortal>
            <Menu.Target>
              <ActionIcon variant="subtle" color="gray" size="sm" aria-label={t('timeline.comment.actions', { name: comment.author?.name ?? t('history.system') })}>
                <IconDots size={14} aria-hidden />
              </ActionIcon>
            </Menu.Target>
            <Menu.Dropdown>
              {own && (
                <Menu.Item leftSection={<IconPencil size={14} aria-hidden />} onClick={() => setEditing(true)}>
                  {t('timeline.comment.edit')}
                </Menu.Item>
              )}
              {mayDelete && (
                <Menu.Item color="red" leftSection={<IconTrash size={14} aria-hidden />} onClick={() => setDeleting(true)}>
                  {t('timeline.comment.delete')}
                </Menu.Item>
              )}
            </Menu.Dropdown>
          </Menu>
        )}
      </Group>
      {editing ? (
        <CommentComposer type={type} itemId={item.id} comment={comment} autoFocus onDone={() => setEditing(false)} onCancel={() => setEditing(false)} />
      ) : (
        <CommentText text={comment.text} mentions={comment.mentions} />
      )}
      {deleting && (
        <ConfirmActionModal
          title={t('timeline.comment.deleteTitle')}
          message={t('timeline.comment.deleteBody')}
          confirmLabel={t('timeline.comment.delete')}
          danger
          onConfirm={async () => {
            await remove.mutateAsync(comment.id);
            notifySuccess(t('timeline.comment.deleted'));
          }}
          onClose={() => setDeleting(false)}
        />
      )}
    </>
  );
}


function TaskEntry({ type, item, task, date }: { type: TypeMeta; item: Item; task: Task; date: string }) {
  const { t, i18n } = useTranslation('card');
  const creator = useUserName(task.createdById);
  const responsible = useUserName(task.responsibleId);
  const done = task.checklist.filter((entry) => entry.done).length;
  const others = task.items.filter((linked) => linked.type !== type.name || linked.id !== item.id);
  return (
    <>
      <Head date={date} author={creator} />
      <Group gap={8} wrap="wrap">
        <Text size="xs" c="grape.9" fw={600}>
          {t('timeline.entry.task')}
        </Text>
        <Badge size="sm" variant="light" color={statusColors[task.status]} styles={{ label: { color: 'var(--mantine-color-gray-9)' } }}>
          {t(`timeline.taskStatus.${task.status}`)}
        </Badge>
      </Group>
      <AnchorLink to="/tasks/$taskId" params={{ taskId: task.id }} size="sm" fw={600} className={classes.subject} td={task.status === 'done' ? 'line-through' : undefined}>
        {task.title}
      </AnchorLink>
      <Group gap="xs" wrap="wrap" className={classes.facts}>
        {task.deadline && (
          <Text size="sm" c="gray.7">
            {t('timeline.entry.deadline', { date: formatDateTime(task.deadline, i18n.language as Locale) })}
          </Text>
        )}
        {responsible && (
          <Text size="sm" c="gray.7">
            {t('timeline.entry.responsible', { name: responsible })}
          </Text>
        )}
        {task.checklist.length > 0 && (
          <Text size="sm" c="gray.7">
            {t('timeline.entry.checklist', { done, total: task.checklist.length })}
          </Text>
        )}
      </Group>
      {others.length > 0 && (
        <Text size="sm" c="gray.7">
          {t('timeline.entry.linkedTo')}:{' '}
          {others.map((linked, index) => (
            <span key={`${linked.type}-${linked.id}`}>
              {index > 0 && ', '}
              <OwnerLink owner={linked} />
            </span>
          ))}
        </Text>
      )}
    </>
  );
}
