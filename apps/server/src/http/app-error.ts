import { errorStatus, translate, type ErrorCode, type FieldIssue, type Locale, type MessageKey } from '@vinculo/shared';

/** The one error type services throw; the error handler turns it into `{ error: { code, message, details } }`. */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly details?: FieldIssue[] | Record<string, unknown>;

  constructor(code: ErrorCode, details?: FieldIssue[] | Record<string, unknown>, message?: string) {
    super(message ?? code);
    this.code = code;
    this.details = details;
  }

  get status(): number {
    return errorStatus[this.code];
  }
}

/** A validation failure of one or more fields; `rule` names what was broken (required, maxLength, reference…). */
export function invalid(issues: Array<Omit<FieldIssue, 'message'> & { message?: string; params?: Record<string, unknown> }>): AppError {
  return new AppError(
    'VALIDATION_FAILED',
    issues.map((issue) => ({
      field: issue.field,
      rule: issue.rule,
      message: issue.message ?? '',
      ...(issue.label ? { label: issue.label } : {}),
      ...(issue.params ? { params: issue.params } : {}),
    })),
  );
}

export const notFound = () => new AppError('NOT_FOUND');

/** A write that would break existing data: 409 CONFLICT with `details.reason`, its message in the caller's language. */
export const conflict = (ctx: { locale: Locale }, key: MessageKey, details: Record<string, unknown>, params: Record<string, string | number> = {}) =>
  new AppError('CONFLICT', details, translate(ctx.locale, key, params));
