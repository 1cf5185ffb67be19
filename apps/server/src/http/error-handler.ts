import type { Socket } from 'node:net';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { messages, pickLocale, translate, type ErrorCode, type FieldIssue, type Locale, type MessageKey } from '@vinculo/shared';
import { AppError } from './app-error.ts';
import { localeOf } from './authenticate.ts';

/** One error shape for the whole native API: `{ error: { code, message, details } }`. */
export function registerErrorHandler(app: FastifyInstance) {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const locale = localeOf(request);
    const appError = toAppError(error);
    if (appError.status >= 500) request.log.error({ err: error }, 'request failed');
    const details = Array.isArray(appError.details) ? appError.details.map((issue) => localizeIssue(locale, issue)) : appError.details;
    const message = appError.message !== appError.code ? appError.message : translate(locale, `error.${appError.code}` as MessageKey);
    if (appError.code === 'RATE_LIMITED' && appError.details && 'retryAfter' in appError.details) {
      reply.header('retry-after', String(appError.details.retryAfter));
    }
    return reply.status(appError.status).send({ error: { code: appError.code, message, ...(details ? { details } : {}) } });
  });
  app.setNotFoundHandler((request, reply) => {
    const locale = localeOf(request);
    return reply.status(404).send({ error: { code: 'NOT_FOUND', message: translate(locale, 'error.NOT_FOUND') } });
  });
}

/** Fastify's `frameworkErrors` hook: router-level errors get the same body as every other error. */
export function sendFrameworkError(error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  const locale = pickLocale(request.headers['accept-language']);
  return reply.status(400).send({ error: { code: 'BAD_REQUEST', message: translate(locale, 'error.BAD_REQUEST'), details: { reason: error.code } } });
}

function toAppError(error: FastifyError): AppError {
  if (error instanceof AppError) return error;
  if (hasZodFastifySchemaValidationErrors(error)) {
    const prefix = error.validationContext === 'body' ? '' : `${error.validationContext}.`;
    return new AppError('VALIDATION_FAILED', error.validation.flatMap((v) => zodIssues(prefix, v)));
  }
  const byFastifyCode: Record<string, ErrorCode> = {
    FST_ERR_CTP_INVALID_MEDIA_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
    FST_ERR_CTP_BODY_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
    FST_ERR_CTP_EMPTY_JSON_BODY: 'BAD_REQUEST',
    FST_ERR_CTP_INVALID_JSON_BODY: 'BAD_REQUEST',
    FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'BAD_REQUEST',
  };
  // The framework's own messages are English and technical: the answer gets ours, in the caller's language, and
  // the framework's code as the reason.
  const mapped = byFastifyCode[error.code];
  if (mapped) return new AppError(mapped, { reason: error.code });
  if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
    const code = error.statusCode === 404 ? 'NOT_FOUND' : error.statusCode === 413 ? 'PAYLOAD_TOO_LARGE' : error.statusCode === 415 ? 'UNSUPPORTED_MEDIA_TYPE' : 'BAD_REQUEST';
    return new AppError(code, error.code ? { reason: error.code } : undefined);
  }
  return new AppError('INTERNAL');
}

/** The field issues of a zod error raised outside a route's own schema (a service validating nested input); paths get `prefix`. */
export function zodErrorIssues(error: { issues: ReadonlyArray<{ code: string; path: PropertyKey[]; message: string }> }, prefix: string): FieldIssue[] {
  const issues = error.issues.flatMap(({ code, path, message, ...params }) =>
    zodIssues(prefix, { keyword: code, instancePath: `/${path.map(String).join('/')}`, message, params: params as Record<string, unknown> }),
  );
  // A value can break a format and a refinement of the same rule (an impossible date): say it once.
  return issues.filter((issue, index) => issues.findIndex((other) => other.field === issue.field && other.rule === issue.rule) === index);
}

interface ValidationEntry {
  keyword: string;
  instancePath: string;
  message?: string;
  params: Record<string, unknown>;
}

function zodIssues(prefix: string, entry: ValidationEntry): FieldIssue[] {
  const path = entry.instancePath.replace(/^\//, '').split('/').filter(Boolean).join('.');
  const field = `${prefix}${path}`.replace(/\.$/, '') || prefix.replace(/\.$/, '') || 'body';
  const custom = entry.params.params as Record<string, unknown> | undefined;
  if (entry.keyword === 'unrecognized_keys') {
    return (entry.params.keys as string[]).map((key) => ({ field: path ? `${field}.${key}` : `${prefix}${key}`, rule: 'unknown', message: '' }));
  }
  const rule = (custom?.rule as string | undefined) ?? ruleOf(entry);
  const params = { ...custom, ...(entry.params.maximum !== undefined ? { max: entry.params.maximum } : {}), ...(entry.params.minimum !== undefined ? { min: entry.params.minimum } : {}) };
  delete (params as Record<string, unknown>).rule;
  return [{ field, rule, message: '', ...(Object.keys(params).length > 0 ? { params } : {}) } as FieldIssue];
}

function ruleOf(entry: ValidationEntry): string {
  switch (entry.keyword) {
    case 'invalid_type':
      // Zod does not pass the input along; its message says what it received.
      return /received undefined/.test(entry.message ?? '') ? 'required' : 'type';
    case 'too_big':
      return entry.params.origin === 'string' ? 'maxLength' : 'max';
    case 'too_small':
      return entry.params.origin === 'string' ? 'minLength' : 'min';
    case 'invalid_format':
      return 'format';
    case 'invalid_value':
      return 'valueType';
    default:
      return 'type';
  }
}

const knownRules = new Set(['required', 'requireOneOf', 'type', 'maxLength', 'min', 'max', 'format', 'money', 'phone', 'email', 'web', 'im', 'valueType', 'reference', 'exists', 'user', 'readOnly', 'immutable', 'unknown', 'operator', 'notSortable', 'cursor', 'password', 'taken', 'option', 'url', 'notFilterable', 'notMultiple', 'notEnumeration', 'useIsDefault', 'replacement', 'duplicate', 'requiredField', 'keepOneOf', 'pipeline', 'cycle', 'exclusive']);

/**
 * An issue's message in the caller's language, naming the field as the user knows it: its label when the service
 * gave one (item fields), the common name of a settings field (`Nome`, `Código`), else its API name.
 */
function localizeIssue(locale: Locale, issue: FieldIssue & { params?: Record<string, unknown> }): FieldIssue {
  if (issue.message) return issue;
  const key = `rule.${knownRules.has(issue.rule) ? issue.rule : 'type'}` as MessageKey;
  const params = Object.fromEntries(Object.entries(issue.params ?? {}).map(([k, v]) => [k, String(v)]));
  return { ...issue, message: `${issue.label ?? commonLabel(locale, issue.field) ?? issue.field} ${translate(locale, key, params)}` };
}

/**
 * The label of a request field named in the messages as `field.<name>`, by the last part of its path; a path that
 * ends at a position in a list (`sections.0.fields.3`) keeps the path, which says which entry.
 */
function commonLabel(locale: Locale, path: string): string | undefined {
  const key = `field.${path.split('.').pop()}`;
  return key in messages ? translate(locale, key as MessageKey) : undefined;
}

/**
 * Errors Node's HTTP parser answers before Fastify sees the request (headers too large: 431, a malformed request:
 * 400), in the API's one error body; the language comes from whatever Accept-Language header could be read.
 */
export function clientErrorHandler(error: Error & { code?: string; rawPacket?: unknown }, socket: Socket): void {
  if (!socket.writable) {
    socket.destroy(error);
    return;
  }
  const tooLarge = error.code === 'HPE_HEADER_OVERFLOW';
  const status = tooLarge ? 431 : 400;
  const raw = Buffer.isBuffer(error.rawPacket) ? error.rawPacket.toString('latin1') : '';
  const header = /accept-language:\s*([^\r\n]*)/i.exec(raw)?.[1];
  const locale = pickLocale(header);
  const code: ErrorCode = tooLarge ? 'HEADERS_TOO_LARGE' : 'BAD_REQUEST';
  const body = JSON.stringify({ error: { code, message: translate(locale, `error.${code}`), details: { reason: error.code ?? 'badRequest' } } });
  const reason = tooLarge ? 'Request Header Fields Too Large' : 'Bad Request';
  socket.end(`HTTP/1.1 ${status} ${reason}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
}
