/** HTTP routes of problems (/api/v1/problems) and of the eradication rate (/api/v1/analytics/eradication). */
import type { Ctx } from '../../platform/context.ts';
import type { App } from '../../platform/http/server.ts';
import type { TicketSystem } from '../tickets/index.ts';
import { createEradicationService } from './eradication.ts';
import * as schemas from './schemas.ts';
import { createProblemService } from './service.ts';

const tags = ['problems'];
const PROBLEMS = '/api/v1/problems';

export function problemRoutes(app: App, ctx: Ctx, deps: { system: TicketSystem }): void {
  const problems = createProblemService(ctx, deps.system);
  const eradication = createEradicationService(ctx);

  app.get(PROBLEMS, {
    schema: {
      tags, summary: 'Problems (recurring faults), newest first, by cursor (staff)', querystring: schemas.ListQuery,
      response: { 200: schemas.ProblemList },
    },
  }, async (request) => problems.list(request.actor, request.query));

  app.post(PROBLEMS, {
    schema: {
      tags, summary: 'Open a problem by hand, linking tickets (admin, manager, expert, dispatcher)', body: schemas.CreateBody,
      response: { 201: schemas.ProblemDetail },
    },
  }, async (request, reply) => reply.status(201).send(await problems.create(request.actor, request.body)));

  app.get(`${PROBLEMS}/:id`, {
    schema: { tags, summary: 'One problem with its tickets (staff)', params: schemas.IdParams, response: { 200: schemas.ProblemDetail } },
  }, async (request) => problems.get(request.actor, request.params.id));

  app.patch(`${PROBLEMS}/:id`, {
    schema: {
      tags, summary: 'Edit a problem: title, owner, status, root cause, corrective action; send version to refuse a stale edit with 409',
      params: schemas.IdParams, body: schemas.UpdateBody, response: { 200: schemas.ProblemDetail },
    },
  }, async (request) => problems.update(request.actor, request.params.id, request.body));

  app.post(`${PROBLEMS}/:id/close`, {
    schema: {
      tags, summary: 'Close a problem: refused (422) until it has a root cause and a corrective action',
      params: schemas.IdParams, body: schemas.CloseBody, response: { 200: schemas.ProblemDetail },
    },
    // A bare POST is a close with what the problem already records.
    preValidation: async (request) => { request.body ??= {}; },
  }, async (request) => problems.close(request.actor, request.params.id, request.body));

  app.put(`${PROBLEMS}/:id/tickets/:ticketId`, {
    schema: {
      tags, summary: 'Link a ticket to the problem (409 when it belongs to another)', params: schemas.TicketParams,
      response: { 200: schemas.ProblemDetail },
    },
  }, async (request) => problems.link(request.actor, request.params.id, request.params.ticketId));

  app.delete(`${PROBLEMS}/:id/tickets/:ticketId`, {
    schema: { tags, summary: 'Unlink a ticket from the problem', params: schemas.TicketParams, response: { 200: schemas.ProblemDetail } },
  }, async (request) => problems.unlink(request.actor, request.params.id, request.params.ticketId));

  app.get('/api/v1/analytics/eradication', {
    schema: {
      tags: ['analytics'],
      summary: 'Eradication rate: closed tickets not followed by a similar one within the window, per type, engineer or device model',
      querystring: schemas.EradicationQuery, response: { 200: schemas.Eradication },
    },
  }, async (request) => eradication.rate(request.actor, request.query));
}
