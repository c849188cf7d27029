/**
 * Verification as staff and requesters see it behind the login: a fresh link (with its QR code)
 * for a resolved ticket, the ticket's links and verification record, and the statistics.
 */
import type { Ctx } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { hasRole, type Actor } from '../../platform/http/actor.ts';
import { canSee, type TicketState } from '../tickets/index.ts';
import type { ClosureDeps } from './deps.ts';
import { isAwaitingReview } from './reviews.ts';
import { getClosureSettings } from './settings.ts';
import { issueLink, qrSvg } from './verification-issue.ts';
import * as store from './verification-store.ts';

/** The statistics window when none is given: the last 30 days. */
const DEFAULT_WINDOW_DAYS = 30;
/** A window longer than this is refused: the counts read every verification event in it. */
const MAX_WINDOW_DAYS = 366;

export function createStaffVerification(ctx: Ctx, deps: ClosureDeps) {
  /** The ticket when the caller may see it; 404 otherwise, as for another tenant's. */
  async function visibleTicket(db: Ctx['db'], actor: Actor, id: string, lock: boolean): Promise<TicketState> {
    const ticket = await deps.system.load(db, actor.tenantId, id, lock);
    if (!ticket || !canSee(actor, ticket)) throw new AppError('not_found', 'Ticket not found.', { id });
    return ticket;
  }

  /** A new link for the customer, e.g. to show as a QR code on the ticket page or a printed job sheet. */
  async function createLink(actor: Actor, ticketId: string) {
    const issued = await ctx.db.transaction().execute(async (trx) => {
      // Locked, so the ticket cannot leave `resolved` between the check and the new row.
      const ticket = await visibleTicket(trx, actor, ticketId, true);
      if (ticket.status !== 'resolved') {
        throw new AppError('illegal_transition', `The ticket is ${ticket.status}; only a resolved ticket is verified by its customer.`,
          { status: ticket.status });
      }
      if (await isAwaitingReview(trx, actor.tenantId, ticket.id)) {
        throw new AppError('illegal_transition', 'The ticket waits for its second-line review; the customer is asked once an expert approves it.',
          { status: ticket.status, awaitingReview: true });
      }
      const settings = await getClosureSettings(trx, actor.tenantId);
      return issueLink(trx, deps.links, { tenantId: actor.tenantId, ticketId: ticket.id, hours: settings.verificationLinkHours, createdBy: actor.userId, now: ctx.clock.now() });
    });
    return { url: issued.url, token: issued.token, expiresAt: issued.expiresAt.toISOString(), qrSvg: await qrSvg(issued.url) };
  }

  /** The ticket's links (never their tokens) and its verification record. */
  async function overview(actor: Actor, ticketId: string) {
    const ticket = await visibleTicket(ctx.db, actor, ticketId, false);
    const links = await store.listLinks(ctx.db, actor.tenantId, ticket.id);
    return {
      ticketId: ticket.id,
      status: ticket.status,
      awaitingReview: ticket.status === 'resolved' && await isAwaitingReview(ctx.db, actor.tenantId, ticket.id),
      verification: ticket.verification,
      links: links.map((link) => ({
        id: link.id, createdAt: link.createdAt.toISOString(), expiresAt: link.expiresAt.toISOString(),
        usedAt: link.usedAt?.toISOString() ?? null, result: link.result, answered: link.answered,
      })),
    };
  }

  /** Counts of [from, to): answers by result, auto-verifications apart, closes without verification; and what waits now. */
  async function stats(actor: Actor, query: { from?: string; to?: string }) {
    if (!hasRole(actor, 'admin', 'manager', 'dispatcher')) {
      throw new AppError('forbidden', 'Only an admin, a manager or a dispatcher may see verification statistics.');
    }
    const to = query.to ? new Date(query.to) : ctx.clock.now();
    const from = query.from ? new Date(query.from) : new Date(to.getTime() - DEFAULT_WINDOW_DAYS * 86_400_000);
    if (from.getTime() >= to.getTime()) throw new AppError('invalid_input', 'from must be before to.', { field: 'from' });
    if (to.getTime() - from.getTime() > MAX_WINDOW_DAYS * 86_400_000) {
      throw new AppError('invalid_input', `The window can be at most ${MAX_WINDOW_DAYS} days.`, { field: 'from' });
    }
    const counts = await store.countVerificationEvents(ctx.db, actor.tenantId, from, to);
    return {
      from: from.toISOString(), to: to.toISOString(), ...counts,
      awaiting: await store.countAwaitingVerification(ctx.db, actor.tenantId),
    };
  }

  return { createLink, overview, stats };
}

export type StaffVerification = ReturnType<typeof createStaffVerification>;
