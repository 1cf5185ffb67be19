import { Text } from '@mantine/core';
import { itemTitle } from '../../../api/titles';
import type { FieldMeta, Item, ListView, TypeMeta } from '../../../api/types';
import type { DataGridColumn } from '../../../components/DataGrid';
import { FieldValue } from '../../../components/fields/FieldValue';
import { AnchorLink } from '../../../components/links';
import { ActivityFlag } from '../../timeline/ActivityFlag';

/** A column's width until the user drags it: by what its values look like. */
export function defaultWidth(type: TypeMeta, field: FieldMeta): number {
  if (type.titleFields.includes(field.name)) return 240;
  // The next activity's flag and its time: "Atrasada 12/06 18:00".
  if (field.name === 'nextActivityAt') return 220;
  switch (field.type) {
    case 'boolean':
      return 110;
    case 'date':
    case 'integer':
      return 120;
    case 'money':
    case 'datetime':
      return 150;
    case 'multifield':
    case 'links':
    case 'text':
    case 'address':
      return 200;
    default:
      return 160;
  }
}

/** The fields a list may show as columns (the version is bookkeeping, not something to read). */
export const columnFields = (type: TypeMeta) => type.fields.filter((field) => field.name !== 'version');

/**
 * Every field of the type as a grid column: the saved width, the field's value as FieldValue draws it in a cell, the
 * title fields as links to the card.
 */
export function itemColumns(type: TypeMeta, view: ListView): Array<DataGridColumn<Item>> {
  const widths = new Map(view.columns.map((column) => [column.field, column.width]));
  return columnFields(type).map((field) => ({
    id: field.name,
    header: field.label,
    sortable: field.sortable,
    size: widths.get(field.name) ?? defaultWidth(type, field),
    cell: type.titleFields.includes(field.name)
      ? (item: Item) => <TitleCell type={type} field={field} item={item} />
      : field.name === 'nextActivityAt'
        ? (item: Item) => <ActivityFlag value={item[field.name]} variant="cell" />
        : (item: Item) => <FieldValue field={field} value={item[field.name]} item={item} compact />,
  }));
}

function TitleCell({ type, field, item }: { type: TypeMeta; field: FieldMeta; item: Item }) {
  const value = item[field.name];
  const text = typeof value === 'string' && value.trim() !== '' ? value : field.name === type.titleFields[0] ? itemTitle(type, item) : null;
  if (text === null) return <Text span c="dimmed" size="sm">—</Text>;
  return (
    <AnchorLink to="/$type/$id" params={{ type: type.plural, id: item.id }} size="sm" fw={500} tabIndex={-1} style={{ overflow: 'hidden', textOverflow: 'ellipsis' }}>
      {text}
    </AnchorLink>
  );
}

/**
 * What the list asks the server for: the shown columns, plus what their cells need (a money field's currency, a
 * stage's pipeline) and the title (to name rows).
 */
export function requestedFields(type: TypeMeta, shown: readonly string[]): string[] {
  const names = new Set(['id', 'version', ...type.titleFields, ...shown]);
  const has = (name: string) => type.fields.some((field) => field.name === name);
  for (const name of shown) {
    const field = type.fields.find((f) => f.name === name);
    if (field?.type === 'money' && !field.custom && has('currencyId')) names.add('currencyId');
    if (type.stages && name === type.stages.field && type.stages.pipelineField) names.add(type.stages.pipelineField);
  }
  return [...names].filter(has).sort();
}
