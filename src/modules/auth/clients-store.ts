/** SQL of OAuth2 API clients (migration 0016_api_clients.sql). */
import type { Kysely } from 'kysely';
import type { Db } from '../../platform/context.ts';
import type { DB } from '../../platform/db/tables.ts';
import type { Role } from '../../platform/http/actor.ts';

export interface ApiClient {
  tenantId: string;
  id: string;
  clientId: string;
  secretHash: string;
  name: string;
  userId: string;
  roles: Role[];
  scopes: string[];
  rateLimitPerMinute: number;
  tokenTtlSeconds: number;
  active: boolean;
  createdBy: string;
  lastTokenAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

function select(db: Db) {
  return db.selectFrom('api_clients as c')
    .innerJoin('users as u', (join) => join.onRef('u.tenant_id', '=', 'c.tenant_id').onRef('u.id', '=', 'c.user_id'))
    .select(['c.tenant_id as tenantId', 'c.id', 'c.client_id as clientId', 'c.secret_hash as secretHash', 'c.name', 'c.user_id as userId',
      'u.roles', 'c.scopes', 'c.rate_limit_per_minute as rateLimitPerMinute', 'c.token_ttl_seconds as tokenTtlSeconds', 'c.active',
      'c.created_by as createdBy', 'c.last_token_at as lastTokenAt', 'c.created_at as createdAt', 'c.updated_at as updatedAt']);
}

const toClient = <T extends { roles: string[] }>(row: T) => ({ ...row, roles: row.roles as Role[] });

export async function insertClient(db: Db, client: Omit<ApiClient, 'roles' | 'lastTokenAt' | 'updatedAt' | 'active'>): Promise<void> {
  await db.insertInto('api_clients').values({
    tenant_id: client.tenantId, id: client.id, client_id: client.clientId, secret_hash: client.secretHash, name: client.name,
    user_id: client.userId, scopes: client.scopes, rate_limit_per_minute: client.rateLimitPerMinute,
    token_ttl_seconds: client.tokenTtlSeconds, created_by: client.createdBy, created_at: client.createdAt, updated_at: client.createdAt,
  }).execute();
}

export async function getClient(db: Db, tenantId: string, id: string): Promise<ApiClient | undefined> {
  const row = await select(db).where('c.tenant_id', '=', tenantId).where('c.id', '=', id).executeTakeFirst();
  return row && toClient(row);
}

/** The token endpoint's lookup: the client id is unique across tenants. */
export async function findClientByClientId(db: Kysely<DB>, clientId: string): Promise<ApiClient | undefined> {
  const row = await select(db).where('c.client_id', '=', clientId).executeTakeFirst();
  return row && toClient(row);
}

export async function listClients(db: Db, tenantId: string): Promise<ApiClient[]> {
  const rows = await select(db).where('c.tenant_id', '=', tenantId).orderBy('c.id').execute();
  return rows.map(toClient);
}

export async function updateClient(db: Db, tenantId: string, id: string, changes: {
  name?: string; scopes?: string[]; rateLimitPerMinute?: number; tokenTtlSeconds?: number; active?: boolean; secretHash?: string;
  lastTokenAt?: Date;
}, now: Date): Promise<void> {
  await db.updateTable('api_clients').set({
    ...(changes.name !== undefined ? { name: changes.name } : {}),
    ...(changes.scopes !== undefined ? { scopes: changes.scopes } : {}),
    ...(changes.rateLimitPerMinute !== undefined ? { rate_limit_per_minute: changes.rateLimitPerMinute } : {}),
    ...(changes.tokenTtlSeconds !== undefined ? { token_ttl_seconds: changes.tokenTtlSeconds } : {}),
    ...(changes.active !== undefined ? { active: changes.active } : {}),
    ...(changes.secretHash !== undefined ? { secret_hash: changes.secretHash } : {}),
    ...(changes.lastTokenAt !== undefined ? { last_token_at: changes.lastTokenAt } : { updated_at: now }),
  }).where('tenant_id', '=', tenantId).where('id', '=', id).execute();
}

export async function deleteClient(db: Db, tenantId: string, id: string): Promise<void> {
  await db.deleteFrom('api_clients').where('tenant_id', '=', tenantId).where('id', '=', id).execute();
}
