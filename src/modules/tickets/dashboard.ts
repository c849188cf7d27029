/**
 * The dashboard: today's backlog, the SLA at risk, first-response time, the top fault types and
 * the engineers' load, computed by the database over the tenant's tickets (never by shipping
 * tickets to the browser). Read by the people who run or judge the service: admins, managers,
 * dispatchers, experts and finance; not by engineers or requesters, who see their own tickets.
 */
import type { Ctx } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { hasRole, type Actor, type Role } from '../../platform/http/actor.ts';
import { getTenant } from '../directory/index.ts';
import { dashboardPeriods, isoDay, type PeriodQuery } from './dashboard-periods.ts';
import * as store from './dashboard-store.ts';
import { localDay } from './service.ts';

export const DASHBOARD_READERS: readonly Role[] = ['admin', 'manager', 'dispatcher', 'expert', 'finance'];
/** "At risk": a running SLA clock due within the hour, the time a dispatcher still has to act. */
export const AT_RISK_SECONDS = 3600;
const TOP_FAULT_TYPES = 10;
/** Bars a load chart can still label; the busiest engineers are the ones to see. */
const LOAD_CHART_ENGINEERS = 15;
/** Everyone, for the dispatcher board: a service network's engineers fit one answer. */
const ALL_ENGINEERS = 5000;

function requireReader(actor: Actor, what: string): void {
  if (!hasRole(actor, ...DASHBOARD_READERS)) {
    throw new AppError('forbidden', `Only an admin, manager, dispatcher, expert or finance reviewer may read ${what}.`);
  }
}

/** A share 0..1, or null when there is nothing to divide (no chart should show 0 % for "no data"). */
const share = (part: number, whole: number) => (whole ? part / whole : null);

export function createDashboardService(ctx: Ctx) {
  async function dashboard(actor: Actor, query: PeriodQuery) {
    requireReader(actor, 'the dashboard');
    const now = ctx.clock.now();
    const { timezone: timeZone } = await getTenant(ctx.db, actor.tenantId);
    const today = isoDay(localDay(now, timeZone));
    const periods = dashboardPeriods(today, query);
    const tenantId = actor.tenantId;
    // One statement per figure, one after another: PGlite runs them in one session anyway.
    const backlog = await store.backlogNow(ctx.db, tenantId, today, timeZone);
    const backlogDays = await store.backlogByDay(ctx.db, tenantId, periods.trend, timeZone);
    const risk = await store.slaRiskByPriority(ctx.db, tenantId, now, AT_RISK_SECONDS);
    const responses = await store.firstResponseByDay(ctx.db, tenantId, periods.trend, timeZone);
    const faultTypes = await store.topFaultTypes(ctx.db, tenantId, periods.faultTypes, timeZone, TOP_FAULT_TYPES);
    const load = await store.engineerLoad(ctx.db, tenantId, LOAD_CHART_ENGINEERS);
    const team = await store.engineerTeam(ctx.db, tenantId);

    const responseTotal = responses.find((row) => row.day === null);
    const responseByDay = new Map(responses.filter((row) => row.day !== null).map((row) => [row.day!, row]));
    return {
      generatedAt: now.toISOString(),
      timeZone,
      today,
      backlog: { ...backlog, ...periods.trend, days: backlogDays },
      slaRisk: {
        withinSeconds: AT_RISK_SECONDS,
        overdue: risk.reduce((sum, row) => sum + row.overdue, 0),
        dueSoon: risk.reduce((sum, row) => sum + row.dueSoon, 0),
        byPriority: risk,
      },
      firstResponse: {
        ...periods.trend,
        responded: responseTotal?.responded ?? 0,
        waiting: responseTotal?.waiting ?? 0,
        medianSeconds: responseTotal?.medianSeconds ?? null,
        p90Seconds: responseTotal?.p90Seconds ?? null,
        metRate: share(responseTotal?.met ?? 0, responseTotal?.withTarget ?? 0),
        days: store.daysOf(periods.trend).map((day) => {
          const row = responseByDay.get(day);
          return { day, responded: row?.responded ?? 0, medianSeconds: row?.medianSeconds ?? null, p90Seconds: row?.p90Seconds ?? null };
        }),
      },
      faultTypes: { ...periods.faultTypes, ...faultTypes },
      engineerLoad: {
        engineers: team.engineers,
        online: team.byAvailability.online ?? 0,
        open: team.open,
        averageOpen: team.engineers ? team.open / team.engineers : null,
        items: load,
      },
    };
  }

  /** Every active engineer's open tickets by status, for the dispatcher board. */
  async function engineerLoad(actor: Actor) {
    requireReader(actor, 'engineer load');
    return { items: await store.engineerLoad(ctx.db, actor.tenantId, ALL_ENGINEERS) };
  }

  return { dashboard, engineerLoad };
}
