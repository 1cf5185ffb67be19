import { ActionIcon, Button, Checkbox, Group, Stack, Text, TextInput } from '@mantine/core';
import { IconPlus, IconX } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import classes from './Tasks.module.css';

export interface DraftEntry {
  /** The server's id of an entry that exists; a key of our own for a new one. */
  id?: number;
  key: string;
  text: string;
  done: boolean;
}

let nextKey = 0;
export const newEntry = (text: string, done = false, id?: number): DraftEntry => ({ id, key: id !== undefined ? `e${id}` : `n${++nextKey}`, text, done });

/** A checklist in a form: tick, rename or remove each entry; Enter in the last field adds one. */
export function ChecklistEditor({ value, onChange, error }: { value: DraftEntry[]; onChange: (value: DraftEntry[]) => void; error?: string }) {
  const { t } = useTranslation('tasks');
  const [draft, setDraft] = useState('');
  const add = () => {
    const text = draft.trim();
    if (!text) return;
    onChange([...value, newEntry(text)]);
    setDraft('');
  };
  const set = (key: string, changes: Partial<DraftEntry>) => onChange(value.map((entry) => (entry.key === key ? { ...entry, ...changes } : entry)));
  return (
    <Stack gap={6} role="group" aria-labelledby="checklist-label">
      <Text size="sm" fw={500} id="checklist-label">
        {t('form.checklist')}
      </Text>
      {value.map((entry, index) => (
        <div key={entry.key} className={classes.checklistRow}>
          <Checkbox checked={entry.done} onChange={(event) => set(entry.key, { done: event.currentTarget.checked })} aria-label={t('form.checklistDone', { number: index + 1 })} />
          <TextInput value={entry.text} onChange={(event) => set(entry.key, { text: event.currentTarget.value })} aria-label={t('form.checklistEntry', { number: index + 1 })} style={{ flex: 1 }} size="xs" maxLength={500} />
          <ActionIcon variant="subtle" color="gray" onClick={() => onChange(value.filter((other) => other.key !== entry.key))} aria-label={t('form.checklistRemove', { number: index + 1 })}>
            <IconX size={16} aria-hidden />
          </ActionIcon>
        </div>
      ))}
      <Group gap="xs" wrap="nowrap">
        <TextInput
          value={draft}
          onChange={(event) => setDraft(event.currentTarget.value)}
          onKeyDown={(event) => {
            if (event.key === 'Enter') {
              event.preventDefault();
              add();
            }
          }}
          placeholder={t('form.checklistNew')}
          aria-label={t('form.checklistNew')}
          style={{ flex: 1 }}
          size="xs"
          maxLength={500}
          error={error}
        />
        <Button size="xs" variant="default" leftSection={<IconPlus size={14} aria-hidden />} onClick={add} disabled={!draft.trim()}>
          {t('form.checklistAdd')}
        </Button>
      </Group>
    </Stack>
  );
}
