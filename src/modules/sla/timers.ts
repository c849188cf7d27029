/**
 * The SLA's timers in due_work, set in the transaction of the change that calls for them. One
 * timer per ticket and clock (the breach) and per ticket and ladder step, named by dedupe keys,
 * so moving a timer is cancel + schedule and a ticket never holds two for the same thing.
 */
import type { Db } from '../../platform/context.ts';
import { cancel, schedule, scheduleAll, type NewJob } from '../../platform/runner/index.ts';
import type { TimerPlan } from './clocks.ts';
import type { ClockName } from './policy.ts';

export const SLA_BREACH = 'sla.breach';
export const SLA_ESCALATE = 'sla.escalate';
export const SLA_RECOMPUTE = 'sla.recompute';

export interface BreachPayload {
  ticketId: string;
  clock: ClockName;
}

export interface EscalatePayload {
  ticketId: string;
  policyId: string;
  stepKey: string;
}

export const breachKey = (ticketId: string, clock: ClockName) => `${ticketId}:${clock}`;
export const stepKey = (ticketId: string, key: string) => `${ticketId}:step:${key}`;

export interface TimerTarget {
  tenantId: string;
  ticketId: string;
  policyId: string;
}

/**
 * Sets the planned timers. `fresh`: the ticket has none yet (it was just created), so nothing
 * needs cancelling first and every timer goes in one insert, which keeps intake at one round trip.
 */
export async function applyTimerPlan(db: Db, target: TimerTarget, plan: TimerPlan, now: Date, options: { fresh: boolean }): Promise<void> {
  const { tenantId, ticketId, policyId } = target;
  const jobs: NewJob[] = [];
  for (const { clock, runAt } of plan.breaches) {
    const dedupeKey = breachKey(ticketId, clock);
    if (!options.fresh) await cancel(db, tenantId, SLA_BREACH, dedupeKey);
    const payload: BreachPayload = { ticketId, clock };
    if (runAt) jobs.push({ tenantId, kind: SLA_BREACH, payload: { ...payload }, runAt, now, dedupeKey });
  }
  for (const { key, runAt } of plan.steps) {
    const dedupeKey = stepKey(ticketId, key);
    if (!options.fresh) await cancel(db, tenantId, SLA_ESCALATE, dedupeKey);
    const payload: EscalatePayload = { ticketId, policyId, stepKey: key };
    if (runAt) jobs.push({ tenantId, kind: SLA_ESCALATE, payload: { ...payload }, runAt, now, dedupeKey });
  }
  if (options.fresh) await scheduleAll(db, jobs);
  else for (const job of jobs) await schedule(db, job);
}

/** Withdraws timers for clocks and steps that no longer apply (first response, a policy switch). */
export async function cancelTimers(db: Db, tenantId: string, ticketId: string, which: { clocks: readonly ClockName[]; steps: readonly string[] }) {
  for (const clock of which.clocks) await cancel(db, tenantId, SLA_BREACH, breachKey(ticketId, clock));
  for (const key of which.steps) await cancel(db, tenantId, SLA_ESCALATE, stepKey(ticketId, key));
}
