import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { convertMinor, formatMoney } from '@vinculo/shared';
import { createToken, createUser } from '../src/modules/auth/auth.service.ts';
import { companyBody, dealBody, leadBody } from './support/factories.ts';
import { createTestApp, testDialects, type TestApp } from './support/test-app.ts';

const issueFor = (response: { json(): any }, field: string) => response.json().error.details.find((d: { field: string }) => d.field === field);

interface Currency {
  code: string;
  isBase: boolean;
  rate: string;
  sort: number;
}

for (const dialect of testDialects()) {
  describe(`currency routes [${dialect}]`, () => {
    let t: TestApp;
    let userAuth: Record<string, string>;
    const list = async (): Promise<Currency[]> => (await t.call('GET', '/api/v1/currencies')).json().items;
    const rates = async () => Object.fromEntries((await list()).map((c) => [c.code, c.rate]));

    before(async () => {
      t = await createTestApp(dialect);
      const userId = await createUser(t.database.db, { email: 'user@example.com', password: 'correct horse battery', name: 'User', isAdmin: false }, new Date());
      userAuth = { authorization: `Bearer ${(await createToken(t.database.db, userId, 'tests', new Date())).token}` };
    });
    after(() => t.close());

    it('refuses every route without credentials (401)', async () => {
      const routes: Array<[string, string, unknown?]> = [
        ['GET', '/api/v1/currencies'],
        ['POST', '/api/v1/currencies', { code: 'ARS', nameEn: 'Argentine peso', namePt: 'Peso argentino', rate: '0.005' }],
        ['PATCH', '/api/v1/currencies/USD', { rate: '5.5' }],
        ['POST', '/api/v1/currencies/USD/make-base'],
        ['DELETE', '/api/v1/currencies/EUR'],
      ];
      for (const [method, url, body] of routes) {
        const response = await t.anonymous(method as 'GET', url, body);
        assert.equal(response.statusCode, 401, `${method} ${url}`);
        assert.equal(response.json().error.code, 'UNAUTHENTICATED');
      }
      assert.equal((await list()).length, 3, 'nothing was written');
    });

    it('lets every signed-in user read, but only administrators write (403)', async () => {
      const read = await t.call('GET', '/api/v1/currencies', undefined, userAuth);
      assert.equal(read.statusCode, 200);
      assert.deepEqual(read.json().items.map((c: Currency) => c.code), ['BRL', 'USD', 'EUR']);
      const writes: Array<[string, string, unknown?]> = [
        ['POST', '/api/v1/currencies', { code: 'ARS', nameEn: 'Argentine peso', namePt: 'Peso argentino', rate: '0.005' }],
        ['PATCH', '/api/v1/currencies/USD', { rate: '5.5' }],
        ['POST', '/api/v1/currencies/USD/make-base'],
        ['DELETE', '/api/v1/currencies/EUR'],
      ];
      for (const [method, url, body] of writes) {
        const response = await t.call(method as 'GET', url, body, userAuth);
        assert.equal(response.statusCode, 403, `${method} ${url}`);
        assert.equal(response.json().error.code, 'FORBIDDEN');
      }
      assert.deepEqual(await rates(), { BRL: '1', USD: '5.40', EUR: '5.90' }, 'nothing changed');
    });

    it('refuses bad input with 400 naming the field and the rule', async () => {
      const created = await t.call('POST', '/api/v1/currencies', { code: 'usd', nameEn: '', rate: 5.4, sort: -1, extra: true });
      assert.equal(created.statusCode, 400);
      assert.equal(created.json().error.code, 'VALIDATION_FAILED');
      assert.equal(issueFor(created, 'code').rule, 'format');
      assert.equal(issueFor(created, 'nameEn').rule, 'minLength');
      assert.equal(issueFor(created, 'namePt').rule, 'required');
      assert.equal(issueFor(created, 'rate').rule, 'type', 'a rate is never a JSON number');
      assert.equal(issueFor(created, 'sort').rule, 'min');
      assert.equal(issueFor(created, 'extra').rule, 'unknown');

      const body = { code: 'ARS', nameEn: 'Argentine peso', namePt: 'Peso argentino' };
      const rateRules: Array<[string, string]> = [
        ['0', 'min'],
        ['0.000', 'min'],
        ['-5', 'min'],
        ['abc', 'format'],
        ['1e3', 'format'],
        ['5,40', 'format'],
        ['1.12345678901', 'format'],
        ['1000000000000', 'max'],
        ['', 'format'],
      ];
      for (const [rate, rule] of rateRules) {
        const response = await t.call('POST', '/api/v1/currencies', { ...body, rate });
        assert.equal(response.statusCode, 400, rate);
        const issue = issueFor(response, 'rate');
        assert.equal(issue.rule, rule, rate);
        assert.ok(issue.message.startsWith('Exchange rate '), issue.message);
      }
      assert.match(issueFor(await t.call('POST', '/api/v1/currencies', { ...body, rate: '0' }), 'rate').message, /0\.0000000001/);

      const patched = await t.call('PATCH', '/api/v1/currencies/USD', { rate: '-1', namePt: 'x'.repeat(101) });
      assert.equal(patched.statusCode, 400);
      assert.equal(issueFor(patched, 'rate').rule, 'min');
      assert.equal(issueFor(patched, 'namePt').rule, 'maxLength');
      assert.equal(issueFor(await t.call('PATCH', '/api/v1/currencies/usd', { rate: '5' }), 'params.code').rule, 'format');
      assert.equal(issueFor(await t.call('DELETE', '/api/v1/currencies/EURO'), 'params.code').rule, 'format');

      const baseRate = await t.call('PATCH', '/api/v1/currencies/BRL', { rate: '2' });
      assert.equal(baseRate.statusCode, 400);
      assert.equal(issueFor(baseRate, 'rate').rule, 'readOnly', "the base currency's rate stays 1");
      const taken = await t.call('POST', '/api/v1/currencies', { code: 'USD', nameEn: 'Dollar', namePt: 'Dólar', rate: '5' });
      assert.equal(taken.statusCode, 400);
      assert.equal(issueFor(taken, 'code').rule, 'taken');
      assert.deepEqual(await rates(), { BRL: '1', USD: '5.40', EUR: '5.90' }, 'nothing changed');
    });

    it('answers 404 for an unknown currency', async () => {
      for (const [method, url, body] of [
        ['PATCH', '/api/v1/currencies/XYZ', { rate: '2' }],
        ['POST', '/api/v1/currencies/XYZ/make-base', undefined],
        ['DELETE', '/api/v1/currencies/XYZ', undefined],
      ] as const) {
        const response = await t.call(method, url, body);
        assert.equal(response.statusCode, 404, `${method} ${url}`);
        assert.equal(response.json().error.code, 'NOT_FOUND');
      }
    });

    it('refuses with 409 to delete the base currency or one that live items use, saying how many', async () => {
      const base = await t.call('DELETE', '/api/v1/currencies/BRL');
      assert.equal(base.statusCode, 409);
      assert.equal(base.json().error.code, 'CONFLICT');
      assert.equal(base.json().error.details.reason, 'baseCurrency');

      await t.call('POST', '/api/v1/currencies', { code: 'CLP', nameEn: 'Chilean peso', namePt: 'Peso chileno', rate: '0.0058' });
      const deal = (await t.call('POST', '/api/v1/deals', dealBody({ currencyId: 'CLP' }))).json();
      assert.equal((await t.call('POST', '/api/v1/deals', dealBody({ currencyId: 'CLP' }))).statusCode, 201);
      assert.equal((await t.call('POST', '/api/v1/leads', leadBody({ currencyId: 'CLP' }))).statusCode, 201);
      assert.equal((await t.call('POST', '/api/v1/companies', companyBody({ currencyId: 'CLP' }))).statusCode, 201);
      const used = await t.call('DELETE', '/api/v1/currencies/CLP');
      assert.equal(used.statusCode, 409);
      assert.deepEqual(used.json().error.details, { reason: 'inUse', count: 4, usedBy: { leads: 1, companies: 1, deals: 2 } });

      // Items in the recycle bin count too: a restore must find its currency.
      assert.equal((await t.call('DELETE', `/api/v1/deals/${deal.id}`)).statusCode, 204);
      assert.equal((await t.call('DELETE', '/api/v1/currencies/CLP')).json().error.details.count, 4);
      assert.ok((await list()).some((c) => c.code === 'CLP'), 'the currency is still there');
    });

    it('adds a currency (201) that deals can then use, and updates its names, rate and place', async () => {
      const created = await t.call('POST', '/api/v1/currencies', { code: 'ARS', nameEn: ' Argentine peso ', namePt: 'Peso argentino', rate: '0.00540' });
      assert.equal(created.statusCode, 201, created.body);
      const currency = created.json();
      assert.deepEqual(currency, { code: 'ARS', name: 'Argentine peso', nameEn: 'Argentine peso', namePt: 'Peso argentino', isBase: false, rate: '0.0054', decimals: 2, sort: Math.max(...(await list()).filter((c) => c.code !== 'ARS').map((c) => c.sort)) + 10 });
      assert.equal((await list()).at(-1)!.code, 'ARS', 'last when no sort is given');

      const deal = await t.call('POST', '/api/v1/deals', dealBody({ currencyId: 'ARS', opportunity: '250000.00' }));
      assert.equal(deal.statusCode, 201, deal.body);
      assert.equal(deal.json().currencyId, 'ARS');
      const unknown = await t.call('POST', '/api/v1/deals', dealBody({ currencyId: 'XYZ' }));
      assert.equal(unknown.statusCode, 400);
      assert.equal(issueFor(unknown, 'currencyId').rule, 'reference');

      const updated = await t.call('PATCH', '/api/v1/currencies/ARS', { rate: '0.0061', namePt: 'Peso', sort: 1 }, { 'accept-language': 'pt-BR' });
      assert.equal(updated.statusCode, 200);
      assert.deepEqual(
        { name: updated.json().name, nameEn: updated.json().nameEn, rate: updated.json().rate, sort: updated.json().sort },
        { name: 'Peso', nameEn: 'Argentine peso', rate: '0.0061', sort: 1 },
      );
      assert.equal((await list())[0].code, 'ARS', 'sorted by sort');
      assert.equal(formatMoney(convertMinor(25_000_000, (await rates()).ARS, '1')), '1525.00', '250000.00 ARS in BRL at the new rate');
      assert.equal((await t.call('PATCH', '/api/v1/currencies/BRL', { rate: '1.000', nameEn: 'Real' })).statusCode, 200, 'the base may keep rate 1');
    });

    it('deletes an unused currency (204)', async () => {
      await t.call('POST', '/api/v1/currencies', { code: 'GBP', nameEn: 'Pound sterling', namePt: 'Libra esterlina', rate: '6.85' });
      const deleted = await t.call('DELETE', '/api/v1/currencies/GBP');
      assert.equal(deleted.statusCode, 204);
      assert.ok(!(await list()).some((c) => c.code === 'GBP'));
      assert.equal((await t.call('DELETE', '/api/v1/currencies/GBP')).statusCode, 404);
    });

    it('refuses with 409 a new base that would push a rate out of range, and changes nothing', async () => {
      await t.call('POST', '/api/v1/currencies', { code: 'VES', nameEn: 'Bolívar', namePt: 'Bolívar', rate: '0.0000000001' });
      const before = await rates();
      const response = await t.call('POST', '/api/v1/currencies/USD/make-base');
      assert.equal(response.statusCode, 409);
      assert.deepEqual(response.json().error.details, { reason: 'rateOutOfRange', currencies: ['VES'] });
      assert.deepEqual(await rates(), before);
      assert.equal((await t.call('DELETE', '/api/v1/currencies/VES')).statusCode, 204);
    });

    it('makes another currency the base, rescaling every rate so conversions stay the same', async () => {
      const before = await rates();
      const usdToEur = convertMinor(10_000, before.USD, before.EUR);
      assert.equal(formatMoney(usdToEur), '91.53');

      const response = await t.call('POST', '/api/v1/currencies/USD/make-base');
      assert.equal(response.statusCode, 200, response.body);
      const items: Currency[] = response.json().items;
      assert.deepEqual(items.filter((c) => c.isBase).map((c) => c.code), ['USD'], 'exactly one base');
      const after: Record<string, string> = Object.fromEntries(items.map((c) => [c.code, c.rate]));
      assert.deepEqual([after.USD, after.BRL, after.EUR], ['1', '0.1851851852', '1.0925925926']);
      assert.deepEqual(after, await rates(), 'the answer is what is stored');
      assert.equal(convertMinor(10_000, after.USD, after.EUR), usdToEur, '100.00 USD in EUR, before and after');
      for (const [from, to] of [['EUR', 'BRL'], ['BRL', 'USD'], ['ARS', 'EUR'], ['CLP', 'ARS']]) {
        assert.equal(convertMinor(12_345_678, after[from], after[to]), convertMinor(12_345_678, before[from], before[to]), `${from} → ${to}`);
      }

      const again = await t.call('POST', '/api/v1/currencies/USD/make-base');
      assert.deepEqual(Object.fromEntries(again.json().items.map((c: Currency) => [c.code, c.rate])), after, 'making the base the base changes nothing');
      const deal = await t.call('POST', '/api/v1/deals', dealBody({ currencyId: undefined }));
      assert.equal(deal.json().currencyId, 'USD', 'new items default to the new base');
      assert.equal((await t.call('DELETE', '/api/v1/currencies/USD')).json().error.details.reason, 'baseCurrency');
      assert.equal((await t.call('DELETE', '/api/v1/currencies/EUR')).statusCode, 204, 'the old bases are ordinary currencies');
    });

    it('keeps exactly one base when two administrators change it at the same time', async () => {
      const before = await rates();
      const responses = await Promise.all(['BRL', 'ARS', 'CLP'].map((code) => t.call('POST', `/api/v1/currencies/${code}/make-base`)));
      assert.deepEqual(responses.map((r) => r.statusCode), [200, 200, 200]);
      const bases = (await list()).filter((c) => c.isBase);
      assert.equal(bases.length, 1);
      assert.equal(bases[0].rate, '1');
      // Whatever order the changes ran in, conversions hold to the cent.
      const after = await rates();
      for (const [from, to] of [['USD', 'BRL'], ['ARS', 'USD'], ['CLP', 'ARS']]) {
        const drift = convertMinor(10_000, after[from], after[to]) - convertMinor(10_000, before[from], before[to]);
        assert.ok(drift >= -1n && drift <= 1n, `${from} → ${to} moved by ${drift}`);
      }
    });
  });
}
