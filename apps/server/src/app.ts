import compress from '@fastify/compress';
import cookie from '@fastify/cookie';
import multipart from '@fastify/multipart';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance } from 'fastify';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import qs from 'qs';
import { constants as zlib } from 'node:zlib';
import type { Database } from './db/database.ts';
import { invalid } from './http/app-error.ts';
import { registerAuthentication } from './http/authenticate.ts';
import { clientErrorHandler, registerErrorHandler, sendFrameworkError } from './http/error-handler.ts';
import type { RouteDeps } from './http/route-support.ts';
import { registerAccessRoutes } from './modules/access/access.routes.ts';
import { registerAuditRoutes } from './modules/audit/audit.routes.ts';
import { registerAuthRoutes } from './modules/auth/auth.routes.ts';
import { registerConversionRoutes } from './modules/conversion/conversion.routes.ts';
import { registerCurrencyRoutes } from './modules/currencies/currency.routes.ts';
import { registerCardLayoutRoutes } from './modules/card-layouts/card-layout.routes.ts';
import { registerCustomFieldRoutes } from './modules/custom-fields/custom-field.routes.ts';
import { registerFileRoutes } from './modules/files/file.routes.ts';
import { registerHealthRoutes } from './modules/health/health.routes.ts';
import { registerItemRoutes } from './modules/items/item.routes.ts';
import { registerKanbanRoutes } from './modules/kanban/kanban.routes.ts';
import { registerLiveRoutes } from './modules/live/live.routes.ts';
import { registerOrgRoutes } from './modules/org/org.routes.ts';
import { registerRecycleBinRoutes } from './modules/recycle-bin/recycle-bin.routes.ts';
import { registerPipelineRoutes } from './modules/pipelines/pipeline.routes.ts';
import { registerReferenceListRoutes } from './modules/reference-lists/reference-list.routes.ts';
import { registerSearchRoutes } from './modules/search/search.routes.ts';
import { registerBulkRoutes } from './modules/bulk/bulk.routes.ts';
import { registerDuplicateRoutes } from './modules/duplicates/duplicates.routes.ts';
import { registerJobs } from './modules/jobs/job.routes.ts';
import { registerImportRoutes } from './modules/import/import.routes.ts';
import { registerExportRoutes } from './modules/export/export.routes.ts';
import { registerTransferFileRoutes } from './modules/transfer-files/transfer-file.routes.ts';
import { registerViewRoutes } from './modules/views/view.routes.ts';
import { registerTypeMetaRoutes } from './modules/catalog/type-meta.routes.ts';
import { registerActivityRoutes } from './modules/activities/activity.routes.ts';
import { registerCommentRoutes } from './modules/comments/comment.routes.ts';
import { registerNotificationRoutes } from './modules/notifications/notification.routes.ts';
import { registerTaskRoutes } from './modules/tasks/task.routes.ts';
import { registerTimelineRoutes } from './modules/timeline/timeline.routes.ts';
import { registerWebhookRoutes } from './modules/webhooks/webhook.routes.ts';
import type { WorkerOptions } from './modules/worker/worker.ts';
import { registerBitrixRoutes } from './modules/bitrix/bitrix.routes.ts';
import type { RateLimit } from './modules/bitrix/bitrix-rate-limit.ts';
import { registerInboundWebhookRoutes } from './modules/bitrix/inbound-webhook.routes.ts';
import { registerSecurityHeaders } from './web/security-headers.ts';
import { registerWebApp } from './web/web-app.ts';

export interface AppOptions {
  database: Database;
  logLevel?: string;
  now?: () => Date;
  sessionTtlHours?: number;
  cookieSecure?: 'auto' | 'true' | 'false';
  recycleBinDays?: number;
  /** Largest file POST /api/v1/files accepts, in MiB (MAX_UPLOAD_MB). */
  maxUploadMb?: number;
  /** Largest file POST /api/v1/imports/files accepts, in MiB (MAX_IMPORT_MB). */
  maxImportMb?: number;
  /** The built web app (apps/web/dist) to serve at `/`; without it the server is the API alone. */
  webRoot?: string;
  /** The address users and integrations reach this server at (PUBLIC_URL), for the URLs it hands out. */
  publicUrl?: string;
  /** The Bitrix24-compatible API's leaky bucket per webhook (BITRIX_RATE_LIMIT_*); none by default. */
  bitrixRateLimit?: RateLimit;
  /**
   * The background work this process does (modules/worker): by default jobs and event delivery without the periodic
   * tasks; `false` leaves all of it to `vinculo worker` processes (RUN_WORKER=false).
   */
  worker?: (Omit<WorkerOptions, 'now' | 'log'> & { afterListen?: boolean }) | false;
}

/**
 * The query string parser drops `__proto__` keys (so they can pollute nothing); a request that sends one is refused
 * with a 400 naming it, like any key the route does not know, instead of being served as if it had not.
 */
function refusePrototypeKeys(app: FastifyInstance) {
  app.addHook('onRequest', async (request) => {
    const query = request.raw.url?.split('?')[1];
    if (!query?.includes('__proto__') && !query?.toLowerCase().includes('%5f%5fproto%5f%5f')) return;
    const keys = query.split('&').map((pair) => {
      try {
        return decodeURIComponent(pair.split('=')[0].replace(/\+/g, ' '));
      } catch {
        return pair.split('=')[0];
      }
    });
    const polluting = keys.filter((key) => /(^|\[)__proto__(\]|\[|$)/.test(key));
    if (polluting.length > 0) throw invalid(polluting.map((key) => ({ field: key.replace(/\[([^\]]*)\]/g, '.$1'), rule: 'unknown' })));
  });
}

/** Builds the HTTP application; `listen` is the caller's business (tests use `inject`). */
export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: { level: options.logLevel ?? 'info', redact: ['req.headers.authorization', 'req.headers.cookie'] },
    bodyLimit: 1024 * 1024,
    // Errors the router raises before any hook (a bad URL, an over-long path parameter).
    frameworkErrors: sendFrameworkError,
    // Errors Node's HTTP parser raises before Fastify sees the request (431 headers too large).
    clientErrorHandler,
    routerOptions: {
      maxParamLength: 200,
      // filter[field][op]=value (and filter[field][in][]=value); bounded so a query string cannot build huge objects.
      // Objects without a prototype: `constructor` and the like are ordinary keys, which route schemas refuse as unknown.
      querystringParser: (text) => qs.parse(text, { depth: 3, arrayLimit: 500, parameterLimit: 200, allowPrototypes: true, plainObjects: true }),
    },
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  const now = options.now ?? (() => new Date());
  // Before any plugin, so every route (docs included) answers errors in the API's shape.
  registerErrorHandler(app);
  registerSecurityHeaders(app);
  // JSON lists and the app's files travel compressed (br or gzip, as the browser accepts) above 1 KiB.
  await app.register(compress, { global: true, threshold: 1024, encodings: ['br', 'gzip'], brotliOptions: { params: { [zlib.BROTLI_PARAM_QUALITY]: 4 } } });
  await app.register(cookie);
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: 'Vínculo API', version: '1', description: 'The native REST API of the Vínculo CRM.' },
      components: {
        securitySchemes: {
          bearerAuth: { type: 'http', scheme: 'bearer', description: 'A personal API token (`vinculo token create`)' },
          sessionCookie: { type: 'apiKey', in: 'cookie', name: 'vinculo_session' },
        },
      },
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs', uiConfig: { docExpansion: 'list', deepLinking: true } });
  app.get('/api/openapi.json', { schema: { hide: true }, config: { isPublic: true } }, () => app.swagger());

  const deps: RouteDeps = {
    database: options.database,
    now,
    config: { sessionTtlHours: options.sessionTtlHours ?? 720, cookieSecure: options.cookieSecure ?? 'auto', recycleBinDays: options.recycleBinDays ?? 30, maxUploadMb: options.maxUploadMb ?? 10, maxImportMb: options.maxImportMb ?? 1024, publicUrl: options.publicUrl, bitrixRateLimit: options.bitrixRateLimit },
  };
  refusePrototypeKeys(app);
  registerAuthentication(app, options.database, now);
  registerHealthRoutes(app, deps);
  registerAuthRoutes(app, deps);
  registerCurrencyRoutes(app, deps);
  registerKanbanRoutes(app, deps);
  registerCustomFieldRoutes(app, deps);
  registerItemRoutes(app, deps);
  registerRecycleBinRoutes(app, deps);
  registerPipelineRoutes(app, deps);
  registerReferenceListRoutes(app, deps);
  registerConversionRoutes(app, deps);
  // Multipart is parsed on the upload route only (elsewhere it stays a 415). It skips bodyLimit, which JSON keeps at
  // 1 MiB: one file of at most MAX_UPLOAD_MB, a few small fields. Registered after the authentication hook, which it inherits.
  await app.register(async (uploads) => {
    await uploads.register(multipart, { limits: { files: 1, fileSize: deps.config.maxUploadMb * 1024 * 1024, fields: 10, fieldSize: 1024, parts: 11, headerPairs: 50 } });
    registerFileRoutes(uploads, deps);
  });
  registerCardLayoutRoutes(app, deps);
  registerAccessRoutes(app, deps);
  registerOrgRoutes(app, deps);
  registerAuditRoutes(app, deps);
  registerSearchRoutes(app, deps);
  registerBulkRoutes(app, deps);
  registerDuplicateRoutes(app, deps);
  registerJobs(app, deps, options.worker ?? {});
  await app.register(async (imports) => registerImportRoutes(imports, deps));
  registerExportRoutes(app, deps);
  registerTransferFileRoutes(app, deps);
  registerViewRoutes(app, deps);
  registerTypeMetaRoutes(app, deps);
  registerActivityRoutes(app, deps);
  registerCommentRoutes(app, deps);
  registerNotificationRoutes(app, deps);
  registerTaskRoutes(app, deps);
  registerTimelineRoutes(app, deps);
  registerWebhookRoutes(app, deps);
  registerLiveRoutes(app, deps);
  registerInboundWebhookRoutes(app, deps);
  await registerBitrixRoutes(app, deps);
  if (options.webRoot) await registerWebApp(app, options.webRoot);
  return app;
}
