/** HTTP routes of dispatch: proposals and decisions of a ticket, and the admin's settings. */
import { Type } from 'typebox';
import type { App } from '../../platform/http/server.ts';
import * as schemas from './schemas.ts';
import type { DispatchService } from './service.ts';

const tags = ['dispatch'];
const TicketParams = Type.Object({ id: Type.String({ format: 'uuid' }) });
const TypeParams = Type.Object({ key: Type.String({ maxLength: 41 }) });

export function registerDispatchRoutes(app: App, dispatch: DispatchService): void {
  app.get('/api/v1/tickets/:id/dispatch-proposal', {
    schema: {
      tags,
      summary: 'Who should take the ticket, best first, with each score\'s parts and why others are excluded (dispatchers)',
      params: TicketParams,
      response: { 200: schemas.Proposal },
    },
  }, async (request) => dispatch.proposal(request.actor, request.params.id));

  app.get('/api/v1/tickets/:id/dispatch-decisions', {
    schema: {
      tags,
      summary: 'Why this engineer: every dispatch decision of the ticket with its ranked candidates, newest first',
      params: TicketParams,
      response: { 200: Type.Object({ items: Type.Array(schemas.Decision) }) },
    },
  }, async (request) => dispatch.decisions(request.actor, request.params.id));

  app.get('/api/v1/admin/dispatch/weights', {
    schema: { tags, summary: 'The tenant\'s dispatch weights', response: { 200: schemas.WeightsAnswer } },
  }, async (request) => dispatch.getWeights(request.actor));

  app.put('/api/v1/admin/dispatch/weights', {
    schema: {
      tags,
      summary: 'Set the dispatch weights (admin); a weight left out takes its default, none may be below zero',
      body: schemas.Weights,
      response: { 200: schemas.WeightsAnswer },
    },
  }, async (request) => dispatch.setWeights(request.actor, request.body));

  app.get('/api/v1/ticket-types/:key/dispatch', {
    schema: { tags, summary: 'How tickets of a type are dispatched', params: TypeParams, response: { 200: schemas.TypeDispatchAnswer } },
  }, async (request) => dispatch.getTypeDispatch(request.actor, request.params.key));

  app.put('/api/v1/ticket-types/:key/dispatch', {
    schema: {
      tags,
      summary: 'Set how tickets of a type are dispatched (admin): mode, offer size, time to accept, skills and certificates',
      params: TypeParams,
      body: schemas.TypeDispatchBody,
      response: { 200: schemas.TypeDispatchAnswer },
    },
  }, async (request) => dispatch.setTypeDispatch(request.actor, request.params.key, request.body));
}
