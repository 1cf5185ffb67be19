import { maxInt32, type ItemTypeName } from '@vinculo/shared';
import { z } from 'zod';
import { documentedTypes } from '../catalog/catalog.ts';
import { itemSchemas } from '../items/item.schemas.ts';

/** Request and response schemas of lead conversion, inquiries and the CRM mode. */

const item = (name: ItemTypeName) => itemSchemas(documentedTypes[name]).item;

const values = z
  .record(z.string(), z.unknown())
  .describe("Fields of the item, as in its create body (its update body when linking an existing one); they override what is carried over from the lead");

const target = (name: 'contact' | 'company') =>
  z.strictObject({
    id: z.int().positive().max(maxInt32).optional().describe(`Link this existing ${name} instead of creating one`),
    values: values.optional(),
  });

export const convertBodySchema = z.strictObject({
  contact: target('contact').optional(),
  company: target('company').optional(),
  deal: z.strictObject({ values: values.optional() }).optional().describe('Create a deal, e.g. `{ "values": { "categoryId": 2, "stageId": "C2:NEW" } }`'),
  version: z.int().positive().optional().describe('The lead version you read; a stale one is refused with 409'),
});

export const convertResultSchema = z.object({
  lead: item('lead').describe('The lead, now CONVERTED and pointing at its contact and company'),
  contact: item('contact').nullable().describe('The contact the lead now points at (created, linked, or linked before)'),
  company: item('company').nullable().describe('The company the lead now points at (created, linked, or linked before)'),
  deal: item('deal').nullable().describe('The new deal, linked to the contact and company'),
});

/** `POST /leads`: a lead in classic mode; in simple mode, what the inquiry became. */
export const inquiryResultSchema = z
  .union([
    item('lead'),
    z.object({
      mode: z.literal('simple'),
      contact: item('contact').nullable(),
      company: item('company').nullable(),
      deal: item('deal'),
    }),
  ])
  .describe('Classic CRM mode: the new lead. Simple mode (no leads): `{ mode: "simple", contact, company, deal }`, the contact and/or company and the deal the inquiry became');

const mode = z.enum(['classic', 'simple']).describe('classic: inquiries are leads, converted by hand; simple: no leads, each inquiry becomes a contact or company plus a deal');

export const crmModeSchema = z.object({ mode, openLeads: z.int().describe('Live leads still in progress that you may read: what switching to simple mode converts') });

export const crmModeBodySchema = z.strictObject({
  mode,
  confirm: z.boolean().optional().describe('Required (true) to switch to simple mode while open leads exist: each is converted into a contact or company and a deal'),
});

export const crmModeResultSchema = z.object({ mode, converted: z.int().describe('Open leads converted by the switch') });
