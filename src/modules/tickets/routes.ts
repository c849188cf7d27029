/** HTTP routes of tickets and ticket types (API.md, first part). */
import { Type } from 'typebox';
import { AppError } from '../../platform/errors.ts';
import type { App } from '../../platform/http/server.ts';
import { STATUSES, type Status } from './model.ts';
import * as schemas from './schemas.ts';
import type { TicketService } from './index.ts';

const ticketResponses = (status: number) => ({ [status]: schemas.Ticket });

export function ticketRoutes(app: App, tickets: TicketService) {
  app.post('/api/v1/tickets', {
    schema: {
      tags: ['tickets'],
      summary: 'Report a problem: only description is required',
      headers: Type.Object({ 'idempotency-key': Type.Optional(Type.String({ minLength: 1, maxLength: 200 })) }),
      body: schemas.CreateTicketBody,
      response: ticketResponses(201),
    },
  }, async (request, reply) => {
    const key = request.headers['idempotency-key'];
    const { ticket, replayed } = await tickets.createTicket(request.actor, request.body, typeof key === 'string' ? key : undefined);
    if (replayed) reply.header('Idempotent-Replayed', 'true');
    return reply.status(201).send(ticket);
  });

  app.get('/api/v1/tickets', {
    schema: {
      tags: ['tickets'],
      summary: 'Tickets the caller may see, newest first, by cursor',
      querystring: schemas.ListQuery,
      response: { 200: Type.Object({ items: Type.Array(schemas.Ticket), nextCursor: schemas.Nullable(Type.String()) }) },
    },
  }, async (request) => {
    const { status, assigneeId, limit, ...rest } = request.query;
    const statuses = status?.split(',').map((value) => value.trim()).filter(Boolean);
    const unknown = statuses?.filter((value) => !(STATUSES as readonly string[]).includes(value));
    if (unknown?.length) throw new AppError('invalid_input', `Unknown status "${unknown[0]}".`, { field: 'status' });
    if (assigneeId && assigneeId !== 'none' && !/^[0-9a-f-]{36}$/i.test(assigneeId)) {
      throw new AppError('invalid_input', 'assigneeId must be a user id or "none".', { field: 'assigneeId' });
    }
    return tickets.listTickets(request.actor, {
      ...rest, statuses: statuses as Status[] | undefined, limit: limit ?? 50,
      assigneeId: assigneeId === 'none' ? null : assigneeId,
    });
  });

  app.get('/api/v1/tickets/:id', {
    schema: { tags: ['tickets'], summary: 'One ticket', params: Type.Object({ id: schemas.Id }), response: ticketResponses(200) },
  }, async (request) => tickets.getTicket(request.actor, request.params.id));

  app.patch('/api/v1/tickets/:id', {
    schema: {
      tags: ['tickets'],
      summary: 'Edit fields; send version to refuse a stale edit with 409',
      params: Type.Object({ id: schemas.Id }),
      body: schemas.UpdateTicketBody,
      response: ticketResponses(200),
    },
  }, async (request) => tickets.updateTicket(request.actor, request.params.id, request.body));

  app.post('/api/v1/tickets/:id/actions/:action', {
    schema: {
      tags: ['tickets'],
      summary: 'Move the ticket through its life: dispatch, accept, decline, start, hold, resume, resolve, verify, close, reopen, cancel, comment',
      params: schemas.ActionParams,
      body: Type.Optional(schemas.ActionBody),
      response: ticketResponses(200),
    },
  }, async (request) => tickets.act(request.actor, request.params.id, request.params.action, request.body ?? {}));

  app.get('/api/v1/tickets/:id/events', {
    schema: {
      tags: ['tickets'],
      summary: 'The event chain of a ticket, oldest first: its audit trail',
      params: Type.Object({ id: schemas.Id }),
      response: { 200: Type.Object({ items: Type.Array(schemas.TicketEvent) }) },
    },
  }, async (request) => ({ items: await tickets.listEvents(request.actor, request.params.id) }));

  // --- ticket types ----------------------------------------------------------------------
  app.get('/api/v1/ticket-types', {
    schema: {
      tags: ['ticket types'],
      summary: 'Ticket types with their form schemas',
      querystring: Type.Object({ includeInactive: Type.Optional(Type.Boolean()) }),
    },
  }, async (request) => ({ items: await tickets.types.list(request.actor, request.query.includeInactive === true) }));

  app.get('/api/v1/ticket-types/:key', {
    schema: { tags: ['ticket types'], summary: 'One ticket type', params: Type.Object({ key: Type.String({ maxLength: 41 }) }) },
  }, async (request) => tickets.types.get(request.actor, request.params.key));

  app.post('/api/v1/ticket-types', {
    schema: { tags: ['ticket types'], summary: 'Add a ticket type (admin)', body: schemas.TicketTypeBody },
  }, async (request, reply) => reply.status(201).send(await tickets.types.create(request.actor, request.body)));

  app.patch('/api/v1/ticket-types/:key', {
    schema: {
      tags: ['ticket types'],
      summary: 'Change a ticket type or its form (admin)',
      params: Type.Object({ key: Type.String({ maxLength: 41 }) }),
      body: Type.Partial(Type.Omit(schemas.TicketTypeBody, ['key']), { additionalProperties: false }),
    },
  }, async (request) => tickets.types.update(request.actor, request.params.key, request.body));

}
