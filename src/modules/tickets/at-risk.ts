/**
 * The tickets about to breach their SLA, nearest deadline first: what a dispatcher must act on
 * before it is too late. Overdue tickets come first (their time left is negative). The list is
 * bounded by its limit rather than paged: a queue of more than a few hundred tickets at risk is
 * read on the dashboard, not ticket by ticket.
 */
import { sql } from 'kysely';
import type { Ctx, Db } from '../../platform/context.ts';
import type { Actor } from '../../platform/http/actor.ts';
import { toTicketView, type TicketState, type TicketView } from './model.ts';
import { visibilityOf } from './service.ts';
import { SLA_RUNNING, secondsToBreach } from './sla-risk-sql.ts';
import { toState, type Visibility } from './store.ts';

export interface AtRiskQuery {
  /** Deadlines up to this many seconds from now count (overdue ones always do). */
  withinSeconds: number;
  limit: number;
}

export async function listAtRiskTickets(db: Db, tenantId: string, visibility: Visibility, now: Date, query: AtRiskQuery): Promise<TicketState[]> {
  const left = secondsToBreach(now);
  let select = db.selectFrom('tickets').selectAll().where('tenant_id', '=', tenantId)
    .where(sql<boolean>`${SLA_RUNNING} AND ${left} <= ${query.withinSeconds}`);
  if (visibility.kind === 'requester') select = select.where('requester_id', '=', visibility.userId);
  if (visibility.kind === 'worker') {
    select = select.where((eb) => eb.or([
      eb('assignee_id', '=', visibility.userId), eb('requester_id', '=', visibility.userId),
      eb('offered_to', '@>', sql<string[]>`ARRAY[${visibility.userId}]::uuid[]`),
    ]));
  }
  const rows = await select.orderBy(left).orderBy('id').limit(query.limit).execute();
  return rows.map(toState);
}

export function createAtRiskService(ctx: Ctx) {
  /** The caller's visible tickets at risk, each as the API's Ticket with its clocks read now. */
  return async function atRisk(actor: Actor, query: AtRiskQuery): Promise<{ items: TicketView[]; withinSeconds: number }> {
    const now = ctx.clock.now();
    const tickets = await listAtRiskTickets(ctx.db, actor.tenantId, visibilityOf(actor), now, query);
    return { items: tickets.map((ticket) => toTicketView(ticket, null, now)), withinSeconds: query.withinSeconds };
  };
}
