import { ActionIcon, Badge, Button, Group, Menu, Modal, Paper, Stack, Text, TextInput, Title } from '@mantine/core';
import { useNavigate } from '@tanstack/react-router';
import { IconDots, IconHelpCircle, IconPlus } from '@tabler/icons-react';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../../api/client';
import { ErrorNotice } from '../../../components/ErrorNotice';
import { AnchorLink, ButtonLink } from '../../../components/links';
import { PageLoader } from '../../../components/PageLoader';
import { errorMessage, fieldErrors } from '../../../lib/errors';
import { notifySuccess } from '../../../lib/notify';
import { useAccessMutation, useAdminUsers, useDepartments, useRoles, type Role } from './access-api';

/** Roles: what each may do and to whom it is given; a new role opens in its editor. */
export function RolesPage() {
  const { t } = useTranslation('settingsAccess');
  const roles = useRoles();
  const users = useAdminUsers().data ?? [];
  const departments = useDepartments().data ?? [];
  const [creating, setCreating] = useState(false);
  const [deleting, setDeleting] = useState<Role | null>(null);
  const userName = new Map(users.map((u) => [u.id, u.name]));
  const departmentName = new Map(departments.map((d) => [d.id, d.name]));

  const assignedTo = (role: Role) => {
    if (role.assignments.length === 0) return t('roles.unassigned');
    return role.assignments
      .map((a) => (a.userId !== null ? (userName.get(a.userId) ?? `#${a.userId}`) : a.departmentId !== null ? t('roles.departmentOf', { name: departmentName.get(a.departmentId) ?? `#${a.departmentId}` }) : t('assignments.everyone')))
      .join(', ');
  };

  return (
    <Stack gap="md">
      <Group justify="space-between" wrap="wrap" gap="sm">
        <div>
          <Title order={2} size="h3">
            {t('roles.title')}
          </Title>
          <Text size="sm" c="dimmed">
            {t('roles.intro')}
          </Text>
        </div>
        <Group gap="xs">
          <ButtonLink to="/settings/roles/explain" variant="default" leftSection={<IconHelpCircle size={16} aria-hidden />}>
            {t('explain.open')}
          </ButtonLink>
          <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={() => setCreating(true)}>
            {t('roles.add')}
          </Button>
        </Group>
      </Group>
      {roles.isPending ? (
        <PageLoader />
      ) : roles.isError ? (
        <ErrorNotice error={roles.error} onRetry={() => void roles.refetch()} />
      ) : roles.data.length === 0 ? (
        <Text c="dimmed" size="sm">
          {t('roles.empty')}
        </Text>
      ) : (
        <Stack gap="xs" component="ul" style={{ listStyle: 'none', margin: 0, padding: 0 }} aria-label={t('roles.title')}>
          {roles.data.map((role) => (
            <Paper key={role.id} component="li" withBorder radius="md" p="sm">
              <Group justify="space-between" wrap="nowrap" align="flex-start" gap="xs">
                <Stack gap={2} style={{ minWidth: 0 }}>
                  <Group gap="xs">
                    <AnchorLink to="/settings/roles/$roleId" params={{ roleId: role.id }} fw={600}>
                      {role.name}
                    </AnchorLink>
                    {role.mayChangeSettings && (
                      <Badge variant="light" radius="sm">
                        {t('roles.settingsBadge')}
                      </Badge>
                    )}
                  </Group>
                  <Text size="xs" c="dimmed" style={{ overflowWrap: 'anywhere' }}>
                    {t('roles.assignedTo', { who: assignedTo(role) })}
                  </Text>
                </Stack>
                <Menu position="bottom-end" withinPortal>
                  <Menu.Target>
                    <ActionIcon variant="subtle" color="gray" aria-label={t('roles.actionsFor', { name: role.name })}>
                      <IconDots size={18} aria-hidden />
                    </ActionIcon>
                  </Menu.Target>
                  <Menu.Dropdown>
                    <Menu.Item color="red.9" onClick={() => setDeleting(role)}>
                      {t('common:actions.delete')}
                    </Menu.Item>
                  </Menu.Dropdown>
                </Menu>
              </Group>
            </Paper>
          ))}
        </Stack>
      )}
      {creating && <NewRoleModal onClose={() => setCreating(false)} />}
      {deleting && <DeleteRoleModal role={deleting} onClose={() => setDeleting(null)} />}
    </Stack>
  );
}

function NewRoleModal({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation('settingsAccess');
  const navigate = useNavigate();
  const [name, setName] = useState('');
  const create = useAccessMutation(() => api.post<Role>('/roles', { name: name.trim(), permissions: { items: {} } }));
  const errors = fieldErrors(create.error);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate(undefined, {
      onSuccess: (role) => {
        notifySuccess(t('roles.created', { name: role.name }));
        void navigate({ to: '/settings/roles/$roleId', params: { roleId: role.id } });
      },
    });
  };
  return (
    <Modal opened onClose={onClose} title={t('roles.newTitle')} closeButtonProps={{ 'aria-label': t('common:actions.close') }}>
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          <Text size="sm" c="dimmed">
            {t('roles.newHint')}
          </Text>
          <TextInput label={t('roles.name')} value={name} onChange={(e) => setName(e.currentTarget.value)} required data-autofocus error={errors.name ?? (create.error && !errors.name ? errorMessage(create.error, t) : undefined)} />
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={onClose}>
              {t('common:actions.cancel')}
            </Button>
            <Button type="submit" loading={create.isPending}>
              {t('common:actions.create')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

function DeleteRoleModal({ role, onClose }: { role: Role; onClose: () => void }) {
  const { t } = useTranslation('settingsAccess');
  const remove = useAccessMutation(() => api.delete(`/roles/${role.id}`));
  return (
    <Modal opened onClose={onClose} title={t('roles.deleteTitle', { name: role.name })} closeButtonProps={{ 'aria-label': t('common:actions.close') }}>
      <Stack gap="sm">
        <Text size="sm">{role.assignments.length > 0 ? t('roles.deleteAssigned', { count: role.assignments.length }) : t('roles.deleteBody')}</Text>
        {remove.error && (
          <Text size="sm" c="red.9" role="alert">
            {errorMessage(remove.error, t)}
          </Text>
        )}
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onClose} data-autofocus>
            {t('common:actions.cancel')}
          </Button>
          <Button
            color="red.9"
            loading={remove.isPending}
            onClick={() =>
              remove.mutate(undefined, {
                onSuccess: () => {
                  notifySuccess(t('roles.deleted', { name: role.name }));
                  onClose();
                },
              })
            }
          >
            {t('common:actions.delete')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
