/** SQL of the auth module: bearer tokens. */
import type { Kysely } from 'kysely';
import type { DB } from '../../platform/db/tables.ts';
import type { Role } from '../../platform/http/actor.ts';
import { forgetTokens } from './token-cache.ts';

export interface TokenRow {
  id: string;
  kind: 'session' | 'personal' | 'client';
  name: string | null;
  scopes: string[] | null;
  expiresAt: Date | null;
  lastUsedAt: Date | null;
  createdAt: Date;
}

export async function insertToken(db: Kysely<DB>, row: {
  tenantId: string; id: string; userId: string; tokenHash: string; kind: 'session' | 'personal' | 'client';
  name: string | null; expiresAt: Date | null; now: Date; scopes?: readonly string[] | null; clientId?: string | null;
}): Promise<void> {
  await db.insertInto('auth_tokens').values({
    tenant_id: row.tenantId, id: row.id, user_id: row.userId, token_hash: row.tokenHash, kind: row.kind,
    name: row.name, expires_at: row.expiresAt, created_at: row.now, scopes: row.scopes ? [...row.scopes] : null,
    client_id: row.clientId ?? null,
  }).execute();
}

/**
 * The caller behind a token hash, in one indexed query. It reads the user and tenant rows
 * (owned by the directory) because this runs on every request.
 */
export async function findActiveToken(db: Kysely<DB>, tokenHash: string, now: Date) {
  const row = await db.selectFrom('auth_tokens as t')
    .innerJoin('users as u', (join) => join.onRef('u.tenant_id', '=', 't.tenant_id').onRef('u.id', '=', 't.user_id'))
    .innerJoin('tenants as n', 'n.id', 't.tenant_id')
    .leftJoin('api_clients as c', (join) => join.onRef('c.tenant_id', '=', 't.tenant_id').onRef('c.id', '=', 't.client_id'))
    .select(['c.rate_limit_per_minute as clientRateLimit', 't.id as tokenId', 't.tenant_id as tenantId', 'n.slug as tenantSlug', 'u.id as userId', 'u.name',
      'u.email', 'u.roles', 't.last_used_at as lastUsedAt', 't.expires_at as expiresAt', 't.scopes', 't.client_id as clientId'])
    .where('t.token_hash', '=', tokenHash)
    .where('t.revoked_at', 'is', null)
    .where((eb) => eb.or([eb('t.expires_at', 'is', null), eb('t.expires_at', '>', now)]))
    .where('u.active', '=', true)
    .executeTakeFirst();
  return row ? { ...row, roles: row.roles as Role[] } : undefined;
}

export async function touchToken(db: Kysely<DB>, tenantId: string, tokenId: string, now: Date): Promise<void> {
  await db.updateTable('auth_tokens').set({ last_used_at: now })
    .where('tenant_id', '=', tenantId).where('id', '=', tokenId).execute();
}

export async function revokeToken(db: Kysely<DB>, tenantId: string, userId: string, tokenId: string, now: Date): Promise<boolean> {
  const result = await db.updateTable('auth_tokens').set({ revoked_at: now })
    .where('tenant_id', '=', tenantId).where('user_id', '=', userId).where('id', '=', tokenId)
    .where('revoked_at', 'is', null).executeTakeFirst();
  forgetTokens({ tenantId, userId, tokenId });
  return Number(result.numUpdatedRows) > 0;
}

/** Every token of an API client: after it is disabled, deleted or its secret rotated. */
export async function revokeClientTokens(db: Kysely<DB>, tenantId: string, clientId: string, userId: string, now: Date): Promise<void> {
  await db.updateTable('auth_tokens').set({ revoked_at: now })
    .where('tenant_id', '=', tenantId).where('client_id', '=', clientId).where('revoked_at', 'is', null).execute();
  forgetTokens({ tenantId, userId });
}

export async function revokeAllTokensOf(db: Kysely<DB>, tenantId: string, userId: string, now: Date): Promise<void> {
  await db.updateTable('auth_tokens').set({ revoked_at: now })
    .where('tenant_id', '=', tenantId).where('user_id', '=', userId).where('revoked_at', 'is', null).execute();
  forgetTokens({ tenantId, userId });
}

export async function listPersonalTokens(db: Kysely<DB>, tenantId: string, userId: string, now: Date): Promise<TokenRow[]> {
  return db.selectFrom('auth_tokens')
    .select(['id', 'kind', 'name', 'scopes', 'expires_at as expiresAt', 'last_used_at as lastUsedAt', 'created_at as createdAt'])
    .where('tenant_id', '=', tenantId).where('user_id', '=', userId).where('kind', '=', 'personal')
    .where('revoked_at', 'is', null)
    .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', now)]))
    .orderBy('id', 'desc').execute();
}
