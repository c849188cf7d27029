/**
 * HTTP routes of verification behind the login: a new link with its QR code, a ticket's links
 * and verification record, and the statistics.
 */
import { Type } from 'typebox';
import type { App } from '../../platform/http/server.ts';
import type { StaffVerification } from './verification-staff.ts';

const tags = ['closure'];
const Id = Type.String({ format: 'uuid' });
const Time = Type.String({ format: 'date-time' });
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) => Type.Union([schema, Type.Null()]);

const IssuedLink = Type.Object({
  url: Type.String({ description: 'The page the customer opens: {publicUrl}/v/{token}' }),
  token: Type.String({ description: '72 characters, signed; single-use' }),
  expiresAt: Time,
  qrSvg: Type.String({ description: 'The URL as an SVG QR code' }),
});

const Link = Type.Object({
  id: Id,
  createdAt: Time,
  expiresAt: Time,
  usedAt: Nullable(Time),
  result: Nullable(Type.String({ description: 'satisfied, partial, unresolved, auto; or why it stopped waiting: closed, reopened' })),
  answered: Type.Boolean({ description: 'The customer answered through this link' }),
});

const Overview = Type.Object({
  ticketId: Id,
  status: Type.String(),
  awaitingReview: Type.Boolean(),
  verification: Nullable(Type.Record(Type.String(), Type.Unknown())),
  links: Type.Array(Link, { description: 'Newest first; the tokens themselves are never shown again' }),
});

const Stats = Type.Object({
  from: Time,
  to: Time,
  satisfied: Type.Integer({ description: 'Verified "solved" by the customer (or staff on their behalf)' }),
  partial: Type.Integer(),
  unresolved: Type.Integer({ description: '"Not solved": the ticket was reopened' }),
  autoVerified: Type.Integer({ description: 'Verified by the system after the customer stayed silent (not in satisfied)' }),
  closedWithoutVerification: Type.Integer(),
  awaiting: Type.Integer({ description: 'Resolved tickets waiting for their customer now' }),
});

export function registerVerificationRoutes(app: App, staff: StaffVerification): void {
  app.post('/api/v1/tickets/:id/verification-link', {
    schema: {
      tags,
      summary: 'A new verification link for the customer, with its QR code (staff who see the ticket, and its requester)',
      description: '409 when the ticket is not resolved or still waits for its second-line review.',
      params: Type.Object({ id: Id }),
      response: { 201: IssuedLink },
    },
  }, async (request, reply) => reply.status(201).send(await staff.createLink(request.actor, request.params.id)));

  app.get('/api/v1/tickets/:id/verification', {
    schema: {
      tags,
      summary: 'The ticket\'s verification links (without tokens) and its verification record',
      params: Type.Object({ id: Id }),
      response: { 200: Overview },
    },
  }, async (request) => staff.overview(request.actor, request.params.id));

  app.get('/api/v1/closure/verification-stats', {
    schema: {
      tags,
      summary: 'Verification outcomes in a window (admin, manager, dispatcher); auto-verifications are counted apart',
      querystring: Type.Object({
        from: Type.Optional(Type.String({ format: 'date-time', description: 'Default: 30 days before `to`' })),
        to: Type.Optional(Type.String({ format: 'date-time', description: 'Default: now' })),
      }),
      response: { 200: Stats },
    },
  }, async (request) => staff.stats(request.actor, request.query));
}
