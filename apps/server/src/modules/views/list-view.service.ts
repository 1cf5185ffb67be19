import type { FieldDef, ItemTypeDef, ItemTypeName } from '@vinculo/shared';
import { z } from 'zod';
import { inTransaction, type Context } from '../../context.ts';
import { AppError, invalid } from '../../http/app-error.ts';
import { parseSort } from '../items/sort.ts';
import { isOwnPreset } from './filter-preset.service.ts';
import { defaultColumns, type Column } from './list-view-defaults.ts';
import * as repository from './list-view.repository.ts';

/**
 * Each user's list of each item type: its columns (which, in what order, how wide), its sort and the filter preset
 * in use. Checked against the caller's view of the type when saved; read against it again on every answer, so a
 * field their roles hide later, or a custom field deleted since, drops out instead of leaking.
 */

export interface ListSort {
  field: string;
  direction: 'asc' | 'desc';
}

export interface ListViewDto {
  columns: Column[];
  sort: ListSort | null;
  presetId: number | null;
}

const storedColumns = z.array(z.object({ field: z.string(), width: z.int() }));
const storedSort = z.object({ field: z.string(), direction: z.enum(['asc', 'desc']) });

/** The caller's saved view of the type, or the default built from the metadata. */
export async function getListView(ctx: Context, name: ItemTypeName): Promise<ListViewDto> {
  const type = ctx.catalog.visible[name];
  const row = await repository.findListView(ctx.db, ctx.actor.id, name);
  if (!row) return { columns: defaultColumns(type), sort: null, presetId: null };
  const columns = parseJson(storedColumns, row.columns)?.filter((column) => fieldOf(type, column.field)) ?? [];
  const sort = row.sort === null ? null : parseJson(storedSort, row.sort);
  return {
    // A view whose every column went (hidden or deleted fields) shows the default ones rather than nothing.
    columns: columns.length > 0 ? columns : defaultColumns(type),
    sort: sort && sortIssue(type, sort.field) === undefined ? sort : null,
    presetId: row.preset_id === null ? null : Number(row.preset_id),
  };
}

/**
 * Saves the caller's view of the type after checking it whole: every column a field they may see, once; the sort
 * on a field the list can sort by; the preset one of theirs for this type. Every problem is reported at once.
 */
export async function saveListView(ctx: Context, name: ItemTypeName, input: ListViewDto): Promise<ListViewDto> {
  const type = ctx.catalog.visible[name];
  const issues: Array<{ field: string; rule: string }> = [];
  const seen = new Set<string>();
  input.columns.forEach((column, index) => {
    if (!fieldOf(type, column.field)) issues.push({ field: `columns.${index}.field`, rule: 'unknown' });
    else if (seen.has(column.field)) issues.push({ field: `columns.${index}.field`, rule: 'duplicate' });
    seen.add(column.field);
  });
  const sortRule = input.sort && sortIssue(type, input.sort.field);
  if (sortRule) issues.push({ field: 'sort.field', rule: sortRule });
  return inTransaction(ctx, async (tx) => {
    if (input.presetId !== null && !(await isOwnPreset(tx, name, input.presetId))) issues.push({ field: 'presetId', rule: 'exists' });
    if (issues.length > 0) throw invalid(issues);
    await repository.saveListView(tx.db, {
      userId: tx.actor.id,
      entityType: name,
      columns: JSON.stringify(input.columns.map(({ field, width }) => ({ field, width }))),
      sort: input.sort && JSON.stringify({ field: input.sort.field, direction: input.sort.direction }),
      presetId: input.presetId,
      now: tx.now().toISOString(),
    });
    return getListView(tx, name);
  });
}

const fieldOf = (type: ItemTypeDef, name: string): FieldDef | undefined => type.fields.find((field) => field.name === name);

/** Why the list cannot sort by `field` (`unknown`, `notSortable`), by the list endpoint's own rule; undefined when it can. */
function sortIssue(type: ItemTypeDef, field: string): string | undefined {
  if (!fieldOf(type, field)) return 'unknown';
  try {
    parseSort(type, field);
    return undefined;
  } catch (error) {
    if (error instanceof AppError && Array.isArray(error.details)) return error.details[0]?.rule ?? 'notSortable';
    throw error;
  }
}

function parseJson<T>(schema: z.ZodType<T>, text: string): T | null {
  try {
    const parsed = schema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
