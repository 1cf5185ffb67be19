import { inTransaction, type Context } from '../../context.ts';
import { readSetting } from '../../db/app-settings.ts';
import type { Db } from '../../db/types.ts';
import { AppError } from '../../http/app-error.ts';
import { changedValues, recordAudit } from '../audit/audit.service.ts';
import type { OutboundPolicy } from '../outbound/outbound-guard.ts';

/**
 * The hosts an administrator allows despite R8 (an ERP on the company's network; 127.0.0.1 in tests), in
 * `app_settings` under `outbound.allowedHosts` as a JSON array. Read by every process where it sends, so a change made
 * through one process applies to the deliveries of all of them.
 */

const key = 'outbound.allowedHosts';

export async function allowedHosts(db: Db): Promise<string[]> {
  const stored = await readSetting(db, key);
  return stored ? (JSON.parse(stored) as string[]) : [];
}

/** The outbound policy in force now. */
export async function outboundPolicy(db: Db): Promise<OutboundPolicy> {
  return { allowedHosts: await allowedHosts(db) };
}

/** How a host is stored: lower case, an IPv6 address without brackets (as the guard compares them). */
export const normalizeHost = (host: string) => host.trim().toLowerCase().replace(/^\[|\]$/g, '');

export async function readOutboundSettings(ctx: Context): Promise<{ allowedHosts: string[] }> {
  if (!ctx.actor.isAdmin) throw new AppError('FORBIDDEN');
  return { allowedHosts: await allowedHosts(ctx.db) };
}

export async function writeOutboundSettings(ctx: Context, input: { allowedHosts: string[] }): Promise<{ allowedHosts: string[] }> {
  if (!ctx.actor.isAdmin) throw new AppError('FORBIDDEN');
  const hosts = [...new Set(input.allowedHosts.map(normalizeHost))].sort();
  return inTransaction(ctx, async (tx) => {
    const before = await allowedHosts(tx.db);
    const value = JSON.stringify(hosts);
    await tx.db.insertInto('app_settings').values({ key, value }).onConflict((oc) => oc.column('key').doUpdateSet({ value })).execute();
    const changes = changedValues({ allowedHosts: before }, { allowedHosts: hosts });
    if (Object.keys(changes).length > 0) await recordAudit(tx, { kind: 'settings.outbound.updated', target: { type: 'settings', id: 'outbound' }, details: { changes } });
    return { allowedHosts: hosts };
  });
}
