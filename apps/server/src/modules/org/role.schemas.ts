import { z } from 'zod';
import { storableText } from '../../http/route-support.ts';
import { actions, scopes, type RolePermissions } from '@vinculo/shared';

/**
 * The strict shape of a role's grants (`RolePermissions` of @vinculo/shared). Unknown item types, actions and
 * keys are refused; what needs the database (pipeline ids, field names) is checked by role.service.ts.
 */

const scope = z.enum(scopes);
const pipelineId = z.string().max(12).describe('A pipeline id');
const fieldAccess = z.record(z.string().max(100), z.enum(['hidden', 'readOnly'])).describe('Field name (API form) → hidden or readOnly');

/** Strict for requests; on the way out unknown keys are dropped instead, so a role a newer version wrote still reads. */
function permissionsSchema(strict: boolean) {
  const object = strict ? z.strictObject : z.object;
  const actionScopes = object(Object.fromEntries(actions.map((action) => [action, scope.optional()])) as Record<(typeof actions)[number], z.ZodOptional<typeof scope>>);
  const dealGrants = actionScopes.extend({ pipelines: z.record(pipelineId, actionScopes).optional().describe('Grants that replace the deal grants in one pipeline, by pipeline id') });
  return object({
    items: object({ lead: actionScopes.optional(), contact: actionScopes.optional(), company: actionScopes.optional(), deal: dealGrants.optional() }),
    fields: object({ lead: fieldAccess.optional(), contact: fieldAccess.optional(), company: fieldAccess.optional(), deal: fieldAccess.optional() }).optional(),
  }).describe(`Per item type, per action (${actions.join(', ')}), a scope (${scopes.join(', ')}); deals may differ per pipeline; fields may be hidden or read-only`);
}

export const rolePermissionsSchema = permissionsSchema(true);

// The schema and the shared type describe the same thing; this fails to compile when they drift apart.
const _sameShape: RolePermissions = {} as z.infer<typeof rolePermissionsSchema>;

export const assignmentInputSchema = z
  .strictObject({
    userId: z.int().min(1).max(2_147_483_647).optional(),
    departmentId: z.int().min(1).max(2_147_483_647).optional(),
  })
  .refine((a) => a.userId === undefined || a.departmentId === undefined, { params: { rule: 'exclusive', fields: 'userId, departmentId' } })
  .describe('`{userId}` one user, `{departmentId}` the members of a department, `{}` everyone');

export const assignmentSchema = z.object({ id: z.int(), userId: z.int().nullable(), departmentId: z.int().nullable() });

export const roleSchema = z.object({
  id: z.int(),
  name: z.string(),
  permissions: permissionsSchema(false),
  mayChangeSettings: z.boolean(),
  assignments: z.array(assignmentSchema),
  createdAt: z.string(),
  updatedAt: z.string(),
});

const name = storableText(100);
export const createRoleSchema = z.strictObject({ name, permissions: rolePermissionsSchema, mayChangeSettings: z.boolean().optional() });
export const updateRoleSchema = z.strictObject({ name: name.optional(), permissions: rolePermissionsSchema.optional(), mayChangeSettings: z.boolean().optional() });
export const assignmentsInputSchema = z.strictObject({ assignments: z.array(assignmentInputSchema).max(1000) });
