import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { actions, type Action, type ItemTypeDef, type Scope } from '@vinculo/shared';
import type { Context } from '../../context.ts';
import { contextOf } from '../../http/authenticate.ts';
import { bearer, errors, typed, type RouteDeps } from '../../http/route-support.ts';
import { presentField } from '../card-layouts/card-layout.presenter.ts';
import { fieldMetaSchema } from '../card-layouts/card-layout.routes.ts';
import { itemTypeNames } from './catalog.ts';

const scopeSchema = z.enum(['none', 'own', 'department', 'subdepartments', 'open', 'all']);

const typeMetaSchema = z.object({
  name: z.string().describe('lead, contact, company, deal'),
  plural: z.string().describe('The URL segment: leads, contacts, companies, deals'),
  label: z.string().describe("In the caller's language"),
  titleFields: z.array(z.string()),
  stages: z
    .object({ field: z.string(), semanticField: z.string(), list: z.string(), pipelineField: z.string().nullable() })
    .nullable()
    .describe('Types that move through stages: the stage field and its reference list (deal stages live under their pipeline)'),
  board: z.object({ cardFields: z.array(z.string()), amountField: z.string(), currencyField: z.string() }).nullable().describe('Types shown as a Kanban board'),
  rights: z.record(z.enum(actions), scopeSchema).describe('The widest scope of each action across pipelines: what the app offers; the server still checks each item'),
  fields: z.array(fieldMetaSchema).describe('The fields the caller may see'),
});

const widest: Scope[] = ['none', 'own', 'department', 'subdepartments', 'open', 'all'];

/** The widest scope of each action the caller has on a type, pipelines included: enough to decide what to offer. */
function rightsOf(ctx: Context, type: ItemTypeDef): Record<Action, Scope> {
  const access = ctx.access.types[type.name];
  const pick = (action: Action) => {
    const scopes = [access.scopes[action], ...[...access.pipelines.values()].map((p) => p[action])];
    return scopes.reduce((best, scope) => (widest.indexOf(scope) > widest.indexOf(best) ? scope : best), 'none' as Scope);
  };
  return Object.fromEntries(actions.map((action) => [action, pick(action)])) as Record<Action, Scope>;
}

/** GET /api/v1/types: what the web app draws lists, boards and cards from, as the caller may see it. */
export function registerTypeMetaRoutes(app: FastifyInstance, { database, now }: RouteDeps) {
  typed(app).get('/api/v1/types', {
    schema: {
      tags: ['card layouts'],
      summary: 'The item types with the fields the caller may see, their stages and board, and the caller\'s rights',
      security: bearer,
      response: { 200: z.object({ items: z.array(typeMetaSchema) }), ...errors(401) },
    },
    handler: (request) => {
      const ctx = contextOf(request, database, now);
      return {
        items: itemTypeNames.map((name) => {
          const type = ctx.catalog.visible[name];
          return {
            name: type.name,
            plural: type.plural,
            label: type.label[ctx.locale],
            titleFields: type.titleFields,
            stages: type.stages ? { field: type.stages.field, semanticField: type.stages.semanticField, list: type.stages.list, pipelineField: type.stages.pipelineField ?? null } : null,
            board: type.board ? { ...type.board, cardFields: type.board.cardFields.filter((name) => type.fields.some((f) => f.name === name)) } : null,
            rights: rightsOf(ctx, type),
            fields: type.fields.map((field) => presentField(field, ctx.locale)),
          };
        }),
      };
    },
  });
}
