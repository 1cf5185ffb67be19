import qs from 'qs';

/**
 * A call's parameters as Bitrix24 reads them: the query string and the body merged (the JS SDK puts its telemetry in
 * the query and the parameters in a JSON body; CRest sends everything in the query), PHP bracket notation
 * (`fields[PHONE][0][VALUE]=…`, `select[]=ID`, brackets percent-encoded or not) turned into objects and arrays.
 * Values from a query or a form are strings; from JSON, native. Unknown parameters are ignored by the methods.
 */

const parseOptions = { depth: 10, arrayLimit: 1000, parameterLimit: 10_000, allowPrototypes: false, allowEmptyArrays: false } as const;

export type Params = Record<string, unknown>;

/** Bracket-notation text (a query string, a form body, a batch command's query) as nested parameters. */
export const parseBrackets = (text: string): Params => qs.parse(text, parseOptions) as Params;

/** The query string and the body of a call, merged (the body wins). */
export function mergeParams(query: string, body: unknown): Params {
  const fromQuery = query ? parseBrackets(query) : {};
  if (body === undefined || body === null || body === '') return fromQuery;
  if (typeof body === 'string') return { ...fromQuery, ...parseBrackets(body) };
  if (typeof body === 'object' && !Array.isArray(body)) return { ...fromQuery, ...(body as Params) };
  return fromQuery;
}

/** A top-level parameter by name, in any case (`fields`, `FIELDS`, `Fields`): the legacy CRM methods accept all. */
export function param(params: Params, name: string): unknown {
  if (name in params) return params[name];
  const lower = name.toLowerCase();
  for (const key of Object.keys(params)) if (key.toLowerCase() === lower) return params[key];
  return undefined;
}

/** An object parameter (`fields`, `filter`, `order`), or an empty one; a JSON array given for it counts as an object of its entries. */
export function objectParam(params: Params, name: string): Params {
  const value = param(params, name);
  if (value && typeof value === 'object') return Array.isArray(value) ? Object.fromEntries(value.entries()) : (value as Params);
  return {};
}

/** An integer parameter (`id`, `start`), from a number or a string of digits. */
export function intParam(params: Params, name: string): number | undefined {
  const value = param(params, name);
  if (typeof value === 'number' && Number.isInteger(value)) return value;
  if (typeof value === 'string' && /^-?\d+$/.test(value.trim())) return Number(value.trim());
  return undefined;
}

/** A list parameter (`select`): an array, an object of entries (`select[0]=ID`), or one value. */
export function listParam(params: Params, name: string): string[] | undefined {
  const value = param(params, name);
  if (value === undefined || value === null || value === '') return undefined;
  if (Array.isArray(value)) return value.map(String);
  if (typeof value === 'object') return Object.values(value as Params).map(String);
  return [String(value)];
}
