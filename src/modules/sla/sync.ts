/**
 * Brings one ticket's SLA in line with its policy and event chain: derives both clocks, moves
 * the timers, and returns the columns to write. The listener, the handlers and the recompute
 * job all come through here, in the transaction of the change that calls for it.
 */
import type { Db } from '../../platform/context.ts';
import type { TicketState } from '../tickets/index.ts';
import type { Calendar } from './calendar.ts';
import { planTimers, recordedBreaches, slaFieldsOf, statusChangesFrom, ticketClocks, type SlaFields, type TicketClocks } from './clocks.ts';
import type { StatusChange } from './deadlines.ts';
import type { SlaPolicy } from './policy.ts';
import * as store from './store.ts';
import { applyTimerPlan } from './timers.ts';

export interface PolicyWithCalendar {
  policy: SlaPolicy;
  calendar: Calendar;
}

/** The ticket's status changes, read from its event chain. */
export async function ticketStatusChanges(db: Db, tenantId: string, ticketId: string): Promise<StatusChange[]> {
  return statusChangesFrom(await store.statusEvents(db, tenantId, ticketId));
}

/** Both clocks of a ticket now, from its event chain. */
export async function clocksOf(db: Db, tenantId: string, ticket: TicketState, { policy, calendar }: PolicyWithCalendar, now: Date): Promise<TicketClocks> {
  const changes = await ticketStatusChanges(db, tenantId, ticket.id);
  return ticketClocks({ policy, calendar, ticket, changes, now });
}

/**
 * Derives the clocks and (re)sets every timer of the ticket under this policy. `fresh`: the
 * ticket was just created, so its only status is its first one and it has no timers and no
 * fired steps yet; no query reads them (the intake path stays at the timer inserts).
 */
export async function syncTicketSla(db: Db, tenantId: string, ticket: TicketState, context: PolicyWithCalendar, now: Date,
  options: { fresh: boolean } = { fresh: false }): Promise<SlaFields> {
  const { policy, calendar } = context;
  const changes = options.fresh
    ? [{ at: ticket.createdAt, status: ticket.status }]
    : await ticketStatusChanges(db, tenantId, ticket.id);
  const clocks = ticketClocks({ policy, calendar, ticket, changes, now });
  const fired = options.fresh ? new Set<string>() : await store.firedStepKeys(db, tenantId, ticket.id);
  const plan = planTimers({ policy, calendar, clocks, breached: recordedBreaches(ticket.slaBreaches), fired, now });
  await applyTimerPlan(db, { tenantId, ticketId: ticket.id, policyId: policy.id }, plan, now, options);
  return slaFieldsOf(policy, clocks, ticket);
}

/** Whether writing these fields would change the ticket (jsonb does not keep key order, so keys are compared one by one). */
export function slaFieldsDiffer(ticket: TicketState, fields: SlaFields): boolean {
  const time = (value: Date | null) => value?.getTime() ?? null;
  const state = ticket.slaState as Record<string, unknown>;
  const stateKeys = new Set([...Object.keys(state), ...Object.keys(fields.slaState)]);
  return ticket.slaPolicyId !== fields.slaPolicyId
    || time(ticket.responseDueAt) !== time(fields.responseDueAt)
    || time(ticket.resolveDueAt) !== time(fields.resolveDueAt)
    || [...stateKeys].some((key) => (state[key] ?? null) !== ((fields.slaState as Record<string, unknown>)[key] ?? null));
}
