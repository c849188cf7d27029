/**
 * Dispatch's reaction to every ticket change, inside the change's transaction: the engine's
 * work is scheduled (a new ticket of an automatic type, a decline), the accept timer is set and
 * withdrawn, the people concerned are told, and a dispatcher's own choice is recorded beside
 * what the engine would have proposed. Timers are due_work rows committed with the change.
 */
import type { Db } from '../../platform/context.ts';
import { cancel, schedule } from '../../platform/runner/index.ts';
import type { TicketChange, TicketListener, TicketState } from '../tickets/index.ts';
import { recordManualDecision, typeConfig } from './engine.ts';
import { tell } from './notices.ts';
import * as store from './store.ts';

export const DISPATCH_AUTO = 'dispatch.auto';
export const ACCEPT_TIMEOUT = 'dispatch.accept_timeout';
export const REDISPATCH = 'dispatch.redispatch';

/** Payload of the accept timer: the dispatch it guards, by its number among the ticket's dispatches. */
export interface AcceptTimeoutPayload {
  ticketId: string;
  dispatchNumber: number;
}

/** One accept timer per dispatch, so a late timer of an earlier dispatch can never hold the key of the next. */
export const acceptTimerKey = (ticketId: string, dispatchNumber: number) => `${ticketId}:${dispatchNumber}`;

const FINISHED = new Set(['resolved', 'closed', 'cancelled']);
/** Actions that put a ticket (back) in the queue, where an automatic type is dispatched at once. */
const QUEUEING_ACTIONS = new Set(['create', 'reopen', 'verify']);

const holders = (ticket: TicketState | null): string[] => {
  if (!ticket || ticket.status !== 'dispatched') return [];
  return ticket.offeredTo.length ? ticket.offeredTo : ticket.assigneeId ? [ticket.assigneeId] : [];
};

async function cancelCurrentTimer(db: Db, change: TicketChange): Promise<void> {
  const count = await store.countDispatches(db, change.tenantId, change.after.id);
  if (count) await cancel(db, change.tenantId, ACCEPT_TIMEOUT, acceptTimerKey(change.after.id, count));
}

async function onDispatched(db: Db, change: TicketChange): Promise<void> {
  const { tenantId, after: ticket, before, now } = change;
  const count = await store.countDispatches(db, tenantId, ticket.id);
  const config = await typeConfig(db, tenantId, ticket.type);
  // A dispatch replaces the one before it: that one's timer (if still waiting) and queued engine work go.
  if (count > 1) await cancel(db, tenantId, ACCEPT_TIMEOUT, acceptTimerKey(ticket.id, count - 1));
  await cancel(db, tenantId, DISPATCH_AUTO, ticket.id);
  await cancel(db, tenantId, REDISPATCH, ticket.id);
  const dueAt = new Date(now.getTime() + config.acceptLimitSeconds * 1000);
  const payload: AcceptTimeoutPayload = { ticketId: ticket.id, dispatchNumber: count };
  await schedule(db, { tenantId, kind: ACCEPT_TIMEOUT, payload: { ...payload }, runAt: dueAt, now, dedupeKey: acceptTimerKey(ticket.id, count) });

  const named = holders(ticket);
  if (!change.events.some((event) => event.type === 'dispatched' && event.data.byEngine)) await recordManualDecision(db, tenantId, ticket, named, change.actorId, now);
  if (ticket.offeredTo.length) {
    await tell(db, tenantId, ticket, 'ticket.offered', ticket.offeredTo, now, { dueAt: dueAt.toISOString(), offeredTo: ticket.offeredTo.length });
  } else if (ticket.assigneeId) {
    await tell(db, tenantId, ticket, 'ticket.assigned', [ticket.assigneeId], now, { dueAt: dueAt.toISOString() });
  }
  const replaced = holders(before).filter((id) => !named.includes(id));
  await tell(db, tenantId, ticket, 'ticket.offer_withdrawn', replaced, now, { reason: '工单已改派他人' });
}

/**
 * The listener. Cheap for the changes that do not concern dispatch (most edits and comments):
 * it reads nothing unless the ticket enters the queue, is dispatched, or leaves `dispatched`.
 */
export function dispatchListener(): TicketListener {
  return async (db, change) => {
    const { tenantId, before, after, events, action, now } = change;
    const types = new Set(events.map((event) => event.type));

    if (types.has('dispatched')) {
      await onDispatched(db, change);
    } else if (before?.status === 'dispatched' && after.status !== 'dispatched') {
      await cancelCurrentTimer(db, change);
    }

    if (types.has('accepted')) {
      const withdrawnFrom = events.find((event) => event.type === 'accepted')?.data.withdrawnFrom;
      if (Array.isArray(withdrawnFrom)) {
        await tell(db, tenantId, after, 'ticket.offer_withdrawn', withdrawnFrom as string[], now, { reason: '已由其他工程师接单' });
      }
    }

    // Nobody left to accept after a decline: the engine moves on at once, whatever the mode.
    if (types.has('declined') && after.status === 'new') {
      const declined = events.find((event) => event.type === 'declined')!;
      await schedule(db, {
        tenantId, kind: REDISPATCH, payload: { ticketId: after.id, declinedBy: change.actorId, reason: declined.data.reason ?? null }, runAt: now, now, dedupeKey: after.id,
      });
    }

    if (after.status === 'new' && before?.status !== 'new' && QUEUEING_ACTIONS.has(action) && !after.dispatchFailedAt) {
      const config = await typeConfig(db, tenantId, after.type);
      if (config.mode !== 'propose') {
        await schedule(db, { tenantId, kind: DISPATCH_AUTO, payload: { ticketId: after.id }, runAt: now, now, dedupeKey: after.id });
      }
    }

    if (FINISHED.has(after.status) && before && !FINISHED.has(before.status)) {
      await cancel(db, tenantId, DISPATCH_AUTO, after.id);
      await cancel(db, tenantId, REDISPATCH, after.id);
    }
  };
}
