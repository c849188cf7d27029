/** What other modules and the app may use of SLA: clocks, policies, calendars, escalation. */
import type { Ctx } from '../../platform/context.ts';
import type { App } from '../../platform/http/server.ts';
import type { JobHandler } from '../../platform/runner/index.ts';
import type { TicketHooks, TicketSystem } from '../tickets/index.ts';
import { breachHandler } from './breach.ts';
import { escalateHandler } from './escalate.ts';
import { slaListener } from './listener.ts';
import { recomputeHandler } from './recompute.ts';
import { slaRoutes as routes } from './routes.ts';
import { SLA_BREACH, SLA_ESCALATE, SLA_RECOMPUTE } from './timers.ts';

/** Starts, pauses and stops each ticket's SLA clocks as it changes. */
export function registerSla(hooks: TicketHooks, _ctx: Ctx): void {
  hooks.onChange('sla', slaListener);
}

/** The runner's SLA job kinds: breaches, ladder steps, background re-computation. */
export function slaJobHandlers(system: TicketSystem): [string, JobHandler][] {
  return [
    [SLA_BREACH, breachHandler(system)],
    [SLA_ESCALATE, escalateHandler(system)],
    [SLA_RECOMPUTE, recomputeHandler(system)],
  ];
}

/** Admin routes for calendars and policies, and GET /tickets/{id}/sla. */
export function slaRoutes(app: App, ctx: Ctx, deps: { system: TicketSystem }): void {
  routes(app, ctx, deps);
}

export { installDefaultSla } from './defaults.ts';
export { SLA_BREACH, SLA_ESCALATE, SLA_RECOMPUTE } from './timers.ts';
export { ALWAYS_OPEN, DEFAULT_TIME_ZONE, validateCalendar, type Calendar } from './calendar.ts';
export { addBusinessSeconds, businessSecondsBetween, deadlineFromEvents } from './deadlines.ts';
export { CHINA_HOLIDAY_YEARS, chinaHolidays, withChinaHolidays } from './holidays-cn.ts';
export type { LadderStep, LadderAction, SlaPolicy } from './policy.ts';
