import { Alert, Button, Group, Modal, Stack, TextInput } from '@mantine/core';
import type { TFunction } from 'i18next';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../../api/client';
import type { Pipeline } from '../../../api/types';
import { ConfirmActionModal } from '../../../components/ConfirmActionModal';
import { errorMessage, fieldErrors } from '../../../lib/errors';

export interface PipelineNameModalProps {
  title: string;
  initial: string;
  onSubmit: (name: string) => Promise<void>;
  onClose: () => void;
}

/** A pipeline's name, new or existing. */
export function PipelineNameModal({ title, initial, onSubmit, onClose }: PipelineNameModalProps) {
  const { t } = useTranslation('settingsLists');
  const [name, setName] = useState(initial);
  const [missing, setMissing] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [saving, setSaving] = useState(false);
  const issues = fieldErrors(error);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (name.trim() === '') return setMissing(true);
    setSaving(true);
    setError(null);
    try {
      await onSubmit(name.trim());
      onClose();
    } catch (caught) {
      setError(caught);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal opened onClose={onClose} title={title} closeButtonProps={{ 'aria-label': t('common:actions.close') }}>
      <form onSubmit={(event) => void submit(event)} noValidate>
        <Stack gap="sm">
          <TextInput
            label={t('pipelines.name')}
            required
            data-autofocus
            maxLength={255}
            value={name}
            onChange={(event) => {
              setName(event.currentTarget.value);
              setMissing(false);
            }}
            error={missing ? t('pipelines.nameRequired') : issues.name}
          />
          {error !== null && !issues.name && (
            <Alert color="red" role="alert">
              {errorMessage(error, t)}
            </Alert>
          )}
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={onClose}>
              {t('common:actions.cancel')}
            </Button>
            <Button type="submit" loading={saving}>
              {t('common:actions.save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

/** Why the server kept a pipeline, in the words of this screen (how many deals it holds). */
export function pipelineRefusal(error: unknown, pipeline: Pipeline, t: TFunction): string | null {
  if (!(error instanceof ApiError) || error.code !== 'CONFLICT') return null;
  if (error.reason === 'inUse') return t('pipelines.hasDeals', { name: pipeline.name, count: Number((error.details as { usedBy?: number }).usedBy ?? 0) });
  if (error.reason === 'defaultPipeline') return t('pipelines.isDefaultRefused');
  if (error.reason === 'lastPipeline') return t('pipelines.lastRefused');
  return null;
}

export interface PipelineDeleteModalProps {
  pipeline: Pipeline;
  onDelete: () => Promise<void>;
  onClose: () => void;
}

/** Deleting a pipeline: the server refuses while it holds deals, and the dialog says how many. */
export function PipelineDeleteModal({ pipeline, onDelete, onClose }: PipelineDeleteModalProps) {
  const { t } = useTranslation('settingsLists');
  return (
    <ConfirmActionModal
      title={t('pipelines.deleteTitle')}
      message={t('pipelines.deleteConfirm', { name: pipeline.name })}
      confirmLabel={t('valueEditing:deleteButton')}
      danger
      explain={(error) => pipelineRefusal(error, pipeline, t)}
      onConfirm={onDelete}
      onClose={onClose}
    />
  );
}
