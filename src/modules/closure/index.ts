/**
 * Real closure: a ticket closes when the fix is proven (checklist evidence, second-line review)
 * and the customer agrees (a signed link or QR code), and a survey asks again days later.
 * Recurrence and problems live in src/modules/problems; knowledge in src/modules/knowledge.
 */
import type { Ctx } from '../../platform/context.ts';
import type { App } from '../../platform/http/server.ts';
import type { JobHandler } from '../../platform/runner/index.ts';
import type { TicketHooks, TicketSystem } from '../tickets/index.ts';
import { checklistRoutes, registerChecklists } from './checklists.ts';
import type { ClosureDeps } from './deps.ts';
import { registerReviews, reviewRoutes } from './reviews.ts';
import { settingsRoutes } from './settings-routes.ts';
import { registerSurveys, surveyJobHandlers, surveyRoutes } from './surveys.ts';
import type { LinkConfig } from './tokens.ts';
import { registerVerification, verificationJobHandlers, verificationRoutes } from './verification.ts';

export { getClosureSettings, type ClosureSettings } from './settings.ts';
export { addClosureRule, closureRuleFor } from './rules-service.ts';
export { isAwaitingReview } from './reviews.ts';
export type { LinkConfig } from './tokens.ts';
export type { ClosureDeps } from './deps.ts';

/** In this order: the checklist guards resolve, review decides whether the customer is asked yet. */
export function registerClosure(hooks: TicketHooks, ctx: Ctx, links: LinkConfig): void {
  registerChecklists(hooks, ctx);
  registerReviews(hooks, ctx);
  registerVerification(hooks, ctx, links);
  registerSurveys(hooks, ctx, links);
}

export function closureJobHandlers(system: TicketSystem, links: LinkConfig): [string, JobHandler][] {
  return [...verificationJobHandlers(system, links), ...surveyJobHandlers(system, links)];
}

export function closureRoutes(app: App, ctx: Ctx, deps: ClosureDeps): void {
  settingsRoutes(app, ctx);
  checklistRoutes(app, ctx, deps);
  reviewRoutes(app, ctx, deps);
  verificationRoutes(app, ctx, deps);
  surveyRoutes(app, ctx, deps);
}
