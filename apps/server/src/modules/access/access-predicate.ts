import { sql, type Expression, type ExpressionBuilder, type SqlBool } from 'kysely';
import type { Action, ItemTypeDef, Scope } from '@vinculo/shared';
import type { Access } from './access.service.ts';

/**
 * Compiles the caller's scope for an action on a type into a SQL condition on the item table, so pages, counts,
 * totals and every other read include exactly what the caller may see. Undefined when nothing is restricted.
 * The rule is the same as `inScope` in access.service.ts, which checks values about to be written.
 */

type Eb = ExpressionBuilder<any, any>;
export type Restriction = (eb: Eb) => Expression<SqlBool>;

export function scopeCondition(access: Access, type: ItemTypeDef, action: Action): Restriction | undefined {
  const grants = access.types[type.name];
  // Types with pipelines (deals) may have grants per pipeline; `type` must be the full type, whose pipeline field
  // is there whatever the caller's view hides.
  const pipelineColumn = type.stages?.pipelineField && type.fields.find((f) => f.name === type.stages!.pipelineField)?.column;
  const overrides = pipelineColumn ? [...grants.pipelines.entries()] : [];
  if (grants.scopes[action] === 'all' && overrides.every(([, scopes]) => scopes[action] === 'all')) return undefined;
  const table = type.table;
  return (eb) => {
    if (overrides.length === 0) return scopeExpression(eb, table, access, grants.scopes[action]);
    const ids = overrides.map(([id]) => id);
    return eb.or([
      eb.and([eb(`${table}.${pipelineColumn}`, 'not in', ids), scopeExpression(eb, table, access, grants.scopes[action])]),
      ...overrides.map(([id, scopes]) => eb.and([eb(`${table}.${pipelineColumn}`, '=', id), scopeExpression(eb, table, access, scopes[action])])),
    ]);
  };
}

function scopeExpression(eb: Eb, table: string, access: Access, scope: Scope): Expression<SqlBool> {
  const responsible = eb.ref(`${table}.assigned_by_id`);
  const inDepartments = (departmentIds: number[]) =>
    eb.or([
      eb(responsible, '=', access.userId),
      ...(departmentIds.length > 0 ? [eb(responsible, 'in', eb.selectFrom('user_departments').select('user_departments.user_id').where('user_departments.department_id', 'in', departmentIds))] : []),
    ]);
  switch (scope) {
    case 'all':
      return sql<SqlBool>`1 = 1`;
    case 'none':
      return sql<SqlBool>`1 = 0`;
    case 'own':
      return eb(responsible, '=', access.userId);
    case 'department':
      return inDepartments(access.departmentIds);
    case 'subdepartments':
      return inDepartments(access.subdepartmentIds);
    case 'open':
      return eb.or([eb(`${table}.opened`, '=', 1), inDepartments(access.subdepartmentIds)]);
  }
}
