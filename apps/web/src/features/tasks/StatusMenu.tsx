import { Badge, Button, Menu } from '@mantine/core';
import { IconCheck, IconChevronDown } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../lib/errors';
import { notifyError, notifySuccess } from '../../lib/notify';
import { statusColors, taskStatuses, useUpdateTask, type Task, type TaskStatus } from './api';

/** Light tints for the statuses; the words on them stay dark enough to read (AA). */
const darkLabel = { label: { color: 'var(--mantine-color-gray-9)' }, section: { color: 'var(--mantine-color-gray-9)' } };

/** Changes a task's status (one PATCH), with a notice. */
export function useTaskStatus() {
  const { t } = useTranslation('tasks');
  const update = useUpdateTask();
  return {
    busyId: update.isPending ? update.variables?.id : undefined,
    change: async (task: Task, status: TaskStatus) => {
      try {
        await update.mutateAsync({ id: task.id, patch: { status, version: task.version } });
        notifySuccess(t('status.changed', { status: t(`status.${status}`) }));
      } catch (error) {
        notifyError(t('page.failed'), errorMessage(error, t));
      }
    },
  };
}

/** The status as a button: a click lists the others, a second click sets one. Read-only for observers. */
export function StatusMenu({ task, editable, onChange, busy }: { task: Task; editable: boolean; onChange: (status: TaskStatus) => void; busy?: boolean }) {
  const { t } = useTranslation('tasks');
  const label = t(`status.${task.status}`);
  if (!editable)
    return (
      <Badge variant="light" color={statusColors[task.status]} styles={darkLabel} data-testid="task-status">
        {label}
      </Badge>
    );
  const trigger = (
    <Button
      size="compact-xs"
      variant="light"
      color={statusColors[task.status]}
      styles={darkLabel}
      rightSection={<IconChevronDown size={12} aria-hidden />}
      aria-label={t('status.change', { title: task.title, status: label })}
      loading={busy}
      data-testid="task-status"
    >
      {label}
    </Button>
  );
  return (
    <Menu position="bottom-start" withinPortal>
      <Menu.Target>{trigger}</Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>{t('status.label')}</Menu.Label>
        {taskStatuses.map((status) => (
          <Menu.Item key={status} onClick={() => status !== task.status && onChange(status)} leftSection={status === task.status ? <IconCheck size={14} aria-hidden /> : <span style={{ width: 14 }} />}>
            {t(`status.${status}`)}
          </Menu.Item>
        ))}
      </Menu.Dropdown>
    </Menu>
  );
}
