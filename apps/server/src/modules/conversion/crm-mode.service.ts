import { translate } from '@vinculo/shared';
import { inTransaction, type Context } from '../../context.ts';
import { AppError } from '../../http/app-error.ts';
import { requireSettingsAccess } from '../access/settings.policy.ts';
import { convertLeadAsInquiry } from './conversion.service.ts';
import * as repository from './crm-mode.repository.ts';
import type { CrmMode } from './crm-mode.repository.ts';

/**
 * The CRM mode. Classic: inquiries are leads, converted by hand. Simple: there are no new leads, every inquiry
 * becomes a contact or company plus a deal (`createInquiry`). Leads that exist stay readable and convertible.
 */

export interface CrmModeDto {
  mode: CrmMode;
  /** Live leads still in progress: what switching to simple mode would convert. */
  openLeads: number;
}

export async function getCrmMode(ctx: Context): Promise<CrmModeDto> {
  return { mode: await repository.readMode(ctx.db), openLeads: await repository.countOpenLeads(ctx.db) };
}

/**
 * Switches the mode (administrators). Going to simple mode converts every open lead as an inquiry would be, in
 * the same transaction as the switch; while open leads exist it needs `confirm: true` (409 `confirmationRequired`
 * otherwise, changing nothing). Going back to classic converts nothing.
 */
export async function setCrmMode(ctx: Context, input: { mode: CrmMode; confirm?: boolean }): Promise<{ mode: CrmMode; converted: number }> {
  requireSettingsAccess(ctx);
  return inTransaction(ctx, async (tx) => {
    await repository.lockMode(tx, 'exclusive');
    let converted = 0;
    if (input.mode === 'simple') {
      const ids = await repository.openLeadIds(tx.db);
      if (ids.length > 0 && input.confirm !== true) {
        throw new AppError('CONFLICT', { reason: 'confirmationRequired', openLeads: ids.length }, translate(tx.locale, 'crmMode.confirmationRequired', { count: ids.length }));
      }
      for (const id of ids) if (await convertLeadAsInquiry(tx, id)) converted++;
    }
    await repository.writeMode(tx.db, input.mode);
    return { mode: input.mode, converted };
  });
}
