import { ApiError } from '../../api/client';
import type { FieldMeta } from '../../api/types';

/** What FieldInput shows at one field: its own message, and messages inside it by path (`0.value` of `phones`). */
export interface FieldProblems {
  error?: string;
  errors: Record<string, string>;
}

const none: FieldProblems = { errors: {} };

/** The API's validation issues (`phones.0.value`, `title`) that concern `field`, in the form FieldInput takes. */
export function problemsAt(error: unknown, field: Pick<FieldMeta, 'name' | 'type'>): FieldProblems {
  if (!(error instanceof ApiError)) return none;
  let own: string | undefined;
  const inner: Record<string, string> = {};
  for (const issue of error.fieldIssues) {
    if (issue.field === field.name) own ??= issue.message;
    else if (issue.field.startsWith(`${field.name}.`)) inner[issue.field.slice(field.name.length + 1)] ??= issue.message;
  }
  // Only multi-value inputs place messages inside themselves; any other input shows the first one at the field.
  if (field.type !== 'multifield') return { error: own ?? Object.values(inner)[0], errors: {} };
  return { error: own, errors: inner };
}

/** Validation messages about none of `shown` (a rule across fields, a field not on screen), to show beside the form. */
export function problemsElsewhere(error: unknown, shown: string[]): string[] {
  if (!(error instanceof ApiError)) return [];
  const names = new Set(shown);
  return error.fieldIssues.filter((issue) => !names.has(issue.field.split('.')[0])).map((issue) => issue.message);
}

export const isVersionConflict = (error: unknown) => error instanceof ApiError && error.code === 'VERSION_CONFLICT';
export const isValidation = (error: unknown) => error instanceof ApiError && error.code === 'VALIDATION_FAILED' && error.fieldIssues.length > 0;
