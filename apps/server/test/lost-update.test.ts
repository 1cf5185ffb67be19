/**
 * QUALITY.md R1 — no lost updates.
 *
 * 16 concurrent clients × 100 attempts on the same deal through the API. Each attempt reads the deal
 * (GET), adds 1.00 to its amount with exact integer-cent arithmetic and writes it back (PATCH) with the
 * version it read; a 409 means somebody wrote in between: the client counts a conflict and its next
 * attempt re-reads. At the end the amount must equal exactly the number of acknowledged (200) updates,
 * and the version must have moved once per acknowledged update.
 *
 * The clients run concurrently through `app.inject`: on PostgreSQL the pool serves them in parallel; on
 * SQLite writes serialize, but every inject call is asynchronous, so other clients' GETs and PATCHes
 * still land between one client's GET and its PATCH — the interleaving that loses updates. A seeded random
 * pause between GET and PATCH (0–2 ms) keeps the clients from falling into lock-step rounds.
 *
 * Negative control: the same workload without the version must lose updates, or the test could not fail.
 */
import assert from 'node:assert/strict';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, it } from 'node:test';
import { dealBody } from './support/factories.ts';
import { createTestApp, testDialects, type TestApp } from './support/test-app.ts';

const CLIENTS = 16;
const ATTEMPTS = 100;
const SEED = 1_2026_1122;

/** A small seeded PRNG (mulberry32), so that the pauses below are the same on every run. */
function prng(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let x = Math.imul(state ^ (state >>> 15), 1 | state);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

type Mode = 'version in body' | 'If-Match header' | 'no version';

interface Outcome {
  acknowledged: number;
  conflicts: number;
  finalCents: number;
  finalVersion: number;
  startVersion: number;
  seconds: number;
}

/** "12.34" → 1234, exactly (no floating point). */
function toCents(amount: string): number {
  const match = /^(-)?(\d+)\.(\d{2})$/.exec(amount);
  assert.ok(match, `not a money amount: ${amount}`);
  const cents = Number(match[2]) * 100 + Number(match[3]);
  assert.ok(Number.isSafeInteger(cents));
  return match[1] ? -cents : cents;
}

const fromCents = (cents: number) => `${cents < 0 ? '-' : ''}${Math.floor(Math.abs(cents) / 100)}.${String(Math.abs(cents) % 100).padStart(2, '0')}`;

async function runWorkload(t: TestApp, mode: Mode): Promise<Outcome> {
  const created = await t.call('POST', '/api/v1/deals', dealBody({ opportunity: '0.00' }));
  assert.equal(created.statusCode, 201, created.body);
  const deal = created.json();
  assert.equal(deal.opportunity, '0.00');
  const url = `/api/v1/deals/${deal.id}`;

  let acknowledged = 0;
  let conflicts = 0;
  const started = performance.now();

  const client = async (name: number) => {
    const random = prng(SEED + name);
    for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
      const read = await t.call('GET', url);
      assert.equal(read.statusCode, 200, read.body);
      const { version, opportunity } = read.json() as { version: number; opportunity: string };
      const next = fromCents(toCents(opportunity) + 100);
      // Think time: sometimes none, sometimes up to 2 ms, so clients fall in and out of step.
      const pause = random();
      if (pause >= 0.5) await sleep(Math.floor((pause - 0.5) * 4));
      const response =
        mode === 'version in body'
          ? await t.call('PATCH', url, { version, opportunity: next })
          : mode === 'If-Match header'
            ? await t.call('PATCH', url, { opportunity: next }, { 'if-match': `"${version}"` })
            : await t.call('PATCH', url, { opportunity: next });
      if (response.statusCode === 200) {
        acknowledged++;
        // The acknowledged write is exactly the one this client asked for.
        assert.equal(response.json().opportunity, next, `client ${name}: acknowledged a different amount`);
      } else if (response.statusCode === 409) {
        assert.equal(response.json().error.code, 'VERSION_CONFLICT');
        conflicts++;
      } else {
        assert.fail(`client ${name}, attempt ${attempt}: PATCH answered ${response.statusCode} ${response.body}`);
      }
    }
  };
  await Promise.all(Array.from({ length: CLIENTS }, (_, index) => client(index)));

  const final = await t.call('GET', url);
  assert.equal(final.statusCode, 200, final.body);
  return {
    acknowledged,
    conflicts,
    finalCents: toCents(final.json().opportunity),
    finalVersion: final.json().version,
    startVersion: deal.version,
    seconds: (performance.now() - started) / 1000,
  };
}

const summary = (dialect: string, mode: Mode, o: Outcome) =>
  `${dialect}, ${mode}: ${CLIENTS}×${ATTEMPTS} attempts → ${o.acknowledged} acknowledged, ${o.conflicts} conflicts (409), ` +
  `final amount ${fromCents(o.finalCents)} (${o.acknowledged - o.finalCents / 100} acknowledged updates lost), version ${o.startVersion} → ${o.finalVersion}, ${o.seconds.toFixed(1)} s`;

for (const dialect of testDialects()) {
  describe(`no lost updates, QUALITY.md R1 [${dialect}]`, () => {
    let t: TestApp;
    before(async () => {
      t = await createTestApp(dialect);
    });
    after(() => t.close());

    for (const mode of ['version in body', 'If-Match header'] as const) {
      it(`${CLIENTS} concurrent clients × ${ATTEMPTS} read-modify-writes with the ${mode === 'version in body' ? 'version in the body' : 'version in If-Match'}: the amount equals the acknowledged updates`, async (context) => {
        const outcome = await runWorkload(t, mode);
        context.diagnostic(summary(dialect, mode, outcome));
        assert.equal(outcome.acknowledged + outcome.conflicts, CLIENTS * ATTEMPTS, 'every attempt is acknowledged or refused');
        assert.ok(outcome.acknowledged > 0, 'some updates went through');
        assert.ok(outcome.conflicts > 0, 'the clients interleaved (otherwise the test proves nothing)');
        assert.equal(outcome.finalCents, outcome.acknowledged * 100, 'final amount = 1.00 × acknowledged updates');
        assert.equal(outcome.finalVersion, outcome.startVersion + outcome.acknowledged, 'one new version per acknowledged update');
      });
    }

    it('negative control: the same workload without the version loses updates', async (context) => {
      const outcome = await runWorkload(t, 'no version');
      context.diagnostic(summary(dialect, 'no version', outcome));
      assert.equal(outcome.conflicts, 0, 'nothing to conflict with');
      assert.equal(outcome.acknowledged, CLIENTS * ATTEMPTS);
      assert.ok(outcome.finalCents < outcome.acknowledged * 100, `updates were lost: final ${fromCents(outcome.finalCents)} < ${outcome.acknowledged}.00 acknowledged`);
    });
  });
}
