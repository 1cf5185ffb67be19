import type { Expression, ExpressionBuilder, SqlBool } from 'kysely';
import { translate } from '@vinculo/shared';
import { inTransaction, systemContext, type Context } from '../../context.ts';
import { AppError } from '../../http/app-error.ts';
import { requireSettingsAccess } from '../access/settings.policy.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { forEachChunk } from '../items/bulk-writer.ts';
import { countMatching, itemsQuery, scopedReader, unscopedReader, type ItemReader } from '../items/item-reader.ts';
import { convertLeadAsInquiry } from './conversion.service.ts';
import * as repository from './crm-mode.repository.ts';
import type { CrmMode } from './crm-mode.repository.ts';

/**
 * The CRM mode. Classic: inquiries are leads, converted by hand. Simple: there are no new leads, every inquiry
 * becomes a contact or company plus a deal (`createInquiry`). Leads that exist stay readable and convertible.
 */

export interface CrmModeDto {
  mode: CrmMode;
  /** Live leads in progress the caller may read: what switching to simple mode would convert of theirs. */
  openLeads: number;
}

/** Leads in progress: their status group is P, or not set. */
const isOpen = (eb: ExpressionBuilder<any, any>, table: string): Expression<SqlBool> => eb.or([eb(`${table}.status_semantic`, '=', 'P'), eb(`${table}.status_semantic`, 'is', null)]);

const countOpen = (reader: ItemReader) => countMatching(reader, itemsQuery(reader, 'lead').where((eb) => isOpen(eb, 'leads')));

export async function getCrmMode(ctx: Context): Promise<CrmModeDto> {
  return { mode: await repository.readMode(ctx.db), openLeads: await countOpen(scopedReader(ctx)) };
}

/**
 * Switches the mode (administrators). Going to simple mode needs `confirm: true` while open leads exist (409
 * `confirmationRequired` otherwise, changing nothing); the switch is written first, so new inquiries stop making
 * leads at once, then every open lead is converted as an inquiry would be, a chunk of leads per transaction.
 * Asking for simple mode again converts what an interrupted switch left. Going back to classic converts nothing.
 */
export async function setCrmMode(ctx: Context, input: { mode: CrmMode; confirm?: boolean }): Promise<{ mode: CrmMode; converted: number }> {
  requireSettingsAccess(ctx);
  await inTransaction(ctx, async (tx) => {
    await repository.lockMode(tx, 'exclusive');
    if (input.mode === 'simple' && input.confirm !== true) {
      const open = await countOpen(unscopedReader(tx, 'the switch converts every open lead, so its confirmation counts them all'));
      if (open > 0) throw new AppError('CONFLICT', { reason: 'confirmationRequired', openLeads: open }, translate(tx.locale, 'crmMode.confirmationRequired', { count: open }));
    }
    const before = await repository.readMode(tx.db);
    await repository.writeMode(tx.db, input.mode);
    if (before !== input.mode) await recordAudit(tx, { kind: 'settings.crmMode.changed', target: { type: 'crmMode', id: 'crmMode' }, details: { changes: { mode: [before, input.mode] } } });
  });
  let converted = 0;
  if (input.mode === 'simple') {
    // The mode's work, not the administrator's: every open lead converts, whoever may read it.
    const system = systemContext(ctx);
    await forEachChunk(
      system,
      { type: 'lead', which: 'live', reach: 'everything', where: isOpen },
      async (tx, leads) => {
        for (const lead of leads) if (await convertLeadAsInquiry(tx, lead.id)) converted++;
      },
      { chunkSize: 100, transactionPerChunk: true },
    );
  }
  return { mode: input.mode, converted };
}
