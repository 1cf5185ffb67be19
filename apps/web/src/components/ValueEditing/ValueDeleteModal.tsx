import { Alert, Button, Group, Modal, Select, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client';
import { errorMessage } from '../../lib/errors';

export interface ListValue {
  id: string;
  name: string;
  semantic?: string | null;
}

export interface ValueDeleteModalProps {
  title: string;
  value: ListValue;
  /** The items known to hold it (a board's column count); 0 when unknown: the server says when it is used. */
  count: number;
  /** Where its items may go: the other values of the list. */
  others: ListValue[];
  /** What the dialog says of a used value, with the number of items that move. */
  describeUse: (count: number) => string;
  onDelete: (replaceWith: string | undefined) => Promise<void>;
  onClose: () => void;
}

/**
 * Deleting a value of a list. One that items hold (a stage's deals, a source's contacts, in the recycle bin too)
 * asks where they go, saying how many they are; the server moves them, each with its history, before the value goes.
 * The server counts them: a value thought unused that it finds in use turns the dialog into that question.
 */
export function ValueDeleteModal({ title, value, count, others, describeUse, onDelete, onClose }: ValueDeleteModalProps) {
  const { t } = useTranslation('valueEditing');
  const [inUse, setInUse] = useState(count);
  const [target, setTarget] = useState<string | null>(others.find((other) => other.semantic === 'P')?.id ?? others[0]?.id ?? null);
  const [error, setError] = useState<unknown>(null);
  const [deleting, setDeleting] = useState(false);

  const confirm = async () => {
    setDeleting(true);
    setError(null);
    try {
      await onDelete(inUse > 0 ? (target ?? undefined) : undefined);
      onClose();
    } catch (caught) {
      const usedBy = caught instanceof ApiError && caught.reason === 'inUse' ? Number((caught.details as { usedBy?: number }).usedBy ?? 0) : 0;
      if (usedBy > 0 && usedBy !== inUse) setInUse(usedBy);
      else setError(caught);
    } finally {
      setDeleting(false);
    }
  };

  return (
    <Modal opened onClose={onClose} title={title} closeButtonProps={{ 'aria-label': t('common:actions.close') }}>
      <Stack gap="sm">
        {inUse > 0 ? (
          <>
            <Text size="sm" role="status">
              {describeUse(inUse)}
            </Text>
            <Select
              label={t('moveTo')}
              data={others.map((other) => ({ value: other.id, label: other.name }))}
              value={target}
              onChange={setTarget}
              allowDeselect={false}
              comboboxProps={{ withinPortal: true }}
            />
          </>
        ) : (
          <Text size="sm">{t('deleteConfirm', { name: value.name })}</Text>
        )}
        {error !== null && (
          <Alert color="red" role="alert">
            {errorMessage(error, t)}
          </Alert>
        )}
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onClose}>
            {t('common:actions.cancel')}
          </Button>
          <Button color="red.9" loading={deleting} disabled={inUse > 0 && !target} onClick={() => void confirm()} data-autofocus>
            {t('deleteButton')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
