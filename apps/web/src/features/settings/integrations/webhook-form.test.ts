import { describe, expect, it } from 'vitest';
import { ApiError } from '../../../api/client';
import { checkWebhookForm, groupKinds, groupState, normalizeHosts, toggleGroup, webhookRefusal } from './webhook-form';

const kinds = [
  { kind: 'deal.created', label: 'Negócio criado' },
  { kind: 'contact.updated', label: 'Contato alterado' },
  { kind: 'deal.stageMoved', label: 'Negócio mudou de fase' },
  { kind: 'comment.added', label: 'Comentário adicionado' },
  { kind: 'invoice.paid', label: 'Fatura paga' },
  { kind: 'activity.created', label: 'Atividade criada' },
  { kind: 'task.created', label: 'Tarefa criada' },
  { kind: 'ping', label: 'Teste' },
];

describe('grouping the event kinds', () => {
  it('groups by what comes before the first dot, item types first, then the others in the order the server gave', () => {
    const groups = groupKinds(kinds);
    expect(groups.map((group) => group.group)).toEqual(['contact', 'deal', 'activity', 'task', 'comment', 'invoice', 'ping']);
    expect(groups.find((group) => group.group === 'deal')?.kinds.map((kind) => kind.kind)).toEqual(['deal.created', 'deal.stageMoved']);
  });

  it('is empty for no kinds', () => {
    expect(groupKinds([])).toEqual([]);
  });

  it('ticks a whole group on and off without touching the others, and tells how much of a group is chosen', () => {
    const deal = groupKinds(kinds).find((group) => group.group === 'deal')!;
    expect(groupState(['contact.updated'], deal)).toBe('none');
    expect(groupState(['deal.created'], deal)).toBe('some');
    const all = toggleGroup(['contact.updated', 'deal.created'], deal, true);
    expect(all).toEqual(['contact.updated', 'deal.created', 'deal.stageMoved']);
    expect(groupState(all, deal)).toBe('all');
    expect(toggleGroup(all, deal, false)).toEqual(['contact.updated']);
  });
});

describe('checking the form', () => {
  it('asks for an address and at least one event', () => {
    expect(checkWebhookForm({ url: '  ', kinds: [] })).toEqual({ url: 'urlRequired', kinds: 'kindsRequired' });
  });

  it('takes only full http and https addresses', () => {
    expect(checkWebhookForm({ url: 'example.com/hook', kinds: ['deal.created'] })).toEqual({ url: 'urlInvalid' });
    expect(checkWebhookForm({ url: 'ftp://example.com/hook', kinds: ['deal.created'] })).toEqual({ url: 'urlInvalid' });
    expect(checkWebhookForm({ url: 'javascript:alert(1)', kinds: ['deal.created'] })).toEqual({ url: 'urlInvalid' });
    expect(checkWebhookForm({ url: ' https://hooks.example.com/vinculo ', kinds: ['deal.created'] })).toEqual({});
    expect(checkWebhookForm({ url: 'http://127.0.0.1:8080/in', kinds: ['deal.created'] })).toEqual({});
  });
});

describe("the server's refusal", () => {
  const refusal = (details: unknown) => new ApiError(400, 'VALIDATION_FAILED', 'Dados inválidos', details, null);

  it('puts each message on the field it names (kinds.2 on the events), the rest apart', () => {
    const error = refusal([
      { field: 'url', rule: 'forbiddenAddress', message: 'Este endereço está em uma rede privada.' },
      { field: 'url', rule: 'other', message: 'Segunda mensagem da URL.' },
      { field: 'kinds.2', rule: 'unknownKind', message: 'Evento desconhecido: deal.exploded.' },
      { field: 'secret', rule: 'unknown', message: 'Campo inesperado.' },
    ]);
    expect(webhookRefusal(error)).toEqual({
      fields: { url: 'Este endereço está em uma rede privada.', kinds: 'Evento desconhecido: deal.exploded.' },
      other: ['Campo inesperado.'],
    });
  });

  it('is null for what is not a refusal with fields', () => {
    expect(webhookRefusal(new ApiError(403, 'FORBIDDEN', 'Não', undefined, null))).toBeNull();
    expect(webhookRefusal(new Error('boom'))).toBeNull();
  });
});

describe('allowed hosts', () => {
  it('trims, lowers, drops a final dot, empties and repeats', () => {
    expect(normalizeHosts([' API.Example.com. ', '127.0.0.1', '', 'api.example.com', '::1'])).toEqual(['api.example.com', '127.0.0.1', '::1']);
  });
});
