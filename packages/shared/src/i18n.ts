import type { Localized } from './fields.ts';

export type Locale = 'en' | 'pt-BR';
export const locales: Locale[] = ['en', 'pt-BR'];

/** Server-side messages: error texts and validation rules, in every supported language. */
export const messages = {
  'error.UNAUTHENTICATED': { en: 'Sign in or send a valid API token.', 'pt-BR': 'Entre ou envie um token de API válido.' },
  'error.FORBIDDEN': { en: 'You are not allowed to do this.', 'pt-BR': 'Você não tem permissão para fazer isso.' },
  'error.NOT_FOUND': { en: 'Not found.', 'pt-BR': 'Não encontrado.' },
  'error.VALIDATION_FAILED': { en: 'Some fields are not valid.', 'pt-BR': 'Alguns campos não são válidos.' },
  'error.BAD_REQUEST': { en: 'The request is not valid.', 'pt-BR': 'A requisição não é válida.' },
  'error.VERSION_CONFLICT': {
    en: 'Someone else changed this item since you read it. Reload it and try again.',
    'pt-BR': 'Outra pessoa alterou este item depois que você o leu. Recarregue e tente de novo.',
  },
  'error.SETUP_ALREADY_DONE': { en: 'The first administrator already exists.', 'pt-BR': 'O primeiro administrador já existe.' },
  'error.CONFLICT': { en: 'This conflicts with existing data.', 'pt-BR': 'Isso conflita com dados existentes.' },
  'error.PAYLOAD_TOO_LARGE': { en: 'The request body is too large.', 'pt-BR': 'O corpo da requisição é grande demais.' },
  'error.UNSUPPORTED_MEDIA_TYPE': { en: 'Send the body as JSON.', 'pt-BR': 'Envie o corpo como JSON.' },
  'error.RATE_LIMITED': { en: 'Too many attempts. Try again later.', 'pt-BR': 'Tentativas demais. Tente novamente mais tarde.' },
  'error.INTERNAL': { en: 'Something went wrong on our side.', 'pt-BR': 'Algo deu errado do nosso lado.' },
  'error.UNAVAILABLE': { en: 'The database cannot be reached.', 'pt-BR': 'O banco de dados não está acessível.' },
  'auth.badCredentials': { en: 'Wrong e-mail or password.', 'pt-BR': 'E-mail ou senha incorretos.' },
  'rule.required': { en: 'is required', 'pt-BR': 'é obrigatório' },
  'rule.requireOneOf': { en: 'fill in at least one of: {fields}', 'pt-BR': 'preencha pelo menos um destes: {fields}' },
  'rule.type': { en: 'has the wrong type', 'pt-BR': 'tem o tipo errado' },
  'rule.maxLength': { en: 'is longer than {max} characters', 'pt-BR': 'tem mais de {max} caracteres' },
  'rule.min': { en: 'is less than {min}', 'pt-BR': 'é menor que {min}' },
  'rule.max': { en: 'is greater than {max}', 'pt-BR': 'é maior que {max}' },
  'rule.format': { en: 'is not in the expected format', 'pt-BR': 'não está no formato esperado' },
  'rule.money': {
    en: 'must be an amount with at most 2 decimals',
    'pt-BR': 'deve ser um valor com no máximo 2 casas decimais',
  },
  'rule.phone': { en: 'is not a phone number', 'pt-BR': 'não é um número de telefone' },
  'rule.email': { en: 'is not an e-mail address', 'pt-BR': 'não é um endereço de e-mail' },
  'rule.web': { en: 'is not a website address', 'pt-BR': 'não é um endereço de site' },
  'rule.im': { en: 'is empty', 'pt-BR': 'está vazio' },
  'rule.valueType': { en: 'has an unknown kind', 'pt-BR': 'tem um tipo desconhecido' },
  'rule.reference': { en: 'is not a value of its list', 'pt-BR': 'não é um valor da lista' },
  'rule.exists': { en: 'points to an item that does not exist', 'pt-BR': 'aponta para um item que não existe' },
  'rule.user': { en: 'is not an active user', 'pt-BR': 'não é um usuário ativo' },
  'rule.readOnly': { en: 'is read-only', 'pt-BR': 'é somente leitura' },
  'rule.immutable': { en: 'cannot be changed after creation', 'pt-BR': 'não pode ser alterado depois da criação' },
  'rule.unknown': { en: 'is not a field of this item', 'pt-BR': 'não é um campo deste item' },
  'rule.operator': { en: 'does not support this operator', 'pt-BR': 'não aceita este operador' },
  'rule.notSortable': { en: 'cannot be sorted on', 'pt-BR': 'não pode ser ordenado' },
  'rule.cursor': { en: 'is not a cursor from this list', 'pt-BR': 'não é um cursor desta lista' },
  'rule.password': { en: 'must have at least 8 characters', 'pt-BR': 'deve ter pelo menos 8 caracteres' },
  'rule.taken': { en: 'is already in use', 'pt-BR': 'já está em uso' },
  'history.created': { en: 'Item created', 'pt-BR': 'Item criado' },
  'history.deleted': { en: 'Moved to the recycle bin', 'pt-BR': 'Movido para a lixeira' },
  'history.restored': { en: 'Restored from the recycle bin', 'pt-BR': 'Restaurado da lixeira' },
  'history.updated': { en: 'Field changed', 'pt-BR': 'Campo alterado' },
  'rule.sameCodes': { en: 'must name every value of the list exactly once', 'pt-BR': 'deve citar cada valor da lista exatamente uma vez' },
  'rule.semanticNotAllowed': { en: 'is only for statuses and stages', 'pt-BR': 'vale só para status e fases' },
  'rule.replacement': { en: 'must be another value of the same list', 'pt-BR': 'deve ser outro valor da mesma lista' },
  'rule.pipeline': { en: 'is not a pipeline', 'pt-BR': 'não é um funil' },
  'rule.stage': { en: 'is not a stage of this pipeline', 'pt-BR': 'não é uma fase deste funil' },
  'rule.option': { en: 'is not one of the field\'s values', 'pt-BR': 'não é um dos valores do campo' },
  'rule.url': { en: 'is not a web address (http or https)', 'pt-BR': 'não é um endereço web (http ou https)' },
  'rule.notFilterable': { en: 'cannot be filtered on', 'pt-BR': 'não pode ser filtrado' },
  'rule.notMultiple': { en: 'cannot hold several values for this field type', 'pt-BR': 'não aceita vários valores neste tipo de campo' },
  'rule.notEnumeration': { en: 'is only for enumeration fields', 'pt-BR': 'vale só para campos de lista' },
  'rule.useIsDefault': { en: 'is set with isDefault on the values of an enumeration', 'pt-BR': 'é definido com isDefault nos valores de uma lista' },
  'list.STATUS': { en: 'Lead statuses', 'pt-BR': 'Status de leads' },
  'list.SOURCE': { en: 'Sources', 'pt-BR': 'Fontes' },
  'list.CONTACT_TYPE': { en: 'Contact types', 'pt-BR': 'Tipos de contato' },
  'list.COMPANY_TYPE': { en: 'Company types', 'pt-BR': 'Tipos de empresa' },
  'list.INDUSTRY': { en: 'Industries', 'pt-BR': 'Setores' },
  'list.EMPLOYEES': { en: 'Number of employees', 'pt-BR': 'Número de funcionários' },
  'list.DEAL_TYPE': { en: 'Deal types', 'pt-BR': 'Tipos de negócio' },
  'list.HONORIFIC': { en: 'Salutations', 'pt-BR': 'Saudações' },
  'referenceList.inUse': {
    en: '{count} items use this value: choose a value to move them to.',
    'pt-BR': '{count} itens usam este valor: escolha um valor para onde movê-los.',
  },
  'referenceList.systemValue': { en: 'This is a system value: it cannot be deleted or regrouped.', 'pt-BR': 'Este é um valor do sistema: não pode ser excluído nem mudar de grupo.' },
  'referenceList.lastValue': { en: 'A list must keep at least one value.', 'pt-BR': 'Uma lista deve manter pelo menos um valor.' },
  'referenceList.semanticNeeded': {
    en: 'The list must keep at least one value in each group: {semantics}.',
    'pt-BR': 'A lista deve manter pelo menos um valor em cada grupo: {semantics}.',
  },
  'referenceList.semanticInUse': {
    en: '{count} items use this value: move them before changing its group.',
    'pt-BR': '{count} itens usam este valor: mova-os antes de mudar o grupo.',
  },
  'pipeline.general': { en: 'General', 'pt-BR': 'Geral' },
  'pipeline.hasDeals': { en: 'This pipeline still holds {count} deals: move them first.', 'pt-BR': 'Este funil ainda tem {count} negócios: mova-os antes.' },
  'pipeline.lastOne': { en: 'The last pipeline cannot be deleted.', 'pt-BR': 'O último funil não pode ser excluído.' },
  'pipeline.isDefault': {
    en: 'The default pipeline cannot be deleted: make another one the default first.',
    'pt-BR': 'O funil padrão não pode ser excluído: defina outro como padrão antes.',
  },
  'conversion.leadClosed': {
    en: 'This lead is closed (converted or junk): it cannot be converted.',
    'pt-BR': 'Este lead está fechado (convertido ou inválido): não pode ser convertido.',
  },
  'crmMode.confirmationRequired': {
    en: '{count} open leads will be converted into contacts or companies and deals. Confirm to switch to simple mode.',
    'pt-BR': '{count} leads abertos serão convertidos em contatos ou empresas e negócios. Confirme para mudar para o modo simples.',
  },
  'customField.hasValues': {
    en: '{count} items have a value in this field; it will be erased. Confirm to delete the field.',
    'pt-BR': '{count} itens têm valor neste campo; ele será apagado. Confirme para excluir o campo.',
  },
  'customField.optionInUse': {
    en: '{count} items use this value: choose the value that replaces it.',
    'pt-BR': '{count} itens usam este valor: escolha o valor que o substitui.',
  },
  'file.tooLarge': { en: 'The file is larger than {max} MB.', 'pt-BR': 'O arquivo é maior que {max} MB.' },
  'file.oneFile': { en: 'Send one file per request.', 'pt-BR': 'Envie um arquivo por requisição.' },
  'file.multipartRequired': { en: 'Send the file as multipart/form-data.', 'pt-BR': 'Envie o arquivo como multipart/form-data.' },
  'cardLayout.about.lead': { en: 'About the lead', 'pt-BR': 'Sobre o lead' },
  'cardLayout.about.contact': { en: 'About the contact', 'pt-BR': 'Sobre o contato' },
  'cardLayout.about.company': { en: 'About the company', 'pt-BR': 'Sobre a empresa' },
  'cardLayout.about.deal': { en: 'About the deal', 'pt-BR': 'Sobre o negócio' },
  'cardLayout.more': { en: 'More', 'pt-BR': 'Mais' },
  'cardLayout.custom': { en: 'Custom fields', 'pt-BR': 'Campos personalizados' },
  'rule.duplicate': { en: 'appears more than once', 'pt-BR': 'aparece mais de uma vez' },
  'rule.requiredField': { en: 'is a required field: it cannot be hidden', 'pt-BR': 'é um campo obrigatório: não pode ser ocultado' },
  'rule.keepOneOf': { en: 'must leave at least one of these visible: {fields}', 'pt-BR': 'deve deixar pelo menos um destes visível: {fields}' },
  'history.converted': { en: 'Lead converted', 'pt-BR': 'Lead convertido' },
  'stage.NEW': { en: 'New', 'pt-BR': 'Novo' },
  'stage.PREPARATION': { en: 'Preparing documents', 'pt-BR': 'Preparando documentos' },
  'stage.WON': { en: 'Deal won', 'pt-BR': 'Negócio ganho' },
  'stage.LOSE': { en: 'Deal lost', 'pt-BR': 'Negócio perdido' },
  'rule.cycle': { en: 'would put the department under itself', 'pt-BR': 'colocaria o departamento dentro de si mesmo' },
  'rule.exclusive': { en: 'give only one of: {fields}', 'pt-BR': 'informe apenas um destes: {fields}' },
  'user.lastAdmin': {
    en: 'This is the last active administrator: make another user an administrator first.',
    'pt-BR': 'Este é o último administrador ativo: torne outro usuário administrador antes.',
  },
  'department.hasChildren': {
    en: 'This department has {count} sub-departments: move or delete them first.',
    'pt-BR': 'Este departamento tem {count} subdepartamentos: mova-os ou exclua-os antes.',
  },
  'department.hasMembers': {
    en: 'This department has {count} members: remove them first, or delete with force=true.',
    'pt-BR': 'Este departamento tem {count} membros: remova-os antes, ou exclua com force=true.',
  },
} satisfies Record<string, Localized>;

export type MessageKey = keyof typeof messages;

/** Picks the best supported locale from an Accept-Language header; English when none matches. */
export function pickLocale(acceptLanguage: string | undefined): Locale {
  if (!acceptLanguage) return 'en';
  for (const part of acceptLanguage.split(',')) {
    const tag = part.split(';')[0].trim().toLowerCase();
    if (tag.startsWith('pt')) return 'pt-BR';
    if (tag.startsWith('en')) return 'en';
  }
  return 'en';
}

/** Translates a message key, filling `{name}` placeholders. */
export function translate(locale: Locale, key: MessageKey, params: Record<string, string | number> = {}): string {
  const template = messages[key][locale];
  return template.replace(/\{(\w+)\}/g, (_, name: string) => String(params[name] ?? `{${name}}`));
}
