/**
 * sla.escalate: one ladder step of one ticket comes due. The handler decides again from the
 * ticket as it is now (the clock may have been held, answered or moved by a policy change),
 * claims the step in sla_escalations so it fires once however many runners hold a job for it,
 * keeps the delay snapshot, runs the actions, and appends an `escalated` event saying what each
 * action did: all in one transaction with the job's completion.
 */
import type { Db } from '../../platform/context.ts';
import { schedule, type Job, type JobContext, type JobHandler } from '../../platform/runner/index.ts';
import { OPEN_STATUSES, type TicketSystem } from '../tickets/index.ts';
import { statusChangesFrom, stepThreshold, ticketClocks, whenElapsedReaches } from './clocks.ts';
import { runAction, type StepRun } from './ladder-actions.ts';
import { readPayload } from './payloads.ts';
import { buildSnapshot } from './snapshot.ts';
import * as store from './store.ts';
import { policyContext } from './tenant-sla.ts';
import { SLA_ESCALATE, stepKey, type EscalatePayload } from './timers.ts';

/** A step may run this early: timestamps round-trip through the database at millisecond precision. */
const EARLY_TOLERANCE_MS = 1;

async function escalate(ctx: JobContext, trx: Db, job: Job, system: TicketSystem): Promise<void> {
  const payload = readPayload<EscalatePayload>(job, ['ticketId', 'policyId', 'stepKey']);
  const { tenantId } = job;
  const now = ctx.clock.now();
  const ticket = await system.load(trx, tenantId, payload.ticketId);
  // Gone, finished, or moved to another policy by an edit: this step no longer applies.
  if (!ticket || !OPEN_STATUSES.includes(ticket.status) || ticket.slaPolicyId !== payload.policyId) return ctx.complete(trx, job);
  const context = await policyContext(trx, tenantId, payload.policyId);
  const step = context?.policy.ladder.find((candidate) => candidate.key === payload.stepKey);
  if (!context || !step) return ctx.complete(trx, job);
  const { policy, calendar } = context;

  const events = await system.events(trx, tenantId, ticket.id);
  const clocks = ticketClocks({ policy, calendar, ticket, changes: statusChangesFrom(events), now });
  const clock = clocks[step.clock];
  // Held or finished: a resume or reopen sets the step's timer again.
  if (!clock.running) return ctx.complete(trx, job);
  const dueAt = whenElapsedReaches(calendar, clock, stepThreshold(step, policy), now)!;
  if (dueAt.getTime() - now.getTime() > EARLY_TOLERANCE_MS) {
    // The clock moved (a policy change, a hold this timer missed): wait for the new time.
    await ctx.complete(trx, job);
    await schedule(trx, { tenantId, kind: SLA_ESCALATE, payload: { ...payload }, runAt: dueAt, now, dedupeKey: stepKey(ticket.id, step.key) });
    return;
  }

  const snapshot = buildSnapshot({ ticket, events, related: await system.relatedOpen(trx, tenantId, ticket), clocks, now });
  const claimed = await store.claimStep(trx, tenantId, { ticketId: ticket.id, stepKey: step.key, policyId: policy.id, firedAt: now, snapshot });
  if (!claimed) return ctx.complete(trx, job);

  const run: StepRun = { db: trx, tenantId, system, ticket, step, clock, now };
  const results = [];
  for (const action of step.actions) results.push(await runAction(run, action));
  await store.recordStepResults(trx, tenantId, ticket.id, step.key, results);
  await system.patch(trx, tenantId, ticket.id, {}, [{
    type: 'escalated',
    data: { stepKey: step.key, stepName: step.name, clock: step.clock, offsetSeconds: step.offsetSeconds, policyId: policy.id, actions: results },
  }], now);
  await ctx.complete(trx, job);
}

export function escalateHandler(system: TicketSystem): JobHandler {
  return (ctx, job) => ctx.db.transaction().execute((trx) => escalate(ctx, trx, job, system));
}
