import { Button, Group, Modal, Stack, Text } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconTrash } from '@tabler/icons-react';
import { useNavigate } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import type { Item, TypeMeta } from '../../api/types';
import { errorMessage } from '../../lib/errors';
import { useDeleteItem } from './card-api';
import { notifySuccess } from '../../lib/notify';

/** Moves the item to the recycle bin after asking, then goes back to the list. */
export function DeleteItemButton({ type, item, title }: { type: TypeMeta; item: Item; title: string }) {
  const { t } = useTranslation('card');
  const [opened, { open, close }] = useDisclosure(false);
  const navigate = useNavigate();
  const remove = useDeleteItem(type.plural, item.id);

  const confirm = () =>
    remove.mutate(item.version, {
      onSuccess: () => {
        close();
        notifySuccess(t('delete.done', { title }));
        void navigate({ to: '/$type', params: { type: type.plural } });
      },
    });

  return (
    <>
      <Button variant="default" size="xs" color="red" leftSection={<IconTrash size={14} aria-hidden />} onClick={open}>
        {t('delete.button')}
      </Button>
      <Modal opened={opened} onClose={close} title={t('delete.title', { title })} closeButtonProps={{ 'aria-label': t('common:actions.close') }}>
        <Stack gap="md">
          <Text size="sm">{t('delete.body')}</Text>
          {remove.error && (
            <Text size="sm" c="red.8" role="alert">
              {errorMessage(remove.error, t)}
            </Text>
          )}
          <Group justify="flex-end" gap="xs">
            <Button variant="default" onClick={close}>
              {t('common:actions.cancel')}
            </Button>
            <Button color="red.9" loading={remove.isPending} onClick={confirm} data-autofocus>
              {t('delete.confirm')}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}
