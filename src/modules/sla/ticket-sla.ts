/**
 * GET /tickets/{id}/sla: a ticket's policy, both clocks computed now from its event chain, and
 * its ladder with what fired when. Delay snapshots and what each action did are for staff only:
 * they name the people involved.
 */
import type { Ctx } from '../../platform/context.ts';
import { notFound } from '../../platform/errors.ts';
import { isStaff, type Actor } from '../../platform/http/actor.ts';
import { canSee, type TicketSystem } from '../tickets/index.ts';
import { statusChangesFrom, stepThreshold, ticketClocks, whenElapsedReaches, type TicketClock } from './clocks.ts';
import * as store from './store.ts';
import { policyContext } from './tenant-sla.ts';

const iso = (value: Date | null | undefined) => (value ? value.toISOString() : null);

function clockView(clock: TicketClock, storedDueAt: Date | null) {
  return {
    targetSeconds: clock.targetSeconds,
    elapsedSeconds: Math.round(clock.elapsedSeconds),
    remainingSeconds: Math.round(clock.remainingSeconds),
    // A finished clock shows the deadline it was measured against.
    dueAt: iso(clock.dueAt ?? (clock.stopped ? storedDueAt : null)),
    paused: clock.paused,
    stopped: clock.stopped,
    breached: clock.breached,
  };
}

export function createTicketSlaService(ctx: Ctx, system: TicketSystem) {
  async function ticketSla(actor: Actor, ticketId: string) {
    const { tenantId } = actor;
    const ticket = await system.load(ctx.db, tenantId, ticketId, false);
    if (!ticket || !canSee(actor, ticket)) throw notFound('Ticket', ticketId);
    const staff = isStaff(actor);
    const base = { ticketId: ticket.id, breaches: ticket.slaBreaches };
    const context = ticket.slaPolicyId ? await policyContext(ctx.db, tenantId, ticket.slaPolicyId) : undefined;
    if (!context) return { ...base, policy: null, paused: false, clocks: null, ladder: [] };

    const { policy, calendar } = context;
    const now = ctx.clock.now();
    const changes = statusChangesFrom(await system.events(ctx.db, tenantId, ticket.id));
    const clocks = ticketClocks({ policy, calendar, ticket, changes, now });
    const fired = new Map((await store.firedSteps(ctx.db, tenantId, ticket.id)).map((step) => [step.stepKey, step]));
    const firedView = (key: string) => {
      const step = fired.get(key);
      if (!step) return { firedAt: null };
      return { firedAt: step.firedAt.toISOString(), ...(staff ? { results: step.actions, snapshot: step.snapshot } : {}) };
    };
    const ladder = policy.ladder.map((step) => ({
      key: step.key, name: step.name, clock: step.clock, offsetSeconds: step.offsetSeconds,
      ...(staff ? { actions: step.actions } : {}),
      // When it will fire if the clock keeps running; null when fired, held or finished.
      plannedAt: fired.has(step.key) || !clocks[step.clock].running ? null
        : iso(whenElapsedReaches(calendar, clocks[step.clock], stepThreshold(step, policy), now)),
      ...firedView(step.key),
    }));
    // Steps fired under an earlier version of the ladder stay on the record.
    const retired = [...fired.keys()].filter((key) => !policy.ladder.some((step) => step.key === key))
      .map((key) => ({ key, name: null, clock: null, offsetSeconds: null, plannedAt: null, ...firedView(key) }));
    return {
      ...base,
      policy: { id: policy.id, name: policy.name, version: policy.version, calendarId: policy.calendarId, timeZone: calendar.timeZone },
      paused: clocks.resolve.paused,
      clocks: {
        response: { ...clockView(clocks.response, ticket.responseDueAt), respondedAt: iso(ticket.firstRespondedAt) },
        resolve: clockView(clocks.resolve, ticket.resolveDueAt),
      },
      ladder: [...ladder, ...retired],
    };
  }

  return { ticketSla };
}
