import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { companyBody, contactBody, dealBody, leadBody } from './support/factories.ts';
import { every, everywhere, setRoles } from './support/roles.ts';
import { createTestApp, testDialects, type TestApp } from './support/test-app.ts';

/**
 * Export to CSV and XLSX (POST /api/v1/{type}/export, the job, GET /api/v1/transfer-files/{id}/content): the cells
 * of the exchange format, neutralisation (R6), "included in export", the export right and scopes, hidden fields,
 * filters and ticked rows, who may download.
 */

const as = (token: string, extra: Record<string, string> = {}) => ({ authorization: `Bearer ${token}`, ...extra });
const pt = { 'accept-language': 'pt-BR' };

type Sheet = { header: string[]; rows: Array<Record<string, string>> };

/** A CSV export read back: the BOM and line ends checked, each row as { title: cell }. */
function readCsv(bytes: Buffer, delimiter: ',' | ';'): Sheet {
  assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'UTF-8 with a BOM');
  const text = bytes.subarray(3).toString('utf8');
  assert.ok(text.endsWith('\r\n'), 'CRLF line ends');
  const records = parse(text, { delimiter, record_delimiter: '\r\n' }) as string[][];
  const [header, ...rows] = records;
  return { header, rows: rows.map((cells) => Object.fromEntries(header.map((title, index) => [title, cells[index]]))) };
}

for (const dialect of testDialects()) {
  describe(`export [${dialect}]`, () => {
    let t: TestApp;
    const ids: Record<string, number> = {};
    let seller: { id: number; token: string };
    const tagIds: number[] = [];
    let sizeLarge = 0;

    const create = async (plural: string, body: Record<string, unknown>, headers?: Record<string, string>) => {
      const response = await t.call('POST', `/api/v1/${plural}`, body, headers);
      assert.equal(response.statusCode, 201, response.body);
      return response.json() as Record<string, any>;
    };

    /** Starts an export, waits for its job, downloads the file: the job as its author reads it, and the bytes. */
    const exportFile = async (plural: string, body: unknown, headers?: Record<string, string>) => {
      const started = await t.call('POST', `/api/v1/${plural}/export`, body, headers);
      assert.equal(started.statusCode, 202, started.body);
      assert.equal(started.headers.location, `/api/v1/jobs/${started.json().jobId}`);
      await t.app.jobRunner.whenIdle();
      const job = (await t.call('GET', `/api/v1/jobs/${started.json().jobId}`, undefined, headers)).json();
      assert.equal(job.status, 'done', JSON.stringify(job));
      assert.equal(job.fileId, started.json().fileId);
      const download = await t.call('GET', `/api/v1/transfer-files/${job.fileId}/content`, undefined, headers);
      assert.equal(download.statusCode, 200, download.body);
      return { job, started: started.json(), download, bytes: download.rawPayload };
    };

    before(async () => {
      t = await createTestApp(dialect);
      seller = await t.addUser('Sílvia Vendas');
      const fields = [
        { name: 'UF_CRM_CODE', type: 'string', labelEn: 'Code', labelPt: 'Código' },
        { name: 'UF_CRM_SEATS', type: 'integer', labelEn: 'Seats', labelPt: 'Assentos' },
        { name: 'UF_CRM_SCORE', type: 'number', labelEn: 'Score', labelPt: 'Pontuação' },
        { name: 'UF_CRM_FEE', type: 'money', labelEn: 'Fee', labelPt: 'Taxa' },
        { name: 'UF_CRM_VIP', type: 'boolean', labelEn: 'VIP client', labelPt: 'Cliente VIP' },
        { name: 'UF_CRM_SINCE', type: 'date', labelEn: 'Client since', labelPt: 'Cliente desde' },
        { name: 'UF_CRM_CALLED', type: 'datetime', labelEn: 'Last call', labelPt: 'Última ligação' },
        { name: 'UF_CRM_SIZE', type: 'enumeration', labelEn: 'Size', labelPt: 'Porte', options: [{ value: 'Pequeno' }, { value: 'Grande' }] },
        { name: 'UF_CRM_TAGS', type: 'enumeration', multiple: true, labelEn: 'Tags', labelPt: 'Etiquetas', options: [{ value: 'Alfa' }, { value: 'Beta' }, { value: 'Gama' }] },
        { name: 'UF_CRM_MANAGER', type: 'user', labelEn: 'Account manager', labelPt: 'Gerente da conta' },
      ];
      for (const body of fields) {
        const created = await t.call('POST', '/api/v1/custom-fields/contacts', body);
        assert.equal(created.statusCode, 201, created.body);
      }
      const options = async (name: string) => (await t.call('GET', `/api/v1/custom-fields/contacts/${name}`)).json().options as Array<{ id: number; value: string }>;
      tagIds.push(...(await options('UF_CRM_TAGS')).map((o) => o.id));
      sizeLarge = (await options('UF_CRM_SIZE')).find((o) => o.value === 'Grande')!.id;

      ids.acme = (await create('companies', companyBody({ title: 'Acme "Indústria"' }))).id;
      ids.beta = (await create('companies', companyBody({ title: 'Beta; Ltda' }))).id;
      ids.rich = (
        await create('contacts', {
          name: '=HYPERLINK("http://evil")',
          lastName: 'Conceição "Ção"',
          comments: 'linha 1\nlinha 2, com vírgula; e ponto e vírgula',
          phones: [
            { value: '+55 11 3333-0000', valueType: 'WORK' },
            { value: '+55 11 99999-0000', valueType: 'MOBILE' },
            { value: '+55 11 98888-0000', valueType: 'MOBILE' },
          ],
          emails: [{ value: 'ze@exemplo.com.br', valueType: 'WORK' }],
          sourceId: 'WEB',
          export: true,
          companyIds: [ids.acme, ids.beta],
          assignedById: seller.id,
          ufCrmCode: '@cmd',
          ufCrmSeats: -12,
          ufCrmScore: 1234.5,
          ufCrmFee: { amount: '98765.43', currency: 'BRL' },
          ufCrmVip: true,
          ufCrmSince: '2026-11-29',
          ufCrmCalled: '2026-11-29T10:00:00.000Z',
          ufCrmSize: sizeLarge,
          ufCrmTags: [tagIds[2], tagIds[0]],
          ufCrmManager: seller.id,
        })
      ).id;
      ids.plain = (await create('contacts', contactBody({ name: 'Ana', lastName: '+Plain', export: true, ufCrmVip: false }))).id;
      ids.hidden = (await create('contacts', contactBody({ name: 'Not', lastName: 'Included', export: false }))).id;
    });
    after(() => t.close());

    it('writes CSV in the exchange format: every kind of cell, multi-value columns, accents, quotes, new lines, neutralised formulas', async () => {
      const { job, bytes, download } = await exportFile('contacts', { format: 'csv' });
      assert.equal(download.headers['content-type'], 'text/csv; charset=utf-8');
      assert.match(String(download.headers['content-disposition']), /^attachment; filename="contacts-\d{8}-\d{4}\.csv"/);
      assert.deepEqual([job.kind, job.type, job.action, job.total, job.processed, job.succeeded], ['export', 'contact', 'csv', 2, 2, 2]);
      const sheet = readCsv(bytes, ',');
      assert.equal(sheet.header[0], 'ID');
      assert.ok(!sheet.header.includes('Version'), 'the version is not exported');
      for (const title of ['First name', 'Last name', 'Work Phone', 'Mobile', 'Home Phone', 'Work E-mail', 'Home E-mail', 'Corporate Website', 'Companies', 'Included in export', 'Seats', 'Fee', 'Tags']) {
        assert.ok(sheet.header.includes(title), `column ${title}`);
      }
      assert.deepEqual(
        sheet.rows.map((row) => row.ID),
        [String(ids.plain), String(ids.rich)],
        'only contacts included in export, in the list order (newest first)',
      );
      const rich = sheet.rows[1];
      assert.equal(rich['First name'], `'=HYPERLINK("http://evil")`, 'a formula is neutralised');
      assert.equal(rich['Last name'], 'Conceição "Ção"');
      assert.equal(rich.Comment, 'linha 1\nlinha 2, com vírgula; e ponto e vírgula');
      assert.equal(rich['Work Phone'], `'+55 11 3333-0000`, 'a phone in international form starts with "+": neutralised as any such cell');
      assert.equal(rich.Mobile, `'+55 11 99999-0000, +55 11 98888-0000`, 'values of one type joined with ", "');
      assert.equal(rich['Home Phone'], '');
      assert.equal(rich['Work E-mail'], 'ze@exemplo.com.br');
      assert.equal(rich.Source, 'Website', 'a list value by its name');
      assert.equal(rich.Companies, 'Acme "Indústria"\nBeta; Ltda', 'linked items by title, one per line');
      assert.equal(rich.Responsible, 'Sílvia Vendas');
      assert.equal(rich['Created by'], 'Admin');
      assert.match(rich['Created on'], /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
      assert.equal(rich['Included in export'], 'Yes');
      assert.equal(rich.Code, `'@cmd`);
      assert.equal(rich.Seats, `'-12`, 'a CSV cell starting with "-" is neutralised too');
      assert.equal(rich.Score, '1234.5');
      assert.equal(rich.Fee, '98765.43');
      assert.equal(rich['VIP client'], 'Yes');
      assert.equal(rich['Client since'], '2026-11-29');
      assert.equal(rich['Last call'], '2026-11-29T10:00:00.000Z');
      assert.equal(rich.Size, 'Grande');
      assert.equal(rich.Tags, 'Gama\nAlfa', 'several values, one per line, in their order');
      assert.equal(rich['Account manager'], 'Sílvia Vendas');
      const plain = sheet.rows[0];
      assert.equal(plain['Last name'], `'+Plain`);
      assert.equal(plain['VIP client'], 'No');
      assert.equal(plain.Tags, '');
    });

    it('writes pt-BR titles, words and the ";" delimiter for a pt-BR exporter', async () => {
      const { bytes } = await exportFile('contacts', { format: 'csv', columns: ['name', 'lastName', 'phones', 'emails', 'export', 'ufCrmVip', 'companyIds'] }, pt);
      const sheet = readCsv(bytes, ';');
      assert.deepEqual(sheet.header.slice(0, 3), ['ID', 'Nome', 'Sobrenome']);
      assert.ok(sheet.header.includes('Telefone de trabalho') && sheet.header.includes('Celular') && sheet.header.includes('Email de trabalho'));
      assert.ok(!sheet.header.includes('Comentário'), 'only the columns asked for');
      const rich = sheet.rows.find((row) => row.ID === String(ids.rich))!;
      assert.equal(rich['Incluído na exportação'], 'Sim');
      assert.equal(rich['Cliente VIP'], 'Sim');
      assert.equal(rich.Empresas, 'Acme "Indústria"\nBeta; Ltda');
      assert.equal(sheet.rows.find((row) => row.ID === String(ids.plain))!['Cliente VIP'], 'Não');
    });

    it('writes XLSX that a spreadsheet reads: numbers as numbers, dates as dates, text neutralised', async () => {
      const { bytes, download, job } = await exportFile('contacts', { format: 'xlsx' });
      assert.equal(download.headers['content-type'], 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
      assert.equal(job.action, 'xlsx');
      const book = new ExcelJS.Workbook();
      await book.xlsx.load(bytes as unknown as ArrayBuffer);
      const sheet = book.worksheets[0];
      assert.equal(sheet.rowCount, 3, 'titles and two contacts');
      const header = (sheet.getRow(1).values as unknown[]).slice(1) as string[];
      const cell = (row: number, title: string) => sheet.getRow(row).getCell(header.indexOf(title) + 1).value;
      assert.equal(cell(1, 'ID'), 'ID');
      const richRow = cell(2, 'ID') === ids.rich ? 2 : 3;
      assert.equal(cell(richRow, 'ID'), ids.rich, 'the id is a number');
      assert.equal(cell(richRow, 'First name'), `'=HYPERLINK("http://evil")`);
      assert.equal(cell(richRow, 'Last name'), 'Conceição "Ção"');
      assert.equal(cell(richRow, 'Comment'), 'linha 1\nlinha 2, com vírgula; e ponto e vírgula');
      assert.equal(cell(richRow, 'Seats'), -12, 'a negative number stays a number');
      assert.equal(cell(richRow, 'Score'), 1234.5);
      assert.equal(cell(richRow, 'Fee'), 98765.43);
      assert.deepEqual(cell(richRow, 'Client since'), new Date('2026-11-29T00:00:00.000Z'));
      assert.deepEqual(cell(richRow, 'Last call'), new Date('2026-11-29T10:00:00.000Z'));
      assert.equal(cell(richRow, 'Mobile'), `'+55 11 99999-0000, +55 11 98888-0000`);
      assert.equal(cell(richRow, 'Tags'), 'Gama\nAlfa');
      assert.equal(cell(richRow, 'VIP client'), 'Yes');
      assert.equal(cell(richRow, 'Code'), `'@cmd`);
    });

    it('exports deals with stage, pipeline, money, currency, company and contacts by name; leads and deals have no export flag', async () => {
      const pipeline = (await t.call('POST', '/api/v1/pipelines', { name: 'Revenda' })).json();
      const deal = await create('deals', dealBody({ title: 'Licença "Ouro"', opportunity: '1234.56', currencyId: 'BRL', companyId: ids.acme, contactIds: [ids.rich, ids.hidden], stageId: 'WON' }));
      await create('deals', dealBody({ title: 'Outro funil', categoryId: pipeline.id }));
      const { bytes } = await exportFile('deals', { format: 'csv', filter: { id: deal.id } });
      const [row] = readCsv(bytes, ',').rows;
      assert.equal(row['Deal name'], 'Licença "Ouro"');
      assert.equal(row.Stage, 'Deal won');
      assert.equal(row.Pipeline, 'General');
      assert.equal(row.Amount, '1234.56');
      assert.equal(row.Currency, 'BRL');
      assert.equal(row.Company, 'Acme "Indústria"');
      assert.equal(row.Contacts.split('\n').length, 2, 'every linked contact, included in export or not');
      const other = readCsv((await exportFile('deals', { format: 'csv', filter: { categoryId: pipeline.id } }, pt)).bytes, ';').rows;
      assert.deepEqual(other.map((r) => r.Funil), ['Revenda']);
      const leads = readCsv((await exportFile('leads', { format: 'csv' })).bytes, ',').rows;
      assert.equal(leads.length, 0);
      await create('leads', leadBody());
      assert.equal(readCsv((await exportFile('leads', { format: 'csv' })).bytes, ',').rows.length, 1);
    });

    it('exports the filtered list, the quick search, or the ticked rows; a bad column or filter is a 400 naming it', async () => {
      const filtered = readCsv((await exportFile('contacts', { format: 'csv', columns: ['lastName'], filter: [{ field: 'lastName', op: 'startsWith', value: 'Concei' }] })).bytes, ',');
      assert.deepEqual(filtered.header, ['ID', 'Last name']);
      assert.deepEqual(filtered.rows.map((r) => r.ID), [String(ids.rich)]);
      const ticked = readCsv((await exportFile('contacts', { format: 'csv', columns: ['name'], ids: [ids.rich, ids.hidden, ids.plain] })).bytes, ',');
      assert.deepEqual(ticked.rows.map((r) => r.ID), [String(ids.rich), String(ids.plain)], 'ticked rows in id order, only those included in export');
      const sorted = readCsv((await exportFile('contacts', { format: 'csv', columns: ['name'], sort: 'name' })).bytes, ',');
      assert.deepEqual(sorted.rows.map((r) => r.ID), [String(ids.rich), String(ids.plain)], '"=HYPERLINK" sorts before "Ana"');
      const queryForm = readCsv((await exportFile('contacts', { format: 'csv', columns: ['name'], filter: { name: 'Ana' } })).bytes, ',');
      assert.deepEqual(queryForm.rows.map((r) => r.ID), [String(ids.plain)]);

      const unknown = await t.call('POST', '/api/v1/contacts/export', { format: 'csv', columns: ['name', 'nope'] });
      assert.equal(unknown.statusCode, 400);
      assert.equal(unknown.json().error.details[0].field, 'columns.nope');
      const badFilter = await t.call('POST', '/api/v1/contacts/export', { format: 'csv', filter: { nope: 1 } });
      assert.equal(badFilter.statusCode, 400);
      const badFormat = await t.call('POST', '/api/v1/contacts/export', { format: 'pdf' });
      assert.equal(badFormat.statusCode, 400);
      const both = await t.call('POST', '/api/v1/contacts/export', { format: 'csv', ids: [ids.rich], filter: { name: 'Ana' } });
      assert.equal(both.statusCode, 400);
    });

    it('records the export in the audit log with type, count and format', async () => {
      const { job } = await exportFile('contacts', { format: 'xlsx', columns: ['name'] });
      const entry = await t.database.db.selectFrom('audit_log').selectAll().where('kind', '=', 'export.completed').where('target_id', '=', String(job.id)).executeTakeFirstOrThrow();
      assert.equal(entry.actor_id, t.adminId);
      assert.deepEqual(JSON.parse(entry.details), { itemType: 'contact', format: 'xlsx', count: 2, columns: 2, selection: 'filter', fileId: job.fileId });
    });

    it('needs the export right (403 saying so), keeps to the export and read scopes, and leaves hidden fields out', async () => {
      const own = await create('contacts', contactBody({ name: 'Own', lastName: 'Seller', export: true, assignedById: seller.id, post: 'Gerente' }));
      await setRoles(t, [{ userId: seller.id, permissions: { items: { ...everywhere('all'), contact: { ...every('all'), export: 'none' } } } }]);
      const refused = await t.call('POST', '/api/v1/contacts/export', { format: 'csv' }, as(seller.token));
      assert.equal(refused.statusCode, 403);
      assert.equal(refused.json().error.code, 'FORBIDDEN');
      assert.match(refused.json().error.message, /not allowed to export Contact/);
      const refusedPt = await t.call('POST', '/api/v1/contacts/export', { format: 'csv' }, as(seller.token, pt));
      assert.match(refusedPt.json().error.message, /não tem permissão para exportar/);

      await setRoles(t, [{ userId: seller.id, permissions: { items: { ...everywhere('all'), contact: { ...every('all'), export: 'own' } }, fields: { contact: { post: 'hidden' } } } }]);
      const { bytes } = await exportFile('contacts', { format: 'csv' }, as(seller.token));
      const sheet = readCsv(bytes, ',');
      assert.deepEqual(sheet.rows.map((r) => r.ID).sort(), [String(ids.rich), String(own.id)].sort(), 'only the contacts they are responsible for');
      assert.ok(!sheet.header.includes('Position'), 'a hidden field is not a column');
      assert.ok(!bytes.toString('utf8').includes('Gerente'), 'nor is its value anywhere');
      const asked = await t.call('POST', '/api/v1/contacts/export', { format: 'csv', columns: ['post'] }, as(seller.token));
      assert.equal(asked.statusCode, 400);

      await setRoles(t, [{ userId: seller.id, permissions: { items: { ...everywhere('all'), contact: { ...every('own'), export: 'all' } } } }]);
      const readOwn = readCsv((await exportFile('contacts', { format: 'csv', columns: ['name'] }, as(seller.token))).bytes, ',');
      assert.deepEqual(readOwn.rows.map((r) => r.ID).sort(), [String(ids.rich), String(own.id)].sort(), 'the read scope narrows it too');
      await setRoles(t, [{ userId: seller.id, permissions: { items: everywhere('all') } }]);
    });

    it('serves a file only to its author or an administrator (404 to anyone else), and shows the job only to them', async () => {
      const { job } = await exportFile('contacts', { format: 'csv', columns: ['name'] }, as(seller.token));
      const other = await t.addUser('Outra Pessoa');
      assert.equal((await t.call('GET', `/api/v1/transfer-files/${job.fileId}/content`, undefined, as(other.token))).statusCode, 404);
      assert.equal((await t.call('GET', `/api/v1/jobs/${job.id}`, undefined, as(other.token))).statusCode, 404);
      assert.equal((await t.call('GET', `/api/v1/transfer-files/${job.fileId}/content`)).statusCode, 200, 'an administrator may');
      assert.equal((await t.call('GET', '/api/v1/transfer-files/999999/content')).statusCode, 404);
      assert.equal((await t.anonymous('GET', `/api/v1/transfer-files/${job.fileId}/content`)).statusCode, 401);
    });

    it('an export with nothing to export is a file with the titles only', async () => {
      const { job, bytes } = await exportFile('contacts', { format: 'csv', columns: ['name'], filter: { name: 'Nobody at all' } });
      assert.deepEqual([job.total, job.succeeded], [0, 0]);
      assert.deepEqual(readCsv(bytes, ',').rows, []);
      const xlsx = await exportFile('contacts', { format: 'xlsx', columns: ['name'], filter: { name: 'Nobody at all' } });
      const book = new ExcelJS.Workbook();
      await book.xlsx.load(xlsx.bytes as unknown as ArrayBuffer);
      assert.equal(book.worksheets[0].rowCount, 1);
    });
  });
}
