import { foldText, multifieldValueTypes, type FieldDef, type ItemTypeDef, type MultifieldKind } from '@vinculo/shared';

/**
 * Which field each column of a file fills, found from its header: the field's label in either language, its code
 * (`TITLE`, `UF_CRM_…`), its API name, the titles Bitrix24 gives its export columns (bitrix24-csv.md §5–6) and common
 * synonyms; then keywords (`celular`, `whatsapp`, `e-mail`…) for phone, e-mail and site columns. A user can change any
 * of it; a column nobody maps is left out.
 *
 * A mapping target, as the API and saved mappings write it:
 * - a field of the type: its API name (`title`, `opportunity`, `ufCrm3Cpf`);
 * - a value of a multi-value field with its kind: `phones:MOBILE`, `emails:WORK`, `websites:WORK`, `messengers:TELEGRAM`;
 * - `fullName`: first and last name in one cell (split at the last space);
 * - `company`: a company by its name (found, or created once per distinct name) for contacts, leads and deals;
 * - `contact`, `contact.name`, `contact.lastName`, `contact.email`, `contact.phone`: a deal's contact, found by its
 *   full name or by the person's details in the row — the file imported into contacts first (bitrix24-csv.md; the
 *   seeds' two-pass rule).
 */
export type Target = string;

export const contactTargets = ['contact', 'contact.name', 'contact.lastName', 'contact.email', 'contact.phone'] as const;

/** A header as compared: lower case, no accents, `e-mail` as `email`, single spaces, no trailing colon. */
export function headerKey(header: string): string {
  return foldText(header.normalize('NFC'))
    .replace(/e-mail/g, 'email')
    .replace(/[_\s]+/g, ' ')
    .replace(/\s*:\s*$/, '')
    .trim();
}

/** Synonyms and Bitrix24 export titles (en and pt-BR) per standard field, beyond its own labels and code. */
const synonyms: Record<string, string[]> = {
  title: ['titulo', 'title', 'assunto'],
  name: ['first name', 'primeiro nome', 'nome', 'given name'],
  lastName: ['last name', 'sobrenome', 'surname', 'family name', 'ultimo nome'],
  secondName: ['middle name', 'second name', 'segundo nome'],
  honorific: ['salutation', 'saudacao', 'tratamento'],
  birthdate: ['birthday', 'date of birth', 'data de nascimento', 'aniversario', 'nascimento'],
  post: ['position', 'job title', 'cargo', 'funcao'],
  comments: ['comment', 'comments', 'comentario', 'comentarios', 'observacoes', 'observacao', 'notes', 'notas'],
  sourceId: ['source', 'fonte', 'origem'],
  sourceDescription: ['source information', 'informacoes sobre a fonte', 'informacoes da fonte'],
  assignedById: ['responsible', 'responsible person', 'responsavel', 'assigned to', 'owner', 'pessoa responsavel'],
  opened: ['available to everyone', 'disponivel para todos'],
  typeId: ['type', 'tipo', 'contact type', 'tipo de contato', 'deal type', 'tipo de negocio'],
  export: ['included in export', 'export', 'incluido na exportacao', 'exportar'],
  address: ['address', 'street', 'endereco', 'rua', 'logradouro'],
  address2: ['apartment / suite', 'apartment', 'complemento'],
  addressCity: ['city', 'cidade', 'municipio'],
  addressRegion: ['region', 'regiao', 'bairro'],
  addressProvince: ['state / province', 'state', 'province', 'estado', 'uf', 'estado / provincia'],
  addressPostalCode: ['zip', 'zip code', 'postal code', 'cep', 'codigo postal'],
  addressCountry: ['country', 'pais'],
  companyType: ['company type', 'tipo de empresa'],
  industry: ['industry', 'setor', 'ramo', 'segmento'],
  employees: ['employees', 'funcionarios', 'numero de funcionarios'],
  revenue: ['annual income', 'annual revenue', 'receita anual', 'faturamento', 'faturamento anual'],
  currencyId: ['currency', 'moeda'],
  bankingDetails: ['payment details', 'banking details', 'dados bancarios'],
  isMyCompany: ['my company', 'minha empresa'],
  statusId: ['stage', 'status', 'fase', 'etapa', 'estagio', 'lead stage'],
  statusDescription: ['more about this stage', 'status information', 'mais sobre esta fase', 'informacoes do status'],
  companyTitle: ['company name', 'company', 'nome da empresa', 'empresa', 'razao social'],
  opportunity: ['total', 'opportunity', 'income', 'amount', 'renda', 'valor', 'oportunidade', 'valor do negocio'],
  categoryId: ['pipeline', 'funil', 'funil de vendas'],
  stageId: ['stage', 'fase', 'etapa', 'estagio', 'deal stage'],
  probability: ['probability, %', 'probability', 'probabilidade, %', 'probabilidade'],
  beginDate: ['start date', 'data de inicio'],
  closeDate: ['assumed close date', 'close date', 'data de fechamento', 'data prevista de fechamento'],
  utmSource: ['utm source'],
  utmMedium: ['utm medium'],
  utmCampaign: ['utm campaign'],
  utmContent: ['utm content'],
  utmTerm: ['utm term'],
};

/** The titles of Bitrix24's one-column-per-kind multi-value fields (bitrix24-csv.md §6), en and pt-BR. */
const multifieldTitles: Array<[Target, string[]]> = [
  ['phones:WORK', ['work phone', 'telefone de trabalho', 'telefone comercial', 'phone', 'telefone', 'fone', 'phones', 'telefones']],
  ['phones:MOBILE', ['mobile', 'mobile phone', 'celular', 'telefone celular', 'whatsapp']],
  ['phones:FAX', ['fax']],
  ['phones:HOME', ['home phone', 'telefone residencial', 'telefone de casa']],
  ['phones:PAGER', ['pager number', 'pager']],
  ['phones:MAILING', ['sms marketing phone', 'telefone para marketing por sms']],
  ['phones:OTHER', ['other phone number', 'other phone', 'outro telefone']],
  ['emails:WORK', ['work email', 'email de trabalho', 'email comercial', 'email', 'emails', 'correio eletronico']],
  ['emails:HOME', ['home email', 'email pessoal', 'email de casa', 'personal email']],
  ['emails:MAILING', ['newsletters email', 'email para boletins']],
  ['emails:OTHER', ['other email', 'outro email']],
  ['websites:WORK', ['corporate website', 'site corporativo', 'website', 'site', 'web site', 'pagina web']],
  ['websites:HOME', ['personal page', 'pagina pessoal']],
  ['websites:FACEBOOK', ['facebook page', 'pagina do facebook', 'facebook']],
  ['websites:INSTAGRAM', ['instagram']],
  ['websites:TWITTER', ['twitter']],
  ['websites:OTHER', ['other website', 'outro site']],
  ['messengers:TELEGRAM', ['telegram account', 'telegram']],
  ['messengers:SKYPE', ['skype id', 'skype']],
  ['messengers:VIBER', ['viber contact', 'viber']],
  ['messengers:OTHER', ['other contact', 'outro contato']],
];

/** A deal's or a contact's company, and a deal's contact (its name, or the person's details in the row). */
const relationTitles: Array<[Target, string[], Array<ItemTypeDef['name']>]> = [
  ['company', ['company', 'empresa', 'companies', 'empresas', 'company name', 'nome da empresa', 'company title', 'razao social'], ['contact', 'deal']],
  ['contact', ['contact', 'contato', 'client', 'cliente', 'contact name', 'nome do contato'], ['deal']],
  ['contact.name', ['contact: first name', 'contato: primeiro nome', 'contato: nome', 'first name', 'primeiro nome', 'nome'], ['deal']],
  ['contact.lastName', ['contact: last name', 'contato: sobrenome', 'last name', 'sobrenome'], ['deal']],
  ['contact.email', ['contact: work email', 'contato: email de trabalho', 'contact: email', 'contato: email', 'email', 'work email', 'email de trabalho'], ['deal']],
  ['contact.phone', ['contact: work phone', 'contato: telefone de trabalho', 'contact: phone', 'contato: telefone', 'phone', 'telefone', 'celular', 'mobile', 'work phone'], ['deal']],
  ['fullName', ['full name', 'first and last names', 'nome completo', 'nome e sobrenome'], ['contact', 'lead']],
];

/** Every target of a type with the header keys that name it, strongest first (labels and codes before synonyms). */
export function targetIndex(type: ItemTypeDef): Map<string, Target> {
  const index = new Map<string, Target>();
  const add = (key: string, target: Target) => {
    const folded = headerKey(key);
    if (folded && !index.has(folded)) index.set(folded, target);
  };
  const fields = importableFields(type);
  const direct = new Set(targetsOf(type));
  // Own labels and codes first: a custom field titled "Empresa" wins over the synonym.
  for (const field of fields) {
    if (!direct.has(field.name)) continue;
    add(field.label['pt-BR'], field.name);
    add(field.label.en, field.name);
    add(field.bitrix, field.name);
    add(field.name, field.name);
  }
  const multi = new Set(fields.filter((f) => f.type === 'multifield').map((f) => f.name));
  for (const [target, titles] of multifieldTitles) if (multi.has(target.split(':')[0])) for (const title of titles) add(title, target);
  for (const field of fields) if (direct.has(field.name)) for (const synonym of synonyms[field.name] ?? []) add(synonym, field.name);
  for (const [target, titles, types] of relationTitles) if (types.includes(type.name)) for (const title of titles) add(title, target);
  // Codes of multi-value kinds as a REST-made file names them: PHONE_MOBILE, EMAIL_WORK…
  for (const field of fields.filter((f) => f.type === 'multifield')) {
    for (const valueType of multifieldValueTypes[field.multifieldKind!]) add(`${field.bitrix}_${valueType}`, `${field.name}:${valueType}`);
  }
  return index;
}

/** The fields an import may fill: not the system's own (ids, authorship, derived flags), not files. */
export function importableFields(type: ItemTypeDef): FieldDef[] {
  return type.fields.filter((field) => !field.readOnly && field.type !== 'file' && !field.lockedByRole);
}

/** Every target a column of this type may be mapped to (what the wizard offers). */
export function targetsOf(type: ItemTypeDef): Target[] {
  const targets: Target[] = [];
  for (const field of importableFields(type)) {
    if (field.type === 'multifield') for (const valueType of multifieldValueTypes[field.multifieldKind!]) targets.push(`${field.name}:${valueType}`);
    else if (field.type !== 'links' && !(field.type === 'item' && (field.name === 'companyId' || field.name === 'contactId'))) targets.push(field.name);
  }
  for (const [target, , types] of relationTitles) if (types.includes(type.name) && !targets.includes(target)) targets.push(target);
  if (type.name === 'lead' && !targets.includes('fullName')) targets.push('fullName');
  return targets;
}

/** The mapping proposed for a header: one target (or null) per column; a target is given to its first column only. */
export function proposeMapping(type: ItemTypeDef, headers: string[]): Array<Target | null> {
  const index = targetIndex(type);
  const used = new Set<Target>();
  return headers.map((header) => {
    const key = headerKey(header);
    if (!key) return null;
    // A column the type's own fields name but an import cannot fill ("Has phone", "Created on") stays out.
    if (!index.has(withoutPrefix(type, key)) && ownTitles(type).has(key)) return null;
    const target = index.get(withoutPrefix(type, key)) ?? byKeyword(type, key);
    // Several phone columns of one kind are all kept; any other target fills once.
    if (!target || (used.has(target) && !isMultiTarget(target))) return null;
    used.add(target);
    return target;
  });
}

/** `Contato: Cargo`-style columns of a deal export: only the ones naming the contact's identity are used. */
function withoutPrefix(type: ItemTypeDef, key: string): string {
  if (type.name !== 'deal') return key;
  const match = /^(contact|contato|company|empresa): (.+)$/.exec(key);
  if (!match) return key;
  const isContact = match[1] === 'contact' || match[1] === 'contato';
  return isContact ? `contact: ${match[2]}` : ['nome da empresa', 'company name', 'title', 'nome'].includes(match[2]) ? 'company' : key;
}

/** A phone, e-mail or site column titled in a way no list knows ("Tel. celular 2", "WhatsApp comercial"). */
function byKeyword(type: ItemTypeDef, key: string): Target | undefined {
  const has = (name: string) => type.fields.some((f) => f.name === name && f.type === 'multifield');
  const kindOf = (words: Array<[RegExp, string]>, fallback: string) => words.find(([pattern]) => pattern.test(key))?.[1] ?? fallback;
  if (has('phones') && /telefone|phone|fone|celular|mobile|whatsapp|\btel\b/.test(key)) {
    return `phones:${kindOf([[/celular|mobile|whatsapp/, 'MOBILE'], [/trabalho|work|comercial/, 'WORK'], [/casa|residencial|home/, 'HOME']], 'OTHER')}`;
  }
  if (has('emails') && /email/.test(key)) return `emails:${kindOf([[/trabalho|work|comercial/, 'WORK'], [/casa|pessoal|home|personal/, 'HOME']], 'OTHER')}`;
  if (has('websites') && /\bsite\b|website|pagina/.test(key)) return 'websites:OTHER';
  return undefined;
}

const isMultiTarget = (target: Target) => target.includes(':');

/** Every title a field of the type goes by, importable or not. */
const ownTitles = (type: ItemTypeDef) => new Set(type.fields.flatMap((field) => [field.label.en, field.label['pt-BR'], field.bitrix, field.name].map(headerKey)));

/** The field and value type of a multi-value target (`phones:MOBILE`), or undefined for any other target. */
export function multiTarget(type: ItemTypeDef, target: Target): { field: FieldDef; valueType: string } | undefined {
  const [name, valueType] = target.split(':');
  const field = type.fields.find((f) => f.name === name && f.type === 'multifield');
  if (!field || !valueType || !multifieldValueTypes[field.multifieldKind as MultifieldKind].includes(valueType)) return undefined;
  return { field, valueType };
}

/** The same header always gets the same key (saved mappings are found by it; PostgreSQL text holds no NUL). */
export const headerSignature = (headers: string[]) => headers.map(headerKey).join('\u001f').replaceAll('\u0000', '');
