import { Alert, Button, Group, Modal, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../lib/errors';

export interface ConfirmActionModalProps {
  title: string;
  message: string;
  confirmLabel: string;
  /** A red button for what cannot be undone; once the server refuses it, it cannot be tried again from here. */
  danger?: boolean;
  /** Turns the server's refusal into the screen's own words; null to show the server's message. */
  explain?: (error: unknown) => string | null;
  onConfirm: () => Promise<void>;
  onClose: () => void;
}

/** Asks before an action (delete, make base…), runs it, and keeps a refusal in the dialog with its reason. */
export function ConfirmActionModal({ title, message, confirmLabel, danger = false, explain, onConfirm, onClose }: ConfirmActionModalProps) {
  const { t } = useTranslation();
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const refusal = error === null ? null : (explain?.(error) ?? errorMessage(error, t));
  const blocked = refusal !== null && danger;

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
          <Button variant="default" onClick={onClose} data-autofocus={blocked ? true : undefined}>
            {t('actions.cancel')}
          </Button>
          <Button color={danger ? 'red.9' : undefined} loading={busy} disabled={blocked} onClick={() => void confirm()} data-autofocus={blocked ? undefined : true}>
            {confirmLabel}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
