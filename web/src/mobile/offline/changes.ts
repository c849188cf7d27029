/**
 * What the engineer app queues: each action, comment, photo and checklist tick is a change in
 * the outbox (IndexedDB) before it is sent, so nothing typed or photographed offline is lost.
 * Pure types and helpers: no browser API here (unit-tested in Node).
 */

export type WorkAction = 'accept' | 'decline' | 'start' | 'resolve';

export type ChangeOp =
  | { kind: 'action'; action: WorkAction; reason?: string; solution?: string }
  | { kind: 'comment'; body: string }
  /** A photo or file kept in the outbox's file store until the server has it. */
  | { kind: 'upload'; fileId: string; name: string; size: number; sha256: string | null }
  /** Ticks a checklist item; fileIds name uploads queued before it (resolved to server ids when sent). */
  | { kind: 'tick'; key: string; label: string; fileIds: string[]; text?: string; value?: number };

export interface QueuedChange {
  /** The outbox's order (IndexedDB key): changes are sent in this order. */
  seq?: number;
  id: string;
  ticketId: string;
  ticketNumber: string;
  op: ChangeOp;
  queuedAt: string;
  attempts: number;
  /**
   * Set just before each send: the id of the ticket's last event then (null: it had none).
   * When a send ends without an answer (the network dropped), the server may or may not have
   * applied it; the next attempt first looks for its event after this one, so a retry never
   * applies a change twice. Undefined: never sent.
   */
  sentAfterEventId?: string | null;
}

/** Why the server would not take a change, in terms a person can act on. */
export type ProblemReason =
  | { kind: 'cancelled' }
  | { kind: 'closed' }
  | { kind: 'reassigned' }
  | { kind: 'changed'; status: string }
  | { kind: 'refused'; message: string };

/** A change (and those after it on the same ticket) that the server refused: kept until the engineer has read it. */
export interface SyncProblem {
  id: string;
  ticketId: string;
  ticketNumber: string;
  reason: ProblemReason;
  /** The refused change first, then the later changes of the ticket that were not sent because of it. */
  changes: ChangeOp[];
  fileIds: string[];
  at: string;
}

/** The ticket's event as the API lists it. */
export interface EventLike {
  id: string;
  type: string;
  actorId: string | null;
  data: Record<string, unknown>;
}

const ACTION_EVENTS: Record<WorkAction, string> = { accept: 'accepted', decline: 'declined', start: 'started', resolve: 'resolved' };

/** The events after the marker (all of them when there is none, or it is no longer listed). */
export function eventsAfter<E extends EventLike>(events: readonly E[], markerId: string | null | undefined): E[] {
  if (!markerId) return [...events];
  const index = events.findIndex((event) => event.id === markerId);
  return index < 0 ? [...events] : events.slice(index + 1);
}

/**
 * The event this change made, if the server already applied it: the same kind of event, by
 * this engineer, with the same content (the photo's bytes by sha256, the tick's item, the
 * comment's text). Only events after the send's marker count, so earlier work is not mistaken
 * for this change.
 */
export function appliedEvent<E extends EventLike>(change: QueuedChange, events: readonly E[], meId: string): E | undefined {
  const candidates = eventsAfter(events, change.sentAfterEventId).filter((event) => event.actorId === meId);
  const { op } = change;
  switch (op.kind) {
    case 'action':
      return candidates.find((event) => event.type === ACTION_EVENTS[op.action]);
    case 'comment':
      return candidates.find((event) => event.type === 'commented' && event.data.body === op.body.trim());
    case 'upload':
      return candidates.find((event) => event.type === 'attachment_added'
        && (op.sha256 ? event.data.sha256 === op.sha256 : event.data.size === op.size));
    case 'tick':
      return candidates.find((event) => event.type === 'checklist_item_done' && event.data.key === op.key);
  }
}

/** The ticket as the refusal's explanation needs it (null: the engineer can no longer see it). */
export interface TicketNow {
  status: string;
  assigneeId: string | null;
  offeredTo: string[];
}

/**
 * Why a change was refused, from the server's answer and the ticket as it is now: cancelled,
 * closed or given to someone else while the engineer was offline, or the server's own reason
 * (a 422 names the missing checklist items, a 400 the bad field).
 */
export function explainRefusal(status: number, message: string, ticket: TicketNow | null, meId: string): ProblemReason {
  if (!ticket || status === 404) return { kind: 'reassigned' };
  if (ticket.status === 'cancelled') return { kind: 'cancelled' };
  if (ticket.status === 'closed') return { kind: 'closed' };
  const mine = ticket.assigneeId === meId || ticket.offeredTo.includes(meId);
  if (!mine) return { kind: 'reassigned' };
  if (status === 409) return { kind: 'changed', status: ticket.status };
  return { kind: 'refused', message };
}
