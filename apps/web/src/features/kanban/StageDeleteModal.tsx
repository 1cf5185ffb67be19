import { Alert, Button, Group, Modal, Select, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client';
import { errorMessage } from '../../lib/errors';
import type { BoardStage } from './types';

export interface StageDeleteModalProps {
  title: string;
  stage: BoardStage;
  /** Where its items may go: every other stage of the board. */
  others: BoardStage[];
  onDelete: (replaceWith: string | undefined) => Promise<void>;
  onClose: () => void;
}

/**
 * Deleting a stage. One that holds items (on the board, or elsewhere: filtered out, in the recycle bin) asks where
 * they go; the server moves them, each with its history, before the stage goes.
 */
export function StageDeleteModal({ title, stage, others, onDelete, onClose }: StageDeleteModalProps) {
  const { t } = useTranslation('kanban');
  const [inUse, setInUse] = useState(stage.count);
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
      if (usedBy > 0 && inUse === 0) setInUse(usedBy);
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
            <Text size="sm">{t('stages.inUse', { stage: stage.name, count: inUse })}</Text>
            <Select
              label={t('stages.moveTo')}
              data={others.map((other) => ({ value: other.id, label: other.name }))}
              value={target}
              onChange={setTarget}
              allowDeselect={false}
              comboboxProps={{ withinPortal: true }}
            />
          </>
        ) : (
          <Text size="sm">{t('stages.deleteConfirm', { stage: stage.name })}</Text>
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
          <Button color="red" loading={deleting} disabled={inUse > 0 && !target} onClick={() => void confirm()} data-autofocus>
            {t('stages.deleteButton')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
