/**
 * How the modules react to each other's changes, wired once for the HTTP app and the runner
 * alike: a ticket change in either process has the same consequences, and every job kind has
 * its handler wherever a runner runs.
 */
import type { Ctx } from '../platform/context.ts';
import { RUNNER_CLEANUP, cleanupHandler, type JobHandlers } from '../platform/runner/index.ts';
import { TicketHooks, createTicketSystem, type TicketSystem } from '../modules/tickets/index.ts';
import { NOTIFY_DELIVER, deliverHandler } from '../modules/notify/index.ts';
import { registerSla, slaJobHandlers } from '../modules/sla/index.ts';
import { registerDispatch, dispatchJobHandlers } from '../modules/dispatch/index.ts';

export interface Domain {
  hooks: TicketHooks;
  system: TicketSystem;
  handlers: JobHandlers;
}

export function createDomain(ctx: Ctx): Domain {
  const hooks = new TicketHooks();
  const system = createTicketSystem(hooks);
  registerSla(hooks, ctx);
  registerDispatch(hooks, ctx);
  const handlers: JobHandlers = new Map([
    [RUNNER_CLEANUP, cleanupHandler],
    [NOTIFY_DELIVER, deliverHandler],
    ...slaJobHandlers(system),
    ...dispatchJobHandlers(system),
  ]);
  return { hooks, system, handlers };
}

/** The hooks alone, for code that changes tickets outside the app (the demo seed). */
export const createTicketHooks = (ctx: Ctx): TicketHooks => createDomain(ctx).hooks;
