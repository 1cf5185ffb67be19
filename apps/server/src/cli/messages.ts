import type { Locale } from '@vinculo/shared';

/** The CLI's own words, in every supported language; the locale comes from LC_ALL / LANG. */
const messages = {
  usage: {
    en: `Usage: vinculo <command> [options]

Commands:
  serve                                   Run the CRM server (migrates first)
  migrate                                 Apply pending database migrations
  user create --email E --password P [--admin] [--name N]
                                          Create a user
  token create --email E [--name N]       Create an API token for a user; prints the token last
  seed --demo [--scale N]                 Add a pt-BR demo data set (N multiplies its size; default 1)
  seed --profile S|M|L [--force] [--seed N]
                                          Load the benchmark data set (S: 10k contacts and deals, M: 100k, L: 1M)
                                          into an empty database (--force: add to one that has items)
  help                                    Show this help

Environment: DATABASE_URL, PORT, HOST, LOG_LEVEL (see the README).`,
    'pt-BR': `Uso: vinculo <comando> [opções]

Comandos:
  serve                                   Executa o servidor do CRM (migra antes)
  migrate                                 Aplica as migrações pendentes do banco
  user create --email E --password S [--admin] [--name N]
                                          Cria um usuário
  token create --email E [--name N]       Cria um token de API para um usuário; imprime o token por último
  seed --demo [--scale N]                 Adiciona dados de demonstração em pt-BR (N multiplica o tamanho; padrão 1)
  seed --profile S|M|L [--force] [--seed N]
                                          Carrega os dados do benchmark (S: 10 mil contatos e negócios, M: 100 mil, L: 1 milhão)
                                          num banco vazio (--force: acrescenta a um banco que já tem itens)
  help                                    Mostra esta ajuda

Ambiente: DATABASE_URL, PORT, HOST, LOG_LEVEL (veja o README).`,
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
  failed: { en: 'Failed: {reason}', 'pt-BR': 'Falhou: {reason}' },
} satisfies Record<string, Record<Locale, string>>;

export type CliMessage = keyof typeof messages;

export function cliLocale(env: NodeJS.ProcessEnv = process.env): Locale {
  return /^pt/i.test(env.LC_ALL || env.LC_MESSAGES || env.LANG || '') ? 'pt-BR' : 'en';
}

export function say(key: CliMessage, params: Record<string, string | number> = {}, locale = cliLocale()): string {
  return messages[key][locale].replace(/\{(\w+)\}/g, (_, name: string) => String(params[name] ?? ''));
}
