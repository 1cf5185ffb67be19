import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { foldText, itemTypeList, type FieldDef, type ItemTypeDef } from '@vinculo/shared';
import { companyBody, contactBody } from './support/factories.ts';
import { createTestApp, testDialects, type TestApp } from './support/test-app.ts';

/**
 * Issue 10: lists order and match text as a Brazilian user expects, the same on both databases; and a property test
 * over every sortable field of every type and kind (standard and custom, with nulls and ties, both directions,
 * several keys): walking a list by cursor returns every item exactly once, in order, as the same query without
 * paging does; and for every filterable field, the items a filter on a value finds are the items that show it.
 */

/** Custom fields of every kind on every type, so each type's list is checked with them. */
const customFields = [
  { name: 'UF_CRM_S', type: 'string', labelEn: 'S', labelPt: 'S' },
  { name: 'UF_CRM_T', type: 'text', labelEn: 'T', labelPt: 'T' },
  { name: 'UF_CRM_I', type: 'integer', labelEn: 'I', labelPt: 'I' },
  { name: 'UF_CRM_N', type: 'number', labelEn: 'N', labelPt: 'N' },
  { name: 'UF_CRM_M', type: 'money', labelEn: 'M', labelPt: 'M' },
  { name: 'UF_CRM_B', type: 'boolean', labelEn: 'B', labelPt: 'B' },
  { name: 'UF_CRM_D', type: 'date', labelEn: 'D', labelPt: 'D' },
  { name: 'UF_CRM_DT', type: 'datetime', labelEn: 'DT', labelPt: 'DT' },
  { name: 'UF_CRM_E', type: 'enumeration', labelEn: 'E', labelPt: 'E', options: [{ value: 'um' }, { value: 'dois' }, { value: 'três' }] },
  { name: 'UF_CRM_EM', type: 'enumeration', multiple: true, labelEn: 'EM', labelPt: 'EM', options: [{ value: 'x' }, { value: 'y' }] },
  { name: 'UF_CRM_U', type: 'user', labelEn: 'U', labelPt: 'U' },
  { name: 'UF_CRM_L', type: 'url', labelEn: 'L', labelPt: 'L' },
  { name: 'UF_CRM_A', type: 'address', labelEn: 'A', labelPt: 'A' },
];

const texts = ['ana', 'Ana', 'Álvaro', 'ÁLVARO', 'beatriz', 'Éder', 'Conceição', 'CONCEIÇÃO', 'conceicao', 'Zélia'];

/** A deterministic pick of values for every writable field: small pools, so there are ties, and nulls. */
function valueFor(field: FieldDef, pick: <T>(list: T[]) => T, refs: Refs): unknown {
  if (field.readOnly || field.immutable || field.type === 'multifield' || field.type === 'links' || field.type === 'file') return undefined;
  const maybe = <T>(list: T[]) => pick([...list, null as T]);
  if (field.custom?.multiple) return pick([[], [field.custom.options![0].id], [field.custom.options![1].id, field.custom.options![0].id]]);
  switch (field.type) {
    case 'string':
    case 'text':
    case 'address':
      return maybe(texts.filter((text) => text.length <= (field.maxLength ?? 255)));
    case 'integer':
      return maybe([field.min ?? 1, field.max ?? 7, 7]);
    case 'number':
      return maybe([1.5, -2, 1.5]);
    case 'money':
      return field.currencyColumn ? maybe([{ amount: '10.00', currency: 'BRL' }, { amount: '9.99', currency: 'USD' }]) : maybe(['10.00', '9.99', '10']);
    case 'boolean':
      return pick([true, false]);
    case 'date':
      return maybe(['2026-01-31', '2025-12-01']);
    case 'datetime':
      return maybe(['2026-01-31T10:00:00.000Z', '2026-01-31T09:00:00-03:00']);
    case 'reference':
      return field.name === 'stageId' || field.name === 'statusId' ? undefined : maybe(refs.codes[field.list!] ?? []);
    case 'currency':
      return pick(['BRL', 'USD']);
    case 'user':
      return field.name === 'assignedById' ? pick(refs.users) : maybe(refs.users);
    case 'item':
      return maybe(refs.items[field.itemType!] ?? []);
    case 'enumeration':
      return maybe(field.custom!.options!.map((o) => o.id));
    case 'url':
      return maybe(['https://b.example.com', 'https://a.example.com']);
    default:
      return undefined;
  }
}

interface Refs {
  users: number[];
  codes: Record<string, string[]>;
  items: Record<string, number[]>;
}

/** How a list compares two shown values of a field: text folded, nulls first, then as the column orders. */
function compare(field: FieldDef, a: unknown, b: unknown): number {
  const key = (value: unknown): unknown => {
    if (value === null || value === undefined) return null;
    if (field.type === 'string' || field.type === 'text' || field.type === 'address') return foldText(value as string);
    if (field.type === 'money') return Number((field.currencyColumn ? (value as { amount: string }).amount : (value as string)).replace('.', ''));
    if (field.type === 'boolean') return value ? 1 : 0;
    if (field.type === 'datetime') return Date.parse(value as string);
    return value;
  };
  const [x, y] = [key(a), key(b)];
  if (x === y) return 0;
  if (x === null) return -1;
  if (y === null) return 1;
  return (x as string | number) < (y as string | number) ? -1 : 1;
}

for (const dialect of testDialects()) {
  describe(`list order and filters [${dialect}]`, () => {
    let t: TestApp;
    const types = new Map<string, ItemTypeDef>();
    const ids = new Map<string, number[]>();

    before(async () => {
      t = await createTestApp(dialect);
      const seller = await t.addUser('Seller');
      for (const type of itemTypeList) {
        for (const field of customFields) assert.equal((await t.call('POST', `/api/v1/custom-fields/${type.plural}`, field)).statusCode, 201);
      }
      const refs: Refs = { users: [t.adminId, seller.id], codes: {}, items: {} };
      for (const list of ['SOURCE', 'CONTACT_TYPE', 'COMPANY_TYPE', 'INDUSTRY', 'EMPLOYEES', 'DEAL_TYPE', 'HONORIFIC']) {
        refs.codes[list] = (await t.call('GET', `/api/v1/reference-lists/${list}`)).json().values.slice(0, 2).map((v: { code: string }) => v.code);
      }
      // Items to link to, made first.
      refs.items.company = [(await t.call('POST', '/api/v1/companies', companyBody())).json().id, (await t.call('POST', '/api/v1/companies', companyBody())).json().id];
      refs.items.contact = [(await t.call('POST', '/api/v1/contacts', contactBody())).json().id];
      refs.items.lead = [];
      refs.items.deal = [];
      let seed = 20261129;
      const next = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648);
      const pick = <T>(list: T[]): T => list[Math.floor(next() * list.length)];
      for (const type of itemTypeList) {
        const layout = (await t.call('GET', `/api/v1/card-layouts/${type.plural}`)).json();
        // The type with its custom fields, as the engine has it (the card's metadata names them; the rest is static).
        const custom = layout.fields.filter((f: { custom: boolean }) => f.custom).map((f: { name: string; type: string; multiple: boolean; options: unknown; maxLength: number | null }) => ({
          name: f.name,
          type: f.type,
          column: 'x',
          maxLength: f.maxLength ?? undefined,
          ...(customFields.find((c) => c.type === 'money' && f.type === 'money') ? { currencyColumn: 'x' } : {}),
          custom: { multiple: f.multiple, options: f.options, sortable: !f.multiple, filterable: true },
        })) as FieldDef[];
        const full: ItemTypeDef = { ...type, fields: [...type.fields, ...custom] };
        types.set(type.name, full);
        const made: number[] = [];
        for (let i = 0; i < 12; i++) {
          const body: Record<string, unknown> = {};
          for (const field of full.fields) {
            const value = valueFor(field, pick, refs);
            if (value !== undefined) body[field.name] = value;
          }
          for (const name of type.requireOneOf ?? []) delete body[name];
          if (type.requireOneOf) body[type.requireOneOf[i % type.requireOneOf.length]] = pick(texts);
          if (type.fields.some((f) => f.name === 'title' && f.required)) body.title = pick(texts);
          const created = await t.call('POST', `/api/v1/${type.plural}`, body);
          assert.equal(created.statusCode, 201, `${type.name}: ${created.body}`);
          made.push(created.json().id);
        }
        ids.set(type.name, made);
      }
    });
    after(() => t.close());

    it('sorts names case and accent folded, then by id, and matches them folded too', async () => {
      const names = ['Zélia', 'ana', 'Éder', 'Álvaro', 'Beatriz', 'Ana'];
      const made: Array<{ id: number; name: string }> = [];
      for (const name of names) made.push((await t.call('POST', '/api/v1/contacts', contactBody({ name, lastName: 'Ordenação', post: name }))).json());
      const sorted = (await t.call('GET', '/api/v1/contacts?filter[lastName]=ordenacao&sort=name&fields=name&limit=50')).json().items.map((c: { name: string }) => c.name);
      assert.deepEqual(sorted, ['Álvaro', 'ana', 'Ana', 'Beatriz', 'Éder', 'Zélia'], 'case and accents folded; ana before Ana by id');
      const descending = (await t.call('GET', '/api/v1/contacts?filter[lastName]=ORDENAÇÃO&sort=-name&fields=name&limit=50')).json().items.map((c: { name: string }) => c.name);
      assert.deepEqual(descending, ['Zélia', 'Éder', 'Beatriz', 'Ana', 'ana', 'Álvaro']);
      // The same with a field that has no key column (folded at query time).
      const byPost = (await t.call('GET', '/api/v1/contacts?filter[lastName]=Ordenação&sort=post&fields=post&limit=50')).json().items.map((c: { post: string }) => c.post);
      assert.deepEqual(byPost, ['Álvaro', 'ana', 'Ana', 'Beatriz', 'Éder', 'Zélia']);

      for (const spelling of ['Conceição', 'CONCEIÇÃO', 'conceicao']) {
        assert.equal((await t.call('POST', '/api/v1/contacts', contactBody({ name: 'Mariazinha', lastName: `da ${spelling}`, post: `Gerente ${spelling}`, ufCrmS: `${spelling} S.A.` }))).statusCode, 201);
      }
      for (const needle of ['Conceição', 'CONCEIÇÃO', 'conceicao', 'CONCEICAO']) {
        for (const query of [`filter[lastName][contains]=${needle}`, `filter[lastName][startsWith]=da%20${needle}`, `filter[post][contains]=${needle}`, `filter[ufCrmS][startsWith]=${needle}`]) {
          const found = (await t.call('GET', `/api/v1/contacts?filter[name]=mariazinha&${encodeURI(query).replace(/%25/g, '%')}&limit=50`)).json();
          assert.equal(found.total, 3, `${query}: ${JSON.stringify(found.items?.map((c: { lastName: string }) => c.lastName))}`);
        }
      }
    });

    it('pages through a sort on a custom flag without losing items, and a never-set flag reads and filters as false', async () => {
      const field = { name: 'UF_CRM_VIP', type: 'boolean', labelEn: 'VIP', labelPt: 'VIP' };
      // Five contacts exist before the field does: they never had a value.
      const before = [];
      for (let i = 0; i < 5; i++) before.push((await t.call('POST', '/api/v1/contacts', contactBody({ lastName: `Vip ${i}` }))).json().id);
      assert.equal((await t.call('POST', '/api/v1/custom-fields/contacts', field)).statusCode, 201);
      const set = [];
      for (const vip of [true, true, false]) set.push((await t.call('POST', '/api/v1/contacts', contactBody({ lastName: 'Vip x', ufCrmVip: vip }))).json().id);
      const all = [...before, ...set];
      for (const sort of ['-ufCrmVip', 'ufCrmVip']) {
        const seen: number[] = [];
        let cursor: string | null = null;
        do {
          const page: { items: Array<{ id: number }>; nextCursor: string | null } = (await t.call('GET', `/api/v1/contacts?filter[lastName][startsWith]=vip&sort=${sort}&limit=2${cursor ? `&cursor=${cursor}` : ''}`)).json();
          seen.push(...page.items.map((c) => c.id));
          cursor = page.nextCursor;
        } while (cursor);
        assert.deepEqual([...seen].sort((a, b) => a - b), all, `${sort}: every contact exactly once`);
      }
      const shown = (await t.call('GET', `/api/v1/contacts/${before[0]}`)).json().ufCrmVip;
      assert.equal(shown, false);
      const falses = (await t.call('GET', '/api/v1/contacts?filter[lastName][startsWith]=vip&filter[ufCrmVip]=false&limit=50')).json().items.map((c: { id: number }) => c.id);
      assert.deepEqual(falses.sort((a: number, b: number) => a - b), [...before, set[2]]);
    });

    it('walks every sortable field of every type, both ways and in combinations, exactly as one unpaged query', async () => {
      for (const type of itemTypeList) {
        const full = types.get(type.name)!;
        const mine = ids.get(type.name)!;
        const filter = `filter[id][in]=${mine.join(',')}`;
        const sortable = full.fields.filter((f) => f.column && !f.custom?.multiple);
        const walk = async (sort: string, limit: number) => {
          const seen: Array<Record<string, unknown>> = [];
          let cursor: string | null = null;
          do {
            const response = await t.call('GET', `/api/v1/${type.plural}?${filter}&sort=${sort}&limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
            assert.equal(response.statusCode, 200, `${type.plural} sort=${sort}: ${response.body}`);
            const page = response.json();
            seen.push(...page.items);
            cursor = page.nextCursor;
          } while (cursor);
          return seen;
        };
        const check = async (keys: Array<{ field: FieldDef; descending: boolean }>) => {
          const sort = keys.map((k) => `${k.descending ? '-' : ''}${k.field.name}`).join(',');
          const unpaged = await walk(sort, 500);
          const paged = await walk(sort, 1 + (sort.length % 3));
          assert.deepEqual(paged.map((i) => i.id), unpaged.map((i) => i.id), `${type.plural} sort=${sort}: paging changes nothing`);
          assert.deepEqual([...unpaged.map((i) => i.id)].sort((a, b) => (a as number) - (b as number)), mine, `${type.plural} sort=${sort}: every item once`);
          const order = (a: Record<string, unknown>, b: Record<string, unknown>) => {
            for (const key of keys) {
              const difference = compare(key.field, a[key.field.name], b[key.field.name]);
              if (difference !== 0) return key.descending ? -difference : difference;
            }
            return (keys[0].descending ? -1 : 1) * ((a.id as number) - (b.id as number));
          };
          assert.deepEqual(unpaged.map((i) => i.id), [...unpaged].sort(order).map((i) => i.id), `${type.plural} sort=${sort}: in order`);
        };
        for (const field of sortable) for (const descending of [false, true]) await check([{ field, descending }]);
        const combination = fc.array(fc.record({ field: fc.constantFrom(...sortable), descending: fc.boolean() }), { minLength: 2, maxLength: 4 }).filter((keys) => new Set(keys.map((k) => k.field.name)).size === keys.length);
        await fc.assert(fc.asyncProperty(combination, check), { numRuns: 15, seed: 1129 });
      }
    });

    it('finds by every filterable field exactly the items that show the value', async () => {
      for (const type of itemTypeList) {
        const full = types.get(type.name)!;
        const mine = ids.get(type.name)!;
        const items = (await t.call('GET', `/api/v1/${type.plural}?filter[id][in]=${mine.join(',')}&limit=500`)).json().items as Array<Record<string, unknown>>;
        const fields = full.fields.filter((f) => f.column || f.type === 'multifield' || f.type === 'links' || f.custom?.multiple);
        for (const field of fields) {
          const shown = new Map<string, Set<number>>();
          const add = (value: string, id: number) => shown.set(value, (shown.get(value) ?? new Set()).add(id));
          for (const item of items) {
            const value = item[field.name];
            const id = item.id as number;
            if (Array.isArray(value)) for (const entry of value) add(typeof entry === 'object' ? (entry as { value: string }).value : String(entry), id);
            else if (value === null || value === undefined) add('\u0000empty', id);
            else if (typeof value === 'object') add((value as { amount: string }).amount, id);
            else add(String(value), id);
          }
          for (const [value, holders] of shown) {
            const param = value === '\u0000empty' ? `filter[${field.name}][empty]=true` : `filter[${field.name}]=${encodeURIComponent(value)}`;
            if (value === '\u0000empty' && field.type === 'boolean') continue;
            if (typeof items[0][field.name] === 'object' && !Array.isArray(items[0][field.name]) && value !== '\u0000empty') continue;
            const scope = field.name === 'id' ? '' : `filter[id][in]=${mine.join(',')}&`;
            const response = await t.call('GET', `/api/v1/${type.plural}?${scope}${param}&limit=500&fields=id`);
            assert.equal(response.statusCode, 200, `${type.plural} ${param}: ${response.body}`);
            const found = new Set(response.json().items.map((i: { id: number }) => i.id));
            // Text compares folded: every item whose value folds the same is found, and no other.
            const expected = new Set(
              [...shown.entries()]
                .filter(([other]) => other === value || (isText(field) && other !== '\u0000empty' && value !== '\u0000empty' && foldText(other) === foldText(value)))
                .flatMap(([, ids]) => [...ids]),
            );
            if (field.type === 'multifield' || field.type === 'links' || field.custom?.multiple) for (const id of holders) assert.ok(found.has(id), `${type.plural} ${param}: finds ${id}`);
            else assert.deepEqual([...found].sort(), [...expected].sort(), `${type.plural} ${param}`);
          }
        }
      }
    });
  });
}

const isText = (field: FieldDef) => field.type === 'string' || field.type === 'text' || field.type === 'address';
