/**
 * Only a verified solution becomes knowledge: a ticket closed after its customer (or the
 * automatic verification, when nobody answered in time) said it is solved or partly solved.
 * A ticket closed without verification proves nothing about its fix.
 */
import type { TicketState } from '../tickets/index.ts';

export type NotVerifiedReason = 'not_closed' | 'closed_without_verification' | 'not_verified';

export interface NotVerified {
  reason: NotVerifiedReason;
  message: string;
}

const ACCEPTED_RESULTS: readonly unknown[] = ['satisfied', 'partial'];

/** Why the ticket's solution cannot be saved yet, or null when it can. */
export function whyNotVerified(ticket: Pick<TicketState, 'status' | 'verification'>): NotVerified | null {
  if (ticket.status !== 'closed') {
    return {
      reason: 'not_closed',
      message: `The ticket is ${ticket.status}: only a ticket closed after its solution was verified can be saved as knowledge.`,
    };
  }
  const verification = ticket.verification ?? {};
  if (verification.closedWithoutVerification === true) {
    return {
      reason: 'closed_without_verification',
      message: 'The ticket was closed without verification, so its solution is not proven.',
    };
  }
  if (!ACCEPTED_RESULTS.includes(verification.result)) {
    return {
      reason: 'not_verified',
      message: 'The ticket has no verification that it was solved or partly solved.',
    };
  }
  return null;
}
