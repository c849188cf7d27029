/**
 * The API from the browser: same origin, the session cookie, JSON, and the API's error shape
 * turned into an ApiError whose message is the server's sentence.
 */
export class ApiError extends Error {
  constructor(readonly status: number, readonly code: string, message: string, readonly details: Record<string, unknown> = {}) {
    super(message);
  }
}

/** Called on any 401, so the app can send the user to sign in. */
let onUnauthenticated: (() => void) | undefined;
export function whenUnauthenticated(handler: () => void) {
  onUnauthenticated = handler;
}

async function parse<T>(response: Response): Promise<T> {
  const text = await response.text();
  const body = text && (response.headers.get('content-type') ?? '').includes('json') ? JSON.parse(text) : text;
  if (!response.ok) {
    const error = body && typeof body === 'object' && body.error && typeof body.error === 'object' ? body.error : null;
    if (response.status === 401) onUnauthenticated?.();
    throw new ApiError(response.status, error?.code ?? 'http_error', error?.message ?? `HTTP ${response.status}`, error?.details ?? {});
  }
  return body as T;
}

export async function api<T = unknown>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<T> {
  const response = await fetch(`/api/v1${path}`, {
    method,
    credentials: 'same-origin',
    headers: { Accept: 'application/json', ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}), ...headers },
    body: body !== undefined ? JSON.stringify(body) : undefined,
  });
  return parse<T>(response);
}

export const get = <T>(path: string) => api<T>('GET', path);
export const post = <T>(path: string, body: unknown = {}, headers?: Record<string, string>) => api<T>('POST', path, body, headers);
export const patch = <T>(path: string, body: unknown) => api<T>('PATCH', path, body);
export const put = <T>(path: string, body: unknown) => api<T>('PUT', path, body);
export const del = <T>(path: string) => api<T>('DELETE', path);

/** A file as multipart form data (photos, voice notes, evidence). */
export async function upload<T = unknown>(path: string, file: Blob, fileName: string, fields: Record<string, string> = {}): Promise<T> {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.append(name, value);
  form.append('file', file, fileName);
  const response = await fetch(`/api/v1${path}`, { method: 'POST', credentials: 'same-origin', body: form, headers: { Accept: 'application/json' } });
  return parse<T>(response);
}

/** Query string from the defined values only. */
export function query(params: Record<string, string | number | boolean | undefined | null>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value !== undefined && value !== null && value !== '') search.set(key, String(value));
  const text = search.toString();
  return text ? `?${text}` : '';
}
