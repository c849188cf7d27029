/**
 * How verification follows a ticket's changes, inside the change's transaction:
 *   - a resolve that needs no review, or an expert's approval, asks the customer: a signed link
 *     goes to the requester and an auto-verification is scheduled for when they stay silent;
 *   - a ticket leaving `resolved` (answered, closed, reopened, sent back) uses up its links and
 *     withdraws the auto-verification;
 *   - a "not solved" raises the priority and tells the people who must act (see
 *     verification-unresolved.ts).
 */
import type { Db } from '../../platform/context.ts';
import { cancel, schedule } from '../../platform/runner/index.ts';
import { getUser } from '../directory/index.ts';
import { notify } from '../notify/index.ts';
import type { TicketChange, TicketListener, TicketState } from '../tickets/index.ts';
import { isAwaitingReview } from './reviews.ts';
import { getClosureSettings } from './settings.ts';
import type { LinkConfig } from './tokens.ts';
import { issueLink } from './verification-issue.ts';
import { AUTO_VERIFY, addDays, autoVerifyKey, closingResult, unresolvedComment } from './verification-model.ts';
import { closeOpenLinks } from './verification-store.ts';
import { handleNotSolved } from './verification-unresolved.ts';

/** Whether this change is the moment to ask the customer. */
async function asksCustomer(db: Db, change: TicketChange): Promise<boolean> {
  if (change.after.status !== 'resolved') return false;
  if (change.events.some((event) => event.type === 'review_approved')) return true;
  return change.action === 'resolve' && !(await isAwaitingReview(db, change.tenantId, change.after.id));
}

/** Sends the requester (when the ticket has one) the link, and sets the timer for their silence. */
async function askCustomer(db: Db, links: LinkConfig, tenantId: string, ticket: TicketState, now: Date): Promise<void> {
  const settings = await getClosureSettings(db, tenantId);
  const link = await issueLink(db, links, { tenantId, ticketId: ticket.id, hours: settings.verificationLinkHours, createdBy: null, now });
  if (ticket.requesterId) {
    const assignee = ticket.assigneeId ? await getUser(db, tenantId, ticket.assigneeId) : undefined;
    await notify(db, {
      tenantId, template: 'closure.verify_requested', userIds: [ticket.requesterId], ticketId: ticket.id, now,
      data: {
        number: ticket.number, title: ticket.title, ...(assignee ? { assigneeName: assignee.name } : {}),
        url: link.url, expiresAt: link.expiresAt.toISOString(),
      },
    });
  }
  await cancel(db, tenantId, AUTO_VERIFY, autoVerifyKey(ticket.id));
  if (settings.autoVerifyDays > 0) {
    await schedule(db, {
      tenantId, kind: AUTO_VERIFY, payload: { ticketId: ticket.id, days: settings.autoVerifyDays },
      runAt: addDays(now, settings.autoVerifyDays), now, dedupeKey: autoVerifyKey(ticket.id),
    });
  }
}

export function verificationListener(links: LinkConfig): TicketListener {
  return async (db, change) => {
    const ending = closingResult(change);
    if (ending) {
      await closeOpenLinks(db, change.tenantId, change.after.id, ending, change.now);
      await cancel(db, change.tenantId, AUTO_VERIFY, autoVerifyKey(change.after.id));
    }
    if (await asksCustomer(db, change)) await askCustomer(db, links, change.tenantId, change.after, change.now);
    const notSolved = unresolvedComment(change);
    if (notSolved && change.before) return handleNotSolved(db, change, notSolved.comment);
  };
}
