/** The delay before attempt `attempts + 1`: `base`·2^(attempts−1), at most `max`, with up to 10% jitter so retries of many failures spread out. */
export function backoffDelay(attempts: number, base: number, max: number): number {
  const delay = Math.min(max, base * 2 ** Math.max(0, attempts - 1));
  return Math.round(delay * (1 + Math.random() * 0.1));
}
