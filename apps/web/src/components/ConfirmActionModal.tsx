import { Alert, Button, Group, Modal, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../lib/errors';

export interface ConfirmActionModalProps {
  title: string;
  message: string;
  confirmLabel: string;
  /** A red button for what cannot be undone, with the focus on Cancel. */
  danger?: boolean;
  /**
   * Turns a refusal the screen knows (a pipeline that holds deals) into its own words; the action is then not offered
   * again. Null for any other error, shown as the server says it, which may be tried again.
   */
  explain?: (error: unknown) => string | null;
  onConfirm: () => Promise<void>;
  onClose: () => void;
}

/** Asks before an action (delete, make base…), runs it, and keeps a refusal in the dialog with its reason. */
export function ConfirmActionModal({ title, message, confirmLabel, danger = false, explain, onConfirm, onClose }: ConfirmActionModalProps) {
  const { t } = useTranslation();
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const explained = error === null ? null : (explain?.(error) ?? null);
  const refusal = error === null ? null : (explained ?? errorMessage(error, t));
  const blocked = explained !== null;

  const confirm = async () => {
    setBusy(true);
    setError(null);
    try {
      await onConfirm();
      onClose();
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal opened onClose={onClose} title={title} closeButtonProps={{ 'aria-label': t('actions.close') }}>
      <Stack gap="sm">
        <Text size="sm">{message}</Text>
        {refusal && (
          <Alert color="red" role="alert">
            {refusal}
          </Alert>
        )}
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onClose} data-autofocus={danger || blocked ? true : undefined}>
            {t('actions.cancel')}
          </Button>
          <Button color={danger ? 'red.9' : undefined} loading={busy} disabled={blocked} onClick={() => void confirm()} data-autofocus={danger || blocked ? undefined : true}>
            {confirmLabel}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
