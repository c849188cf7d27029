/**
 * The pure rules of OAuth2 client credentials (RFC 6749 §4.4): which scopes a client may hold
 * and be granted, how its credentials arrive, and its request quota.
 */
import { AppError } from '../../platform/errors.ts';
import { GRANTABLE_SCOPES } from '../../platform/http/scopes.ts';

/** Scopes as stored: known, without repeats, in the canonical order. */
export function checkedScopes(scopes: readonly string[]): string[] {
  const unknown = scopes.filter((scope) => !GRANTABLE_SCOPES.includes(scope));
  if (unknown.length) {
    throw new AppError('invalid_input', `Unknown scope ${unknown.map((scope) => `"${scope}"`).join(', ')}. Known: ${GRANTABLE_SCOPES.join(' ')}.`,
      { field: 'scopes', unknown });
  }
  if (!scopes.length) throw new AppError('invalid_input', 'Give at least one scope.', { field: 'scopes' });
  return GRANTABLE_SCOPES.filter((scope) => scopes.includes(scope));
}

export type GrantResult = { ok: true; scopes: string[] } | { ok: false; invalid: string[] };

/**
 * The scopes a token request gets: the client's own when it asks for none (§3.3 lets the server
 * pick a default), else exactly those asked for, all of which the client must hold.
 */
export function grantScopes(requested: string | undefined, allowed: readonly string[]): GrantResult {
  const asked = (requested ?? '').split(' ').filter(Boolean);
  if (!asked.length) return { ok: true, scopes: [...allowed] };
  const invalid = asked.filter((scope) => !allowed.includes(scope));
  if (invalid.length) return { ok: false, invalid };
  return { ok: true, scopes: GRANTABLE_SCOPES.filter((scope) => asked.includes(scope)) };
}

export interface ClientCredentials {
  clientId: string;
  clientSecret: string;
  /** Sent as HTTP Basic: a refusal then answers with WWW-Authenticate (§5.2). */
  basic: boolean;
}

/**
 * Client id and secret from `Authorization: Basic` (each part form-urlencoded, §2.3.1) or from
 * the body. Both at once is an error (§2.3: one method per request).
 */
export function clientCredentials(authorization: string | undefined, body: Record<string, unknown>):
  ClientCredentials | { error: string } {
  const inBody = typeof body.client_id === 'string' || typeof body.client_secret === 'string';
  const basic = authorization ? /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(authorization) : null;
  if (authorization && !basic) return { error: 'The Authorization header must be HTTP Basic with the client id and secret.' };
  if (basic && inBody) return { error: 'Send the client credentials once: in the Authorization header or in the body, not both.' };
  if (basic) {
    const decoded = Buffer.from(basic[1], 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon < 0) return { error: 'HTTP Basic credentials must be client_id:client_secret.' };
    try {
      const form = (text: string) => decodeURIComponent(text.replace(/\+/g, ' '));
      return { clientId: form(decoded.slice(0, colon)), clientSecret: form(decoded.slice(colon + 1)), basic: true };
    } catch {
      return { error: 'HTTP Basic credentials are not valid form-urlencoded text.' };
    }
  }
  if (typeof body.client_id !== 'string' || typeof body.client_secret !== 'string') {
    return { error: 'Send client_id and client_secret, in HTTP Basic or in the body.' };
  }
  return { clientId: body.client_id, clientSecret: body.client_secret, basic: false };
}

/**
 * A token bucket per client: `limit` requests a minute on average, in bursts up to `limit`.
 * It lives in the memory of each API process (a request costs no database write); with several
 * API processes behind a balancer, each allows the limit.
 */
export class ClientQuotas {
  private readonly buckets = new Map<string, { tokens: number; at: number; limit: number }>();

  take(key: string, limit: number, now: number) {
    let bucket = this.buckets.get(key);
    if (!bucket || bucket.limit !== limit) bucket = { tokens: limit, at: now, limit };
    const perMs = limit / 60_000;
    bucket.tokens = Math.min(limit, bucket.tokens + (now - bucket.at) * perMs);
    bucket.at = now;
    const allowed = bucket.tokens >= 1;
    if (allowed) bucket.tokens -= 1;
    this.buckets.delete(key);
    this.buckets.set(key, bucket);
    if (this.buckets.size > 100_000) this.buckets.delete(this.buckets.keys().next().value!);
    const remaining = Math.floor(bucket.tokens);
    const resetSeconds = allowed
      ? Math.ceil((limit - bucket.tokens) / perMs / 1000)
      : Math.ceil((1 - bucket.tokens) / perMs / 1000);
    return { allowed, limit, remaining, resetSeconds };
  }
}
