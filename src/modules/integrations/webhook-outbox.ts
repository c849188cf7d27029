/**
 * The outbox side of webhooks: in the ticket change's transaction, one delivery row per matching
 * subscription and event, with the payload frozen as the ticket was then, and a lane job so the
 * runner sends it after the commit. A change that rolls back sends nothing.
 */
import type { Db } from '../../platform/context.ts';
import { uuidv7 } from '../../platform/ids.ts';
import { scheduleAll, type NewJob } from '../../platform/runner/index.ts';
import { toTicketView, type TicketChange, type TicketListener } from '../tickets/index.ts';
import { deriveWebhookEvents, matchesFilter, type DerivedEvent, type WebhookFilter } from './webhook-events.ts';
import { collectingSubscriptions, insertDeliveries } from './webhook-store.ts';
import type { WebhookDeliveriesTable } from './webhook-tables.ts';
import type { Insertable } from 'kysely';

export const WEBHOOK_DELIVER = 'webhook.deliver';
/** High: a lane retries through an outage until the subscription pauses (24 h by default), never dead first. */
export const LANE_MAX_ATTEMPTS = 1000;

/** Payload version 1 of a webhook.deliver job: one ticket's lane of one subscription. */
export interface LanePayload {
  subscriptionId: string;
  ticketId: string;
}

/** One job per lane at a time: the runner's dedupe key holds it while the job is not done. */
export const laneKey = (subscriptionId: string, ticketId: string) => `${subscriptionId}:${ticketId}`;

export function laneJob(tenantId: string, lane: LanePayload, now: Date): NewJob {
  return {
    tenantId, kind: WEBHOOK_DELIVER, payload: { ...lane }, runAt: now, now,
    dedupeKey: laneKey(lane.subscriptionId, lane.ticketId), maxAttempts: LANE_MAX_ATTEMPTS,
  };
}

/** The body receivers get: `{type, timestamp, data: {ticket, actorId, …the event's details}}`. */
export function webhookPayload(event: DerivedEvent, change: Pick<TicketChange, 'after' | 'actorId' | 'now'>): Record<string, unknown> {
  return {
    type: event.type,
    timestamp: change.now.toISOString(),
    data: { ticket: toTicketView(change.after, null, change.now), actorId: change.actorId, ...event.details },
  };
}

export async function writeDeliveries(db: Db, change: TicketChange): Promise<number> {
  const events = deriveWebhookEvents(change);
  if (!events.length) return 0;
  const subscriptions = await collectingSubscriptions(db, change.tenantId, [...new Set(events.map((event) => event.type))]);
  const rows: Insertable<WebhookDeliveriesTable>[] = [];
  const lanes: NewJob[] = [];
  for (const subscription of subscriptions) {
    if (!matchesFilter(subscription.filter as WebhookFilter, change.after)) continue;
    const wanted = events.filter((event) => subscription.events.includes(event.type));
    for (const event of wanted) {
      const id = uuidv7(change.now.getTime());
      rows.push({
        tenant_id: change.tenantId, id, message_id: id, subscription_id: subscription.id, ticket_id: change.after.id,
        event_type: event.type, payload: JSON.stringify(webhookPayload(event, change)), created_at: change.now,
      });
    }
    // A paused subscription keeps its events; its lanes start again when it resumes.
    if (wanted.length && subscription.status === 'active') {
      lanes.push(laneJob(change.tenantId, { subscriptionId: subscription.id, ticketId: change.after.id }, change.now));
    }
  }
  await insertDeliveries(db, rows);
  await scheduleAll(db, lanes);
  return rows.length;
}

/** The ticket listener: webhooks register last, so the payload has every module's effects. */
export const webhookListener: TicketListener = async (db, change) => {
  await writeDeliveries(db, change);
};
