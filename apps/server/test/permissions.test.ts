import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Kysely } from 'kysely';
import { itemTypeList, scopes, type ItemTypeDef, type Scope } from '@vinculo/shared';
import { bumpAccessVersion } from '../src/modules/access/access-version.ts';
import { createToken, createUser } from '../src/modules/auth/auth.service.ts';
import { bodies } from './support/factories.ts';
import { createTestApp, testDialects, type TestApp } from './support/test-app.ts';

/**
 * QUALITY.md R4, generated from the route list (the OpenAPI document): every route × each role scope × the item's
 * relation to the caller. An item outside the caller's scope is 404 (never 403) and never counted; a route this
 * test has no expectation for fails it.
 */

const relations = ['own', 'department', 'subdepartment', 'open', 'other', 'deleted'] as const;
type Relation = (typeof relations)[number];

/** Whether a scope reaches an item of that relation (the rule of PRODUCT.md §5). */
function reaches(scope: Scope, relation: Relation): boolean {
  const rank = scopes.indexOf(scope);
  switch (relation) {
    case 'own':
      return rank >= scopes.indexOf('own');
    case 'department':
      return rank >= scopes.indexOf('department');
    case 'subdepartment':
      return rank >= scopes.indexOf('subdepartments');
    case 'open':
      return rank >= scopes.indexOf('open');
    case 'other':
      return scope === 'all';
    case 'deleted':
      return false;
  }
}

/** Routes that do not act on CRM items, each with why the matrix leaves it out (its own tests cover it). */
const notItemRoutes: Record<string, string> = {
  'GET /healthz': 'public',
  'GET /api/v1/setup': 'public',
  'POST /api/v1/setup': 'public',
  'POST /api/v1/auth/login': 'public',
  'POST /api/v1/auth/logout': 'public',
  'GET /api/v1/auth/me': 'the caller',
  'GET /api/v1/tokens': 'the caller',
  'POST /api/v1/tokens': 'the caller',
  'DELETE /api/v1/tokens/{id}': 'the caller',
  'PATCH /api/v1/auth/me': 'the caller',
  'POST /api/v1/auth/password': 'the caller',
  'GET /api/v1/users/directory': 'organisation, readable by all',
  'GET /api/v1/imports': "the caller's own imports",
  'GET /api/v1/imports/{id}': "the caller's own imports",
  'GET /api/v1/transfer-files/{id}/content': "the caller's own exports (checked with the export route)",
  'GET /api/v1/imports/{id}/rejected': "the caller's own imports",
  'POST /api/v1/imports/{id}/undo': "the caller's own imports",
  'GET /api/v1/views/{type}': "the caller's own list settings",
  'PUT /api/v1/views/{type}': "the caller's own list settings",
  'GET /api/v1/filter-presets/{type}': "the caller's own presets",
  'POST /api/v1/filter-presets/{type}': "the caller's own presets",
  'PATCH /api/v1/filter-presets/{type}/{id}': "the caller's own presets",
  'DELETE /api/v1/filter-presets/{type}/{id}': "the caller's own presets",
  'GET /api/v1/currencies': 'settings, readable by all',
  'POST /api/v1/currencies': 'settings',
  'PATCH /api/v1/currencies/{code}': 'settings',
  'POST /api/v1/currencies/{code}/make-base': 'settings',
  'DELETE /api/v1/currencies/{code}': 'settings',
  'GET /api/v1/reference-lists': 'settings, readable by all',
  'GET /api/v1/reference-lists/{listId}': 'settings, readable by all',
  'POST /api/v1/reference-lists/{listId}': 'settings',
  'PUT /api/v1/reference-lists/{listId}/order': 'settings',
  'PATCH /api/v1/reference-lists/{listId}/{code}': 'settings',
  'DELETE /api/v1/reference-lists/{listId}/{code}': 'settings',
  'GET /api/v1/pipelines': 'settings, readable by all',
  'GET /api/v1/pipelines/{id}': 'settings, readable by all',
  'POST /api/v1/pipelines': 'settings',
  'PATCH /api/v1/pipelines/{id}': 'settings',
  'DELETE /api/v1/pipelines/{id}': 'settings',
  'PUT /api/v1/pipelines/order': 'settings',
  'GET /api/v1/pipelines/{id}/stages': 'settings, readable by all',
  'POST /api/v1/pipelines/{id}/stages': 'settings',
  'PUT /api/v1/pipelines/{id}/stages/order': 'settings',
  'PATCH /api/v1/pipelines/{id}/stages/{code}': 'settings',
  'DELETE /api/v1/pipelines/{id}/stages/{code}': 'settings',
  'GET /api/v1/custom-fields/{type}': 'settings, readable by all',
  'POST /api/v1/custom-fields/{type}': 'settings',
  'GET /api/v1/custom-fields/{type}/{name}': 'settings, readable by all',
  'PATCH /api/v1/custom-fields/{type}/{name}': 'settings',
  'DELETE /api/v1/custom-fields/{type}/{name}': 'settings',
  'POST /api/v1/custom-fields/{type}/{name}/options': 'settings',
  'PATCH /api/v1/custom-fields/{type}/{name}/options/{optionId}': 'settings',
  'DELETE /api/v1/custom-fields/{type}/{name}/options/{optionId}': 'settings',
  'GET /api/v1/card-layouts/{type}': 'settings, readable by all',
  'GET /api/v1/types': 'metadata and the caller\'s own rights (type-meta.test.ts)',
  'PUT /api/v1/card-layouts/{type}': 'settings',
  'GET /api/v1/settings/crm-mode': 'settings, readable by all',
  'PUT /api/v1/settings/crm-mode': 'settings',
  'GET /api/v1/users': 'organisation, readable by all',
  'GET /api/v1/users/{id}': 'organisation, readable by all',
  'POST /api/v1/users': 'settings',
  'PATCH /api/v1/users/{id}': 'settings',
  'POST /api/v1/users/{id}/password': 'settings',
  'GET /api/v1/departments': 'organisation, readable by all',
  'GET /api/v1/departments/{id}': 'organisation, readable by all',
  'POST /api/v1/departments': 'settings',
  'PATCH /api/v1/departments/{id}': 'settings',
  'DELETE /api/v1/departments/{id}': 'settings',
  'PUT /api/v1/departments/{id}/members': 'settings',
  'GET /api/v1/roles': 'settings',
  'GET /api/v1/roles/{id}': 'settings',
  'POST /api/v1/roles': 'settings',
  'PATCH /api/v1/roles/{id}': 'settings',
  'DELETE /api/v1/roles/{id}': 'settings',
  'PUT /api/v1/roles/{id}/assignments': 'settings',
  'GET /api/v1/auth/sessions': "the caller's own sessions (sessions.test.ts)",
  'DELETE /api/v1/auth/sessions/{id}': "the caller's own sessions (sessions.test.ts)",
  'POST /api/v1/auth/sessions/end-others': "the caller's own sessions (sessions.test.ts)",
  'GET /api/v1/audit': 'administrators only (audit.test.ts)',
  'GET /api/v1/jobs/{id}': "the caller's own jobs (bulk-actions.test.ts)",
  'PATCH /api/v1/activities/{id}': 'seen as GET /api/v1/activities/{id}; who may change one: activities.test.ts',
  'DELETE /api/v1/activities/{id}': 'seen as GET /api/v1/activities/{id}; who may change one: activities.test.ts',
  'GET /api/v1/activities/{id}/history': 'seen as GET /api/v1/activities/{id}',
  'GET /api/v1/activities/counters': "the caller's own activities, seen as GET /api/v1/activities (activities.test.ts)",
  'PATCH /api/v1/comments/{id}': "the caller's own comments (activities.test.ts)",
  'DELETE /api/v1/comments/{id}': "the caller's own comments, or an administrator (activities.test.ts)",
  'GET /api/v1/notifications/unread-count': 'the count of GET /api/v1/notifications',
  'POST /api/v1/notifications/read': "the caller's own notifications",
  'POST /api/v1/tasks': 'linked items checked as POST /api/v1/activities checks them (activities.test.ts)',
  'GET /api/v1/tasks/{id}': 'seen as GET /api/v1/tasks',
  'PATCH /api/v1/tasks/{id}': "the task's people (activities.test.ts)",
  'PATCH /api/v1/tasks/{id}/checklist/{entryId}': "the task's people (activities.test.ts)",
  'DELETE /api/v1/tasks/{id}': "the task's creator (activities.test.ts)",
  'POST /api/v1/jobs/{id}/cancel': "the caller's own jobs (bulk-actions.test.ts)",
  'GET /api/v1/jobs/dead-letters': 'administrators only (event-delivery.test.ts)',
  'POST /api/v1/jobs/{id}/retry': 'administrators only (event-delivery.test.ts)',
  'GET /api/v1/webhooks/kinds': 'administrators only (webhooks.test.ts)',
  'GET /api/v1/webhooks': 'administrators only (webhooks.test.ts)',
  'POST /api/v1/webhooks': 'administrators only (webhooks.test.ts)',
  'GET /api/v1/webhooks/{id}': 'administrators only (webhooks.test.ts)',
  'PATCH /api/v1/webhooks/{id}': 'administrators only (webhooks.test.ts)',
  'DELETE /api/v1/webhooks/{id}': 'administrators only (webhooks.test.ts)',
  'POST /api/v1/webhooks/{id}/secret': 'administrators only (webhooks.test.ts)',
  'GET /api/v1/webhooks/{id}/deliveries': 'administrators only (webhooks.test.ts)',
  'POST /api/v1/webhooks/{id}/test': 'administrators only (webhooks.test.ts)',
  'GET /api/v1/settings/outbound': 'administrators only (webhooks.test.ts)',
  'PUT /api/v1/settings/outbound': 'administrators only (webhooks.test.ts)',
  'GET /api/v1/live': 'each change only to users who may read its item now, hidden fields left out (live.test.ts)',
  'GET /api/v1/inbound-webhooks': "the caller's own; an administrator's: everyone's (bitrix-transport.test.ts)",
  'POST /api/v1/inbound-webhooks': 'for oneself; for another user, administrators only (bitrix-transport.test.ts)',
  'DELETE /api/v1/inbound-webhooks/{id}': "the caller's own, or any for an administrator (bitrix-transport.test.ts)",
};

for (const dialect of testDialects()) {
  describe(`permission matrix, QUALITY.md R4 [${dialect}]`, () => {
    let t: TestApp;
    let meToken: string;
    let outsiderToken: string;
    const owners = {} as Record<Relation, number>;
    const raw = () => t.database.db as unknown as Kysely<any>;
    const asMe = (method: string, url: string, body?: unknown) => t.call(method as 'GET', url, body, { authorization: `Bearer ${meToken}` });
    const uploadAsMe = (csv: string) => t.app.inject({ method: 'POST', url: '/api/v1/imports/files?name=p.csv', headers: { authorization: `Bearer ${meToken}`, 'content-type': 'text/csv' }, payload: csv });

    before(async () => {
      t = await createTestApp(dialect);
      const user = async (name: string) => createUser(t.database.db, { email: `${name}@example.com`, password: 'correct horse battery', name }, new Date());
      const me = await user('me');
      const colleague = await user('colleague');
      const subordinate = await user('subordinate');
      const outsider = await user('outsider');
      meToken = (await createToken(t.database.db, me, 'tests', new Date())).token;
      outsiderToken = (await createToken(t.database.db, outsider, 'tests', new Date())).token;
      const department = async (name: string, parentId: number | null, members: number[]) => {
        const row = await raw().insertInto('departments').values({ name, parent_id: parentId, head_user_id: members[0], sort: 100 }).returning('id').executeTakeFirstOrThrow();
        for (const member of members) await raw().insertInto('user_departments').values({ user_id: member, department_id: row.id }).execute();
        return Number(row.id);
      };
      const sales = await department('Vendas', null, [me, colleague]);
      await department('Vendas SP', sales, [subordinate]);
      await department('Suporte', null, [outsider]);
      assert.equal((await t.call('POST', '/api/v1/custom-fields/contacts', { name: 'UF_CRM_CONTRACT', type: 'file', labelEn: 'Contract', labelPt: 'Contrato' })).statusCode, 201);
      // The matrix gives `me` exactly one role at a time: the default role for everyone goes.
      await raw().deleteFrom('role_assignments').execute();
      Object.assign(owners, { own: me, department: colleague, subdepartment: subordinate, open: outsider, other: outsider, deleted: me });
    });
    after(() => t.close());

    /** A file held by a contact in each relation to me: readable exactly when the scope reaches the contact. */
    const fileCheck = async (scope: Scope, suffix: string) => {
      for (const relation of relations) {
        const file = (await upload(t.token)).json().id;
        const holder = await makeItem(itemTypeList.find((x) => x.name === 'contact')!, relation === 'deleted' ? 'own' : relation);
        assert.equal((await t.call('PATCH', `/api/v1/contacts/${holder}`, { ufCrmContract: file })).statusCode, 200);
        if (relation === 'deleted') assert.equal((await t.call('DELETE', `/api/v1/contacts/${holder}`)).statusCode, 204);
        const response = await asMe('GET', `/api/v1/files/${file}${suffix}`);
        assert.equal(response.statusCode, reaches(scope, relation) ? 200 : 404, `GET file${suffix} held by a contact ${relation} under ${scope}`);
      }
    };

    /** Uploads a small file as `token`'s user. */
    const upload = async (token: string) => {
      const form = new FormData();
      form.append('file', new Blob([new TextEncoder().encode('contrato')], { type: 'application/pdf' }), 'contrato.pdf');
      const request = new Request('http://localhost/', { method: 'POST', body: form });
      return t.app.inject({ method: 'POST', url: '/api/v1/files', headers: { 'content-type': request.headers.get('content-type')!, authorization: `Bearer ${token}` }, payload: Buffer.from(await request.arrayBuffer()) });
    };

    /** Gives `me` a single role granting `scope` for every action on every type. */
    const grant = async (scope: Scope) => {
      const all = { read: scope, add: scope, update: scope, delete: scope, export: scope, import: scope };
      const permissions = JSON.stringify({ items: { lead: all, contact: all, company: all, deal: all } });
      const now = new Date().toISOString();
      await raw().deleteFrom('role_assignments').execute();
      const role = await raw().insertInto('roles').values({ name: `only ${scope}`, permissions, may_change_settings: 0, created_at: now, updated_at: now }).returning('id').executeTakeFirstOrThrow();
      await raw().insertInto('role_assignments').values({ role_id: role.id, user_id: owners.own, department_id: null }).execute();
      await bumpAccessVersion(t.database.db);
    };

    /** An item of `type` in `relation` to me, created by the admin. */
    const makeItem = async (type: ItemTypeDef, relation: Relation): Promise<number> => {
      const response = await t.call('POST', `/api/v1/${type.plural}`, bodies[type.name]({ assignedById: owners[relation], opened: relation === 'open' }));
      assert.equal(response.statusCode, 201, response.body);
      const id = response.json().id as number;
      if (relation === 'deleted') assert.equal((await t.call('DELETE', `/api/v1/${type.plural}/${id}`)).statusCode, 204);
      return id;
    };
    const makeBinned = async (type: ItemTypeDef, relation: Relation) => {
      const id = await makeItem(type, relation === 'deleted' ? 'own' : relation);
      assert.equal((await t.call('DELETE', `/api/v1/${type.plural}/${id}`)).statusCode, 204);
      return id;
    };

    const duplicateTypes = () => itemTypeList.filter((x) => x.name === 'lead' || x.name === 'contact' || x.name === 'company');
    /** An item of `type` in each relation to me, all with the same e-mail (and nothing else in common). */
    const sameEmail = async (type: ItemTypeDef, scope: Scope) => {
      const email = `dup.${scope}.${type.name}.${Math.random().toString(36).slice(2)}@exemplo.com`;
      const ids = new Map<number, Relation>();
      for (const relation of relations) {
        const included = type.name === 'contact' || type.name === 'company' ? { export: true } : {};
        const body = bodies[type.name]({ assignedById: owners[relation === 'deleted' ? 'own' : relation], opened: relation === 'open', emails: [{ value: email, valueType: 'WORK' }], phones: [], ...included });
        const id = (await t.call('POST', `/api/v1/${type.plural}`, body)).json().id as number;
        if (relation === 'deleted') assert.equal((await t.call('DELETE', `/api/v1/${type.plural}/${id}`)).statusCode, 204);
        ids.set(id, relation);
      }
      return { email, ids };
    };
    /** Such items scanned (by the administrator): the group, the live items in it I may read, and how many live ones it has. */
    const scannedGroup = async (type: ItemTypeDef, scope: Scope) => {
      const { email, ids } = await sameEmail(type, scope);
      assert.equal((await t.call('POST', `/api/v1/${type.plural}/duplicates/scan`)).statusCode, 202);
      await t.app.jobRunner.whenIdle();
      const groups = (await t.call('GET', `/api/v1/${type.plural}/duplicates?limit=200`)).json().items as Array<{ id: number; value: string }>;
      const id = groups.find((g) => g.value === email)!.id;
      const expected = [...ids].filter(([, r]) => reaches(scope, r)).map(([itemId]) => itemId).sort((a, b) => a - b);
      return { id, expected, live: [...ids.values()].filter((r) => r !== 'deleted').length };
    };

    /** What each route does to one item of `type` in `relation`, and the status it must answer under `scope`. */
    type Check = (scope: Scope, type: ItemTypeDef, relation: Relation) => Promise<void>;
    const single = (method: string, suffix: string, okStatus: number, body?: (type: ItemTypeDef) => unknown, fresh = false): Check => {
      const shared = new Map<string, number>();
      return async (scope, type, relation) => {
        const key = `${type.name}:${relation}`;
        let id = shared.get(key);
        if (id === undefined || fresh) shared.set(key, (id = await makeItem(type, relation)));
        const response = await asMe(method, `/api/v1/${type.plural}/${id}${suffix}`, body?.(type));
        const expected = reaches(scope, relation) ? okStatus : 404;
        assert.equal(response.statusCode, expected, `${method} …${suffix} ${type.name} ${relation} under ${scope}: ${response.body}`);
      };
    };
    const stageOf = (type: ItemTypeDef) => (type.name === 'deal' ? 'PREPARATION' : 'IN_PROCESS');

    const itemRoutes: Record<string, { types: string[]; check: Check }> = {
      'GET /api/v1/{type}/{id}': { types: ['lead', 'contact', 'company', 'deal'], check: single('GET', '', 200) },
      'PATCH /api/v1/{type}/{id}': { types: ['lead', 'contact', 'company', 'deal'], check: single('PATCH', '', 200, () => ({ comments: `edited ${Math.random()}` })) },
      'DELETE /api/v1/{type}/{id}': { types: ['lead', 'contact', 'company', 'deal'], check: single('DELETE', '', 204, undefined, true) },
      'GET /api/v1/{type}/{id}/history': { types: ['lead', 'contact', 'company', 'deal'], check: single('GET', '/history', 200) },
      'GET /api/v1/{type}/{id}/dependencies': { types: ['lead', 'contact', 'company', 'deal'], check: single('GET', '/dependencies', 200) },
      'GET /api/v1/{type}/{id}/stage-history': { types: ['lead', 'deal'], check: single('GET', '/stage-history', 200) },
      'POST /api/v1/{type}/{id}/move': { types: ['lead', 'deal'], check: single('POST', '/move', 200, (type) => ({ stageId: stageOf(type) })) },
      'POST /api/v1/deals/{id}/move-to-pipeline': { types: ['deal'], check: single('POST', '/move-to-pipeline', 200, () => ({ categoryId: 0, stageId: 'EXECUTING' })) },
      'POST /api/v1/leads/{id}/convert': { types: ['lead'], check: single('POST', '/convert', 200, () => ({ deal: {} }), true) },
      'POST /api/v1/{type}/{id}/restore': {
        types: ['lead', 'contact', 'company', 'deal'],
        check: async (scope, type, relation) => {
          const id = await makeBinned(type, relation);
          const response = await asMe('POST', `/api/v1/${type.plural}/${id}/restore`);
          const visible = reaches(scope, relation === 'deleted' ? 'own' : relation);
          assert.equal(response.statusCode, visible ? 200 : 404, `restore ${type.name} ${relation} under ${scope}`);
        },
      },
      // Merging needs to read every item (and to change or delete them: the matrix grants one scope for all actions).
      'POST /api/v1/{type}/merge': {
        types: ['lead', 'contact', 'company'],
        check: async (scope, type, relation) => {
          const survivor = await makeItem(type, 'own');
          const other = await makeItem(type, relation);
          const response = await asMe('POST', `/api/v1/${type.plural}/merge`, { ids: [survivor, other], survivorId: survivor });
          const expected = reaches(scope, 'own') && reaches(scope, relation) ? 200 : 404;
          assert.equal(response.statusCode, expected, `merge ${type.name} with one ${relation} under ${scope}: ${response.body}`);
        },
      },
      'DELETE /api/v1/recycle-bin/{type}/{id}': {
        types: ['lead', 'contact', 'company', 'deal'],
        check: async (scope, type, relation) => {
          const id = await makeBinned(type, relation);
          const response = await asMe('DELETE', `/api/v1/recycle-bin/${type.name}/${id}`);
          const visible = reaches(scope, relation === 'deleted' ? 'own' : relation);
          assert.equal(response.statusCode, visible ? 204 : 404, `purge ${type.name} ${relation} under ${scope}`);
        },
      },
    };

    /** Routes over many items: what they list or count is exactly what the scope reaches. */
    /** An item of `type` in each relation to me, each with an open activity (the administrator's), a comment mentioning me and a task linked to it. */
    let timelineRun = 0;
    const withTimeline = async (type: ItemTypeDef) => {
      // Each run's activities are due at their own minute, so a list can ask for exactly them.
      const deadline = new Date(Date.UTC(2030, 0, 1) + ++timelineRun * 60_000).toISOString();
      const made: Array<{ id: number; relation: Relation; activityId: number; taskId: number; deadline: string }> = [];
      for (const relation of relations) {
        const id = await makeItem(type, relation === 'deleted' ? 'own' : relation);
        const activity = await t.call('POST', '/api/v1/activities', { kind: 'call', subject: `Ligar ${relation}`, owner: { type: type.name, id }, deadline });
        assert.equal(activity.statusCode, 201, activity.body);
        assert.equal((await t.call('POST', `/api/v1/${type.plural}/${id}/comments`, { text: '@me olhe', mentionIds: [owners.own] })).statusCode, 201);
        const task = await t.call('POST', '/api/v1/tasks', { title: `Tarefa ${relation}`, items: [{ type: type.name, id }] });
        assert.equal(task.statusCode, 201, task.body);
        if (relation === 'deleted') assert.equal((await t.call('DELETE', `/api/v1/${type.plural}/${id}`)).statusCode, 204);
        made.push({ id, relation, activityId: activity.json().id, taskId: task.json().id, deadline });
      }
      return made;
    };

    const setRoutes: Record<string, (scope: Scope) => Promise<void>> = {
      'GET /api/v1/{plural}/{id}/timeline': async (scope) => {
        for (const type of itemTypeList) {
          for (const { id, relation } of await withTimeline(type)) {
            const response = await asMe('GET', `/api/v1/${type.plural}/${id}/timeline`);
            assert.equal(response.statusCode, reaches(scope, relation) ? 200 : 404, `timeline ${type.name} ${relation} under ${scope}`);
            if (response.statusCode === 200) assert.equal(response.json().planned.length, 1);
          }
        }
      },
      'GET /api/v1/activities': async (scope) => {
        for (const type of itemTypeList) {
          const made = await withTimeline(type);
          const due = made[0].deadline;
          const until = new Date(Date.parse(due) + 1).toISOString();
          const listed = new Set((await asMe('GET', `/api/v1/activities?from=${due}&to=${until}`)).json().items.map((a: { id: number }) => a.id));
          for (const { activityId, relation } of made) assert.equal(listed.has(activityId), reaches(scope, relation), `activities ${type.name} ${relation} under ${scope}`);
        }
      },
      'GET /api/v1/activities/{id}': async (scope) => {
        for (const type of itemTypeList) {
          for (const { activityId, relation } of await withTimeline(type)) {
            assert.equal((await asMe('GET', `/api/v1/activities/${activityId}`)).statusCode, reaches(scope, relation) ? 200 : 404, `activity ${type.name} ${relation} under ${scope}`);
          }
        }
      },
      'POST /api/v1/activities': async (scope) => {
        for (const type of itemTypeList) {
          for (const relation of relations) {
            const id = await makeItem(type, relation);
            const response = await asMe('POST', '/api/v1/activities', { kind: 'todo', subject: 'x', owner: { type: type.name, id }, deadline: '2030-01-01T10:00:00.000Z' });
            assert.equal(response.statusCode, reaches(scope, relation) ? 201 : 404, `plan on ${type.name} ${relation} under ${scope}`);
          }
        }
      },
      'POST /api/v1/{plural}/{id}/comments': async (scope) => {
        for (const type of itemTypeList) {
          for (const relation of relations) {
            const id = await makeItem(type, relation);
            const response = await asMe('POST', `/api/v1/${type.plural}/${id}/comments`, { text: 'x' });
            assert.equal(response.statusCode, reaches(scope, relation) ? 201 : 404, `comment on ${type.name} ${relation} under ${scope}`);
          }
        }
      },
      'GET /api/v1/notifications': async (scope) => {
        await asMe('POST', '/api/v1/notifications/read', { all: true });
        for (const type of itemTypeList) {
          const made = await withTimeline(type);
          const told = (await asMe('GET', '/api/v1/notifications?unread=true&limit=100')).json();
          const about = new Set(told.items.filter((n: { kind: string }) => n.kind === 'mention').map((n: { item: { id: number } }) => n.item.id));
          for (const { id, relation } of made) assert.equal(about.has(id), reaches(scope, relation), `mention on ${type.name} ${relation} under ${scope}`);
          assert.equal(told.unread, told.items.length, 'the count is of what the list shows');
          await asMe('POST', '/api/v1/notifications/read', { all: true });
        }
      },
      'GET /api/v1/tasks': async (scope) => {
        for (const type of itemTypeList) {
          const made = await withTimeline(type);
          const listed = new Set((await asMe('GET', '/api/v1/tasks?limit=200')).json().items.map((x: { id: number }) => x.id));
          const seen = async (id: number) => (await asMe('GET', `/api/v1/tasks/${id}`)).statusCode === 200;
          for (const { taskId, relation } of made) {
            assert.equal(listed.has(taskId), false, 'not among my tasks: I have no part in them');
            assert.equal(await seen(taskId), reaches(scope, relation), `task on ${type.name} ${relation} under ${scope}`);
          }
        }
      },
      'GET /api/v1/{type}': async (scope) => {
        for (const type of itemTypeList) {
          const ids = new Map<number, Relation>();
          for (const relation of relations) ids.set(await makeItem(type, relation), relation);
          const list = (await asMe('GET', `/api/v1/${type.plural}?filter[id][in]=${[...ids.keys()].join(',')}&limit=50`)).json();
          const expected = [...ids].filter(([, r]) => reaches(scope, r)).map(([id]) => id).sort((a, b) => b - a);
          assert.deepEqual(list.items.map((i: { id: number }) => i.id), expected, `list ${type.name} under ${scope}`);
          assert.equal(list.total, expected.length, `total ${type.name} under ${scope}`);
        }
      },
      'POST /api/v1/{type}': async (scope) => {
        for (const type of itemTypeList) {
          for (const relation of relations.filter((r) => r !== 'deleted')) {
            const response = await asMe('POST', `/api/v1/${type.plural}`, bodies[type.name]({ assignedById: owners[relation], opened: relation === 'open' }));
            assert.equal(response.statusCode, reaches(scope, relation) ? 201 : 403, `add ${type.name} for ${relation} under ${scope}: ${response.body}`);
          }
        }
      },
      'GET /api/v1/{type}/kanban': async (scope) => {
        for (const type of itemTypeList.filter((x) => x.name === 'deal' || x.name === 'lead')) {
          const ids = new Map<number, Relation>();
          for (const relation of relations) ids.set(await makeItem(type, relation), relation);
          const board = (await asMe('GET', `/api/v1/${type.plural}/kanban?filter[id][in]=${[...ids.keys()].join(',')}&limit=50`)).json();
          const expected = [...ids].filter(([, r]) => reaches(scope, r)).map(([id]) => id);
          const cards = board.columns.flatMap((c: { items: Array<{ id: number }> }) => c.items.map((i) => i.id));
          assert.deepEqual(cards.sort(), [...expected].sort(), `kanban cards ${type.name} under ${scope}`);
          const count = board.columns.reduce((sum: number, c: { count: number }) => sum + c.count, 0);
          assert.equal(count, expected.length, `kanban count ${type.name} under ${scope}`);
          const total = board.columns.reduce((sum: number, c: { total: string }) => sum + Number(c.total), 0);
          assert.equal(total, expected.length * (type.name === 'deal' ? 1500 : 0), `kanban total ${type.name} under ${scope}`);
        }
      },
      'GET /api/v1/{type}/kanban/columns/{stageId}': async (scope) => {
        for (const type of itemTypeList.filter((x) => x.name === 'deal' || x.name === 'lead')) {
          const ids = new Map<number, Relation>();
          for (const relation of relations) ids.set(await makeItem(type, relation), relation);
          const page = (await asMe('GET', `/api/v1/${type.plural}/kanban/columns/NEW?filter[id][in]=${[...ids.keys()].join(',')}&limit=50`)).json();
          const expected = [...ids].filter(([, r]) => reaches(scope, r)).map(([id]) => id);
          assert.deepEqual(page.items.map((i: { id: number }) => i.id).sort(), [...expected].sort(), `kanban column ${type.name} under ${scope}`);
        }
      },
      'GET /api/v1/recycle-bin': async (scope) => {
        for (const type of itemTypeList) {
          const ids = new Map<number, Relation>();
          for (const relation of relations.filter((r) => r !== 'deleted')) ids.set(await makeBinned(type, relation), relation);
          const bin = (await asMe('GET', `/api/v1/recycle-bin?type=${type.name}`)).json().items.map((i: { id: number }) => i.id);
          for (const [id, relation] of ids) assert.equal(bin.includes(id), reaches(scope, relation), `bin ${type.name} ${relation} under ${scope}`);
        }
      },
      // A group action does exactly what the caller's scope reaches; the rest is refused as not found, whether the
      // items are named by id or matched by a filter.
      'POST /api/v1/{type}/bulk': async (scope) => {
        for (const type of itemTypeList) {
          const ids = new Map<number, Relation>();
          for (const relation of relations) ids.set(await makeItem(type, relation), relation);
          const expected = [...ids].filter(([, r]) => reaches(scope, r)).map(([id]) => id);
          const comments = `bulk ${scope} ${Math.random()}`;
          for (const selection of [{ ids: [...ids.keys()] }, { filter: [{ field: 'id', op: 'in', value: [...ids.keys()] }] }]) {
            const started = await asMe('POST', `/api/v1/${type.plural}/bulk`, { ...selection, action: { kind: 'set', field: 'comments', value: comments } });
            assert.equal(started.statusCode, 202, started.body);
            await t.app.jobRunner.whenIdle();
            const job = (await asMe('GET', `/api/v1/jobs/${started.json().jobId}`)).json();
            const named = 'ids' in selection;
            assert.equal(job.total, named ? ids.size : expected.length, `bulk ${type.name} total under ${scope}`);
            assert.equal(job.succeeded, expected.length, `bulk ${type.name} under ${scope}`);
            const refused = job.refusals.map((r: { id: number; code: string }) => [r.id, r.code]);
            assert.deepEqual(refused, named ? [...ids].filter(([, r]) => !reaches(scope, r)).map(([id]) => [id, 'NOT_FOUND']) : [], `bulk ${type.name} refusals under ${scope}`);
          }
          for (const [id, relation] of ids) {
            const stored = await raw().selectFrom(type.table).select('comments').where('id', '=', id).executeTakeFirstOrThrow();
            assert.equal(stored.comments === comments, reaches(scope, relation), `bulk ${type.name} ${relation} changed under ${scope}`);
          }
        }
      },
      // Likely duplicates are only items the caller may read.
      'POST /api/v1/{type}/duplicates/check': async (scope) => {
        for (const type of duplicateTypes()) {
          const { email, ids } = await sameEmail(type, scope);
          const matches = (await asMe('POST', `/api/v1/${type.plural}/duplicates/check`, { emails: [{ value: email, valueType: 'WORK' }] })).json().items;
          const expected = [...ids].filter(([, r]) => reaches(scope, r)).map(([id]) => id).sort((a, b) => a - b);
          assert.deepEqual(matches.map((m: { item: { id: number } }) => m.item.id).sort((a: number, b: number) => a - b), expected, `check ${type.name} under ${scope}`);
        }
      },
      // Importing needs the import right; a row is a duplicate only of an item the importer may read (R4: an import
      // that skipped a row it matched with an item the caller may not see would tell them it exists).
      'POST /api/v1/imports/files': async (scope) => {
        const response = await uploadAsMe('E-mail\nquem@exemplo.com\n');
        assert.equal(response.statusCode, scope === 'none' ? 403 : 201, `upload under ${scope}`);
      },
      'POST /api/v1/{type}/import/preview': async (scope) => {
        const fileId = scope === 'none' ? 1 : (await uploadAsMe('E-mail\nquem@exemplo.com\n')).json().fileId;
        for (const type of itemTypeList) {
          const response = await asMe('POST', `/api/v1/${type.plural}/import/preview`, { fileId });
          assert.equal(response.statusCode, scope === 'none' ? 403 : 200, `preview ${type.name} under ${scope}`);
        }
      },
      'POST /api/v1/{type}/import': async (scope) => {
        for (const type of duplicateTypes()) {
          const { email, ids } = await sameEmail(type, scope);
          if (scope === 'none') {
            assert.equal((await asMe('POST', `/api/v1/${type.plural}/import`, { fileId: 1, mapping: ['emails:WORK'], onDuplicate: 'skip' })).statusCode, 403);
            continue;
          }
          const upload = await uploadAsMe(`Nome;Nome do lead;Nome da empresa;E-mail\nImportado;Importado;Importado;${email}\n`);
          const preview = (await asMe('POST', `/api/v1/${type.plural}/import/preview`, { fileId: upload.json().fileId })).json();
          const started = await asMe('POST', `/api/v1/${type.plural}/import`, { fileId: upload.json().fileId, mapping: preview.mapping, onDuplicate: 'skip' });
          assert.equal(started.statusCode, 202, started.body);
          await t.app.jobRunner.whenIdle();
          const summary = (await asMe('GET', `/api/v1/imports/${started.json().jobId}`)).json();
          const seen = [...ids].some(([, relation]) => relation !== 'deleted' && reaches(scope, relation));
          assert.deepEqual([summary.skipped, summary.created], seen ? [1, 0] : [0, 1], `import ${type.name} under ${scope}: ${JSON.stringify(summary)}`);
        }
      },
      // An export holds exactly the items the caller may read and export, and its file only they may download.
      'POST /api/v1/{type}/export': async (scope) => {
        for (const type of duplicateTypes()) {
          const { ids } = await sameEmail(type, scope);
          const started = await asMe('POST', `/api/v1/${type.plural}/export`, { format: 'csv', columns: ['emails'], ids: [...ids.keys()] });
          if (scope === 'none') {
            assert.equal(started.statusCode, 403, `export ${type.name} under none`);
            continue;
          }
          assert.equal(started.statusCode, 202, started.body);
          await t.app.jobRunner.whenIdle();
          const file = await asMe('GET', `/api/v1/transfer-files/${started.json().fileId}/content`);
          assert.equal(file.statusCode, 200, file.body);
          const exported = file.body.replace(/^\uFEFF/, '').trim().split('\r\n').slice(1).map((line) => Number(line.split(/[;,]/)[0])).sort((a, b) => a - b);
          const expected = [...ids].filter(([, relation]) => relation !== 'deleted' && reaches(scope, relation)).map(([id]) => id).sort((a, b) => a - b);
          assert.deepEqual(exported, expected, `export ${type.name} under ${scope}`);
          assert.equal((await t.call('GET', `/api/v1/transfer-files/${started.json().fileId}/content`, undefined, { authorization: `Bearer ${outsiderToken}` })).statusCode, 404, 'someone else\'s export');
        }
      },
      // The scan looks at everything; a group shows each caller the live items they may read, and only when there are two.
      'POST /api/v1/{type}/duplicates/scan': async (scope) => {
        for (const type of duplicateTypes()) {
          const response = await asMe('POST', `/api/v1/${type.plural}/duplicates/scan`);
          assert.equal(response.statusCode, scope === 'none' ? 403 : 202, `scan ${type.name} under ${scope}`);
          await t.app.jobRunner.whenIdle();
        }
      },
      'GET /api/v1/{type}/duplicates': async (scope) => {
        for (const type of duplicateTypes()) {
          const { id, expected } = await scannedGroup(type, scope);
          const page = (await asMe('GET', `/api/v1/${type.plural}/duplicates?limit=200`)).json();
          const group = page.items.find((g: { id: number }) => g.id === id);
          assert.deepEqual(group?.items.map((i: { id: number }) => i.id) ?? [], expected.length >= 2 ? expected : [], `groups ${type.name} under ${scope}`);
        }
      },
      'GET /api/v1/{type}/duplicates/groups/{id}': async (scope) => {
        for (const type of duplicateTypes()) {
          const { id, expected } = await scannedGroup(type, scope);
          const response = await asMe('GET', `/api/v1/${type.plural}/duplicates/groups/${id}`);
          assert.equal(response.statusCode, expected.length >= 2 ? 200 : 404, `group ${type.name} under ${scope}`);
          if (expected.length >= 2) assert.deepEqual(response.json().items.map((i: { id: number }) => i.id), expected);
        }
      },
      'POST /api/v1/{type}/duplicates/groups/{id}/dismiss': async (scope) => {
        for (const type of duplicateTypes()) {
          const { id, expected, live } = await scannedGroup(type, scope);
          const response = await asMe('POST', `/api/v1/${type.plural}/duplicates/groups/${id}/dismiss`);
          const status = expected.length < 2 ? 404 : expected.length < live ? 403 : 204;
          assert.equal(response.statusCode, status, `dismiss ${type.name} under ${scope}: ${response.body}`);
        }
      },
      'GET /api/v1/search': async (scope) => {
        for (const type of itemTypeList) {
          const word = `busca${scope}${type.name}`;
          const ids = new Map<number, Relation>();
          for (const relation of relations) {
            const body = bodies[type.name]({ assignedById: owners[relation], opened: relation === 'open', ...(type.name === 'contact' ? { lastName: word } : { title: word }) });
            const id = (await t.call('POST', `/api/v1/${type.plural}`, body)).json().id as number;
            if (relation === 'deleted') assert.equal((await t.call('DELETE', `/api/v1/${type.plural}/${id}`)).statusCode, 204);
            ids.set(id, relation);
          }
          const groups = (await asMe('GET', `/api/v1/search?q=${word}&types=${type.name}&limit=20`)).json().groups as Array<{ items: Array<{ id: number }> }>;
          const expected = [...ids].filter(([, r]) => reaches(scope, r)).map(([id]) => id).sort((a, b) => b - a);
          assert.deepEqual(groups.flatMap((g) => g.items.map((i) => i.id)), expected, `search ${type.name} under ${scope}`);
        }
      },
      // A file is read through the item and field that hold it (file-access.test.ts checks the rest of the rule).
      'POST /api/v1/files': async () => {
        assert.equal((await upload(meToken)).statusCode, 201, 'anyone signed in may upload');
      },
      'GET /api/v1/files/{id}': (scope) => fileCheck(scope, ''),
      'GET /api/v1/files/{id}/content': (scope) => fileCheck(scope, '/content'),
      'GET /api/v1/access/explain': async () => {
        // Settings-only: a user without the settings right is refused, whatever their item scope.
        assert.equal((await asMe('GET', `/api/v1/access/explain?userId=${owners.own}&type=deals&id=1`)).statusCode, 403);
      },
    };

    it('knows every route of the API', async () => {
      const paths = (await t.call('GET', '/api/openapi.json')).json().paths as Record<string, Record<string, unknown>>;
      const unknown: string[] = [];
      for (const [path, methods] of Object.entries(paths)) {
        for (const method of Object.keys(methods)) {
          const route = `${method.toUpperCase()} ${path}`;
          const generic = route.replace(/\/api\/v1\/(leads|contacts|companies|deals)(?=\/|$)/, '/api/v1/{type}');
          const covered = route in notItemRoutes || route in itemRoutes || generic in itemRoutes || route in setRoutes || generic in setRoutes;
          if (!covered) unknown.push(route);
        }
      }
      assert.deepEqual(unknown, [], 'routes without an expectation in the permission matrix');
    });

    for (const scope of scopes) {
      it(`under a role with scope "${scope}", answers and counts exactly what the scope reaches`, async () => {
        await grant(scope);
        for (const [route, { types, check }] of Object.entries(itemRoutes)) {
          for (const type of itemTypeList.filter((x) => types.includes(x.name))) {
            for (const relation of relations) {
              await check(scope, type, relation).catch((error: Error) => {
                throw new Error(`${route}: ${error.message}`);
              });
            }
          }
        }
        for (const check of Object.values(setRoutes)) await check(scope);
      });
    }

    it('narrows deals per pipeline, and lets a role with the settings right change settings', async () => {
      const pipeline = (await t.call('POST', '/api/v1/pipelines', { name: 'Licitações' })).json();
      const all = { read: 'all', add: 'all', update: 'all', delete: 'all', export: 'all' };
      // The override leaves export out: in that pipeline the role may not export (it replaces the deal grants).
      const own = { read: 'own', add: 'own', update: 'own', delete: 'own' };
      const permissions = JSON.stringify({ items: { deal: { ...all, pipelines: { [pipeline.id]: own } } } });
      const now = new Date().toISOString();
      await raw().deleteFrom('role_assignments').execute();
      const role = await raw().insertInto('roles').values({ name: 'pipeline', permissions, may_change_settings: 1, created_at: now, updated_at: now }).returning('id').executeTakeFirstOrThrow();
      await raw().insertInto('role_assignments').values({ role_id: role.id, user_id: owners.own, department_id: null }).execute();
      await bumpAccessVersion(t.database.db);
      const deal = async (categoryId: number, relation: Relation) =>
        (await t.call('POST', '/api/v1/deals', bodies.deal({ categoryId, assignedById: owners[relation] }))).json().id as number;
      const generalOther = await deal(0, 'other');
      const tenderOther = await deal(pipeline.id, 'other');
      const tenderOwn = await deal(pipeline.id, 'own');
      assert.equal((await asMe('GET', `/api/v1/deals/${generalOther}`)).statusCode, 200);
      assert.equal((await asMe('GET', `/api/v1/deals/${tenderOther}`)).statusCode, 404);
      assert.equal((await asMe('GET', `/api/v1/deals/${tenderOwn}`)).statusCode, 200);
      const listed = (await asMe('GET', `/api/v1/deals?filter[id][in]=${generalOther},${tenderOther},${tenderOwn}`)).json();
      assert.deepEqual(listed.items.map((i: { id: number }) => i.id).sort(), [generalOther, tenderOwn].sort());
      const board = (await asMe('GET', `/api/v1/deals/kanban?pipelineId=${pipeline.id}`)).json();
      assert.equal(board.columns.reduce((sum: number, c: { count: number }) => sum + c.count, 0), 1);
      // Explain says what the compiled access does: the override's missing action is none, the type's grant elsewhere.
      const explain = async (id: number) => (await t.call('GET', `/api/v1/access/explain?userId=${owners.own}&type=deals&id=${id}&action=export`)).json();
      assert.deepEqual([(await explain(tenderOwn)).allowed, (await explain(tenderOwn)).roles[0].scope], [false, 'none']);
      assert.deepEqual([(await explain(generalOther)).allowed, (await explain(generalOther)).roles[0].scope], [true, 'all']);
      // Moving someone else's deal into the narrower pipeline would put it out of reach: refused.
      assert.equal((await asMe('POST', `/api/v1/deals/${generalOther}/move-to-pipeline`, { categoryId: pipeline.id })).statusCode, 403);
      // The settings right: this role may change currencies, unlike the matrix roles.
      assert.equal((await asMe('PATCH', '/api/v1/currencies/USD', { rate: '5.5' })).statusCode, 200);
    });

    it('explains to an admin which role and scope decided', async () => {
      await grant('department');
      const colleagueDeal = await makeItem(itemTypeList.find((x) => x.name === 'deal')!, 'department');
      const otherDeal = await makeItem(itemTypeList.find((x) => x.name === 'deal')!, 'other');
      const yes = (await t.call('GET', `/api/v1/access/explain?userId=${owners.own}&type=deals&id=${colleagueDeal}&action=update`)).json();
      assert.deepEqual([yes.allowed, yes.scope, yes.relation, yes.reason, yes.roles[0].name, yes.roles[0].allows], [true, 'department', 'department', 'inScope', 'only department', true]);
      const no = (await t.call('GET', `/api/v1/access/explain?userId=${owners.own}&type=deals&id=${otherDeal}`)).json();
      assert.deepEqual([no.allowed, no.relation, no.reason], [false, 'other', 'outOfScope']);
      assert.equal((await t.call('GET', `/api/v1/access/explain?userId=${owners.own}&type=deals&id=999999`)).statusCode, 404);
    });
  });
}
