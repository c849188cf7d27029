/**
 * What the engineer sees before the server has heard of it: the ticket as the server last
 * answered, with the changes still in the outbox applied on top (accepted, started, resolved,
 * items ticked). Pure: no browser API here.
 */
import type { ChangeOp, QueuedChange } from './changes.ts';

interface TicketLike {
  id: string;
  status: string;
  assigneeId: string | null;
  offeredTo: string[];
}

export type Overlaid<T> = T & { pendingChanges: QueuedChange[]; declined: boolean };

/** Statuses each queued action moves from: an action the server already shows applied is skipped. */
const MOVES: Record<string, { from: string[]; to: string }> = {
  accept: { from: ['dispatched'], to: 'accepted' },
  start: { from: ['accepted'], to: 'in_progress' },
  resolve: { from: ['accepted', 'in_progress'], to: 'resolved' },
};

export const changesOf = (changes: readonly QueuedChange[], ticketId: string) => changes.filter((change) => change.ticketId === ticketId);

export function withPending<T extends TicketLike>(ticket: T, changes: readonly QueuedChange[], meId: string): Overlaid<T> {
  const pendingChanges = changesOf(changes, ticket.id);
  let view: T = ticket;
  let declined = false;
  for (const { op } of pendingChanges) {
    if (op.kind !== 'action') continue;
    if (op.action === 'decline') {
      declined = true;
      continue;
    }
    const move = MOVES[op.action];
    if (!move.from.includes(view.status)) continue;
    view = { ...view, status: move.to, ...(op.action === 'accept' ? { assigneeId: meId, offeredTo: [] } : {}) };
  }
  return { ...view, pendingChanges, declined };
}

export type TickOp = Extract<ChangeOp, { kind: 'tick' }>;

/** The latest queued tick of each checklist item of a ticket. */
export function pendingTicks(changes: readonly QueuedChange[], ticketId: string): Map<string, TickOp> {
  const ticks = new Map<string, TickOp>();
  for (const { op } of changesOf(changes, ticketId)) if (op.kind === 'tick') ticks.set(op.key, op);
  return ticks;
}

/** Required items neither done on the server nor ticked in the outbox: resolve waits for them. */
export function stillMissing(missing: readonly string[], ticks: ReadonlyMap<string, TickOp>): string[] {
  return missing.filter((key) => !ticks.has(key));
}
