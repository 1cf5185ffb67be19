import type { FastifyBaseLogger } from 'fastify';
import type { Database } from '../../db/database.ts';
import type { ListenerSource } from '../events/dispatcher.ts';

/** One listener per active webhook (placeholder until the webhooks module lands: none). */
export function webhookListeners(_database: Database, _now: () => Date, _log?: FastifyBaseLogger): ListenerSource {
  return async () => [];
}
