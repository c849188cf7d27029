/**
 * closure.auto_verify: the customer stayed silent for the tenant's N days. Decided again when it
 * fires: a ticket still resolved, not waiting for its review, and answered through none of its
 * links since it was resolved, is verified by the system as satisfied, marked `auto` so the
 * statistics count it apart; anything else has moved on, and the job does nothing.
 */
import { DeadLetterError, type JobHandler } from '../../platform/runner/index.ts';
import type { TicketSystem } from '../tickets/index.ts';
import { isAwaitingReview } from './reviews.ts';
import { answeredSince } from './verification-store.ts';

export interface AutoVerifyPayload {
  ticketId: string;
  /** The setting when the customer was asked, for the comment on the ticket. */
  days: number;
}

function readPayload(job: Parameters<JobHandler>[1]): AutoVerifyPayload {
  if (job.payloadVersion !== 1) throw new DeadLetterError(`${job.kind} payload version ${job.payloadVersion} is unknown to this version of Loopdesk.`);
  const { ticketId, days } = job.payload;
  if (typeof ticketId !== 'string' || typeof days !== 'number') throw new DeadLetterError(`${job.kind} payload needs ticketId and days.`);
  return { ticketId, days };
}

export function autoVerifyHandler(system: TicketSystem): JobHandler {
  return (ctx, job) => ctx.db.transaction().execute(async (trx) => {
    const { ticketId, days } = readPayload(job);
    const { tenantId } = job;
    const now = ctx.clock.now();
    const ticket = await system.load(trx, tenantId, ticketId);
    const waiting = ticket?.status === 'resolved'
      && !(await isAwaitingReview(trx, tenantId, ticketId))
      && !(await answeredSince(trx, tenantId, ticketId, ticket.resolvedAt ?? new Date(0)));
    if (waiting) {
      await system.act(trx, tenantId, ticketId, 'verify',
        { result: 'satisfied', auto: true, comment: `客户 ${days} 天未反馈，系统自动验收` }, now);
    }
    await ctx.complete(trx, job);
  });
}
