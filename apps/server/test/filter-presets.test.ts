import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { contactBody, dealBody, leadBody } from './support/factories.ts';
import { everywhere, setRoles } from './support/roles.ts';
import { createTestApp, testDialects, type TestApp } from './support/test-app.ts';

/**
 * Issue 11: saved filter presets, each user's own; the starter presets every user gets once, in their language;
 * `@me` in the list filter meaning whoever asks; a preset never holding a filter the list would refuse.
 */

type User = { id: number; token: string };
type Term = { field: string; op: string; value: unknown };
type Method = 'GET' | 'POST' | 'PATCH' | 'DELETE' | 'PUT';

/** The list endpoint's query string for a preset's terms, as the web app sends it. */
const listQuery = (terms: Term[]) =>
  terms
    .flatMap(({ field, op, value }) => (Array.isArray(value) ? value.map((v) => `filter[${field}][${op}][]=${encodeURIComponent(String(v))}`) : [`filter[${field}][${op}]=${encodeURIComponent(String(value))}`]))
    .join('&');

const rules = (response: { json(): any }) => (response.json().error.details as Array<{ field: string; rule: string }>).map((d) => [d.field, d.rule]);

for (const dialect of testDialects()) {
  describe(`filter presets [${dialect}]`, () => {
    let t: TestApp;
    let ana: User;
    let bruno: User;
    const as = (user: User) => (method: Method, url: string, body?: unknown) => t.call(method, url, body, { authorization: `Bearer ${user.token}` });
    const namesOf = async (user: User, plural: string) => ((await as(user)('GET', `/api/v1/filter-presets/${plural}`)).json().items as Array<{ name: string }>).map((p) => p.name);

    /** A new user whose saved language is `locale`. */
    const newUser = async (name: string, locale: 'en' | 'pt-BR') => {
      const user = await t.addUser(name);
      await t.database.db.updateTable('users').set({ locale }).where('id', '=', user.id).execute();
      return user;
    };

    before(async () => {
      t = await createTestApp(dialect);
      ana = await newUser('Ana', 'pt-BR');
      bruno = await newUser('Bruno', 'en');
      const field = await t.call('POST', '/api/v1/custom-fields/deals', { name: 'UF_CRM_REVIEWER', type: 'user', labelEn: 'Reviewer', labelPt: 'Revisor', filterable: true });
      assert.equal(field.statusCode, 201, field.body);
      const plain = await t.call('POST', '/api/v1/custom-fields/deals', { name: 'UF_CRM_CODE', type: 'string', labelEn: 'Code', labelPt: 'Código', filterable: false });
      assert.equal(plain.statusCode, 201, plain.body);
    });
    after(() => t.close());

    it('refuses a caller without credentials (401) and an unknown type (404)', async () => {
      assert.equal((await t.anonymous('GET', '/api/v1/filter-presets/deals')).statusCode, 401);
      assert.equal((await t.anonymous('POST', '/api/v1/filter-presets/deals', { name: 'x', filter: [] })).statusCode, 401);
      assert.equal((await t.anonymous('DELETE', '/api/v1/filter-presets/deals/1')).statusCode, 401);
      assert.equal((await t.call('GET', '/api/v1/filter-presets/widgets')).statusCode, 404);
      assert.equal((await t.call('POST', '/api/v1/filter-presets/deal', { name: 'x', filter: [] })).statusCode, 404);
    });

    it('gives every user the starter presets once, in their saved language', async () => {
      const first = await as(ana)('GET', '/api/v1/filter-presets/deals');
      assert.equal(first.statusCode, 200, first.body);
      const items = first.json().items;
      assert.deepEqual(
        items.map((p: { name: string; filter: Term[]; search: null; isDefault: boolean }) => [p.name, p.filter, p.search, p.isDefault]),
        [
          [
            'Meus negócios em andamento',
            [
              { field: 'assignedById', op: 'eq', value: '@me' },
              { field: 'stageSemantic', op: 'eq', value: 'P' },
            ],
            null,
            false,
          ],
          ['Negócios ganhos', [{ field: 'stageSemantic', op: 'eq', value: 'S' }], null, false],
          [
            'Meus negócios sem atividade planejada',
            [
              { field: 'assignedById', op: 'eq', value: '@me' },
              { field: 'stageSemantic', op: 'eq', value: 'P' },
              { field: 'nextActivityAt', op: 'empty', value: true },
            ],
            null,
            false,
          ],
        ],
      );
      for (const preset of items) {
        assert.ok(Number.isInteger(preset.id));
        assert.ok(!Number.isNaN(Date.parse(preset.createdAt)), preset.createdAt);
      }
      assert.deepEqual((await as(ana)('GET', '/api/v1/filter-presets/deals')).json().items, items, 'listed again: the same three, not three more');
      assert.deepEqual(await namesOf(ana, 'leads'), ['Meus leads', 'Leads em andamento', 'Meus leads sem atividade planejada']);
      assert.deepEqual(await namesOf(ana, 'contacts'), ['Meus contatos']);
      assert.deepEqual(await namesOf(ana, 'companies'), ['Minhas empresas']);
      assert.deepEqual(await namesOf(bruno, 'deals'), ['My deals in progress', 'Won deals', 'My deals with nothing planned']);
      assert.deepEqual(await namesOf(bruno, 'leads'), ['My leads', 'Leads in progress', 'My leads with nothing planned']);
      assert.deepEqual(await namesOf(bruno, 'contacts'), ['My contacts']);
      assert.deepEqual(await namesOf(bruno, 'companies'), ['My companies']);
      // Each user's own: Ana's list has none of Bruno's.
      assert.deepEqual(await namesOf(ana, 'deals'), ['Meus negócios em andamento', 'Negócios ganhos', 'Meus negócios sem atividade planejada']);
    });

    it('a starter preset the user deletes stays deleted', async () => {
      const carla = await newUser('Carla', 'pt-BR');
      const [mine, won, idle] = (await as(carla)('GET', '/api/v1/filter-presets/deals')).json().items;
      assert.equal((await as(carla)('DELETE', `/api/v1/filter-presets/deals/${won.id}`)).statusCode, 204);
      assert.equal((await as(carla)('DELETE', `/api/v1/filter-presets/deals/${idle.id}`)).statusCode, 204);
      assert.deepEqual(await namesOf(carla, 'deals'), [mine.name]);
      assert.equal((await as(carla)('DELETE', `/api/v1/filter-presets/deals/${mine.id}`)).statusCode, 204);
      assert.deepEqual(await namesOf(carla, 'deals'), []);
      assert.deepEqual(await namesOf(carla, 'deals'), [], 'still none on the next visit');
    });

    it('gives them once even when the first visits come at the same time', async () => {
      const dora = await newUser('Dora', 'en');
      const answers = await Promise.all(Array.from({ length: 6 }, () => as(dora)('GET', '/api/v1/filter-presets/leads')));
      for (const answer of answers) assert.equal(answer.statusCode, 200, answer.body);
      assert.deepEqual(await namesOf(dora, 'leads'), ['My leads', 'Leads in progress', 'My leads with nothing planned']);
    });

    it('@me in the list filter means whoever asks: each of two users gets only their own items', async () => {
      const deal = async (owner: User, extra: Record<string, unknown> = {}) => {
        const response = await t.call('POST', '/api/v1/deals', dealBody({ assignedById: owner.id, ...extra }));
        assert.equal(response.statusCode, 201, response.body);
        return response.json().id as number;
      };
      const anaOpen = [await deal(ana), await deal(ana, { ufCrmReviewer: bruno.id })];
      const anaWon = await deal(ana, { stageId: 'WON' });
      const brunoOpen = [await deal(bruno, { ufCrmReviewer: ana.id })];
      const brunoWon = await deal(bruno, { stageId: 'WON' });
      const ids = async (user: User, query: string) => {
        const response = await as(user)('GET', `/api/v1/deals?${query}&limit=500`);
        assert.equal(response.statusCode, 200, `${query}: ${response.body}`);
        return (response.json().items as Array<{ id: number }>).map((item) => item.id).sort((a, b) => a - b);
      };
      const sorted = (list: number[]) => [...list].sort((a, b) => a - b);
      assert.deepEqual(await ids(ana, 'filter[assignedById]=@me'), sorted([...anaOpen, anaWon]));
      assert.deepEqual(await ids(bruno, 'filter[assignedById]=@me'), sorted([...brunoOpen, brunoWon]));
      assert.deepEqual(await ids(ana, 'filter[assignedById][ne]=@me'), sorted([...brunoOpen, brunoWon]));
      assert.deepEqual(await ids(ana, `filter[assignedById][in]=@me,${bruno.id}`), sorted([...anaOpen, anaWon, ...brunoOpen, brunoWon]));
      assert.deepEqual(await ids(ana, 'filter[ufCrmReviewer]=@me'), brunoOpen, 'a custom user field too');
      assert.deepEqual(await ids(bruno, 'filter[ufCrmReviewer]=@me'), [anaOpen[1]]);
      // The starter presets, applied as the web app applies them, give each user their own.
      const presetsOf = async (user: User) => (await as(user)('GET', '/api/v1/filter-presets/deals')).json().items as Array<{ filter: Term[] }>;
      const [anaMine, anaWonPreset] = await presetsOf(ana);
      const [brunoMine] = await presetsOf(bruno);
      assert.deepEqual(await ids(ana, listQuery(anaMine.filter)), sorted(anaOpen));
      assert.deepEqual(await ids(bruno, listQuery(brunoMine.filter)), brunoOpen);
      assert.deepEqual(await ids(ana, listQuery(anaWonPreset.filter)), sorted([anaWon, brunoWon]));
      // The board counts the same way.
      const board = await as(bruno)('GET', '/api/v1/deals/kanban?filter[assignedById]=@me');
      assert.equal(board.statusCode, 200, board.body);
      const counts = Object.fromEntries((board.json().columns as Array<{ code: string; count: number }>).map((c) => [c.code, c.count]));
      assert.equal(counts.NEW, 1);
      assert.equal(counts.WON, 1);
      // @me is for user fields only.
      const refused = await as(ana)('GET', '/api/v1/deals?filter[probability]=@me');
      assert.equal(refused.statusCode, 400, refused.body);
      assert.deepEqual(rules(refused), [['filter.probability.eq', 'type']]);
    });

    it('saves a preset (201) and answers it as listed; a name is unique per user and type, case and accents aside', async () => {
      const body = { name: 'Sul e Sudeste', filter: [{ field: 'title', op: 'contains', value: 'licença' }, { field: 'opportunity', op: 'gte', value: '1000' }], search: ' anual ', isDefault: false };
      const created = await as(bruno)('POST', '/api/v1/filter-presets/deals', body);
      assert.equal(created.statusCode, 201, created.body);
      const preset = created.json();
      assert.deepEqual({ ...preset, id: 0, createdAt: '' }, { id: 0, name: 'Sul e Sudeste', filter: body.filter, search: 'anual', isDefault: false, createdAt: '' });
      const listed = (await as(bruno)('GET', '/api/v1/filter-presets/deals')).json().items;
      assert.deepEqual(listed[listed.length - 1], preset);
      for (const name of ['sul e sudeste', 'SUL E SUDESTE', 'Súl e Sudéste']) {
        const taken = await as(bruno)('POST', '/api/v1/filter-presets/deals', { name, filter: [] });
        assert.equal(taken.statusCode, 400, taken.body);
        assert.deepEqual(rules(taken), [['name', 'taken']]);
      }
      // The same name is free for another type and for another user.
      assert.equal((await as(bruno)('POST', '/api/v1/filter-presets/contacts', { name: 'Sul e Sudeste', filter: [] })).statusCode, 201);
      assert.equal((await as(ana)('POST', '/api/v1/filter-presets/deals', { name: 'Sul e Sudeste', filter: [] })).statusCode, 201);
      // A name a starter preset would take, chosen first, is kept and the starter left out.
      const eva = await newUser('Eva', 'en');
      assert.equal((await as(eva)('POST', '/api/v1/filter-presets/contacts', { name: 'my contacts', filter: [] })).statusCode, 201);
      assert.deepEqual(await namesOf(eva, 'contacts'), ['my contacts']);
    });

    it('refuses a bad preset with 400 naming the field and the reason, exactly where the list endpoint refuses, and stores nothing', async () => {
      const before = await namesOf(bruno, 'deals');
      const check = async (body: Record<string, unknown>, expected: Array<[string, string]>) => {
        const response = await as(bruno)('POST', '/api/v1/filter-presets/deals', body);
        assert.equal(response.statusCode, 400, `${JSON.stringify(body)}: ${response.body}`);
        assert.equal(response.json().error.code, 'VALIDATION_FAILED');
        assert.deepEqual(rules(response), expected, JSON.stringify(body));
      };
      await check({ name: '', filter: [] }, [['name', 'minLength']]);
      await check({ name: '   ', filter: [] }, [['name', 'minLength']]);
      await check({ name: 'x'.repeat(101), filter: [] }, [['name', 'maxLength']]);
      await check({ name: 'a\u0000b', filter: [] }, [['name', 'format']]);
      await check({ filter: [] }, [['name', 'required']]);
      await check({ name: 'ok' }, [['filter', 'required']]);
      await check({ name: 'ok', filter: [], owner: 1 }, [['owner', 'unknown']]);
      await check({ name: 'ok', filter: [{ field: 'title', op: 'eq', value: { nested: true } }] }, [['filter.0.value', 'type']]);
      const refusedTerms: Array<[Term, string, string]> = [
        [{ field: 'nonsense', op: 'eq', value: '1' }, 'field', 'unknown'],
        [{ field: 'title', op: 'gt', value: 'a' }, 'op', 'operator'],
        [{ field: 'title', op: 'like', value: 'a' }, 'op', 'operator'],
        [{ field: 'opportunity', op: 'gte', value: '10.001' }, 'value', 'type'],
        [{ field: 'closeDate', op: 'lt', value: '2026-02-30' }, 'value', 'type'],
        [{ field: 'ufCrmCode', op: 'eq', value: 'A1' }, 'field', 'notFilterable'],
        [{ field: 'id', op: 'in', value: '' }, 'value', 'type'],
      ];
      for (const [term, part, rule] of refusedTerms) {
        await check({ name: 'ok', filter: [{ field: 'title', op: 'contains', value: 'a' }, term] }, [[`filter.1.${part}`, rule]]);
        const list = await as(bruno)('GET', `/api/v1/deals?${listQuery([term])}`);
        assert.equal(list.statusCode, 400, `the list refuses ${JSON.stringify(term)} too: ${list.body}`);
      }
      await check({ name: 'ok', filter: [{ field: 'title', op: 'eq', value: 'a' }, { field: 'title', op: 'eq', value: 'b' }] }, [['filter.1', 'duplicate']]);
      await check(
        { name: 'ok', filter: [{ field: 'nonsense', op: 'eq', value: 'a' }, { field: 'title', op: 'gt', value: 'a' }] },
        [
          ['filter.0.field', 'unknown'],
          ['filter.1.op', 'operator'],
        ],
      );
      assert.deepEqual(await namesOf(bruno, 'deals'), before, 'nothing was stored');
      // What the list takes, a preset takes.
      const accepted: Term[] = [
        { field: 'assignedById', op: 'in', value: ['@me', ana.id] },
        { field: 'opportunity', op: 'gte', value: 1000 },
        { field: 'closed', op: 'eq', value: false },
        { field: 'companyId', op: 'empty', value: true },
        { field: 'ufCrmReviewer', op: 'eq', value: '@me' },
      ];
      for (const term of accepted) assert.equal((await as(bruno)('GET', `/api/v1/deals?${listQuery([term])}`)).statusCode, 200, JSON.stringify(term));
      assert.equal((await as(bruno)('POST', '/api/v1/filter-presets/deals', { name: 'Everything the list takes', filter: accepted })).statusCode, 201);
    });

    it('changes a preset: name, filter, search and the one default mark', async () => {
      const create = async (name: string, isDefault?: boolean) => (await as(ana)('POST', '/api/v1/filter-presets/leads', { name, filter: [], ...(isDefault === undefined ? {} : { isDefault }) })).json();
      const first = await create('Primeiro', true);
      assert.equal(first.isDefault, true);
      const second = await create('Segundo', true);
      const defaults = async () => ((await as(ana)('GET', '/api/v1/filter-presets/leads')).json().items as Array<{ name: string; isDefault: boolean }>).filter((p) => p.isDefault).map((p) => p.name);
      assert.deepEqual(await defaults(), ['Segundo'], 'marking one takes the mark off the other');
      const patched = await as(ana)('PATCH', `/api/v1/filter-presets/leads/${first.id}`, { name: 'Primeiro lugar', filter: [{ field: 'statusId', op: 'in', value: ['NEW', 'IN_PROCESS'] }], search: 'Souza', isDefault: true });
      assert.equal(patched.statusCode, 200, patched.body);
      assert.deepEqual({ ...(patched.json() as Record<string, unknown>), createdAt: '' }, { id: first.id, name: 'Primeiro lugar', filter: [{ field: 'statusId', op: 'in', value: ['NEW', 'IN_PROCESS'] }], search: 'Souza', isDefault: true, createdAt: '' });
      assert.deepEqual(await defaults(), ['Primeiro lugar']);
      const cleared = await as(ana)('PATCH', `/api/v1/filter-presets/leads/${first.id}`, { search: null, isDefault: false });
      assert.equal(cleared.json().search, null);
      assert.deepEqual(await defaults(), []);
      // Keeping its own name (in other letters) is not "taken"; another preset's name is.
      assert.equal((await as(ana)('PATCH', `/api/v1/filter-presets/leads/${first.id}`, { name: 'PRIMEIRO LUGAR' })).statusCode, 200);
      const taken = await as(ana)('PATCH', `/api/v1/filter-presets/leads/${second.id}`, { name: 'primeiro lugar' });
      assert.equal(taken.statusCode, 400, taken.body);
      assert.deepEqual(rules(taken), [['name', 'taken']]);
      const badFilter = await as(ana)('PATCH', `/api/v1/filter-presets/leads/${second.id}`, { filter: [{ field: 'stageId', op: 'eq', value: 'NEW' }] });
      assert.deepEqual(rules(badFilter), [['filter.0.field', 'unknown']], 'deals have stages, leads statuses');
      assert.equal((await as(ana)('GET', '/api/v1/filter-presets/leads')).json().items.find((p: { id: number }) => p.id === second.id).name, 'Segundo');
    });

    it("another user's preset is not found (404): not listed, not changed, not deleted", async () => {
      const mine = (await as(ana)('POST', '/api/v1/filter-presets/companies', { name: 'Parceiros', filter: [{ field: 'companyType', op: 'eq', value: 'PARTNER' }] })).json();
      for (const [method, body] of [
        ['PATCH', { name: 'Taken over' }],
        ['DELETE', undefined],
      ] as const) {
        const response = await as(bruno)(method, `/api/v1/filter-presets/companies/${mine.id}`, body);
        assert.equal(response.statusCode, 404, response.body);
        assert.equal(response.json().error.code, 'NOT_FOUND');
      }
      assert.ok(!(await namesOf(bruno, 'companies')).includes('Parceiros'));
      // Not under another type either, nor an id that does not exist.
      assert.equal((await as(ana)('PATCH', `/api/v1/filter-presets/contacts/${mine.id}`, { name: 'x' })).statusCode, 404);
      assert.equal((await as(ana)('DELETE', '/api/v1/filter-presets/companies/999999')).statusCode, 404);
      assert.equal((await as(ana)('DELETE', '/api/v1/filter-presets/companies/abc')).statusCode, 400);
      assert.ok((await namesOf(ana, 'companies')).includes('Parceiros'), 'still there, unchanged');
    });

    it('leaves out terms on fields the owner\'s roles hide now, and refuses them in new presets', async () => {
      const fabio = await newUser('Fabio', 'en');
      const created = await as(fabio)('POST', '/api/v1/filter-presets/contacts', { name: 'Chefia', filter: [{ field: 'post', op: 'contains', value: 'diretor' }, { field: 'name', op: 'startsWith', value: 'Ma' }] });
      assert.equal(created.statusCode, 201, created.body);
      await t.call('POST', '/api/v1/contacts', contactBody({ post: 'Diretora', assignedById: fabio.id }));
      await setRoles(t, [{ userId: fabio.id, permissions: { items: everywhere('all'), fields: { contact: { post: 'hidden' } } } }]);
      const listed = await as(fabio)('GET', '/api/v1/filter-presets/contacts');
      const preset = listed.json().items.find((p: { id: number }) => p.id === created.json().id);
      assert.deepEqual(preset.filter, [{ field: 'name', op: 'startsWith', value: 'Ma' }]);
      assert.doesNotMatch(listed.body, /diretor/i);
      const refused = await as(fabio)('POST', '/api/v1/filter-presets/contacts', { name: 'Outra', filter: [{ field: 'post', op: 'contains', value: 'x' }] });
      assert.deepEqual(rules(refused), [['filter.0.field', 'unknown']]);
      // The stored preset is whole: shown again when the field is.
      await setRoles(t, [{ userId: fabio.id, permissions: { items: everywhere('all') } }]);
      const shown = (await as(fabio)('GET', '/api/v1/filter-presets/contacts')).json().items.find((p: { id: number }) => p.id === created.json().id);
      assert.equal(shown.filter.length, 2);
    });

    it('leads: the starter presets filter as their names say', async () => {
      const gil = await newUser('Gil', 'en');
      await setRoles(t, [{ userId: gil.id, permissions: { items: everywhere('all') } }]);
      const lead = async (extra: Record<string, unknown>) => (await t.call('POST', '/api/v1/leads', leadBody(extra))).json().id as number;
      const mineOpen = await lead({ assignedById: gil.id });
      const mineJunk = await lead({ assignedById: gil.id, statusId: 'JUNK' });
      const othersOpen = await lead({ assignedById: ana.id });
      const [myLeads, inProgress] = (await as(gil)('GET', '/api/v1/filter-presets/leads')).json().items as Array<{ filter: Term[] }>;
      const ids = async (terms: Term[]) => ((await as(gil)('GET', `/api/v1/leads?${listQuery(terms)}&limit=500`)).json().items as Array<{ id: number }>).map((i) => i.id);
      assert.deepEqual((await ids(myLeads.filter)).sort(), [mineOpen, mineJunk].sort());
      const open = await ids(inProgress.filter);
      assert.ok(open.includes(mineOpen) && open.includes(othersOpen) && !open.includes(mineJunk), JSON.stringify(open));
    });
  });
}
