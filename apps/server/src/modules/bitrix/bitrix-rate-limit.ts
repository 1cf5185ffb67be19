import { BitrixError } from './bitrix-errors.ts';

/** `BITRIX_RATE_LIMIT_PER_SECOND` and `BITRIX_RATE_LIMIT_BURST`: how fast a bucket drains and how much it holds. */
export interface RateLimit {
  perSecond: number;
  burst: number;
}

interface Bucket {
  level: number;
  at: number;
}

/** Buckets that have drained are dropped once there are this many, so idle webhooks cost no memory. */
const sweepAbove = 10_000;

/**
 * Bitrix24's leaky bucket (bitrix24-rest.md §17): every HTTP call to a webhook adds one to its bucket, the bucket
 * drains `perSecond` a second, and a call that would take it over `burst` is refused with 503 `QUERY_LIMIT_EXCEEDED`
 * — the answer the official SDKs slow down and retry on. A `batch` is one call. The buckets live in this process:
 * with several server processes each holds its own (docs/bitrix24-api.md).
 */
export function leakyBucket(limit: RateLimit, now: () => Date) {
  const buckets = new Map<number, Bucket>();
  const drained = (bucket: Bucket, at: number) => Math.max(0, bucket.level - ((at - bucket.at) / 1000) * limit.perSecond);

  function sweep(at: number) {
    for (const [key, bucket] of buckets) if (drained(bucket, at) === 0) buckets.delete(key);
  }

  return {
    /** Counts one call of `key`, or throws 503 `QUERY_LIMIT_EXCEEDED` when its bucket is full. */
    take(key: number) {
      const at = now().getTime();
      const bucket = buckets.get(key) ?? { level: 0, at };
      const level = drained(bucket, at);
      if (level + 1 > limit.burst) throw new BitrixError(503, 'QUERY_LIMIT_EXCEEDED', 'Too many requests');
      if (buckets.size > sweepAbove) sweep(at);
      buckets.set(key, { level: level + 1, at });
    },
  };
}
