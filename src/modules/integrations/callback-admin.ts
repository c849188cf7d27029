/**
 * What an admin sees of callbacks: a connector's log (newest first, each with its last
 * attempt's status code, latency and error), replays, and each external link's latest
 * callback on the ticket. The caller (connector-admin.ts) has checked the role and tenant.
 */
import type { Ctx } from '../../platform/context.ts';
import { AppError, notFound } from '../../platform/errors.ts';
import { uuidv7 } from '../../platform/ids.ts';
import { schedule } from '../../platform/runner/index.ts';
import { callbackLaneJob } from './callback-outbox.ts';
import * as store from './callback-store.ts';
import type { TenantConnector } from './connector-ingest.ts';
import type { CallbackStatus } from './connector-tables.ts';

const iso = (value: Date | null) => value?.toISOString() ?? null;

export function toCallbackView(row: store.CallbackRow) {
  return {
    id: row.id, webhookId: row.message_id, replayOf: row.replay_of, ticketId: row.ticket_id, system: row.system, externalId: row.external_id,
    type: row.event_type, status: row.status, attempts: row.attempts, url: row.url, payload: row.payload,
    response: row.response_status === null && row.response_body === null ? null : { status: row.response_status, body: row.response_body },
    latencyMs: row.latency_ms, error: row.error, createdAt: row.created_at.toISOString(),
    lastAttemptAt: iso(row.last_attempt_at), deliveredAt: iso(row.delivered_at),
  };
}

/** The summary on a ticket's external link: where its latest callback stands. */
export function toLinkCallback(row: store.CallbackRow | undefined) {
  if (!row) return null;
  return {
    id: row.id, type: row.event_type, status: row.status, at: (row.last_attempt_at ?? row.created_at).toISOString(), attempts: row.attempts,
    responseStatus: row.response_status, latencyMs: row.latency_ms, lastError: row.error,
  };
}

export async function listCallbacks(ctx: Ctx, connector: TenantConnector, query: {
  status?: CallbackStatus; ticketId?: string; cursor?: string; limit?: number;
}) {
  if (query.cursor && !/^\d{1,19}$/.test(query.cursor)) {
    throw new AppError('invalid_input', 'The cursor is not one this server gave.', { field: 'cursor' });
  }
  const limit = query.limit ?? 50;
  const rows = await store.listCallbacks(ctx.db, connector.tenantId, connector.id, {
    status: query.status, ticketId: query.ticketId, beforeSeq: query.cursor, limit: limit + 1,
  });
  const page = rows.slice(0, limit);
  return { items: page.map(toCallbackView), nextCursor: rows.length > limit ? String(page[page.length - 1].seq) : null };
}

/**
 * Sends a delivered or failed callback again: a new row at the end of its ticket's lane with
 * the original body and webhook-id (the source dedupes by it). One still being retried is a 409:
 * it goes out by itself.
 */
export async function replayCallback(ctx: Ctx, connector: TenantConnector, id: string) {
  const original = await store.getCallback(ctx.db, connector.tenantId, connector.id, id);
  if (!original) throw notFound('Callback', id);
  if (original.status === 'pending' || original.status === 'failing') {
    throw new AppError('illegal_transition', 'This callback is still being sent (with retries); it cannot be replayed until it is delivered or has failed.',
      { id, status: original.status });
  }
  if (!connector.callbackUrl || !connector.active) {
    throw new AppError('business_rule', 'The connector has no callback URL or is disabled: set the URL and enable it first.', { field: 'callbackUrl' });
  }
  const now = ctx.clock.now();
  const replayId = uuidv7(now.getTime());
  await ctx.db.transaction().execute(async (trx) => {
    // Locked as the listener locks it: a lane stopping now either sees this row or is scheduled anew.
    await store.getCallbackTarget(trx, connector.tenantId, connector.id, 'share');
    await store.insertCallbacks(trx, [{
      tenant_id: connector.tenantId, id: replayId, message_id: original.message_id, replay_of: original.id, connector_id: connector.id,
      ticket_id: original.ticket_id, system: original.system, external_id: original.external_id, event_type: original.event_type,
      payload: JSON.stringify(original.payload), created_at: now,
    }]);
    await schedule(trx, callbackLaneJob(connector.tenantId, { connectorId: connector.id, ticketId: original.ticket_id }, now));
  });
  ctx.log.info({ connector: connector.key, callback: id, replay: replayId }, 'connector callback replayed');
  return toCallbackView((await store.getCallback(ctx.db, connector.tenantId, connector.id, replayId))!);
}
