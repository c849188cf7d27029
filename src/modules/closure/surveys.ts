/**
 * Follow-up surveys: some hours after a ticket closes (72 by default), its requester gets a
 * signed link to a short survey (1–5 stars, "is the problem fully solved?"). The answer is
 * appended to the ticket's events, and a low score alerts the service directors.
 *
 * survey-model.ts holds the rules, survey-send.ts the timer and the job, survey-answer.ts the
 * customer's answer, survey-page.ts the HTML, survey-routes.ts the routes, survey-store.ts the SQL.
 */
import type { Ctx } from '../../platform/context.ts';
import type { App } from '../../platform/http/server.ts';
import type { JobHandler } from '../../platform/runner/index.ts';
import type { TicketHooks, TicketSystem } from '../tickets/index.ts';
import type { ClosureDeps } from './deps.ts';
import { SURVEY_JOB } from './survey-model.ts';
import { surveyRoutesOf } from './survey-routes.ts';
import { onTicketChangeForSurvey, surveyHandler } from './survey-send.ts';
import type { LinkConfig } from './tokens.ts';

export { SURVEY_JOB } from './survey-model.ts';

/** A closing sets the survey timer; a reopen withdraws it. */
export function registerSurveys(hooks: TicketHooks, _ctx: Ctx, _links: LinkConfig): void {
  hooks.onChange('surveys', onTicketChangeForSurvey);
}

export function surveyJobHandlers(system: TicketSystem, links: LinkConfig): [string, JobHandler][] {
  return [[SURVEY_JOB, surveyHandler(system, links)]];
}

export function surveyRoutes(app: App, ctx: Ctx, deps: ClosureDeps): void {
  surveyRoutesOf(app, ctx, { system: deps.system, links: deps.links });
}
