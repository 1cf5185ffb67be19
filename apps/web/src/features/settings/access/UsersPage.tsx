import { ActionIcon, Badge, Button, Group, Menu, Paper, SegmentedControl, Stack, Table, Text, TextInput, Title, VisuallyHidden } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { IconDots, IconPlus, IconSearch } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../../api/client';
import type { Locale } from '../../../api/types';
import { ErrorNotice } from '../../../components/ErrorNotice';
import { PageLoader } from '../../../components/PageLoader';
import { errorMessage } from '../../../lib/errors';
import { formatDate } from '../../../lib/format';
import { notifyError, notifySuccess } from '../../../lib/notify';
import { useAccessMutation, useAdminUsers, useDepartments, type AdminUser } from './access-api';
import { PasswordModal } from './PasswordModal';
import { UserFormModal } from './UserFormModal';

const fold = (text: string) => text.normalize('NFD').replace(/\p{Diacritic}/gu, '').toLowerCase();

/** Users: the active and the deactivated, created with a password or invited, their departments and admin flag. */
export function UsersPage() {
  const { t, i18n } = useTranslation('settingsAccess');
  const locale = i18n.language as Locale;
  const phone = useMediaQuery('(max-width: 48em)', false, { getInitialValueInEffect: false });
  const users = useAdminUsers();
  const departments = useDepartments().data ?? [];
  const [status, setStatus] = useState<'active' | 'inactive'>('active');
  const [query, setQuery] = useState('');
  const [editing, setEditing] = useState<AdminUser | 'new' | null>(null);
  const [resetting, setResetting] = useState<AdminUser | null>(null);
  const change = useAccessMutation(({ user, changes }: { user: AdminUser; changes: Partial<Pick<AdminUser, 'isAdmin' | 'isActive'>> }) => api.patch<AdminUser>(`/users/${user.id}`, changes));

  const departmentName = new Map(departments.map((d) => [d.id, d.name]));
  const all = users.data ?? [];
  const counts = { active: all.filter((u) => u.isActive).length, inactive: all.filter((u) => !u.isActive).length };
  const needle = fold(query.trim());
  const shown = all
    .filter((u) => u.isActive === (status === 'active'))
    .filter((u) => !needle || fold(`${u.name} ${u.email}`).includes(needle))
    .sort((a, b) => a.name.localeCompare(b.name, locale));

  const apply = (user: AdminUser, changes: Partial<Pick<AdminUser, 'isAdmin' | 'isActive'>>, done: string) =>
    change.mutate(
      { user, changes },
      {
        onSuccess: () => notifySuccess(done),
        // The server says why (the last administrator stays one, and stays active).
        onError: (error) => notifyError(t('users.notChanged', { name: user.name }), errorMessage(error, t)),
      },
    );

  const actions = (user: AdminUser) => (
    <Menu position="bottom-end" withinPortal>
      <Menu.Target>
        <ActionIcon variant="subtle" color="gray" aria-label={t('users.actionsFor', { name: user.name })}>
          <IconDots size={18} aria-hidden />
        </ActionIcon>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Item onClick={() => setEditing(user)}>{t('common:actions.edit')}</Menu.Item>
        <Menu.Item onClick={() => setResetting(user)}>{t('users.resetPassword')}</Menu.Item>
        {user.isActive &&
          (user.isAdmin ? (
            <Menu.Item onClick={() => apply(user, { isAdmin: false }, t('users.adminRemoved', { name: user.name }))}>{t('users.removeAdmin')}</Menu.Item>
          ) : (
            <Menu.Item onClick={() => apply(user, { isAdmin: true }, t('users.adminMade', { name: user.name }))}>{t('users.makeAdmin')}</Menu.Item>
          ))}
        <Menu.Divider />
        {user.isActive ? (
          <Menu.Item color="red.9" onClick={() => apply(user, { isActive: false }, t('users.deactivated', { name: user.name }))}>
            {t('users.deactivate')}
          </Menu.Item>
        ) : (
          <Menu.Item onClick={() => apply(user, { isActive: true }, t('users.reactivated', { name: user.name }))}>{t('users.reactivate')}</Menu.Item>
        )}
      </Menu.Dropdown>
    </Menu>
  );

  const badges = (user: AdminUser) => (
    <Group gap={4}>
      {user.isAdmin && (
        <Badge variant="light" radius="sm">
          {t('users.admin')}
        </Badge>
      )}
      {!user.isActive && (
        <Badge variant="light" color="gray" radius="sm">
          {t('users.inactiveBadge')}
        </Badge>
      )}
    </Group>
  );
  const departmentsOf = (user: AdminUser) =>
    user.departmentIds.length === 0 ? t('users.noDepartment') : user.departmentIds.map((id) => departmentName.get(id) ?? `#${id}`).join(', ');

  return (
    <Stack gap="md">
      <Group justify="space-between" wrap="wrap" gap="sm">
        <div>
          <Title order={2} size="h3">
            {t('users.title')}
          </Title>
          <Text size="sm" c="dimmed">
            {t('users.intro')}
          </Text>
        </div>
        <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={() => setEditing('new')}>
          {t('users.add')}
        </Button>
      </Group>
      <Group gap="sm" wrap="wrap">
        <SegmentedControl
          aria-label={t('users.status')}
          value={status}
          onChange={(value) => setStatus(value as 'active' | 'inactive')}
          data={[
            { value: 'active', label: t('users.active', { count: counts.active }) },
            { value: 'inactive', label: t('users.inactive', { count: counts.inactive }) },
          ]}
        />
        <TextInput
          aria-label={t('users.search')}
          placeholder={t('users.search')}
          leftSection={<IconSearch size={16} aria-hidden />}
          value={query}
          onChange={(e) => setQuery(e.currentTarget.value)}
          style={{ flex: 1, minWidth: 180, maxWidth: 320 }}
        />
      </Group>
      {users.isPending ? (
        <PageLoader />
      ) : users.isError ? (
        <ErrorNotice error={users.error} onRetry={() => void users.refetch()} />
      ) : shown.length === 0 ? (
        <Text c="dimmed" size="sm" py="md">
          {status === 'active' ? t('users.noneActive') : t('users.noneInactive')}
        </Text>
      ) : phone ? (
        <Stack gap="xs" component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }} aria-label={t('users.title')}>
          {shown.map((user) => (
            <Paper key={user.id} component="li" withBorder radius="md" p="sm">
              <Group justify="space-between" align="flex-start" wrap="nowrap" gap="xs">
                <Stack gap={2} style={{ minWidth: 0 }}>
                  <Text fw={600} size="sm" style={{ overflowWrap: 'anywhere' }}>
                    {user.name}
                  </Text>
                  <Text size="xs" c="dimmed" style={{ overflowWrap: 'anywhere' }}>
                    {user.email}
                  </Text>
                  <Text size="xs">{departmentsOf(user)}</Text>
                  {badges(user)}
                </Stack>
                {actions(user)}
              </Group>
            </Paper>
          ))}
        </Stack>
      ) : (
        <Paper withBorder radius="md">
          <Table verticalSpacing="xs" highlightOnHover>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('users.name')}</Table.Th>
                <Table.Th>{t('users.email')}</Table.Th>
                <Table.Th>{t('users.departments')}</Table.Th>
                <Table.Th>{t('users.since')}</Table.Th>
                <Table.Th w={48}>
                  <VisuallyHidden>{t('users.actions')}</VisuallyHidden>
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {shown.map((user) => (
                <Table.Tr key={user.id}>
                  <Table.Td>
                    <Group gap="xs" wrap="nowrap">
                      <Text size="sm" fw={500}>
                        {user.name}
                      </Text>
                      {badges(user)}
                    </Group>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{user.email}</Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{departmentsOf(user)}</Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{formatDate(user.createdAt, locale)}</Text>
                  </Table.Td>
                  <Table.Td>{actions(user)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Paper>
      )}
      {editing && <UserFormModal user={editing === 'new' ? null : editing} departments={departments} onClose={() => setEditing(null)} />}
      {resetting && <PasswordModal user={resetting} onClose={() => setResetting(null)} />}
    </Stack>
  );
}
