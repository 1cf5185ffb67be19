import type { Database } from '../../db/database.ts';
import { notify } from '../notifications/notification.service.ts';
import * as repository from './webhook.repository.ts';

/** Why a webhook stopped by itself: it failed too often, or its owner was deactivated. */
export type PauseReason = 'failures' | 'ownerInactive';

/**
 * Pauses a webhook and tells every active administrator (a `webhookPaused` notification), in one transaction.
 * Only the process that actually paused it tells them: two workers failing it at once send one notification each
 * administrator. Answers whether this call paused it.
 */
export async function pauseAndTell(database: Database, webhookId: number, reason: PauseReason, now: Date): Promise<boolean> {
  return database.db.transaction().execute(async (trx) => {
    if (!(await repository.pauseWebhook(trx, webhookId, reason, now.toISOString()))) return false;
    const admins = await trx.selectFrom('users').select('id').where('is_admin', '=', 1).where('is_active', '=', 1).execute();
    await notify(trx, now, admins.map((admin) => ({ userId: Number(admin.id), kind: 'webhookPaused', actorId: null, webhookId })));
    return true;
  });
}
