/**
 * Second-line review (双签): a resolved ticket whose rule asks for it waits for an expert, who
 * approves the fix (the customer is asked next) or sends it back to its engineer with a reason.
 * A resubmitted fix opens the next round. Lock order: the ticket row, then its review row.
 */
import type { Ctx, Db } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { hasRole, isStaff, type Actor, type Role } from '../../platform/http/actor.ts';
import { uuidv7 } from '../../platform/ids.ts';
import { getUsersByIds, listUsers } from '../directory/index.ts';
import { notify, type TemplateKey } from '../notify/index.ts';
import { appendTicketEvents, canSee, type TicketChange, type TicketState, type TicketSystem } from '../tickets/index.ts';
import { closureRuleFor } from './rules-service.ts';
import * as store from './review-store.ts';

const REVIEWERS: readonly Role[] = ['expert', 'admin'];
export const QUEUE_READERS: readonly Role[] = ['expert', 'admin', 'manager', 'dispatcher'];

export const roundView = (round: store.ReviewRound) => ({
  id: round.id,
  ticketId: round.ticketId,
  round: round.round,
  state: round.state,
  requestedAt: round.requestedAt.toISOString(),
  requestedBy: round.requestedBy,
  decidedAt: round.decidedAt ? round.decidedAt.toISOString() : null,
  decidedBy: round.decidedBy,
  reason: round.reason,
});
export type RoundView = ReturnType<typeof roundView>;

/** Whether the ticket's latest review round is pending: the customer is not asked yet. */
export async function isAwaitingReview(db: Db, tenantId: string, ticketId: string): Promise<boolean> {
  return (await store.latestRound(db, tenantId, ticketId))?.state === 'pending';
}

const aboutTicket = (ticket: TicketState) => ({ number: ticket.number, title: ticket.title, priority: ticket.priority });

async function tell(db: Db, tenantId: string, ticket: TicketState, template: TemplateKey, userIds: string[], now: Date, data: Record<string, unknown>) {
  if (!userIds.length) return;
  await notify(db, { tenantId, template, userIds, ticketId: ticket.id, data: { ...aboutTicket(ticket), ...data }, now });
}

async function nameOf(db: Db, tenantId: string, userId: string | null): Promise<string | undefined> {
  if (!userId) return undefined;
  return (await getUsersByIds(db, tenantId, [userId]))[0]?.name;
}

/**
 * On `resolve`: a ticket whose rule asks for review gets its next pending round, and the
 * tenant's active experts (its own assignee aside) are told. Runs before the verification
 * listener, which asks the customer only once no round is pending.
 */
export async function requestReviewOnResolve(db: Db, change: TicketChange): Promise<void> {
  const { tenantId, after: ticket, now } = change;
  const rule = await closureRuleFor(db, tenantId, ticket);
  if (!rule?.reviewRequired) return;
  const previous = await store.latestRound(db, tenantId, ticket.id);
  const round = (previous?.round ?? 0) + 1;
  await store.insertRound(db, tenantId, {
    id: uuidv7(now.getTime()), ticketId: ticket.id, round, state: 'pending', requestedAt: now, requestedBy: change.actorId,
    decidedAt: null, decidedBy: null, reason: null,
  });
  await appendTicketEvents(db, tenantId, ticket.id, null, now, [{ type: 'review_requested', data: { round, ruleId: rule.id } }]);
  const experts = await listUsers(db, tenantId, { role: 'expert', active: true, limit: 500 });
  await tell(db, tenantId, ticket, 'closure.review_requested', experts.map((user) => user.id).filter((id) => id !== ticket.assigneeId), now,
    { assigneeName: await nameOf(db, tenantId, ticket.assigneeId) });
}

/**
 * A resolved ticket reopened before anyone reviewed it (its requester or a dispatcher took it
 * back) no longer waits: the round is closed as sent back, saying why, so the next resolve
 * opens a fresh one and nothing stays in the queue forever.
 */
export async function withdrawReviewOnLeave(db: Db, change: TicketChange): Promise<void> {
  const { tenantId, before, after: ticket, now } = change;
  if (before?.status !== 'resolved' || ticket.status === 'resolved') return;
  const pending = await store.latestRound(db, tenantId, ticket.id, { forUpdate: true });
  if (pending?.state !== 'pending') return;
  const reopen = change.events.find((event) => event.type === 'reopened')?.data.reason;
  const reason = `复核前工单已被重新打开${typeof reopen === 'string' ? `：${reopen}` : ''}`;
  await store.decideRound(db, tenantId, pending.id, { state: 'sent_back', decidedAt: now, decidedBy: change.actorId, reason });
  await appendTicketEvents(db, tenantId, ticket.id, change.actorId, now, [{ type: 'review_withdrawn', data: { round: pending.round, reason } }]);
}

function requireReviewer(actor: Actor, ticket: TicketState): void {
  if (!hasRole(actor, ...REVIEWERS)) {
    throw new AppError('forbidden', 'Only an expert or an admin may review a fix.', { requiredRoles: REVIEWERS });
  }
  if (ticket.assigneeId === actor.userId) {
    throw new AppError('forbidden', '复核须由他人完成。Someone else must review your fix.', { assigneeId: ticket.assigneeId });
  }
}

export function createReviewService(ctx: Ctx, system: TicketSystem) {
  /** The ticket locked, and its pending round locked after it; 409 when nothing is pending. */
  async function lockPending(db: Db, actor: Actor, ticketId: string) {
    const ticket = await system.load(db, actor.tenantId, ticketId);
    if (!ticket) throw new AppError('not_found', 'Ticket not found.', { id: ticketId });
    requireReviewer(actor, ticket);
    const round = await store.latestRound(db, actor.tenantId, ticket.id, { forUpdate: true });
    if (round?.state !== 'pending' || ticket.status !== 'resolved') {
      throw new AppError('illegal_transition', 'No second-line review is pending for this ticket: it was decided already, or never asked for.',
        { status: ticket.status, round: round?.round ?? null, state: round?.state ?? null });
    }
    return { ticket, round };
  }

  async function decide(db: Db, actor: Actor, round: store.ReviewRound, state: 'approved' | 'sent_back', reason: string | null, now: Date) {
    if (!(await store.decideRound(db, actor.tenantId, round.id, { state, decidedAt: now, decidedBy: actor.userId, reason }))) {
      throw new AppError('illegal_transition', 'Another reviewer decided this round first.', { round: round.round });
    }
    return { ...round, state, decidedAt: now, decidedBy: actor.userId, reason };
  }

  /** Approves the fix: the event goes through the ticket system, so verification asks the customer. */
  async function approve(actor: Actor, ticketId: string, comment: string | undefined): Promise<RoundView> {
    return ctx.db.transaction().execute(async (trx) => {
      const { ticket, round } = await lockPending(trx, actor, ticketId);
      const now = ctx.clock.now();
      const words = comment?.trim() || null;
      const decided = await decide(trx, actor, round, 'approved', words, now);
      await system.patch(trx, actor.tenantId, ticket.id, {}, [
        { type: 'review_approved', data: { round: round.round, comment: words, reviewerId: actor.userId } },
      ], now);
      await tell(trx, actor.tenantId, ticket, 'closure.review_approved', ticket.assigneeId ? [ticket.assigneeId] : [], now,
        { assigneeName: actor.name, ...(words && { reason: words }) });
      return roundView(decided);
    });
  }

  /** Sends the fix back: the ticket returns to its engineer, who resolves it again for the next round. */
  async function sendBack(actor: Actor, ticketId: string, reasonInput: string): Promise<RoundView> {
    const reason = reasonInput.trim();
    if (!reason) throw new AppError('invalid_input', 'reason: say why the fix goes back to its engineer.', { field: 'reason' });
    return ctx.db.transaction().execute(async (trx) => {
      const { ticket, round } = await lockPending(trx, actor, ticketId);
      const now = ctx.clock.now();
      const decided = await decide(trx, actor, round, 'sent_back', reason, now);
      await appendTicketEvents(trx, actor.tenantId, ticket.id, actor.userId, now, [{ type: 'review_sent_back', data: { round: round.round, reason } }]);
      await system.act(trx, actor.tenantId, ticket.id, 'reopen', { reason: `二线复核退回：${reason}` }, now, actor.userId);
      await tell(trx, actor.tenantId, ticket, 'closure.sent_back', ticket.assigneeId ? [ticket.assigneeId] : [], now,
        { assigneeName: actor.name, reason });
      return roundView(decided);
    });
  }

  /** The rounds of one ticket, first first; staff who see the ticket read them. */
  async function rounds(actor: Actor, ticketId: string): Promise<RoundView[]> {
    const ticket = await system.load(ctx.db, actor.tenantId, ticketId, false);
    if (!ticket || !canSee(actor, ticket)) throw new AppError('not_found', 'Ticket not found.', { id: ticketId });
    if (!isStaff(actor)) throw new AppError('forbidden', 'Second-line reviews are internal to the service team.');
    return (await store.listRounds(ctx.db, actor.tenantId, ticket.id)).map(roundView);
  }

  /** A page of the queue; pending oldest first, decided newest first. */
  async function queue(actor: Actor, state: store.ReviewState, limit: number, after?: store.QueueCursor) {
    if (!hasRole(actor, ...QUEUE_READERS)) {
      throw new AppError('forbidden', `Only ${QUEUE_READERS.join(', ')} may read the review queue.`, { requiredRoles: QUEUE_READERS });
    }
    const rows = await store.listQueue(ctx.db, actor.tenantId, state, limit + 1, after);
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return {
      items: page.map((row) => ({
        ...roundView(row), number: row.number, title: row.title, priority: row.priority, status: row.status,
        assigneeId: row.assigneeId, solution: row.solution, resolvedAt: row.resolvedAt ? row.resolvedAt.toISOString() : null,
      })),
      next: rows.length > limit && last ? { at: state === 'pending' ? last.requestedAt : last.decidedAt!, id: last.id } : null,
    };
  }

  return { approve, sendBack, rounds, queue };
}
