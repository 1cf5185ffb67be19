import { field, type FieldDef, type ItemTypeDef, type ItemTypeName } from './fields.ts';

/** Fields every item type has: identity, ownership, audit. */
const system: FieldDef[] = [
  field('id', 'integer', 'ID', 'ID', 'ID', { readOnly: true }),
  field('version', 'integer', 'VERSION', 'Version', 'Versão', { readOnly: true }),
  field('assignedById', 'user', 'ASSIGNED_BY_ID', 'Responsible', 'Responsável'),
  field('opened', 'boolean', 'OPENED', 'Available to everyone', 'Disponível para todos'),
  field('comments', 'text', 'COMMENTS', 'Comment', 'Comentário', { maxLength: 65535 }),
  field('createdById', 'user', 'CREATED_BY_ID', 'Created by', 'Criado por', { readOnly: true }),
  field('updatedById', 'user', 'MODIFY_BY_ID', 'Modified by', 'Modificado por', { readOnly: true }),
  field('createdAt', 'datetime', 'DATE_CREATE', 'Created on', 'Criado em', { readOnly: true }),
  field('updatedAt', 'datetime', 'DATE_MODIFY', 'Modified on', 'Modificado em', { readOnly: true }),
  // The earliest deadline of the item's open activities (null: nothing planned), kept by the activity writes.
  field('nextActivityAt', 'datetime', 'NEXT_ACTIVITY_TIME', 'Next activity', 'Próxima atividade', { readOnly: true }),
];

const person: FieldDef[] = [
  field('honorific', 'reference', 'HONORIFIC', 'Salutation', 'Saudação', { list: 'HONORIFIC' }),
  field('name', 'string', 'NAME', 'First name', 'Nome', { maxLength: 50, keyColumn: 'name_key' }),
  field('secondName', 'string', 'SECOND_NAME', 'Middle name', 'Nome do meio', { maxLength: 50 }),
  field('lastName', 'string', 'LAST_NAME', 'Last name', 'Sobrenome', { maxLength: 50, keyColumn: 'last_name_key' }),
  field('birthdate', 'date', 'BIRTHDATE', 'Date of birth', 'Data de nascimento'),
  field('post', 'string', 'POST', 'Position', 'Cargo', { maxLength: 255 }),
];

const address: FieldDef[] = [
  field('address', 'string', 'ADDRESS', 'Street address', 'Endereço', { maxLength: 1024 }),
  field('address2', 'string', 'ADDRESS_2', 'Address line 2', 'Complemento', { maxLength: 255 }),
  field('addressCity', 'string', 'ADDRESS_CITY', 'City', 'Cidade', { maxLength: 128 }),
  field('addressPostalCode', 'string', 'ADDRESS_POSTAL_CODE', 'Postal code', 'CEP', { maxLength: 16 }),
  field('addressRegion', 'string', 'ADDRESS_REGION', 'Region', 'Região', { maxLength: 128 }),
  field('addressProvince', 'string', 'ADDRESS_PROVINCE', 'State / province', 'Estado', { maxLength: 128 }),
  field('addressCountry', 'string', 'ADDRESS_COUNTRY', 'Country', 'País', { maxLength: 128 }),
  field('addressCountryCode', 'string', 'ADDRESS_COUNTRY_CODE', 'Country code', 'Código do país', { maxLength: 2 }),
];

const source: FieldDef[] = [
  field('sourceId', 'reference', 'SOURCE_ID', 'Source', 'Fonte', { list: 'SOURCE' }),
  field('sourceDescription', 'text', 'SOURCE_DESCRIPTION', 'Source information', 'Informações da fonte', { maxLength: 65535 }),
];

const utm: FieldDef[] = [
  field('utmSource', 'string', 'UTM_SOURCE', 'UTM source', 'UTM source', { maxLength: 255 }),
  field('utmMedium', 'string', 'UTM_MEDIUM', 'UTM medium', 'UTM medium', { maxLength: 255 }),
  field('utmCampaign', 'string', 'UTM_CAMPAIGN', 'UTM campaign', 'UTM campaign', { maxLength: 255 }),
  field('utmContent', 'string', 'UTM_CONTENT', 'UTM content', 'UTM content', { maxLength: 255 }),
  field('utmTerm', 'string', 'UTM_TERM', 'UTM term', 'UTM term', { maxLength: 255 }),
];

const communications: FieldDef[] = [
  field('phones', 'multifield', 'PHONE', 'Phone', 'Telefone', { multifieldKind: 'phone', presenceColumn: 'has_phone' }),
  field('emails', 'multifield', 'EMAIL', 'E-mail', 'E-mail', { multifieldKind: 'email', presenceColumn: 'has_email' }),
  field('websites', 'multifield', 'WEB', 'Website', 'Site', { multifieldKind: 'web' }),
  field('messengers', 'multifield', 'IM', 'Messenger', 'Mensageiro', { multifieldKind: 'im' }),
  field('hasPhone', 'boolean', 'HAS_PHONE', 'Has phone', 'Tem telefone', { readOnly: true }),
  field('hasEmail', 'boolean', 'HAS_EMAIL', 'Has e-mail', 'Tem e-mail', { readOnly: true }),
];

const money: FieldDef[] = [
  field('opportunity', 'money', 'OPPORTUNITY', 'Amount', 'Valor', { column: 'opportunity_minor' }),
  field('currencyId', 'currency', 'CURRENCY_ID', 'Currency', 'Moeda'),
];

const lead: ItemTypeDef = {
  name: 'lead',
  plural: 'leads',
  table: 'leads',
  entityTypeId: 1,
  label: { en: 'Lead', 'pt-BR': 'Lead' },
  titleFields: ['title'],
  requireOneOf: ['title', 'name', 'lastName', 'companyTitle'],
  stages: { field: 'statusId', semanticField: 'statusSemantic', list: 'STATUS', closedAtField: 'dateClosed' },
  board: {
    cardFields: ['title', 'name', 'lastName', 'companyTitle', 'statusId', 'opportunity', 'currencyId', 'assignedById', 'phones', 'emails', 'createdAt'],
    amountField: 'opportunity',
    currencyField: 'currencyId',
  },
  fields: [
    ...system,
    field('title', 'string', 'TITLE', 'Lead name', 'Nome do lead', { maxLength: 255, keyColumn: 'title_key' }),
    ...person,
    field('companyTitle', 'string', 'COMPANY_TITLE', 'Company name', 'Nome da empresa', { maxLength: 255 }),
    field('statusId', 'reference', 'STATUS_ID', 'Status', 'Status', { list: 'STATUS' }),
    field('statusDescription', 'text', 'STATUS_DESCRIPTION', 'Status information', 'Informações do status', { maxLength: 65535 }),
    field('statusSemantic', 'string', 'STATUS_SEMANTIC_ID', 'Status group', 'Grupo do status', { readOnly: true }),
    field('dateClosed', 'datetime', 'DATE_CLOSED', 'Closed on', 'Fechado em', { readOnly: true }),
    ...source,
    ...money,
    ...address,
    field('companyId', 'item', 'COMPANY_ID', 'Company', 'Empresa', { itemType: 'company' }),
    field('contactId', 'item', 'CONTACT_ID', 'Contact', 'Contato', { itemType: 'contact' }),
    ...utm,
    ...communications,
  ],
};

const contact: ItemTypeDef = {
  name: 'contact',
  plural: 'contacts',
  table: 'contacts',
  entityTypeId: 3,
  label: { en: 'Contact', 'pt-BR': 'Contato' },
  titleFields: ['name', 'lastName'],
  requireOneOf: ['name', 'lastName', 'secondName'],
  fields: [
    ...system,
    ...person,
    field('typeId', 'reference', 'TYPE_ID', 'Contact type', 'Tipo de contato', { list: 'CONTACT_TYPE' }),
    ...source,
    ...address,
    field('export', 'boolean', 'EXPORT', 'Included in export', 'Incluído na exportação', { column: 'is_exported' }),
    field('companyIds', 'links', 'COMPANY_IDS', 'Companies', 'Empresas', {
      itemType: 'company',
      link: { table: 'contact_companies', selfColumn: 'contact_id', otherColumn: 'company_id' },
    }),
    field('leadId', 'item', 'LEAD_ID', 'Lead', 'Lead', { itemType: 'lead', readOnly: true }),
    ...utm,
    ...communications,
  ],
};

const company: ItemTypeDef = {
  name: 'company',
  plural: 'companies',
  table: 'companies',
  entityTypeId: 4,
  label: { en: 'Company', 'pt-BR': 'Empresa' },
  titleFields: ['title'],
  fields: [
    ...system,
    field('title', 'string', 'TITLE', 'Company name', 'Nome da empresa', { required: true, maxLength: 255, keyColumn: 'title_key' }),
    field('companyType', 'reference', 'COMPANY_TYPE', 'Company type', 'Tipo de empresa', { list: 'COMPANY_TYPE' }),
    field('industry', 'reference', 'INDUSTRY', 'Industry', 'Setor', { list: 'INDUSTRY' }),
    field('employees', 'reference', 'EMPLOYEES', 'Employees', 'Funcionários', { list: 'EMPLOYEES' }),
    field('revenue', 'money', 'REVENUE', 'Annual revenue', 'Receita anual', { column: 'revenue_minor' }),
    field('currencyId', 'currency', 'CURRENCY_ID', 'Currency', 'Moeda'),
    ...address,
    field('bankingDetails', 'text', 'BANKING_DETAILS', 'Payment details', 'Dados bancários', { maxLength: 65535 }),
    field('isMyCompany', 'boolean', 'IS_MY_COMPANY', 'My company', 'Minha empresa'),
    field('export', 'boolean', 'EXPORT', 'Included in export', 'Incluído na exportação', { column: 'is_exported' }),
    field('contactIds', 'links', 'CONTACT_ID', 'Contacts', 'Contatos', {
      itemType: 'contact',
      link: { table: 'contact_companies', selfColumn: 'company_id', otherColumn: 'contact_id' },
    }),
    field('leadId', 'item', 'LEAD_ID', 'Lead', 'Lead', { itemType: 'lead', readOnly: true }),
    ...utm,
    ...communications,
  ],
};

const deal: ItemTypeDef = {
  name: 'deal',
  plural: 'deals',
  table: 'deals',
  entityTypeId: 2,
  label: { en: 'Deal', 'pt-BR': 'Negócio' },
  titleFields: ['title'],
  stages: { field: 'stageId', semanticField: 'stageSemantic', list: 'DEAL_STAGE', pipelineField: 'categoryId', closedField: 'closed', closedAtField: 'closeDate' },
  board: {
    cardFields: ['title', 'stageId', 'opportunity', 'currencyId', 'assignedById', 'companyId', 'contactIds', 'closeDate', 'createdAt'],
    amountField: 'opportunity',
    currencyField: 'currencyId',
  },
  fields: [
    ...system,
    field('title', 'string', 'TITLE', 'Deal name', 'Nome do negócio', { required: true, maxLength: 255, keyColumn: 'title_key' }),
    field('typeId', 'reference', 'TYPE_ID', 'Deal type', 'Tipo de negócio', { list: 'DEAL_TYPE' }),
    field('categoryId', 'integer', 'CATEGORY_ID', 'Pipeline', 'Funil', { immutable: true, min: 0 }),
    field('stageId', 'reference', 'STAGE_ID', 'Stage', 'Fase', { list: 'DEAL_STAGE' }),
    field('stageSemantic', 'string', 'STAGE_SEMANTIC_ID', 'Stage group', 'Grupo da fase', { readOnly: true }),
    field('closed', 'boolean', 'CLOSED', 'Closed', 'Fechado', { readOnly: true }),
    field('probability', 'integer', 'PROBABILITY', 'Probability, %', 'Probabilidade, %', { min: 0, max: 100 }),
    ...money,
    field('beginDate', 'date', 'BEGINDATE', 'Start date', 'Data de início'),
    field('closeDate', 'date', 'CLOSEDATE', 'Estimated close date', 'Data prevista de fechamento'),
    field('companyId', 'item', 'COMPANY_ID', 'Company', 'Empresa', { itemType: 'company' }),
    field('contactIds', 'links', 'CONTACT_IDS', 'Contacts', 'Contatos', {
      itemType: 'contact',
      link: { table: 'deal_contacts', selfColumn: 'deal_id', otherColumn: 'contact_id' },
    }),
    ...source,
    field('leadId', 'item', 'LEAD_ID', 'Lead', 'Lead', { itemType: 'lead', readOnly: true }),
    ...utm,
  ],
};

export const itemTypes: Record<ItemTypeName, ItemTypeDef> = { lead, contact, company, deal };

export const itemTypeList: ItemTypeDef[] = [lead, contact, company, deal];

/** Looks an item type up by its URL segment (`contacts`) or its name (`contact`). */
export function findItemType(nameOrPlural: string): ItemTypeDef | undefined {
  return itemTypeList.find((t) => t.plural === nameOrPlural || t.name === nameOrPlural);
}
