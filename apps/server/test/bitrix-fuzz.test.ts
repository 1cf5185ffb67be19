/**
 * QUALITY.md R3 for the Bitrix24-compatible endpoint: bad input gets Bitrix24's error envelope with a 4xx, never a
 * 5xx. A property-based test (fast-check, fixed seed) sends generated calls to `/rest/{userId}/{code}/{method}`:
 * every method of the registry (and unknown names), as a GET query string, a JSON body, a PHP-bracket form or a
 * malformed body, with parameters mixing sensible ones (ids of items that exist, real field names, every filter
 * prefix) with hostile ones (wrong types, edge numbers, huge and unicode strings, NUL bytes, deep nesting, forged
 * `$result[…]` references in batches).
 *
 * Every answer must be < 500 and Bitrix24-shaped: a 200 has `result` and `time`; an error has a non-empty `error`
 * and an `error_description`. Reproduce with FUZZ_SEED; FUZZ_RUNS changes the number of calls (default 10,000);
 * FUZZ_KEEP_GOING=1 lists every distinct failure.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { bitrixMethods } from '../src/modules/bitrix/bitrix-methods.ts';
import { createTestApp, testDialects, type TestApp } from './support/test-app.ts';

const SEED = Number(process.env.FUZZ_SEED ?? 20261130);
const RUNS = Number(process.env.FUZZ_RUNS ?? 10_000);
/** FUZZ_KEEP_GOING=1 records every failure instead of stopping (and shrinking) at the first, and lists them at the end. */
const KEEP_GOING = process.env.FUZZ_KEEP_GOING === '1';

// ---------------------------------------------------------------------------------------------- values

const nastyString = fc.oneof(
  fc.constantFrom('', ' ', '\u0000', 'a\u0000b', '\ud800', '\ufeff', '\u202eevil', 'null', 'Y', 'N', 'true', 'NaN', '-0', '1e308', '0x10', '١٢٣', "'; drop table deals; --", '%_\\', '<script>alert(1)</script>', '$result[a][ID]', '$result[nope]', '../../etc/passwd', 'São Paulo — ção 🇧🇷', '2026-11-30T12:00:00+03:00', '30/11/2026', '1.234,56', 'BRL', 'USD', 'NEW', 'WON', 'C1:NEW', 'D_1', 'C_2', 'CO_3', 'L_4', 'WORK', 'MOBILE', 'lead', 'deal', 'contact', 'company', 'http://127.0.0.1:1/x', 'http://169.254.169.254/', 'ftp://x', '+55 11 98765-4321', 'ana@example.com.br'),
  fc.string({ unit: 'binary', maxLength: 30 }),
  fc.string({ unit: 'grapheme', maxLength: 30 }),
);
const hugeString = fc.constantFrom(256, 4096, 70_000).chain((length) => fc.constantFrom('a', 'é', '😀', '\u0000').map((unit) => unit.repeat(length)));
const edgeNumber = fc.constantFrom(0, -1, 1, 2, 3, 5, 7, 12, 50, -0, 0.5, 1e308, -1e308, 2 ** 31 - 1, 2 ** 31, 2 ** 53, Number.MAX_SAFE_INTEGER, 1e-7);
const smallId = fc.integer({ min: 1, max: 12 });

const leaf = fc.oneof({ weight: 4, arbitrary: nastyString }, { weight: 1, arbitrary: hugeString }, { weight: 3, arbitrary: edgeNumber }, { weight: 2, arbitrary: smallId }, { weight: 1, arbitrary: fc.boolean() }, { weight: 1, arbitrary: fc.constant(null) });
const value: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 6, arbitrary: leaf },
  { weight: 1, arbitrary: fc.array(leaf, { maxLength: 4 }) },
  { weight: 1, arbitrary: fc.dictionary(fc.string({ maxLength: 6 }), leaf, { maxKeys: 3 }) },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 4 }) },
  { weight: 1, arbitrary: fc.constantFrom([{ VALUE: '+55 11 98765-4321', VALUE_TYPE: 'WORK' }], [{ ID: '1', DELETE: 'Y' }], [{ ID: 1, VALUE: '' }], { n0: { typeId: 'PHONE', value: '+55 11 3333-4444', valueType: 'WORK' } }, [{ VALUE: 'x', DEL: 'Y' }], [[[[[]]]]]) },
);

// ---------------------------------------------------------------------------------------------- parameters

const fieldNames = ['ID', 'TITLE', 'NAME', 'LAST_NAME', 'SECOND_NAME', 'PHONE', 'EMAIL', 'WEB', 'IM', 'OPPORTUNITY', 'CURRENCY_ID', 'STAGE_ID', 'STATUS_ID', 'CATEGORY_ID', 'ASSIGNED_BY_ID', 'CONTACT_ID', 'CONTACT_IDS', 'COMPANY_ID', 'LEAD_ID', 'BIRTHDATE', 'DATE_CREATE', 'DATE_MODIFY', 'OPENED', 'EXPORT', 'COMMENTS', 'SOURCE_ID', 'TYPE_ID', 'COMPANY_TYPE', 'UF_CRM_SEGMENT', 'UF_CRM_X', 'ENTITY_ID', 'ENTITY_TYPE', 'ENTITY_TYPE_ID', 'COMMENT', 'OWNER_ID', 'OWNER_TYPE_ID', 'SUBJECT', 'RESPONSIBLE_ID', 'COMMUNICATIONS', 'START_TIME', 'END_TIME', 'DEADLINE', 'COMPLETED', 'DIRECTION', 'PRIORITY', 'DESCRIPTION', 'FIELD_NAME', 'USER_TYPE_ID', 'LABEL', 'EDIT_FORM_LABEL', 'LIST', 'MULTIPLE', 'MANDATORY', 'SORT', 'SETTINGS', 'XML_ID', 'SYMBOL', 'AMOUNT', 'AMOUNT_CNT', 'BASE', 'LANG', 'title', 'name', 'lastName', 'stageId', 'categoryId', 'opportunity', 'currencyId', 'assignedById', 'contactIds', 'companyId', 'fm', 'ufCrmSegment', 'logic', 'IS_DEFAULT', 'STATUS_ID', 'SEMANTICS', 'COLOR', 'entityTypeId', 'isDefault'];
const prefixes = ['', '=', '!', '!=', '>', '>=', '<', '<=', '%', '=%', '%=', '!%', '@', '!@', '><', '!><', '?', '*'];

const fieldsObject = fc.dictionary(fc.oneof({ weight: 5, arbitrary: fc.constantFrom(...fieldNames) }, { weight: 1, arbitrary: fc.string({ maxLength: 12 }) }), value, { maxKeys: 6 });
const filterObject = fc.dictionary(
  fc.oneof({ weight: 6, arbitrary: fc.tuple(fc.constantFrom(...prefixes), fc.constantFrom(...fieldNames)).map(([p, f]) => `${p}${f}`) }, { weight: 1, arbitrary: fc.string({ maxLength: 10 }) }),
  value,
  { maxKeys: 4 },
);
const orderObject = fc.dictionary(fc.constantFrom(...fieldNames, 'nope'), fc.oneof(fc.constantFrom('ASC', 'DESC', 'asc', 'desc', 'sideways'), leaf), { maxKeys: 3 });
const selectList = fc.oneof(fc.array(fc.constantFrom('*', 'UF_*', 'PHONE', 'EMAIL', ...fieldNames), { maxLength: 6 }), value);

const batchCommand = fc
  .tuple(fc.constantFrom('profile', 'crm.deal.get', 'crm.deal.add', 'crm.contact.list', 'crm.lead.update', 'batch', 'nope.method', 'crm.item.get', 'crm.activity.list'), fc.dictionary(fc.constantFrom('id', 'ID', 'fields[TITLE]', 'filter[>ID]', 'start', 'entityTypeId', 'select[]'), fc.oneof(nastyString, smallId.map(String), fc.constantFrom('$result[a]', '$result[a][ID]', '$result[z][0][ID]', '$result[a][', '%24result%5Ba%5D')), { maxKeys: 3 }))
  .map(([method, query]) => `${method}?${Object.entries(query).map(([k, v]) => `${k}=${encodeURIComponent(String(v).toWellFormed())}`).join('&')}`);

const parameters = fc.record(
  {
    id: fc.oneof({ weight: 4, arbitrary: smallId }, { weight: 2, arbitrary: leaf }, { weight: 1, arbitrary: value }),
    fields: fc.oneof({ weight: 6, arbitrary: fieldsObject }, { weight: 1, arbitrary: value }),
    filter: fc.oneof({ weight: 6, arbitrary: filterObject }, { weight: 1, arbitrary: value }),
    order: fc.oneof({ weight: 4, arbitrary: orderObject }, { weight: 1, arbitrary: value }),
    select: selectList,
    start: fc.oneof(fc.constantFrom(0, -1, 50, 100, '50', 'x', -2, 1e9), leaf),
    entityTypeId: fc.oneof(fc.constantFrom(1, 2, 3, 4, 7, 31, 128, 0, -1, '2'), leaf),
    cmd: fc.oneof(fc.dictionary(fc.stringMatching(/^[a-z]{1,3}$/), batchCommand, { maxKeys: 6 }), fc.array(batchCommand, { maxLength: 6 }), value),
    halt: fc.oneof(fc.constantFrom(0, 1, '0', '1', 'Y'), leaf),
    type: fc.oneof(fc.constantFrom('PHONE', 'EMAIL', 'WEB', 'nope'), leaf),
    values: fc.oneof(fc.array(fc.constantFrom('+55 11 98765-4321', 'ana@example.com.br', ''), { maxLength: 25 }), value),
    entity_type: fc.oneof(fc.constantFrom('LEAD', 'CONTACT', 'COMPANY', 'DEAL'), leaf),
    event: fc.oneof(fc.constantFrom('ONCRMDEALADD', 'onCrmLeadUpdate', 'ONCRMACTIVITYDELETE', 'ONNOTHING'), leaf),
    handler: fc.oneof(fc.constantFrom('http://127.0.0.1:1/hook', 'http://10.0.0.1/', 'http://[::1]/', 'not a url', 'javascript:alert(1)'), leaf),
    useOriginalUfNames: fc.constantFrom('Y', 'N', 'x'),
    ownerTypeId: leaf,
    ownerId: leaf,
    items: fc.oneof(fc.array(fc.record({ CONTACT_ID: fc.oneof(smallId, leaf), IS_PRIMARY: fc.constantFrom('Y', 'N') }), { maxLength: 3 }), value),
  },
  { requiredKeys: [] },
);

// ---------------------------------------------------------------------------------------------- calls

const methodNames = [...bitrixMethods.keys()];
const methodName = fc.oneof(
  { weight: 12, arbitrary: fc.constantFrom(...methodNames) },
  { weight: 1, arbitrary: fc.constantFrom(...methodNames).map((m) => `${m.toUpperCase()}.json`) },
  { weight: 1, arbitrary: fc.constantFrom(...methodNames).map((m) => `${m}/`) },
  { weight: 1, arbitrary: fc.oneof(fc.constantFrom('crm.nope', '', '.json', 'crm.deal.add.xml', '%00', 'crm..deal', 'crm.deal.get/extra/segments', '__proto__', 'constructor', 'batch.batch'), fc.string({ maxLength: 20 })) },
);

type Encoding = 'query' | 'json' | 'form' | 'raw';
interface Call {
  method: string;
  encoding: Encoding;
  params: Record<string, unknown>;
  raw: { text: string; contentType: string };
}

const call: fc.Arbitrary<Call> = fc.record({
  method: methodName,
  encoding: fc.constantFrom<Encoding>('json', 'json', 'form', 'query', 'raw'),
  params: parameters,
  raw: fc.record({
    text: fc.oneof(fc.constantFrom('{', '{"fields":', '[1,2', 'fields[TITLE]=%E0%A4%A', 'a[b][c][d][e][f][g][h][i][j][k]=1', '%', '&&&==', 'fields[=1', '\u0000'), fc.string({ maxLength: 60 })),
    contentType: fc.constantFrom('application/json', 'application/x-www-form-urlencoded', 'text/plain', 'multipart/form-data; boundary=x', 'application/xml'),
  }),
});

/** PHP's `http_build_query`: nested keys in brackets, a list's members by index. */
function phpQuery(params: Record<string, unknown>): string {
  const pairs: string[] = [];
  const add = (key: string, item: unknown) => {
    if (item !== null && typeof item === 'object') {
      for (const [k, v] of Object.entries(item)) add(`${key}[${k}]`, v);
    } else {
      pairs.push(`${encodeURIComponent(key.toWellFormed())}=${encodeURIComponent(item === null ? '' : String(item).toWellFormed())}`);
    }
  };
  for (const [k, v] of Object.entries(params)) add(k, v);
  return pairs.join('&');
}

/** The method part of the URL, with characters a client would have to escape escaped. */
const pathOf = (method: string) => method.split('/').map((segment) => encodeURIComponent(segment.toWellFormed())).join('/');

// ---------------------------------------------------------------------------------------------- the property

for (const dialect of testDialects()) {
  describe(`Bitrix24 API fuzzing (R3) [${dialect}]`, () => {
    let t: TestApp;
    let base: string;
    before(async () => {
      t = await createTestApp(dialect);
      const created = await t.call('POST', '/api/v1/inbound-webhooks', { name: 'Fuzz' });
      assert.equal(created.statusCode, 201, created.body);
      base = new URL(created.json().url).pathname;
      // Something to find, change and link: a few items of each type, ids 1–5.
      for (let i = 1; i <= 5; i++) {
        await t.call('POST', '/api/v1/contacts', { name: `Contato ${i}`, phones: [{ value: `+55 11 98765-432${i}`, valueType: 'WORK' }] });
        await t.call('POST', '/api/v1/companies', { title: `Empresa ${i}` });
        await t.call('POST', '/api/v1/leads', { title: `Lead ${i}` });
        await t.call('POST', '/api/v1/deals', { title: `Negócio ${i}`, contactIds: [i] });
      }
    });
    after(() => t.close());

    it(`answers ${RUNS.toLocaleString('en-US')} generated calls without a 5xx, every answer in Bitrix24's envelope`, async () => {
      const statuses = new Map<number, number>();
      const failures = new Map<string, string>();
      await fc.assert(
        fc.asyncProperty(call, async ({ method, encoding, params, raw }) => {
          const path = `${base}${pathOf(method)}`;
          const response =
            encoding === 'query'
              ? await t.app.inject({ method: 'GET', url: `${path}?${phpQuery(params)}` })
              : encoding === 'json'
                ? await t.app.inject({ method: 'POST', url: path, headers: { 'content-type': 'application/json' }, payload: JSON.stringify(params) })
                : encoding === 'form'
                  ? await t.app.inject({ method: 'POST', url: path, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: phpQuery(params) })
                  : await t.app.inject({ method: 'POST', url: path, headers: { 'content-type': raw.contentType }, payload: raw.text });
          statuses.set(response.statusCode, (statuses.get(response.statusCode) ?? 0) + 1);
          try {
            check(method, response);
          } catch (error) {
            if (!KEEP_GOING) throw error;
            failures.set(`${method.replace(/\/$|\.json$/i, '').toLowerCase()} ${response.statusCode}`, JSON.stringify({ method, encoding, params }).slice(0, 400));
          }
        }),
        { numRuns: RUNS, seed: SEED },
      );
      assert.deepEqual(Object.fromEntries(failures), {});
      const total = [...statuses.values()].reduce((sum, n) => sum + n, 0);
      assert.equal(total >= RUNS, true);
      // The generator must reach the methods, not only be refused at the door.
      assert.ok((statuses.get(200) ?? 0) > RUNS * 0.15, `successes: ${JSON.stringify(Object.fromEntries(statuses))}`);
    });
  });
}

/** Under 500, and Bitrix24's envelope: `result` and `time`, or a non-empty `error` and its description. */
function check(method: string, response: { statusCode: number; body: string }) {
  assert.ok(response.statusCode < 500, `${response.statusCode} for ${method}: ${response.body.slice(0, 300)}`);
  const body = JSON.parse(response.body) as Record<string, unknown>;
  if (response.statusCode === 200) {
    assert.ok('result' in body, `200 without result: ${response.body.slice(0, 200)}`);
    assert.equal(typeof (body.time as { start?: unknown } | undefined)?.start, 'number', 'time on every success');
  } else {
    assert.ok(typeof body.error === 'string' && body.error.length > 0, `an error code: ${response.body.slice(0, 200)}`);
    assert.equal(typeof body.error_description, 'string');
  }
}
