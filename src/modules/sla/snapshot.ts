/**
 * The delay snapshot a ladder step keeps when it fires: the event chain so far, who was offered
 * the ticket and when (and who accepted or declined), the related open tickets and both clocks.
 * It answers "why is this ticket late?" as things stood, even after the ticket moved on. Pure.
 */
import type { TicketState } from '../tickets/index.ts';
import type { TicketClock, TicketClocks } from './clocks.ts';

export interface ChainEvent {
  id: string;
  type: string;
  at: Date;
  actorId: string | null;
  data: Record<string, unknown>;
}

export interface Offer {
  userId: string;
  /** dispatched: assigned to one engineer; offered: one of several at once. */
  event: 'dispatched' | 'offered' | 'accepted' | 'declined';
  at: string;
  reason?: string;
}

/** A snapshot keeps the latest events; a ticket's chain is rarely longer. */
export const SNAPSHOT_MAX_EVENTS = 200;

const text = (value: unknown) => (typeof value === 'string' && value ? value : undefined);

/** Who was offered the ticket, who took it and who said no, in time order, from the event chain. */
export function offersFrom(events: readonly ChainEvent[]): Offer[] {
  const offers: Offer[] = [];
  for (const event of events) {
    const at = event.at.toISOString();
    const data = event.data;
    if (event.type === 'dispatched') {
      const offerTo = Array.isArray(data.offerTo) ? data.offerTo.filter((id): id is string => typeof id === 'string') : [];
      if (offerTo.length) offerTo.forEach((userId) => offers.push({ userId, event: 'offered', at }));
      else if (text(data.assigneeId)) offers.push({ userId: data.assigneeId as string, event: 'dispatched', at });
    } else if (event.type === 'accepted') {
      const userId = event.actorId ?? text(data.assigneeId);
      if (userId) offers.push({ userId, event: 'accepted', at });
    } else if (event.type === 'declined') {
      const userId = event.actorId ?? text(data.offerDeclinedBy) ?? text(data.previousAssigneeId);
      if (userId) offers.push({ userId, event: 'declined', at, ...(text(data.reason) ? { reason: data.reason as string } : {}) });
    }
  }
  return offers;
}

/** The creation event carries the whole ticket; the snapshot has the ticket's own summary instead. */
function slim(event: ChainEvent) {
  const data = event.type === 'created' ? Object.fromEntries(Object.entries(event.data).filter(([key]) => key !== 'after')) : event.data;
  return { id: event.id, type: event.type, at: event.at.toISOString(), actorId: event.actorId, data };
}

const clockSummary = (clock: TicketClock) => ({
  targetSeconds: clock.targetSeconds,
  elapsedSeconds: Math.round(clock.elapsedSeconds),
  remainingSeconds: Math.round(clock.remainingSeconds),
  dueAt: clock.dueAt?.toISOString() ?? null,
  paused: clock.paused,
  stopped: clock.stopped,
  breached: clock.breached,
});

const ticketSummary = (ticket: TicketState) => ({
  id: ticket.id, number: ticket.number, status: ticket.status, priority: ticket.priority, title: ticket.title,
  assigneeId: ticket.assigneeId, createdAt: ticket.createdAt.toISOString(),
});

export function buildSnapshot(input: {
  ticket: TicketState;
  events: readonly ChainEvent[];
  related: readonly TicketState[];
  clocks: TicketClocks;
  now: Date;
}) {
  const { ticket, events } = input;
  const kept = events.slice(-SNAPSHOT_MAX_EVENTS);
  return {
    takenAt: input.now.toISOString(),
    ticket: { ...ticketSummary(ticket), offeredTo: ticket.offeredTo },
    clocks: { response: clockSummary(input.clocks.response), resolve: clockSummary(input.clocks.resolve) },
    offers: offersFrom(events),
    events: kept.map(slim),
    eventsOmitted: events.length - kept.length,
    relatedOpen: input.related.map(ticketSummary),
  };
}
