/** Every SQL statement of outbound webhooks, always scoped by tenant. */
import { sql, type Insertable, type Selectable, type Updateable } from 'kysely';
import type { Db } from '../../platform/context.ts';
import type { DeliveryStatus, WebhookDeliveriesTable, WebhookSubscriptionsTable } from './webhook-tables.ts';

export type SubscriptionRow = Selectable<WebhookSubscriptionsTable>;
export type DeliveryRow = Selectable<WebhookDeliveriesTable>;

export interface WebhookSettings {
  allowPrivateNetworks: boolean;
  alertAfterFailures: number;
  pauseAfterSeconds: number;
}
export const DEFAULT_SETTINGS: WebhookSettings = { allowPrivateNetworks: true, alertAfterFailures: 3, pauseAfterSeconds: 24 * 3600 };

// --- settings ------------------------------------------------------------------------------
export async function getSettings(db: Db, tenantId: string): Promise<WebhookSettings> {
  const row = await db.selectFrom('webhook_settings').selectAll().where('tenant_id', '=', tenantId).executeTakeFirst();
  if (!row) return DEFAULT_SETTINGS;
  return { allowPrivateNetworks: row.allow_private_networks, alertAfterFailures: row.alert_after_failures, pauseAfterSeconds: row.pause_after_seconds };
}

export async function saveSettings(db: Db, tenantId: string, settings: WebhookSettings, now: Date): Promise<void> {
  const values = {
    allow_private_networks: settings.allowPrivateNetworks, alert_after_failures: settings.alertAfterFailures,
    pause_after_seconds: settings.pauseAfterSeconds, updated_at: now,
  };
  await db.insertInto('webhook_settings').values({ tenant_id: tenantId, ...values })
    .onConflict((conflict) => conflict.column('tenant_id').doUpdateSet(values)).execute();
}

// --- subscriptions -------------------------------------------------------------------------
export async function insertSubscription(db: Db, row: Insertable<WebhookSubscriptionsTable>): Promise<SubscriptionRow> {
  return db.insertInto('webhook_subscriptions').values(row).returningAll().executeTakeFirstOrThrow();
}

export async function getSubscription(db: Db, tenantId: string, id: string, lock?: 'update'): Promise<SubscriptionRow | undefined> {
  let query = db.selectFrom('webhook_subscriptions').selectAll().where('tenant_id', '=', tenantId).where('id', '=', id);
  if (lock) query = query.forUpdate();
  return query.executeTakeFirst();
}

export async function listSubscriptions(db: Db, tenantId: string): Promise<SubscriptionRow[]> {
  return db.selectFrom('webhook_subscriptions').selectAll().where('tenant_id', '=', tenantId).orderBy('id').execute();
}

export async function updateSubscription(db: Db, tenantId: string, id: string, changes: Updateable<WebhookSubscriptionsTable>): Promise<SubscriptionRow> {
  return db.updateTable('webhook_subscriptions').set(changes).where('tenant_id', '=', tenantId).where('id', '=', id)
    .returningAll().executeTakeFirstOrThrow();
}

export async function deleteSubscription(db: Db, tenantId: string, id: string): Promise<boolean> {
  const result = await db.deleteFrom('webhook_subscriptions').where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst();
  return Number(result.numDeletedRows) === 1;
}

/**
 * The subscriptions that collect events of these types (active, or paused by an outage: a paused
 * one keeps its events for when it resumes). FOR SHARE: a lane that finishes takes the row FOR
 * UPDATE before it stops (see webhook-deliver.ts), so it waits for this change to commit and
 * then sees its deliveries, or this change waits and schedules a new lane job.
 */
export async function collectingSubscriptions(db: Db, tenantId: string, eventTypes: string[]): Promise<SubscriptionRow[]> {
  const result = await sql<SubscriptionRow>`
    SELECT * FROM webhook_subscriptions
    WHERE tenant_id = ${tenantId} AND status IN ('active', 'paused') AND events && ${eventTypes}::text[]
    ORDER BY id
    FOR SHARE`.execute(db);
  return result.rows;
}

// --- deliveries ----------------------------------------------------------------------------
export async function insertDeliveries(db: Db, rows: Insertable<WebhookDeliveriesTable>[]): Promise<void> {
  if (rows.length) await db.insertInto('webhook_deliveries').values(rows).execute();
}

export async function getDelivery(db: Db, tenantId: string, subscriptionId: string, id: string): Promise<DeliveryRow | undefined> {
  return db.selectFrom('webhook_deliveries').selectAll()
    .where('tenant_id', '=', tenantId).where('subscription_id', '=', subscriptionId).where('id', '=', id).executeTakeFirst();
}

/** The oldest delivery of one ticket to one subscription that has not arrived yet: the lane's head. */
export async function laneHead(db: Db, tenantId: string, subscriptionId: string, ticketId: string): Promise<DeliveryRow | undefined> {
  return db.selectFrom('webhook_deliveries').selectAll()
    .where('tenant_id', '=', tenantId).where('subscription_id', '=', subscriptionId).where('ticket_id', '=', ticketId)
    .where('status', '<>', 'delivered').orderBy('seq').limit(1).executeTakeFirst();
}

/** The tickets with deliveries still to send to a subscription: the lanes to restart on resume. */
export async function pendingLanes(db: Db, tenantId: string, subscriptionId: string): Promise<string[]> {
  const rows = await db.selectFrom('webhook_deliveries').select('ticket_id').distinct()
    .where('tenant_id', '=', tenantId).where('subscription_id', '=', subscriptionId).where('status', '<>', 'delivered').execute();
  return rows.map((row) => row.ticket_id);
}

export async function recordAttempt(db: Db, tenantId: string, id: string, attempt: {
  status: DeliveryStatus; request: Record<string, unknown>; responseStatus: number | null; responseBody: string | null;
  latencyMs: number; error: string | null; at: Date;
}): Promise<void> {
  await db.updateTable('webhook_deliveries').set((eb) => ({
    status: attempt.status, attempts: eb('attempts', '+', 1), request: JSON.stringify(attempt.request),
    response_status: attempt.responseStatus, response_body: attempt.responseBody, latency_ms: attempt.latencyMs,
    error: attempt.error, last_attempt_at: attempt.at, delivered_at: attempt.status === 'delivered' ? attempt.at : null,
  })).where('tenant_id', '=', tenantId).where('id', '=', id).execute();
}

/** A page of the log, newest first; `beforeSeq` is the cursor. */
export async function listDeliveries(db: Db, tenantId: string, subscriptionId: string, filter: {
  status?: DeliveryStatus; beforeSeq?: string; limit: number;
}): Promise<DeliveryRow[]> {
  let query = db.selectFrom('webhook_deliveries').selectAll()
    .where('tenant_id', '=', tenantId).where('subscription_id', '=', subscriptionId);
  if (filter.status) query = query.where('status', '=', filter.status);
  if (filter.beforeSeq) query = query.where('seq', '<', filter.beforeSeq as never);
  return query.orderBy('seq', 'desc').limit(filter.limit).execute();
}

/** The original (not replayed) deliveries created in [from, to), oldest first, at most `limit`. */
export async function deliveriesBetween(db: Db, tenantId: string, subscriptionId: string, from: Date, to: Date, limit: number): Promise<DeliveryRow[]> {
  return db.selectFrom('webhook_deliveries').selectAll()
    .where('tenant_id', '=', tenantId).where('subscription_id', '=', subscriptionId).where('replay_of', 'is', null)
    .where('created_at', '>=', from).where('created_at', '<', to).orderBy('seq').limit(limit).execute();
}
