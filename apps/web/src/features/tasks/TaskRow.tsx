import { ActionIcon, Group, Text, Tooltip } from '@mantine/core';
import { IconCircle, IconCircleCheckFilled, IconListCheck } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { Locale } from '../../api/types';
import { AnchorLink } from '../../components/links';
import { useUserName } from '../../components/fields/lookups';
import { deadlineTone, toneColor } from '../activities/dates';
import { formatDeadline } from '../activities/format';
import { FirstItemAndMore } from '../activities/ItemLink';
import { taskRights, type Task, type TaskStatus } from './api';
import { StatusMenu } from './StatusMenu';
import classes from './Tasks.module.css';

interface Props {
  task: Task;
  meId: number;
  now: Date;
  showResponsible: boolean;
  busy: boolean;
  onStatus: (task: Task, status: TaskStatus) => void;
}

/** One task in the list: done in one click, its title to open it, deadline in red or orange, status, checklist, links. */
export function TaskRow({ task, meId, now, showResponsible, busy, onStatus }: Props) {
  const { t, i18n } = useTranslation('tasks');
  const locale = i18n.language as Locale;
  const rights = taskRights(task, meId);
  const done = task.status === 'done';
  const responsible = useUserName(showResponsible && task.responsibleId !== meId ? task.responsibleId : null);
  const tone = deadlineTone(task.deadline, now, done || task.status === 'deferred');
  const ticked = task.checklist.filter((entry) => entry.done).length;
  const toggleLabel = done ? t('row.reopen', { title: task.title }) : t('row.complete', { title: task.title });
  return (
    <div className={classes.row} data-done={done || undefined} data-testid="task-row">
      <Tooltip label={toggleLabel} disabled={!rights.edit}>
        <ActionIcon variant="subtle" color={done ? 'green' : 'gray'} size="lg" radius="xl" aria-label={toggleLabel} disabled={!rights.edit || busy} onClick={() => onStatus(task, done ? 'new' : 'done')}>
          {done ? <IconCircleCheckFilled size={22} aria-hidden /> : <IconCircle size={22} aria-hidden />}
        </ActionIcon>
      </Tooltip>
      <div className={classes.main}>
        <AnchorLink to="/tasks/$taskId" params={{ taskId: task.id }} c="inherit" className={classes.title} size="sm">
          {task.title}
        </AnchorLink>
        <div className={classes.meta}>
          <StatusMenu task={task} editable={rights.edit} busy={busy} onChange={(status) => onStatus(task, status)} />
          <Text size="xs" c={toneColor[tone]} fw={tone === 'overdue' || tone === 'today' ? 700 : undefined} data-tone={tone}>
            {task.deadline ? formatDeadline(task.deadline, locale, now) : t('row.noDeadline')}
          </Text>
          {task.checklist.length > 0 && (
            <Group gap={2} wrap="nowrap" aria-label={t('row.checklist', { done: ticked, total: task.checklist.length })} role="img">
              <IconListCheck size={14} aria-hidden color="var(--mantine-color-dimmed)" />
              <Text size="xs" c={ticked === task.checklist.length ? 'green.9' : 'dimmed'} aria-hidden>
                {ticked}/{task.checklist.length}
              </Text>
            </Group>
          )}
          <FirstItemAndMore items={task.items} more={(count) => t('row.more', { count })} />
          {responsible && (
            <Text size="xs" c="dimmed">
              {t('row.responsible', { name: responsible })}
            </Text>
          )}
        </div>
      </div>
    </div>
  );
}
