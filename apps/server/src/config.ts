import { z } from 'zod';

/** Settings from the environment; each one is documented in the README. */
const schema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('127.0.0.1'),
  DATABASE_URL: z.string().min(1).default('./data/vinculo.sqlite'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  SESSION_TTL_HOURS: z.coerce.number().int().min(1).max(8760).default(720),
  COOKIE_SECURE: z.enum(['auto', 'true', 'false']).default('auto'),
  SQLITE_SYNCHRONOUS: z.enum(['NORMAL', 'FULL']).default('NORMAL'),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  RECYCLE_BIN_DAYS: z.coerce.number().int().min(1).max(3650).default(30),
  MAX_UPLOAD_MB: z.coerce.number().int().min(1).max(1024).default(10),
  MAX_IMPORT_MB: z.coerce.number().int().min(1).max(10240).default(1024),
  /** The address users and integrations reach this server at (inbound webhook URLs); default http://localhost:$PORT. */
  PUBLIC_URL: z.url({ protocol: /^https?$/ }).optional(),
  /** How many server processes `vinculo serve` starts on the one port; by default one per CPU core. */
  WEB_CONCURRENCY: z.coerce.number().int().min(1).max(64).optional(),
  /** `vinculo serve` also runs the background work (jobs, event delivery, periodic tasks); false leaves it to `vinculo worker`. */
  RUN_WORKER: z.enum(['true', 'false']).default('true'),
  /** How long a worker holds a claimed job or event listener without renewing it before another worker may take over. */
  WORKER_LEASE_SECONDS: z.coerce.number().int().min(2).max(3600).default(30),
  /** The Bitrix24-compatible API's leaky bucket: calls a webhook may make per second on average; 0 (the default) is no limit. */
  BITRIX_RATE_LIMIT_PER_SECOND: z.coerce.number().min(0).max(100_000).default(0),
  /** …and how many calls it may make in a burst before it gets 503 QUERY_LIMIT_EXCEEDED (Bitrix24's plans: 50 or 250). */
  BITRIX_RATE_LIMIT_BURST: z.coerce.number().int().min(1).max(1_000_000).default(50),
});

export type Config = z.infer<typeof schema>;

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const result = schema.safeParse(env);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ');
    throw new Error(`Invalid environment: ${problems}`);
  }
  return result.data;
}
