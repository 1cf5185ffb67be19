import { randomInt } from 'node:crypto';
import { translate, type FieldDef, type ItemTypeName, type MessageKey } from '@vinculo/shared';
import { inTransaction, systemContext, type Context } from '../../context.ts';
import { conflict, invalid, notFound } from '../../http/app-error.ts';
import { itemTypeNames } from '../catalog/catalog.ts';
import { bulkUpdate, type Selection } from '../items/bulk-writer.ts';
import { countMatching, itemsQuery, unscopedReader } from '../items/item-reader.ts';
import { requireSettingsAccess } from '../access/settings.policy.ts';
import { changedValues, recordAudit } from '../audit/audit.service.ts';
import { presentValue, type ValueDto } from './reference-list.presenter.ts';
import * as repository from './reference-list.repository.ts';
import type { ListScope } from './reference-list.repository.ts';
import type { CreateValueInput, UpdateValueInput } from './reference-list.schemas.ts';

/**
 * Editable reference lists: add, rename, recolour, reorder, delete with a replacement. Deal stages are
 * the DEAL_STAGE list of one pipeline and go through the same functions with their own rules.
 */

/** The lists served under /reference-lists; deal stages are served under their pipeline. */
export const editableLists = ['STATUS', 'SOURCE', 'CONTACT_TYPE', 'COMPANY_TYPE', 'INDUSTRY', 'EMPLOYEES', 'DEAL_TYPE', 'HONORIFIC'];

interface ListRules {
  hasSemantic: boolean;
  /** Groups the list must always keep a value of. */
  requiredSemantics: string[];
  /** Codes the system relies on (a lead is converted / junk). */
  systemCodes: string[];
  codePrefix: string;
  maxCodeLength: number;
}

// STATUS_ID limits as in Bitrix24: 21 characters for lead statuses, 22 for deal stages.
function rulesOf(scope: ListScope): ListRules {
  if (scope.listId === 'STATUS') return { hasSemantic: true, requiredSemantics: ['P'], systemCodes: ['CONVERTED', 'JUNK'], codePrefix: '', maxCodeLength: 21 };
  if (scope.listId === 'DEAL_STAGE') {
    return { hasSemantic: true, requiredSemantics: ['P', 'S', 'F'], systemCodes: [], codePrefix: scope.categoryId ? `C${scope.categoryId}:` : '', maxCodeLength: 22 };
  }
  return { hasSemantic: false, requiredSemantics: [], systemCodes: [], codePrefix: '', maxCodeLength: 50 };
}

export function listScope(listId: string): ListScope {
  if (!editableLists.includes(listId)) throw notFound();
  return { listId, categoryId: null };
}

export function referenceLists(ctx: Context) {
  return editableLists.map((id) => ({ id, name: translate(ctx.locale, `list.${id}` as MessageKey) }));
}

export async function listValues(ctx: Context, scope: ListScope): Promise<ValueDto[]> {
  return (await repository.valuesOf(ctx.db, scope)).map((row) => presentValue(ctx.locale, row));
}

export async function addValue(ctx: Context, scope: ListScope, input: CreateValueInput): Promise<ValueDto> {
  requireSettingsAccess(ctx);
  const rules = rulesOf(scope);
  return inTransaction(ctx, async (tx) => {
    if (input.semantic !== undefined && !rules.hasSemantic) throw invalid([ruleIssue(tx, 'semantic', 'semanticNotAllowed')]);
    const code = input.code === undefined ? await generateCode(tx, scope.listId, rules.codePrefix) : prefixed(rules.codePrefix, input.code);
    if (code.length > rules.maxCodeLength) throw invalid([{ field: 'code', rule: 'maxLength', params: { max: rules.maxCodeLength } }]);
    if (await repository.codeTaken(tx.db, scope.listId, code)) throw invalid([{ field: 'code', rule: 'taken' }]);
    const values = await repository.valuesOf(tx.db, scope);
    const lastSort = values.reduce((max, row) => Math.max(max, Number(row.sort)), 0);
    await repository.insertValue(tx.db, {
      list_id: scope.listId,
      code,
      name_en: (input.nameEn ?? input.name ?? input.namePt)!,
      name_pt: (input.namePt ?? input.name ?? input.nameEn)!,
      sort: input.sort ?? lastSort + 10,
      semantic: rules.hasSemantic ? (input.semantic ?? 'P') : null,
      color: input.color ?? null,
      category_id: scope.categoryId,
    });
    const added = presentValue(tx.locale, (await repository.findValue(tx.db, scope, code))!);
    await auditList(tx, scope, 'added', code, { name: added.name, changes: changedValues(null, { ...added }, auditedKeys) });
    return added;
  });
}

export async function updateValue(ctx: Context, scope: ListScope, code: string, input: UpdateValueInput): Promise<ValueDto> {
  requireSettingsAccess(ctx);
  const rules = rulesOf(scope);
  return inTransaction(ctx, async (tx) => {
    const row = await repository.findValue(tx.db, scope, code);
    if (!row) throw notFound();
    if (input.semantic !== undefined && !rules.hasSemantic) throw invalid([ruleIssue(tx, 'semantic', 'semanticNotAllowed')]);
    if (input.semantic !== undefined && input.semantic !== row.semantic) {
      if (rules.systemCodes.includes(code)) throw conflict(tx, 'referenceList.systemValue', { reason: 'systemValue' });
      // Items keep the group of their stage in a column; regrouping a used value would leave them wrong.
      const usedBy = await usageCount(tx, scope, code);
      if (usedBy > 0) throw conflict(tx, 'referenceList.semanticInUse', { reason: 'inUse', usedBy }, { count: usedBy });
      const values = (await repository.valuesOf(tx.db, scope)).map((v) => (v.id === row.id ? { ...v, semantic: input.semantic! } : v));
      checkKeepsSemantics(tx, rules, values);
    }
    const name = input.name === undefined ? {} : tx.locale === 'pt-BR' ? { name_pt: input.name } : { name_en: input.name };
    const changed = {
      ...name,
      ...(input.nameEn !== undefined ? { name_en: input.nameEn } : {}),
      ...(input.namePt !== undefined ? { name_pt: input.namePt } : {}),
      ...(input.sort !== undefined ? { sort: input.sort } : {}),
      ...(input.color !== undefined ? { color: input.color } : {}),
      ...(input.semantic !== undefined ? { semantic: input.semantic } : {}),
    };
    // Nothing to change (an empty update from the Bitrix24 API) is no write at all.
    if (Object.keys(changed).length > 0) await repository.updateValue(tx.db, row.id, changed);
    const updated = presentValue(tx.locale, (await repository.findValue(tx.db, scope, code))!);
    const changes = changedValues({ ...presentValue(tx.locale, row) }, { ...updated }, auditedKeys);
    if (Object.keys(changes).length > 0) await auditList(tx, scope, 'updated', code, { name: updated.name, changes });
    return updated;
  });
}

/** Sets the order of the whole list at once; `codes` must name every value exactly once. */
export async function reorderValues(ctx: Context, scope: ListScope, codes: string[]): Promise<ValueDto[]> {
  requireSettingsAccess(ctx);
  return inTransaction(ctx, async (tx) => {
    const values = await repository.valuesOf(tx.db, scope);
    const byCode = new Map(values.map((row) => [row.code, row]));
    if (codes.length !== values.length || new Set(codes).size !== codes.length || codes.some((c) => !byCode.has(c))) {
      throw invalid([ruleIssue(tx, 'codes', 'sameCodes')]);
    }
    for (const [index, code] of codes.entries()) await repository.updateValue(tx.db, byCode.get(code)!.id, { sort: (index + 1) * 10 });
    await auditList(tx, scope, 'reordered', null, { changes: { order: [values.map((v) => v.code), codes] } });
    return listValues(tx, scope);
  });
}

/**
 * Deletes a value. Items that use it (live or in the recycle bin) must move to `replaceWith`; they all
 * move in this one transaction, each with a history entry.
 */
export async function deleteValue(ctx: Context, scope: ListScope, code: string, replaceWith: string | undefined): Promise<{ moved: number }> {
  requireSettingsAccess(ctx);
  const rules = rulesOf(scope);
  return inTransaction(ctx, async (tx) => {
    await repository.lockList(tx.db, tx.dialect, scope.listId, 'exclusive');
    const values = await repository.valuesOf(tx.db, scope);
    const row = values.find((v) => v.code === code);
    if (!row) throw notFound();
    if (rules.systemCodes.includes(code)) throw conflict(tx, 'referenceList.systemValue', { reason: 'systemValue' });
    const remaining = values.filter((v) => v.id !== row.id);
    if (remaining.length === 0) throw conflict(tx, 'referenceList.lastValue', { reason: 'lastValue' });
    checkKeepsSemantics(tx, rules, remaining);
    const target = replaceWith === undefined ? undefined : remaining.find((v) => v.code === replaceWith);
    if (replaceWith !== undefined && !target) throw invalid([ruleIssue(tx, 'replaceWith', 'replacement')]);
    const usedBy = await usageCount(tx, scope, code);
    if (usedBy > 0 && !target) throw conflict(tx, 'referenceList.inUse', { reason: 'inUse', usedBy }, { count: usedBy });
    const moved = target && usedBy > 0 ? await moveItems(tx, scope, code, target.code) : 0;
    await repository.deleteValue(tx.db, row.id);
    await auditList(tx, scope, 'deleted', code, { name: presentValue(tx.locale, row).name, replaceWith: target?.code ?? null, moved });
    return { moved };
  });
}

const auditedKeys = ['nameEn', 'namePt', 'sort', 'semantic', 'color'];
const auditWords = { added: 'valueAdded', updated: 'valueUpdated', reordered: 'valuesReordered', deleted: 'valueDeleted' } as const;

/** The audit entry of a change (R11): a deal stage as a stage of its pipeline, any other value as a value of its list. */
function auditList(tx: Context, scope: ListScope, what: keyof typeof auditWords, code: string | null, details: Record<string, unknown>) {
  const isStage = scope.listId === 'DEAL_STAGE';
  return recordAudit(tx, {
    kind: isStage ? `settings.stage.${what}` : `settings.referenceList.${auditWords[what]}`,
    target: isStage ? { type: 'pipeline', id: scope.categoryId ?? 0 } : { type: 'referenceList', id: scope.listId },
    details: { list: scope.listId, ...(code === null ? {} : { code }), ...details },
  });
}

/**
 * Every item field that holds values of the list, with the condition on its items that a value of `scope` (a stage
 * of one pipeline) needs. Full types: a field an administrator's roles hide holds values all the same.
 */
function fieldsUsing(ctx: Context, scope: ListScope): Array<{ name: ItemTypeName; field: FieldDef; where: (code: string) => Selection['where'] }> {
  return itemTypeNames.flatMap((name) => {
    const type = ctx.catalog.full[name];
    const pipelineField = type.stages?.pipelineField;
    const pipelineColumn = pipelineField && scope.categoryId !== null ? type.fields.find((f) => f.name === pipelineField)?.column : undefined;
    return type.fields
      .filter((f) => f.type === 'reference' && f.list === scope.listId)
      .map((field) => ({
        name,
        field,
        where:
          (code: string): Selection['where'] =>
          (eb, table) =>
            pipelineColumn ? eb.and([eb(`${table}.${field.column}`, '=', code), eb(`${table}.${pipelineColumn}`, '=', scope.categoryId)]) : eb(`${table}.${field.column}`, '=', code),
      }));
  });
}

/** Items, live or binned, that hold the value: all of them must move before it goes, whoever may read them. */
async function usageCount(ctx: Context, scope: ListScope, code: string): Promise<number> {
  const reader = unscopedReader(ctx, 'a list value is deleted only once no item at all holds it');
  let total = 0;
  for (const { name, where } of fieldsUsing(ctx, scope)) {
    total += await countMatching(reader, itemsQuery(reader, name, 'any').where((eb) => where(code)(eb, ctx.catalog.full[name].table)));
  }
  return total;
}

/**
 * Moves every item from one value to another through the bulk writer: a chunk at a time, each item locked and
 * re-checked, with its version, history and stage history. The system does it for the administrator, on items they
 * may not even read: the move is the list's, not theirs.
 */
async function moveItems(ctx: Context, scope: ListScope, from: string, to: string): Promise<number> {
  let moved = 0;
  for (const { name, field, where } of fieldsUsing(ctx, scope)) {
    const result = await bulkUpdate(systemContext(ctx), { type: name, which: 'any', reach: 'everything', where: where(from) }, () => ({ [field.name]: to }));
    moved += result.changed;
  }
  return moved;
}

function checkKeepsSemantics(ctx: Context, rules: ListRules, values: Array<{ semantic: string | null }>) {
  const missing = rules.requiredSemantics.filter((s) => !values.some((v) => v.semantic === s));
  if (missing.length > 0) throw conflict(ctx, 'referenceList.semanticNeeded', { reason: 'semanticNeeded', missing }, { semantics: missing.join(', ') });
}


const ruleIssue = (ctx: Context, field: string, rule: string) => ({ field, rule, message: `${field} ${translate(ctx.locale, `rule.${rule}` as MessageKey)}` });

/** A stage code of pipeline N always starts with `C{N}:`; a client may send it with or without. */
function prefixed(prefix: string, code: string): string {
  const given = /^C\d+:/.exec(code)?.[0];
  if (given !== undefined && given !== prefix) throw invalid([{ field: 'code', rule: 'format' }]);
  return given === undefined ? `${prefix}${code}` : code;
}

const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

/** `UC_` and six random letters or digits, as Bitrix24 names user-created values. */
async function generateCode(ctx: Context, listId: string, prefix: string): Promise<string> {
  for (;;) {
    const code = `${prefix}UC_${Array.from({ length: 6 }, () => alphabet[randomInt(alphabet.length)]).join('')}`;
    if (!(await repository.codeTaken(ctx.db, listId, code))) return code;
  }
}
