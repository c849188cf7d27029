/**
 * Who a ladder step reaches, and the customer tier a policy may match on. The directory exports
 * no manager-chain query, so this file reads its tables (users, org_units) itself, read only.
 */
import { sql } from 'kysely';
import type { Db } from '../../platform/context.ts';
import { FreshCache } from '../../platform/fresh-cache.ts';
import type { Role } from '../../platform/http/actor.ts';
import { getCustomer, getUser, getUsersByIds, listUsers } from '../directory/index.ts';

/** A tenant's org tree is a few levels deep; the bound only stops a cycle from looping. */
const MAX_TREE_DEPTH = 20;
/** A notify-a-role step reaches at most this many people. */
const MAX_ROLE_RECIPIENTS = 200;

export interface Person {
  id: string;
  name: string;
}

/**
 * The managers above a person, nearest first: the manager of their own unit, then of each
 * parent unit. The person is skipped where they manage their own unit, and so is anyone
 * deactivated; `levels` says how many to return.
 */
export async function managerChain(db: Db, tenantId: string, userId: string, levels: number): Promise<Person[]> {
  const result = await sql<{ id: string; name: string; depth: number }>`
    WITH RECURSIVE chain (unit_id, depth) AS (
      SELECT org_unit_id, 0 FROM users WHERE tenant_id = ${tenantId} AND id = ${userId} AND org_unit_id IS NOT NULL
      UNION ALL
      SELECT o.parent_id, c.depth + 1
      FROM chain c JOIN org_units o ON o.tenant_id = ${tenantId} AND o.id = c.unit_id
      WHERE o.parent_id IS NOT NULL AND c.depth < ${MAX_TREE_DEPTH}
    )
    SELECT u.id, u.name, c.depth
    FROM chain c
    JOIN org_units o ON o.tenant_id = ${tenantId} AND o.id = c.unit_id
    JOIN users u ON u.tenant_id = ${tenantId} AND u.id = o.manager_id AND u.active
    WHERE o.manager_id <> ${userId}
    ORDER BY c.depth`.execute(db);
  const seen = new Set<string>();
  return result.rows.filter((row) => !seen.has(row.id) && seen.add(row.id)).slice(0, levels).map(({ id, name }) => ({ id, name }));
}

export async function activeUsersWithRole(db: Db, tenantId: string, role: Role): Promise<Person[]> {
  const users = await listUsers(db, tenantId, { role, active: true, limit: MAX_ROLE_RECIPIENTS });
  return users.map(({ id, name }) => ({ id, name }));
}

export async function activePerson(db: Db, tenantId: string, userId: string): Promise<Person | undefined> {
  const user = await getUser(db, tenantId, userId);
  return user?.active ? { id: user.id, name: user.name } : undefined;
}

/** Which of these ids name no user of the tenant. */
export async function unknownUserIds(db: Db, tenantId: string, ids: readonly string[]): Promise<string[]> {
  const known = new Set((await getUsersByIds(db, tenantId, ids)).map((user) => user.id));
  return ids.filter((id) => !known.has(id));
}

/** Tiers change rarely and intake reads one per ticket with a customer: a few seconds of caching. */
const tiers = new FreshCache<string, string | null>(5000, 10_000);

export async function customerTier(db: Db, tenantId: string, customerId: string | null): Promise<string | null> {
  if (!customerId) return null;
  const key = `${tenantId}:${customerId}`;
  let tier = tiers.get(key);
  if (tier === undefined) {
    tier = (await getCustomer(db, tenantId, customerId))?.tier ?? null;
    tiers.set(key, tier);
  }
  return tier;
}
