/**
 * A small deterministic PRNG (sfc32, seeded through splitmix32), so the same seed gives the same data set on
 * every run, machine and database. Each table draws from its own stream, named after it.
 */
export interface Random {
  /** A float in [0, 1). */
  next(): number;
  /** An integer in [0, n). */
  below(n: number): number;
  /** An integer in [min, max]. */
  between(min: number, max: number): number;
  pick<T>(list: readonly T[]): T;
  chance(p: number): boolean;
}

function splitmix32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x9e3779b9) >>> 0;
    let z = state;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
}

/** FNV-1a of a stream name, mixed into the seed. */
function hashName(name: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < name.length; i++) hash = Math.imul(hash ^ name.charCodeAt(i), 0x01000193) >>> 0;
  return hash;
}

export function randomStream(seed: number, name: string): Random {
  const init = splitmix32((seed ^ hashName(name)) >>> 0);
  let a = init();
  let b = init();
  let c = init();
  let d = init();
  const next32 = () => {
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return t >>> 0;
  };
  for (let i = 0; i < 12; i++) next32();
  const next = () => next32() / 4_294_967_296;
  return {
    next,
    below: (n) => Math.floor(next() * n),
    between: (min, max) => min + Math.floor(next() * (max - min + 1)),
    pick: (list) => list[Math.floor(next() * list.length)],
    chance: (p) => next() < p,
  };
}

/** O(1) weighted picks: a table of 1,024 slots filled in proportion to the weights. */
export function weighted<T>(entries: ReadonlyArray<readonly [T, number]>): T[] {
  const total = entries.reduce((sum, [, weight]) => sum + weight, 0);
  const slots: T[] = [];
  let carried = 0;
  for (const [value, weight] of entries) {
    carried += (weight / total) * 1024;
    while (slots.length < Math.round(carried)) slots.push(value);
  }
  return slots;
}
