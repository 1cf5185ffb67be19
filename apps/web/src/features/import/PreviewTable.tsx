import { Group, Loader, ScrollArea, Stack, Table, Text, Title, Tooltip } from '@mantine/core';
import { IconAlertTriangle, IconCircleCheck } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { FieldMeta, Multivalue, TypeMeta } from '../../api/types';
import { FieldValue } from '../../components/fields/FieldValue';
import type { Preview, PreviewRow, Target } from './imports';
import classes from './Import.module.css';

interface Props {
  type: TypeMeta;
  preview: Preview;
  mapping: Array<Target | null>;
  refreshing: boolean;
}

/**
 * The first rows of the file as they will be imported: one column per mapped column of the file, each cell the value
 * the item gets (names for codes, local dates); a refused row is tinted, its cell outlined and its reason said.
 */
export function PreviewTable({ type, preview, mapping, refreshing }: Props) {
  const { t } = useTranslation('imports');
  const columns = mapping.flatMap((target, index) => (target ? [{ index, target, header: preview.header[index] || `#${index + 1}` }] : []));
  const refused = preview.rows.filter((row) => row.error).length;
  const labelOf = (target: Target) => preview.targets.find((candidate) => candidate.target === target)?.label ?? target;

  return (
    <Stack gap="xs">
      <Group gap="xs" justify="space-between">
        <Title order={3} size="h5">
          {t('preview.heading')}
        </Title>
        {refreshing && (
          <Group gap={6}>
            <Loader size="xs" />
            <Text size="xs" c="dimmed">
              {t('preview.refreshing')}
            </Text>
          </Group>
        )}
      </Group>
      {preview.rows.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('preview.none')}
        </Text>
      ) : columns.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('preview.noColumns')}
        </Text>
      ) : (
        <>
          <Text size="sm" c={refused > 0 ? 'red.9' : 'dimmed'} aria-live="polite" data-testid="preview-summary">
            {refused > 0 ? t('preview.summary', { refused, rows: preview.rows.length }) : t('preview.allFine', { rows: preview.rows.length })}
          </Text>
          {/* Wider than a phone: the rows scroll sideways, and a keyboard can scroll them too (the viewport takes the focus). */}
          <ScrollArea type="auto" offsetScrollbars viewportProps={{ tabIndex: 0, role: 'region', 'aria-label': t('preview.heading') }}>
            <Table withTableBorder verticalSpacing={4} fz="sm" aria-label={t('preview.heading')} style={{ opacity: refreshing ? 0.6 : 1 }}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('preview.row')}</Table.Th>
                  <Table.Th>{t('preview.outcome')}</Table.Th>
                  {columns.map((column) => (
                    <Table.Th key={column.index} style={{ whiteSpace: 'nowrap' }}>
                      {labelOf(column.target)}
                      <Text span size="xs" c="dimmed" fw={400} display="block">
                        {column.header}
                      </Text>
                    </Table.Th>
                  ))}
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {preview.rows.map((row) => (
                  <Table.Tr key={row.rowNo} className={row.error ? classes.refusedRow : undefined} data-testid="preview-row">
                    <Table.Td>{row.rowNo + 1}</Table.Td>
                    <Table.Td style={{ minWidth: row.error ? 220 : undefined }}>
                      {row.error ? (
                        <Group gap={4} wrap="nowrap" align="flex-start">
                          <IconAlertTriangle size={16} color="var(--mantine-color-red-7)" style={{ flexShrink: 0, marginTop: 2 }} aria-hidden />
                          <Text span size="sm" c="red.9">
                            {t('preview.refused', { reason: row.error.column !== null ? t('preview.refusedCell', { header: preview.header[row.error.column] ?? '', reason: row.error.message }) : row.error.message })}
                          </Text>
                        </Group>
                      ) : (
                        <Tooltip label={t('preview.ok')}>
                          <IconCircleCheck size={16} color="var(--mantine-color-green-7)" aria-label={t('preview.ok')} />
                        </Tooltip>
                      )}
                    </Table.Td>
                    {columns.map((column) => {
                      const wrong = row.error !== null && row.error.column === column.index;
                      return (
                        <Table.Td key={column.index} className={`${classes.previewCell} ${wrong ? classes.refusedCell : ''}`} title={wrong ? t('preview.refusedCell', { header: column.header, reason: row.error!.message }) : undefined}>
                          {row.error ? <Text span size="sm">{row.cells[column.index] ?? ''}</Text> : <ImportedValue type={type} row={row} target={column.target} />}
                        </Table.Td>
                      );
                    })}
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </ScrollArea>
        </>
      )}
    </Stack>
  );
}

/** The value one column gives the item: a field's value as lists show it, a phone or e-mail of its kind, a company or contact by name. */
function ImportedValue({ type, row, target }: { type: TypeMeta; row: PreviewRow; target: Target }) {
  const values = row.values ?? {};
  if (target === 'company') return <Text span size="sm">{row.company ?? ''}</Text>;
  if (target.startsWith('contact')) {
    const part = target === 'contact' ? 'fullName' : (target.slice('contact.'.length) as keyof NonNullable<PreviewRow['contact']>);
    return <Text span size="sm">{row.contact?.[part] ?? ''}</Text>;
  }
  if (target === 'fullName') return <Text span size="sm">{[values.name, values.lastName].filter(Boolean).join(' ')}</Text>;
  const [name, valueType] = target.split(':');
  const field: FieldMeta | undefined = type.fields.find((candidate) => candidate.name === name);
  if (!field) return <Text span size="sm">{String(values[name] ?? '')}</Text>;
  const value = valueType && Array.isArray(values[name]) ? (values[name] as Multivalue[]).filter((entry) => entry.valueType === valueType) : values[name];
  return <FieldValue field={field} value={value} item={values} compact />;
}
