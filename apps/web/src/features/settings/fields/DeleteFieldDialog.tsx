import { Alert, Button, Group, Modal, Stack, Text } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError } from '../../../api/client';
import { errorMessage } from '../../../lib/errors';
import { notifySuccess } from '../../../lib/notify';
import { customFieldsKey, fieldPath, useFieldsChanged, type CustomField } from './field-api';

interface Props {
  plural: string;
  field: CustomField | null;
  onClose: () => void;
}

/**
 * Deleting a field: asked once; when items hold values in it the API answers with how many, and the values are
 * erased only after a second, explicit confirmation.
 */
export function DeleteFieldDialog({ plural, field, onClose }: Props) {
  const { t } = useTranslation('settingsFields');
  return (
    <Modal opened={field !== null} onClose={onClose} title={t('delete.title')} closeButtonProps={{ 'aria-label': t('common:actions.close') }}>
      {field && <DeleteFieldBody key={field.name} plural={plural} field={field} onClose={onClose} />}
    </Modal>
  );
}

function DeleteFieldBody({ plural, field, onClose }: { plural: string; field: CustomField; onClose: () => void }) {
  const { t } = useTranslation('settingsFields');
  const client = useQueryClient();
  const changed = useFieldsChanged(plural);
  const [holding, setHolding] = useState<number | null>(null);
  const remove = useMutation({
    mutationFn: (confirm: boolean) => api.delete(fieldPath(plural, field.name), confirm ? { confirm: true } : undefined),
    onSuccess: () => {
      client.setQueryData<CustomField[]>(customFieldsKey(plural), (fields) => fields?.filter((other) => other.name !== field.name));
      changed({ items: true });
      notifySuccess(t('delete.done', { label: field.label }));
      onClose();
    },
    onError: (error) => {
      if (error instanceof ApiError && error.status === 409 && error.reason === 'confirmationRequired') setHolding(Number((error.details as { count?: number }).count ?? 0));
    },
  });
  const needsConfirmation = remove.error instanceof ApiError && remove.error.reason === 'confirmationRequired';
  const failure = remove.error && !needsConfirmation ? errorMessage(remove.error, t) : null;

  return (
    <Stack gap="sm">
      <Text size="sm">{t('delete.question', { label: field.label })}</Text>
      {holding !== null && (
        <Alert color="red" role="alert" title={t('delete.holdingTitle')}>
          {t('delete.holding', { count: holding, label: field.label })}
        </Alert>
      )}
      {failure && (
        <Alert color="red" role="alert">
          {failure}
        </Alert>
      )}
      <Group justify="flex-end" gap="xs">
        <Button variant="default" onClick={onClose}>
          {t('common:actions.cancel')}
        </Button>
        {holding === null ? (
          <Button color="red.9" loading={remove.isPending} onClick={() => remove.mutate(false)}>
            {t('common:actions.delete')}
          </Button>
        ) : (
          <Button color="red.9" loading={remove.isPending} onClick={() => remove.mutate(true)}>
            {t('delete.withValues', { count: holding })}
          </Button>
        )}
      </Group>
    </Stack>
  );
}
