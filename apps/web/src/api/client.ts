/**
 * The one way the app talks to the server: the native REST API under /api/v1, JSON in and out, the session cookie
 * for credentials. Errors come back as ApiError (the server's code, message in the user's language, details) or
 * NetworkError (no answer at all); the connection state follows every call so the banner can say when it is lost.
 */

export interface FieldIssue {
  field: string;
  rule: string;
  message: string;
  label?: string;
}

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly details: unknown;
  /** Seconds to wait, from Retry-After (429). */
  readonly retryAfter: number | null;

  constructor(status: number, code: string, message: string, details: unknown, retryAfter: number | null) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.details = details;
    this.retryAfter = retryAfter;
  }

  /** The per-field problems of a VALIDATION_FAILED answer. */
  get fieldIssues(): FieldIssue[] {
    return Array.isArray(this.details) ? (this.details as FieldIssue[]) : [];
  }

  /** `details.reason` of a FORBIDDEN or CONFLICT answer. */
  get reason(): string | undefined {
    const details = this.details as { reason?: unknown } | null;
    return typeof details?.reason === 'string' ? details.reason : undefined;
  }
}

export class NetworkError extends Error {
  constructor() {
    super('network');
    this.name = 'NetworkError';
  }
}

type Listener = (online: boolean) => void;
const listeners = new Set<Listener>();
let online = true;

function setOnline(value: boolean) {
  if (online === value) return;
  online = value;
  for (const listener of listeners) listener(value);
}

export const connection = {
  get online() {
    return online;
  },
  subscribe(listener: Listener) {
    listeners.add(listener);
    return () => void listeners.delete(listener);
  },
};

let language = 'pt-BR';
/** The language the server answers errors in (Accept-Language). */
export function setApiLanguage(value: string) {
  language = value;
}

export type Query = Record<string, string | number | boolean | undefined | null | Array<string | number>>;

/** `?a=1&filter[x][eq]=2`: undefined and null values are left out; arrays repeat the key. */
export function queryString(query: Query | undefined): string {
  if (!query) return '';
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null) continue;
    if (Array.isArray(value)) for (const v of value) params.append(key, String(v));
    else params.append(key, String(value));
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}

export interface RequestOptions {
  query?: Query;
  body?: unknown;
  signal?: AbortSignal;
  headers?: Record<string, string>;
}

export async function request<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json', 'accept-language': language, ...options.headers };
  let body: BodyInit | undefined;
  // A form or a file (an import's bytes) goes as it is, with the content type the caller names.
  if (options.body instanceof FormData || options.body instanceof Blob) body = options.body;
  else if (options.body !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(options.body);
  }
  let response: Response;
  try {
    response = await fetch(`/api/v1${path}${queryString(options.query)}`, { method, headers, body, credentials: 'same-origin', signal: options.signal });
  } catch (error) {
    if ((error as Error).name === 'AbortError') throw error;
    setOnline(false);
    throw new NetworkError();
  }
  // A proxy's 502/503/504 without our error body means the server is out of reach, like a dropped connection.
  if ([502, 503, 504].includes(response.status) && !response.headers.get('content-type')?.includes('json')) {
    setOnline(false);
    throw new NetworkError();
  }
  setOnline(true);
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  const data = text ? JSON.parse(text) : undefined;
  if (!response.ok) {
    const error = (data as { error?: { code?: string; message?: string; details?: unknown } } | undefined)?.error;
    const retry = response.headers.get('retry-after');
    throw new ApiError(response.status, error?.code ?? 'INTERNAL', error?.message ?? response.statusText, error?.details, retry ? Number(retry) : null);
  }
  return data as T;
}

export const api = {
  get: <T>(path: string, query?: Query, signal?: AbortSignal) => request<T>('GET', path, { query, signal }),
  post: <T>(path: string, body?: unknown, query?: Query) => request<T>('POST', path, { body, query }),
  put: <T>(path: string, body?: unknown) => request<T>('PUT', path, { body }),
  patch: <T>(path: string, body?: unknown, headers?: Record<string, string>) => request<T>('PATCH', path, { body, headers }),
  delete: <T = void>(path: string, query?: Query) => request<T>('DELETE', path, { query }),
};
