import type { FieldDef, ItemTypeDef, Locale } from '@vinculo/shared';
import { invalid } from '../../http/app-error.ts';
import { multifieldTitles, valueTypesOf } from './exchange-titles.ts';

/**
 * The columns of an export (the exchange format, /work/exchange-format.md): `ID` first, then one column per field
 * of the caller's view (the list's columns the client names, or every field), titled with its label in the
 * exporter's language; a multi-value field (phones, e-mails…) becomes one column per value type. File fields and the
 * version are not exported (files are not carried by import/export; the version means nothing to a spreadsheet), nor
 * the next activity time (activities are not carried either, as in Bitrix24).
 */

/** How an XLSX cell holds the value: numbers and dates as such, everything else as text (CSV: all text). */
export type CellKind = 'text' | 'number' | 'money' | 'date' | 'datetime';

export interface ExportColumn {
  title: string;
  field: FieldDef;
  /** For a multi-value field: the value type this column holds (WORK, MOBILE…). */
  valueType?: string;
  kind: CellKind;
}

const skipped = (field: FieldDef) => field.name === 'version' || field.name === 'nextActivityAt' || field.type === 'file';

/**
 * The fields an export takes from `view` (the caller's view): `names` in their order (id always first), or all.
 * A name that is not a field the caller sees is refused (400 naming it), as the list refuses it in `fields`.
 */
export function exportFields(view: ItemTypeDef, names: string[] | undefined): FieldDef[] {
  const id = view.fields.find((f) => f.name === 'id')!;
  if (!names) return [id, ...view.fields.filter((f) => f !== id && !skipped(f))];
  const unknown = names.filter((name) => !view.fields.some((f) => f.name === name));
  if (unknown.length > 0) throw invalid(unknown.map((name) => ({ field: `columns.${name}`, rule: 'unknown' })));
  const chosen = [...new Set(names)].map((name) => view.fields.find((f) => f.name === name)!).filter((f) => f !== id && !skipped(f));
  return [id, ...chosen];
}

/** The columns of `fields` (from `exportFields`) for `type` (the full type: what a cell's value means). */
export function exportColumns(type: ItemTypeDef, fields: FieldDef[], locale: Locale): ExportColumn[] {
  return fields.flatMap((field): ExportColumn[] => {
    if (field.type === 'multifield') {
      const kind = field.multifieldKind!;
      return valueTypesOf(kind).map((valueType) => ({ title: multifieldTitles[kind][valueType]?.[locale] ?? `${field.label[locale]} (${valueType})`, field, valueType, kind: 'text' }));
    }
    return [{ title: field.name === 'id' ? 'ID' : field.label[locale], field, kind: cellKind(type, field) }];
  });
}

function cellKind(type: ItemTypeDef, field: FieldDef): CellKind {
  if (field.custom?.multiple || field.name === type.stages?.pipelineField) return 'text';
  switch (field.type) {
    case 'integer':
    case 'number':
      return 'number';
    case 'money':
      return 'money';
    case 'date':
      return 'date';
    case 'datetime':
      return 'datetime';
    default:
      return 'text';
  }
}
