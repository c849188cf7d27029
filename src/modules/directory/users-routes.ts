/** /api/v1/users and /api/v1/me/location: people, their skills, availability and whereabouts. */
import { Type } from 'typebox';
import type { App } from '../../platform/http/server.ts';
import type { AvailabilityService } from './availability-service.ts';
import * as schemas from './schemas.ts';
import type { UserService } from './users-service.ts';

const tags = ['directory'];
const userResponse = { 200: schemas.User };

export function userRoutes(app: App, users: UserService, availability: AvailabilityService) {
  app.get('/api/v1/users', {
    schema: {
      tags,
      summary: 'People of the tenant, filtered by role, text, org unit (with the units under it) or skill; not for requesters',
      querystring: schemas.UserListQuery,
      response: { 200: schemas.Page(schemas.User) },
    },
  }, async (request) => users.list(request.actor, { ...request.query, limit: request.query.limit ?? 500 }));

  app.get('/api/v1/users/:id', {
    schema: { tags, summary: 'One person; requesters may read only themselves', params: schemas.IdParams, response: userResponse },
  }, async (request) => users.get(request.actor, request.params.id));

  app.post('/api/v1/users', {
    schema: {
      tags,
      summary: 'Add a person (admin); the email is unique in the tenant, whatever its case',
      body: schemas.CreateUserBody,
      response: { 201: schemas.User },
    },
  }, async (request, reply) => reply.status(201).send(await users.create(request.actor, request.body)));

  app.patch('/api/v1/users/:id', {
    schema: {
      tags,
      summary: 'Change a person\'s account (admin); active=false deactivates it and ends its sessions',
      params: schemas.IdParams,
      body: schemas.UpdateUserBody,
      response: userResponse,
    },
  }, async (request) => users.update(request.actor, request.params.id, request.body));

  app.put('/api/v1/users/:id/skills', {
    schema: {
      tags,
      summary: 'Replace a person\'s skills and certificates (admin): key, level 1-5, certificateNo, expiresAt',
      params: schemas.IdParams,
      body: schemas.SkillsBody,
      response: userResponse,
    },
  }, async (request) => users.setSkills(request.actor, request.params.id, request.body.skills));

  app.put('/api/v1/users/:id/availability', {
    schema: {
      tags,
      summary: 'Set availability: the person themself, or a dispatcher, manager or admin; on_leave names a delegate and a window',
      params: schemas.IdParams,
      body: schemas.AvailabilityBody,
      response: userResponse,
    },
  }, async (request) => availability.setAvailability(request.actor, request.params.id, request.body));

  app.put('/api/v1/me/location', {
    schema: {
      tags,
      summary: 'Report the caller\'s current position; the server stamps the time',
      body: schemas.Coordinates,
      response: { 200: Type.Object({ lat: Type.Number(), lng: Type.Number(), at: Type.String({ format: 'date-time' }) }) },
    },
  }, async (request) => availability.setMyLocation(request.actor, request.body));
}
