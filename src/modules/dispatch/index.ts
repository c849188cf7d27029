/** What other modules and the app may use of dispatch: the engine, offers, re-dispatch. */
import type { Ctx } from '../../platform/context.ts';
import type { App } from '../../platform/http/server.ts';
import type { JobHandler } from '../../platform/runner/index.ts';
import type { TicketHooks, TicketSystem } from '../tickets/index.ts';
import { createChooser } from './engine.ts';
import { dispatchJobHandlers as handlers } from './jobs.ts';
import { dispatchListener } from './listener.ts';
import { registerDispatchRoutes } from './routes.ts';
import { createDispatchService } from './service.ts';

/** Sets the engine that answers "dispatch" without an assignee, and the timers around offers. */
export function registerDispatch(hooks: TicketHooks, _ctx: Ctx): void {
  hooks.setDispatchChooser(createChooser());
  hooks.onChange('dispatch', dispatchListener());
}

/** The runner's dispatch work: automatic dispatch, accept timeouts, re-dispatch after a decline. */
export function dispatchJobHandlers(system: TicketSystem): [string, JobHandler][] {
  return handlers(system);
}

export function dispatchRoutes(app: App, ctx: Ctx, deps: { system: TicketSystem }): void {
  registerDispatchRoutes(app, createDispatchService(ctx, deps.system));
}

export { ACCEPT_TIMEOUT, DISPATCH_AUTO, REDISPATCH } from './listener.ts';
export { DISPATCH_MODES, type DispatchConfig, type DispatchMode } from './config.ts';
export { DEFAULT_WEIGHTS, type Weights } from './scoring.ts';
export { pauseAutomaticDispatch, type DispatchPause } from './pauses.ts';
