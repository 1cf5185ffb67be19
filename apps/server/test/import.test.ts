import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import ExcelJS from 'exceljs';
import type { RolePermissions } from '@vinculo/shared';
import { every, everywhere, setRoles } from './support/roles.ts';
import { createTestApp, testDialects, type TestApp } from './support/test-app.ts';

/** Import of CSV and XLSX files (modules/import): upload, preview, the job, duplicates, the rejected rows, undo. */

const bom = Buffer.from([0xef, 0xbb, 0xbf]);

/** A Bitrix24 contact export in pt-BR: BOM, every value quoted, a `;` after every value, localized titles. */
const bitrixContacts = Buffer.concat([
  bom,
  Buffer.from(
    [
      '"ID";"Nome";"Sobrenome";"Celular";"Telefone de trabalho";"Email de trabalho";"Empresa";"Tipo de contato";"Responsável";"Incluído na exportação";"Data de nascimento";"Comentário";',
      '"101";"José";"da Silva";"+55 11 99999-0000";"";"jose@exemplo.com.br";"Ipê Ltda";"Cliente";"Ana Importa";"sim";"29/11/1980";"Disse ""talvez"" ontem";',
      '"102";"Maria";"Conceição";"(11) 3333-4444, 11 98888-7777";"11 2222-1111";"maria@exemplo.com.br";"Ipê Ltda";"Fornecedores";"";"não";"";"linha 1\nlinha 2";',
      '"103";"Errado";"Linha";"";"";"isto-nao-e-email";"Empresa Fantasma";"";"";"";"";"";',
      '"104";"Zé";"Outro";"";"";"JOSE@exemplo.com.br";"";"";"";"";"";"";',
      '"105";"Ana";"Data";"";"";"";"";"";"";"";"31/02/2020";"";',
      '',
    ].join('\n'),
  ),
]);

for (const dialect of testDialects()) {
  describe(`import [${dialect}]`, () => {
    let t: TestApp;
    before(async () => {
      t = await createTestApp(dialect);
      await t.database.db.updateTable('users').set({ name: 'Ana Importa' }).where('id', '=', t.adminId).execute();
    });
    after(() => t.close());

    const upload = async (bytes: Buffer, name = 'contatos.csv', headers: Record<string, string> = {}) => {
      const response = await t.app.inject({ method: 'POST', url: `/api/v1/imports/files?name=${encodeURIComponent(name)}`, headers: { authorization: `Bearer ${t.token}`, 'content-type': 'text/csv', ...headers }, payload: bytes });
      return response;
    };
    const uploaded = async (bytes: Buffer, name?: string) => {
      const response = await upload(bytes, name);
      assert.equal(response.statusCode, 201, response.body);
      return response.json().fileId as number;
    };
    const preview = async (plural: string, fileId: number, mapping?: Array<string | null>) => {
      const response = await t.call('POST', `/api/v1/${plural}/import/preview`, { fileId, ...(mapping ? { mapping } : {}) });
      assert.equal(response.statusCode, 200, response.body);
      return response.json();
    };
    const runImport = async (plural: string, fileId: number, body: Record<string, unknown> = {}) => {
      const mapping = body.mapping ?? (await preview(plural, fileId)).mapping;
      const started = await t.call('POST', `/api/v1/${plural}/import`, { fileId, mapping, ...body });
      assert.equal(started.statusCode, 202, started.body);
      await t.app.jobRunner.whenIdle();
      const summary = await t.call('GET', `/api/v1/imports/${started.json().jobId}`);
      assert.equal(summary.statusCode, 200, summary.body);
      return summary.json();
    };
    const contactsNamed = async (name: string) => (await t.call('GET', `/api/v1/contacts?filter[name]=${encodeURIComponent(name)}&fields=id,name,lastName,phones,emails,companyIds,export,typeId,assignedById,birthdate,comments`)).json().items as Array<Record<string, any>>;

    it('maps a Bitrix24 pt-BR export with no manual mapping and shows the first rows as they will be imported', async () => {
      const fileId = await uploaded(bitrixContacts);
      const result = await preview('contacts', fileId);
      assert.deepEqual(result.shape, { format: 'csv', encoding: 'utf-8', delimiter: ';' });
      assert.equal(result.mappingSource, 'proposed');
      assert.deepEqual(result.header.slice(0, 4), ['ID', 'Nome', 'Sobrenome', 'Celular']);
      assert.equal(result.header.length, 12, 'the empty column after the last `;` is not a column');
      assert.deepEqual(result.mapping, [null, 'name', 'lastName', 'phones:MOBILE', 'phones:WORK', 'emails:WORK', 'company', 'typeId', 'assignedById', 'export', 'birthdate', 'comments']);
      const [jose, maria, wrong] = result.rows;
      assert.deepEqual(jose.values.phones, [{ value: '+55 11 99999-0000', valueType: 'MOBILE' }]);
      assert.equal(jose.values.typeId, 'CLIENT', 'a singular name finds the plural list value');
      assert.equal(jose.values.assignedById, t.adminId);
      assert.equal(jose.values.birthdate, '1980-11-29');
      assert.equal(jose.values.comments, 'Disse "talvez" ontem');
      assert.equal(jose.company, 'Ipê Ltda');
      assert.equal(maria.values.phones.length, 3, 'two phones in one cell, and the work phone');
      assert.equal(maria.values.export, false);
      assert.equal(maria.values.comments, 'linha 1\nlinha 2');
      assert.equal(wrong.error.code, 'email');
      assert.equal(wrong.error.column, 5);
    });

    it('imports it: companies made once per name, duplicates within the file skipped, bad rows rejected with their reason and no trace', async () => {
      const fileId = await uploaded(bitrixContacts);
      const summary = await runImport('contacts', fileId);
      assert.deepEqual([summary.status, summary.created, summary.updated, summary.skipped, summary.rejected], ['done', 2, 0, 1, 2]);
      const [jose] = await contactsNamed('José');
      const [maria] = await contactsNamed('Maria');
      assert.equal(jose.export, true, 'included in export unless the file says otherwise');
      assert.equal(maria.export, false);
      assert.deepEqual(jose.companyIds, maria.companyIds, 'one company for the name');
      const companies = (await t.call('GET', '/api/v1/companies?fields=id,title')).json().items as Array<{ title: string }>;
      assert.deepEqual(companies.map((c) => c.title).sort(), ['Ipê Ltda'], 'the rejected row left no company behind');
      assert.equal((await contactsNamed('Zé')).length, 0, 'the row with José\'s e-mail in capitals is his duplicate');

      const job = (await t.call('GET', `/api/v1/jobs/${summary.jobId}`)).json();
      assert.deepEqual(
        job.refusals.map((r: { id: number; reason: string }) => [r.id, r.reason]),
        [
          [3, 'not an e-mail address'],
          [5, 'not a date'],
        ],
        'the job names each refused row and why',
      );
      const report = await t.call('GET', `/api/v1/imports/${summary.jobId}/rejected`);
      assert.equal(report.statusCode, 200);
      assert.match(report.headers['content-type'] as string, /text\/csv/);
      const lines = report.body.replace(/^\uFEFF/, '').trim().split('\r\n');
      assert.equal(lines.length, 3);
      assert.match(lines[1], /^4,not an e-mail address \(column 6\),103,Errado/);
      assert.match(lines[2], /^6,not a date \(column 11\),105/);
    });

    it('updates the duplicate it finds: the row\'s values set, its phones added to those there; undo puts them back', async () => {
      const existing = (await t.call('POST', '/api/v1/contacts', { name: 'Paula', lastName: 'Pires', emails: [{ value: 'paula@exemplo.com.br', valueType: 'WORK' }], phones: [{ value: '11 91111-2222', valueType: 'WORK' }], post: 'Gerente' })).json();
      const file = Buffer.from('Nome,Sobrenome,E-mail,Celular,Cargo\nPaula,Pires,PAULA@exemplo.com.br,11 93333-4444,Diretora\nNova,Pessoa,nova@exemplo.com.br,,Analista\n');
      const fileId = await uploaded(file, 'update.csv');
      const summary = await runImport('contacts', fileId, { onDuplicate: 'update' });
      assert.deepEqual([summary.created, summary.updated, summary.skipped, summary.rejected], [1, 1, 0, 0]);
      const updated = (await t.call('GET', `/api/v1/contacts/${existing.id}`)).json();
      assert.equal(updated.post, 'Diretora');
      assert.deepEqual(updated.phones.map((p: { value: string }) => p.value), ['11 91111-2222', '11 93333-4444']);
      assert.equal(updated.emails.length, 1, 'the same e-mail is not added twice');
      const [created] = await contactsNamed('Nova');

      const undo = await t.call('POST', `/api/v1/imports/${summary.jobId}/undo`);
      assert.equal(undo.statusCode, 202, undo.body);
      await t.app.jobRunner.whenIdle();
      const restored = (await t.call('GET', `/api/v1/contacts/${existing.id}`)).json();
      assert.equal(restored.post, 'Gerente');
      assert.deepEqual(restored.phones.map((p: { value: string }) => p.value), ['11 91111-2222']);
      assert.equal((await t.call('GET', `/api/v1/contacts/${created.id}`)).statusCode, 404, 'what the import created is in the recycle bin');
      const after = (await t.call('GET', `/api/v1/imports/${summary.jobId}`)).json();
      assert.equal(after.undone, 2);
      assert.equal(after.undoJob.status, 'done');
    });

    it('creates anyway when asked, and skips by default', async () => {
      const file = Buffer.from('Nome;E-mail\nDupla;dupla@exemplo.com.br\nDupla;dupla@exemplo.com.br\n');
      assert.deepEqual(await runImport('contacts', await uploaded(file, 'create.csv'), { onDuplicate: 'create' }).then((s) => [s.created, s.skipped]), [2, 0]);
      assert.deepEqual(await runImport('contacts', await uploaded(file, 'skip.csv')).then((s) => [s.created, s.skipped]), [0, 2]);
    });

    it('reads Windows-1252 and UTF-16 files, tab and comma delimiters, amounts and dates written the Brazilian way', async () => {
      const latin = Buffer.from('Título;Valor;Fase;Data de início\nContrato Açaí;1.234,56;Preparando documentos;05/06/2026\n', 'latin1');
      const latinPreview = await preview('deals', await uploaded(latin, 'latin.csv'));
      assert.equal(latinPreview.shape.encoding, 'windows-1252');
      assert.deepEqual(latinPreview.rows[0].values, { title: 'Contrato Açaí', opportunity: '1234.56', stageId: 'PREPARATION', beginDate: '2026-06-05' });

      const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('Deal Name\tIncome\tCurrency\tStart date\r\nLicenças\t"1,234.50"\tUS Dollar\t2026-11-29\r\n', 'utf16le')]);
      const utf16Preview = await preview('deals', await uploaded(utf16, 'utf16.csv'));
      assert.deepEqual([utf16Preview.shape.encoding, utf16Preview.shape.delimiter], ['utf-16le', '\t']);
      assert.deepEqual(utf16Preview.rows[0].values, { title: 'Licenças', opportunity: '1234.50', currencyId: 'USD', beginDate: '2026-11-29' });
    });

    it('reads an XLSX workbook: numbers and dates as cells, text as text', async () => {
      const workbook = new ExcelJS.Workbook();
      const sheet = workbook.addWorksheet('Empresas');
      sheet.addRow(['Nome da empresa', 'Receita anual', 'Setor']);
      sheet.addRow(['Cerâmica Tupi', 2500.5, 'Consultoria']);
      const bytes = Buffer.from(await workbook.xlsx.writeBuffer());
      const response = await upload(bytes, 'empresas.xlsx', { 'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' });
      assert.equal(response.statusCode, 201, response.body);
      const result = await preview('companies', response.json().fileId);
      assert.equal(result.shape.format, 'xlsx');
      assert.deepEqual(result.mapping, ['title', 'revenue', 'industry']);
      const summary = await runImport('companies', response.json().fileId);
      assert.equal(summary.created, 1, JSON.stringify(summary));
      const [company] = (await t.call('GET', '/api/v1/companies?filter[title]=Cerâmica Tupi&fields=title,revenue,industry')).json().items;
      assert.deepEqual([company.revenue, company.industry], ['2500.50', 'CONSULTING']);
    });

    it('imports the contacts file into deals too: each deal is linked to the contact the first pass made', async () => {
      const file = Buffer.from('Nome,Sobrenome,E-mail,Empresa,Título,Valor\nCarla,Dias,carla@exemplo.com.br,Dias & Filhos,Contrato Carla,"1.000,00"\nBruno,Reis,bruno@exemplo.com.br,,Contrato Bruno,500\n');
      const contacts = await runImport('contacts', await uploaded(file, 'two-pass.csv'));
      assert.equal(contacts.created, 2);
      const deals = await runImport('deals', await uploaded(file, 'two-pass.csv'));
      assert.equal(deals.created, 2, JSON.stringify(deals));
      const [carla] = await contactsNamed('Carla');
      const [deal] = (await t.call('GET', '/api/v1/deals?fields=title,contactIds,companyId,opportunity&limit=100')).json().items.filter((d: { title: string }) => d.title === 'Contrato Carla');
      assert.deepEqual(deal.contactIds, [carla.id]);
      assert.equal(deal.companyId, carla.companyIds[0], 'the company the first pass created');
      assert.equal(deal.opportunity, '1000.00');
      assert.equal((await contactsNamed('Carla')).length, 1, 'no second Carla');
    });

    it('a saved mapping is offered again for the same header; a hand-made one is checked', async () => {
      const file = Buffer.from('Apelido,Sobrenome\nTeco,Teixeira\n');
      const fileId = await uploaded(file, 'apelido.csv');
      assert.deepEqual((await preview('contacts', fileId)).mapping, [null, 'lastName']);
      const bad = await t.call('POST', '/api/v1/contacts/import', { fileId, mapping: ['nope', 'lastName'], onDuplicate: 'skip' });
      assert.equal(bad.statusCode, 400);
      assert.equal(bad.json().error.details[0].field, 'mapping.0');
      const twice = await t.call('POST', '/api/v1/contacts/import', { fileId, mapping: ['lastName', 'lastName'], onDuplicate: 'skip' });
      assert.equal(twice.statusCode, 400);
      await runImport('contacts', fileId, { mapping: ['name', 'lastName'] });
      const again = await preview('contacts', await uploaded(file, 'apelido-2.csv'));
      assert.deepEqual([again.mappingSource, again.mapping], ['saved', ['name', 'lastName']]);
    });

    it("lists the caller's latest imports, newest first, with their counts, and nobody else's", async () => {
      const first = await runImport('contacts', await uploaded(Buffer.from('Nome;E-mail\nLista Um;lista1@exemplo.com\n'), 'lista-1.csv'));
      const second = await runImport('companies', await uploaded(Buffer.from('Nome da empresa\nLista Ltda\nLista Ltda\n'), 'lista-2.csv'));
      const listed = await t.call('GET', '/api/v1/imports?limit=2');
      assert.equal(listed.statusCode, 200, listed.body);
      const items = listed.json().items as Array<Record<string, unknown>>;
      assert.deepEqual(items.map((item) => [item.jobId, item.fileName, item.type, item.created, item.skipped]), [
        [second.jobId, 'lista-2.csv', 'company', 1, 1],
        [first.jobId, 'lista-1.csv', 'contact', 1, 0],
      ]);
      assert.ok(!Number.isNaN(Date.parse(items[0].startedAt as string)));
      assert.equal((await t.call('GET', '/api/v1/imports?limit=0')).statusCode, 400);
      const other = await t.addUser('Outra Pessoa');
      const theirs = await t.call('GET', '/api/v1/imports', undefined, { authorization: `Bearer ${other.token}` });
      assert.deepEqual(theirs.json().items, []);
    });

    it("imports Bitrix24's Excel export, an HTML table saved as .xls, as it is", async () => {
      // As crm.contact.list's excel.php writes it: a meta charset, one table, a header row, entities, <br> in a cell.
      const xls = Buffer.from(
        [
          '<meta http-equiv="Content-type" content="text/html;charset=UTF-8" />',
          '<table border="1">',
          '<thead><tr><th>ID</th><th>Nome</th><th>Sobrenome</th><th>Celular</th><th>Email de trabalho</th><th>Incluído na exportação</th><th>Comentário</th></tr></thead>',
          '<tbody>',
          '<tr><td>201</td><td>Beatriz</td><td>Lima &amp; Filhos</td><td>+55 21 98765-4321</td><td>beatriz@html.example</td><td>não</td><td>primeira<br>segunda &lt;linha&gt;</td></tr>',
          '<tr>\n  <td>202</td>\n  <td>  Caio  </td><td>Prado</td><td></td><td>caio@html.example</td><td>sim</td><td></td>\n</tr>',
          '</tbody></table>',
        ].join('\n'),
      );
      const fileId = await uploaded(xls, 'contatos.xls');
      const result = await preview('contacts', fileId);
      assert.equal(result.shape.format, 'html');
      assert.deepEqual(result.mapping, [null, 'name', 'lastName', 'phones:MOBILE', 'emails:WORK', 'export', 'comments']);
      const summary = await runImport('contacts', fileId);
      assert.deepEqual([summary.status, summary.created, summary.rejected], ['done', 2, 0]);
      const [beatriz] = await contactsNamed('Beatriz');
      assert.equal(beatriz.lastName, 'Lima & Filhos');
      assert.equal(beatriz.comments, 'primeira\nsegunda <linha>');
      assert.equal(beatriz.export, false);
      assert.deepEqual(beatriz.phones.map((p: { value: string }) => p.value), ['+55 21 98765-4321']);
      const [caio] = await contactsNamed('Caio');
      assert.equal(caio.lastName, 'Prado');
    });

    it('refuses an unreadable file with the reason, and an import without the right', async () => {
      const empty = await upload(Buffer.alloc(0));
      assert.equal(empty.statusCode, 400);
      const json = await upload(Buffer.from('{"rows":[]}'), 'x.json', { 'content-type': 'application/json' });
      assert.equal(json.statusCode, 415, json.body);
      assert.match(json.json().error.message, /bytes/);
      const page = await uploaded(Buffer.from('<html><body><p>Nothing to import here</p></body></html>'), 'pagina.xls');
      const refused = await t.call('POST', '/api/v1/contacts/import/preview', { fileId: page });
      assert.equal(refused.statusCode, 400);
      assert.equal(refused.json().error.details[0].rule, 'htmlTable', 'a web page without a table');
      const wide = await uploaded(Buffer.from(`${Array.from({ length: 1001 }, (_, i) => `c${i}`).join(',')}\n`), 'wide.csv');
      assert.equal((await t.call('POST', '/api/v1/contacts/import/preview', { fileId: wide })).json().error.details[0].rule, 'tooManyColumns');
      const broken = await t.call('POST', '/api/v1/contacts/import/preview', { fileId: await uploaded(Buffer.from('"a,b\n1,2'), 'broken.csv') });
      assert.ok(broken.statusCode === 400 || broken.statusCode === 200, broken.body);

      const seller = await t.addUser('Sem Importar');
      await setRoles(t, [{ userId: seller.id, permissions: { items: { ...everywhere('all'), contact: { ...every('all'), import: 'none' }, lead: { ...every('all'), import: 'none' }, company: { ...every('all'), import: 'none' }, deal: { ...every('all'), import: 'none' } } } as RolePermissions }]);
      const forbidden = await t.app.inject({ method: 'POST', url: '/api/v1/imports/files?name=x.csv', headers: { authorization: `Bearer ${seller.token}`, 'content-type': 'text/csv' }, payload: 'Nome\nX\n' });
      assert.equal(forbidden.statusCode, 403, forbidden.body);
      const someoneElses = await t.call('POST', '/api/v1/contacts/import/preview', { fileId: page }, { authorization: `Bearer ${seller.token}` });
      assert.equal(someoneElses.statusCode, 403);
    });
  });
}
