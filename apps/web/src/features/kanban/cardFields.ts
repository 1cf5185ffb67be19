import type { FieldMeta, TypeMeta } from '../../api/types';

/**
 * What a card shows, from the type's metadata and what the caller may see: the title, the amount, the client (a
 * linked company or contacts; a lead's company name or person) and the responsible.
 */
export interface CardFields {
  titleFields: string[];
  amount: FieldMeta | null;
  currencyField: string | null;
  /** Linked items, the first that has a value is shown. */
  clients: FieldMeta[];
  /** A lead's written names: the company name, else the person. */
  companyName: FieldMeta | null;
  personNames: FieldMeta[];
  responsible: FieldMeta | null;
  /** `nextActivityAt`: the flag of an overdue, today's or missing next activity. */
  nextActivity: FieldMeta | null;
}

const linkedClientFields = ['companyId', 'contactIds', 'contactId'];

export function cardFieldsOf(type: TypeMeta): CardFields {
  const field = (name: string | undefined) => (name ? (type.fields.find((f) => f.name === name) ?? null) : null);
  const amount = field(type.board?.amountField);
  const currency = field(type.board?.currencyField);
  return {
    titleFields: type.titleFields,
    amount,
    currencyField: currency?.name ?? null,
    clients: linkedClientFields.map(field).filter((f): f is FieldMeta => f !== null && (f.type === 'item' || f.type === 'links')),
    companyName: type.name === 'lead' ? field('companyTitle') : null,
    personNames: type.name === 'lead' ? [field('name'), field('lastName')].filter((f): f is FieldMeta => f !== null) : [],
    responsible: field('assignedById'),
    nextActivity: field('nextActivityAt'),
  };
}

/** The `fields` parameter of the board requests: only what cards show (id and version always come). */
export function cardFieldsParam(type: TypeMeta, fields: CardFields): string {
  const names = [
    ...fields.titleFields,
    type.stages?.field,
    type.stages?.semanticField,
    type.stages?.pipelineField,
    fields.amount?.name,
    fields.currencyField,
    ...fields.clients.map((f) => f.name),
    fields.companyName?.name,
    ...fields.personNames.map((f) => f.name),
    fields.responsible?.name,
    fields.nextActivity?.name,
  ].filter((name): name is string => typeof name === 'string' && type.fields.some((f) => f.name === name));
  return [...new Set(names)].join(',');
}
