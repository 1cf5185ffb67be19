import type { TFunction } from 'i18next';
import { ApiError, NetworkError } from '../api/client';

/**
 * An error in plain words in the user's language. The server already answers in that language (Accept-Language),
 * so its message is used as it is; what has no server message (a lost connection, a crash) gets ours.
 */
export function errorMessage(error: unknown, t: TFunction): string {
  if (error instanceof NetworkError) return t('common:errors.network');
  if (error instanceof ApiError) {
    if (error.code === 'VALIDATION_FAILED' && error.fieldIssues.length > 0) return error.fieldIssues.map((issue) => issue.message).join(' ');
    if (error.status === 404) return t('common:errors.notFound');
    if (error.code === 'VERSION_CONFLICT') return t('common:errors.conflict');
    if (error.message) return error.message;
    if (error.status === 403) return t('common:errors.forbidden');
  }
  return t('common:errors.unexpected');
}

/** The validation messages of an API error by field path (`phones.0.value`), to show beside each input. */
export function fieldErrors(error: unknown): Record<string, string> {
  if (!(error instanceof ApiError)) return {};
  const result: Record<string, string> = {};
  for (const issue of error.fieldIssues) result[issue.field] ??= issue.message;
  return result;
}
