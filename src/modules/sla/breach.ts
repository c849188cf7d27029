/**
 * sla.breach: a clock's deadline comes due. Decided again from the event chain: a deadline that
 * moved later (a hold, a policy change) is waited for; a breach is recorded once per clock, as
 * an `sla_breached` event and an entry in the ticket's breaches, and the people on the ticket
 * (or the dispatchers, when nobody is) are told.
 */
import type { Db } from '../../platform/context.ts';
import { schedule, type Job, type JobContext, type JobHandler } from '../../platform/runner/index.ts';
import { notify } from '../notify/index.ts';
import type { TicketState, TicketSystem } from '../tickets/index.ts';
import { recordedBreaches, ticketClocks, statusChangesFrom, type BreachRecord, type TicketClock } from './clocks.ts';
import { readPayload } from './payloads.ts';
import { activePerson, activeUsersWithRole } from './people.ts';
import { CLOCK_NAMES } from './policy.ts';
import { policyContext } from './tenant-sla.ts';
import { SLA_BREACH, breachKey, type BreachPayload } from './timers.ts';

/** Closed and cancelled tickets are history: a timer that finds one does nothing. */
const FINISHED = ['closed', 'cancelled'];
const CLOCK_LABELS = { response: '响应', resolve: '解决' } as const;

async function tellPeople(db: Db, tenantId: string, ticket: TicketState, clock: TicketClock, now: Date): Promise<void> {
  let userIds = ticket.assigneeId ? [ticket.assigneeId] : ticket.offeredTo;
  if (!userIds.length) userIds = (await activeUsersWithRole(db, tenantId, 'dispatcher')).map((person) => person.id);
  if (!userIds.length) return;
  const assignee = ticket.assigneeId ? await activePerson(db, tenantId, ticket.assigneeId) : undefined;
  const overdueMs = clock.dueAt ? now.getTime() - clock.dueAt.getTime() : 0;
  await notify(db, {
    tenantId, template: 'sla.breached', userIds, ticketId: ticket.id, urgent: ticket.priority === 'P1', now,
    data: {
      number: ticket.number, title: ticket.title, priority: ticket.priority, stepName: `${CLOCK_LABELS[clock.clock]}时限`,
      ...(assignee ? { assigneeName: assignee.name } : {}),
      ...(clock.dueAt ? { dueAt: clock.dueAt.toISOString() } : {}),
      ...(overdueMs >= 60_000 ? { minutesOverdue: Math.floor(overdueMs / 60_000) } : {}),
    },
  });
}

async function checkBreach(ctx: JobContext, trx: Db, job: Job, system: TicketSystem): Promise<void> {
  const payload = readPayload<BreachPayload>(job, ['ticketId', 'clock']);
  if (!CLOCK_NAMES.includes(payload.clock)) return ctx.complete(trx, job);
  const { tenantId } = job;
  const now = ctx.clock.now();
  const ticket = await system.load(trx, tenantId, payload.ticketId);
  if (!ticket || FINISHED.includes(ticket.status) || !ticket.slaPolicyId) return ctx.complete(trx, job);
  if (recordedBreaches(ticket.slaBreaches).has(payload.clock)) return ctx.complete(trx, job);
  const context = await policyContext(trx, tenantId, ticket.slaPolicyId);
  if (!context) return ctx.complete(trx, job);

  const changes = statusChangesFrom(await system.events(trx, tenantId, ticket.id));
  const clock = ticketClocks({ ...context, ticket, changes, now })[payload.clock];
  if (!clock.breached) {
    await ctx.complete(trx, job);
    // The deadline moved later; while held or answered in time there is nothing to wait for.
    if (clock.running && clock.dueAt) {
      await schedule(trx, { tenantId, kind: SLA_BREACH, payload: { ...payload }, runAt: clock.dueAt, now, dedupeKey: breachKey(ticket.id, payload.clock) });
    }
    return;
  }
  const dueAt = clock.dueAt?.toISOString() ?? null;
  const record: BreachRecord = { clock: payload.clock, dueAt, at: now.toISOString() };
  const updated = await system.patch(trx, tenantId, ticket.id, { slaBreaches: [...ticket.slaBreaches, record] }, [{
    type: 'sla_breached', data: { clock: payload.clock, dueAt, policyId: context.policy.id },
  }], now);
  // A resolved ticket answered late is recorded, not chased.
  if (updated.status !== 'resolved') await tellPeople(trx, tenantId, updated, clock, now);
  await ctx.complete(trx, job);
}

export function breachHandler(system: TicketSystem): JobHandler {
  return (ctx, job) => ctx.db.transaction().execute((trx) => checkBreach(ctx, trx, job, system));
}
