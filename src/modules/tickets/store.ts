/** SQL of the tickets module: types, tickets, events, numbers, idempotency keys. */
import { sql, type Selectable } from 'kysely';
import type { Db } from '../../platform/context.ts';
import type { TicketsTable } from '../../platform/db/tables.ts';
import { uuidv7 } from '../../platform/ids.ts';
import type { TicketTypeSeed } from './builtin-types.ts';
import type { FormSchema } from './forms.ts';
import { OPEN_STATUSES, type Location, type Priority, type SlaState, type Status, type TicketState } from './model.ts';

// --- ticket types ------------------------------------------------------------------------

export interface TicketType {
  key: string;
  nameZh: string;
  nameEn: string;
  defaultPriority: Priority;
  formSchema: FormSchema;
  active: boolean;
  builtin: boolean;
  position: number;
  version: number;
  /** How tickets of this type are dispatched; the dispatch module reads and validates it. */
  dispatch: Record<string, unknown>;
}

const typeColumns = ['key', 'name_zh as nameZh', 'name_en as nameEn', 'default_priority as defaultPriority',
  'form_schema as formSchema', 'active', 'builtin', 'position', 'version', 'dispatch'] as const;

export async function insertBuiltinTypes(db: Db, tenantId: string, seeds: TicketTypeSeed[], now: Date): Promise<void> {
  await db.insertInto('ticket_types').values(seeds.map((seed, index) => ({
    tenant_id: tenantId, key: seed.key, name_zh: seed.nameZh, name_en: seed.nameEn,
    default_priority: seed.defaultPriority, builtin: true, position: (index + 1) * 10, created_at: now, updated_at: now,
  }))).onConflict((oc) => oc.columns(['tenant_id', 'key']).doNothing()).execute();
}

export async function listTicketTypes(db: Db, tenantId: string): Promise<TicketType[]> {
  return db.selectFrom('ticket_types').select(typeColumns).where('tenant_id', '=', tenantId)
    .orderBy("position").orderBy("key").execute() as unknown as Promise<TicketType[]>;
}

export async function getTicketType(db: Db, tenantId: string, key: string): Promise<TicketType | undefined> {
  return db.selectFrom('ticket_types').select(typeColumns).where('tenant_id', '=', tenantId).where('key', '=', key)
    .executeTakeFirst() as unknown as Promise<TicketType | undefined>;
}

/** The dispatch settings of a type (written by the dispatch module, which validates them). */
export async function setTicketTypeDispatch(db: Db, tenantId: string, key: string, dispatch: Record<string, unknown>, now: Date) {
  const result = await db.updateTable('ticket_types').set({ dispatch: JSON.stringify(dispatch), version: sql`version + 1`, updated_at: now })
    .where('tenant_id', '=', tenantId).where('key', '=', key).executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

export async function insertTicketType(db: Db, tenantId: string, type: Omit<TicketType, 'version' | 'builtin' | 'dispatch'>, now: Date) {
  await db.insertInto('ticket_types').values({
    tenant_id: tenantId, key: type.key, name_zh: type.nameZh, name_en: type.nameEn, default_priority: type.defaultPriority,
    form_schema: JSON.stringify(type.formSchema), active: type.active, position: type.position, created_at: now, updated_at: now,
  }).execute();
}

export async function updateTicketType(db: Db, tenantId: string, key: string, changes: Partial<Omit<TicketType, 'key' | 'builtin' | 'version'>>, now: Date) {
  const result = await db.updateTable('ticket_types').set({
    ...(changes.nameZh !== undefined && { name_zh: changes.nameZh }),
    ...(changes.nameEn !== undefined && { name_en: changes.nameEn }),
    ...(changes.defaultPriority !== undefined && { default_priority: changes.defaultPriority }),
    ...(changes.formSchema !== undefined && { form_schema: JSON.stringify(changes.formSchema) }),
    ...(changes.active !== undefined && { active: changes.active }),
    ...(changes.position !== undefined && { position: changes.position }),
    version: sql`version + 1`,
    updated_at: now,
  }).where('tenant_id', '=', tenantId).where('key', '=', key).executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

// --- numbers -----------------------------------------------------------------------------

/**
 * The next human number of a tenant's day. It runs as its own statement, outside the
 * creating transaction, so the counter row is locked for one statement and not for a whole
 * intake: like a sequence, a failed intake may leave a gap.
 */
export async function nextTicketNumber(db: Db, tenantId: string, day: string): Promise<string> {
  const row = await db.insertInto('ticket_counters').values({ tenant_id: tenantId, day, last: 1 })
    .onConflict((oc) => oc.columns(['tenant_id', 'day']).doUpdateSet({ last: sql`ticket_counters.last + 1` }))
    .returning('last').executeTakeFirstOrThrow();
  return `WO-${day}-${String(row.last).padStart(4, '0')}`;
}

// --- tickets -----------------------------------------------------------------------------

type TicketRow = Selectable<TicketsTable>;

export function toState(row: TicketRow): TicketState {
  return {
    id: row.id, number: row.number, type: row.type, status: row.status as Status, priority: row.priority as Priority,
    title: row.title, description: row.description, channel: row.channel, requesterId: row.requester_id,
    assigneeId: row.assignee_id, customerId: row.customer_id, deviceId: row.device_id,
    location: row.location as Location | null, fields: row.fields, duplicateOfId: row.duplicate_of_id,
    holdReason: row.hold_reason, heldFrom: row.held_from, solution: row.solution, verification: row.verification,
    responseDueAt: row.response_due_at, resolveDueAt: row.resolve_due_at, firstRespondedAt: row.first_responded_at,
    slaBreaches: row.sla_breaches, resolvedAt: row.resolved_at, closedAt: row.closed_at, reopenCount: row.reopen_count,
    offeredTo: row.offered_to, dispatchFailedAt: row.dispatch_failed_at, dispatchFailure: row.dispatch_failure,
    slaPolicyId: row.sla_policy_id, slaState: row.sla_state as SlaState, originTicketId: row.origin_ticket_id,
    problemId: row.problem_id, createdAt: row.created_at, updatedAt: row.updated_at, version: row.version,
  };
}

const COLUMN_OF: Partial<Record<keyof TicketState, keyof TicketRow>> = {
  type: 'type', status: 'status', priority: 'priority', title: 'title', description: 'description',
  assigneeId: 'assignee_id', customerId: 'customer_id', deviceId: 'device_id', location: 'location', fields: 'fields',
  duplicateOfId: 'duplicate_of_id', holdReason: 'hold_reason', heldFrom: 'held_from', solution: 'solution',
  verification: 'verification', responseDueAt: 'response_due_at', resolveDueAt: 'resolve_due_at',
  firstRespondedAt: 'first_responded_at', slaBreaches: 'sla_breaches', resolvedAt: 'resolved_at', closedAt: 'closed_at',
  reopenCount: 'reopen_count', offeredTo: 'offered_to', dispatchFailedAt: 'dispatch_failed_at',
  dispatchFailure: 'dispatch_failure', slaPolicyId: 'sla_policy_id', slaState: 'sla_state', originTicketId: 'origin_ticket_id',
  problemId: 'problem_id',
};
const JSON_COLUMNS = new Set(['location', 'fields', 'verification', 'sla_breaches', 'sla_state']);

function ticketRow(tenantId: string, ticket: TicketState) {
  return {
    tenant_id: tenantId, id: ticket.id, number: ticket.number, type: ticket.type, status: ticket.status,
    priority: ticket.priority, title: ticket.title, description: ticket.description, channel: ticket.channel,
    requester_id: ticket.requesterId, assignee_id: ticket.assigneeId, customer_id: ticket.customerId,
    device_id: ticket.deviceId, location: ticket.location ? JSON.stringify(ticket.location) : null, fields: JSON.stringify(ticket.fields),
    duplicate_of_id: ticket.duplicateOfId, hold_reason: null, held_from: null, solution: null, verification: null,
    response_due_at: ticket.responseDueAt, resolve_due_at: ticket.resolveDueAt, first_responded_at: null,
    resolved_at: null, closed_at: ticket.closedAt, created_at: ticket.createdAt, updated_at: ticket.updatedAt, version: 1,
    sla_policy_id: ticket.slaPolicyId, sla_state: JSON.stringify(ticket.slaState), sla_breaches: JSON.stringify(ticket.slaBreaches),
    origin_ticket_id: ticket.originTicketId, problem_id: ticket.problemId,
  };
}

export async function insertTicket(db: Db, tenantId: string, ticket: TicketState): Promise<void> {
  await db.insertInto('tickets').values(ticketRow(tenantId, ticket)).execute();
}

export interface NewTicketEvent extends TicketEventInput {
  ticketId: string;
}

/**
 * A new ticket and its first events (on it, or on the ticket it duplicates) in one statement:
 * atomic without a transaction around it, and one round trip instead of four on the hot path
 * of intake. The events' foreign keys are checked at the end of the statement, when the
 * ticket exists.
 */
export async function insertTicketWithEvents(db: Db, tenantId: string, ticket: TicketState, actorId: string | null, events: NewTicketEvent[]): Promise<void> {
  await db.with('created', (qb) => qb.insertInto('tickets').values(ticketRow(tenantId, ticket)).returning('id'))
    .insertInto('ticket_events').values(events.map((event) => ({
      tenant_id: tenantId, id: uuidv7(ticket.createdAt.getTime()), ticket_id: event.ticketId, type: event.type,
      actor_id: actorId, at: ticket.createdAt, data: JSON.stringify(event.data),
    }))).execute();
}

export async function getTicket(db: Db, tenantId: string, id: string, options: { forUpdate?: boolean } = {}) {
  let query = db.selectFrom('tickets').selectAll().where('tenant_id', '=', tenantId).where('id', '=', id);
  if (options.forUpdate) query = query.forUpdate();
  const row = await query.executeTakeFirst();
  return row && toState(row);
}

export async function getTicketsByIds(db: Db, tenantId: string, ids: string[]): Promise<TicketState[]> {
  if (!ids.length) return [];
  const rows = await db.selectFrom('tickets').selectAll().where('tenant_id', '=', tenantId).where('id', 'in', ids).execute();
  return rows.map(toState);
}

/** Writes changed fields and bumps the version (unless only a comment changed it). */
export async function updateTicket(db: Db, tenantId: string, id: string, changes: Partial<TicketState>, now: Date, bumpVersion: boolean) {
  const set: Record<string, unknown> = { updated_at: now };
  for (const [key, value] of Object.entries(changes)) {
    const column = COLUMN_OF[key as keyof TicketState];
    if (!column) continue;
    set[column] = JSON_COLUMNS.has(column) ? (value == null ? null : JSON.stringify(value)) : value;
  }
  if (bumpVersion) set.version = sql`version + 1`;
  const row = await db.updateTable('tickets').set(set).where('tenant_id', '=', tenantId).where('id', '=', id)
    .returningAll().executeTakeFirstOrThrow();
  return toState(row);
}

export interface TicketEventInput {
  type: string;
  data: Record<string, unknown>;
}

export async function appendEvents(db: Db, tenantId: string, ticketId: string, actorId: string | null, at: Date, events: TicketEventInput[]) {
  if (!events.length) return;
  await db.insertInto('ticket_events').values(events.map((event) => ({
    tenant_id: tenantId, id: uuidv7(at.getTime()), ticket_id: ticketId, type: event.type, actor_id: actorId, at,
    data: JSON.stringify(event.data),
  }))).execute();
}

/** Whether the ticket was ever dispatched or offered to this person. */
export async function wasDispatchedTo(db: Db, tenantId: string, ticketId: string, userId: string): Promise<boolean> {
  const result = await sql`
    SELECT 1 FROM ticket_events
    WHERE tenant_id = ${tenantId} AND ticket_id = ${ticketId} AND type = 'dispatched'
      AND (data->>'assigneeId' = ${userId} OR data->'offerTo' ? ${userId})
    LIMIT 1`.execute(db);
  return result.rows.length > 0;
}

export async function listEvents(db: Db, tenantId: string, ticketId: string) {
  return db.selectFrom('ticket_events').select(['id', 'type', 'at', 'actor_id as actorId', 'data'])
    .where('tenant_id', '=', tenantId).where('ticket_id', '=', ticketId).orderBy('id').execute();
}

/** Who may see which tickets: requesters their own, engineers theirs, other staff all. */
export type Visibility = { kind: 'all' } | { kind: 'requester'; userId: string } | { kind: 'worker'; userId: string };

export interface TicketFilter {
  statuses?: Status[];
  assigneeId?: string | null;
  requesterId?: string;
  customerId?: string;
  deviceId?: string;
  type?: string;
  priority?: string;
  q?: string;
  /** Only tickets the dispatch engine could not place (the "dispatch failed" queue). */
  dispatchFailed?: boolean;
  before?: string;
  limit: number;
}

export async function listTickets(db: Db, tenantId: string, visibility: Visibility, filter: TicketFilter): Promise<TicketState[]> {
  let query = db.selectFrom('tickets').selectAll().where('tenant_id', '=', tenantId);
  if (visibility.kind === 'requester') query = query.where('requester_id', '=', visibility.userId);
  if (visibility.kind === 'worker') {
    query = query.where((eb) => eb.or([
      eb('assignee_id', '=', visibility.userId), eb('requester_id', '=', visibility.userId),
      eb('offered_to', '@>', sql<string[]>`ARRAY[${visibility.userId}]::uuid[]`),
    ]));
  }
  if (filter.statuses?.length) query = query.where('status', 'in', filter.statuses);
  if (filter.assigneeId === null) query = query.where('assignee_id', 'is', null);
  else if (filter.assigneeId) query = query.where('assignee_id', '=', filter.assigneeId);
  if (filter.requesterId) query = query.where('requester_id', '=', filter.requesterId);
  if (filter.customerId) query = query.where('customer_id', '=', filter.customerId);
  if (filter.deviceId) query = query.where('device_id', '=', filter.deviceId);
  if (filter.type) query = query.where('type', '=', filter.type);
  if (filter.priority) query = query.where('priority', '=', filter.priority);
  if (filter.q) {
    const like = `%${filter.q.replace(/[\\%_]/g, '\\$&')}%`;
    query = query.where((eb) => eb.or([eb('number', 'ilike', like), eb('title', 'ilike', like), eb('description', 'ilike', like)]));
  }
  if (filter.dispatchFailed) query = query.where('dispatch_failed_at', 'is not', null);
  if (filter.before) query = query.where('id', '<', filter.before);
  const rows = await query.orderBy('id', 'desc').limit(filter.limit).execute();
  return rows.map(toState);
}

/** Open tickets of the same requester or device since a time: where a repeat report would be. */
export async function findDuplicateCandidates(db: Db, tenantId: string, by: { requesterId: string | null; deviceId: string | null; since: Date }) {
  if (!by.requesterId && !by.deviceId) return [];
  return db.selectFrom('tickets').select(['id', 'number', 'title', 'status', 'description'])
    .where('tenant_id', '=', tenantId)
    .where('status', 'in', OPEN_STATUSES as Status[])
    .where('duplicate_of_id', 'is', null)
    .where('created_at', '>=', by.since)
    .where((eb) => eb.or([
      ...(by.requesterId ? [eb('requester_id', '=', by.requesterId)] : []),
      ...(by.deviceId ? [eb('device_id', '=', by.deviceId)] : []),
    ]))
    .orderBy('id', 'desc').limit(20).execute() as Promise<{ id: string; number: string; title: string; status: Status; description: string }[]>;
}

export async function openLoadOf(db: Db, tenantId: string, userIds: string[]): Promise<Map<string, number>> {
  if (!userIds.length) return new Map();
  const rows = await db.selectFrom('tickets').select(['assignee_id', (eb) => eb.fn.countAll<number>().as('open')])
    .where('tenant_id', '=', tenantId).where('assignee_id', 'in', userIds)
    .where('status', 'in', ['dispatched', 'accepted', 'in_progress', 'on_hold'])
    .groupBy('assignee_id').execute();
  return new Map(rows.map((row) => [row.assignee_id!, Number(row.open)]));
}

// --- idempotency -------------------------------------------------------------------------

export async function findIdempotencyKey(db: Db, tenantId: string, userId: string, key: string) {
  return db.selectFrom('idempotency_keys').select(['request_hash as requestHash', 'ticket_id as ticketId'])
    .where('tenant_id', '=', tenantId).where('user_id', '=', userId).where('key', '=', key).executeTakeFirst();
}

/** Claims a key inside the creating transaction; false when another request holds it. */
export async function claimIdempotencyKey(db: Db, row: { tenantId: string; userId: string; key: string; requestHash: string; ticketId: string; now: Date }) {
  const result = await db.insertInto('idempotency_keys').values({
    tenant_id: row.tenantId, user_id: row.userId, key: row.key, request_hash: row.requestHash, ticket_id: row.ticketId,
    created_at: row.now,
  }).onConflict((oc) => oc.doNothing()).executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
}
