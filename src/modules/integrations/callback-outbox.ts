/**
 * The outbox side of callbacks: in the ticket change's transaction, one callback row per linked
 * record whose connector has a callback URL, with its body frozen as the change made it, and a
 * lane job so the runner sends it after the commit. A change that rolls back sends nothing.
 */
import type { Insertable } from 'kysely';
import type { Db } from '../../platform/context.ts';
import { uuidv7 } from '../../platform/ids.ts';
import { schedule, type NewJob } from '../../platform/runner/index.ts';
import type { TicketChange, TicketHooks } from '../tickets/index.ts';
import { callbackPayload, deriveCallbackEvent } from './callback-events.ts';
import { callbackLinksOfTicket, insertCallbacks } from './callback-store.ts';
import type { ConnectorCallbacksTable } from './connector-tables.ts';

export const CONNECTOR_CALLBACK = 'connector.callback';
/**
 * High: each callback has its own bound (MAX_CALLBACK_ATTEMPTS in callback-deliver.ts) and the
 * lane goes on past one that gave up, so the lane job itself must not go dead first.
 */
export const LANE_MAX_ATTEMPTS = 1000;

/** Payload version 1 of a connector.callback job: one ticket's callbacks to one connector. */
export interface CallbackLane {
  connectorId: string;
  ticketId: string;
}

export function callbackLaneJob(tenantId: string, lane: CallbackLane, now: Date): NewJob {
  return {
    tenantId, kind: CONNECTOR_CALLBACK, payload: { ...lane }, runAt: now, now,
    dedupeKey: `${lane.connectorId}:${lane.ticketId}`, maxAttempts: LANE_MAX_ATTEMPTS,
  };
}

export async function writeCallbacks(db: Db, change: TicketChange): Promise<number> {
  const event = deriveCallbackEvent(change);
  if (!event) return 0;
  // FOR SHARE on the connectors: a lane that is stopping waits for this commit, or this waits for it (callback-deliver.ts).
  const links = await callbackLinksOfTicket(db, change.tenantId, change.after.id);
  if (!links.length) return 0;
  const rows: Insertable<ConnectorCallbacksTable>[] = links.map((link) => {
    const id = uuidv7(change.now.getTime());
    const payload = callbackPayload(event, {
      ticketId: change.after.id, number: change.after.number, system: link.system, externalId: link.external_id,
      bySource: change.actorId === link.user_id, at: change.now,
    });
    return {
      tenant_id: change.tenantId, id, message_id: id, connector_id: link.connector_id, ticket_id: change.after.id, system: link.system,
      external_id: link.external_id, event_type: event.type, payload: JSON.stringify(payload), created_at: change.now,
    };
  });
  await insertCallbacks(db, rows);
  for (const connectorId of new Set(links.map((link) => link.connector_id))) {
    await schedule(db, callbackLaneJob(change.tenantId, { connectorId, ticketId: change.after.id }, change.now));
  }
  return rows.length;
}

/** Registered with the connectors' listener: after closure, problems, SLA and dispatch, before webhooks. */
export function registerCallbackListener(hooks: TicketHooks): void {
  hooks.onChange('connectors.callbacks', async (db, change) => {
    await writeCallbacks(db, change);
  });
}
