/**
 * The error catalogue: every code a client can see, with its HTTP status. Domain code throws
 * `AppError(code, message, details)`; one Fastify handler turns it into
 * `{"error":{"code","message","details"}}`.
 */
export const ERROR_STATUS = {
  invalid_input: 400,
  invalid_json: 400,
  unknown_field: 400,
  invalid_fields: 400,
  unauthenticated: 401,
  invalid_credentials: 401,
  forbidden: 403,
  /** A scoped token (an API client's) lacks the scope the route needs. */
  insufficient_scope: 403,
  not_found: 404,
  illegal_transition: 409,
  version_conflict: 409,
  idempotency_conflict: 409,
  already_exists: 409,
  /** Something still refers to it (a calendar a policy uses), so it cannot be deleted. */
  in_use: 409,
  /** It existed but is no longer usable: a used or expired link. */
  gone: 410,
  payload_too_large: 413,
  unsupported_media_type: 415,
  mime_mismatch: 415,
  business_rule: 422,
  rate_limited: 429,
  /** A provider (SMTP server, robot, SMS gateway) refused or failed a send we made for the caller. */
  delivery_failed: 502,
  data_dir_in_use: 503,
  database_unavailable: 503,
  internal: 500,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly details: Record<string, unknown>;

  constructor(code: ErrorCode, message: string, details: Record<string, unknown> = {}) {
    super(message);
    this.name = 'AppError';
    this.code = code;
    this.details = details;
  }

  get status(): number {
    return ERROR_STATUS[this.code];
  }
}

export const notFound = (what: string, id?: string) =>
  new AppError('not_found', `${what} not found.`, id ? { id } : {});

export const forbidden = (message = 'Your role does not allow this.') => new AppError('forbidden', message);
