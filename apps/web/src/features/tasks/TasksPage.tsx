import { Button, Checkbox, Container, EmptyState, Group, Paper, Select, Stack, Tabs, Text, Title } from '@mantine/core';
import { IconPlus, IconSubtask } from '@tabler/icons-react';
import { useNavigate, useSearch } from '@tanstack/react-router';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMe } from '../../api/hooks';
import { ErrorNotice } from '../../components/ErrorNotice';
import { PageLoader } from '../../components/PageLoader';
import { useTasks } from './api';
import { statusFilters, taskRoles, type StatusFilter, type TaskRole, type TasksSearch } from './search';
import { useTaskStatus } from './StatusMenu';
import { TaskFormDrawer } from './TaskFormDrawer';
import { TaskRow } from './TaskRow';
import classes from './Tasks.module.css';

/** "Minhas tarefas": the caller's tasks by role (responsible, co-worker, observer, creator), status and lateness. */
export function TasksPage() {
  const { t } = useTranslation('tasks');
  const search = useSearch({ from: '/app/tasks' });
  const navigate = useNavigate({ from: '/tasks' });
  const me = useMe().data!;
  const role: TaskRole = search.role ?? 'responsible';
  const status: StatusFilter = search.status ?? 'active';
  const overdue = search.overdue === true;
  const tasks = useTasks(role, status, overdue);
  const statusChange = useTaskStatus();
  const [creating, setCreating] = useState(false);
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const timer = window.setInterval(() => setNow(new Date()), 60_000);
    return () => window.clearInterval(timer);
  }, []);

  const change = (changes: Partial<TasksSearch>) => void navigate({ to: '/tasks', search: (previous) => ({ ...previous, ...changes }), replace: true });
  const all = tasks.data?.pages.flatMap((page) => page.items) ?? [];

  return (
    <Container fluid py="md" px={{ base: 'sm', sm: 'md' }}>
      <Stack gap="md">
        <Group justify="space-between" align="flex-start" gap="sm">
          <div>
            <Title order={1} size="h2">
              {t('title')}
            </Title>
            <Text size="sm" c="dimmed">
              {t('intro')}
            </Text>
          </div>
          <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={() => setCreating(true)}>
            {t('new')}
          </Button>
        </Group>
        <Tabs value={role} onChange={(value) => change({ role: value === 'responsible' || !value ? undefined : (value as TasksSearch['role']) })}>
          <Tabs.List aria-label={t('roles.label')} style={{ flexWrap: 'wrap' }}>
            {taskRoles.map((value) => (
              <Tabs.Tab key={value} value={value}>
                {t(`roles.${value}`)}
              </Tabs.Tab>
            ))}
          </Tabs.List>
          {/* Every tab has its panel (the tabs name them); only the chosen one holds the list. */}
          {taskRoles.map((value) => (
            <Tabs.Panel key={value} value={value} pt="md">
              {value === role && (
                <Stack gap="md">
                  <Group gap="md" align="flex-end">
                    <Select
                      label={t('statusFilter.label')}
                      data={statusFilters.map((option) => ({ value: option, label: t(`statusFilter.${option}`) }))}
                      value={status}
                      onChange={(option) => change({ status: !option || option === 'active' ? undefined : (option as TasksSearch['status']) })}
                      allowDeselect={false}
                      w={{ base: '100%', xs: 200 }}
                      comboboxProps={{ withinPortal: true }}
                    />
                    <Checkbox label={t('overdueOnly')} checked={overdue} onChange={(event) => change({ overdue: event.currentTarget.checked ? true : undefined })} mb={8} />
                  </Group>
                  {tasks.isPending ? (
                    <PageLoader />
                  ) : tasks.isError ? (
                    <ErrorNotice error={tasks.error} onRetry={() => void tasks.refetch()} />
                  ) : all.length === 0 ? (
                    <EmptyState icon={<IconSubtask size={28} aria-hidden />} withIndicatorBackground title={t('empty.title')} description={t('empty.hint')} py="xl" />
                  ) : (
                    <>
                      <Paper withBorder radius="sm" style={{ overflow: 'hidden' }} component="ul" m={0} p={0} className={classes.list} aria-label={t(`roles.${role}`)}>
                        {all.map((task) => (
                          <li key={task.id}>
                            <TaskRow task={task} meId={me.id} now={now} showResponsible={role !== 'responsible'} busy={statusChange.busyId === task.id} onStatus={(target, next) => void statusChange.change(target, next)} />
                          </li>
                        ))}
                      </Paper>
                      {tasks.hasNextPage && (
                        <Group justify="center">
                          <Button variant="default" loading={tasks.isFetchingNextPage} onClick={() => void tasks.fetchNextPage()}>
                            {t('more')}
                          </Button>
                        </Group>
                      )}
                    </>
                  )}
                </Stack>
              )}
            </Tabs.Panel>
          ))}
        </Tabs>
      </Stack>
      <TaskFormDrawer opened={creating} onClose={() => setCreating(false)} />
    </Container>
  );
}
