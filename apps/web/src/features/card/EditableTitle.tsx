import { ActionIcon, Box, Button, Group, Stack, TextInput, Title, Tooltip } from '@mantine/core';
import { IconPencil } from '@tabler/icons-react';
import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { FieldMeta, Item, TypeMeta } from '../../api/types';
import { itemTitle } from '../../api/titles';
import { problemsAt } from './field-problems';
import { SaveProblems } from './SaveProblems';
import { useInlineSave } from './useInlineSave';

interface Props {
  type: TypeMeta;
  item: Item;
  /** The title fields the user may change (a deal's title; a contact's first and last name). */
  fields: FieldMeta[];
}

/** The card's heading, edited in place: one input per title field, Enter saves, Escape cancels. */
export function EditableTitle({ type, item, fields }: Props) {
  const { t } = useTranslation('card');
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState<Record<string, string>>({});
  const saver = useInlineSave(type.plural, item);
  const pencil = useRef<HTMLButtonElement>(null);
  const wasEditing = useRef(false);
  const title = itemTitle(type, item);

  useEffect(() => {
    if (wasEditing.current && !editing) pencil.current?.focus();
    wasEditing.current = editing;
  }, [editing]);

  const start = () => {
    setDraft(Object.fromEntries(fields.map((field) => [field.name, typeof item[field.name] === 'string' ? (item[field.name] as string) : ''])));
    saver.begin();
    setEditing(true);
  };
  const cancel = () => {
    saver.reset();
    setEditing(false);
  };
  const submit = async () => {
    const changed = Object.fromEntries(fields.filter((field) => (draft[field.name] ?? '') !== (item[field.name] ?? '')).map((field) => [field.name, draft[field.name].trim() === '' ? null : draft[field.name]]));
    if (Object.keys(changed).length === 0) return cancel();
    if (await saver.save(changed)) setEditing(false);
  };
  const onKey = (event: KeyboardEvent) => {
    if (event.key === 'Escape') {
      event.stopPropagation();
      cancel();
    }
  };

  if (editing) {
    return (
      <Box component="form" onSubmit={(event) => (event.preventDefault(), void submit())} onKeyDown={onKey} noValidate maw={720}>
        <Stack gap="xs">
          <Group gap="xs" align="flex-start" grow>
            {fields.map((field, index) => (
              <TextInput
                key={field.name}
                label={fields.length > 1 ? field.label : undefined}
                aria-label={fields.length > 1 ? undefined : field.label}
                value={draft[field.name] ?? ''}
                onChange={(event) => setDraft((current) => ({ ...current, [field.name]: event.currentTarget.value }))}
                error={problemsAt(saver.problem, field).error}
                required={field.required}
                maxLength={field.maxLength ?? undefined}
                autoFocus={index === 0}
                size="md"
              />
            ))}
          </Group>
          <SaveProblems saver={saver} shown={fields.map((field) => field.name)} />
          <Group gap="xs">
            <Button type="submit" size="xs" loading={saver.saving}>
              {t('common:actions.save')}
            </Button>
            <Button size="xs" variant="default" onClick={cancel} disabled={saver.saving}>
              {t('common:actions.cancel')}
            </Button>
          </Group>
        </Stack>
      </Box>
    );
  }

  return (
    <Group gap={6} wrap="nowrap" align="center">
      <Title order={1} size="h3" style={{ overflowWrap: 'anywhere', cursor: fields.length > 0 ? 'pointer' : undefined }} onClick={fields.length > 0 ? start : undefined}>
        {title}
      </Title>
      {fields.length > 0 && (
        <Tooltip label={t('title.edit')}>
          <ActionIcon ref={pencil} variant="subtle" color="gray" aria-label={t('title.edit')} onClick={start}>
            <IconPencil size={16} aria-hidden />
          </ActionIcon>
        </Tooltip>
      )}
    </Group>
  );
}
