import { Button, Checkbox, Group, Modal, Stack, TextInput } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { FilterPreset, FilterTerm } from '../../../api/types';
import { ErrorNotice } from '../../../components/ErrorNotice';
import { fieldErrors } from '../../../lib/errors';
import { usePresetMutations } from '../presets';

interface Props {
  plural: string;
  filter: FilterTerm[];
  search: string | undefined;
  onSaved: (preset: FilterPreset) => void;
  onClose: () => void;
}

/** "Save current filter as…": a name, and whether the list opens with it. */
export function SavePresetDialog({ plural, filter, search, onSaved, onClose }: Props) {
  const { t } = useTranslation('items');
  const { create } = usePresetMutations(plural);
  const [name, setName] = useState('');
  const [isDefault, setIsDefault] = useState(false);
  const errors = fieldErrors(create.error);
  const shownElsewhere = create.error && !errors.name ? create.error : null;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate({ name: name.trim(), filter, search: search?.trim() || null, isDefault }, { onSuccess: onSaved });
  };

  return (
    <Modal closeButtonProps={{ 'aria-label': t('common:actions.close') }} opened onClose={onClose} title={t('presets.saveTitle')}>
      <form onSubmit={submit}>
        <Stack gap="sm">
          <TextInput label={t('presets.name')} required maxLength={100} value={name} onChange={(e) => setName(e.currentTarget.value)} error={errors.name} data-autofocus />
          <Checkbox label={t('presets.makeDefault')} checked={isDefault} onChange={(e) => setIsDefault(e.currentTarget.checked)} />
          {shownElsewhere && <ErrorNotice error={shownElsewhere} />}
          <Group justify="flex-end" gap="xs">
            <Button variant="default" onClick={onClose}>
              {t('common:actions.cancel')}
            </Button>
            <Button type="submit" loading={create.isPending} disabled={name.trim() === ''}>
              {t('common:actions.save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
