import { Alert, Box, Button, Group, Stack, Text } from '@mantine/core';
import { useState, type FormEvent, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import type { Item, TypeMeta } from '../../api/types';
import { FieldInput } from '../../components/fields/FieldInput';
import { errorMessage, fieldErrors } from '../../lib/errors';
import type { BoardStage } from './types';

export interface QuickAddFormProps {
  type: TypeMeta;
  column: BoardStage;
  /** The board's pipeline (deals): the new deal goes there. */
  pipelineId: number | null;
  onAdded: (item: Item) => void;
  onClose: () => void;
}

/**
 * A new deal or lead straight into a column, as Bitrix24's "+" on a stage does: its title and amount; the rest is
 * filled in on its card. The server's objections show at the field they concern.
 */
export function QuickAddForm({ type, column, pipelineId, onAdded, onClose }: QuickAddFormProps) {
  const { t } = useTranslation('kanban');
  const titleField = type.fields.find((f) => f.name === type.titleFields[0]);
  const amountField = type.board ? type.fields.find((f) => f.name === type.board!.amountField) : undefined;
  const [values, setValues] = useState<Record<string, unknown>>({});
  const [error, setError] = useState<unknown>(null);
  const [saving, setSaving] = useState(false);
  const issues = fieldErrors(error);
  const shownAtFields = [titleField?.name, amountField?.name].filter(Boolean) as string[];
  const general = error !== null && !shownAtFields.some((name) => issues[name]) ? errorMessage(error, t) : null;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!type.stages) return;
    setSaving(true);
    setError(null);
    try {
      const body: Record<string, unknown> = { ...values, [type.stages.field]: column.id };
      if (type.stages.pipelineField && pipelineId !== null) body[type.stages.pipelineField] = pipelineId;
      const created = await api.post<Item>(`/${type.plural}`, body);
      onAdded(created);
      setValues({});
    } catch (caught) {
      setError(caught);
    } finally {
      setSaving(false);
    }
  };

  const closeOnEscape = (event: KeyboardEvent) => {
    if (event.key === 'Escape') {
      event.stopPropagation();
      onClose();
    }
  };

  return (
    <Box px={8} pb={8}>
      <form onSubmit={(event) => void submit(event)} onKeyDown={closeOnEscape} noValidate aria-label={t(`${type.name === 'lead' ? 'lead' : 'deal'}.quickAddTitle`, { stage: column.name })}>
        <Stack gap={6} p="xs" bg="white" style={{ borderRadius: 6, border: '1px solid var(--mantine-color-brand-3)' }}>
          <Text size="xs" fw={600} c="dimmed">
            {t(`${type.name === 'lead' ? 'lead' : 'deal'}.quickAddTitle`, { stage: column.name })}
          </Text>
          {titleField && <FieldInput field={titleField} value={values[titleField.name]} onChange={(value) => setValues((v) => ({ ...v, [titleField.name]: value }))} error={issues[titleField.name]} autoFocus />}
          {amountField && <FieldInput field={amountField} value={values[amountField.name]} onChange={(value) => setValues((v) => ({ ...v, [amountField.name]: value }))} error={issues[amountField.name]} />}
          {general && (
            <Alert color="red" role="alert" p="xs">
              {general}
            </Alert>
          )}
          <Group gap="xs" justify="flex-end">
            <Button size="xs" variant="default" onClick={onClose}>
              {t('common:actions.cancel')}
            </Button>
            <Button size="xs" type="submit" loading={saving}>
              {t('quickAdd.save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Box>
  );
}
