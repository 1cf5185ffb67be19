import { ActionIcon, Alert, Badge, Button, ColorSwatch, Group, Loader, Select, Text, Tooltip } from '@mantine/core';
import { IconPencil, IconPlus, IconTrash } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ReferenceValue } from '../../../api/types';
import { ValueDeleteModal } from '../../../components/ValueEditing/ValueDeleteModal';
import { ValueFormModal } from '../../../components/ValueEditing/ValueFormModal';
import { errorMessage } from '../../../lib/errors';
import { notifyError, notifySuccess } from '../../../lib/notify';
import { SortableRows } from './SortableRows';
import { useListValues } from './useListValues';

type Semantic = 'P' | 'S' | 'F';
// Shade 9 keeps the text of an outlined badge at AA contrast on white.
const semanticColors: Record<Semantic, string> = { P: 'blue.9', S: 'teal.9', F: 'red.9' };

export interface ValueListEditorProps {
  /** `/reference-lists/SOURCE` or `/pipelines/3/stages`. */
  path: string;
  queryKey: readonly unknown[];
  /** The list's name, for the list's label and the dialogs' titles. */
  listName: string;
  /** Statuses and stages: each value is in progress, a success or a failure. */
  hasSemantic: boolean;
  /** Values the system relies on: never deleted nor regrouped. */
  systemCodes?: readonly string[];
  addLabel?: string;
  addTitle?: string;
  deleteTitle?: string;
  /** What the delete dialog says of a value items use. */
  describeUse?: (name: string, count: number) => string;
}

type Dialog = { kind: 'add' } | { kind: 'edit'; value: ReferenceValue } | { kind: 'delete'; value: ReferenceValue };

/** The values of one list in order, with their colours and groups: add, rename, recolour, regroup, reorder and delete them. */
export function ValueListEditor({ path, queryKey, listName, hasSemantic, systemCodes = [], addLabel, addTitle, deleteTitle, describeUse }: ValueListEditorProps) {
  const { t } = useTranslation('settingsLists');
  const list = useListValues(path, queryKey);
  const [dialog, setDialog] = useState<Dialog | null>(null);
  const [semantic, setSemantic] = useState<Semantic>('P');
  const values = list.data ?? [];

  const open = (next: Dialog) => {
    setSemantic(next.kind === 'edit' ? ((next.value.semantic as Semantic | null) ?? 'P') : 'P');
    setDialog(next);
  };
  const reorder = (codes: string[]) => void list.reorder(codes).catch((error: unknown) => notifyError(t('reorderFailed'), errorMessage(error, t)));

  if (list.isPending) return <Loader size="sm" aria-label={t('values', { list: listName })} />;
  if (list.isError) return <Alert color="red">{errorMessage(list.error, t)}</Alert>;

  const semanticSelect = hasSemantic && (
    <Select
      label={t('semantic')}
      description={t('semanticHint')}
      data={(['P', 'S', 'F'] as const).map((value) => ({ value, label: t(`semantics.${value}`) }))}
      value={semantic}
      onChange={(value) => value && setSemantic(value as Semantic)}
      allowDeselect={false}
      disabled={dialog?.kind === 'edit' && systemCodes.includes(dialog.value.code)}
      comboboxProps={{ withinPortal: true }}
    />
  );

  return (
    <>
      <SortableRows rows={values} idOf={(value) => value.code} nameOf={(value) => value.name} label={t('values', { list: listName })} onReorder={reorder}>
        {(value) => (
          <>
            {value.color ? <ColorSwatch color={value.color} size={18} style={{ flex: 'none' }} aria-hidden /> : <ColorSwatch color="transparent" size={18} style={{ flex: 'none' }} aria-hidden />}
            {/* On a phone the group's badge goes under the name rather than squeezing it. */}
            <Group gap={6} wrap="wrap" style={{ flex: 1, minWidth: 0 }}>
              <Text size="sm" style={{ overflowWrap: 'break-word', minWidth: 0 }}>
                {value.name}
              </Text>
              {hasSemantic && value.semantic && (
                <Badge variant="outline" color={semanticColors[value.semantic]} style={{ flex: 'none' }}>
                  {t(`semantics.${value.semantic}`)}
                </Badge>
              )}
            </Group>
            <Text size="xs" c="dimmed" visibleFrom="sm" style={{ flex: 'none' }} aria-label={t('code', { code: value.code })}>
              {value.code}
            </Text>
            <Group gap={2} wrap="nowrap" style={{ flex: 'none' }}>
              <Tooltip label={t('edit', { name: value.name })}>
                <ActionIcon variant="subtle" color="gray" aria-label={t('edit', { name: value.name })} onClick={() => open({ kind: 'edit', value })}>
                  <IconPencil size={16} aria-hidden />
                </ActionIcon>
              </Tooltip>
              <Tooltip label={systemCodes.includes(value.code) ? t('system') : t('delete', { name: value.name })}>
                <ActionIcon
                  variant="subtle"
                  color="red"
                  aria-label={t('delete', { name: value.name })}
                  aria-disabled={systemCodes.includes(value.code) || values.length === 1}
                  data-disabled={systemCodes.includes(value.code) || values.length === 1 || undefined}
                  onClick={() => !systemCodes.includes(value.code) && values.length > 1 && open({ kind: 'delete', value })}
                >
                  <IconTrash size={16} aria-hidden />
                </ActionIcon>
              </Tooltip>
            </Group>
          </>
        )}
      </SortableRows>
      <Group mt="sm">
        <Button variant="light" leftSection={<IconPlus size={16} aria-hidden />} onClick={() => open({ kind: 'add' })}>
          {addLabel ?? t('add')}
        </Button>
      </Group>

      {dialog?.kind === 'add' && (
        <ValueFormModal
          title={addTitle ?? t('addTitle', { list: listName })}
          initial={{ name: '', color: null }}
          onSubmit={async (input) => {
            const created = await list.add({ ...input, ...(hasSemantic ? { semantic } : {}) });
            notifySuccess(t('added', { name: created.name }));
          }}
          onClose={() => setDialog(null)}
        >
          {semanticSelect}
        </ValueFormModal>
      )}
      {dialog?.kind === 'edit' && (
        <ValueFormModal
          title={t('editTitle', { name: dialog.value.name })}
          initial={{ name: dialog.value.name, color: dialog.value.color }}
          onSubmit={async (input) => {
            await list.update(dialog.value, { ...input, ...(hasSemantic ? { semantic } : {}) });
            notifySuccess(t('saved'));
          }}
          onClose={() => setDialog(null)}
        >
          {semanticSelect}
        </ValueFormModal>
      )}
      {dialog?.kind === 'delete' && (
        <ValueDeleteModal
          title={deleteTitle ?? t('deleteTitle')}
          value={{ id: dialog.value.code, name: dialog.value.name }}
          count={0}
          others={values.filter((v) => v.code !== dialog.value.code).map((v) => ({ id: v.code, name: v.name, semantic: v.semantic }))}
          describeUse={(count) => (describeUse ? describeUse(dialog.value.name, count) : t('inUse', { name: dialog.value.name, count }))}
          onDelete={async (replaceWith) => {
            await list.remove(dialog.value.code, replaceWith);
            notifySuccess(t('deleted', { name: dialog.value.name }));
          }}
          onClose={() => setDialog(null)}
        />
      )}
    </>
  );
}
