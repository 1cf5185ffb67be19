import type { FieldDef, ItemTypeDef } from '@vinculo/shared';

/** The columns of a list nobody arranged, read from the type's metadata: the same rule for every item type. */

export interface Column {
  field: string;
  width: number;
}

export const columnWidth = { min: 40, max: 1000 } as const;

/** Room for a field's usual value: a title is wide, a date or an amount narrow. */
export function defaultWidth(type: ItemTypeDef, field: FieldDef): number {
  if (type.titleFields.includes(field.name)) return 240;
  // "Atrasada" or "Hoje" and the day and time beside it.
  if (field.name === 'nextActivityAt') return 220;
  switch (field.type) {
    case 'boolean':
      return 100;
    case 'integer':
    case 'number':
    case 'date':
    case 'currency':
      return 120;
    case 'money':
    case 'datetime':
      return 150;
    case 'text':
    case 'address':
    case 'multifield':
    case 'links':
      return 200;
    default:
      return 160;
  }
}

/**
 * The default columns, in order: what names the item (a deal's title, a contact's first and last name), its stage or
 * status, its amount, the responsible person, its next activity, phones and e-mails where the type has them, when it
 * was created, then the custom fields marked "show in list". Only fields of `type` (the caller's view) are taken, so a
 * hidden field never becomes a column.
 */
export function defaultColumns(type: ItemTypeDef): Column[] {
  const standard = [...type.titleFields, type.stages?.field, type.board?.amountField, 'assignedById', 'nextActivityAt', 'phones', 'emails', 'createdAt'];
  const fields = [
    ...standard.flatMap((name) => type.fields.filter((field) => field.name === name && field.custom === undefined)),
    ...type.fields.filter((field) => field.custom?.showInList === true),
  ];
  return [...new Set(fields)].map((field) => ({ field: field.name, width: defaultWidth(type, field) }));
}
