import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { contactBody } from './support/factories.ts';
import { everywhere, setRoles } from './support/roles.ts';
import { createTestApp, testDialects, type TestApp } from './support/test-app.ts';

/**
 * Issue 10: a file belongs to the items and file fields that hold it. Reading it (metadata or bytes) needs read
 * access to one of those items and to that field; a file held nowhere yet is its uploader's alone; attaching a file
 * needs the same right, so a guessed file id opens nothing. Before, anyone signed in could read any file and
 * attach anyone's file to their own item.
 */

for (const dialect of testDialects()) {
  describe(`who may read and attach a file [${dialect}]`, () => {
    let t: TestApp;
    let ana: { id: number; token: string };
    let bruno: { id: number; token: string };
    const as = (user: { token: string }) => (method: 'GET' | 'POST' | 'PATCH', url: string, body?: unknown) => t.call(method, url, body, { authorization: `Bearer ${user.token}` });

    const upload = async (token: string, name: string) => {
      const form = new FormData();
      form.append('file', new Blob([new TextEncoder().encode(`conteúdo de ${name}`)], { type: 'application/pdf' }), name);
      const request = new Request('http://localhost/', { method: 'POST', body: form });
      const response = await t.app.inject({
        method: 'POST',
        url: '/api/v1/files',
        headers: { 'content-type': request.headers.get('content-type')!, authorization: `Bearer ${token}` },
        payload: Buffer.from(await request.arrayBuffer()),
      });
      assert.equal(response.statusCode, 201, response.body);
      return response.json().id as number;
    };
    const readable = async (user: { token: string }, fileId: number) => {
      const meta = await as(user)('GET', `/api/v1/files/${fileId}`);
      const content = await as(user)('GET', `/api/v1/files/${fileId}/content`);
      assert.equal(meta.statusCode, content.statusCode, 'metadata and bytes follow the same rule');
      return meta.statusCode === 200;
    };

    before(async () => {
      t = await createTestApp(dialect);
      ana = await t.addUser('Ana');
      bruno = await t.addUser('Bruno');
      assert.equal((await t.call('POST', '/api/v1/custom-fields/contacts', { name: 'UF_CRM_CONTRACT', type: 'file', labelEn: 'Contract', labelPt: 'Contrato' })).statusCode, 201);
      assert.equal((await t.call('POST', '/api/v1/custom-fields/contacts', { name: 'UF_CRM_SCANS', type: 'file', multiple: true, labelEn: 'Scans', labelPt: 'Digitalizações' })).statusCode, 201);
      // Each sees their own contacts only.
      await setRoles(t, [
        { userId: ana.id, permissions: { items: everywhere('own') } },
        { userId: bruno.id, permissions: { items: everywhere('own') } },
      ]);
    });
    after(() => t.close());

    it('a file held nowhere is its uploader\'s: nobody else reads it or attaches it, whatever its id', async () => {
      const file = await upload(ana.token, 'proposta.pdf');
      assert.equal(await readable(ana, file), true);
      assert.equal(await readable(bruno, file), false);
      const stolen = await as(bruno)('POST', '/api/v1/contacts', contactBody({ ufCrmContract: file }));
      assert.equal(stolen.statusCode, 400, stolen.body);
      assert.deepEqual(stolen.json().error.details.map((i: { field: string; rule: string }) => [i.field, i.rule]), [['ufCrmContract', 'exists']]);
      const stolenToo = await as(bruno)('POST', '/api/v1/contacts', contactBody({ ufCrmScans: [file] }));
      assert.equal(stolenToo.statusCode, 400, stolenToo.body);
      assert.equal(await readable(t, file), true, 'an administrator reads every file');
    });

    it('once attached, a file is read through its item and field: by whoever may read both, and by nobody else', async () => {
      const contract = await upload(ana.token, 'contrato.pdf');
      const scan = await upload(ana.token, 'rg.pdf');
      const contact = await as(ana)('POST', '/api/v1/contacts', contactBody({ ufCrmContract: contract, ufCrmScans: [scan] }));
      assert.equal(contact.statusCode, 201, contact.body);
      const id = contact.json().id;
      assert.equal(await readable(ana, contract), true);
      assert.equal(await readable(ana, scan), true);
      assert.equal(await readable(bruno, contract), false, 'Bruno may not read the contact');
      assert.equal(await readable(bruno, scan), false);
      assert.equal((await as(bruno)('POST', '/api/v1/contacts', contactBody({ ufCrmContract: contract }))).statusCode, 400, 'nor attach it elsewhere');

      // Given the contact, Bruno reads its files; with the field hidden from him, not that field's file.
      assert.equal((await t.call('PATCH', `/api/v1/contacts/${id}`, { assignedById: bruno.id })).statusCode, 200);
      await setRoles(t, [
        { userId: ana.id, permissions: { items: everywhere('own') } },
        { userId: bruno.id, permissions: { items: everywhere('own'), fields: { contact: { ufCrmContract: 'hidden' } } } },
      ]);
      assert.equal(await readable(bruno, scan), true);
      assert.equal(await readable(bruno, contract), false, 'the field that holds it is hidden from him');
      assert.equal(await readable(ana, contract), false, 'Ana uploaded it, but no longer reads the contact that holds it');

      // Keeping the files an item holds is always allowed; a binned item's files are not readable.
      assert.equal((await as(bruno)('PATCH', `/api/v1/contacts/${id}`, { ufCrmScans: [scan], post: 'Gerente' })).statusCode, 200);
      assert.equal((await t.call('DELETE', `/api/v1/contacts/${id}`)).statusCode, 204);
      assert.equal(await readable(bruno, scan), false);
      assert.equal(await readable(t, scan), true);
    });
  });
}
