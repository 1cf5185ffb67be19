import { ActionIcon, Alert, Button, Checkbox, Group, Select, Stack, Text, TextInput, Tooltip } from '@mantine/core';
import { IconArrowDown, IconArrowUp, IconPlus, IconTrash } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../../api/client';
import { errorMessage } from '../../../lib/errors';
import type { DraftOption } from './field-form';

export interface EnumValuesActions {
  add: (value: string) => Promise<void> | void;
  rename: (key: string, value: string) => Promise<void> | void;
  move: (key: string, offset: -1 | 1) => Promise<void> | void;
  setDefault: (key: string, isDefault: boolean) => Promise<void> | void;
  /** Deletes a value; a value items hold needs `replaceWith` (the API answers CONFLICT with the count without it). */
  remove: (key: string, replaceWith?: string) => Promise<void> | void;
}

interface Props {
  values: DraftOption[];
  actions: EnumValuesActions;
  /** Problems the API found in the values, by index (`0.value`) or for the whole list (''). */
  errors?: Record<string, string>;
}

interface Replacing {
  key: string;
  count: number;
  target: string | null;
}

/**
 * The values of an enumeration: add, rename (on leaving the input or Enter), move up and down, mark defaults, and
 * delete; deleting a value items hold asks where they go, saying how many.
 */
export function EnumValuesEditor({ values, actions, errors = {} }: Props) {
  const { t } = useTranslation('settingsFields');
  const [adding, setAdding] = useState('');
  const [drafts, setDrafts] = useState<Record<string, string>>({});
  const [problems, setProblems] = useState<Record<string, string>>({});
  const [replacing, setReplacing] = useState<Replacing | null>(null);
  const [busy, setBusy] = useState(false);

  const run = async (key: string, action: () => Promise<void> | void): Promise<boolean> => {
    setBusy(true);
    try {
      await action();
      setProblems((all) => ({ ...all, [key]: '' }));
      return true;
    } catch (error) {
      setProblems((all) => ({ ...all, [key]: errorMessage(error, t) }));
      return false;
    } finally {
      setBusy(false);
    }
  };

  const add = async () => {
    const value = adding.trim();
    if (!value) return;
    if (await run('new', () => actions.add(value))) setAdding('');
  };
  const rename = (option: DraftOption) => {
    const draft = drafts[option.key];
    if (draft === undefined || draft.trim() === option.value) return;
    if (!draft.trim()) {
      setDrafts((all) => ({ ...all, [option.key]: option.value }));
      return;
    }
    void run(option.key, () => actions.rename(option.key, draft.trim()));
  };
  const remove = async (option: DraftOption, replaceWith?: string) => {
    setBusy(true);
    try {
      await actions.remove(option.key, replaceWith);
      setReplacing(null);
      setProblems((all) => ({ ...all, [option.key]: '' }));
    } catch (error) {
      // CONFLICT inUse names how many items hold the value (details.usedBy).
      const count = error instanceof ApiError && error.reason === 'inUse' ? Number((error.details as { usedBy?: number }).usedBy ?? 0) : 0;
      if (count > 0 && !replaceWith) setReplacing({ key: option.key, count, target: null });
      else setProblems((all) => ({ ...all, [option.key]: errorMessage(error, t) }));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Stack gap="xs">
      {values.length === 0 && (
        <Text size="sm" c="dimmed">
          {t('values.none')}
        </Text>
      )}
      <Stack gap={6} role="list" aria-label={t('values.title')}>
        {values.map((option, index) => (
          <Stack key={option.key} gap={4} role="listitem">
            <Group gap={6} wrap="nowrap" align="flex-start">
              <TextInput
                style={{ flex: 1, minWidth: 0 }}
                aria-label={t('values.value', { position: index + 1 })}
                value={drafts[option.key] ?? option.value}
                onChange={(event) => {
                  const text = event.currentTarget.value;
                  setDrafts((all) => ({ ...all, [option.key]: text }));
                }}
                onBlur={() => rename(option)}
                onKeyDown={(event) => {
                  if (event.key === 'Enter') {
                    event.preventDefault();
                    rename(option);
                  }
                }}
                error={problems[option.key] || errors[`${index}.value`] || undefined}
              />
              <Checkbox mt={8} size="xs" label={t('values.default')} checked={option.isDefault} disabled={busy} onChange={(event) => void run(option.key, () => actions.setDefault(option.key, event.currentTarget.checked))} />
              <Tooltip label={t('values.up')}>
                <ActionIcon mt={4} variant="subtle" color="gray" aria-label={t('values.upNamed', { value: option.value })} disabled={busy || index === 0} onClick={() => void run(option.key, () => actions.move(option.key, -1))}>
                  <IconArrowUp size={16} aria-hidden />
                </ActionIcon>
              </Tooltip>
              <Tooltip label={t('values.down')}>
                <ActionIcon mt={4} variant="subtle" color="gray" aria-label={t('values.downNamed', { value: option.value })} disabled={busy || index === values.length - 1} onClick={() => void run(option.key, () => actions.move(option.key, 1))}>
                  <IconArrowDown size={16} aria-hidden />
                </ActionIcon>
              </Tooltip>
              <Tooltip label={t('values.delete')}>
                <ActionIcon mt={4} variant="subtle" color="red" c="red.9" aria-label={t('values.deleteNamed', { value: option.value })} disabled={busy} onClick={() => void remove(option)}>
                  <IconTrash size={16} aria-hidden />
                </ActionIcon>
              </Tooltip>
            </Group>
            {replacing?.key === option.key && (
              <Alert color="orange" p="xs" role="alert">
                <Stack gap="xs">
                  <Text size="sm">{t('values.inUse', { count: replacing.count, value: option.value })}</Text>
                  <Select
                    label={t('values.replaceWith')}
                    data={values.filter((other) => other.key !== option.key).map((other) => ({ value: other.key, label: other.value }))}
                    value={replacing.target}
                    onChange={(target) => setReplacing({ ...replacing, target })}
                    comboboxProps={{ withinPortal: true }}
                  />
                  <Group gap="xs" justify="flex-end">
                    <Button variant="default" size="xs" onClick={() => setReplacing(null)}>
                      {t('common:actions.cancel')}
                    </Button>
                    <Button color="red.9" size="xs" disabled={!replacing.target} loading={busy} onClick={() => void remove(option, replacing.target ?? undefined)}>
                      {t('values.deleteAndMove')}
                    </Button>
                  </Group>
                </Stack>
              </Alert>
            )}
          </Stack>
        ))}
      </Stack>
      <Group gap={6} wrap="nowrap" align="flex-start">
        <TextInput
          style={{ flex: 1, minWidth: 0 }}
          aria-label={t('values.new')}
          placeholder={t('values.new')}
          value={adding}
          onChange={(event) => setAdding(event.currentTarget.value)}
          onKeyDown={(event) => {
            if (event.key === 'Enter') {
              event.preventDefault();
              void add();
            }
          }}
          error={problems.new || errors[''] || undefined}
        />
        <Button variant="light" leftSection={<IconPlus size={16} aria-hidden />} onClick={() => void add()} disabled={!adding.trim() || busy}>
          {t('values.add')}
        </Button>
      </Group>
    </Stack>
  );
}
