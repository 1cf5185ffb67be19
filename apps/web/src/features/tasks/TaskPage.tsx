import { Alert, Anchor, Button, Checkbox, Container, Grid, Group, Paper, Progress, Stack, Text, Title } from '@mantine/core';
import { IconArrowLeft, IconEdit, IconTrash } from '@tabler/icons-react';
import { useNavigate, useParams } from '@tanstack/react-router';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useMe } from '../../api/hooks';
import type { Locale } from '../../api/types';
import { ConfirmActionModal } from '../../components/ConfirmActionModal';
import { ErrorNotice } from '../../components/ErrorNotice';
import { useUserName } from '../../components/fields/lookups';
import { AnchorLink } from '../../components/links';
import { PageLoader } from '../../components/PageLoader';
import { errorMessage } from '../../lib/errors';
import { formatDateTime } from '../../lib/format';
import { notifyError, notifySuccess } from '../../lib/notify';
import { deadlineTone, toneColor } from '../activities/dates';
import { formatDeadline } from '../activities/format';
import { ItemLink } from '../activities/ItemLink';
import { taskRights, useDeleteTask, useTask, useTickEntry, type Task } from './api';
import { StatusMenu, useTaskStatus } from './StatusMenu';
import { TaskFormDrawer } from './TaskFormDrawer';

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <Paper withBorder p="md" radius="sm" component="section" aria-label={title}>
      <Text size="xs" c="dimmed" fw={700} tt="uppercase" mb="xs">
        {title}
      </Text>
      {children}
    </Paper>
  );
}

function Person({ label, ids }: { label: string; ids: number[] }) {
  return (
    <div>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text size="sm">{ids.length > 0 ? ids.map((id) => <UserName key={id} id={id} />).reduce<ReactNode[]>((all, name, index) => (index === 0 ? [name] : [...all, ', ', name]), []) : '—'}</Text>
    </div>
  );
}

function UserName({ id }: { id: number }) {
  return <>{useUserName(id)}</>;
}

/** One task: what it is, who is on it, its checklist ticked right here, what it is linked to; edit or delete it. */
export function TaskPage() {
  const { taskId } = useParams({ from: '/app/tasks/$taskId' });
  const query = useTask(taskId);
  if (query.isPending) return <PageLoader />;
  if (query.isError)
    return (
      <Container size="md" py="md">
        <ErrorNotice error={query.error} onRetry={() => void query.refetch()} />
      </Container>
    );
  return <TaskView task={query.data} />;
}

function TaskView({ task }: { task: Task }) {
  const { t, i18n } = useTranslation('tasks');
  const locale = i18n.language as Locale;
  const me = useMe().data!;
  const navigate = useNavigate();
  const rights = taskRights(task, me.id);
  const status = useTaskStatus();
  const tick = useTickEntry();
  const remove = useDeleteTask();
  const [editing, setEditing] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const author = useUserName(task.createdById);
  const now = new Date();
  const done = task.checklist.filter((entry) => entry.done).length;
  const tone = deadlineTone(task.deadline, now, task.status === 'done' || task.status === 'deferred');

  const toggle = async (entryId: number, checked: boolean) => {
    try {
      await tick.mutateAsync({ taskId: task.id, entryId, done: checked });
    } catch (error) {
      notifyError(t('page.tickFailed'), errorMessage(error, t));
    }
  };
  const confirmDelete = async () => {
    await remove.mutateAsync(task.id);
    notifySuccess(t('page.deleted'));
    await navigate({ to: '/tasks' });
  };

  return (
    <Container size="lg" py="md" px={{ base: 'sm', sm: 'md' }}>
      <Stack gap="md">
        <Anchor component={AnchorLink} to="/tasks" size="sm">
          <Group gap={4} component="span">
            <IconArrowLeft size={14} aria-hidden />
            {t('page.back')}
          </Group>
        </Anchor>
        <Group justify="space-between" align="flex-start" gap="sm">
          <Stack gap={6} style={{ minWidth: 0, flex: '1 1 300px' }}>
            <Title order={1} size="h2" style={{ overflowWrap: 'anywhere' }} td={task.status === 'done' ? 'line-through' : undefined}>
              {task.title}
            </Title>
            <Group gap="sm">
              <StatusMenu task={task} editable={rights.edit} busy={status.busyId === task.id} onChange={(next) => void status.change(task, next)} />
              <Text size="sm" c={toneColor[tone]} fw={tone === 'overdue' || tone === 'today' ? 700 : undefined}>
                {task.deadline ? `${t('page.deadline')}: ${formatDeadline(task.deadline, locale, now)}` : t('row.noDeadline')}
              </Text>
            </Group>
          </Stack>
          <Group gap="xs">
            {rights.edit && (
              <Button variant="default" leftSection={<IconEdit size={16} aria-hidden />} onClick={() => setEditing(true)}>
                {t('page.edit')}
              </Button>
            )}
            {rights.delete && (
              <Button variant="subtle" color="red" leftSection={<IconTrash size={16} aria-hidden />} onClick={() => setDeleting(true)}>
                {t('page.delete')}
              </Button>
            )}
          </Group>
        </Group>
        {!rights.edit && (
          <Alert color="gray" role="note">
            {t('page.readOnly')}
          </Alert>
        )}
        <Grid gap="md">
          <Grid.Col span={{ base: 12, md: 8 }}>
            <Stack gap="md">
              <Section title={t('page.description')}>
                <Text size="sm" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }} c={task.description ? undefined : 'dimmed'}>
                  {task.description || t('page.noDescription')}
                </Text>
              </Section>
              <Section title={t('form.checklist')}>
                {task.checklist.length === 0 ? (
                  <Text size="sm" c="dimmed">
                    {t('page.checklistEmpty')}
                  </Text>
                ) : (
                  <Stack gap="xs">
                    <Group gap="sm" wrap="nowrap">
                      <Progress value={(done / task.checklist.length) * 100} color="green" style={{ flex: 1 }} aria-hidden />
                      <Text size="xs" c="dimmed" data-testid="checklist-progress">
                        {t('page.checklistProgress', { done, total: task.checklist.length })}
                      </Text>
                    </Group>
                    {task.checklist.map((entry) => (
                      <Checkbox
                        key={entry.id}
                        label={entry.text}
                        checked={entry.done}
                        disabled={!rights.edit}
                        onChange={(event) => void toggle(entry.id, event.currentTarget.checked)}
                        styles={{ label: { textDecoration: entry.done ? 'line-through' : undefined, overflowWrap: 'anywhere' } }}
                      />
                    ))}
                  </Stack>
                )}
              </Section>
            </Stack>
          </Grid.Col>
          <Grid.Col span={{ base: 12, md: 4 }}>
            <Stack gap="md">
              <Section title={t('page.people')}>
                <Stack gap="xs">
                  <Person label={t('form.responsible')} ids={[task.responsibleId]} />
                  <Person label={t('form.coworkers')} ids={task.coworkerIds} />
                  <Person label={t('form.observers')} ids={task.observerIds} />
                </Stack>
              </Section>
              <Section title={t('page.links')}>
                {task.items.length === 0 ? (
                  <Text size="sm" c="dimmed">
                    {t('page.noItems')}
                  </Text>
                ) : (
                  <Stack gap={4}>
                    {task.items.map((item) => (
                      <ItemLink key={`${item.type}-${item.id}`} item={item} />
                    ))}
                  </Stack>
                )}
              </Section>
              <Text size="xs" c="dimmed">
                {t('page.createdBy', { name: author ?? '—', date: formatDateTime(task.createdAt, locale) })}
                {task.closedAt && (
                  <>
                    <br />
                    {t('page.closedAt', { date: formatDateTime(task.closedAt, locale) })}
                  </>
                )}
              </Text>
            </Stack>
          </Grid.Col>
        </Grid>
      </Stack>
      <TaskFormDrawer opened={editing} onClose={() => setEditing(false)} task={task} />
      {deleting && <ConfirmActionModal title={t('page.deleteTitle')} message={t('page.deleteBody', { title: task.title })} confirmLabel={t('page.delete')} danger onConfirm={confirmDelete} onClose={() => setDeleting(false)} />}
    </Container>
  );
}
