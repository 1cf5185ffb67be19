import { translate, type FieldDef, type ItemTypeDef, type ItemTypeName, type Localized, type MessageKey } from '@vinculo/shared';
import { z } from 'zod';
import { inTransaction, type Context } from '../../context.ts';
import { invalid } from '../../http/app-error.ts';
import { requireSettingsAccess } from '../access/settings.policy.ts';
import { changedValues, recordAudit } from '../audit/audit.service.ts';
import * as repository from './card-layout.repository.ts';
import { presentField, type FieldMetaDto } from './card-layout.presenter.ts';

/**
 * The record card of each item type: titled sections of fields, in order, and the fields the administrator hid.
 * Standard fields cannot be deleted, only hidden. Read-only system fields (id, version, dates…) are shown by the
 * card's header, not placed, unless a stored layout places them. A layout is stored once per type; reading it
 * follows the fields as they are now: a deleted custom field drops out, a new one appears in the last section.
 */

export interface SectionDto {
  id: string;
  title: Localized;
  fields: string[];
}

export interface LayoutInput {
  sections: SectionDto[];
  hidden: string[];
}

export interface CardLayoutDto extends LayoutInput {
  /** The URL segment: leads, contacts, companies, deals. */
  type: string;
  /** Every field of the type, standard and custom, placed or not. */
  fields: FieldMetaDto[];
}

const storedSchema = z.object({
  sections: z.array(z.object({ id: z.string(), title: z.object({ en: z.string(), 'pt-BR': z.string() }), fields: z.array(z.string()) })),
  hidden: z.array(z.string()),
});

/** The card as the caller may see it: fields their roles hide are neither placed nor listed. */
export async function getCardLayout(ctx: Context, name: ItemTypeName): Promise<CardLayoutDto> {
  const current = ctx.catalog.visible[name];
  const stored = parseStored(await repository.findLayout(ctx.db, name));
  const layout = stored ? reconcile(current, stored) : defaultLayout(current);
  return { type: current.plural, ...layout, fields: current.fields.map((field) => presentField(field, ctx.locale)) };
}

export async function saveCardLayout(ctx: Context, name: ItemTypeName, input: LayoutInput): Promise<CardLayoutDto> {
  requireSettingsAccess(ctx);
  // The layout is everyone's: it is checked against every field of the type.
  const current = ctx.catalog.full[name];
  const issues = layoutIssues(current, input);
  if (issues.length > 0) throw invalid(issues);
  const layout: LayoutInput = {
    sections: input.sections.map((s) => ({ id: s.id, title: { en: s.title.en, 'pt-BR': s.title['pt-BR'] }, fields: s.fields })),
    hidden: input.hidden,
  };
  return inTransaction(ctx, async (tx) => {
    const before = parseStored(await repository.findLayout(tx.db, name)) ?? defaultLayout(current);
    await repository.saveLayout(tx.db, name, JSON.stringify(layout), tx.now().toISOString());
    const changes = changedValues({ sections: before.sections, hidden: before.hidden }, { sections: layout.sections, hidden: layout.hidden });
    if (Object.keys(changes).length > 0) await recordAudit(tx, { kind: 'settings.cardLayout.saved', target: { type: 'cardLayout', id: name }, details: { itemType: name, changes } });
    return getCardLayout(tx, name);
  });
}

/** Fields a card places: everything a user can write. */
const placeable = (field: FieldDef) => !field.readOnly;

// Besides addresses and UTM, the fields Bitrix24 keeps under "More".
const moreFields = new Set(['comments', 'opened', 'export', 'bankingDetails']);
const inMore = (field: FieldDef) => field.custom === undefined && (/^(ADDRESS|UTM_)/.test(field.bitrix) || moreFields.has(field.name));

const section = (id: string, key: MessageKey, fields: FieldDef[]): SectionDto => ({
  id,
  title: { en: translate('en', key), 'pt-BR': translate('pt-BR', key) },
  fields: fields.map((f) => f.name),
});

/** The layout of a type nobody arranged: the main fields, then addresses, UTM and the rest, then custom fields. */
export function defaultLayout(type: ItemTypeDef): LayoutInput {
  const placed = type.fields.filter(placeable);
  return {
    sections: [
      section('main', `cardLayout.about.${type.name}`, placed.filter((f) => f.custom === undefined && !inMore(f))),
      section('more', 'cardLayout.more', placed.filter(inMore)),
      section('custom', 'cardLayout.custom', placed.filter((f) => f.custom !== undefined)),
    ],
    hidden: [],
  };
}

function parseStored(text: string | undefined): LayoutInput | null {
  if (text === undefined) return null;
  try {
    const parsed = storedSchema.safeParse(JSON.parse(text));
    return parsed.success && parsed.data.sections.length > 0 ? parsed.data : null;
  } catch {
    return null;
  }
}

/**
 * A stored layout against the fields as they are now: names that are no longer fields drop out, a field that
 * became required is no longer hidden, and every placeable field neither placed nor hidden joins the last section.
 */
function reconcile(type: ItemTypeDef, stored: LayoutInput): LayoutInput {
  const fields = new Map(type.fields.map((f) => [f.name, f]));
  const seen = new Set<string>();
  const keep = (name: string) => {
    if (!fields.has(name) || seen.has(name)) return false;
    seen.add(name);
    return true;
  };
  const sections = stored.sections.map((s) => ({ ...s, fields: s.fields.filter(keep) }));
  const hidden = stored.hidden.filter((name) => !fields.get(name)?.required && keep(name));
  const missing = type.fields.filter((f) => placeable(f) && !seen.has(f.name)).map((f) => f.name);
  sections[sections.length - 1].fields.push(...missing);
  return { sections, hidden };
}

/** Every reason `input` is not a layout of `type`, at once. */
function layoutIssues(type: ItemTypeDef, input: LayoutInput): Array<{ field: string; rule: string; params?: Record<string, unknown> }> {
  const fields = new Map(type.fields.map((f) => [f.name, f]));
  const issues: Array<{ field: string; rule: string; params?: Record<string, unknown> }> = [];
  const seen = new Set<string>();
  const place = (name: string, path: string) => {
    if (!fields.has(name)) issues.push({ field: path, rule: 'unknown' });
    else if (seen.has(name)) issues.push({ field: path, rule: 'duplicate' });
    else seen.add(name);
  };
  const ids = new Set<string>();
  input.sections.forEach((s, i) => {
    if (ids.has(s.id)) issues.push({ field: `sections.${i}.id`, rule: 'duplicate' });
    ids.add(s.id);
    s.fields.forEach((name, j) => place(name, `sections.${i}.fields.${j}`));
  });
  input.hidden.forEach((name, k) => {
    place(name, `hidden.${k}`);
    if (fields.get(name)?.required) issues.push({ field: `hidden.${k}`, rule: 'requiredField' });
  });
  // A contact needs some name: at least one of those fields must stay on the card.
  const oneOf = type.requireOneOf ?? [];
  if (oneOf.length > 0 && oneOf.every((name) => input.hidden.includes(name))) {
    issues.push({ field: 'hidden', rule: 'keepOneOf', params: { fields: oneOf.join(', ') } });
  }
  return issues;
}
