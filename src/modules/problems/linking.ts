/**
 * Linking a ticket to a problem and unlinking it: the problem_tickets row and the ticket's own
 * problemId change together, with an event on the ticket, in the caller's transaction. Every
 * link goes through here holding the ticket's row lock, so the ticket's problemId is the truth
 * to check against (a ticket belongs to one problem at most).
 */
import type { Db } from '../../platform/context.ts';
import { appendTicketEvents, type TicketEventInput, type TicketState, type TicketSystem } from '../tickets/index.ts';
import * as store from './store.ts';

export type LinkOutcome =
  | { kind: 'linked'; ticket: TicketState }
  | { kind: 'already'; ticket: TicketState }
  | { kind: 'missing' }
  | { kind: 'elsewhere'; problemId: string };

/**
 * The ticket's event goes on with the person who made the change; the system's changes
 * (recurrence detection) carry no actor.
 */
async function setProblemOf(db: Db, system: TicketSystem, tenantId: string, ticketId: string, problemId: string | null,
  event: TicketEventInput, actorId: string | null, now: Date): Promise<TicketState> {
  if (!actorId) return system.patch(db, tenantId, ticketId, { problemId }, [event], now);
  const ticket = await system.patch(db, tenantId, ticketId, { problemId }, [], now);
  await appendTicketEvents(db, tenantId, ticketId, actorId, now, [event]);
  return ticket;
}

/** Links one ticket, unless it is gone or belongs to a problem already. */
export async function linkTicket(db: Db, system: TicketSystem, tenantId: string, problem: { id: string; number: string },
  ticketId: string, event: TicketEventInput, actorId: string | null, now: Date): Promise<LinkOutcome> {
  const ticket = await system.load(db, tenantId, ticketId);
  if (!ticket) return { kind: 'missing' };
  if (ticket.problemId === problem.id) return { kind: 'already', ticket };
  if (ticket.problemId) return { kind: 'elsewhere', problemId: ticket.problemId };
  const linked = await setProblemOf(db, system, tenantId, ticketId, problem.id, event, actorId, now);
  await store.insertProblemTickets(db, tenantId, problem.id, [ticketId], actorId, now);
  return { kind: 'linked', ticket: linked };
}

/** Unlinks one ticket from the problem; false when it was not linked to it. */
export async function unlinkTicket(db: Db, system: TicketSystem, tenantId: string, problem: { id: string; number: string },
  ticketId: string, actorId: string | null, now: Date): Promise<boolean> {
  const ticket = await system.load(db, tenantId, ticketId);
  if (!ticket || ticket.problemId !== problem.id) return false;
  await store.deleteProblemTicket(db, tenantId, problem.id, ticketId);
  await setProblemOf(db, system, tenantId, ticketId, null,
    { type: 'unlinked_from_problem', data: { problemId: problem.id, number: problem.number } }, actorId, now);
  return true;
}

/** Links several tickets in id order: every writer locks tickets in that order, so two cannot deadlock. */
export async function linkTickets(db: Db, system: TicketSystem, tenantId: string, problem: { id: string; number: string },
  links: readonly { ticketId: string; event: TicketEventInput }[], actorId: string | null, now: Date): Promise<Map<string, LinkOutcome>> {
  const outcomes = new Map<string, LinkOutcome>();
  const ordered = [...links].sort((a, b) => (a.ticketId < b.ticketId ? -1 : a.ticketId > b.ticketId ? 1 : 0));
  for (const link of ordered) {
    if (outcomes.has(link.ticketId)) continue;
    outcomes.set(link.ticketId, await linkTicket(db, system, tenantId, problem, link.ticketId, link.event, actorId, now));
  }
  return outcomes;
}
