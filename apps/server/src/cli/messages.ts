import type { Locale } from '@vinculo/shared';

/** The CLI's own words, in every supported language; the locale comes from LC_ALL / LANG. */
const messages = {
  usage: {
    en: `Usage: vinculo <command> [options]

Commands:
  serve                                   Run the CRM server (migrates first; with RUN_WORKER=false, HTTP only)
  worker                                  Run the background work alone (jobs, event delivery, periodic tasks);
                                          any number may run next to the servers on one database
  migrate                                 Apply pending database migrations
  user create --email E --password P [--admin] [--name N]
                                          Create a user
  token create --email E [--name N]       Create an API token for a user; prints the token last
  seed --demo [--scale N]                 Add a pt-BR demo data set (N multiplies its size; default 1)
  seed --profile S|M|L [--force] [--seed N]
                                          Load the benchmark data set (S: 10k contacts and deals, M: 100k, L: 1M)
                                          into an empty database (--force: add to one that has items)
  backup --output FILE                    Write a consistent backup of the whole database while the server runs
  restore FILE                            Load a backup into the empty database DATABASE_URL names (SQLite or PostgreSQL)
  import <type> <file> [--mapping M] [--on-duplicate skip|update|create] [--dry-run] [--as E]
                                          Import a CSV or XLSX file into leads, contacts, companies or deals (M: a JSON
                                          file { "header": "field" }; --dry-run: say what it would do, save nothing)
  export <type> --format csv|xlsx [--filter Q] [--output F] [--as E] [--all-fields]
                                          Export leads, contacts, companies or deals (Q: the list's query string,
                                          e.g. 'filter[stageId]=WON'; as E, default the first administrator; their
                                          list columns unless --all-fields); to F or stdout
  webhook create --email E [--scope crm] [--scope user] [--name N]
                                          Create an inbound webhook of the Bitrix24-compatible API for a user
                                          (scopes: crm, the default, and user); prints its base URL last, built
                                          from PUBLIC_URL (default http://localhost:$PORT)
  webhook list [--email E]                List the inbound webhooks (one user's with --email)
  webhook revoke --id N                   Revoke an inbound webhook: its URL stops working at once
  help                                    Show this help

Environment: DATABASE_URL, PORT, HOST, PUBLIC_URL, LOG_LEVEL, RUN_WORKER (see the README).`,
    'pt-BR': `Uso: vinculo <comando> [opções]

Comandos:
  serve                                   Executa o servidor do CRM (migra antes; com RUN_WORKER=false, só HTTP)
  worker                                  Executa só o trabalho em segundo plano (tarefas, entrega de eventos,
                                          tarefas periódicas); quantos quiser, ao lado dos servidores, num banco
  migrate                                 Aplica as migrações pendentes do banco
  user create --email E --password S [--admin] [--name N]
                                          Cria um usuário
  token create --email E [--name N]       Cria um token de API para um usuário; imprime o token por último
  seed --demo [--scale N]                 Adiciona dados de demonstração em pt-BR (N multiplica o tamanho; padrão 1)
  seed --profile S|M|L [--force] [--seed N]
                                          Carrega os dados do benchmark (S: 10 mil contatos e negócios, M: 100 mil, L: 1 milhão)
                                          num banco vazio (--force: acrescenta a um banco que já tem itens)
  backup --output ARQUIVO                 Grava uma cópia de segurança consistente de todo o banco, com o servidor rodando
  restore ARQUIVO                         Carrega uma cópia de segurança no banco vazio indicado por DATABASE_URL (SQLite ou PostgreSQL)
  import <tipo> <arquivo> [--mapping M] [--on-duplicate skip|update|create] [--dry-run] [--as E]
                                          Importa um arquivo CSV ou XLSX em leads, contacts, companies ou deals (M: um
                                          JSON { "coluna": "campo" }; --dry-run: diz o que faria, sem gravar nada)
  export <tipo> --format csv|xlsx [--filter Q] [--output A] [--as E] [--all-fields]
                                          Exporta leads, contacts, companies ou deals (Q: a query string da lista,
                                          ex. 'filter[stageId]=WON'; como E, por padrão o primeiro administrador;
                                          as colunas da lista dele salvo --all-fields); para A ou a saída padrão
  webhook create --email E [--scope crm] [--scope user] [--name N]
                                          Cria um webhook de entrada da API compatível com o Bitrix24 para um
                                          usuário (escopos: crm, o padrão, e user); imprime o endereço base por
                                          último, montado a partir de PUBLIC_URL (padrão http://localhost:$PORT)
  webhook list [--email E]                Lista os webhooks de entrada (os de um usuário com --email)
  webhook revoke --id N                   Revoga um webhook de entrada: o endereço dele para de funcionar na hora
  help                                    Mostra esta ajuda

Ambiente: DATABASE_URL, PORT, HOST, PUBLIC_URL, LOG_LEVEL, RUN_WORKER (veja o README).`,
  },
  unknownCommand: { en: 'Unknown command: {command}', 'pt-BR': 'Comando desconhecido: {command}' },
  missingOption: { en: 'Missing option --{option}', 'pt-BR': 'Falta a opção --{option}' },
  badOption: { en: 'Invalid options: {reason}', 'pt-BR': 'Opções inválidas: {reason}' },
  unknownOption: { en: 'unknown option {option}', 'pt-BR': 'opção desconhecida {option}' },
  optionValue: { en: 'option {option} needs a value', 'pt-BR': 'a opção {option} precisa de um valor' },
  optionFlag: { en: 'option {option} takes no value', 'pt-BR': 'a opção {option} não aceita valor' },
  unexpectedArgument: { en: 'unexpected argument {argument}', 'pt-BR': 'argumento inesperado {argument}' },
  badScale: { en: '--scale must be a whole number from 1 to 1000', 'pt-BR': '--scale deve ser um número inteiro de 1 a 1000' },
  badSeed: { en: '--seed must be a whole number from 0 to 4294967295', 'pt-BR': '--seed deve ser um número inteiro de 0 a 4294967295' },
  demoAndProfile: { en: '--demo and --profile cannot go together', 'pt-BR': '--demo e --profile não podem ser usados juntos' },
  migrated: { en: 'Migrations applied: {list}', 'pt-BR': 'Migrações aplicadas: {list}' },
  upToDate: { en: 'The database is up to date.', 'pt-BR': 'O banco de dados está atualizado.' },
  userCreated: { en: 'User {email} created (id {id}).', 'pt-BR': 'Usuário {email} criado (id {id}).' },
  userNotFound: { en: 'No active user with e-mail {email}.', 'pt-BR': 'Nenhum usuário ativo com o e-mail {email}.' },
  tokenCreated: { en: 'API token "{name}" for {email} (shown only once):', 'pt-BR': 'Token de API "{name}" para {email} (mostrado só uma vez):' },
  invalid: { en: 'Invalid value: {details}', 'pt-BR': 'Valor inválido: {details}' },
  needAdmin: {
    en: 'Create a user first: vinculo user create --email E --password P --admin',
    'pt-BR': 'Crie um usuário antes: vinculo user create --email E --password S --admin',
  },
  seedProgress: { en: 'Demo data: {done}/{total} items', 'pt-BR': 'Dados de demonstração: {done}/{total} itens' },
  seedDone: {
    en: 'Demo data added: {companies} companies, {contacts} contacts, {leads} leads, {deals} deals.',
    'pt-BR': 'Dados de demonstração adicionados: {companies} empresas, {contacts} contatos, {leads} leads, {deals} negócios.',
  },
  badProfile: { en: 'Unknown profile "{profile}": use S, M or L (XS for tests)', 'pt-BR': 'Perfil desconhecido "{profile}": use S, M ou L (XS para testes)' },
  seedNotEmpty: {
    en: 'The database already has {count} items: seed an empty one, or pass --force to add the data set to them.',
    'pt-BR': 'O banco já tem {count} itens: use um banco vazio, ou passe --force para acrescentar os dados a eles.',
  },
  seedProfileProgress: { en: 'Benchmark data: {phase} {rows}/{total} rows ({rate} rows/s)', 'pt-BR': 'Dados do benchmark: {phase} {rows}/{total} linhas ({rate} linhas/s)' },
  seedProfileDone: {
    en: 'Profile {profile} loaded: {rows} rows in {seconds} s ({contacts} contacts, {companies} companies, {leads} leads, {deals} deals).',
    'pt-BR': 'Perfil {profile} carregado: {rows} linhas em {seconds} s ({contacts} contatos, {companies} empresas, {leads} leads, {deals} negócios).',
  },
  missingFile: { en: 'Missing the backup file: vinculo restore FILE', 'pt-BR': 'Falta o arquivo da cópia: vinculo restore ARQUIVO' },
  backupProgress: {
    en: 'Backup: {table} {rows}/{tableRows} rows (table {number} of {tables}; {totalRows}/{allRows} rows in all)',
    'pt-BR': 'Cópia: {table} {rows}/{tableRows} linhas (tabela {number} de {tables}; {totalRows}/{allRows} linhas no total)',
  },
  backupDone: {
    en: 'Backup written to {file}: {rows} rows in {tables} tables, {size} MB, in {seconds} s.',
    'pt-BR': 'Cópia gravada em {file}: {rows} linhas em {tables} tabelas, {size} MB, em {seconds} s.',
  },
  restoreProgress: {
    en: 'Restore: {table} {rows}/{tableRows} rows (table {number} of {tables}; {totalRows}/{allRows} rows in all)',
    'pt-BR': 'Restauração: {table} {rows}/{tableRows} linhas (tabela {number} de {tables}; {totalRows}/{allRows} linhas no total)',
  },
  restoreIndexes: {
    en: 'Restore: {totalRows} rows loaded; rebuilding indexes and checking references…',
    'pt-BR': 'Restauração: {totalRows} linhas carregadas; recriando índices e conferindo referências…',
  },
  restoreDone: {
    en: 'Restored {rows} rows in {tables} tables from {file} into {location} in {seconds} s.',
    'pt-BR': '{rows} linhas em {tables} tabelas restauradas de {file} em {location} em {seconds} s.',
  },
  'backup.notBackup': { en: '{file} is not a Vínculo backup: nothing was restored.', 'pt-BR': '{file} não é uma cópia de segurança do Vínculo: nada foi restaurado.' },
  'backup.noDatabase': { en: 'No database at {file}: check DATABASE_URL. Nothing was backed up.', 'pt-BR': 'Não há banco de dados em {file}: confira DATABASE_URL. Nada foi copiado.' },
  'backup.missingFile': { en: 'No such file: {file}', 'pt-BR': 'Arquivo inexistente: {file}' },
  'backup.newerFormat': {
    en: 'This backup has format version {version}; this Vínculo reads up to {supported}. Upgrade Vínculo, then restore it.',
    'pt-BR': 'Esta cópia tem formato versão {version}; este Vínculo lê até a {supported}. Atualize o Vínculo e restaure de novo.',
  },
  'backup.unknownMigration': {
    en: 'This backup comes from a newer Vínculo (migration {migration} is unknown here). Upgrade Vínculo, then restore it.',
    'pt-BR': 'Esta cópia vem de um Vínculo mais novo (a migração {migration} é desconhecida aqui). Atualize o Vínculo e restaure de novo.',
  },
  'backup.targetNewer': {
    en: 'The target database was migrated by a newer Vínculo than the backup (migration {migration}): restore into a new, empty database.',
    'pt-BR': 'O banco de destino foi migrado por um Vínculo mais novo que a cópia (migração {migration}): restaure num banco novo e vazio.',
  },
  'backup.truncated': {
    en: '{file} is incomplete (truncated): it was refused and nothing was restored.',
    'pt-BR': '{file} está incompleto (truncado): foi recusado e nada foi restaurado.',
  },
  'backup.corrupt': {
    en: '{file} is damaged ({reason}): it was refused and nothing was restored.',
    'pt-BR': '{file} está danificado ({reason}): foi recusado e nada foi restaurado.',
  },
  'backup.checksum': {
    en: '{file} is damaged (the checksum of {table} does not match): it was refused and nothing was restored.',
    'pt-BR': '{file} está danificado (a soma de verificação de {table} não confere): foi recusado e nada foi restaurado.',
  },
  'backup.notEmpty': {
    en: 'The target database is not empty ({tables}): a backup is restored only into an empty database. Nothing was changed.',
    'pt-BR': 'O banco de destino não está vazio ({tables}): uma cópia só é restaurada num banco vazio. Nada foi alterado.',
  },
  'backup.unknownTable': {
    en: '{file} has a table this Vínculo does not know ({table}): nothing was restored.',
    'pt-BR': '{file} tem uma tabela que este Vínculo não conhece ({table}): nada foi restaurado.',
  },
  'backup.unknownColumn': {
    en: '{file} has a column this Vínculo does not know ({table}.{column}): nothing was restored.',
    'pt-BR': '{file} tem uma coluna que este Vínculo não conhece ({table}.{column}): nada foi restaurado.',
  },
  'export.badType': { en: 'Unknown item type "{type}": use leads, contacts, companies or deals', 'pt-BR': 'Tipo de item desconhecido "{type}": use leads, contacts, companies ou deals' },
  'export.badFormat': { en: '--format must be csv or xlsx (got "{format}")', 'pt-BR': '--format deve ser csv ou xlsx (recebido "{format}")' },
  'export.badFilter': {
    en: '--filter takes the list\'s query string (filter[…]=…, search=…, sort=…); not: {keys}',
    'pt-BR': '--filter recebe a query string da lista (filter[…]=…, search=…, sort=…); não: {keys}',
  },
  'export.refused': { en: 'Export refused: {reason}', 'pt-BR': 'Exportação recusada: {reason}' },
  'export.progress': { en: 'Export: {done}/{total} rows ({rate} rows/s)', 'pt-BR': 'Exportação: {done}/{total} linhas ({rate} linhas/s)' },
  'export.jobFailed': { en: 'The export failed: {reason}', 'pt-BR': 'A exportação falhou: {reason}' },
  'export.done': { en: 'Exported {rows} rows to {file} ({size} MB) in {seconds} s.', 'pt-BR': '{rows} linhas exportadas para {file} ({size} MB) em {seconds} s.' },
  'webhook.created': {
    en: 'Inbound webhook #{id} "{name}" for {email} (scopes: {scopes}). Its base URL, shown only once; paste it where your integration used the Bitrix24 one:',
    'pt-BR': 'Webhook de entrada nº {id} "{name}" para {email} (escopos: {scopes}). O endereço base, mostrado só uma vez; cole-o onde a sua integração usava o do Bitrix24:',
  },
  'webhook.badScope': { en: 'Unknown scope "{scope}": use {scopes}', 'pt-BR': 'Escopo desconhecido "{scope}": use {scopes}' },
  'webhook.badId': { en: '--id must be a webhook number (got "{id}")', 'pt-BR': '--id deve ser o número de um webhook (recebido "{id}")' },
  'webhook.none': { en: 'No inbound webhooks.', 'pt-BR': 'Nenhum webhook de entrada.' },
  'webhook.row': {
    en: '#{id}  {name}  user {user} (id {userId})  scopes {scopes}  code …{hint}  created {created}  last used {lastUsed}',
    'pt-BR': 'nº {id}  {name}  usuário {user} (id {userId})  escopos {scopes}  código …{hint}  criado {created}  último uso {lastUsed}',
  },
  'webhook.neverUsed': { en: 'never', 'pt-BR': 'nunca' },
  'webhook.notFound': { en: 'No live inbound webhook #{id}.', 'pt-BR': 'Nenhum webhook de entrada ativo nº {id}.' },
  'webhook.revoked': { en: 'Inbound webhook #{id} "{name}" revoked: its URL answers NO_AUTH_FOUND from now on.', 'pt-BR': 'Webhook de entrada nº {id} "{name}" revogado: o endereço dele responde NO_AUTH_FOUND a partir de agora.' },
  failed: { en: 'Failed: {reason}', 'pt-BR': 'Falhou: {reason}' },
} satisfies Record<string, Record<Locale, string>>;

export type CliMessage = keyof typeof messages;

export function cliLocale(env: NodeJS.ProcessEnv = process.env): Locale {
  return /^pt/i.test(env.LC_ALL || env.LC_MESSAGES || env.LANG || '') ? 'pt-BR' : 'en';
}

export function say(key: CliMessage, params: Record<string, string | number> = {}, locale = cliLocale()): string {
  return messages[key][locale].replace(/\{(\w+)\}/g, (_, name: string) => String(params[name] ?? ''));
}
