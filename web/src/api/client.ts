/**
 * The one way the web app talks to the server: JSON over same-origin fetch, the CSRF header on
 * every write, and one error type carrying the API's code, message and field errors.
 */

export type FieldErrors = Record<string, string>;

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly fields?: FieldErrors;
  readonly requestId?: string;

  constructor(status: number, code: string, message: string, fields?: FieldErrors, requestId?: string) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.fields = fields;
    this.requestId = requestId;
  }
}

let csrfToken: string | null = null;
let onUnauthorized: (() => void) | null = null;

/** Remember the CSRF token handed out by login or /api/auth/me. */
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

/** What to do when a call answers 401 (the session ended): normally, go to the login page. */
export function setUnauthorizedHandler(handler: () => void): void {
  onUnauthorized = handler;
}

function readCookie(name: string): string | null {
  const hit = document.cookie.split('; ').find((part) => part.startsWith(`${name}=`));
  return hit ? decodeURIComponent(hit.slice(name.length + 1)) : null;
}

export type QueryValue = string | number | boolean | null | undefined;

/** Build a query string, leaving out empty values. */
export function toQuery(params: Record<string, QueryValue>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined || value === null || value === '') continue;
    search.set(key, String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  body?: unknown;
  /** Do not send the user to the login page on 401 (login itself, the session probe). */
  allowUnauthorized?: boolean;
  signal?: AbortSignal;
  /** Extra request headers (e.g. Idempotency-Key). */
  headers?: Record<string, string>;
}

/**
 * A fresh key for an `Idempotency-Key` header: a retried or double-clicked create then makes one
 * record. (crypto.randomUUID needs a secure context; plain http on a LAN address has none.)
 */
export function newIdempotencyKey(): string {
  return (
    globalThis.crypto?.randomUUID?.() ??
    `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}${Math.random().toString(36).slice(2)}`
  );
}

async function toApiError(response: Response): Promise<ApiError> {
  let payload: unknown = null;
  try {
    payload = await response.json();
  } catch {
    // not JSON: fall through to a generic message
  }
  const error = (payload as { error?: Partial<ApiError> & { fields?: FieldErrors } } | null)?.error;
  const fallback =
    response.status === 429
      ? 'Too many attempts. Please wait a moment and try again.'
      : response.status >= 500
        ? 'The server had a problem. Please try again.'
        : `Request failed (${response.status})`;
  return new ApiError(
    response.status,
    error?.code ?? `http_${response.status}`,
    error?.message ?? fallback,
    error?.fields,
    error?.requestId,
  );
}

/** Call the API; resolves to the parsed JSON body (undefined for 204). */
export async function api<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const method = options.method ?? 'GET';
  const headers: Record<string, string> = { Accept: 'application/json', ...(options.headers ?? {}) };
  let body: BodyInit | undefined;
  if (options.body instanceof FormData) {
    body = options.body;
  } else if (options.body !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(options.body);
  }
  if (method !== 'GET') {
    const token = csrfToken ?? readCookie('steward_csrf');
    if (token) headers['X-CSRF-Token'] = token;
  }

  let response: Response;
  try {
    response = await fetch(path, { method, headers, body, credentials: 'same-origin', signal: options.signal });
  } catch (cause) {
    if (cause instanceof DOMException && cause.name === 'AbortError') throw cause;
    throw new ApiError(0, 'network', 'Could not reach the server. Check your connection and try again.');
  }

  if (!response.ok) {
    const error = await toApiError(response);
    if (response.status === 401 && !options.allowUnauthorized) onUnauthorized?.();
    throw error;
  }
  if (response.status === 204) return undefined as T;
  const type = response.headers.get('Content-Type') ?? '';
  if (!type.includes('json')) return undefined as T;
  return (await response.json()) as T;
}

/** Whether an error is an ApiError with the given HTTP status. */
export function isApiStatus(error: unknown, status: number): error is ApiError {
  return error instanceof ApiError && error.status === status;
}
