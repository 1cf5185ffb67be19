import { cliLocale } from './messages.ts';

/** The words of `vinculo import`, in every supported language. */
const messages = {
  missingArguments: { en: 'Give the item type and the file: vinculo import <leads|contacts|companies|deals> <file>', 'pt-BR': 'Informe o tipo de item e o arquivo: vinculo import <leads|contacts|companies|deals> <arquivo>' },
  unknownType: { en: 'Unknown item type "{type}": use leads, contacts, companies or deals.', 'pt-BR': 'Tipo de item desconhecido "{type}": use leads, contacts, companies ou deals.' },
  noFile: { en: 'The file {file} does not exist.', 'pt-BR': 'O arquivo {file} não existe.' },
  badDuplicateMode: { en: '--on-duplicate takes skip, update or create.', 'pt-BR': '--on-duplicate aceita skip, update ou create.' },
  badMapping: { en: 'The mapping file {file} is not valid: {reason}', 'pt-BR': 'O arquivo de mapeamento {file} não é válido: {reason}' },
  unknownHeader: { en: 'the file has no column "{header}"', 'pt-BR': 'o arquivo não tem a coluna "{header}"' },
  noUser: { en: 'No active user {email}.', 'pt-BR': 'Nenhum usuário ativo {email}.' },
  noAdmin: { en: 'There is no administrator yet: create one with `vinculo user create --admin`, or pass --as.', 'pt-BR': 'Ainda não há administrador: crie um com `vinculo user create --admin`, ou use --as.' },
  read: { en: 'Read {file}: {format}, {encoding}, delimiter "{delimiter}".', 'pt-BR': 'Lido {file}: {format}, {encoding}, delimitador "{delimiter}".' },
  readWorkbook: { en: 'Read {file}: an XLSX workbook (its first sheet).', 'pt-BR': 'Lido {file}: uma planilha XLSX (a primeira aba).' },
  readHtml: { en: "Read {file}: an HTML table (Bitrix24's Excel export), {encoding}.", 'pt-BR': 'Lido {file}: uma tabela HTML (a exportação para Excel do Bitrix24), {encoding}.' },
  column: { en: '  {header} → {target}', 'pt-BR': '  {header} → {target}' },
  notImported: { en: '(not imported)', 'pt-BR': '(não importada)' },
  progress: { en: 'Importing: {done} of {total} rows', 'pt-BR': 'Importando: {done} de {total} linhas' },
  staging: { en: 'Reading the file…', 'pt-BR': 'Lendo o arquivo…' },
  done: {
    en: 'Import #{job}: {created} created, {updated} updated, {skipped} skipped as duplicates, {rejected} rejected.',
    'pt-BR': 'Importação nº {job}: {created} criados, {updated} atualizados, {skipped} ignorados como duplicados, {rejected} rejeitados.',
  },
  dryRunDone: {
    en: 'Dry run (nothing was saved): {created} would be created, {updated} updated, {skipped} skipped as duplicates, {rejected} rejected.',
    'pt-BR': 'Simulação (nada foi gravado): {created} seriam criados, {updated} atualizados, {skipped} ignorados como duplicados, {rejected} rejeitados.',
  },
  rejectedRow: { en: '  row {row}: {reason}', 'pt-BR': '  linha {row}: {reason}' },
  moreRejected: { en: '  … and {count} more (GET /api/v1/imports/{job}/rejected lists them all)', 'pt-BR': '  … e mais {count} (GET /api/v1/imports/{job}/rejected lista todas)' },
  failed: { en: 'The import stopped: {reason}', 'pt-BR': 'A importação parou: {reason}' },
} satisfies Record<string, { en: string; 'pt-BR': string }>;

export type ImportCliMessage = keyof typeof messages;

export function sayImport(key: ImportCliMessage, params: Record<string, string | number> = {}): string {
  return messages[key][cliLocale()].replace(/\{(\w+)\}/g, (_, name: string) => String(params[name] ?? ''));
}
