import { ActionIcon, Box, Button, Group, Stack, Text, Tooltip } from '@mantine/core';
import { IconPencil } from '@tabler/icons-react';
import { useEffect, useId, useRef, useState, type KeyboardEvent, type MouseEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { FieldMeta, Item, TypeMeta } from '../../api/types';
import { CardFieldInput } from './CardFieldInput';
import { CardFieldValue } from './CardFieldValue';
import classes from './EditableField.module.css';
import { problemsAt } from './field-problems';
import { fromDraft, sameValue, toDraft } from './field-values';
import { SaveProblems } from './SaveProblems';
import { useInlineSave } from './useInlineSave';

interface Props {
  type: TypeMeta;
  field: FieldMeta;
  item: Item;
  /** Whether the user may change it here (not read-only, not fixed, the role allows updates). */
  editable: boolean;
}

/**
 * One field of the card: its label and value; click it (or its pencil, or Enter on the pencil) to edit it in place
 * with the input of its type, then Save or Cancel (Escape). The API's message shows at the field; a conflict offers a
 * reload that keeps the draft.
 */
export function EditableField({ type, field, item, editable }: Props) {
  const { t } = useTranslation('card');
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState<unknown>(null);
  const saver = useInlineSave(type.plural, item);
  const pencil = useRef<HTMLButtonElement>(null);
  const wasEditing = useRef(false);
  const labelId = useId();
  const value = item[field.name];

  useEffect(() => {
    // Back to the pencil when the editor closes, so the keyboard stays where it was.
    if (wasEditing.current && !editing) pencil.current?.focus();
    wasEditing.current = editing;
  }, [editing]);

  const start = () => {
    setDraft(toDraft(field, value));
    saver.begin();
    setEditing(true);
  };
  const cancel = () => {
    saver.reset();
    setEditing(false);
  };
  const submit = async () => {
    if (sameValue(field, value, draft)) return cancel();
    if (await saver.save({ [field.name]: fromDraft(field, draft) })) setEditing(false);
  };

  const onValueClick = (event: MouseEvent<HTMLDivElement>) => {
    // Links inside the value (a phone, a company) keep working; a click anywhere else edits.
    if ((event.target as HTMLElement).closest('a, button, input')) return;
    if (editable) start();
  };

  const onEditorKey = (event: KeyboardEvent<HTMLFormElement>) => {
    if (event.key !== 'Escape') return;
    // Escape first closes an open dropdown (a select, a date picker); only then it cancels the edit.
    if ((event.target as HTMLElement).getAttribute('aria-expanded') === 'true') return;
    event.stopPropagation();
    cancel();
  };

  if (editing) {
    const problems = problemsAt(saver.problem, field);
    return (
      <Box component="form" className={classes.editor} onSubmit={(event) => (event.preventDefault(), void submit())} onKeyDown={onEditorKey} noValidate>
        <Stack gap="xs">
          <CardFieldInput type={type} field={field} value={draft} onChange={setDraft} item={{ ...item, [field.name]: draft }} error={problems.error} errors={problems.errors} autoFocus />
          <SaveProblems saver={saver} shown={[field.name]} />
          {saver.reloaded && (
            <Group gap={6} className={classes.reloaded}>
              <Text size="xs" c="dimmed">
                {t('conflict.reloaded')}
              </Text>
              <CardFieldValue type={type} field={field} value={value} item={item} />
            </Group>
          )}
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
    <div className={classes.field} data-editable={editable || undefined}>
      <Text size="xs" c="dimmed" id={labelId} className={classes.label}>
        {field.label}
      </Text>
      <Group gap={4} wrap="nowrap" align="flex-start" justify="space-between">
        <div className={classes.value} onClick={onValueClick} aria-labelledby={labelId} role="group">
          <CardFieldValue type={type} field={field} value={value} item={item} />
        </div>
        {editable ? (
          <Tooltip label={t('field.edit', { field: field.label })}>
            <ActionIcon ref={pencil} variant="subtle" color="gray" size="sm" aria-label={t('field.edit', { field: field.label })} onClick={start} className={classes.pencil}>
              <IconPencil size={14} aria-hidden />
            </ActionIcon>
          </Tooltip>
        ) : null}
      </Group>
    </div>
  );
}
