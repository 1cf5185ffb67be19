import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Context } from '../src/context.ts';
import type { Database } from '../src/db/database.ts';
import { fullAccess } from '../src/modules/access/access.service.ts';
import { catalogFor, loadTypes } from '../src/modules/catalog/catalog.ts';
import { addValue } from '../src/modules/reference-lists/reference-list.service.ts';
import { createUser as createOrgUser } from '../src/modules/org/user.service.ts';
import { createTestApp, testDialects, type TestApp } from './support/test-app.ts';

interface Entry {
  id: number;
  at: string;
  actor: { id: number; name: string } | null;
  kind: string;
  target: { type: string; id: string; name: string | null } | null;
  details: Record<string, any>;
  ip: string | null;
}

const password = 'correct horse battery';

const adminContext = async (database: Database, adminId: number): Promise<Context> => {
  const access = fullAccess(adminId);
  return {
    db: database.db,
    dialect: database.dialect,
    actor: { id: adminId, name: 'Admin', isAdmin: true, locale: 'en' },
    locale: 'en',
    now: () => new Date(),
    catalog: catalogFor(await loadTypes(database.db, database.dialect), access),
    access,
    address: '203.0.113.9',
  };
};

for (const dialect of testDialects()) {
  describe(`audit log [${dialect}]`, () => {
    let t: TestApp;
    let seller: { id: number; token: string };
    const audit = async (query = ''): Promise<Entry[]> => {
      const response = await t.call('GET', `/api/v1/audit${query}`);
      assert.equal(response.statusCode, 200, response.body);
      return response.json().items;
    };
    const latest = async (kind: string) => (await audit(`?kind=${kind}&limit=1`))[0];

    before(async () => {
      t = await createTestApp(dialect);
      seller = await t.addUser('Seller');
    });
    after(() => t.close());

    it('is for administrators only: 401 without credentials, 403 for others', async () => {
      assert.equal((await t.anonymous('GET', '/api/v1/audit')).statusCode, 401);
      const refused = await t.call('GET', '/api/v1/audit', undefined, { authorization: `Bearer ${seller.token}` });
      assert.equal(refused.statusCode, 403);
      assert.equal(refused.json().error.code, 'FORBIDDEN');
    });

    it('records sign-ins, failed sign-ins (known and unknown accounts), sign-outs and password changes, never the password', async () => {
      const unknown = await t.anonymous('POST', '/api/v1/auth/login', { email: 'nobody@example.com', password: 'guess-unknown-1' });
      assert.equal(unknown.statusCode, 401);
      const failedUnknown = await latest('auth.signInFailed');
      assert.equal(failedUnknown.actor, null);
      assert.equal(failedUnknown.target, null);
      assert.deepEqual(failedUnknown.details, { email: 'nobody@example.com', reason: 'unknownAccount' });
      assert.ok(failedUnknown.ip);

      assert.equal((await t.anonymous('POST', '/api/v1/auth/login', { email: 'seller@example.com', password: 'guess-known-2' })).statusCode, 401);
      const failedKnown = await latest('auth.signInFailed');
      assert.deepEqual(failedKnown.actor, { id: seller.id, name: 'Seller' });
      assert.equal(failedKnown.details.reason, 'wrongPassword');

      const signIn = await t.anonymous('POST', '/api/v1/auth/login', { email: 'seller@example.com', password });
      assert.equal(signIn.statusCode, 200);
      const cookie = signIn.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
      const signedIn = await latest('auth.signIn');
      assert.deepEqual([signedIn.actor?.id, signedIn.target?.type, signedIn.target?.id, signedIn.target?.name], [seller.id, 'user', String(seller.id), 'Seller']);

      const change = await t.anonymous('POST', '/api/v1/auth/password', { currentPassword: password, newPassword: 'a brand new secret 9' }, { cookie });
      assert.equal(change.statusCode, 204, change.body);
      assert.equal((await latest('auth.passwordChanged')).actor?.id, seller.id);

      assert.equal((await t.anonymous('POST', '/api/v1/auth/logout', undefined, { cookie })).statusCode, 204);
      assert.equal((await latest('auth.signOut')).actor?.id, seller.id);

      // No secret anywhere in the table: passwords typed, the stored hashes, the session or any API token.
      const stored = JSON.stringify(await t.database.db.selectFrom('audit_log').selectAll().execute());
      const hashes = (await t.database.db.selectFrom('users').select('password_hash').execute()).map((r) => r.password_hash).filter(Boolean) as string[];
      const tokenHashes = (await t.database.db.selectFrom('api_tokens').select('token_hash').execute()).map((r) => r.token_hash);
      for (const secret of ['guess-unknown-1', 'guess-known-2', password, 'a brand new secret 9', t.token, seller.token, ...hashes, ...tokenHashes, ...signIn.cookies.map((c) => c.value)]) {
        assert.ok(!stored.includes(secret), `the audit log holds a secret: ${secret.slice(0, 12)}…`);
      }
      assert.ok(!stored.includes('$argon2'));
    });

    it('records API tokens created and revoked, without the token', async () => {
      const created = await t.call('POST', '/api/v1/tokens', { name: 'Zapier' });
      assert.equal(created.statusCode, 201);
      const entry = await latest('token.created');
      assert.deepEqual([entry.actor?.id, entry.target?.id, entry.details.name], [t.adminId, String(created.json().id), 'Zapier']);
      assert.ok(!JSON.stringify(entry).includes(created.json().token));
      assert.equal((await t.call('DELETE', `/api/v1/tokens/${created.json().id}`)).statusCode, 204);
      assert.equal((await latest('token.revoked')).target?.id, String(created.json().id));
      // Revoking again is a 404 and records nothing more.
      const count = (await audit('?kind=token.revoked')).length;
      assert.equal((await t.call('DELETE', `/api/v1/tokens/${created.json().id}`)).statusCode, 404);
      assert.equal((await audit('?kind=token.revoked')).length, count);
    });

    it('records reference list changes with old and new values, and nothing for a refused change', async () => {
      const added = await t.call('POST', '/api/v1/reference-lists/SOURCE', { nameEn: 'Trade fair', namePt: 'Feira', color: '#FF0000' });
      assert.equal(added.statusCode, 201, added.body);
      const code = added.json().code;
      const entry = await latest('settings.referenceList.valueAdded');
      assert.deepEqual(entry.target, { type: 'referenceList', id: 'SOURCE', name: 'Trade fair' });
      assert.equal(entry.details.code, code);
      assert.deepEqual(entry.details.changes.namePt, [null, 'Feira']);
      assert.equal(entry.ip, '127.0.0.1');

      assert.equal((await t.call('PATCH', `/api/v1/reference-lists/SOURCE/${code}`, { color: '#00FF00' })).statusCode, 200);
      assert.deepEqual((await latest('settings.referenceList.valueUpdated')).details.changes, { color: ['#FF0000', '#00FF00'] });

      // Refused (403, 400): no entry.
      const before = (await audit()).length;
      assert.equal((await t.call('POST', '/api/v1/reference-lists/SOURCE', { name: 'Nope' }, { authorization: `Bearer ${seller.token}` })).statusCode, 403);
      assert.equal((await t.call('POST', '/api/v1/reference-lists/SOURCE', { name: 'Fair', semantic: 'S' })).statusCode, 400);
      assert.equal((await audit()).length, before);
    });

    it('writes the entry in the transaction of the change: a rolled-back change leaves neither', async () => {
      const ctx = await adminContext(t.database, t.adminId);
      await assert.rejects(
        t.database.db.transaction().execute(async (trx) => {
          await addValue({ ...ctx, db: trx }, { listId: 'SOURCE', categoryId: null }, { nameEn: 'Rolled back', namePt: 'Desfeito' });
          await createOrgUser({ ...ctx, db: trx }, { email: 'ghost@example.com', name: 'Ghost' });
          assert.equal((await trx.selectFrom('audit_log').select('kind').where('details', 'like', '%Rolled back%').execute()).length, 1, 'written inside');
          throw new Error('roll back');
        }),
        /roll back/,
      );
      assert.equal((await t.database.db.selectFrom('audit_log').select('id').where('details', 'like', '%Rolled back%').execute()).length, 0);
      assert.equal((await t.database.db.selectFrom('audit_log').select('id').where('details', 'like', '%ghost@example.com%').execute()).length, 0);
      assert.equal((await t.database.db.selectFrom('reference_items').select('id').where('name_en', '=', 'Rolled back').execute()).length, 0);
      // A write outside a transaction is refused: an entry never stands alone.
      const { recordAudit } = await import('../src/modules/audit/audit.service.ts');
      await assert.rejects(recordAudit(ctx, { kind: 'test.alone' }), /transaction/);
    });

    it('records pipelines and stages, custom fields and their values, card layouts, currencies and the CRM mode', async () => {
      const pipeline = await t.call('POST', '/api/v1/pipelines', { name: 'Wholesale' });
      assert.equal(pipeline.statusCode, 201, pipeline.body);
      const id = pipeline.json().id;
      assert.deepEqual((await latest('settings.pipeline.created')).target, { type: 'pipeline', id: String(id), name: 'Wholesale' });
      assert.equal((await t.call('PATCH', `/api/v1/pipelines/${id}`, { name: 'Wholesale B2B' })).statusCode, 200);
      assert.deepEqual((await latest('settings.pipeline.updated')).details.changes, { name: ['Wholesale', 'Wholesale B2B'] });
      const stage = await t.call('POST', `/api/v1/pipelines/${id}/stages`, { nameEn: 'Quote', namePt: 'Cotação' });
      assert.equal(stage.statusCode, 201, stage.body);
      const stageEntry = await latest('settings.stage.added');
      assert.deepEqual([stageEntry.target?.type, stageEntry.target?.id, stageEntry.details.code], ['pipeline', String(id), stage.json().code]);

      const field = await t.call('POST', '/api/v1/custom-fields/contacts', { type: 'enumeration', labelEn: 'Size', labelPt: 'Porte', options: [{ value: 'Small' }, { value: 'Large' }] });
      assert.equal(field.statusCode, 201, field.body);
      const fieldEntry = await latest('settings.customField.created');
      assert.equal(fieldEntry.target?.id, `contact.${field.json().name}`);
      assert.deepEqual(fieldEntry.details.changes.labelPt, [null, 'Porte']);
      const option = await t.call('POST', `/api/v1/custom-fields/contacts/${field.json().name}/options`, { value: 'Medium' });
      assert.equal(option.statusCode, 201, option.body);
      assert.deepEqual((await latest('settings.customField.optionAdded')).details.changes.value, [null, 'Medium']);

      const layout = (await t.call('GET', '/api/v1/card-layouts/contacts')).json();
      const moved = { sections: layout.sections.map((s: { id: string; title: unknown; fields: string[] }, i: number) => ({ ...s, title: i === 0 ? { en: 'Main', 'pt-BR': 'Principal' } : s.title })), hidden: layout.hidden };
      assert.equal((await t.call('PUT', '/api/v1/card-layouts/contacts', moved)).statusCode, 200);
      assert.ok((await latest('settings.cardLayout.saved')).details.changes.sections);

      assert.equal((await t.call('PATCH', '/api/v1/currencies/USD', { rate: '5.25' })).statusCode, 200);
      assert.deepEqual((await latest('settings.currency.updated')).details.changes.rate[1], '5.25');
      assert.equal((await t.call('POST', '/api/v1/currencies/USD/make-base')).statusCode, 200);
      assert.deepEqual((await latest('settings.currency.baseChanged')).details.changes, { base: ['BRL', 'USD'] });

      assert.equal((await t.call('PUT', '/api/v1/settings/crm-mode', { mode: 'simple', confirm: true })).statusCode, 200);
      assert.deepEqual((await latest('settings.crmMode.changed')).details.changes, { mode: ['classic', 'simple'] });
    });

    it('records users, departments and roles, with their own kinds for deactivation, admin and assignments', async () => {
      const created = await t.call('POST', '/api/v1/users', { email: 'maria@example.com', name: 'Maria', password: 'maria password 1' });
      assert.equal(created.statusCode, 201, created.body);
      const userId = created.json().id;
      const entry = await latest('user.created');
      assert.deepEqual(entry.target, { type: 'user', id: String(userId), name: 'Maria' });
      assert.ok(!JSON.stringify(entry).includes('maria password 1'));
      assert.equal((await t.call('PATCH', `/api/v1/users/${userId}`, { isAdmin: true, name: 'Maria S.' })).statusCode, 200);
      assert.deepEqual((await latest('user.adminGranted')).details.changes, { isAdmin: [false, true] });
      assert.deepEqual((await latest('user.updated')).details.changes, { name: ['Maria', 'Maria S.'] });
      assert.equal((await t.call('POST', `/api/v1/users/${userId}/password`, { password: 'another password 2' })).statusCode, 204);
      assert.equal((await latest('user.passwordReset')).target?.id, String(userId));
      assert.equal((await t.call('PATCH', `/api/v1/users/${userId}`, { isActive: false })).statusCode, 200);
      assert.equal((await latest('user.deactivated')).target?.id, String(userId));

      const department = await t.call('POST', '/api/v1/departments', { name: 'Sales' });
      assert.equal(department.statusCode, 201, department.body);
      assert.deepEqual((await latest('department.created')).target?.name, 'Sales');
      const role = await t.call('POST', '/api/v1/roles', { name: 'Sellers', permissions: { items: {} } });
      assert.equal(role.statusCode, 201, role.body);
      assert.equal((await t.call('PUT', `/api/v1/roles/${role.json().id}/assignments`, { assignments: [{ departmentId: department.json().id }] })).statusCode, 200);
      const assigned = await latest('role.assignmentsChanged');
      assert.deepEqual([assigned.target?.name, assigned.details.changes.assignments[1]], ['Sellers', [{ userId: null, departmentId: department.json().id }]]);

      // The last administrator cannot be deactivated: 409, and no entry.
      const count = (await audit('?kind=user.')).length;
      assert.equal((await t.call('PATCH', `/api/v1/users/${t.adminId}`, { isActive: false })).statusCode, 409);
      assert.equal((await audit('?kind=user.')).length, count);
    });

    it('filters by actor, kind prefix and period, newest first, in pages', async () => {
      const all = await audit('?limit=200');
      assert.ok(all.length > 20);
      assert.deepEqual(all.map((e) => e.id), [...all.map((e) => e.id)].sort((a, b) => b - a), 'newest first');

      const bySeller = await audit(`?actorId=${seller.id}&limit=200`);
      assert.ok(bySeller.length >= 4 && bySeller.every((e) => e.actor?.id === seller.id));
      const settings = await audit('?kind=settings.&limit=200');
      assert.ok(settings.length >= 10 && settings.every((e) => e.kind.startsWith('settings.')));
      assert.deepEqual(await audit('?kind=settings.crmMode'), settings.filter((e) => e.kind.startsWith('settings.crmMode')));

      const middle = all[Math.floor(all.length / 2)];
      const newer = await audit(`?from=${encodeURIComponent(middle.at)}&limit=200`);
      assert.ok(newer.every((e) => e.at >= middle.at) && newer.some((e) => e.id === middle.id));
      const older = await audit(`?to=${encodeURIComponent(middle.at)}&limit=200`);
      assert.ok(older.every((e) => e.at < middle.at));
      assert.equal((await audit('?from=2000-01-01&to=2000-01-02')).length, 0);

      const pages: Entry[] = [];
      let cursor: string | null = null;
      do {
        const response = await t.call('GET', `/api/v1/audit?limit=7${cursor ? `&cursor=${cursor}` : ''}`);
        pages.push(...response.json().items);
        cursor = response.json().nextCursor;
      } while (cursor);
      assert.deepEqual(pages.map((e) => e.id), all.map((e) => e.id));

      for (const query of ['?cursor=abc', '?limit=0', '?actorId=x', '?kind=a%27b', '?from=yesterday', '?from=2026-01-02&to=2026-01-01', '?other=1']) {
        assert.equal((await t.call('GET', `/api/v1/audit${query}`)).statusCode, 400, query);
      }
    });
  });
}
