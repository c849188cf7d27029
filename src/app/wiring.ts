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
import { closureJobHandlers, registerClosure, type LinkConfig } from '../modules/closure/index.ts';
import { problemJobHandlers, registerProblems } from '../modules/problems/index.ts';
import { connectorJobHandlers, importJobHandlers, registerConnectors, registerWebhooks, webhookJobHandlers } from '../modules/integrations/index.ts';
import type { BlobStore } from '../platform/blobs.ts';

export interface Domain {
  hooks: TicketHooks;
  system: TicketSystem;
  handlers: JobHandlers;
}

/**
 * `links` signs and addresses the links sent to people without a login (verification, surveys).
 * Closure registers first: a "not solved" answer raises the priority before the SLA reacts.
 */
export function createDomain(ctx: Ctx, links: LinkConfig, blobs: BlobStore): Domain {
  const hooks = new TicketHooks();
  const system = createTicketSystem(hooks);
  registerClosure(hooks, ctx, links);
  registerProblems(hooks, ctx);
  registerSla(hooks, ctx);
  registerDispatch(hooks, ctx);
  // Last: other systems hear of a change with every module's effects on it.
  registerConnectors(hooks, ctx);
  registerWebhooks(hooks, ctx);
  const handlers: JobHandlers = new Map([
    [RUNNER_CLEANUP, cleanupHandler],
    [NOTIFY_DELIVER, deliverHandler],
    ...slaJobHandlers(system),
    ...dispatchJobHandlers(system),
    ...closureJobHandlers(system, links),
    ...problemJobHandlers(system),
    ...webhookJobHandlers(system),
    ...connectorJobHandlers(system),
    ...importJobHandlers(hooks, blobs),
  ]);
  return { hooks, system, handlers };
}

/** The hooks alone, for code that changes tickets outside the app (the demo seed). */
export const createTicketHooks = (ctx: Ctx, links: LinkConfig, blobs: BlobStore): TicketHooks => createDomain(ctx, links, blobs).hooks;
