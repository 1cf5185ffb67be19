import type { Database } from '../../db/database.ts';
import type { WebhookCaller } from './bitrix-auth.ts';
import type { BitrixAnswer } from './bitrix-envelope.ts';
import { insufficientScope, methodNotFound } from './bitrix-errors.ts';
import type { Params } from './bitrix-params.ts';
import { batchMethods } from './batch-method.ts';
import { categoryMethods } from './category-methods.ts';
import { currencyMethods } from './currency-methods.ts';
import { enumMethods } from './enum-methods.ts';
import { crmEntityMethods } from './crm-entity-methods.ts';
import { crmLinkMethods } from './crm-link-methods.ts';
import { duplicateMethods } from './duplicate-methods.ts';
import { timelineCommentMethods } from './timeline-comment-methods.ts';
import { bitrixEventMethods } from './bitrix-events.ts';
import { profileMethods } from './profile-methods.ts';
import { activityMethods } from './activity-methods.ts';
import { userfieldMethods } from './userfield-methods.ts';
import { itemMethods } from './item-methods.ts';
import { statusMethods } from './status-methods.ts';

/**
 * The methods of the Bitrix24-compatible API, by lower-cased name. Each one is a thin adapter: it reads Bitrix24's
 * parameters, calls the same services as the native API (with the webhook user's context, so their rights and
 * hidden fields apply) and shapes the answer as Bitrix24 does. Areas add their methods here, one map each.
 */

export interface BitrixCall {
  caller: WebhookCaller;
  params: Params;
  database: Database;
  /** Calls another method as the same caller (batch). */
  call(method: string, params: Params): Promise<BitrixAnswer>;
}

export interface BitrixMethod {
  /** The webhook scope it needs (`crm`), or null for the basic methods every webhook may call. */
  scope: string | null;
  run(call: BitrixCall): Promise<BitrixAnswer>;
}

export type MethodTable = Record<string, BitrixMethod>;

const tables: MethodTable[] = [profileMethods, batchMethods, statusMethods, categoryMethods, currencyMethods, enumMethods, crmEntityMethods, crmLinkMethods, duplicateMethods, timelineCommentMethods, bitrixEventMethods, activityMethods, userfieldMethods, itemMethods];

export const bitrixMethods: ReadonlyMap<string, BitrixMethod> = new Map(
  [
    ...tables.flatMap((table) => Object.entries(table)),
    // The methods this webhook may call (Bitrix24 answers the names in lower case).
    ['methods', { scope: null, run: async ({ caller }: BitrixCall) => ({ result: [...bitrixMethods].filter(([, m]) => m.scope === null || caller.scopes.includes(m.scope)).map(([name]) => name) }) }] as const,
  ].map(([name, method]) => [name.toLowerCase(), method as BitrixMethod]),
);

/** Runs `method` for `caller`, checking that the method exists and that the webhook's scopes allow it. */
export async function runMethod(database: Database, caller: WebhookCaller, method: string, params: Params): Promise<BitrixAnswer> {
  const found = bitrixMethods.get(method.toLowerCase());
  if (!found) throw methodNotFound();
  if (found.scope !== null && !caller.scopes.includes(found.scope)) throw insufficientScope();
  return found.run({ caller, params, database, call: (name, nested) => runMethod(database, caller, name, nested) });
}
