/**
 * Recurrence and problems: a fault that keeps coming back on the same device, error code or
 * customer becomes a problem someone owns, linking its tickets; closing it needs a root cause
 * and a corrective action. The eradication rate measures how often a closed fault stays away.
 */
import type { Ctx } from '../../platform/context.ts';
import type { App } from '../../platform/http/server.ts';
import type { JobHandler } from '../../platform/runner/index.ts';
import type { TicketHooks, TicketSystem } from '../tickets/index.ts';
import { cachedSettings, recurrenceListener } from './detect.ts';
import { recurrenceJobHandlers } from './recurrence-job.ts';
import { problemRoutes as routes } from './routes.ts';

export { PROBLEMS_RECURRENCE } from './detect.ts';

/** Detection runs on every new ticket; it reads, and schedules the job that writes. */
export function registerProblems(hooks: TicketHooks, _ctx: Ctx): void {
  hooks.onChange('problems', recurrenceListener(cachedSettings()));
}

export function problemJobHandlers(system: TicketSystem): [string, JobHandler][] {
  return recurrenceJobHandlers(system);
}

export function problemRoutes(app: App, ctx: Ctx, deps: { system: TicketSystem }): void {
  routes(app, ctx, deps);
}
