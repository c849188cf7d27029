/**
 * The SLA's reaction to every ticket change, inside the change's transaction: a new ticket gets
 * its policy, due times and timers; a hold pauses the clocks and a resume moves the timers by
 * the hold's length; the first response drops the response timers; resolving, closing or
 * cancelling stops the clocks and a reopen restarts them; an edit of type, priority or customer
 * picks the policy again. Changes that touch none of this cost nothing.
 */
import type { Db } from '../../platform/context.ts';
import { OPEN_STATUSES, type TicketChange, type TicketListener, type TicketState } from '../tickets/index.ts';
import { STOPPED_STATUSES, recordedBreaches, type SlaFields } from './clocks.ts';
import { matchNeedsTier, matchPolicy, type SlaPolicy } from './policy.ts';
import { customerTier } from './people.ts';
import { syncTicketSla } from './sync.ts';
import { calendarOf, forgetTenantSla, tenantSla, type TenantSla } from './tenant-sla.ts';
import { cancelTimers } from './timers.ts';

const NO_SLA: SlaFields = { slaPolicyId: null, responseDueAt: null, resolveDueAt: null, slaState: {} };

/** The first active policy that matches the ticket; the customer's tier is read only when a policy asks for it. */
async function choosePolicy(db: Db, tenantId: string, sla: TenantSla, ticket: TicketState): Promise<SlaPolicy | undefined> {
  const active = sla.policies.filter((policy) => policy.active);
  if (!active.length) return undefined;
  const tier = matchNeedsTier(active) ? await customerTier(db, tenantId, ticket.customerId) : null;
  return matchPolicy(active, { type: ticket.type, priority: ticket.priority, tier });
}

/** The tenant's SLA with the ticket's policy in it: a policy newer than the cached entry reloads it once. */
async function slaWithPolicy(db: Db, tenantId: string, policyId: string) {
  let sla = await tenantSla(db, tenantId);
  let policy = sla.policies.find((candidate) => candidate.id === policyId);
  if (!policy) {
    forgetTenantSla(tenantId);
    sla = await tenantSla(db, tenantId);
    policy = sla.policies.find((candidate) => candidate.id === policyId);
  }
  return policy && { sla, policy };
}

async function onCreate(db: Db, change: TicketChange): Promise<SlaFields | void> {
  const { tenantId, after: ticket, now } = change;
  // A report intake judged a duplicate is born cancelled: nobody works it, so no clock runs.
  if (!OPEN_STATUSES.includes(ticket.status)) return;
  const sla = await tenantSla(db, tenantId);
  const policy = await choosePolicy(db, tenantId, sla, ticket);
  if (!policy) return;
  return syncTicketSla(db, tenantId, ticket, { policy, calendar: calendarOf(sla.calendars, policy) }, now, { fresh: true });
}

/** An edit changed what the policy is chosen by: choose again, and move the clocks to the new one. */
async function onMatchChanged(db: Db, change: TicketChange & { before: TicketState }): Promise<SlaFields | void> {
  const { tenantId, after: ticket, now } = change;
  // A resolved ticket keeps the policy it was measured against.
  if (!OPEN_STATUSES.includes(ticket.status)) return;
  const sla = await tenantSla(db, tenantId);
  const chosen = await choosePolicy(db, tenantId, sla, ticket);
  if (chosen?.id === ticket.slaPolicyId) return;
  const previous = ticket.slaPolicyId ? sla.policies.find((policy) => policy.id === ticket.slaPolicyId) : undefined;
  const keep = new Set(chosen?.ladder.map((step) => step.key) ?? []);
  await cancelTimers(db, tenantId, ticket.id, {
    clocks: chosen ? [] : ['response', 'resolve'],
    steps: (previous?.ladder ?? []).map((step) => step.key).filter((key) => !keep.has(key)),
  });
  if (!chosen) return ticket.slaPolicyId ? NO_SLA : undefined;
  return syncTicketSla(db, tenantId, { ...ticket, slaPolicyId: chosen.id }, { policy: chosen, calendar: calendarOf(sla.calendars, chosen) }, now);
}

type Phase = 'running' | 'paused' | 'stopped';

const phaseOf = (policy: SlaPolicy, status: string): Phase =>
  (STOPPED_STATUSES.includes(status) ? 'stopped' : policy.pausedStatuses.includes(status) ? 'paused' : 'running');

async function onChange(db: Db, change: TicketChange & { before: TicketState }): Promise<Partial<TicketState> | void> {
  const { tenantId, before, after: ticket, now } = change;
  const matchChanged = before.type !== ticket.type || before.priority !== ticket.priority || before.customerId !== ticket.customerId;
  // Only a person's edit chooses the policy again: a priority the ladder raised keeps the clock
  // (and the ladder) that is running, instead of starting another policy's ladder mid-way.
  if (change.action === 'update' && matchChanged) return onMatchChanged(db, { ...change, before });
  if (!ticket.slaPolicyId) return;
  const statusMoved = before.status !== ticket.status;
  const responded = !before.firstRespondedAt && ticket.firstRespondedAt !== null;
  if (!statusMoved && !responded) return;

  const found = await slaWithPolicy(db, tenantId, ticket.slaPolicyId);
  if (!found) return;
  const { sla, policy } = found;
  if (statusMoved && phaseOf(policy, before.status) !== phaseOf(policy, ticket.status)) {
    return syncTicketSla(db, tenantId, ticket, { policy, calendar: calendarOf(sla.calendars, policy) }, now);
  }
  if (!responded) return;
  // Answered: the response steps are moot. A late answer keeps its breach timer so the breach
  // is recorded even if the runner has not got to it yet.
  const late = ticket.responseDueAt !== null && ticket.firstRespondedAt! >= ticket.responseDueAt
    && !recordedBreaches(ticket.slaBreaches).has('response');
  await cancelTimers(db, tenantId, ticket.id, {
    clocks: late ? [] : ['response'],
    steps: policy.ladder.filter((step) => step.clock === 'response').map((step) => step.key),
  });
  return { slaState: { ...ticket.slaState, responseRemainingSeconds: null } };
}

/** The listener registered on the ticket hooks under the name 'sla'. */
export const slaListener: TicketListener = async (db, change) => {
  if (!change.before) return onCreate(db, change);
  return onChange(db, { ...change, before: change.before });
};
