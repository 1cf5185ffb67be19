import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { AddressInfo } from 'node:net';
import type { Kysely } from 'kysely';
import { contactBody } from './support/factories.ts';
import { createTestApp, testDialects, type TestApp } from './support/test-app.ts';

/**
 * Issue 10: every answer in the user's language and in the one error body: what the framework and Node's HTTP
 * parser refuse too; fields named by the label the user knows; the user's saved language when the request names
 * none; the CLI in one language, its progress in whole lines when not on a terminal.
 */

const bin = resolve(dirname(fileURLToPath(import.meta.url)), '../bin/vinculo.js');
const pt = { 'accept-language': 'pt-BR' };

const errorBody = (response: { statusCode: number; json(): any }, status: number) => {
  assert.equal(response.statusCode, status);
  const body = response.json();
  assert.deepEqual(Object.keys(body), ['error']);
  assert.equal(typeof body.error.code, 'string');
  assert.equal(typeof body.error.message, 'string');
  return body.error as { code: string; message: string; details?: any };
};

for (const dialect of testDialects()) {
  describe(`answers in the user's language [${dialect}]`, () => {
    let t: TestApp;
    const raw = () => t.database.db as unknown as Kysely<any>;
    before(async () => {
      t = await createTestApp(dialect);
    });
    after(() => t.close());

    it('what the framework refuses (bad JSON, too large, wrong media type) comes in the one body and the caller language', async () => {
      const badJson = errorBody(await t.call('POST', '/api/v1/contacts', '{"name": ', pt), 400);
      assert.equal(badJson.code, 'BAD_REQUEST');
      assert.equal(badJson.message, 'A requisição não é válida.');
      const large = errorBody(await t.call('POST', '/api/v1/contacts', JSON.stringify({ comments: 'x'.repeat(1_100_000) }), pt), 413);
      assert.equal(large.message, 'O corpo da requisição é grande demais.');
      const media = errorBody(await t.call('POST', '/api/v1/contacts', '<name>Maria</name>', { ...pt, 'content-type': 'application/xml' }), 415);
      assert.equal(media.message, 'Envie o corpo como JSON.');
      assert.equal(errorBody(await t.call('POST', '/api/v1/contacts', '{"name": ', { 'accept-language': 'en' }), 400).message, 'The request is not valid.');
    });

    it('headers too large: 431 in the one body, before the request reaches the application', async () => {
      await t.app.listen({ port: 0, host: '127.0.0.1' });
      const { port } = t.app.server.address() as AddressInfo;
      const answer = await new Promise<string>((done, fail) => {
        const socket = connect(port, '127.0.0.1', () => {
          socket.write(`GET /api/v1/contacts HTTP/1.1\r\nHost: localhost\r\nAccept-Language: pt-BR\r\nX-Padding: ${'a'.repeat(40_000)}\r\n\r\n`);
        });
        let text = '';
        socket.on('data', (chunk) => (text += chunk.toString()));
        socket.on('end', () => done(text));
        socket.on('error', fail);
      });
      assert.match(answer, /^HTTP\/1\.1 431 /);
      const body = JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4));
      assert.equal(body.error.code, 'HEADERS_TOO_LARGE');
      assert.equal(body.error.message, 'Os cabeçalhos da requisição são grandes demais.');
    });

    it('names fields by their label in validation messages, standard and custom', async () => {
      assert.equal((await t.call('POST', '/api/v1/custom-fields/contacts', { name: 'UF_CRM_SEGMENT', type: 'integer', labelEn: 'Segment', labelPt: 'Segmento' })).statusCode, 201);
      const refused = errorBody(await t.call('POST', '/api/v1/contacts', contactBody({ lastName: 'x'.repeat(51), ufCrmSegment: 'grande' }), pt), 400);
      const messages = Object.fromEntries(refused.details.map((i: { field: string; message: string }) => [i.field, i.message]));
      assert.equal(messages.lastName, 'Sobrenome tem mais de 50 caracteres');
      assert.equal(messages.ufCrmSegment, 'Segmento tem o tipo errado');
      const filter = errorBody(await t.call('GET', '/api/v1/contacts?filter[name][gt]=a', undefined, pt), 400);
      assert.equal(filter.details[0].field, 'filter.name.gt', 'the field path stays for programs');
    });

    it('answers in the language the user saved when the request names none', async () => {
      const user = await t.addUser('Portuguesa');
      await raw().updateTable('users').set({ locale: 'pt-BR' }).where('id', '=', user.id).execute();
      const auth = { authorization: `Bearer ${user.token}` };
      const board = (await t.call('GET', '/api/v1/deals/kanban', undefined, auth)).json();
      assert.equal(board.columns[0].name, 'Novo');
      const english = (await t.call('GET', '/api/v1/deals/kanban', undefined, { ...auth, 'accept-language': 'en' })).json();
      assert.equal(english.columns[0].name, 'New', 'an Accept-Language header wins');
      assert.equal(errorBody(await t.call('GET', '/api/v1/contacts/999999', undefined, auth), 404).message, 'Não encontrado.');
    });
  });
}

if (testDialects().includes('sqlite')) {
  describe('the CLI in one language', () => {
    let dir: string;
    before(() => {
      dir = mkdtempSync(join(tmpdir(), 'vinculo-cli-language-'));
    });
    after(() => rmSync(dir, { recursive: true, force: true }));
    const cli = (args: string[], lang: string) =>
      new Promise<{ code: number; stdout: string; stderr: string }>((done) =>
        execFile(process.execPath, [bin, ...args], { env: { ...process.env, DATABASE_URL: join(dir, 'cli.sqlite'), LANG: lang, LC_ALL: '', LC_MESSAGES: '' }, timeout: 120_000 }, (error, stdout, stderr) =>
          done({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout, stderr }),
        ),
      );

    it('says what is wrong with an option in the user\'s language, Node\'s own messages included', async () => {
      const scale = await cli(['seed', '--demo', '--scale', 'x'], 'pt_BR.UTF-8');
      assert.equal(scale.code, 2);
      assert.equal(scale.stderr.split('\n')[0], 'Opções inválidas: --scale deve ser um número inteiro de 1 a 1000');
      const unknown = await cli(['seed', '--bogus'], 'pt_BR.UTF-8');
      assert.equal(unknown.stderr.split('\n')[0], 'Opções inválidas: opção desconhecida --bogus');
      const english = await cli(['user', 'create', '--email'], 'en_US.UTF-8');
      assert.equal(english.stderr.split('\n')[0], 'Invalid options: option --email needs a value');
    });

    it('writes progress as whole lines when its output is not a terminal', async () => {
      assert.equal((await cli(['user', 'create', '--email', 'ana@example.com', '--password', 'correct horse battery', '--admin'], 'pt_BR.UTF-8')).code, 0);
      const seeded = await cli(['seed', '--demo'], 'pt_BR.UTF-8');
      assert.equal(seeded.code, 0, seeded.stderr);
      const lines = seeded.stderr.split('\n').filter(Boolean);
      assert.ok(lines.length >= 1);
      for (const line of lines) assert.match(line, /^Dados de demonstração: \d+\/\d+ itens$/, JSON.stringify(line));
      assert.ok(!seeded.stderr.includes('\r'), 'no carriage returns in a log');
      assert.equal(lines.at(-1), 'Dados de demonstração: 107/107 itens');
    });
  });
}
