/**
 * Errors of the Bitrix24-compatible API, answered as Bitrix24 does: `{error, error_description}` with its HTTP status
 * (docs/bitrix24-api.md). Where Bitrix24's legacy CRM methods send an empty `error` with the message in
 * `error_description`, Vínculo sends a code (`NOT_FOUND`, `ACCESS_DENIED`, `INVALID_ARG_VALUE`…) and the same
 * description: the official JS SDK drops the message of an empty code (it reports "Request failed with status code
 * 400"), and no client we know of tests for the empty string.
 */
export class BitrixError extends Error {
  readonly status: number;
  readonly code: string;
  constructor(status: number, code: string, description: string) {
    super(description);
    this.status = status;
    this.code = code;
  }
}

export const methodNotFound = () => new BitrixError(404, 'ERROR_METHOD_NOT_FOUND', 'Method not found!');
export const noAuth = () => new BitrixError(401, 'NO_AUTH_FOUND', 'Wrong authorization data');
export const insufficientScope = () => new BitrixError(403, 'insufficient_scope', 'The request requires higher privileges than provided by the webhook token');
export const notFound = (description = 'Not found') => new BitrixError(400, 'NOT_FOUND', description);
export const accessDenied = (description = 'Access denied.') => new BitrixError(403, 'ACCESS_DENIED', description);
export const invalidArgument = (description: string) => new BitrixError(400, 'INVALID_ARG_VALUE', description);
export const internalError = () => new BitrixError(500, 'INTERNAL_SERVER_ERROR', 'Internal server error');
