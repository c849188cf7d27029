/** HTTP routes of SLA: admin routes for calendars and policies, and a ticket's SLA view. */
import { Type } from 'typebox';
import type { Ctx } from '../../platform/context.ts';
import type { App } from '../../platform/http/server.ts';
import type { TicketSystem } from '../tickets/index.ts';
import { createCalendarService } from './calendars-service.ts';
import { createPolicyService } from './policies-service.ts';
import * as schemas from './schemas.ts';
import { createTicketSlaService } from './ticket-sla.ts';

const tags = ['sla'];
const CALENDARS = '/api/v1/admin/sla/calendars';
const POLICIES = '/api/v1/admin/sla/policies';

export function slaRoutes(app: App, ctx: Ctx, deps: { system: TicketSystem }): void {
  const calendars = createCalendarService(ctx);
  const policies = createPolicyService(ctx);
  const tickets = createTicketSlaService(ctx, deps.system);

  app.get(CALENDARS, {
    schema: { tags, summary: 'Business calendars (admin, dispatcher, manager)', response: { 200: Type.Object({ items: Type.Array(schemas.Calendar) }) } },
  }, async (request) => ({ items: await calendars.list(request.actor) }));

  app.post(CALENDARS, {
    schema: {
      tags, summary: 'Add a business calendar (admin); refused when it has no working hours', body: schemas.CreateCalendarBody,
      response: { 201: schemas.Calendar },
    },
  }, async (request, reply) => reply.status(201).send(await calendars.create(request.actor, request.body)));

  app.get(`${CALENDARS}/:id`, {
    schema: { tags, summary: 'One business calendar', params: schemas.IdParams, response: { 200: schemas.Calendar } },
  }, async (request) => calendars.get(request.actor, request.params.id));

  app.patch(`${CALENDARS}/:id`, {
    schema: {
      tags, summary: 'Change a calendar (admin); its policies\' open tickets are re-computed in the background',
      params: schemas.IdParams, body: schemas.UpdateCalendarBody, response: { 200: schemas.Calendar },
    },
  }, async (request) => calendars.update(request.actor, request.params.id, request.body));

  app.delete(`${CALENDARS}/:id`, {
    schema: { tags, summary: 'Delete a calendar (admin); 409 while a policy uses it', params: schemas.IdParams },
  }, async (request, reply) => {
    await calendars.remove(request.actor, request.params.id);
    return reply.status(204).send();
  });

  app.post(`${CALENDARS}/:id/china-holidays`, {
    schema: {
      tags, summary: 'Add China\'s official holidays and make-up workdays (调休) of the given years (admin)',
      params: schemas.IdParams, body: schemas.ChinaHolidaysBody, response: { 200: schemas.Calendar },
    },
  }, async (request) => calendars.importChinaHolidays(request.actor, request.params.id, request.body.years));

  app.get(POLICIES, {
    schema: {
      tags, summary: 'SLA policies in first-match order (admin, dispatcher, manager)',
      response: { 200: Type.Object({ items: Type.Array(schemas.Policy) }) },
    },
  }, async (request) => ({ items: await policies.list(request.actor) }));

  app.post(POLICIES, {
    schema: { tags, summary: 'Add an SLA policy with its escalation ladder (admin)', body: schemas.CreatePolicyBody, response: { 201: schemas.Policy } },
  }, async (request, reply) => reply.status(201).send(await policies.create(request.actor, request.body)));

  app.get(`${POLICIES}/:id`, {
    schema: { tags, summary: 'One SLA policy', params: schemas.IdParams, response: { 200: schemas.Policy } },
  }, async (request) => policies.get(request.actor, request.params.id));

  app.patch(`${POLICIES}/:id`, {
    schema: {
      tags, summary: 'Change an SLA policy (admin); open tickets on it are re-computed in the background',
      params: schemas.IdParams, body: schemas.UpdatePolicyBody, response: { 200: schemas.Policy },
    },
  }, async (request) => policies.update(request.actor, request.params.id, request.body));

  app.delete(`${POLICIES}/:id`, {
    schema: {
      tags, summary: 'Delete an SLA policy (admin): 204 when unused; when tickets use it, it is deactivated instead (200)',
      params: schemas.IdParams, response: { 200: Type.Object({ deleted: Type.Boolean(), policy: schemas.Policy }), 204: Type.Null() },
    },
  }, async (request, reply) => {
    const result = await policies.remove(request.actor, request.params.id);
    return result.deleted ? reply.status(204).send(null) : reply.status(200).send({ deleted: false, policy: result.policy! });
  });

  app.get('/api/v1/tickets/:id/sla', {
    schema: {
      tags, summary: 'A ticket\'s SLA: its policy, both clocks now, its ladder and what fired when',
      params: schemas.IdParams, response: { 200: schemas.TicketSla },
    },
  }, async (request) => tickets.ticketSla(request.actor, request.params.id));
}
