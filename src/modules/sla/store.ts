/**
 * SQL of the SLA module: calendars, policies and fired ladder steps, always scoped by tenant.
 * It also reads (never writes) the tickets' SLA columns and status events: the recompute job
 * pages through a policy's open tickets, and the clocks are derived from the event chain.
 */
import { sql, type Selectable } from 'kysely';
import type { Db } from '../../platform/context.ts';
import type { SlaCalendarsTable, SlaPoliciesTable } from '../../platform/db/tables.ts';
import { OPEN_STATUSES } from '../tickets/index.ts';
import type { Calendar } from './calendar.ts';
import type { LadderAction, LadderStep, PolicyMatch, SlaPolicy } from './policy.ts';
import type { ValidPolicy } from './policy-validation.ts';

// --- calendars ---------------------------------------------------------------------------

export interface SlaCalendar {
  id: string;
  name: string;
  calendar: Calendar;
  createdAt: Date;
  updatedAt: Date;
}

const toCalendar = (row: Selectable<SlaCalendarsTable>): SlaCalendar => ({
  id: row.id, name: row.name, calendar: row.definition as unknown as Calendar, createdAt: row.created_at, updatedAt: row.updated_at,
});

export async function listCalendars(db: Db, tenantId: string): Promise<SlaCalendar[]> {
  const rows = await db.selectFrom('sla_calendars').selectAll().where('tenant_id', '=', tenantId).orderBy('id').execute();
  return rows.map(toCalendar);
}

export async function getCalendar(db: Db, tenantId: string, id: string, options: { forUpdate?: boolean } = {}) {
  let query = db.selectFrom('sla_calendars').selectAll().where('tenant_id', '=', tenantId).where('id', '=', id);
  if (options.forUpdate) query = query.forUpdate();
  const row = await query.executeTakeFirst();
  return row && toCalendar(row);
}

export async function insertCalendar(db: Db, tenantId: string, calendar: { id: string; name: string; calendar: Calendar }, now: Date) {
  await db.insertInto('sla_calendars').values({
    tenant_id: tenantId, id: calendar.id, name: calendar.name, definition: JSON.stringify(calendar.calendar),
    created_at: now, updated_at: now,
  }).execute();
}

export async function updateCalendar(db: Db, tenantId: string, id: string, changes: { name: string; calendar: Calendar }, now: Date) {
  await db.updateTable('sla_calendars').set({ name: changes.name, definition: JSON.stringify(changes.calendar), updated_at: now })
    .where('tenant_id', '=', tenantId).where('id', '=', id).execute();
}

export async function deleteCalendar(db: Db, tenantId: string, id: string): Promise<void> {
  await db.deleteFrom('sla_calendars').where('tenant_id', '=', tenantId).where('id', '=', id).execute();
}

// --- policies ----------------------------------------------------------------------------

const toPolicy = (row: Selectable<SlaPoliciesTable>): SlaPolicy => ({
  id: row.id, name: row.name, position: row.position, match: row.match as PolicyMatch, calendarId: row.calendar_id,
  responseSeconds: row.response_seconds, resolveSeconds: row.resolve_seconds, pausedStatuses: row.paused_statuses,
  ladder: row.ladder as LadderStep[], active: row.active, version: row.version, createdAt: row.created_at, updatedAt: row.updated_at,
});

/** Every policy of the tenant in first-match order (a tenant has tens, not thousands). */
export async function listPolicies(db: Db, tenantId: string): Promise<SlaPolicy[]> {
  const rows = await db.selectFrom('sla_policies').selectAll().where('tenant_id', '=', tenantId)
    .orderBy('position').orderBy('id').execute();
  return rows.map(toPolicy);
}

/** forShare: the recompute job holds the policy still while it works, so an admin's change waits for its batch. */
export async function getPolicy(db: Db, tenantId: string, id: string, options: { forUpdate?: boolean; forShare?: boolean } = {}) {
  let query = db.selectFrom('sla_policies').selectAll().where('tenant_id', '=', tenantId).where('id', '=', id);
  if (options.forUpdate) query = query.forUpdate();
  else if (options.forShare) query = query.forShare();
  const row = await query.executeTakeFirst();
  return row && toPolicy(row);
}

export async function insertPolicy(db: Db, tenantId: string, id: string, policy: ValidPolicy, now: Date): Promise<void> {
  await db.insertInto('sla_policies').values({
    tenant_id: tenantId, id, name: policy.name, position: policy.position, match: JSON.stringify(policy.match),
    calendar_id: policy.calendarId, response_seconds: policy.responseSeconds, resolve_seconds: policy.resolveSeconds,
    paused_statuses: policy.pausedStatuses, ladder: JSON.stringify(policy.ladder), active: policy.active,
    created_at: now, updated_at: now,
  }).execute();
}

/** Writes the whole policy and bumps its version; returns the new version. */
export async function updatePolicy(db: Db, tenantId: string, id: string, policy: ValidPolicy, now: Date): Promise<number> {
  const row = await db.updateTable('sla_policies').set({
    name: policy.name, position: policy.position, match: JSON.stringify(policy.match), calendar_id: policy.calendarId,
    response_seconds: policy.responseSeconds, resolve_seconds: policy.resolveSeconds, paused_statuses: policy.pausedStatuses,
    ladder: JSON.stringify(policy.ladder), active: policy.active, version: sql`version + 1`, updated_at: now,
  }).where('tenant_id', '=', tenantId).where('id', '=', id).returning('version').executeTakeFirstOrThrow();
  return row.version;
}

export async function deactivatePolicy(db: Db, tenantId: string, id: string, now: Date): Promise<void> {
  await db.updateTable('sla_policies').set({ active: false, version: sql`version + 1`, updated_at: now })
    .where('tenant_id', '=', tenantId).where('id', '=', id).execute();
}

export async function deletePolicy(db: Db, tenantId: string, id: string): Promise<void> {
  await db.deleteFrom('sla_policies').where('tenant_id', '=', tenantId).where('id', '=', id).execute();
}

/** Whether any ticket or fired step refers to the policy (then it can only be deactivated). */
export async function policyInUse(db: Db, tenantId: string, id: string): Promise<boolean> {
  const row = await sql<{ used: boolean }>`
    SELECT EXISTS (SELECT 1 FROM tickets WHERE tenant_id = ${tenantId} AND sla_policy_id = ${id})
        OR EXISTS (SELECT 1 FROM sla_escalations WHERE tenant_id = ${tenantId} AND policy_id = ${id}) AS used`.execute(db);
  return row.rows[0].used;
}

/** The policies that count business time on a calendar, locked: their versions move with it. */
export async function policiesOnCalendar(db: Db, tenantId: string, calendarId: string) {
  return db.selectFrom('sla_policies').select(['id', 'name'])
    .where('tenant_id', '=', tenantId).where('calendar_id', '=', calendarId).orderBy('id').forUpdate().execute();
}

/** A calendar change changes the deadlines of its policies: bump their versions; returns them. */
export async function bumpPolicyVersions(db: Db, tenantId: string, ids: string[], now: Date) {
  if (!ids.length) return [];
  return db.updateTable('sla_policies').set({ version: sql`version + 1`, updated_at: now })
    .where('tenant_id', '=', tenantId).where('id', 'in', ids).returning(['id', 'version']).execute();
}

export async function countPolicies(db: Db, tenantId: string): Promise<number> {
  const row = await db.selectFrom('sla_policies').select((eb) => eb.fn.countAll<string>().as('n'))
    .where('tenant_id', '=', tenantId).executeTakeFirstOrThrow();
  return Number(row.n);
}

// --- fired ladder steps ------------------------------------------------------------------

export interface FiredStep {
  stepKey: string;
  policyId: string;
  firedAt: Date;
  actions: ActionResult[];
  snapshot: Record<string, unknown>;
}

/** What one ladder action did, as the escalated event and the ticket's SLA view show it. */
export interface ActionResult {
  action: LadderAction;
  ok: boolean;
  /** A sentence for people: whom it notified, why it could not reassign. */
  result: string;
  userIds?: string[];
  ticketId?: string;
}

/**
 * Claims a step for a ticket. The primary key (ticket, step) makes it fire once, however many
 * runners hold a job for it: false when the step fired already.
 */
export async function claimStep(db: Db, tenantId: string, row: { ticketId: string; stepKey: string; policyId: string; firedAt: Date; snapshot: Record<string, unknown> }) {
  const result = await db.insertInto('sla_escalations').values({
    tenant_id: tenantId, ticket_id: row.ticketId, step_key: row.stepKey, policy_id: row.policyId, fired_at: row.firedAt,
    snapshot: JSON.stringify(row.snapshot),
  }).onConflict((oc) => oc.columns(['tenant_id', 'ticket_id', 'step_key']).doNothing()).executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
}

export async function recordStepResults(db: Db, tenantId: string, ticketId: string, stepKey: string, actions: ActionResult[]) {
  await db.updateTable('sla_escalations').set({ actions: JSON.stringify(actions) })
    .where('tenant_id', '=', tenantId).where('ticket_id', '=', ticketId).where('step_key', '=', stepKey).execute();
}

export async function firedSteps(db: Db, tenantId: string, ticketId: string): Promise<FiredStep[]> {
  const rows = await db.selectFrom('sla_escalations').selectAll().where('tenant_id', '=', tenantId).where('ticket_id', '=', ticketId)
    .orderBy('fired_at').orderBy('step_key').execute();
  return rows.map((row) => ({
    stepKey: row.step_key, policyId: row.policy_id, firedAt: row.fired_at, actions: row.actions as ActionResult[], snapshot: row.snapshot,
  }));
}

export async function firedStepKeys(db: Db, tenantId: string, ticketId: string): Promise<Set<string>> {
  const rows = await db.selectFrom('sla_escalations').select('step_key').where('tenant_id', '=', tenantId).where('ticket_id', '=', ticketId).execute();
  return new Set(rows.map((row) => row.step_key));
}

// --- tickets (read only) -----------------------------------------------------------------

/** A page of a policy's open tickets by id: an index range scan on tickets_sla_policy. */
export async function openTicketIdsOfPolicy(db: Db, tenantId: string, policyId: string, after: string | null, limit: number) {
  let query = db.selectFrom('tickets').select('id')
    .where('tenant_id', '=', tenantId).where('sla_policy_id', '=', policyId).where('status', 'in', [...OPEN_STATUSES]);
  if (after) query = query.where('id', '>', after);
  const rows = await query.orderBy('id').limit(limit).execute();
  return rows.map((row) => row.id);
}

/** The events that can carry a status (creation and transitions) of one ticket, oldest first. */
export async function statusEvents(db: Db, tenantId: string, ticketId: string) {
  return db.selectFrom('ticket_events').select(['type', 'at', 'data'])
    .where('tenant_id', '=', tenantId).where('ticket_id', '=', ticketId)
    .where((eb) => eb.or([eb('type', '=', 'created'), sql<boolean>`data ? 'to'`]))
    .orderBy('id').execute();
}
