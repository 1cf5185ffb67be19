import { foldText, translate, type ItemTypeDef, type ItemTypeName } from '@vinculo/shared';
import { z } from 'zod';
import { inTransaction, type Context } from '../../context.ts';
import { invalid, notFound } from '../../http/app-error.ts';
import * as repository from './filter-preset.repository.ts';
import type { PresetRow } from './filter-preset.repository.ts';
import { isTermVisible, presetFilterIssues, type PresetTerm } from './preset-filter.ts';
import { starterPresets } from './starter-presets.ts';

/**
 * Saved filter presets: each user's own, per item type. Only their owner sees or changes them (anyone else's is
 * "not found"). A preset's filter is checked as the list endpoint checks a filter, against the owner's view of the
 * type; answers leave out terms on fields the owner's roles hide now. Every user starts with a few useful presets
 * per type, made the first time they list that type's presets and never again, so one they delete stays deleted.
 */

export interface PresetDto {
  id: number;
  name: string;
  filter: PresetTerm[];
  search: string | null;
  isDefault: boolean;
  createdAt: string;
}

export interface NewPresetInput {
  name: string;
  filter: PresetTerm[];
  search?: string | null;
  isDefault?: boolean;
}

export type PresetChanges = Partial<NewPresetInput>;

const storedTerms = z.array(z.object({ field: z.string(), op: z.string(), value: z.unknown() }));

export async function listPresets(ctx: Context, name: ItemTypeName): Promise<{ items: PresetDto[] }> {
  await giveStarterPresets(ctx, name);
  const rows = await repository.presetsOf(ctx.db, ctx.actor.id, name);
  return { items: rows.map((row) => present(ctx, ctx.catalog.visible[name], row)) };
}

export async function createPreset(ctx: Context, name: ItemTypeName, input: NewPresetInput): Promise<PresetDto> {
  const type = ctx.catalog.visible[name];
  checkTerms(ctx, type, input.filter);
  return inTransaction(ctx, async (tx) => {
    await repository.lockOwner(tx.db, tx.dialect, tx.actor.id);
    const nameKey = await freeNameKey(tx, name, input.name);
    if (input.isDefault) await repository.clearDefault(tx.db, tx.actor.id, name);
    const id = await repository.insertPreset(tx.db, {
      userId: tx.actor.id,
      entityType: name,
      name: input.name,
      nameKey,
      filter: JSON.stringify(input.filter),
      search: blankToNull(input.search),
      isDefault: input.isDefault === true,
      now: tx.now().toISOString(),
    });
    return present(tx, type, (await repository.findPreset(tx.db, tx.actor.id, name, id))!);
  });
}

export async function updatePreset(ctx: Context, name: ItemTypeName, id: number, changes: PresetChanges): Promise<PresetDto> {
  const type = ctx.catalog.visible[name];
  if (changes.filter !== undefined) checkTerms(ctx, type, changes.filter);
  return inTransaction(ctx, async (tx) => {
    await repository.lockOwner(tx.db, tx.dialect, tx.actor.id);
    if (!(await repository.findPreset(tx.db, tx.actor.id, name, id))) throw notFound();
    const nameKey = changes.name === undefined ? undefined : await freeNameKey(tx, name, changes.name, id);
    if (changes.isDefault) await repository.clearDefault(tx.db, tx.actor.id, name, id);
    await repository.updatePreset(tx.db, id, {
      ...(changes.name !== undefined ? { name: changes.name, name_key: nameKey } : {}),
      ...(changes.filter !== undefined ? { filter: JSON.stringify(changes.filter) } : {}),
      ...(changes.search !== undefined ? { search: blankToNull(changes.search) } : {}),
      ...(changes.isDefault !== undefined ? { is_default: changes.isDefault ? 1 : 0 } : {}),
      updated_at: tx.now().toISOString(),
    });
    return present(tx, type, (await repository.findPreset(tx.db, tx.actor.id, name, id))!);
  });
}

/** Deletes one of the caller's presets; a list view using it goes back to no preset. */
export async function deletePreset(ctx: Context, name: ItemTypeName, id: number): Promise<void> {
  await inTransaction(ctx, async (tx) => {
    await repository.lockOwner(tx.db, tx.dialect, tx.actor.id);
    if (!(await repository.findPreset(tx.db, tx.actor.id, name, id))) throw notFound();
    await repository.deletePreset(tx.db, id);
  });
}

/**
 * Whether `id` is one of the caller's presets of the type, held so until the transaction ends (a delete of it waits),
 * so a list view can point at it.
 */
export async function isOwnPreset(tx: Context, name: ItemTypeName, id: number): Promise<boolean> {
  await repository.lockOwner(tx.db, tx.dialect, tx.actor.id);
  return (await repository.findPreset(tx.db, tx.actor.id, name, id)) !== undefined;
}

/**
 * The starter presets of a type, once per user: the mark and the presets are written in one transaction, and only
 * the request that made the mark writes them. Named in the user's saved language; a preset whose fields the user's
 * roles hide, or whose name the user already gave to one of their own, is left out.
 */
async function giveStarterPresets(ctx: Context, name: ItemTypeName): Promise<void> {
  if (await repository.isSeeded(ctx.db, ctx.actor.id, name)) return;
  const type = ctx.catalog.visible[name];
  await inTransaction(ctx, async (tx) => {
    await repository.lockOwner(tx.db, tx.dialect, tx.actor.id);
    const now = tx.now().toISOString();
    if (!(await repository.markSeeded(tx.db, tx.actor.id, name, now))) return;
    for (const starter of starterPresets(type)) {
      if (presetFilterIssues(type, starter.filter, tx.actor.id).length > 0) continue;
      const presetName = translate(tx.actor.locale, starter.name);
      const nameKey = foldText(presetName);
      if (await repository.isNameTaken(tx.db, tx.actor.id, name, nameKey)) continue;
      await repository.insertPreset(tx.db, { userId: tx.actor.id, entityType: name, name: presetName, nameKey, filter: JSON.stringify(starter.filter), search: null, isDefault: false, now });
    }
  });
}

function checkTerms(ctx: Context, type: ItemTypeDef, terms: PresetTerm[]): void {
  const issues = presetFilterIssues(type, terms, ctx.actor.id);
  if (issues.length > 0) throw invalid(issues);
}

/** The folded name, if no other preset of the caller's for the type has it (else 400 `name` `taken`). */
async function freeNameKey(tx: Context, name: ItemTypeName, presetName: string, exceptId?: number): Promise<string> {
  const nameKey = foldText(presetName);
  if (await repository.isNameTaken(tx.db, tx.actor.id, name, nameKey, exceptId)) throw invalid([{ field: 'name', rule: 'taken' }]);
  return nameKey;
}

const blankToNull = (text: string | null | undefined) => (text ? text : null);

function present(ctx: Context, type: ItemTypeDef, row: PresetRow): PresetDto {
  const parsed = storedTerms.safeParse(JSON.parse(row.filter));
  const terms = parsed.success ? parsed.data.map(({ field, op, value }) => ({ field, op, value })) : [];
  return {
    id: Number(row.id),
    name: row.name,
    filter: terms.filter((term) => isTermVisible(type, term, ctx.actor.id)),
    search: row.search,
    isDefault: Number(row.is_default) === 1,
    createdAt: row.created_at,
  };
}
