import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { locales } from '@vinculo/shared';
import { contextOf } from '../../http/authenticate.ts';
import { bearer, errors, type RouteDeps, storableText, typed, idParam } from '../../http/route-support.ts';
import { createDepartment, deleteDepartment, getDepartment, listDepartments, replaceMembers, updateDepartment } from './department.service.ts';
import { assignmentsInputSchema, createRoleSchema, roleSchema, updateRoleSchema } from './role.schemas.ts';
import { createRole, deleteRole, getRole, listRoles, replaceAssignments, updateRole } from './role.service.ts';
import { createUser, getUser, listUsers, setPassword, updateUser } from './user.service.ts';

const id = z.int().min(1).max(2_147_483_647);
const idParams = z.object({ id: idParam });
const ids = z.array(id).max(1000);

const userSchema = z.object({
  id: z.int(),
  email: z.string(),
  name: z.string(),
  isAdmin: z.boolean(),
  isActive: z.boolean(),
  locale: z.string(),
  departmentIds: z.array(z.int()),
  createdAt: z.string(),
});
const userName = storableText(100);
const password = z.string().max(1024).describe('At least 8 characters');
const newUser = z.strictObject({
  email: storableText(254),
  name: userName,
  password: password.optional().describe('Without it the user is invited: they cannot sign in until an administrator sets a password'),
  isAdmin: z.boolean().optional(),
  departmentIds: ids.optional(),
});
const userChanges = z.strictObject({
  name: userName.optional(),
  isAdmin: z.boolean().optional(),
  isActive: z.boolean().optional().describe('false ends the user\'s sessions and revokes their API tokens at once'),
  departmentIds: ids.optional().describe('Replaces the user\'s departments'),
  locale: z.enum(locales).optional(),
});
const activeFilter = z.strictObject({ active: z.enum(['true', 'false']).optional().describe('Only active (true) or inactive (false) users') });

const departmentSchema = z.object({ id: z.int(), name: z.string(), parentId: z.int().nullable(), headUserId: z.int().nullable(), sort: z.int(), memberIds: z.array(z.int()) });
const departmentName = storableText(255);
const sort = z.int().min(0).max(1_000_000);
const departmentChanges = z.strictObject({
  name: departmentName.optional(),
  parentId: id.nullable().optional().describe('null: a top-level department'),
  headUserId: id.nullable().optional(),
  sort: sort.optional(),
});
const forceQuery = z.strictObject({ force: z.enum(['true', 'false']).optional().describe('true: delete a department that has members, ending their membership') });

/** /api/v1/users, /api/v1/departments and /api/v1/roles: the administration of who works here and what they may do. */
export function registerOrgRoutes(app: FastifyInstance, { database, now }: RouteDeps) {
  const route = typed(app);
  const ctx = (request: Parameters<typeof contextOf>[0]) => contextOf(request, database, now);

  // Users
  {
    const tags = ['users'];
    const base = '/api/v1/users';
    route.get(base, {
      schema: { tags, summary: 'Users (any signed-in user may list them, for pickers)', security: bearer, querystring: activeFilter, response: { 200: z.object({ users: z.array(userSchema) }), ...errors(400, 401) } },
      handler: async (request) => ({ users: await listUsers(ctx(request), { active: request.query.active === undefined ? undefined : request.query.active === 'true' }) }),
    });
    route.get(`${base}/:id`, {
      schema: { tags, summary: 'A user', security: bearer, params: idParams, response: { 200: userSchema, ...errors(400, 401, 404) } },
      handler: (request) => getUser(ctx(request), request.params.id),
    });
    route.post(base, {
      schema: { tags, summary: 'Create or invite a user (administrators)', security: bearer, body: newUser, response: { 201: userSchema, ...errors(400, 401, 403) } },
      handler: async (request, reply) => reply.status(201).send(await createUser(ctx(request), request.body)),
    });
    route.patch(`${base}/:id`, {
      schema: {
        tags,
        summary: 'Change a user: name, admin flag, active flag, departments, language (administrators)',
        security: bearer,
        params: idParams,
        body: userChanges,
        response: { 200: userSchema, ...errors(400, 401, 403, 404, 409) },
      },
      handler: (request) => updateUser(ctx(request), request.params.id, request.body),
    });
    route.post(`${base}/:id/password`, {
      schema: {
        tags,
        summary: 'Set a user\'s password; their sessions end (administrators)',
        security: bearer,
        params: idParams,
        body: z.strictObject({ password }),
        response: { 204: z.null(), ...errors(400, 401, 403, 404) },
      },
      handler: async (request, reply) => {
        await setPassword(ctx(request), request.params.id, request.body.password);
        return reply.status(204).send(null);
      },
    });
  }

  // Departments
  {
    const tags = ['departments'];
    const base = '/api/v1/departments';
    route.get(base, {
      schema: { tags, summary: 'Departments, a flat list of the tree (any signed-in user)', security: bearer, response: { 200: z.object({ departments: z.array(departmentSchema) }), ...errors(401) } },
      handler: async (request) => ({ departments: await listDepartments(ctx(request)) }),
    });
    route.get(`${base}/:id`, {
      schema: { tags, summary: 'A department', security: bearer, params: idParams, response: { 200: departmentSchema, ...errors(400, 401, 404) } },
      handler: (request) => getDepartment(ctx(request), request.params.id),
    });
    route.post(base, {
      schema: {
        tags,
        summary: 'Create a department (administrators)',
        security: bearer,
        body: departmentChanges.extend({ name: departmentName }),
        response: { 201: departmentSchema, ...errors(400, 401, 403) },
      },
      handler: async (request, reply) => reply.status(201).send(await createDepartment(ctx(request), request.body)),
    });
    route.patch(`${base}/:id`, {
      schema: {
        tags,
        summary: 'Rename, move (not under itself) or change the head of a department (administrators)',
        security: bearer,
        params: idParams,
        body: departmentChanges,
        response: { 200: departmentSchema, ...errors(400, 401, 403, 404) },
      },
      handler: (request) => updateDepartment(ctx(request), request.params.id, request.body),
    });
    route.delete(`${base}/:id`, {
      schema: {
        tags,
        summary: 'Delete a department without sub-departments; with members only with force=true (administrators)',
        security: bearer,
        params: idParams,
        querystring: forceQuery,
        response: { 204: z.null(), ...errors(400, 401, 403, 404, 409) },
      },
      handler: async (request, reply) => {
        await deleteDepartment(ctx(request), request.params.id, request.query.force === 'true');
        return reply.status(204).send(null);
      },
    });
    route.put(`${base}/:id/members`, {
      schema: {
        tags,
        summary: 'Replace the members of a department (administrators)',
        security: bearer,
        params: idParams,
        body: z.strictObject({ userIds: ids }),
        response: { 200: departmentSchema, ...errors(400, 401, 403, 404) },
      },
      handler: (request) => replaceMembers(ctx(request), request.params.id, request.body.userIds),
    });
  }

  // Roles
  {
    const tags = ['roles'];
    const base = '/api/v1/roles';
    route.get(base, {
      schema: { tags, summary: 'Roles with their grants and assignments (administrators)', security: bearer, response: { 200: z.object({ roles: z.array(roleSchema) }), ...errors(401, 403) } },
      handler: async (request) => ({ roles: await listRoles(ctx(request)) }),
    });
    route.get(`${base}/:id`, {
      schema: { tags, summary: 'A role (administrators)', security: bearer, params: idParams, response: { 200: roleSchema, ...errors(400, 401, 403, 404) } },
      handler: (request) => getRole(ctx(request), request.params.id),
    });
    route.post(base, {
      schema: { tags, summary: 'Create a role (administrators)', security: bearer, body: createRoleSchema, response: { 201: roleSchema, ...errors(400, 401, 403) } },
      handler: async (request, reply) => reply.status(201).send(await createRole(ctx(request), request.body)),
    });
    route.patch(`${base}/:id`, {
      schema: { tags, summary: 'Rename a role or replace its grants (administrators)', security: bearer, params: idParams, body: updateRoleSchema, response: { 200: roleSchema, ...errors(400, 401, 403, 404) } },
      handler: (request) => updateRole(ctx(request), request.params.id, request.body),
    });
    route.delete(`${base}/:id`, {
      schema: { tags, summary: 'Delete a role and its assignments (administrators)', security: bearer, params: idParams, response: { 204: z.null(), ...errors(400, 401, 403, 404) } },
      handler: async (request, reply) => {
        await deleteRole(ctx(request), request.params.id);
        return reply.status(204).send(null);
      },
    });
    route.put(`${base}/:id/assignments`, {
      schema: {
        tags,
        summary: 'Replace to whom a role is given: users, departments, or everyone (administrators)',
        security: bearer,
        params: idParams,
        body: assignmentsInputSchema,
        response: { 200: roleSchema, ...errors(400, 401, 403, 404) },
      },
      handler: (request) => replaceAssignments(ctx(request), request.params.id, request.body.assignments),
    });
  }
}
