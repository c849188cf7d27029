/** HTTP routes of outbound webhooks: subscriptions (admin), their log and replays, settings, and the public payload schemas. */
import { Type } from 'typebox';
import { AppError } from '../../platform/errors.ts';
import type { App } from '../../platform/http/server.ts';
import { isWebhookEventType, WEBHOOK_EVENT_TYPES } from './webhook-events.ts';
import { payloadSchema } from './webhook-schemas.ts';
import type { WebhookService } from './webhook-service.ts';
import * as schemas from './webhook-route-schemas.ts';

const tags = ['webhooks'];
const BASE = '/api/v1/webhooks';

export function registerWebhookRoutes(app: App, webhooks: WebhookService): void {
  app.get(`${BASE}/schemas/:eventType`, {
    config: { public: true },
    schema: {
      tags,
      summary: 'The JSON Schema of one event type\'s payload (public, stable URL)',
      params: Type.Object({ eventType: Type.String({ maxLength: 60 }) }),
    },
  }, async (request, reply) => {
    const { eventType } = request.params;
    if (!isWebhookEventType(eventType)) {
      throw new AppError('not_found', `No webhook event type "${eventType}". Types: ${WEBHOOK_EVENT_TYPES.join(', ')}.`, { eventType });
    }
    return reply.type('application/schema+json').send(payloadSchema(eventType, `${request.protocol}://${request.host}`));
  });

  app.get(`${BASE}/settings`, {
    schema: { tags, summary: 'The tenant\'s webhook settings (admin)', response: { 200: schemas.Settings } },
  }, async (request) => webhooks.getSettings(request.actor));

  app.put(`${BASE}/settings`, {
    schema: {
      tags,
      summary: 'Change the tenant\'s webhook settings (admin): private networks, when to alert, when to pause',
      body: Type.Partial(schemas.Settings),
      response: { 200: schemas.Settings },
    },
  }, async (request) => webhooks.saveSettings(request.actor, request.body));

  app.post(BASE, {
    schema: {
      tags,
      summary: 'Subscribe a URL to ticket events (admin); the secret is shown this once',
      body: schemas.CreateBody,
      response: { 201: schemas.SubscriptionWithSecret },
    },
  }, async (request, reply) => reply.status(201).send(await webhooks.create(request.actor, request.body)));

  app.get(BASE, {
    schema: { tags, summary: 'The tenant\'s webhook subscriptions (admin)', response: { 200: Type.Object({ items: Type.Array(schemas.Subscription) }) } },
  }, async (request) => webhooks.list(request.actor));

  app.get(`${BASE}/:id`, {
    schema: { tags, summary: 'One webhook subscription (admin)', params: schemas.Params, response: { 200: schemas.Subscription } },
  }, async (request) => webhooks.get(request.actor, request.params.id));

  app.patch(`${BASE}/:id`, {
    schema: {
      tags,
      summary: 'Edit a subscription (admin); {active:false} switches it off, {active:true} resumes it from where it stopped',
      params: schemas.Params,
      body: schemas.UpdateBody,
      response: { 200: schemas.Subscription },
    },
  }, async (request) => webhooks.update(request.actor, request.params.id, request.body));

  app.delete(`${BASE}/:id`, {
    schema: { tags, summary: 'Delete a subscription and its log (admin)', params: schemas.Params },
  }, async (request, reply) => {
    await webhooks.remove(request.actor, request.params.id);
    return reply.status(204).send();
  });

  app.post(`${BASE}/:id/resume`, {
    schema: { tags, summary: 'Resume a paused or switched-off subscription from where it stopped (admin)', params: schemas.Params, response: { 200: schemas.Subscription } },
  }, async (request) => webhooks.resume(request.actor, request.params.id));

  app.post(`${BASE}/:id/rotate-secret`, {
    schema: {
      tags,
      summary: 'Replace the signing secret with a newly generated one (admin); the new one is shown this once',
      params: schemas.Params,
      response: { 200: schemas.SubscriptionWithSecret },
    },
  }, async (request) => webhooks.rotateSecret(request.actor, request.params.id));

  app.get(`${BASE}/:id/deliveries`, {
    schema: {
      tags,
      summary: 'The delivery log, newest first, by cursor (admin): request, response, latency, attempts, error',
      params: schemas.Params,
      querystring: schemas.DeliveriesQuery,
      response: { 200: Type.Object({ items: Type.Array(schemas.Delivery), nextCursor: Type.Union([Type.String(), Type.Null()]) }) },
    },
  }, async (request) => webhooks.deliveries(request.actor, request.params.id, { ...request.query, limit: request.query.limit ?? 50 }));

  app.post(`${BASE}/:id/deliveries/:deliveryId/replay`, {
    schema: {
      tags,
      summary: 'Send one delivery again (admin), with the same webhook-id so the receiver can drop a repeat',
      params: Type.Object({ id: schemas.Id, deliveryId: schemas.Id }),
      response: { 202: schemas.Delivery },
    },
  }, async (request, reply) => reply.status(202).send(await webhooks.replayOne(request.actor, request.params.id, request.params.deliveryId)));

  app.post(`${BASE}/:id/replay`, {
    schema: {
      tags,
      summary: 'Send again every delivery created in [from, to) (admin), oldest first',
      params: schemas.Params,
      body: Type.Object({ from: Type.String({ format: 'date-time' }), to: Type.String({ format: 'date-time' }) }, { additionalProperties: false }),
      response: { 202: Type.Object({ replayed: Type.Integer(), deliveryIds: Type.Array(schemas.Id) }) },
    },
  }, async (request, reply) => reply.status(202).send(await webhooks.replayRange(request.actor, request.params.id, request.body)));
}
