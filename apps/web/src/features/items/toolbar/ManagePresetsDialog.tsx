import { ActionIcon, Button, Group, Modal, Stack, Text, TextInput, Tooltip } from '@mantine/core';
import { IconCheck, IconPencil, IconStar, IconStarFilled, IconTrash, IconX } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { FilterPreset } from '../../../api/types';
import { ErrorNotice } from '../../../components/ErrorNotice';
import { fieldErrors } from '../../../lib/errors';
import { usePresetMutations, usePresets } from '../presets';

interface Props {
  plural: string;
  onDeleted: (id: number) => void;
  onClose: () => void;
}

/** The saved filters of a type: rename, make the one the list opens with, delete. */
export function ManagePresetsDialog({ plural, onDeleted, onClose }: Props) {
  const { t } = useTranslation('items');
  const presets = usePresets(plural).data ?? [];
  const { update, remove } = usePresetMutations(plural);
  const [renaming, setRenaming] = useState<{ id: number; name: string } | null>(null);
  const [confirming, setConfirming] = useState<number | null>(null);
  const renameError = fieldErrors(update.error).name;
  const otherError = (update.error && !renameError ? update.error : null) ?? remove.error;

  const saveName = () => {
    if (!renaming || renaming.name.trim() === '') return;
    update.mutate({ id: renaming.id, name: renaming.name.trim() }, { onSuccess: () => setRenaming(null) });
  };

  return (
    <Modal closeButtonProps={{ 'aria-label': t('common:actions.close') }} opened onClose={onClose} title={t('presets.manageTitle')} size="lg">
      <Stack gap="xs">
        {presets.length === 0 && <Text c="dimmed">{t('presets.none')}</Text>}
        {presets.map((preset: FilterPreset) => (
          <Group key={preset.id} justify="space-between" wrap="nowrap" gap="xs" py={4} style={{ borderBottom: '1px solid var(--mantine-color-gray-2)' }}>
            {renaming?.id === preset.id ? (
              <TextInput
                size="xs"
                style={{ flex: 1 }}
                aria-label={t('presets.name')}
                value={renaming.name}
                maxLength={100}
                error={renameError}
                autoFocus
                onChange={(e) => setRenaming({ id: preset.id, name: e.currentTarget.value })}
                onKeyDown={(e) => {
                  if (e.key === 'Enter') saveName();
                  if (e.key === 'Escape') {
                    e.stopPropagation();
                    setRenaming(null);
                  }
                }}
              />
            ) : (
              <Text size="sm" style={{ flex: 1, minWidth: 0 }} truncate="end">
                {preset.name}
                {preset.isDefault && (
                  <Text span size="xs" c="dimmed">
                    {' '}
                    · {t('presets.default')}
                  </Text>
                )}
              </Text>
            )}
            {confirming === preset.id ? (
              <Group gap={6} wrap="nowrap">
                <Text size="sm">{t('presets.confirmDelete')}</Text>
                <Button size="compact-sm" color="red" loading={remove.isPending} onClick={() => remove.mutate(preset.id, { onSuccess: () => (setConfirming(null), onDeleted(preset.id)) })}>
                  {t('common:actions.delete')}
                </Button>
                <Button size="compact-sm" variant="default" onClick={() => setConfirming(null)}>
                  {t('common:actions.cancel')}
                </Button>
              </Group>
            ) : renaming?.id === preset.id ? (
              <Group gap={4} wrap="nowrap">
                <ActionIcon variant="subtle" aria-label={t('common:actions.save')} onClick={saveName} loading={update.isPending}>
                  <IconCheck size={16} aria-hidden />
                </ActionIcon>
                <ActionIcon variant="subtle" color="gray" aria-label={t('common:actions.cancel')} onClick={() => setRenaming(null)}>
                  <IconX size={16} aria-hidden />
                </ActionIcon>
              </Group>
            ) : (
              <Group gap={4} wrap="nowrap">
                <Tooltip label={preset.isDefault ? t('presets.unsetDefault') : t('presets.setDefault')}>
                  <ActionIcon
                    variant="subtle"
                    color={preset.isDefault ? 'yellow' : 'gray'}
                    aria-label={`${preset.isDefault ? t('presets.unsetDefault') : t('presets.setDefault')}: ${preset.name}`}
                    aria-pressed={preset.isDefault}
                    onClick={() => update.mutate({ id: preset.id, isDefault: !preset.isDefault })}
                  >
                    {preset.isDefault ? <IconStarFilled size={16} aria-hidden /> : <IconStar size={16} aria-hidden />}
                  </ActionIcon>
                </Tooltip>
                <Tooltip label={t('presets.rename')}>
                  <ActionIcon variant="subtle" color="gray" aria-label={`${t('presets.rename')}: ${preset.name}`} onClick={() => (update.reset(), setRenaming({ id: preset.id, name: preset.name }))}>
                    <IconPencil size={16} aria-hidden />
                  </ActionIcon>
                </Tooltip>
                <Tooltip label={t('common:actions.delete')}>
                  <ActionIcon variant="subtle" color="red" aria-label={`${t('common:actions.delete')}: ${preset.name}`} onClick={() => setConfirming(preset.id)}>
                    <IconTrash size={16} aria-hidden />
                  </ActionIcon>
                </Tooltip>
              </Group>
            )}
          </Group>
        ))}
        {otherError && <ErrorNotice error={otherError} />}
        <Group justify="flex-end" mt="xs">
          <Button variant="default" onClick={onClose}>
            {t('common:actions.close')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
