/** /api/v1/customers. */
import type { App } from '../../platform/http/server.ts';
import type { CustomerService } from './customers-service.ts';
import * as schemas from './schemas.ts';

const tags = ['directory'];

export function customerRoutes(app: App, customers: CustomerService) {
  app.get('/api/v1/customers', {
    schema: {
      tags,
      summary: 'Customers, by text and tier, in pages (nextCursor)',
      querystring: schemas.CustomerListQuery,
      response: { 200: schemas.Page(schemas.Customer) },
    },
  }, async (request) => customers.list(request.actor, { ...request.query, limit: request.query.limit ?? 50 }));

  app.get('/api/v1/customers/:id', {
    schema: { tags, summary: 'One customer', params: schemas.IdParams, response: { 200: schemas.Customer } },
  }, async (request) => customers.get(request.actor, request.params.id));

  app.post('/api/v1/customers', {
    schema: {
      tags,
      summary: 'Add a customer (admin, dispatcher); tier platinum, gold, silver or standard',
      body: schemas.CreateCustomerBody,
      response: { 201: schemas.Customer },
    },
  }, async (request, reply) => reply.status(201).send(await customers.create(request.actor, request.body)));

  app.patch('/api/v1/customers/:id', {
    schema: {
      tags,
      summary: 'Change a customer (admin, dispatcher)',
      params: schemas.IdParams,
      body: schemas.UpdateCustomerBody,
      response: { 200: schemas.Customer },
    },
  }, async (request) => customers.update(request.actor, request.params.id, request.body));

  app.delete('/api/v1/customers/:id', {
    schema: {
      tags,
      summary: 'Delete a customer (admin, dispatcher); 422 while devices or tickets refer to it',
      params: schemas.IdParams,
    },
  }, async (request, reply) => {
    await customers.remove(request.actor, request.params.id);
    return reply.status(204).send();
  });
}
