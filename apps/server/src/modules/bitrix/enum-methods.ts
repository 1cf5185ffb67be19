import type { Localized } from '@vinculo/shared';
import type { BitrixMethod, MethodTable } from './bitrix-methods.ts';
import { describeFields } from './dictionary-support.ts';

/**
 * `crm.enum.*`: Bitrix24's fixed enumerations as `[{ID, NAME}]`, names in the caller's language (spec §8.1 for the
 * activity ones, §15 for owner types). Owner types are the four item types Vínculo has.
 */

type Entry = [id: number, name: Localized];
const text = (en: string, pt: string): Localized => ({ en, 'pt-BR': pt });

const ownerTypes: Array<[id: number, code: string, short: string, name: Localized]> = [
  [1, 'LEAD', 'L', text('Lead', 'Lead')],
  [2, 'DEAL', 'D', text('Deal', 'Negócio')],
  [3, 'CONTACT', 'C', text('Contact', 'Contato')],
  [4, 'COMPANY', 'CO', text('Company', 'Empresa')],
];

const enumerations: Record<string, Entry[]> = {
  contenttype: [
    [1, text('Plain text', 'Texto simples')],
    [2, text('BBCode', 'BBCode')],
    [3, text('HTML', 'HTML')],
  ],
  activitytype: [
    [0, text('Undefined', 'Indefinido')],
    [1, text('Meeting', 'Reunião')],
    [2, text('Call', 'Ligação')],
    [3, text('Task', 'Tarefa')],
    [4, text('E-mail', 'E-mail')],
    [5, text('Calendar event', 'Evento do calendário')],
    [6, text('Other', 'Outro')],
  ],
  activitypriority: [
    [1, text('Low', 'Baixa')],
    [2, text('Medium', 'Média')],
    [3, text('High', 'Alta')],
  ],
  activitydirection: [
    [1, text('Incoming', 'Recebida')],
    [2, text('Outgoing', 'Enviada')],
  ],
  activitystatus: [
    [1, text('Waiting', 'Aguardando')],
    [2, text('Completed', 'Concluída')],
    [3, text('Completed automatically', 'Concluída automaticamente')],
  ],
  activitynotifytype: [
    [1, text('Minutes', 'Minutos')],
    [2, text('Hours', 'Horas')],
    [3, text('Days', 'Dias')],
  ],
};

const listing = (entries: Entry[]): BitrixMethod => ({
  scope: 'crm',
  run: async ({ caller }) => ({ result: entries.map(([id, name]) => ({ ID: id, NAME: name[caller.ctx.locale] })) }),
});

export const enumMethods: MethodTable = {
  'crm.enum.fields': {
    scope: 'crm',
    run: async ({ caller }) => ({
      result: describeFields(caller.ctx, {
        ID: { type: 'int', title: text('ID', 'ID'), isReadOnly: true },
        NAME: { type: 'string', title: text('Name', 'Nome'), isReadOnly: true },
      }),
    }),
  },
  'crm.enum.ownertype': {
    scope: 'crm',
    run: async ({ caller }) => ({ result: ownerTypes.map(([id, code, short, name]) => ({ ID: id, NAME: name[caller.ctx.locale], SYMBOL_CODE: code, SYMBOL_CODE_SHORT: short })) }),
  },
  ...Object.fromEntries(Object.entries(enumerations).map(([name, entries]) => [`crm.enum.${name}`, listing(entries)])),
};
