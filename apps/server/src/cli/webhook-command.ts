import { parseArgs, type ParseArgsOptionsConfig } from 'node:util';
import { loadConfig } from '../config.ts';
import type { Database } from '../db/database.ts';
import { appendAudit } from '../modules/audit/audit.service.ts';
import { findUserByEmail } from '../modules/auth/auth.repository.ts';
import * as repository from '../modules/bitrix/inbound-webhook.repository.ts';
import { createForEmail, knownScopes } from '../modules/bitrix/inbound-webhook.service.ts';
import { publicUrlOf } from '../server.ts';
import { say } from './messages.ts';

/**
 * `vinculo webhook create|list|revoke`: the inbound webhooks of the Bitrix24-compatible API (modules/bitrix), for an
 * operator at the server's console. `create` prints the base URL on its last line, so a script can take it with
 * `tail -n 1`; the code in it is shown only then (the database keeps its hash).
 */

/** A reason the command refuses its input (exit 2 with the usage). */
export class WebhookUsageError extends Error {}

/** Node's parseArgs errors, for main.ts to turn into the CLI's own words. */
const parse = (args: string[], options: ParseArgsOptionsConfig) => parseArgs({ args, options, strict: true, allowPositionals: false }).values;

export async function webhookCommand(database: Database, subcommand: string | undefined, args: string[]): Promise<number> {
  switch (subcommand) {
    case 'create': {
      const values = parse(args, { email: { type: 'string' }, scope: { type: 'string', multiple: true }, name: { type: 'string' } });
      const email = values.email;
      if (typeof email !== 'string' || email === '') throw new WebhookUsageError(say('missingOption', { option: 'email' }));
      const scopes = [...new Set((values.scope as string[] | undefined) ?? ['crm'])];
      const unknown = scopes.find((scope) => !(knownScopes as readonly string[]).includes(scope));
      if (unknown !== undefined) throw new WebhookUsageError(say('webhook.badScope', { scope: unknown, scopes: knownScopes.join(', ') }));
      const name = typeof values.name === 'string' && values.name.trim() !== '' ? values.name.trim().slice(0, 100) : 'CLI';
      const created = await createForEmail(database, email, name, scopes, publicUrlOf(loadConfig()), new Date());
      if (!created) {
        console.error(say('userNotFound', { email }));
        return 1;
      }
      console.log(say('webhook.created', { id: created.id, name, email: email.trim().toLowerCase(), scopes: scopes.join(', ') }));
      console.log(created.url);
      return 0;
    }
    case 'list': {
      const values = parse(args, { email: { type: 'string' } });
      let userId: number | null = null;
      if (typeof values.email === 'string') {
        const user = await findUserByEmail(database.db, values.email);
        if (!user) {
          console.error(say('userNotFound', { email: values.email }));
          return 1;
        }
        userId = user.id;
      }
      const rows = await repository.listInboundWebhooks(database.db, userId);
      if (rows.length === 0) {
        console.log(say('webhook.none'));
        return 0;
      }
      for (const row of rows) {
        const lastUsed = row.last_used_at === null ? say('webhook.neverUsed') : iso(row.last_used_at);
        console.log(say('webhook.row', { id: Number(row.id), name: row.name, user: row.user_name, userId: Number(row.user_id), scopes: (JSON.parse(row.scopes) as string[]).join(','), hint: row.code_hint, created: iso(row.created_at), lastUsed }));
      }
      return 0;
    }
    case 'revoke': {
      const values = parse(args, { id: { type: 'string' } });
      if (typeof values.id !== 'string' || values.id === '') throw new WebhookUsageError(say('missingOption', { option: 'id' }));
      if (!/^[1-9]\d{0,9}$/.test(values.id)) throw new WebhookUsageError(say('webhook.badId', { id: values.id }));
      const id = Number(values.id);
      const row = await repository.findInboundWebhook(database.db, id);
      if (!row) {
        console.error(say('webhook.notFound', { id }));
        return 1;
      }
      const now = new Date();
      await database.db.transaction().execute(async (trx) => {
        await repository.revokeInboundWebhook(trx, id, now.toISOString());
        // No one signed in: the audit log names no actor, as for other console changes.
        await appendAudit(trx, { kind: 'settings.inboundWebhook.revoked', target: { type: 'inboundWebhook', id }, details: { name: row.name, userId: row.user_id }, actorId: null, at: now, address: null });
      });
      console.log(say('webhook.revoked', { id, name: row.name }));
      return 0;
    }
    default:
      throw new WebhookUsageError(say('unknownCommand', { command: `webhook ${subcommand ?? ''}`.trim() }));
  }
}

const iso = (value: string | Date) => (value instanceof Date ? value : new Date(value)).toISOString().slice(0, 16).replace('T', ' ');
