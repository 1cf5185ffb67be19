import { Button, Checkbox, Group, Modal, MultiSelect, PasswordInput, Radio, Stack, TextInput } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../../api/client';
import { errorMessage, fieldErrors } from '../../../lib/errors';
import { notifySuccess } from '../../../lib/notify';
import { useAccessMutation, type AdminUser, type Department } from './access-api';
import { departmentOptions } from './department-tree';

interface Props {
  /** The user to edit; null to create one. */
  user: AdminUser | null;
  departments: Department[];
  onClose: () => void;
}

/** Creates a user (with a password, or invited without one) or changes a user's name, departments and admin flag. */
export function UserFormModal({ user, departments, onClose }: Props) {
  const { t } = useTranslation('settingsAccess');
  const [name, setName] = useState(user?.name ?? '');
  const [email, setEmail] = useState(user?.email ?? '');
  const [mode, setMode] = useState<'password' | 'invite'>('password');
  const [password, setPassword] = useState('');
  const [isAdmin, setIsAdmin] = useState(user?.isAdmin ?? false);
  const [departmentIds, setDepartmentIds] = useState<string[]>((user?.departmentIds ?? []).map(String));
  const save = useAccessMutation(async () => {
    const chosen = departmentIds.map(Number);
    if (user) return api.patch<AdminUser>(`/users/${user.id}`, { name: name.trim(), isAdmin, departmentIds: chosen });
    return api.post<AdminUser>('/users', { name: name.trim(), email: email.trim(), isAdmin, departmentIds: chosen, ...(mode === 'password' ? { password } : {}) });
  });
  const errors = fieldErrors(save.error);
  const generalError = save.error && Object.keys(errors).length === 0 ? errorMessage(save.error, t) : null;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate(undefined, {
      onSuccess: (saved) => {
        notifySuccess(user ? t('users.saved', { name: saved.name }) : mode === 'invite' ? t('users.invited', { name: saved.name }) : t('users.created', { name: saved.name }));
        onClose();
      },
    });
  };

  return (
    <Modal opened onClose={onClose} title={user ? t('users.editTitle', { name: user.name }) : t('users.newTitle')} closeButtonProps={{ 'aria-label': t('common:actions.close') }}>
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          <TextInput label={t('users.name')} value={name} onChange={(e) => setName(e.currentTarget.value)} required error={errors.name} data-autofocus />
          {!user && <TextInput label={t('users.email')} type="email" value={email} onChange={(e) => setEmail(e.currentTarget.value)} required error={errors.email} />}
          {!user && (
            <Radio.Group label={t('users.access')} value={mode} onChange={(value) => setMode(value as 'password' | 'invite')}>
              <Stack gap={6} mt={4}>
                <Radio value="password" label={t('users.withPassword')} />
                <Radio value="invite" label={t('users.invite')} description={t('users.inviteHint')} />
              </Stack>
            </Radio.Group>
          )}
          {!user && mode === 'password' && (
            <PasswordInput label={t('users.password')} description={t('users.passwordRule')} value={password} onChange={(e) => setPassword(e.currentTarget.value)} required error={errors.password} autoComplete="new-password" />
          )}
          <MultiSelect
            label={t('users.departments')}
            data={departmentOptions(departments)}
            value={departmentIds}
            onChange={setDepartmentIds}
            searchable
            clearable
            placeholder={departmentIds.length === 0 ? t('users.noDepartment') : undefined}
            error={errors.departmentIds}
            comboboxProps={{ withinPortal: true }}
          />
          <Checkbox label={t('users.isAdmin')} description={t('users.isAdminHint')} checked={isAdmin} onChange={(e) => setIsAdmin(e.currentTarget.checked)} />
          {generalError && (
            <div role="alert" style={{ color: 'var(--mantine-color-red-9)', fontSize: 14 }}>
              {generalError}
            </div>
          )}
          <Group justify="flex-end" gap="sm" mt="xs">
            <Button variant="default" onClick={onClose}>
              {t('common:actions.cancel')}
            </Button>
            <Button type="submit" loading={save.isPending}>
              {user ? t('common:actions.save') : mode === 'invite' ? t('users.sendInvite') : t('users.create')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
