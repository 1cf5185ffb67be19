import type { FieldIssue, ItemTypeDef, ItemTypeName } from '@vinculo/shared';
import { inTransaction, type Context } from '../../context.ts';
import { AppError, conflict, invalid } from '../../http/app-error.ts';
import { appendEvent, type Changes } from '../events/event.repository.ts';
import { readItem, readStored, scopedReader } from '../items/item-reader.ts';
import { checkReferences } from '../items/item-references.ts';
import type { ItemDto } from '../items/item.presenter.ts';
import * as items from '../items/item.repository.ts';
import { createItem, getItem, updateItem, validateInput } from '../items/item.service.ts';
import { lockMode, readMode } from './crm-mode.repository.ts';
import { carryOver, contactNameFrom, isFilled, personName, type LeadValues } from './lead-mapping.ts';

/**
 * Lead conversion (classic mode) and inquiries (simple mode). Both turn lead-shaped values into a contact
 * and/or company plus a deal with the same carry-over (`lead-mapping.ts`), in one transaction. What carries
 * over is what the caller sees of the lead, into the fields they see of each target.
 */

type Input = Record<string, unknown>;

/** A contact or company of a conversion: link the existing item `id`, or create one; `values` add to or override what the lead carries. */
export interface ConversionTarget {
  id?: number;
  values?: Input;
}

export interface ConversionRequest {
  contact?: ConversionTarget;
  company?: ConversionTarget;
  deal?: { values?: Input };
  /** The lead's version the caller read; a stale one is a 409. */
  version?: number;
}

/** What the lead (or inquiry) became: the contact and company it now points at, and the new deal. */
export interface ConversionResult {
  contact: ItemDto | null;
  company: ItemDto | null;
  deal: ItemDto | null;
}

/** What an inquiry became in simple mode: always a deal. */
export interface InquiryResult extends ConversionResult {
  mode: 'simple';
  deal: ItemDto;
}

/**
 * Converts an open lead into the targets of `request`, carrying its data over and linking everything both ways;
 * the lead becomes CONVERTED and points at its contact and company. A lead that is no longer in progress
 * (converted, junk) is a 409 `leadClosed`.
 */
export async function convertLead(ctx: Context, leadId: number, request: ConversionRequest): Promise<ConversionResult & { lead: ItemDto }> {
  if (!request.contact && !request.company && !request.deal) {
    throw invalid([{ field: 'contact', rule: 'requireOneOf', params: { fields: 'contact, company, deal' } }]);
  }
  return inTransaction(ctx, async (tx) => {
    await items.lockItems(tx.db, tx.dialect, tx.catalog.full.lead, [leadId]);
    const lead = await getItem(tx, 'lead', leadId);
    if (request.version !== undefined && lead.version !== request.version) throw new AppError('VERSION_CONFLICT', { currentVersion: lead.version });
    if (((await statusGroup(tx, leadId)) ?? 'P') !== 'P') throw conflict(tx, 'conversion.leadClosed', { reason: 'leadClosed' });

    const result = await convertValues(tx, lead, request, lead.id);
    const links = { ...(result.contact ? { contactId: result.contact.id } : {}), ...(result.company ? { companyId: result.company.id } : {}) };
    const converted = await updateItem(tx, 'lead', lead.id, { statusId: 'CONVERTED', ...links }, lead.version);
    const changes: Changes = {};
    for (const [name, item] of [['contactId', result.contact], ['companyId', result.company], ['dealId', result.deal]] as const) {
      if (item) changes[name] = [null, item.id];
    }
    await appendEvent(tx.db, { type: 'item.converted', entityType: 'lead', entityId: lead.id, actorId: tx.actor.id, occurredAt: tx.now().toISOString(), changes });
    return { lead: converted, ...result };
  });
}

/**
 * Converts a lead the way simple mode handles an inquiry (see `simplePlan`), when switching to simple mode.
 * Returns false, converting nothing, when the lead is no longer in progress. Field errors name the lead
 * (`leads.12.contact.values.name`).
 */
export async function convertLeadAsInquiry(ctx: Context, leadId: number): Promise<boolean> {
  return inTransaction(ctx, async (tx) => {
    await items.lockItems(tx.db, tx.dialect, tx.catalog.full.lead, [leadId]);
    const lead = await getItem(tx, 'lead', leadId);
    if (((await statusGroup(tx, leadId)) ?? 'P') !== 'P') return false;
    await withFieldPrefix(`leads.${leadId}.`, async () => convertLead(tx, leadId, await simplePlan(tx, lead)));
    return true;
  });
}

/**
 * The one entry point for an inquiry: a `POST /leads` today, and the import, web forms and e-mail later. In
 * classic mode the inquiry becomes a lead. In simple mode there are no leads: it becomes a contact (when it
 * names a person) and/or a company (when it names one) — a contact named after its title when it names
 * neither — plus a deal, all carrying its values the way a conversion carries a lead's. `values` is a lead
 * create body; it is checked as a new lead would be, and a refusal names the inquiry's own fields.
 */
export async function createInquiry(ctx: Context, input: Input): Promise<ItemDto | InquiryResult> {
  return inTransaction(ctx, async (tx) => {
    await lockMode(tx, 'shared');
    if ((await readMode(tx.db)) === 'classic') return createItem(tx, 'lead', input);
    const values = validateInput(tx.catalog.visible.lead, 'create', input, '', tx.locale);
    await checkReferences(tx, tx.catalog.full.lead, values);
    const result = await convertValues(tx, values, await simplePlan(tx, values));
    return { mode: 'simple' as const, ...result, deal: result.deal! };
  });
}

/**
 * Simple mode's conversion of lead-shaped values: a contact if they name a person and a company if they name
 * one (unless they already point at a live contact or company, which the deal then links to), a contact named
 * after the title when there is nothing else, and always a deal.
 */
async function simplePlan(ctx: Context, source: LeadValues): Promise<ConversionRequest> {
  const hasContact = (await liveItem(ctx, 'contact', source.contactId)) !== null;
  const hasCompany = (await liveItem(ctx, 'company', source.companyId)) !== null;
  const plan: ConversionRequest = { deal: {} };
  if (personName(source) && !hasContact) plan.contact = {};
  if (isFilled(source.companyTitle) && !hasCompany) plan.company = {};
  if (!plan.contact && !plan.company && !hasContact && !hasCompany) plan.contact = { values: { name: contactNameFrom(ctx.catalog.visible.contact, source) } };
  return plan;
}

/**
 * Creates or links the targets of `request` from lead-shaped `source` values, in this order: company, contact
 * (linked to the company), deal (linked to both). A target the request leaves out falls back to the live
 * contact or company the source already points at (a repeat lead). Created items get `leadId`.
 */
async function convertValues(ctx: Context, raw: LeadValues, request: ConversionRequest, leadId?: number): Promise<ConversionResult> {
  const { lead, contact: contactType, company: companyType, deal: dealType } = ctx.catalog.visible;
  const source = await withoutInactiveUsers(ctx, lead, raw);
  const system = leadId === undefined ? {} : { leadId };
  const company = request.company
    ? await resolveTarget(ctx, 'company', request.company, carryOver(lead, companyType, source), system, {})
    : await liveItem(ctx, 'company', source.companyId);
  const contact = request.contact
    ? await resolveTarget(ctx, 'contact', request.contact, carryOver(lead, contactType, source), system, company ? { companyIds: [company.id] } : {})
    : await liveItem(ctx, 'contact', source.contactId);
  const dealLinks = { ...(company ? { companyId: company.id } : {}), ...(contact ? { contactIds: [contact.id] } : {}) };
  const deal = request.deal ? await resolveTarget(ctx, 'deal', request.deal, carryOver(lead, dealType, source), system, dealLinks) : null;
  return { contact, company, deal };
}

/**
 * One target: with `id`, the existing live item, updated with `values` and `links` if any; otherwise a new item
 * from the carried values, `values` and `links`. Field errors name the request's path (`deal.values.stageId`).
 */
async function resolveTarget(ctx: Context, name: ItemTypeName, target: ConversionTarget, carried: Input, system: Input, links: Input): Promise<ItemDto> {
  const type = ctx.catalog.visible[name];
  const prefix = `${name}.values.`;
  if (target.id !== undefined) {
    const existing = await liveItem(ctx, name, target.id);
    if (!existing) throw invalid([{ field: `${name}.id`, rule: 'exists' }]);
    const { version, ...input } = validateInput(type, 'update', target.values ?? {}, prefix, ctx.locale) as Input & { version?: number };
    addLinks(input, links, existing);
    return withFieldPrefix(prefix, () => updateItem(ctx, name, existing.id, input, version));
  }
  const input = validateInput(type, 'create', { ...carried, ...target.values }, prefix, ctx.locale);
  addLinks(input, links);
  return withFieldPrefix(prefix, () => createItem(ctx, name, input, { system }));
}

/** Adds the conversion's links: to the ids of a links field (keeping those given or stored), or as an item field unless one was given. */
function addLinks(input: Input, links: Input, existing?: ItemDto) {
  for (const [name, value] of Object.entries(links)) {
    if (Array.isArray(value)) {
      const kept = (input[name] ?? existing?.[name] ?? []) as number[];
      if (!value.every((id) => kept.includes(id))) input[name] = [...new Set([...kept, ...(value as number[])])];
    } else {
      input[name] ??= value;
    }
  }
}

async function liveItem(ctx: Context, name: ItemTypeName, id: unknown): Promise<ItemDto | null> {
  if (typeof id !== 'number') return null;
  return (await readItem(scopedReader(ctx), name, id)) ?? null;
}

/** The group of a lead's status (P in progress, S converted, F junk), from the stored lead whatever the caller sees. */
async function statusGroup(ctx: Context, leadId: number): Promise<string | null> {
  const stored = await readStored(scopedReader(ctx), 'lead', leadId);
  const semanticField = ctx.catalog.full.lead.stages!.semanticField;
  return (stored?.[semanticField] as string | null | undefined) ?? null;
}

/** A stored lead may name a responsible who has left since: the new items then fall to whoever converts. */
async function withoutInactiveUsers(ctx: Context, lead: ItemTypeDef, source: LeadValues): Promise<LeadValues> {
  const result = { ...source };
  for (const field of lead.fields.filter((f) => f.type === 'user' && !f.readOnly && typeof source[f.name] === 'number')) {
    const active = await ctx.db.selectFrom('users').select('id').where('id', '=', source[field.name] as number).where('is_active', '=', 1).executeTakeFirst();
    if (!active) delete result[field.name];
  }
  return result;
}

/** Runs `work`, naming the fields of its validation errors from the request's root (`deal.values.` + `stageId`). */
async function withFieldPrefix<T>(prefix: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof AppError && error.code === 'VALIDATION_FAILED' && Array.isArray(error.details)) {
      throw new AppError('VALIDATION_FAILED', error.details.map((issue: FieldIssue) => ({ ...issue, field: `${prefix}${issue.field}` })), error.message);
    }
    throw error;
  }
}

