/** Outbound webhooks, as the app wires them: the ticket listener, the runner's handler, the routes. */
import type { Ctx } from '../../platform/context.ts';
import type { App } from '../../platform/http/server.ts';
import type { JobHandler } from '../../platform/runner/index.ts';
import type { TicketHooks, TicketSystem } from '../tickets/index.ts';
import { deliverLane } from './webhook-deliver.ts';
import { WEBHOOK_DELIVER, webhookListener } from './webhook-outbox.ts';
import { registerWebhookRoutes } from './webhook-routes.ts';
import { createWebhookService } from './webhook-service.ts';

export { WEBHOOK_DELIVER } from './webhook-outbox.ts';
export { createWebhookService, type WebhookService } from './webhook-service.ts';
export { WEBHOOK_EVENT_TYPES, type WebhookEventType } from './webhook-events.ts';

/** Registered last of the listeners: receivers hear of a change with every module's effects on it. */
export function registerWebhooks(hooks: TicketHooks, _ctx: Ctx): void {
  hooks.onChange('webhooks', webhookListener);
}

export function webhookJobHandlers(_system: TicketSystem): [string, JobHandler][] {
  return [[WEBHOOK_DELIVER, deliverLane]];
}

export function webhookRoutes(app: App, ctx: Ctx, _deps: { system: TicketSystem }): void {
  registerWebhookRoutes(app, createWebhookService(ctx));
}
