/** Every SQL statement of connector callbacks, always scoped by tenant. */
import type { Insertable, Selectable } from 'kysely';
import type { Db } from '../../platform/context.ts';
import type { CallbackStatus, ConnectorCallbacksTable } from './connector-tables.ts';

export type CallbackRow = Selectable<ConnectorCallbacksTable>;

/** What sending needs of a connector, its callback secret included (never part of its view). */
export interface CallbackTarget {
  id: string;
  key: string;
  name: string;
  userId: string;
  active: boolean;
  callbackUrl: string | null;
  callbackSecret: string | null;
  failures: number;
  alerted: boolean;
}

/**
 * The connector as the sender needs it. `lock` 'share' is the listener's (many changes write
 * callbacks at once); 'update' is the lane's when it stops or records an outage (see
 * callback-deliver.ts for why the two meet on this row).
 */
export async function getCallbackTarget(db: Db, tenantId: string, connectorId: string, lock?: 'share' | 'update'): Promise<CallbackTarget | undefined> {
  let query = db.selectFrom('connectors')
    .select(['id', 'key', 'name', 'user_id', 'active', 'callback_url', 'callback_secret', 'callback_failures', 'callback_alerted'])
    .where('tenant_id', '=', tenantId).where('id', '=', connectorId);
  if (lock === 'share') query = query.forShare();
  if (lock === 'update') query = query.forUpdate();
  const row = await query.executeTakeFirst();
  return row && {
    id: row.id, key: row.key, name: row.name, userId: row.user_id, active: row.active, callbackUrl: row.callback_url,
    callbackSecret: row.callback_secret, failures: row.callback_failures, alerted: row.callback_alerted,
  };
}

/** The links of a ticket whose connector sends callbacks (active, with a URL), their connector rows FOR SHARE. */
export async function callbackLinksOfTicket(db: Db, tenantId: string, ticketId: string) {
  return db.selectFrom('external_links as l')
    .innerJoin('connectors as c', (join) => join.onRef('c.tenant_id', '=', 'l.tenant_id').onRef('c.id', '=', 'l.connector_id'))
    .select(['l.system', 'l.external_id', 'c.id as connector_id', 'c.user_id'])
    .where('l.tenant_id', '=', tenantId).where('l.ticket_id', '=', ticketId)
    .where('c.active', '=', true).where('c.callback_url', 'is not', null)
    .orderBy('c.id').orderBy('l.external_id')
    .forShare('c')
    .execute();
}

export async function setCallbackSecret(db: Db, tenantId: string, connectorId: string, secret: string, now: Date): Promise<void> {
  await db.updateTable('connectors').set({ callback_secret: secret, updated_at: now })
    .where('tenant_id', '=', tenantId).where('id', '=', connectorId).execute();
}

/** The outage counters: failures in a row and whether the admins were told; a success clears both. */
export async function setCallbackOutage(db: Db, tenantId: string, connectorId: string, outage: { failures: number; alerted: boolean }): Promise<void> {
  await db.updateTable('connectors').set({ callback_failures: outage.failures, callback_alerted: outage.alerted })
    .where('tenant_id', '=', tenantId).where('id', '=', connectorId).execute();
}

export async function insertCallbacks(db: Db, rows: Insertable<ConnectorCallbacksTable>[]): Promise<void> {
  if (rows.length) await db.insertInto('connector_callbacks').values(rows).execute();
}

export async function getCallback(db: Db, tenantId: string, connectorId: string, id: string): Promise<CallbackRow | undefined> {
  return db.selectFrom('connector_callbacks').selectAll()
    .where('tenant_id', '=', tenantId).where('connector_id', '=', connectorId).where('id', '=', id).executeTakeFirst();
}

/** The oldest callback of one ticket to one connector still to send: the lane's head. */
export async function laneHead(db: Db, tenantId: string, connectorId: string, ticketId: string): Promise<CallbackRow | undefined> {
  return db.selectFrom('connector_callbacks').selectAll()
    .where('tenant_id', '=', tenantId).where('connector_id', '=', connectorId).where('ticket_id', '=', ticketId)
    .where('status', 'in', ['pending', 'failing']).orderBy('seq').limit(1).executeTakeFirst();
}

export interface AttemptRecord {
  status: Exclude<CallbackStatus, 'pending'>;
  url: string | null;
  responseStatus: number | null;
  responseBody: string | null;
  latencyMs: number;
  error: string | null;
  at: Date;
  /** False when nothing was sent (the connector was switched off): the attempt is not counted. */
  counted: boolean;
}

export async function recordAttempt(db: Db, tenantId: string, id: string, attempt: AttemptRecord): Promise<CallbackRow> {
  return db.updateTable('connector_callbacks').set((eb) => ({
    status: attempt.status, attempts: attempt.counted ? eb('attempts', '+', 1) : eb.ref('attempts'), url: attempt.url,
    response_status: attempt.responseStatus, response_body: attempt.responseBody, latency_ms: attempt.latencyMs,
    error: attempt.error, last_attempt_at: attempt.at, delivered_at: attempt.status === 'delivered' ? attempt.at : null,
  })).where('tenant_id', '=', tenantId).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
}

/** A page of a connector's log, newest first; `beforeSeq` is the cursor. */
export async function listCallbacks(db: Db, tenantId: string, connectorId: string, filter: {
  status?: CallbackStatus; ticketId?: string; beforeSeq?: string; limit: number;
}): Promise<CallbackRow[]> {
  let query = db.selectFrom('connector_callbacks').selectAll()
    .where('tenant_id', '=', tenantId).where('connector_id', '=', connectorId);
  if (filter.status) query = query.where('status', '=', filter.status);
  if (filter.ticketId) query = query.where('ticket_id', '=', filter.ticketId);
  if (filter.beforeSeq) query = query.where('seq', '<', filter.beforeSeq as never);
  return query.orderBy('seq', 'desc').limit(filter.limit).execute();
}

/** The latest callback of each of a ticket's links, by `system` and external id. */
export async function latestCallbacksOfTicket(db: Db, tenantId: string, ticketId: string): Promise<Map<string, CallbackRow>> {
  const rows = await db.selectFrom('connector_callbacks').selectAll()
    .where('tenant_id', '=', tenantId).where('ticket_id', '=', ticketId).orderBy('seq').execute();
  return new Map(rows.map((row) => [linkKey(row.system, row.external_id), row]));
}

export const linkKey = (system: string, externalId: string) => `${system}\u0000${externalId}`;
