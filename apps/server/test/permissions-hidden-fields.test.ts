import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { itemTypeList, type FieldDef, type ItemTypeDef } from '@vinculo/shared';
import { bodies } from './support/factories.ts';
import { everywhere, setRoles } from './support/roles.ts';
import { createTestApp, testDialects, type TestApp } from './support/test-app.ts';

/**
 * The permission matrix's rows for hidden standard fields (QUALITY.md R5, issue 10): every standard field of every
 * type is hidden in turn from a user who may otherwise do everything; every read route of items then answers without
 * a 500, the field and its value appear in no answer, and the write rules are those of any field: the hidden one is
 * refused as unknown, the others still change.
 */

/** Text fields long enough to carry a sentinel value: if it shows anywhere in an answer, the field leaked. */
const sentinelFields = (type: ItemTypeDef) => type.fields.filter((f) => (f.type === 'string' || f.type === 'text') && !f.readOnly && (f.maxLength ?? 255) >= 30);
const sentinel = (type: ItemTypeDef, field: FieldDef) => `S3NT1N3L-${type.name}-${field.name}-END`;
/** The text fields the global search looks in (modules/search): titles, a person's names, a lead's company name. */
const searchedNames = new Set(['title', 'name', 'secondName', 'lastName', 'companyTitle']);

/** Every object in an answer that stands for the item (has its id and a version, or is its card's field list). */
function itemObjects(body: unknown, id: number): Array<Record<string, unknown>> {
  const found: Array<Record<string, unknown>> = [];
  const visit = (value: unknown) => {
    if (Array.isArray(value)) value.forEach(visit);
    else if (value !== null && typeof value === 'object') {
      const object = value as Record<string, unknown>;
      if (object.id === id && 'version' in object) found.push(object);
      Object.values(object).forEach(visit);
    }
  };
  visit(body);
  return found;
}

for (const dialect of testDialects()) {
  describe(`permission matrix: every standard field hidden in turn [${dialect}]`, () => {
    let t: TestApp;
    let seller: { id: number; token: string };
    const ids = {} as Record<string, number>;
    const asSeller = (method: 'GET' | 'PATCH' | 'DELETE', url: string, body?: unknown) => t.call(method, url, body, { authorization: `Bearer ${seller.token}` });

    before(async () => {
      t = await createTestApp(dialect);
      seller = await t.addUser('Seller');
      const company = (await t.call('POST', '/api/v1/companies', bodies.company({ assignedById: seller.id }))).json();
      const contact = (await t.call('POST', '/api/v1/contacts', bodies.contact({ companyIds: [company.id], assignedById: seller.id }))).json();
      for (const type of itemTypeList) {
        const values = Object.fromEntries(sentinelFields(type).map((f) => [f.name, sentinel(type, f)]));
        const links = type.name === 'deal' ? { companyId: company.id, contactIds: [contact.id] } : type.name === 'lead' ? { companyId: company.id } : {};
        const created = await t.call('POST', `/api/v1/${type.plural}`, bodies[type.name]({ ...values, ...links, assignedById: seller.id, ...(type.fields.some((f) => f.name === 'opportunity') ? { opportunity: '777.77' } : {}) }));
        assert.equal(created.statusCode, 201, created.body);
        ids[type.name] = created.json().id;
        // One more of each in the recycle bin.
        const binned = (await t.call('POST', `/api/v1/${type.plural}`, bodies[type.name]({ ...values, assignedById: seller.id }))).json();
        assert.equal((await t.call('DELETE', `/api/v1/${type.plural}/${binned.id}`)).statusCode, 204);
      }
    });
    after(() => t.close());

    for (const type of itemTypeList) {
      it(`${type.plural}: each standard field hidden in turn`, async () => {
        const id = ids[type.name];
        for (const field of type.fields.filter((f) => f.name !== 'id' && f.name !== 'version')) {
          await setRoles(t, [{ userId: seller.id, permissions: { items: everywhere('all'), fields: { [type.name]: { [field.name]: 'hidden' } } } }]);
          const reads = [
            `/api/v1/${type.plural}/${id}`,
            `/api/v1/${type.plural}?filter[id]=${id}`,
            `/api/v1/${type.plural}/${id}/history`,
            `/api/v1/${type.plural}/${id}/dependencies`,
            `/api/v1/recycle-bin`,
            `/api/v1/card-layouts/${type.plural}`,
            ...(type.stages ? [`/api/v1/${type.plural}/${id}/stage-history`, `/api/v1/${type.plural}/kanban?filter[id]=${id}`] : []),
            ...itemTypeList.filter((other) => other !== type).map((other) => `/api/v1/${other.plural}/${ids[other.name]}/dependencies`),
          ];
          for (const url of reads) {
            const response = await asSeller('GET', url);
            const where = `${field.name} hidden, GET ${url}`;
            assert.ok(response.statusCode < 500, `${where}: ${response.statusCode} ${response.body}`);
            // A board needs its stage (and pipeline): without them it is refused, never half shown.
            if (url.includes('/kanban')) assert.ok(response.statusCode === 200 || (response.statusCode === 403 && response.json().error.details.reason === 'hiddenField'), where);
            else assert.equal(response.statusCode, 200, `${where}: ${response.body}`);
            if (sentinelFields(type).includes(field)) assert.ok(!response.body.includes(sentinel(type, field)), `${where}: the value shows`);
            for (const item of itemObjects(response.json(), id)) assert.equal(field.name in item, false, `${where}: the field shows`);
            if (url.includes('/history')) {
              for (const entry of response.json().items) {
                assert.notEqual(entry.field, field.name, where);
                if (entry.newValue && typeof entry.newValue === 'object') assert.equal(field.name in entry.newValue, false, where);
              }
            }
            if (url.includes('/card-layouts')) assert.equal(response.json().fields.some((f: { name: string }) => f.name === field.name), false, where);
          }
          // The global search finds the item by the fields the seller sees, never by the hidden one, nor shows it.
          const searched = sentinelFields(type).filter((f) => searchedNames.has(f.name));
          for (const probe of searched) {
            const found = await asSeller('GET', `/api/v1/search?q=${encodeURIComponent(sentinel(type, probe))}&types=${type.name}`);
            const where = `${field.name} hidden, search by ${probe.name}`;
            assert.equal(found.statusCode, 200, `${where}: ${found.body}`);
            const hits = found.json().groups.flatMap((g: { items: Array<{ id: number }> }) => g.items.map((i) => i.id));
            assert.deepEqual(hits, probe === field ? [] : [id], where);
            if (sentinelFields(type).includes(field)) assert.ok(!found.body.includes(sentinel(type, field)), `${where}: the value shows`);
          }
          // The write rules are those of any field: the hidden one is unknown, the others still change.
          const writable = !field.readOnly && !field.immutable;
          if (writable) {
            const refused = await asSeller('PATCH', `/api/v1/${type.plural}/${id}`, { [field.name]: null });
            assert.equal(refused.statusCode, 400, `${field.name}: ${refused.body}`);
            assert.equal(refused.json().error.details[0].rule, 'unknown', field.name);
          }
          const other = field.name === 'comments' ? 'sourceDescription' : 'comments';
          if (type.fields.some((f) => f.name === other)) {
            const changed = await asSeller('PATCH', `/api/v1/${type.plural}/${id}`, { [other]: `edited while ${field.name} is hidden` });
            assert.equal(changed.statusCode, 200, `${field.name} hidden, PATCH ${other}: ${changed.body}`);
            assert.equal(field.name in changed.json(), false, field.name);
          }
        }
        // The administrator still reads every value.
        const full = (await t.call('GET', `/api/v1/${type.plural}/${id}`)).json();
        for (const field of sentinelFields(type).filter((f) => f.name !== 'comments' && f.name !== 'sourceDescription')) assert.equal(full[field.name], sentinel(type, field));
      });
    }
  });
}
