import { describe, expect, it } from 'vitest';
import type { FieldMeta, ReferenceValue, TypeMeta } from '../../api/types';
import { initialValues } from './initial-values';

const field = (name: string, type: string, extra: Partial<FieldMeta> = {}): FieldMeta => ({
  name,
  bitrix: name,
  type,
  label: name,
  labels: { en: name, 'pt-BR': name },
  required: false,
  readOnly: false,
  immutable: false,
  multiple: false,
  maxLength: null,
  list: null,
  itemType: null,
  multifieldKind: null,
  custom: false,
  options: null,
  operators: [],
  sortable: false,
  showInList: false,
  ...extra,
});

const stage = (code: string, semantic: 'P' | 'S' | 'F'): ReferenceValue => ({ code, name: code, nameEn: code, namePt: code, sort: 0, semantic, color: null });

const deal = { name: 'deal', stages: { field: 'stageId', semanticField: 'stageSemantic', list: 'DEAL_STAGE', pipelineField: 'categoryId' } } as TypeMeta;
const fields = [field('assignedById', 'user'), field('currencyId', 'currency'), field('categoryId', 'integer', { immutable: true }), field('stageId', 'reference', { list: 'DEAL_STAGE' }), field('ufCrmTier', 'enumeration', { custom: true, options: [{ id: 1, value: 'VIP', sort: 1, isDefault: false }, { id: 2, value: 'Padrão', sort: 2, isDefault: true }] })];
const stages = [stage('C2:NEW', 'P'), stage('C2:WORK', 'P'), stage('C2:WON', 'S')];

describe('initial values of a create form', () => {
  it('makes the user responsible, takes the base currency, the pipeline, its first stage and default options', () => {
    expect(initialValues({ type: deal, fields, me: 7, baseCurrency: 'BRL', pipelineId: 2, stages })).toEqual({ assignedById: 7, currencyId: 'BRL', categoryId: 2, stageId: 'C2:NEW', ufCrmTier: 2 });
  });

  it('starts at the stage asked for, when the pipeline has it', () => {
    expect(initialValues({ type: deal, fields, me: 7, baseCurrency: 'BRL', pipelineId: 2, stages, stage: 'C2:WORK' }).stageId).toBe('C2:WORK');
    expect(initialValues({ type: deal, fields, me: 7, baseCurrency: 'BRL', pipelineId: 2, stages, stage: 'NEW' }).stageId).toBe('C2:NEW');
  });
});
