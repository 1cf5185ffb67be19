import { ActionIcon, Badge, Button, Group, Paper, Stack, Text, Tooltip } from '@mantine/core';
import { IconPencil, IconPlus, IconTrash } from '@tabler/icons-react';
import { useParams } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorNotice } from '../../../components/ErrorNotice';
import { PageLoader } from '../../../components/PageLoader';
import { DeleteFieldDialog } from './DeleteFieldDialog';
import { useCustomFields, type CustomField } from './field-api';
import { FieldFormModal } from './FieldFormModal';

/** The custom fields of one item type: each with its type, code and options; create, edit and delete. */
export function CustomFieldsPage() {
  const { t } = useTranslation('settingsFields');
  const { type: plural } = useParams({ from: '/app/settings/fields/$type' });
  const fields = useCustomFields(plural);
  const [editing, setEditing] = useState<CustomField | 'new' | null>(null);
  const [deleting, setDeleting] = useState<CustomField | null>(null);
  // The modal edits the field as the list has it now (values change while it is open).
  const edited = editing === 'new' || editing === null ? undefined : (fields.data?.find((field) => field.name === editing.name) ?? editing);

  return (
    <Stack gap="sm">
      <Group justify="space-between" gap="xs">
        <Text size="sm" c="dimmed" style={{ flex: '1 1 16rem' }}>
          {t('list.intro', { type: t(`common:types.${plural}`) })}
        </Text>
        <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={() => setEditing('new')}>
          {t('list.create')}
        </Button>
      </Group>
      {fields.isPending ? (
        <PageLoader />
      ) : fields.error ? (
        <ErrorNotice error={fields.error} onRetry={() => void fields.refetch()} />
      ) : fields.data.length === 0 ? (
        <Paper withBorder radius="md" p="lg">
          <Text size="sm" c="dimmed" ta="center">
            {t('list.empty')}
          </Text>
        </Paper>
      ) : (
        <Stack gap="xs" role="list" aria-label={t('list.title')}>
          {[...fields.data]
            .sort((a, b) => a.sort - b.sort || a.label.localeCompare(b.label))
            .map((field) => (
              <FieldRow key={field.name} field={field} onEdit={() => setEditing(field)} onDelete={() => setDeleting(field)} />
            ))}
        </Stack>
      )}
      <FieldFormModal plural={plural} field={edited} opened={editing !== null} onClose={() => setEditing(null)} />
      <DeleteFieldDialog plural={plural} field={deleting} onClose={() => setDeleting(null)} />
    </Stack>
  );
}

function FieldRow({ field, onEdit, onDelete }: { field: CustomField; onEdit: () => void; onDelete: () => void }) {
  const { t } = useTranslation('settingsFields');
  const flags = (['required', 'multiple', 'showInList', 'filterable', 'sortable'] as const).filter((flag) => field[flag]);
  const values = field.options?.map((option) => option.value) ?? [];
  return (
    <Paper withBorder radius="md" p="sm" role="listitem" aria-label={field.label}>
      <Group justify="space-between" align="flex-start" wrap="nowrap" gap="xs">
        <Stack gap={4} style={{ minWidth: 0, flex: 1 }}>
          <Group gap="xs" wrap="wrap">
            <Text fw={600} size="sm" style={{ overflowWrap: 'anywhere' }}>
              {field.label}
            </Text>
            <Badge variant="outline" radius="sm" color="brand.8" tt="none">
              {t(`types.${field.type}`)}
              {field.type === 'item' && field.settings.itemType ? ` · ${t(`common:types.${field.settings.itemType}`)}` : ''}
            </Badge>
          </Group>
          <Text size="xs" c="dimmed" style={{ overflowWrap: 'anywhere' }}>
            {field.name} · {field.labelEn}
          </Text>
          {values.length > 0 && (
            <Text size="xs" style={{ overflowWrap: 'anywhere' }}>
              {t('list.values', { values: values.join(', ') })}
            </Text>
          )}
          {flags.length > 0 && (
            <Group gap={4}>
              {flags.map((flag) => (
                <Badge key={flag} variant="outline" color="gray" c="gray.8" radius="sm" size="sm" tt="none">
                  {t(`flags.${flag}`)}
                </Badge>
              ))}
            </Group>
          )}
        </Stack>
        <Group gap={4} wrap="nowrap">
          <Tooltip label={t('common:actions.edit')}>
            <ActionIcon variant="subtle" color="gray" aria-label={t('list.edit', { label: field.label })} onClick={onEdit}>
              <IconPencil size={18} aria-hidden />
            </ActionIcon>
          </Tooltip>
          <Tooltip label={t('common:actions.delete')}>
            <ActionIcon variant="subtle" color="red" c="red.9" aria-label={t('list.delete', { label: field.label })} onClick={onDelete}>
              <IconTrash size={18} aria-hidden />
            </ActionIcon>
          </Tooltip>
        </Group>
      </Group>
    </Paper>
  );
}
