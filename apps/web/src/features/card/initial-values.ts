import type { FieldMeta, ReferenceValue, TypeMeta } from '../../api/types';

interface Defaults {
  type: TypeMeta;
  fields: FieldMeta[];
  /** The signed-in user: the responsible of what they create. */
  me: number;
  baseCurrency: string | null;
  /** A deal's pipeline (from the board it was created from, else the default one). */
  pipelineId: number | null;
  /** The stages of that pipeline, or the lead statuses. */
  stages: ReferenceValue[];
  /** The stage asked for (a board column's quick add). */
  stage?: string;
}

/**
 * The values a create form starts with, as Bitrix24's form fills them: the user as responsible, the base currency,
 * a deal in its pipeline at the stage asked for or the first one, enumerations at their default options.
 */
export function initialValues({ type, fields, me, baseCurrency, pipelineId, stages, stage }: Defaults): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  const has = (name: string) => fields.some((field) => field.name === name && !field.readOnly);
  if (has('assignedById')) values.assignedById = me;
  if (has('currencyId') && baseCurrency) values.currencyId = baseCurrency;
  // "Available to everyone" is on unless the user turns it off, as the server does.
  if (has('opened')) values.opened = true;
  if (type.stages) {
    if (type.stages.pipelineField && has(type.stages.pipelineField) && pipelineId !== null) values[type.stages.pipelineField] = pipelineId;
    const first = stages.find((candidate) => candidate.semantic !== 'S' && candidate.semantic !== 'F') ?? stages[0];
    const chosen = stages.find((candidate) => candidate.code === stage) ?? first;
    if (chosen && has(type.stages.field)) values[type.stages.field] = chosen.code;
  }
  for (const field of fields) {
    // A phone and an e-mail are asked for at once: one blank row each, ready to type in.
    if (field.type === 'multifield' && !field.readOnly && (field.multifieldKind === 'phone' || field.multifieldKind === 'email')) {
      values[field.name] = [{ value: '', valueType: field.multifieldKind === 'phone' ? 'MOBILE' : 'WORK' }];
    }
    if (field.type !== 'enumeration' || field.readOnly || !field.options) continue;
    const defaults = field.options.filter((option) => option.isDefault).map((option) => option.id);
    if (defaults.length > 0) values[field.name] = field.multiple ? defaults : defaults[0];
  }
  return values;
}
