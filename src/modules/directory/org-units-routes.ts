/** /api/v1/org-units: the organisation tree. */
import { Type } from 'typebox';
import type { App } from '../../platform/http/server.ts';
import type { OrgUnitService } from './org-units-service.ts';
import * as schemas from './schemas.ts';

const tags = ['directory'];

export function orgUnitRoutes(app: App, orgUnits: OrgUnitService) {
  app.get('/api/v1/org-units', {
    schema: {
      tags,
      summary: 'Org units: a flat list with parentId, or with ?tree=true nested as children from the company down',
      querystring: Type.Object({ tree: Type.Optional(Type.Boolean()) }),
      response: { 200: Type.Object({ items: Type.Array(schemas.OrgUnitNode) }) },
    },
  }, async (request) => ({ items: await orgUnits.list(request.actor, { tree: request.query.tree === true }) }));

  app.get('/api/v1/org-units/:id', {
    schema: { tags, summary: 'One org unit', params: schemas.IdParams, response: { 200: schemas.OrgUnit } },
  }, async (request) => orgUnits.get(request.actor, request.params.id));

  app.post('/api/v1/org-units', {
    schema: {
      tags,
      summary: 'Add an org unit (admin): a region under a company or region, a service point under a company or region, a department anywhere',
      body: schemas.CreateOrgUnitBody,
      response: { 201: schemas.OrgUnit },
    },
  }, async (request, reply) => reply.status(201).send(await orgUnits.create(request.actor, request.body)));

  app.patch('/api/v1/org-units/:id', {
    schema: {
      tags,
      summary: 'Rename, move or re-staff an org unit (admin); a move under its own descendant is refused',
      params: schemas.IdParams,
      body: schemas.UpdateOrgUnitBody,
      response: { 200: schemas.OrgUnit },
    },
  }, async (request) => orgUnits.update(request.actor, request.params.id, request.body));

  app.delete('/api/v1/org-units/:id', {
    schema: {
      tags,
      summary: 'Delete an empty org unit (admin); 422 while it has sub-units, users or customers',
      params: schemas.IdParams,
    },
  }, async (request, reply) => {
    await orgUnits.remove(request.actor, request.params.id);
    return reply.status(204).send();
  });
}
