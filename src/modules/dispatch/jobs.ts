/**
 * The runner's dispatch work: dispatch a new ticket of an automatic type, move on when nobody
 * accepted in time, and move on at once after a decline. Each handler locks the ticket row,
 * decides again from what it finds (a job may be late, repeated, or overtaken by a person), and
 * completes its job in the same transaction as its effects: with any number of runners, a
 * timer's effect happens once, and a ticket never has two assignees.
 */
import type { Db } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { DeadLetterError, type Job, type JobContext, type JobHandler } from '../../platform/runner/index.ts';
import type { TicketState, TicketSystem } from '../tickets/index.ts';
import { ACCEPT_TIMEOUT, DISPATCH_AUTO, REDISPATCH } from './listener.ts';
import { namesOf, tellDispatchers } from './notices.ts';
import * as store from './store.ts';

/** One handler run: the locked ticket, in the transaction that also completes the job. */
interface Work {
  trx: Db;
  tenantId: string;
  ticket: TicketState;
  now: Date;
  job: Job;
}

function ticketIdOf(job: Job): string {
  const ticketId = job.payload.ticketId;
  if (typeof ticketId !== 'string') throw new DeadLetterError(`${job.kind} needs payload.ticketId, got ${JSON.stringify(job.payload)}.`);
  return ticketId;
}

/**
 * Runs `work` on the locked ticket. The job completes first, in the same transaction: if this
 * runner lost its lease, complete() throws and nothing is done; if the work throws, the
 * completion rolls back with it and the runner retries the job.
 */
function onLockedTicket(system: TicketSystem, work: (run: Work) => Promise<void>): JobHandler {
  return async (ctx: JobContext, job: Job) => {
    const ticketId = ticketIdOf(job);
    await ctx.db.transaction().execute(async (trx) => {
      await ctx.complete(trx, job);
      const ticket = await system.load(trx, job.tenantId, ticketId);
      if (ticket) await work({ trx, tenantId: job.tenantId, ticket, now: ctx.clock.now(), job });
    });
  };
}

/** Whoever holds a dispatched ticket without having accepted it. */
const holders = (ticket: TicketState): string[] => (ticket.offeredTo.length ? ticket.offeredTo : ticket.assigneeId ? [ticket.assigneeId] : []);

/** Nobody can take the ticket: into the visible "dispatch failed" queue, never silently `new`, and the area's dispatchers alerted. */
async function markFailed(system: TicketSystem, run: Work, failure: AppError): Promise<void> {
  const { trx, tenantId, ticket, now } = run;
  const reason = typeof failure.details.reason === 'string' ? failure.details.reason : failure.message;
  const excludedFor = (failure.details.excludedFor ?? {}) as Record<string, number>;
  const passedOver = (excludedFor.declined ?? 0) + (excludedFor.not_accepted ?? 0);
  const failed = await system.patch(trx, tenantId, ticket.id,
    { status: 'new', assigneeId: null, offeredTo: [], dispatchFailedAt: now, dispatchFailure: reason },
    [{ type: 'dispatch_failed', data: { from: ticket.status, reason, excludedFor } }], now);
  await tellDispatchers(trx, tenantId, failed, 'dispatch.failed', now,
    { reason, ...(passedOver ? { offeredTo: passedOver } : {}) }, failed.priority === 'P1');
}

/**
 * Asks the engine again (through the lifecycle, so the same rules and hooks apply). With
 * `notice`, the area's dispatchers are told where the ticket went and why it moved.
 */
async function dispatchNext(system: TicketSystem, run: Work, notice: string | null): Promise<void> {
  const { trx, tenantId, ticket, now } = run;
  let dispatched: TicketState;
  try {
    dispatched = await system.act(trx, tenantId, ticket.id, 'dispatch', {}, now);
  } catch (error) {
    if (error instanceof AppError && error.code === 'business_rule') return markFailed(system, run, error);
    throw error;
  }
  if (notice === null) return;
  const assigneeName = dispatched.assigneeId ? await namesOf(trx, tenantId, [dispatched.assigneeId]) : undefined;
  await tellDispatchers(trx, tenantId, dispatched, 'ticket.redispatched', now, {
    reason: notice, ...(assigneeName ? { assigneeName } : { offeredTo: dispatched.offeredTo.length }),
  });
}

/** A new (or reopened) ticket of an automatic type. Nothing when a person dispatched it first. */
const dispatchNew = (system: TicketSystem) => onLockedTicket(system, async (run) => {
  if (run.ticket.status !== 'new' || run.ticket.dispatchFailedAt) return;
  await dispatchNext(system, run, null);
});

/**
 * Nobody accepted in time. The timer names the dispatch it guards by number; after any later
 * dispatch, an accept, a decline back to the queue or a cancel, it finds nothing to do.
 */
const acceptTimedOut = (system: TicketSystem) => onLockedTicket(system, async (run) => {
  const { trx, tenantId, ticket, now, job } = run;
  if (ticket.status !== 'dispatched') return;
  if ((await store.countDispatches(trx, tenantId, ticket.id)) !== Number(job.payload.dispatchNumber)) return;
  const notAccepted = holders(ticket);
  const expired = await system.patch(trx, tenantId, ticket.id, {},
    [{ type: 'offer_expired', data: { userIds: notAccepted, dispatchNumber: job.payload.dispatchNumber } }], now);
  const who = await namesOf(trx, tenantId, notAccepted);
  await dispatchNext(system, { ...run, ticket: expired }, `${who} 未在规定时间内接单`);
});

/** The last person the ticket was offered to declined it: the next candidate, at once. */
const declined = (system: TicketSystem) => onLockedTicket(system, async (run) => {
  const { trx, tenantId, ticket, job } = run;
  if (ticket.status !== 'new' || ticket.dispatchFailedAt) return;
  const { declinedBy, reason } = job.payload as { declinedBy?: unknown; reason?: unknown };
  const who = typeof declinedBy === 'string' ? await namesOf(trx, tenantId, [declinedBy]) : '工程师';
  await dispatchNext(system, run, `${who} 拒单${typeof reason === 'string' && reason ? `：${reason}` : ''}`);
});

export function dispatchJobHandlers(system: TicketSystem): [string, JobHandler][] {
  return [[DISPATCH_AUTO, dispatchNew(system)], [ACCEPT_TIMEOUT, acceptTimedOut(system)], [REDISPATCH, declined(system)]];
}
