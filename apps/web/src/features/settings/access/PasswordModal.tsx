import { Button, Group, Modal, PasswordInput, Stack, Text } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../../api/client';
import { errorMessage, fieldErrors } from '../../../lib/errors';
import { notifySuccess } from '../../../lib/notify';
import { useAccessMutation, type AdminUser } from './access-api';

/** An administrator sets a user's password (also the way an invited user gets one); their sessions end. */
export function PasswordModal({ user, onClose }: { user: AdminUser; onClose: () => void }) {
  const { t } = useTranslation('settingsAccess');
  const [password, setPassword] = useState('');
  const save = useAccessMutation(() => api.post<void>(`/users/${user.id}/password`, { password }));
  const errors = fieldErrors(save.error);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate(undefined, {
      onSuccess: () => {
        notifySuccess(t('users.passwordSet', { name: user.name }));
        onClose();
      },
    });
  };
  return (
    <Modal opened onClose={onClose} title={t('users.passwordTitle', { name: user.name })} closeButtonProps={{ 'aria-label': t('common:actions.close') }}>
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          <Text size="sm">{t('users.passwordHint')}</Text>
          <PasswordInput
            label={t('users.newPassword')}
            description={t('users.passwordRule')}
            value={password}
            onChange={(e) => setPassword(e.currentTarget.value)}
            required
            autoComplete="new-password"
            error={errors.password ?? (save.error && !errors.password ? errorMessage(save.error, t) : undefined)}
            data-autofocus
          />
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={onClose}>
              {t('common:actions.cancel')}
            </Button>
            <Button type="submit" loading={save.isPending}>
              {t('users.setPassword')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
