import { Button, Menu, Text } from '@mantine/core';
import { IconCheck, IconChevronDown, IconDeviceFloppy, IconFilter, IconSettings, IconStarFilled } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { FilterPreset, FilterTerm } from '../../../api/types';
import { sameFilter, usePresetMutations, usePresets } from '../presets';
import { ManagePresetsDialog } from './ManagePresetsDialog';
import { SavePresetDialog } from './SavePresetDialog';

interface Props {
  plural: string;
  filter: FilterTerm[];
  search: string | undefined;
  presetId: number | undefined;
  onApply: (preset: FilterPreset) => void;
  /** A preset was saved from the filter on screen (or deleted: undefined). */
  onMark: (presetId: number | undefined) => void;
}

/** The saved filters ("Meus negócios em andamento"…): apply one, save the filter on screen as one, manage them. */
export function PresetsMenu({ plural, filter, search, presetId, onApply, onMark }: Props) {
  const { t } = useTranslation('items');
  const presets = usePresets(plural).data ?? [];
  const { update } = usePresetMutations(plural);
  const [dialog, setDialog] = useState<'save' | 'manage' | null>(null);
  const active = presets.find((p) => p.id === presetId);
  const changed = active ? !sameFilter(active, filter, search) : false;
  const hasFilter = filter.length > 0 || Boolean(search?.trim());
  const shownName = active ? `${active.name}${changed ? ` ${t('presets.changedMark')}` : ''}` : t('presets.button');

  return (
    <>
      <Menu position="bottom-start" shadow="md" width={300} withinPortal>
        <Menu.Target>
          <Button
            variant={active ? 'light' : 'default'}
            size="sm"
            leftSection={<IconFilter size={16} aria-hidden />}
            rightSection={<IconChevronDown size={14} aria-hidden />}
            aria-label={active ? `${t('presets.button')}: ${shownName}` : undefined}
            maw={{ base: '100%', sm: 280 }}
          >
            <Text span size="sm" truncate="end" inherit>
              {shownName}
            </Text>
          </Button>
        </Menu.Target>
        <Menu.Dropdown>
          <Menu.Label>{t('presets.saved')}</Menu.Label>
          {presets.length === 0 && <Menu.Item disabled>{t('presets.none')}</Menu.Item>}
          {presets.map((preset) => (
            <Menu.Item
              key={preset.id}
              onClick={() => onApply(preset)}
              leftSection={preset.id === presetId ? <IconCheck size={14} aria-hidden /> : <span style={{ width: 14, display: 'inline-block' }} />}
              rightSection={preset.isDefault ? <IconStarFilled size={12} color="var(--mantine-color-yellow-6)" aria-label={t('presets.default')} /> : null}
            >
              {preset.name}
            </Menu.Item>
          ))}
          <Menu.Divider />
          {active && changed && (
            <Menu.Item leftSection={<IconDeviceFloppy size={14} aria-hidden />} onClick={() => update.mutate({ id: active.id, filter, search: search?.trim() || null })}>
              {t('presets.update', { name: active.name })}
            </Menu.Item>
          )}
          <Menu.Item leftSection={<IconDeviceFloppy size={14} aria-hidden />} disabled={!hasFilter} onClick={() => setDialog('save')}>
            {t('presets.saveAs')}
          </Menu.Item>
          <Menu.Item leftSection={<IconSettings size={14} aria-hidden />} onClick={() => setDialog('manage')}>
            {t('presets.manage')}
          </Menu.Item>
        </Menu.Dropdown>
      </Menu>
      {dialog === 'save' && (
        <SavePresetDialog
          plural={plural}
          filter={filter}
          search={search}
          onClose={() => setDialog(null)}
          onSaved={(preset) => {
            setDialog(null);
            onMark(preset.id);
          }}
        />
      )}
      {dialog === 'manage' && <ManagePresetsDialog plural={plural} onClose={() => setDialog(null)} onDeleted={(id) => id === presetId && onMark(undefined)} />}
    </>
  );
}
