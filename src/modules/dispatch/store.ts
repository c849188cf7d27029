/**
 * SQL of the dispatch module. It owns dispatch_decisions. To rank engineers it also reads, and
 * never writes, the directory's users, user_skills, org_units, customers and devices and the
 * tickets module's tickets and ticket_events: a handful of set-based statements per decision,
 * whatever the number of engineers. The one write outside its table is the tenant's
 * `dispatchWeights` setting (setTenantSetting), since the directory has no settings writer yet.
 */
import { sql } from 'kysely';
import type { Db } from '../../platform/context.ts';
import { uuidv7 } from '../../platform/ids.ts';
import type { Availability, Skill } from '../directory/index.ts';
import type { OrgUnitNode } from './org.ts';
import type { ProposedCandidate, Weights } from './scoring.ts';

const DAY_MS = 86_400_000;
/** "Tickets taken lately" counts the accepts of the last 7 days. */
export const RECENT_DAYS = 7;
/** Past results on a type look back this far, so old history neither dominates nor costs a full scan. */
export const RESULTS_DAYS = 180;
/** What counts as an engineer's open load: tickets on them and not yet resolved. */
const LOADED_STATUSES = ['dispatched', 'accepted', 'in_progress', 'on_hold'];

export interface EngineerRow {
  id: string;
  name: string;
  roles: string[];
  active: boolean;
  availability: Availability;
  leaveDelegateId: string | null;
  leaveFrom: Date | null;
  leaveUntil: Date | null;
  orgUnitId: string | null;
  lat: number | null;
  lng: number | null;
  openLoad: number;
  takenLately: number;
  resolved: number;
  reopened: number;
}

/**
 * The tenant's active engineers with their load, their accepts of the last 7 days and their
 * results on tickets of `type`, in one statement: three grouped sub-queries joined to users.
 */
export async function loadEngineerRows(db: Db, tenantId: string, type: string, now: Date): Promise<EngineerRow[]> {
  const recentSince = new Date(now.getTime() - RECENT_DAYS * DAY_MS);
  const resultsSince = new Date(now.getTime() - RESULTS_DAYS * DAY_MS);
  const result = await sql<EngineerRow>`
    SELECT u.id, u.name, u.roles, u.active, u.availability, u.leave_delegate_id AS "leaveDelegateId",
           u.leave_from AS "leaveFrom", u.leave_until AS "leaveUntil", u.org_unit_id AS "orgUnitId", u.lat, u.lng,
           coalesce(l.open, 0)::int AS "openLoad", coalesce(r.taken, 0)::int AS "takenLately",
           coalesce(t.resolved, 0)::int AS resolved, coalesce(t.reopened, 0)::int AS reopened
    FROM users u
    LEFT JOIN (
      SELECT assignee_id, count(*) AS open FROM tickets
      WHERE tenant_id = ${tenantId} AND status IN (${sql.join(LOADED_STATUSES)}) AND assignee_id IS NOT NULL
      GROUP BY assignee_id
    ) l ON l.assignee_id = u.id
    LEFT JOIN (
      SELECT actor_id, count(DISTINCT ticket_id) AS taken FROM ticket_events
      WHERE tenant_id = ${tenantId} AND type = 'accepted' AND at >= ${recentSince} AND actor_id IS NOT NULL
      GROUP BY actor_id
    ) r ON r.actor_id = u.id
    LEFT JOIN (
      SELECT assignee_id,
             count(*) FILTER (WHERE status IN ('resolved', 'closed')) AS resolved,
             count(*) FILTER (WHERE reopen_count > 0) AS reopened
      FROM tickets
      WHERE tenant_id = ${tenantId} AND type = ${type} AND assignee_id IS NOT NULL AND created_at >= ${resultsSince}
      GROUP BY assignee_id
    ) t ON t.assignee_id = u.id
    WHERE u.tenant_id = ${tenantId} AND u.active AND u.roles @> ARRAY['engineer']::text[]
    ORDER BY u.id`.execute(db);
  return result.rows;
}

/** The skills of `keys` held by anyone in the tenant, by person: only what the filters and the score read. */
export async function loadSkills(db: Db, tenantId: string, keys: readonly string[]): Promise<Map<string, Skill[]>> {
  const byUser = new Map<string, Skill[]>();
  if (!keys.length) return byUser;
  const rows = await db.selectFrom('user_skills')
    .select(['user_id as userId', 'skill_key as key', 'level', 'certificate_no as certificateNo', 'expires_at as expiresAt'])
    .where('tenant_id', '=', tenantId).where('skill_key', 'in', [...keys]).execute();
  for (const row of rows) {
    const skill: Skill = {
      key: row.key, level: row.level, certificateNo: row.certificateNo,
      expiresAt: row.expiresAt ? new Date(row.expiresAt).toISOString() : null,
    };
    const held = byUser.get(row.userId);
    if (held) held.push(skill);
    else byUser.set(row.userId, [skill]);
  }
  return byUser;
}

export async function loadOrgUnits(db: Db, tenantId: string): Promise<OrgUnitNode[]> {
  return db.selectFrom('org_units').select(['id', 'parent_id as parentId', 'kind']).where('tenant_id', '=', tenantId).execute();
}

/** Where a ticket is, for ranking: its customer's org unit, and its device's place (when the ticket has none). */
export async function loadTicketPlace(db: Db, tenantId: string, ticket: { customerId: string | null; deviceId: string | null }) {
  const customer = ticket.customerId
    ? await db.selectFrom('customers').select('org_unit_id as orgUnitId').where('tenant_id', '=', tenantId).where('id', '=', ticket.customerId).executeTakeFirst()
    : undefined;
  const device = ticket.deviceId
    ? await db.selectFrom('devices').select(['lat', 'lng']).where('tenant_id', '=', tenantId).where('id', '=', ticket.deviceId).executeTakeFirst()
    : undefined;
  return {
    customerUnitId: customer?.orgUnitId ?? null,
    deviceLocation: device && device.lat !== null && device.lng !== null ? { lat: device.lat, lng: device.lng } : null,
  };
}

export interface DispatchEvent {
  type: string;
  actorId: string | null;
  data: Record<string, unknown>;
}

/** The events of a ticket that say who had it and how it went, oldest first. */
export async function loadDispatchEvents(db: Db, tenantId: string, ticketId: string): Promise<DispatchEvent[]> {
  return db.selectFrom('ticket_events').select(['type', 'actor_id as actorId', 'data'])
    .where('tenant_id', '=', tenantId).where('ticket_id', '=', ticketId)
    .where('type', 'in', ['dispatched', 'declined', 'offer_expired', 'reopened'])
    .orderBy('id').execute();
}

/**
 * How many times the ticket has been dispatched: the identity of its current dispatch. A count
 * does not depend on the order of event ids, which two processes writing in the same
 * millisecond could not guarantee.
 */
export async function countDispatches(db: Db, tenantId: string, ticketId: string): Promise<number> {
  const row = await db.selectFrom('ticket_events').select((eb) => eb.fn.countAll<string>().as('count'))
    .where('tenant_id', '=', tenantId).where('ticket_id', '=', ticketId).where('type', '=', 'dispatched')
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

export async function loadDispatchers(db: Db, tenantId: string): Promise<{ id: string; orgUnitId: string | null }[]> {
  return db.selectFrom('users').select(['id', 'org_unit_id as orgUnitId'])
    .where('tenant_id', '=', tenantId).where('active', '=', true).where(sql<boolean>`roles @> ARRAY['dispatcher']::text[]`)
    .orderBy('id').execute();
}

export async function loadNames(db: Db, tenantId: string, ids: readonly string[]): Promise<Map<string, string>> {
  if (!ids.length) return new Map();
  const rows = await db.selectFrom('users').select(['id', 'name']).where('tenant_id', '=', tenantId).where('id', 'in', [...ids]).execute();
  return new Map(rows.map((row) => [row.id, row.name]));
}

export type StoredCandidate = ProposedCandidate & { name: string | null };

export interface DecisionInput {
  tenantId: string;
  ticketId: string;
  mode: 'propose' | 'auto' | 'offer' | 'manual';
  trigger: string;
  actorId: string | null;
  chosen: string[];
  candidates: StoredCandidate[];
  eligibleCount: number;
  excludedCount: number;
  weights: Weights;
  now: Date;
}

export async function insertDecision(db: Db, decision: DecisionInput): Promise<string> {
  const id = uuidv7(decision.now.getTime());
  await db.insertInto('dispatch_decisions').values({
    tenant_id: decision.tenantId, id, ticket_id: decision.ticketId, mode: decision.mode, trigger: decision.trigger,
    actor_id: decision.actorId, chosen: decision.chosen, candidates: JSON.stringify(decision.candidates),
    eligible_count: decision.eligibleCount, excluded_count: decision.excludedCount, weights: JSON.stringify(decision.weights),
    created_at: decision.now,
  }).execute();
  return id;
}

/** A ticket's decisions, newest first. */
export async function listDecisions(db: Db, tenantId: string, ticketId: string, limit: number) {
  return db.selectFrom('dispatch_decisions')
    .select(['id', 'mode', 'trigger', 'actor_id as actorId', 'chosen', 'candidates', 'eligible_count as eligibleCount',
      'excluded_count as excludedCount', 'weights', 'created_at as createdAt'])
    .where('tenant_id', '=', tenantId).where('ticket_id', '=', ticketId)
    .orderBy('id', 'desc').limit(limit).execute();
}

/** Sets one key of the tenant's settings, leaving the others as they are. */
export async function setTenantSetting(db: Db, tenantId: string, key: string, value: unknown): Promise<void> {
  await sql`UPDATE tenants SET settings = settings || jsonb_build_object(${key}::text, ${JSON.stringify(value)}::jsonb)
            WHERE id = ${tenantId}`.execute(db);
}
