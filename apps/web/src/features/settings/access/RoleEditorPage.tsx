import { Alert, Button, Checkbox, Group, Paper, Stack, Tabs, Text, TextInput, Title } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { useParams } from '@tanstack/react-router';
import { IconArrowLeft } from '@tabler/icons-react';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../../api/client';
import { usePipelines, useTypes } from '../../../api/hooks';
import { ErrorNotice } from '../../../components/ErrorNotice';
import { AnchorLink } from '../../../components/links';
import { PageLoader } from '../../../components/PageLoader';
import { errorMessage, fieldErrors } from '../../../lib/errors';
import { notifySuccess } from '../../../lib/notify';
import { useAccessMutation, useAdminUsers, useDepartments, useRole, type Assignment, type Role } from './access-api';
import { AssignmentsEditor } from './AssignmentsEditor';
import { FieldAccessEditor } from './FieldAccessEditor';
import { PermissionMatrix } from './PermissionMatrix';

/** /settings/roles/$roleId: a role's name, matrix, field visibility, settings right and assignments, saved together. */
export function RoleEditorPage() {
  const { roleId } = useParams({ from: '/app/settings/roles/$roleId' });
  const role = useRole(roleId);
  if (role.isPending) return <PageLoader />;
  if (role.isError) return <ErrorNotice error={role.error} onRetry={() => void role.refetch()} />;
  return <RoleEditor key={`${role.data.id}-${role.data.updatedAt}`} role={role.data} />;
}

const sameAssignments = (a: Assignment[], b: Assignment[]) => {
  const key = (x: Assignment) => `${x.userId ?? ''}:${x.departmentId ?? ''}`;
  return JSON.stringify(a.map(key).sort()) === JSON.stringify(b.map(key).sort());
};

function RoleEditor({ role }: { role: Role }) {
  const { t } = useTranslation('settingsAccess');
  const compact = useMediaQuery('(max-width: 48em)', false, { getInitialValueInEffect: false });
  const pipelines = usePipelines().data ?? [];
  const types = useTypes().data ?? [];
  const users = useAdminUsers().data ?? [];
  const departments = useDepartments().data ?? [];
  const [name, setName] = useState(role.name);
  const [mayChangeSettings, setMayChangeSettings] = useState(role.mayChangeSettings);
  const [permissions, setPermissions] = useState(role.permissions);
  const [assignments, setAssignments] = useState<Assignment[]>(role.assignments);
  const changed =
    name !== role.name || mayChangeSettings !== role.mayChangeSettings || JSON.stringify(permissions) !== JSON.stringify(role.permissions) || !sameAssignments(assignments, role.assignments);
  const save = useAccessMutation(async () => {
    await api.patch<Role>(`/roles/${role.id}`, { name: name.trim(), permissions, mayChangeSettings });
    if (!sameAssignments(assignments, role.assignments)) {
      await api.put<Role>(`/roles/${role.id}/assignments`, { assignments: assignments.map((a) => (a.userId !== null ? { userId: a.userId } : a.departmentId !== null ? { departmentId: a.departmentId } : {})) });
    }
  });
  const errors = fieldErrors(save.error);
  const otherErrors = save.error ? (Object.keys(errors).filter((field) => field !== 'name').length > 0 || Object.keys(errors).length === 0 ? errorMessage(save.error, t) : null) : null;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate(undefined, { onSuccess: () => notifySuccess(t('roles.saved', { name: name.trim() })) });
  };

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        <div>
          <AnchorLink to="/settings/roles" size="sm">
            <IconArrowLeft size={14} aria-hidden style={{ verticalAlign: 'middle', marginRight: 4 }} />
            {t('roles.backToList')}
          </AnchorLink>
          <Title order={2} size="h3" mt={4}>
            {t('roles.editTitle', { name: role.name })}
          </Title>
        </div>
        <Paper withBorder radius="md" p="sm">
          <Stack gap="sm">
            <TextInput label={t('roles.name')} value={name} onChange={(e) => setName(e.currentTarget.value)} required error={errors.name} maw={420} />
            <Checkbox label={t('roles.mayChangeSettings')} description={t('roles.mayChangeSettingsHint')} checked={mayChangeSettings} onChange={(e) => setMayChangeSettings(e.currentTarget.checked)} />
          </Stack>
        </Paper>
        <Tabs defaultValue="items" keepMounted={false}>
          <Tabs.List>
            <Tabs.Tab value="items">{t('roles.tabItems')}</Tabs.Tab>
            <Tabs.Tab value="fields">{t('roles.tabFields')}</Tabs.Tab>
            <Tabs.Tab value="assignments">{t('roles.tabAssignments')}</Tabs.Tab>
          </Tabs.List>
          <Tabs.Panel value="items" pt="sm">
            <Stack gap="xs">
              <Text size="sm" c="dimmed">
                {t('roles.matrixIntro')}
              </Text>
              <PermissionMatrix permissions={permissions} pipelines={pipelines} onChange={setPermissions} compact={compact} />
            </Stack>
          </Tabs.Panel>
          <Tabs.Panel value="fields" pt="sm">
            <FieldAccessEditor permissions={permissions} types={types} onChange={setPermissions} />
          </Tabs.Panel>
          <Tabs.Panel value="assignments" pt="sm">
            <AssignmentsEditor assignments={assignments} users={users} departments={departments} onChange={setAssignments} />
          </Tabs.Panel>
        </Tabs>
        {otherErrors && (
          <Alert color="red" role="alert" title={t('roles.notSaved')}>
            {otherErrors}
          </Alert>
        )}
        <Paper withBorder radius="md" p="sm" pos="sticky" bottom={0} style={{ zIndex: 3 }}>
          <Group justify="space-between" gap="sm" wrap="wrap">
            <Text size="sm" c={changed ? undefined : 'dimmed'} aria-live="polite">
              {changed ? t('roles.unsaved') : t('roles.allSaved')}
            </Text>
            <Group gap="xs">
              <Button
                variant="default"
                disabled={!changed || save.isPending}
                onClick={() => {
                  setName(role.name);
                  setMayChangeSettings(role.mayChangeSettings);
                  setPermissions(role.permissions);
                  setAssignments(role.assignments);
                  save.reset();
                }}
              >
                {t('roles.discard')}
              </Button>
              <Button type="submit" disabled={!changed} loading={save.isPending}>
                {t('common:actions.save')}
              </Button>
            </Group>
          </Group>
        </Paper>
      </Stack>
    </form>
  );
}
