import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type { LightMyRequestResponse } from 'fastify';
import { buildApp } from '../src/app.ts';
import { createTestApp, testDialects, type TestApp } from './support/test-app.ts';

const base = '/api/v1/files';
const mib = 1024 * 1024;

// A 1×1 PNG.
const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');
const html = Buffer.from('<!doctype html><html><body><script>alert(document.cookie)</script></body></html>\n', 'utf8');
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

type Part = { field: string; value: string } | { field: string; data: Uint8Array; filename: string; type?: string };

/** A multipart/form-data body as a browser's FormData sends it. */
async function multipart(parts: Part[]): Promise<{ payload: Buffer; contentType: string }> {
  const form = new FormData();
  for (const part of parts) {
    if ('value' in part) form.append(part.field, part.value);
    else form.append(part.field, new Blob([new Uint8Array(part.data)], part.type ? { type: part.type } : {}), part.filename);
  }
  const request = new Request('http://localhost/', { method: 'POST', body: form });
  return { payload: Buffer.from(await request.arrayBuffer()), contentType: request.headers.get('content-type')! };
}

for (const dialect of testDialects()) {
  describe(`files [${dialect}]`, () => {
    let t: TestApp;
    let userToken: string;
    before(async () => {
      t = await createTestApp(dialect);
      userToken = (await t.addUser()).token;
    });
    after(() => t.close());

    const upload = async (parts: Part[], token: string | null = t.token, app = t.app): Promise<LightMyRequestResponse> => {
      const { payload, contentType } = await multipart(parts);
      return app.inject({ method: 'POST', url: base, headers: { 'content-type': contentType, ...(token ? { authorization: `Bearer ${token}` } : {}) }, payload });
    };
    const storedFiles = async () => Number((await t.database.db.selectFrom('files').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

    it('refuses every route without credentials (401)', async () => {
      const anonymousUpload = await upload([{ field: 'file', data: png, filename: 'dot.png', type: 'image/png' }], null);
      assert.equal(anonymousUpload.statusCode, 401, anonymousUpload.body);
      assert.equal(anonymousUpload.json().error.code, 'UNAUTHENTICATED');
      for (const url of [`${base}/1`, `${base}/1/content`]) {
        assert.equal((await t.anonymous('GET', url)).statusCode, 401, url);
      }
      assert.equal((await t.call('GET', `${base}/1`, undefined, { authorization: 'Bearer vnc_not-a-token' })).statusCode, 401);
      assert.equal(await storedFiles(), 0);
    });

    it('refuses a request without a file part (400), a body that is not multipart (415 or 400), and unknown or bad ids (404, 400)', async () => {
      for (const parts of [[{ field: 'note', value: 'no file here' }], []] as Part[][]) {
        const response = await upload(parts);
        assert.equal(response.statusCode, 400, response.body);
        assert.equal(response.json().error.code, 'VALIDATION_FAILED');
        assert.deepEqual(
          response.json().error.details.map((d: { field: string; rule: string }) => [d.field, d.rule]),
          [['file', 'required']],
        );
      }
      const json = await t.call('POST', base, { file: 'aGVsbG8=' });
      assert.equal(json.statusCode, 415, json.body);
      assert.equal(json.json().error.code, 'UNSUPPORTED_MEDIA_TYPE');
      assert.match(json.json().error.message, /multipart\/form-data/);
      const raw = await t.app.inject({ method: 'POST', url: base, headers: { authorization: `Bearer ${t.token}`, 'content-type': 'application/octet-stream' }, payload: png });
      assert.ok([400, 415].includes(raw.statusCode), raw.body);
      assert.ok(raw.json().error.code, 'the API error shape');
      const noBoundary = await t.app.inject({ method: 'POST', url: base, headers: { authorization: `Bearer ${t.token}`, 'content-type': 'multipart/form-data' }, payload: 'x' });
      assert.equal(noBoundary.statusCode, 400, noBoundary.body);
      assert.equal(noBoundary.json().error.code, 'BAD_REQUEST');
      const truncated = await multipart([{ field: 'file', data: png, filename: 'dot.png', type: 'image/png' }]);
      const cut = await t.app.inject({
        method: 'POST',
        url: base,
        headers: { authorization: `Bearer ${t.token}`, 'content-type': truncated.contentType },
        payload: truncated.payload.subarray(0, truncated.payload.length - 20),
      });
      assert.equal(cut.statusCode, 400, cut.body);
      const elsewhere = await multipart([{ field: 'name', value: 'Maria' }]);
      const contact = await t.app.inject({ method: 'POST', url: '/api/v1/contacts', headers: { authorization: `Bearer ${t.token}`, 'content-type': elsewhere.contentType }, payload: elsewhere.payload });
      assert.equal(contact.statusCode, 415, 'multipart is for uploads only');
      for (const url of [`${base}/999999`, `${base}/999999/content`]) {
        const response = await t.call('GET', url);
        assert.equal(response.statusCode, 404, url);
        assert.equal(response.json().error.code, 'NOT_FOUND');
      }
      for (const url of [`${base}/abc`, `${base}/0`, `${base}/-1/content`]) {
        assert.equal((await t.call('GET', url)).statusCode, 400, url);
      }
      assert.equal(await storedFiles(), 0, 'nothing stored');
    });

    it('refuses a file over the limit (413, MAX_UPLOAD_MB) and a second file part (413)', async () => {
      const tooBig = await upload([{ field: 'file', data: Buffer.alloc(10 * mib + 1, 7), filename: 'big.bin' }]);
      assert.equal(tooBig.statusCode, 413, tooBig.body);
      assert.equal(tooBig.json().error.code, 'PAYLOAD_TOO_LARGE');
      assert.equal(tooBig.json().error.details.maxBytes, 10 * mib);
      const big = await multipart([{ field: 'file', data: Buffer.alloc(10 * mib + 1), filename: 'big.bin' }]);
      const ptBr = await t.app.inject({ method: 'POST', url: base, headers: { authorization: `Bearer ${t.token}`, 'accept-language': 'pt-BR', 'content-type': big.contentType }, payload: big.payload });
      assert.equal(ptBr.json().error.message, 'O arquivo é maior que 10 MB.');

      const two = await upload([
        { field: 'file', data: png, filename: 'one.png', type: 'image/png' },
        { field: 'other', data: png, filename: 'two.png', type: 'image/png' },
      ]);
      assert.equal(two.statusCode, 413, two.body);
      assert.equal(two.json().error.code, 'PAYLOAD_TOO_LARGE');
      assert.equal(await storedFiles(), 0, 'nothing stored');

      // The limit comes from the configuration (MAX_UPLOAD_MB → buildApp's maxUploadMb).
      const small = await buildApp({ database: t.database, logLevel: 'silent', maxUploadMb: 1 });
      try {
        const over = await upload([{ field: 'file', data: Buffer.alloc(mib + 1), filename: 'over.bin' }], t.token, small);
        assert.equal(over.statusCode, 413, over.body);
        assert.equal(over.json().error.details.maxBytes, mib);
        const exact = await upload([{ field: 'file', data: Buffer.alloc(mib, 1), filename: 'exact.bin' }], t.token, small);
        assert.equal(exact.statusCode, 201, exact.body);
        assert.equal(exact.json().size, mib);
      } finally {
        await small.close();
      }
    });

    it('stores a PNG and serves back its metadata and exact bytes, as a download', async () => {
      const created = await upload([{ field: 'note', value: 'fields around the file are ignored' }, { field: 'file', data: png, filename: 'dot.png', type: 'image/png' }]);
      assert.equal(created.statusCode, 201, created.body);
      const file = created.json();
      assert.ok(Number.isInteger(file.id) && file.id > 0);
      assert.deepEqual({ ...file, id: 0, createdAt: '' }, { id: 0, name: 'dot.png', contentType: 'image/png', size: png.length, sha256: sha256(png), createdAt: '' });
      assert.ok(!Number.isNaN(Date.parse(file.createdAt)));
      const row = await t.database.db.selectFrom('files').select(['created_by_id', 'size']).where('id', '=', file.id).executeTakeFirstOrThrow();
      assert.equal(Number(row.created_by_id), t.adminId);

      const meta = await t.call('GET', `${base}/${file.id}`);
      assert.equal(meta.statusCode, 200, meta.body);
      assert.deepEqual(meta.json(), file);

      const content = await t.call('GET', `${base}/${file.id}/content`);
      assert.equal(content.statusCode, 200);
      assert.ok(content.rawPayload.equals(png), 'the same bytes');
      assert.equal(sha256(content.rawPayload), file.sha256);
      assert.equal(content.headers['content-type'], 'image/png');
      assert.equal(content.headers['content-disposition'], "attachment; filename*=UTF-8''dot.png");
      assert.equal(content.headers['x-content-type-options'], 'nosniff');
      assert.equal(content.headers['content-length'], String(png.length));
    });

    it('serves an HTML payload as an octet-stream attachment, keeping its pt-BR name', async () => {
      const created = await upload([{ field: 'file', data: html, filename: 'relatório ação.txt', type: 'text/html; charset=utf-8' }]);
      assert.equal(created.statusCode, 201, created.body);
      const file = created.json();
      assert.equal(file.name, 'relatório ação.txt');
      assert.equal(file.contentType, 'text/html', 'the type as uploaded, without parameters');
      assert.equal(file.size, html.length);
      assert.equal(file.sha256, sha256(html));

      const content = await t.call('GET', `${base}/${file.id}/content`);
      assert.equal(content.statusCode, 200);
      assert.ok(content.rawPayload.equals(html));
      assert.equal(content.headers['content-type'], 'application/octet-stream', 'never text/html');
      assert.equal(content.headers['content-disposition'], "attachment; filename*=UTF-8''relat%C3%B3rio%20a%C3%A7%C3%A3o.txt");
      assert.equal(content.headers['x-content-type-options'], 'nosniff');
      assert.equal(content.headers['content-length'], String(html.length));
      const disposition = String(content.headers['content-disposition']);
      assert.equal(decodeURIComponent(disposition.slice(disposition.indexOf("''") + 2)), 'relatório ação.txt');
    });

    it('keeps every byte value, and serves only images and PDF under their own type', async () => {
      const bytes = Buffer.from(Array.from({ length: 512 }, (_, i) => i % 256));
      const cases: Array<[type: string, served: string]> = [
        ['application/pdf', 'application/pdf'],
        ['image/jpeg', 'image/jpeg'],
        ['image/gif', 'image/gif'],
        ['image/webp', 'image/webp'],
        ['image/svg+xml', 'application/octet-stream'],
        ['text/plain', 'application/octet-stream'],
        ['application/javascript', 'application/octet-stream'],
        ['application/xhtml+xml', 'application/octet-stream'],
      ];
      for (const [type, served] of cases) {
        const file = (await upload([{ field: 'file', data: bytes, filename: 'bytes.bin', type }])).json();
        assert.equal(file.contentType, type);
        const content = await t.call('GET', `${base}/${file.id}/content`);
        assert.ok(content.rawPayload.equals(bytes), `${type}: the same bytes`);
        assert.equal(content.headers['content-type'], served, type);
        assert.match(String(content.headers['content-disposition']), /^attachment; /);
      }
      const empty = await upload([{ field: 'file', data: Buffer.alloc(0), filename: 'empty.txt', type: 'text/plain' }]);
      assert.equal(empty.statusCode, 201, empty.body);
      assert.equal(empty.json().size, 0);
      assert.equal(empty.json().sha256, sha256(Buffer.alloc(0)));
      assert.equal((await t.call('GET', `${base}/${empty.json().id}/content`)).rawPayload.length, 0);
    });

    it('sanitises names and content types', async () => {
      const cases: Array<[sent: string, type: string | undefined, name: string, contentType: string]> = [
        ['../../etc/passwd', 'text/plain', 'passwd', 'text/plain'],
        ['C:\\Users\\ana\\relatório.pdf', 'application/pdf', 'relatório.pdf', 'application/pdf'],
        ['a\u0001b\u0007c\u007f\u202Egpj.exe', 'Image/PNG', 'abcgpj.exe', 'image/png'],
        [`${'x'.repeat(300)}.txt`, 'not a type', 'x'.repeat(255), 'application/octet-stream'],
        ['..', undefined, 'file', 'application/octet-stream'],
      ];
      for (const [sent, type, name, contentType] of cases) {
        const response = await upload([{ field: 'file', data: png, filename: sent, ...(type ? { type } : {}) }]);
        assert.equal(response.statusCode, 201, response.body);
        assert.equal(response.json().name, name, JSON.stringify(sent));
        assert.equal(response.json().contentType, contentType, JSON.stringify(type));
      }
      const quotes = (await upload([{ field: 'file', data: png, filename: "it's (final)*.png", type: 'image/png' }])).json();
      const content = await t.call('GET', `${base}/${quotes.id}/content`);
      assert.equal(content.headers['content-disposition'], "attachment; filename*=UTF-8''it%27s%20%28final%29%2A.png");
    });

    it('lets any signed-in user upload and read', async () => {
      const created = await upload([{ field: 'file', data: png, filename: 'mine.png', type: 'image/png' }], userToken);
      assert.equal(created.statusCode, 201, created.body);
      const asUser = { authorization: `Bearer ${userToken}` };
      assert.equal((await t.call('GET', `${base}/${created.json().id}`, undefined, asUser)).statusCode, 200);
      assert.ok((await t.call('GET', `${base}/${created.json().id}/content`, undefined, asUser)).rawPayload.equals(png));
      const row = await t.database.db.selectFrom('files').select('created_by_id').where('id', '=', created.json().id).executeTakeFirstOrThrow();
      assert.notEqual(Number(row.created_by_id), t.adminId);
    });
  });
}
