import { Alert, Button, Group, Modal, Stack, TextInput } from '@mantine/core';
import { useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage, fieldErrors } from '../../lib/errors';
import { ColorChoice } from './ColorChoice';

export interface ValueInput {
  name: string;
  color: string | null;
}

export interface ValueFormModalProps {
  title: string;
  initial: ValueInput;
  onSubmit: (input: ValueInput) => Promise<void>;
  onClose: () => void;
  /** Without it the colour is not offered (lists whose values have none). */
  withColor?: boolean;
  /** More fields of the value (a stage's group), between the name and the colour. */
  children?: ReactNode;
}

/** The name and colour of a value of a list, new or existing; the server's objections show at the field they concern. */
export function ValueFormModal({ title, initial, onSubmit, onClose, withColor = true, children }: ValueFormModalProps) {
  const { t } = useTranslation('valueEditing');
  const [name, setName] = useState(initial.name);
  const [color, setColor] = useState(initial.color ?? '');
  const [error, setError] = useState<unknown>(null);
  const [nameMissing, setNameMissing] = useState(false);
  const [saving, setSaving] = useState(false);
  const issues = fieldErrors(error);
  const general = error && !issues.name && !issues.color ? errorMessage(error, t) : null;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (name.trim() === '') {
      setNameMissing(true);
      return;
    }
    setSaving(true);
    setError(null);
    try {
      await onSubmit({ name: name.trim(), color: color || null });
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
            label={t('name')}
            required
            data-autofocus
            value={name}
            maxLength={255}
            onChange={(event) => {
              setName(event.currentTarget.value);
              setNameMissing(false);
            }}
            error={nameMissing ? t('nameRequired') : issues.name}
          />
          {children}
          {withColor && <ColorChoice value={color} onChange={setColor} error={issues.color} />}
          {general && (
            <Alert color="red" role="alert">
              {general}
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
