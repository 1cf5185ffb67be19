import { fullAccess } from '../modules/access/access.service.ts';
import { loadTypes, unrestrictedCatalog } from '../modules/catalog/catalog.ts';
import type { Context } from '../context.ts';
import type { Database } from '../db/database.ts';
import { createItem } from '../modules/items/item.service.ts';
import { createActivity, updateActivity } from '../modules/activities/activity.service.ts';
import { addComment } from '../modules/comments/comment.service.ts';
import { createTask } from '../modules/tasks/task.service.ts';

/** A small, plausible Brazilian CRM: companies with contacts, leads in every status, deals in every stage. */

const firstNames = ['Ana', 'Bruno', 'Carla', 'Diego', 'Eduarda', 'Felipe', 'Gabriela', 'Henrique', 'Isabela', 'João', 'Larissa', 'Marcos', 'Natália', 'Otávio', 'Patrícia', 'Rafael', 'Sofia', 'Thiago', 'Vanessa', 'Wagner'];
const lastNames = ['Silva', 'Santos', 'Oliveira', 'Souza', 'Rodrigues', 'Ferreira', 'Alves', 'Pereira', 'Lima', 'Gomes', 'Costa', 'Ribeiro', 'Martins', 'Carvalho', 'Almeida', 'Lopes', 'Soares', 'Fernandes', 'Vieira', 'Barbosa'];
const companyStems = ['Horizonte', 'Aurora', 'Ipê', 'Serra Azul', 'Litoral', 'Cerrado', 'Atlântica', 'Paulista', 'Pampa', 'Tropical', 'Jequitibá', 'Guanabara', 'Araucária', 'Vale Verde', 'Nordeste'];
const companyKinds = ['Tecnologia', 'Logística', 'Alimentos', 'Construtora', 'Consultoria', 'Comércio', 'Engenharia', 'Distribuidora', 'Saúde', 'Educação'];
const suffixes = ['Ltda', 'S.A.', 'ME', 'EIRELI'];
const cities: Array<[string, string, string]> = [
  ['São Paulo', 'SP', '11'],
  ['Rio de Janeiro', 'RJ', '21'],
  ['Belo Horizonte', 'MG', '31'],
  ['Curitiba', 'PR', '41'],
  ['Porto Alegre', 'RS', '51'],
  ['Salvador', 'BA', '71'],
  ['Recife', 'PE', '81'],
  ['Fortaleza', 'CE', '85'],
  ['Brasília', 'DF', '61'],
  ['Campinas', 'SP', '19'],
];
const streets = ['Av. Paulista', 'Rua das Flores', 'Av. Brasil', 'Rua XV de Novembro', 'Av. Atlântica', 'Rua da Consolação', 'Av. Sete de Setembro'];
const posts = ['Diretora comercial', 'Gerente de compras', 'Analista financeiro', 'CEO', 'Coordenador de TI', 'Sócio', 'Assistente administrativa'];
const dealNames = ['Licenças anuais', 'Projeto de implantação', 'Contrato de manutenção', 'Pedido de equipamentos', 'Consultoria tributária', 'Renovação de contrato', 'Treinamento da equipe'];
const leadTitles = ['Pedido de orçamento', 'Contato pelo site', 'Indicação de cliente', 'Visita na feira', 'Interesse em demonstração'];
const sources = ['CALL', 'EMAIL', 'WEB', 'ADVERTISING', 'PARTNER', 'RECOMMENDATION', 'TRADE_SHOW'];
const leadStatuses = ['NEW', 'IN_PROCESS', 'PROCESSED', 'JUNK'];
const dealStages = ['NEW', 'PREPARATION', 'PREPAYMENT_INVOICE', 'EXECUTING', 'FINAL_INVOICE', 'WON', 'LOSE'];
const plans: Array<{ kind: 'call' | 'meeting' | 'email' | 'todo'; subject: string }> = [
  { kind: 'call', subject: 'Ligar para o cliente' },
  { kind: 'call', subject: 'Retornar a ligação sobre a proposta' },
  { kind: 'meeting', subject: 'Reunião de apresentação' },
  { kind: 'email', subject: 'Enviar a proposta revisada' },
  { kind: 'todo', subject: 'Preparar o orçamento' },
];
const notes = ['Cliente pediu desconto para pagamento à vista.', 'Decisor volta de férias na próxima semana.', 'Concorrente ofereceu prazo maior; reforçar o suporte.', 'Aprovado pelo financeiro, falta a assinatura.'];
const taskTitles = ['Atualizar o cadastro do cliente', 'Preparar a apresentação', 'Conferir a documentação', 'Organizar a visita técnica'];

/** Deterministic pseudo-random numbers (mulberry32), so every demo set is the same. */
function random(seed: number) {
  let state = seed;
  const next = () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)];
  const int = (min: number, max: number) => min + Math.floor(next() * (max - min + 1));
  return { next, pick, int };
}

const slug = (text: string) => text.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[^a-z0-9]+/g, '');

export async function seedDemo(database: Database, scale: number, progress: (done: number, total: number) => void) {
  const admin = await database.db.selectFrom('users').select(['id', 'name']).where('is_active', '=', 1).orderBy('is_admin', 'desc').orderBy('id').executeTakeFirst();
  if (!admin) return null;
  const users = (await database.db.selectFrom('users').select('id').where('is_active', '=', 1).execute()).map((u) => u.id);
  const ctx: Context = { db: database.db, dialect: database.dialect, actor: { id: admin.id, name: admin.name, isAdmin: true, locale: 'pt-BR' }, locale: 'pt-BR', now: () => new Date(), catalog: unrestrictedCatalog(await loadTypes(database.db, database.dialect)), access: fullAccess(admin.id) };
  const r = random(20261122 + scale);
  const counts = { companies: 12 * scale, contacts: 40 * scale, leads: 25 * scale, deals: 30 * scale };
  const total = counts.companies + counts.contacts + counts.leads + counts.deals;
  let done = 0;
  const step = () => {
    done += 1;
    if (done % 10 === 0 || done === total) progress(done, total);
  };
  const phone = (ddd: string) => ({ value: `+55 (${ddd}) 9${r.int(1000, 9999)}-${r.int(1000, 9999)}`, valueType: 'MOBILE' });
  const landline = (ddd: string) => ({ value: `(${ddd}) 3${r.int(100, 999)}-${r.int(1000, 9999)}`, valueType: 'WORK' });

  const companyIds: number[] = [];
  for (let i = 0; i < counts.companies; i++) {
    const [city, state, ddd] = r.pick(cities);
    const title = `${r.pick(companyStems)} ${r.pick(companyKinds)} ${r.pick(suffixes)}`;
    const domain = `${slug(title.split(' ').slice(0, 2).join(''))}.com.br`;
    const company = await createItem(ctx, 'company', {
      title,
      companyType: r.pick(['CUSTOMER', 'PARTNER', 'SUPPLIER', 'CUSTOMER']),
      industry: r.pick(['IT', 'MANUFACTURING', 'CONSULTING', 'DELIVERY', 'FINANCE', 'OTHER']),
      employees: r.pick(['EMPLOYEES_1', 'EMPLOYEES_2', 'EMPLOYEES_3', 'EMPLOYEES_4']),
      revenue: `${r.int(2, 500) * 10000}.00`,
      address: `${r.pick(streets)}, ${r.int(10, 3000)}`,
      addressCity: city,
      addressProvince: state,
      addressCountry: 'Brasil',
      addressCountryCode: 'BR',
      assignedById: r.pick(users),
      phones: [landline(ddd)],
      emails: [{ value: `contato@${domain}`, valueType: 'WORK' }],
      websites: [{ value: `https://www.${domain}`, valueType: 'WORK' }],
    });
    companyIds.push(company.id);
    step();
  }

  const contactIds: number[] = [];
  for (let i = 0; i < counts.contacts; i++) {
    const [city, state, ddd] = r.pick(cities);
    const name = r.pick(firstNames);
    const lastName = `${r.pick(lastNames)}${r.next() < 0.3 ? ` ${r.pick(lastNames)}` : ''}`;
    const contact = await createItem(ctx, 'contact', {
      name,
      lastName,
      post: r.pick(posts),
      typeId: r.pick(['CLIENT', 'CLIENT', 'SUPPLIER', 'PARTNER', 'OTHER']),
      sourceId: r.pick(sources),
      addressCity: city,
      addressProvince: state,
      addressCountry: 'Brasil',
      assignedById: r.pick(users),
      export: true,
      companyIds: r.next() < 0.8 ? [r.pick(companyIds)] : [],
      phones: r.next() < 0.5 ? [phone(ddd), landline(ddd)] : [phone(ddd)],
      emails: [{ value: `${slug(name)}.${slug(lastName.split(' ')[0])}${r.int(1, 99)}@exemplo.com.br`, valueType: r.pick(['WORK', 'HOME']) }],
      messengers: r.next() < 0.4 ? [{ value: `+55${ddd}9${r.int(10000000, 99999999)}`, valueType: 'WHATSAPP' }] : [],
    });
    contactIds.push(contact.id);
    step();
  }

  for (let i = 0; i < counts.leads; i++) {
    const [city, , ddd] = r.pick(cities);
    const name = r.pick(firstNames);
    const lastName = r.pick(lastNames);
    await createItem(ctx, 'lead', {
      title: `${r.pick(leadTitles)} — ${name} ${lastName}`,
      name,
      lastName,
      companyTitle: r.next() < 0.6 ? `${r.pick(companyStems)} ${r.pick(companyKinds)}` : null,
      statusId: r.pick(leadStatuses),
      sourceId: r.pick(sources),
      opportunity: `${r.int(1, 200) * 500}.00`,
      currencyId: 'BRL',
      addressCity: city,
      assignedById: r.pick(users),
      phones: [phone(ddd)],
      emails: r.next() < 0.7 ? [{ value: `${slug(name)}${r.int(1, 999)}@exemplo.com.br`, valueType: 'WORK' }] : [],
    });
    step();
  }

  for (let i = 0; i < counts.deals; i++) {
    const companyId = r.pick(companyIds);
    const stageId = r.pick(dealStages);
    const closeDate = new Date(Date.now() + r.int(-60, 120) * 86_400_000).toISOString().slice(0, 10);
    const deal = await createItem(ctx, 'deal', {
      title: `${r.pick(dealNames)} — ${r.pick(companyStems)}`,
      stageId,
      typeId: r.pick(['SALE', 'SERVICES', 'GOODS', 'COMPLEX']),
      probability: stageId === 'WON' ? 100 : stageId === 'LOSE' ? 0 : r.int(1, 9) * 10,
      opportunity: `${r.int(1, 400) * 250}.${r.pick(['00', '50', '90'])}`,
      currencyId: r.next() < 0.85 ? 'BRL' : 'USD',
      closeDate,
      companyId,
      contactIds: [r.pick(contactIds)],
      sourceId: r.pick(sources),
      assignedById: r.pick(users),
    });
    await dealActivities(ctx, r, deal.id as number, deal.assignedById as number, stageId === 'WON' || stageId === 'LOSE', deal.contactIds as number[]);
    step();
  }
  for (let i = 0; i < 6 * scale; i++) {
    await createTask(ctx, {
      title: r.pick(taskTitles),
      deadline: at(r.int(-2, 10), r.int(9, 17)),
      responsibleId: r.pick(users),
      status: r.pick(['new', 'new', 'inProgress', 'waiting'] as const),
      checklist: [{ text: 'Levantar as informações' }, { text: 'Revisar com a equipe', done: r.next() < 0.5 }, { text: 'Enviar ao cliente' }],
      items: [{ type: 'contact', id: r.pick(contactIds) }],
    });
  }
  return counts;
}

/** Today plus `days`, at `hour`:00 São Paulo time (UTC−3). */
const at = (days: number, hour: number) => {
  const date = new Date(Date.now() + days * 86_400_000);
  return new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate(), hour + 3)).toISOString();
};

/** What a salesperson did and plans on a deal: a call already made, the next step (seven deals in ten still open), a note. */
async function dealActivities(ctx: Context, r: ReturnType<typeof random>, dealId: number, responsibleId: number, closed: boolean, contactIds: number[]) {
  const owner = { type: 'deal' as const, id: dealId };
  const items = contactIds.map((id) => ({ type: 'contact' as const, id }));
  if (r.next() < 0.6) {
    const done = await createActivity(ctx, { kind: 'call', subject: 'Primeiro contato', owner, items, deadline: at(-r.int(3, 20), r.int(9, 17)), responsibleId, durationSeconds: r.int(60, 900) });
    await updateActivity(ctx, done.id, { completed: true, result: r.pick(['Interessado, pediu proposta', 'Pediu para ligar mais tarde', 'Agendou reunião']) });
  }
  if (!closed && r.next() < 0.7) {
    const plan = r.pick(plans);
    const start = at(r.int(-3, 7), r.int(9, 17));
    await createActivity(ctx, {
      kind: plan.kind,
      subject: plan.subject,
      owner,
      items,
      responsibleId,
      priority: r.next() < 0.2 ? 'high' : 'normal',
      ...(plan.kind === 'meeting' ? { startAt: start, endAt: new Date(Date.parse(start) + 3_600_000).toISOString(), place: 'Escritório do cliente' } : { deadline: start }),
    });
  }
  if (r.next() < 0.3) await addComment(ctx, 'deal', dealId, { text: r.pick(notes) });
}
