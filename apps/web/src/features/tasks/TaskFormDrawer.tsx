import { Alert, Button, Drawer, Group, Select, Stack, Textarea, TextInput, Title } from '@mantine/core';
import { DateTimePicker } from '@mantine/dates';
import { useMediaQuery } from '@mantine/hooks';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client';
import { useMe } from '../../api/hooks';
import type { Locale } from '../../api/types';
import { UserPicker } from '../../components/fields/UserPicker';
import { errorMessage, fieldErrors } from '../../lib/errors';
import { notifySuccess } from '../../lib/notify';
import type { ItemRef } from '../activities/api';
import { taskStatuses, useCreateTask, useUpdateTask, type Task, type TaskInput, type TaskStatus } from './api';
import { ChecklistEditor, newEntry, type DraftEntry } from './ChecklistEditor';
import { ItemSearchPicker } from './ItemSearchPicker';

interface Draft {
  title: string;
  description: string;
  status: TaskStatus;
  deadline: string | null;
  responsibleId: number | null;
  coworkerIds: number[];
  observerIds: number[];
  checklist: DraftEntry[];
  items: ItemRef[];
}

function draftOf(task: Task | null, meId: number, items: ItemRef[]): Draft {
  if (!task) return { title: '', description: '', status: 'new', deadline: null, responsibleId: meId, coworkerIds: [], observerIds: [], checklist: [], items };
  return {
    title: task.title,
    description: task.description ?? '',
    status: task.status,
    deadline: task.deadline,
    responsibleId: task.responsibleId,
    coworkerIds: task.coworkerIds,
    observerIds: task.observerIds,
    checklist: task.checklist.map((entry) => newEntry(entry.text, entry.done, entry.id)),
    items: task.items,
  };
}

/** What the form sends: the whole task (the checklist replaces the old one; entries keep their ids). */
export function inputOf(draft: Draft): TaskInput {
  return {
    title: draft.title.trim(),
    description: draft.description.trim() || null,
    status: draft.status,
    deadline: draft.deadline,
    responsibleId: draft.responsibleId!,
    coworkerIds: draft.coworkerIds,
    observerIds: draft.observerIds,
    checklist: draft.checklist.filter((entry) => entry.text.trim() !== '').map((entry) => ({ ...(entry.id !== undefined ? { id: entry.id } : {}), text: entry.text.trim(), done: entry.done })),
    items: draft.items.map((item) => ({ type: item.type, id: item.id })),
  };
}

interface Props {
  opened: boolean;
  onClose: () => void;
  /** The task to edit; none: a new one. */
  task?: Task | null;
  /** A new task's linked items from where it was started (a card). */
  items?: ItemRef[];
  onSaved?: (task: Task) => void;
}

/** Creates or edits a task in a drawer: people, deadline, status, checklist, linked CRM items. */
export function TaskFormDrawer({ opened, onClose, task = null, items = [], onSaved }: Props) {
  const { t } = useTranslation('tasks');
  const phone = useMediaQuery('(max-width: 36em)');
  return (
    <Drawer opened={opened} onClose={onClose} position="right" size={phone ? '100%' : 'lg'} title={<Title order={2} size="h4">{task ? t('form.titleEdit') : t('form.titleNew')}</Title>} closeButtonProps={{ 'aria-label': t('common:actions.close') }}>
      {opened && <TaskForm key={task?.id ?? 'new'} task={task} items={items} onClose={onClose} onSaved={onSaved} />}
    </Drawer>
  );
}

function TaskForm({ task, items, onClose, onSaved }: { task: Task | null; items: ItemRef[]; onClose: () => void; onSaved?: (task: Task) => void }) {
  const { t, i18n } = useTranslation('tasks');
  const locale = i18n.language as Locale;
  const me = useMe().data!;
  const [draft, setDraft] = useState<Draft>(() => draftOf(task, me.id, items));
  const [titleMissing, setTitleMissing] = useState(false);
  const create = useCreateTask();
  const update = useUpdateTask();
  const saving = create.isPending || update.isPending;
  const error = create.error ?? update.error;
  const problems = fieldErrors(error);
  const set = (changes: Partial<Draft>) => setDraft((current) => ({ ...current, ...changes }));

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!draft.title.trim()) {
      setTitleMissing(true);
      return;
    }
    const input = inputOf(draft);
    try {
      const saved = task ? await update.mutateAsync({ id: task.id, patch: { ...input, version: task.version } }) : await create.mutateAsync(input);
      notifySuccess(task ? t('form.saved') : t('form.created'));
      onSaved?.(saved);
      onClose();
    } catch {
      // Shown in the form.
    }
  };

  const conflict = error instanceof ApiError && error.code === 'VERSION_CONFLICT';
  const generalError = error && !conflict && Object.keys(problems).length === 0;
  return (
    <form onSubmit={(event) => void submit(event)} noValidate>
      <Stack gap="sm">
        <TextInput
          label={t('form.title')}
          placeholder={t('form.titlePlaceholder')}
          value={draft.title}
          onChange={(event) => {
            set({ title: event.currentTarget.value });
            setTitleMissing(false);
          }}
          required
          maxLength={255}
          error={titleMissing ? t('form.titleRequired') : problems.title}
          data-autofocus
        />
        <Textarea label={t('form.description')} value={draft.description} onChange={(event) => set({ description: event.currentTarget.value })} autosize minRows={3} maxRows={10} error={problems.description} />
        <Group grow align="flex-start" wrap="wrap" gap="sm">
          <UserPicker label={t('form.responsible')} value={draft.responsibleId} onChange={(value) => set({ responsibleId: typeof value === 'number' ? value : me.id })} required error={problems.responsibleId} />
          <DateTimePicker
            label={t('form.deadline')}
            value={draft.deadline ? new Date(draft.deadline) : null}
            onChange={(value) => set({ deadline: value ? new Date(value.replace(' ', 'T')).toISOString() : null })}
            valueFormat={locale === 'pt-BR' ? 'DD/MM/YYYY HH:mm' : 'MM/DD/YYYY hh:mm A'}
            clearable
            clearButtonProps={{ 'aria-label': t('common:actions.clear') }}
            popoverProps={{ withinPortal: true }}
            error={problems.deadline}
            miw={200}
          />
        </Group>
        <UserPicker label={t('form.coworkers')} value={draft.coworkerIds} onChange={(value) => set({ coworkerIds: Array.isArray(value) ? value : [] })} multiple error={problems.coworkerIds} />
        <UserPicker label={t('form.observers')} value={draft.observerIds} onChange={(value) => set({ observerIds: Array.isArray(value) ? value : [] })} multiple error={problems.observerIds} />
        <Select
          label={t('form.status')}
          data={taskStatuses.map((status) => ({ value: status, label: t(`status.${status}`) }))}
          value={draft.status}
          onChange={(value) => value && set({ status: value as TaskStatus })}
          allowDeselect={false}
          comboboxProps={{ withinPortal: true }}
          error={problems.status}
        />
        <ChecklistEditor value={draft.checklist} onChange={(checklist) => set({ checklist })} error={Object.entries(problems).find(([field]) => field.startsWith('checklist'))?.[1]} />
        <ItemSearchPicker label={t('form.items')} description={t('form.itemsHint')} value={draft.items} onChange={(value) => set({ items: value })} multiple error={Object.entries(problems).find(([field]) => field.startsWith('items'))?.[1]} />
        {conflict && (
          <Alert color="yellow" role="alert">
            {t('form.conflict')}
          </Alert>
        )}
        {generalError && (
          <Alert color="red" role="alert" title={t('form.failed')}>
            {errorMessage(error, t)}
          </Alert>
        )}
        <Group justify="flex-end" gap="sm" mt="xs">
          <Button variant="default" onClick={onClose}>
            {t('common:actions.cancel')}
          </Button>
          <Button type="submit" loading={saving}>
            {task ? t('form.save') : t('form.create')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
