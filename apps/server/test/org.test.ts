import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Kysely } from 'kysely';
import { createToken, createUser } from '../src/modules/auth/auth.service.ts';
import { createTestApp, testDialects, type TestApp } from './support/test-app.ts';

const users = '/api/v1/users';
const departments = '/api/v1/departments';
const roles = '/api/v1/roles';
const password = 'correct horse battery';
const allGrants = { read: 'all', add: 'all', update: 'all', delete: 'all', export: 'all', import: 'all' };

type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
interface Issue {
  field: string;
  rule: string;
  message: string;
}

for (const dialect of testDialects()) {
  describe(`users, departments and roles [${dialect}]`, () => {
    let t: TestApp;
    let userId: number;
    let userToken: string;
    before(async () => {
      t = await createTestApp(dialect);
      userId = await createUser(t.database.db, { email: 'seller@example.com', password, name: 'Seller' }, new Date());
      userToken = (await createToken(t.database.db, userId, 'tests', new Date())).token;
    });
    after(() => t.close());
    const raw = () => t.database.db as unknown as Kysely<any>;
    const asUser = (method: Method, url: string, body?: unknown) => t.call(method, url, body, { authorization: `Bearer ${userToken}` });
    const issues = (response: { json(): any }): Issue[] => response.json().error.details;
    const fields = (response: { json(): any }) => issues(response).map((i) => `${i.field}:${i.rule}`);
    const accessVersion = async () => Number((await raw().selectFrom('app_settings').select('value').where('key', '=', 'access_version').executeTakeFirstOrThrow()).value);
    const login = (email: string, secret: string) => t.anonymous('POST', '/api/v1/auth/login', { email, password: secret });
    const sessionOf = (response: { cookies: Array<{ name: string; value: string }> }) => `vinculo_session=${response.cookies.find((c) => c.name === 'vinculo_session')!.value}`;
    const me = (headers: Record<string, string>) => t.anonymous('GET', '/api/v1/auth/me', undefined, headers);
    const newUser = async (name: string, extra: Record<string, unknown> = {}) => {
      const response = await t.call('POST', users, { email: `${name.toLowerCase().replace(/\W/g, '.')}@example.com`, name, password, ...extra });
      assert.equal(response.statusCode, 201, response.body);
      return response.json();
    };
    const newDepartment = async (body: Record<string, unknown>) => {
      const response = await t.call('POST', departments, body);
      assert.equal(response.statusCode, 201, response.body);
      return response.json();
    };

    const writes: Array<[Method, string, unknown]> = [
      ['POST', users, { email: 'x@example.com', name: 'X' }],
      ['PATCH', `${users}/1`, { name: 'X' }],
      ['POST', `${users}/1/password`, { password }],
      ['POST', departments, { name: 'X' }],
      ['PATCH', `${departments}/1`, { name: 'X' }],
      ['DELETE', `${departments}/1`, undefined],
      ['PUT', `${departments}/1/members`, { userIds: [] }],
      ['POST', roles, { name: 'X', permissions: { items: {} } }],
      ['PATCH', `${roles}/1`, { name: 'X' }],
      ['DELETE', `${roles}/1`, undefined],
      ['PUT', `${roles}/1/assignments`, { assignments: [] }],
    ];
    const reads: Array<[Method, string]> = [
      ['GET', users],
      ['GET', `${users}/1`],
      ['GET', departments],
      ['GET', `${departments}/1`],
      ['GET', roles],
      ['GET', `${roles}/1`],
    ];

    it('refuses every route without credentials (401)', async () => {
      for (const [method, url, body] of [...writes, ...reads.map(([m, u]) => [m, u, undefined] as const)]) {
        const response = await t.anonymous(method, url, body);
        assert.equal(response.statusCode, 401, `${method} ${url}`);
      }
    });

    it('refuses every write and the role reads to a non-administrator (403); users and departments are readable by all', async () => {
      const before = await accessVersion();
      for (const [method, url, body] of writes) {
        const response = await asUser(method, url, body);
        assert.equal(response.statusCode, 403, `${method} ${url}`);
        assert.equal(response.json().error.code, 'FORBIDDEN');
      }
      assert.equal((await asUser('GET', roles)).statusCode, 403);
      assert.equal((await asUser('GET', `${roles}/1`)).statusCode, 403);
      const list = await asUser('GET', users);
      assert.equal(list.statusCode, 200);
      assert.deepEqual(list.json().users.map((u: { email: string }) => u.email).sort(), ['admin@example.com', 'seller@example.com']);
      assert.equal((await asUser('GET', `${users}/${userId}`)).json().name, 'Seller');
      assert.equal((await asUser('GET', departments)).statusCode, 200);
      assert.equal(await accessVersion(), before, 'refused writes change nothing');
    });

    it('refuses bad user input (400) naming the field: taken e-mail, bad e-mail, short password, unknown department', async () => {
      const taken = await t.call('POST', users, { email: ' Admin@Example.com ', name: 'Again' });
      assert.equal(taken.statusCode, 400);
      assert.deepEqual(fields(taken), ['email:taken']);
      assert.equal(issues(taken)[0].message, 'E-mail is already in use');
      assert.deepEqual(fields(await t.call('POST', users, { email: 'not an e-mail', name: 'X', password: 'short' })), ['email:email', 'password:password']);
      assert.deepEqual(fields(await t.call('POST', users, { email: 'x@example.com', name: '' })), ['name:minLength']);
      assert.deepEqual(fields(await t.call('POST', users, { email: 'x@example.com', name: 'X', role: 'boss' })), ['role:unknown']);
      assert.deepEqual(fields(await t.call('POST', users, { email: 'x@example.com', name: 'X', departmentIds: [999_999] })), ['departmentIds.0:exists']);
      const short = await t.call('POST', `${users}/${userId}/password`, { password: 'seven77' }, { 'accept-language': 'pt-BR' });
      assert.equal(short.statusCode, 400);
      assert.deepEqual(fields(short), ['password:password']);
      assert.equal(issues(short)[0].message, 'Senha deve ter pelo menos 8 caracteres');
      assert.deepEqual(fields(await t.call('PATCH', `${users}/${userId}`, { locale: 'de' })), ['locale:valueType']);
      assert.deepEqual(fields(await t.call('PATCH', `${users}/${userId}`, { departmentIds: [999_999] })), ['departmentIds.0:exists']);
      assert.deepEqual(fields(await t.call('GET', `${users}?active=maybe`)), ['querystring.active:valueType']);
      assert.equal((await t.call('GET', `${users}/abc`)).statusCode, 400);
      assert.equal((await login('x@example.com', password)).statusCode, 401, 'nothing was created');
    });

    it('refuses bad department input (400): a cycle, unknown parent, head or member', async () => {
      const top = await newDepartment({ name: 'Top' });
      const middle = await newDepartment({ name: 'Middle', parentId: top.id });
      const bottom = await newDepartment({ name: 'Bottom', parentId: middle.id });
      const cycle = await t.call('PATCH', `${departments}/${top.id}`, { parentId: bottom.id });
      assert.equal(cycle.statusCode, 400);
      assert.deepEqual(fields(cycle), ['parentId:cycle']);
      assert.equal(issues(cycle)[0].message, 'Parent department would put the department under itself');
      assert.deepEqual(fields(await t.call('PATCH', `${departments}/${middle.id}`, { parentId: middle.id })), ['parentId:cycle']);
      assert.deepEqual(fields(await t.call('POST', departments, { name: 'X', parentId: 999_999, headUserId: 999_999 })), ['parentId:exists', 'headUserId:user']);
      assert.deepEqual(fields(await t.call('POST', departments, { name: ' ' })), ['name:minLength']);
      assert.deepEqual(fields(await t.call('PUT', `${departments}/${top.id}/members`, { userIds: [userId, 999_999] })), ['userIds.1:exists']);
      assert.deepEqual(fields(await t.call('DELETE', `${departments}/${top.id}?force=yes`)), ['querystring.force:valueType']);
      for (const department of [bottom, middle, top]) assert.equal((await t.call('DELETE', `${departments}/${department.id}`)).statusCode, 204);
    });

    it('refuses bad role permissions (400) naming the field: scope, item type, action, pipeline, field, assignment', async () => {
      const role = (permissions: unknown) => t.call('POST', roles, { name: 'Bad', permissions });
      const badScope = await role({ items: { deal: { read: 'everything' } } });
      assert.equal(badScope.statusCode, 400);
      assert.deepEqual(fields(badScope), ['permissions.items.deal.read:valueType']);
      assert.deepEqual(fields(await role({ items: { task: { read: 'all' } } })), ['permissions.items.task:unknown']);
      assert.deepEqual(fields(await role({ items: { lead: { approve: 'all' } } })), ['permissions.items.lead.approve:unknown']);
      assert.deepEqual(fields(await role({ items: { lead: { pipelines: { 0: { read: 'all' } } } } })), ['permissions.items.lead.pipelines:unknown'], 'pipelines are for deals only');
      assert.deepEqual(fields(await role({ items: { deal: { pipelines: { 0: { read: 'own' }, 9: { read: 'all' }, abc: {} } } } })), [
        'permissions.items.deal.pipelines.9:pipeline',
        'permissions.items.deal.pipelines.abc:pipeline',
      ]);
      assert.deepEqual(fields(await role({ items: { deal: { pipelines: { 0: { read: 'nope' } } } } })), ['permissions.items.deal.pipelines.0.read:valueType']);
      const unknownField = await role({ items: {}, fields: { deal: { title: 'readOnly', nope: 'hidden' }, contact: { ufCrmMissing: 'hidden' } } });
      assert.deepEqual(fields(unknownField), ['permissions.fields.contact.ufCrmMissing:unknown', 'permissions.fields.deal.nope:unknown']);
      assert.deepEqual(fields(await role({ items: {}, fields: { deal: { title: 'invisible' } } })), ['permissions.fields.deal.title:valueType']);
      assert.deepEqual(fields(await role({ items: {}, fields: { task: {} } })), ['permissions.fields.task:unknown']);
      assert.deepEqual(fields(await role({ items: {}, admin: true })), ['permissions.admin:unknown']);
      assert.deepEqual(fields(await role(undefined)), ['permissions:required']);
      assert.deepEqual(fields(await t.call('POST', roles, { permissions: { items: {} } })), ['name:required']);

      const assignments = (body: unknown) => t.call('PUT', `${roles}/1/assignments`, body);
      const both = await assignments({ assignments: [{}, { userId, departmentId: 1 }] });
      assert.equal(both.statusCode, 400);
      assert.deepEqual(fields(both), ['assignments.1:exclusive']);
      assert.equal(issues(both)[0].message, 'assignments.1 give only one of: userId, departmentId');
      assert.deepEqual(fields(await assignments({ assignments: [{ userId: 999_999 }, { departmentId: 999_999 }] })), ['assignments.0.userId:exists', 'assignments.1.departmentId:exists']);
      assert.deepEqual(fields(await assignments({ assignments: [{ roleId: 1 }] })), ['assignments.0.roleId:unknown']);
    });

    it('answers 404 for unknown users, departments and roles', async () => {
      const missing: Array<[Method, string, unknown]> = [
        ['GET', `${users}/999999`, undefined],
        ['PATCH', `${users}/999999`, { name: 'X' }],
        ['POST', `${users}/999999/password`, { password }],
        ['GET', `${departments}/999999`, undefined],
        ['PATCH', `${departments}/999999`, { name: 'X' }],
        ['DELETE', `${departments}/999999`, undefined],
        ['PUT', `${departments}/999999/members`, { userIds: [] }],
        ['GET', `${roles}/999999`, undefined],
        ['PATCH', `${roles}/999999`, { name: 'X' }],
        ['DELETE', `${roles}/999999`, undefined],
        ['PUT', `${roles}/999999/assignments`, { assignments: [] }],
      ];
      for (const [method, url, body] of missing) {
        const response = await t.call(method, url, body);
        assert.equal(response.statusCode, 404, `${method} ${url}`);
        assert.equal(response.json().error.code, 'NOT_FOUND');
      }
    });

    it('keeps one active administrator (409 lastAdmin), and lets an administrator step down when another remains', async () => {
      for (const change of [{ isActive: false }, { isAdmin: false }, { isAdmin: false, isActive: false }]) {
        const refused = await t.call('PATCH', `${users}/${t.adminId}`, change, { 'accept-language': 'pt-BR' });
        assert.equal(refused.statusCode, 409, JSON.stringify(change));
        assert.equal(refused.json().error.details.reason, 'lastAdmin');
        assert.equal(refused.json().error.message, 'Este é o último administrador ativo: torne outro usuário administrador antes.');
      }
      assert.equal((await t.call('GET', `${users}/${t.adminId}`)).json().isAdmin, true, 'the refused change left nothing behind');

      const other = await newUser('Second Admin', { isAdmin: true });
      const otherToken = (await createToken(t.database.db, other.id, 'tests', new Date())).token;
      const stepDown = await t.call('PATCH', `${users}/${other.id}`, { isAdmin: false }, { authorization: `Bearer ${otherToken}` });
      assert.equal(stepDown.statusCode, 200, stepDown.body);
      assert.equal(stepDown.json().isAdmin, false);
      assert.equal((await t.call('PATCH', `${users}/${other.id}`, { name: 'X' }, { authorization: `Bearer ${otherToken}` })).statusCode, 403, 'no longer an administrator, at once');
      assert.equal((await t.call('PATCH', `${users}/${t.adminId}`, { isActive: false })).json().error.details.reason, 'lastAdmin');
      // An inactive administrator does not count.
      await t.call('PATCH', `${users}/${other.id}`, { isAdmin: true, isActive: false });
      assert.equal((await t.call('PATCH', `${users}/${t.adminId}`, { isAdmin: false })).json().error.details.reason, 'lastAdmin');
    });

    it('refuses to delete a department with sub-departments (409 hasChildren) or members (409 hasMembers) unless forced', async () => {
      const parent = await newDepartment({ name: 'Parent' });
      const child = await newDepartment({ name: 'Child', parentId: parent.id });
      await t.call('PUT', `${departments}/${child.id}/members`, { userIds: [userId] });
      const hasChildren = await t.call('DELETE', `${departments}/${parent.id}?force=true`);
      assert.equal(hasChildren.statusCode, 409);
      assert.deepEqual(hasChildren.json().error.details, { reason: 'hasChildren', children: 1 });
      assert.equal(hasChildren.json().error.message, 'This department has 1 sub-departments: move or delete them first.');
      const hasMembers = await t.call('DELETE', `${departments}/${child.id}`, undefined, { 'accept-language': 'pt-BR' });
      assert.equal(hasMembers.statusCode, 409);
      assert.deepEqual(hasMembers.json().error.details, { reason: 'hasMembers', members: 1 });
      assert.match(hasMembers.json().error.message, /^Este departamento tem 1 membros/);
      assert.equal((await t.call('DELETE', `${departments}/${child.id}?force=true`)).statusCode, 204);
      assert.equal((await t.call('GET', `${departments}/${child.id}`)).statusCode, 404);
      assert.deepEqual((await t.call('GET', `${users}/${userId}`)).json().departmentIds, [], 'the membership ended');
      assert.equal((await t.call('DELETE', `${departments}/${parent.id}`)).statusCode, 204);
    });

    it('builds a department tree of three levels with heads and members', async () => {
      const head = await newUser('Head Office');
      const salesHead = await newUser('Sales Head');
      const company = await newDepartment({ name: 'Vínculo Ltda', headUserId: head.id, sort: 10 });
      const sales = await newDepartment({ name: 'Sales', parentId: company.id, headUserId: salesHead.id });
      const saoPaulo = await newDepartment({ name: 'Sales São Paulo', parentId: sales.id });
      assert.deepEqual(saoPaulo, { id: saoPaulo.id, name: 'Sales São Paulo', parentId: sales.id, headUserId: null, sort: 100, memberIds: [] });

      const members = await t.call('PUT', `${departments}/${saoPaulo.id}/members`, { userIds: [userId, salesHead.id, userId] });
      assert.equal(members.statusCode, 200, members.body);
      assert.deepEqual(members.json().memberIds, [userId, salesHead.id].sort((a, b) => a - b), 'each member once');
      const moved = await t.call('PATCH', `${users}/${head.id}`, { departmentIds: [company.id, sales.id] });
      assert.deepEqual(moved.json().departmentIds, [company.id, sales.id]);
      const renamed = await t.call('PATCH', `${departments}/${saoPaulo.id}`, { name: 'Sales SP', headUserId: userId });
      assert.equal(renamed.json().name, 'Sales SP');
      assert.equal(renamed.json().headUserId, userId);

      const list = (await asUser('GET', departments)).json().departments;
      const byId = new Map(list.map((d: { id: number }) => [d.id, d]));
      assert.deepEqual(byId.get(company.id), { id: company.id, name: 'Vínculo Ltda', parentId: null, headUserId: head.id, sort: 10, memberIds: [head.id] });
      assert.deepEqual(byId.get(sales.id), { id: sales.id, name: 'Sales', parentId: company.id, headUserId: salesHead.id, sort: 100, memberIds: [head.id] });
      assert.deepEqual((byId.get(saoPaulo.id) as { parentId: number }).parentId, sales.id);
      assert.deepEqual((await asUser('GET', `${users}/${userId}`)).json().departmentIds, [saoPaulo.id]);

      // Moving a branch: São Paulo directly under the company, then to the top; the head can be removed.
      assert.equal((await t.call('PATCH', `${departments}/${saoPaulo.id}`, { parentId: company.id })).json().parentId, company.id);
      assert.equal((await t.call('PATCH', `${departments}/${sales.id}`, { parentId: saoPaulo.id })).json().parentId, saoPaulo.id, 'a sibling is not a descendant');
      assert.deepEqual(fields(await t.call('PATCH', `${departments}/${saoPaulo.id}`, { parentId: sales.id })), ['parentId:cycle']);
      const top = await t.call('PATCH', `${departments}/${saoPaulo.id}`, { parentId: null, headUserId: null });
      assert.equal(top.json().parentId, null);
      assert.equal(top.json().headUserId, null);
    });

    it('invites a user without a password: no sign-in until an administrator sets one; setting it ends their sessions', async () => {
      const invited = await t.call('POST', users, { email: 'Invited@Example.com', name: 'Invited' });
      assert.equal(invited.statusCode, 201, invited.body);
      const user = invited.json();
      assert.deepEqual(user, { id: user.id, email: 'invited@example.com', name: 'Invited', isAdmin: false, isActive: true, locale: 'pt-BR', departmentIds: [], createdAt: user.createdAt });
      const row = await raw().selectFrom('users').select('password_hash').where('id', '=', user.id).executeTakeFirstOrThrow();
      assert.equal(row.password_hash, null);
      assert.equal((await login('invited@example.com', '')).statusCode, 401);
      assert.equal((await login('invited@example.com', 'anything at all')).statusCode, 401);

      assert.equal((await t.call('POST', `${users}/${user.id}/password`, { password: 'first password' })).statusCode, 204);
      assert.match((await raw().selectFrom('users').select('password_hash').where('id', '=', user.id).executeTakeFirstOrThrow()).password_hash, /^\$argon2id\$/);
      const signedIn = await login('invited@example.com', 'first password');
      assert.equal(signedIn.statusCode, 200, signedIn.body);
      const cookie = sessionOf(signedIn);
      assert.equal((await me({ cookie })).statusCode, 200);

      assert.equal((await t.call('POST', `${users}/${user.id}/password`, { password: 'second password' })).statusCode, 204);
      assert.equal((await me({ cookie })).statusCode, 401, 'the old session ended');
      assert.equal((await login('invited@example.com', 'first password')).statusCode, 401);
      assert.equal((await login('invited@example.com', 'second password')).statusCode, 200);

      const withPassword = await newUser('Direct', { departmentIds: [] });
      assert.equal((await login(withPassword.email, password)).statusCode, 200, 'created with a password: signs in at once');
    });

    it('deactivating a user locks them out at once: session cookie, API token and login answer 401', async () => {
      const user = await newUser('Leaving');
      const token = (await createToken(t.database.db, user.id, 'script', new Date())).token;
      const cookie = sessionOf(await login(user.email, password));
      assert.equal((await me({ cookie })).statusCode, 200);
      assert.equal((await me({ authorization: `Bearer ${token}` })).statusCode, 200);

      const deactivated = await t.call('PATCH', `${users}/${user.id}`, { isActive: false });
      assert.equal(deactivated.statusCode, 200, deactivated.body);
      assert.equal(deactivated.json().isActive, false);
      assert.equal((await me({ cookie })).statusCode, 401);
      assert.equal((await me({ authorization: `Bearer ${token}` })).statusCode, 401);
      assert.equal((await login(user.email, password)).statusCode, 401);
      assert.equal((await raw().selectFrom('sessions').select('user_id').where('user_id', '=', user.id).execute()).length, 0);
      const tokens = await raw().selectFrom('api_tokens').select('revoked_at').where('user_id', '=', user.id).execute();
      assert.ok(tokens.length === 1 && tokens[0].revoked_at !== null, 'the token is revoked');

      const inactive = (await t.call('GET', `${users}?active=false`)).json().users.map((u: { id: number }) => u.id);
      assert.ok(inactive.includes(user.id));
      assert.ok(!(await t.call('GET', `${users}?active=true`)).json().users.some((u: { id: number }) => u.id === user.id));

      assert.deepEqual(fields(await t.call('POST', departments, { name: 'X', headUserId: user.id })), ['headUserId:user'], 'an inactive user cannot head a department');

      assert.equal((await t.call('PATCH', `${users}/${user.id}`, { isActive: true, locale: 'en', name: 'Back' })).json().locale, 'en');
      assert.equal((await login(user.email, password)).statusCode, 200, 'reactivated: signs in again');
      assert.equal((await me({ authorization: `Bearer ${token}` })).statusCode, 401, 'revoked tokens stay revoked');
      assert.equal((await t.call('POST', departments, { name: 'Led by a returning user', headUserId: user.id })).statusCode, 201);
    });

    it('creates, reads, changes, assigns and deletes roles', async () => {
      const listed = await t.call('GET', roles);
      assert.equal(listed.statusCode, 200);
      const employee = listed.json().roles.find((r: { name: string }) => r.name === 'Employee');
      assert.deepEqual(employee.permissions, { items: { lead: allGrants, contact: allGrants, company: allGrants, deal: allGrants } });
      assert.deepEqual(employee.assignments.map((a: { userId: null; departmentId: null }) => [a.userId, a.departmentId]), [[null, null]], 'given to everyone');

      const pipeline = (await t.call('POST', '/api/v1/pipelines', { name: 'Revenda' })).json();
      const department = await newDepartment({ name: 'Field sales' });
      const permissions = {
        items: {
          lead: { read: 'own', add: 'own', update: 'own' },
          deal: { read: 'department', update: 'own', pipelines: { 0: { read: 'subdepartments' }, [pipeline.id]: { read: 'none' } } },
        },
        fields: { deal: { opportunity: 'readOnly', comments: 'hidden' } },
      };
      const created = await t.call('POST', roles, { name: ' Seller ', permissions });
      assert.equal(created.statusCode, 201, created.body);
      const role = created.json();
      assert.equal(role.name, 'Seller');
      assert.deepEqual(role.permissions, permissions);
      assert.equal(role.mayChangeSettings, false);
      assert.deepEqual(role.assignments, []);

      const assigned = await t.call('PUT', `${roles}/${role.id}/assignments`, { assignments: [{ userId }, { departmentId: department.id }, {}, { userId }] });
      assert.equal(assigned.statusCode, 200, assigned.body);
      assert.deepEqual(assigned.json().assignments.map((a: { userId: number | null; departmentId: number | null }) => [a.userId, a.departmentId]), [
        [userId, null],
        [null, department.id],
        [null, null],
      ]);

      const changed = await t.call('PATCH', `${roles}/${role.id}`, { name: 'Senior seller', permissions: { items: { deal: allGrants } }, mayChangeSettings: true });
      assert.equal(changed.statusCode, 200, changed.body);
      assert.deepEqual(changed.json().permissions, { items: { deal: allGrants } });
      assert.equal(changed.json().mayChangeSettings, true);
      assert.equal(changed.json().assignments.length, 3, 'assignments survive a change of grants');
      assert.deepEqual((await t.call('GET', `${roles}/${role.id}`)).json(), changed.json());

      const narrowed = await t.call('PUT', `${roles}/${role.id}/assignments`, { assignments: [{ departmentId: department.id }] });
      assert.deepEqual(narrowed.json().assignments.map((a: { departmentId: number }) => a.departmentId), [department.id]);

      // Deleting the department takes its assignments along.
      assert.equal((await t.call('DELETE', `${departments}/${department.id}`)).statusCode, 204);
      assert.deepEqual((await t.call('GET', `${roles}/${role.id}`)).json().assignments, []);

      assert.equal((await t.call('DELETE', `${roles}/${role.id}`)).statusCode, 204);
      assert.equal((await t.call('GET', `${roles}/${role.id}`)).statusCode, 404);
      assert.equal((await raw().selectFrom('role_assignments').select('id').where('role_id', '=', role.id).execute()).length, 0);
      assert.ok((await t.call('GET', roles)).json().roles.some((r: { id: number }) => r.id === employee.id));
    });

    it('bumps app_settings.access_version in every write, and records the change in events', async () => {
      const bumps = async (label: string, request: () => Promise<{ statusCode: number; body: string }>, status: number) => {
        const before = await accessVersion();
        const response = await request();
        assert.equal(response.statusCode, status, `${label}: ${response.body}`);
        assert.equal(await accessVersion(), before + 1, label);
        return response;
      };
      const user = (await bumps('create user', () => t.call('POST', users, { email: 'bump@example.com', name: 'Bump' }), 201)).body;
      const id = JSON.parse(user).id;
      await bumps('update user', () => t.call('PATCH', `${users}/${id}`, { name: 'Bumped' }), 200);
      await bumps('set password', () => t.call('POST', `${users}/${id}/password`, { password }), 204);
      await bumps('deactivate user', () => t.call('PATCH', `${users}/${id}`, { isActive: false }), 200);
      const department = JSON.parse((await bumps('create department', () => t.call('POST', departments, { name: 'Bumps' }), 201)).body);
      await bumps('update department', () => t.call('PATCH', `${departments}/${department.id}`, { name: 'Bumps 2' }), 200);
      await bumps('replace members', () => t.call('PUT', `${departments}/${department.id}/members`, { userIds: [id] }), 200);
      const role = JSON.parse((await bumps('create role', () => t.call('POST', roles, { name: 'Bumps', permissions: { items: {} } }), 201)).body);
      await bumps('update role', () => t.call('PATCH', `${roles}/${role.id}`, { mayChangeSettings: true }), 200);
      await bumps('assign role', () => t.call('PUT', `${roles}/${role.id}/assignments`, { assignments: [{ departmentId: department.id }] }), 200);
      await bumps('delete role', () => t.call('DELETE', `${roles}/${role.id}`), 204);
      await bumps('delete department', () => t.call('DELETE', `${departments}/${department.id}?force=true`), 204);

      const before = await accessVersion();
      assert.equal((await t.call('PATCH', `${users}/${t.adminId}`, { isActive: false })).statusCode, 409);
      assert.equal((await t.call('POST', roles, { name: 'X', permissions: { items: { deal: { pipelines: { 9: {} } } } } })).statusCode, 400);
      assert.equal(await accessVersion(), before, 'refused writes roll back');

      const events = await raw().selectFrom('events').select(['type', 'entity_id', 'changes']).where('entity_type', 'in', ['user', 'department', 'role']).where('entity_id', 'in', [id, department.id, role.id]).orderBy('id').execute();
      const userEvents = events.filter((e) => e.entity_id === id && ['user.invited', 'user.updated', 'user.passwordSet'].includes(e.type));
      assert.deepEqual(userEvents.map((e) => e.type), ['user.invited', 'user.updated', 'user.passwordSet', 'user.updated']);
      assert.deepEqual(JSON.parse(userEvents[3].changes), { isActive: [true, false] });
      assert.ok(!userEvents.some((e) => e.changes.includes('argon2')), 'no password hash in events');
      assert.ok(events.some((e) => e.type === 'role.deleted') && events.some((e) => e.type === 'department.deleted'));
    });

    it('settles concurrent writes: one e-mail, one last administrator', async () => {
      const same = await Promise.all([1, 2].map(() => t.call('POST', users, { email: 'race@example.com', name: 'Race' })));
      assert.deepEqual(same.map((r) => r.statusCode).sort(), [201, 400]);
      assert.deepEqual(fields(same.find((r) => r.statusCode === 400)!), ['email:taken']);

      // Two administrators remain (the test admin steps aside) and each deactivates the other at the same time.
      const [first, second] = [await newUser('Race One', { isAdmin: true }), await newUser('Race Two', { isAdmin: true })];
      const tokens = await Promise.all([first, second].map(async (u) => (await createToken(t.database.db, u.id, 'race', new Date())).token));
      await raw().updateTable('users').set({ is_admin: 0 }).where('id', '!=', first.id).where('id', '!=', second.id).execute();
      try {
        const answers = await Promise.all([
          t.call('PATCH', `${users}/${second.id}`, { isActive: false }, { authorization: `Bearer ${tokens[0]}` }),
          t.call('PATCH', `${users}/${first.id}`, { isActive: false }, { authorization: `Bearer ${tokens[1]}` }),
        ]);
        assert.equal(answers.filter((r) => r.statusCode === 200).length, 1, answers.map((r) => r.body).join('\n'));
        assert.ok(answers.every((r) => [200, 401, 409].includes(r.statusCode)));
        const admins = await raw().selectFrom('users').select('id').where('is_admin', '=', 1).where('is_active', '=', 1).execute();
        assert.equal(admins.length, 1);
      } finally {
        await raw().updateTable('users').set({ is_admin: 1, is_active: 1 }).where('id', '=', t.adminId).execute();
      }
    });
  });
}
