/** Error codes of the native API and the HTTP status each one maps to. */
export const errorStatus = {
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  VALIDATION_FAILED: 400,
  BAD_REQUEST: 400,
  VERSION_CONFLICT: 409,
  SETUP_ALREADY_DONE: 409,
  CONFLICT: 409,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  HEADERS_TOO_LARGE: 431,
  RATE_LIMITED: 429,
  INTERNAL: 500,
  UNAVAILABLE: 503,
} as const;

export type ErrorCode = keyof typeof errorStatus;

/** One reason a field's value was refused. `rule` is machine-readable: required, type, maxLength, reference… */
export interface FieldIssue {
  field: string;
  rule: string;
  message: string;
  /** The field's name as the user knows it (its label in their language), when it has one. */
  label?: string;
}

export interface ErrorBody {
  error: { code: ErrorCode; message: string; details?: FieldIssue[] | Record<string, unknown> };
}
