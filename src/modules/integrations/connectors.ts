/**
 * Inbound connectors: an endpoint per source system (POST /api/v1/connectors/{key}/events) with
 * its own token, JSON or XML, validated, mapped into tickets idempotently by the source's id,
 * the ticket's links to other systems' records, and callbacks telling the source when its
 * ticket is resolved, closed, cancelled or reopened.
 */
import type { Ctx } from '../../platform/context.ts';
import { Type } from 'typebox';
import { AppError } from '../../platform/errors.ts';
import type { App } from '../../platform/http/server.ts';
import type { JobHandler } from '../../platform/runner/index.ts';
import type { TicketHooks, TicketService, TicketSystem } from '../tickets/index.ts';
import { deliverCallbacks } from './callback-deliver.ts';
import { CONNECTOR_CALLBACK, registerCallbackListener } from './callback-outbox.ts';
// Rules arrive as JSON; checkDefinition checks each transform before anything is stored.
import { createConnectorAdmin, hashConnectorToken, type ConnectorInput, type ConnectorPatch } from './connector-admin.ts';
import { createIngest, registerLinkListener, type TenantConnector } from './connector-ingest.ts';
import { MAX_EVENT_BYTES } from './connector-payload.ts';
import * as schemas from './connector-schemas.ts';
import { findConnectorByTokenHash } from './connector-store.ts';

const tags = ['connectors'];
const CONNECTORS = '/api/v1/connectors';

export function registerConnectors(hooks: TicketHooks, _ctx: Ctx): void {
  registerLinkListener(hooks);
  registerCallbackListener(hooks);
}

export function connectorJobHandlers(_system: TicketSystem): [string, JobHandler][] {
  return [[CONNECTOR_CALLBACK, deliverCallbacks]];
}

/** The connector the bearer token belongs to, if it is the one the URL names; 401 otherwise. */
async function authenticateConnector(ctx: Ctx, authorization: string | undefined, key: string): Promise<TenantConnector> {
  const token = authorization && /^Bearer\s+(\S+)$/i.exec(authorization)?.[1];
  if (!token) throw new AppError('unauthenticated', 'Send the connector token: Authorization: Bearer <token>.');
  const connector = await findConnectorByTokenHash(ctx.db, hashConnectorToken(token));
  // Another tenant's key or another connector's token: the same answer as an unknown token.
  if (!connector || connector.key !== key) throw new AppError('unauthenticated', 'The token is not this connector\'s, or it was rotated.');
  if (!connector.active) throw new AppError('forbidden', 'This connector is disabled; an admin can enable it again.');
  return connector;
}

const rawBody = (body: unknown) => (typeof body === 'string' ? body : '');

export function connectorRoutes(app: App, ctx: Ctx, deps: { system: TicketSystem; tickets: TicketService }): void {
  const ingest = createIngest(ctx, deps.tickets, deps.system);
  const admin = createConnectorAdmin(ctx, { tickets: deps.tickets, ingest });

  app.post(CONNECTORS, {
    schema: { tags, summary: 'Create a connector; its token and callback secret are shown once (admin)', body: schemas.CreateBody, response: { 201: schemas.CreateAnswer } },
  }, async (request, reply) => reply.status(201).send(await admin.create(request.actor, request.body as ConnectorInput)));

  app.get(CONNECTORS, {
    schema: { tags, summary: 'Connectors of the tenant (admin)', response: { 200: schemas.ConnectorList } },
  }, async (request) => admin.list(request.actor));

  app.get(`${CONNECTORS}/:key`, {
    schema: { tags, summary: 'One connector, without its token (admin)', params: schemas.KeyParams, response: { 200: schemas.Connector } },
  }, async (request) => admin.get(request.actor, request.params.key));

  app.patch(`${CONNECTORS}/:key`, {
    schema: { tags, summary: 'Edit a connector: name, schema, mapping, callback URL, active (admin)', params: schemas.KeyParams, body: schemas.UpdateBody, response: { 200: schemas.Connector } },
  }, async (request) => admin.update(request.actor, request.params.key, request.body as ConnectorPatch));

  app.delete(`${CONNECTORS}/:key`, {
    schema: { tags, summary: 'Delete a connector and its dead letters; links stay on the tickets (admin)', params: schemas.KeyParams },
  }, async (request, reply) => {
    await admin.remove(request.actor, request.params.key);
    return reply.status(204).send();
  });

  app.post(`${CONNECTORS}/:key/rotate-token`, {
    schema: { tags, summary: 'Replace the connector token; the old one stops working at once (admin)', params: schemas.KeyParams, response: { 200: schemas.TokenAnswer } },
  }, async (request) => admin.rotateToken(request.actor, request.params.key));

  app.post(`${CONNECTORS}/:key/rotate-callback-secret`, {
    schema: { tags, summary: 'Replace the secret that signs callbacks; the old one stops signing at once (admin)', params: schemas.KeyParams, response: { 200: schemas.CallbackSecretAnswer } },
  }, async (request) => admin.rotateCallbackSecret(request.actor, request.params.key));

  app.get(`${CONNECTORS}/:key/callbacks`, {
    schema: {
      tags, summary: 'Callbacks sent to the source, newest first, with their last attempt: status code, latency, error (admin)',
      params: schemas.KeyParams, querystring: schemas.CallbackQuery, response: { 200: schemas.CallbackList },
    },
  }, async (request) => admin.callbacks(request.actor, request.params.key, request.query));

  app.post(`${CONNECTORS}/:key/callbacks/:id/replay`, {
    schema: { tags, summary: 'Send a delivered or failed callback again, with its webhook-id, after the ticket\'s others (admin)', params: schemas.CallbackParams, response: { 200: schemas.Callback } },
  }, async (request) => admin.replayCallback(request.actor, request.params.key, request.params.id));

  app.get(`${CONNECTORS}/:key/dead-letters`, {
    schema: { tags, summary: 'Refused events kept for inspection and replay (admin)', params: schemas.KeyParams, querystring: schemas.DeadLetterQuery, response: { 200: schemas.DeadLetterList } },
  }, async (request) => admin.deadLetters(request.actor, request.params.key, request.query));

  app.post(`${CONNECTORS}/:key/dead-letters/:id/replay`, {
    schema: { tags, summary: 'Run a dead letter again with the connector as it is now (admin)', params: schemas.DeadLetterParams, response: { 200: schemas.EventAnswer, 201: schemas.EventAnswer } },
  }, async (request, reply) => {
    const result = await admin.replay(request.actor, request.params.key, request.params.id);
    return reply.status(result.created ? 201 : 200).send(result);
  });

  app.post(`${CONNECTORS}/:key/dead-letters/replay`, {
    schema: { tags, summary: 'Replay every pending dead letter, oldest first (admin)', params: schemas.KeyParams, response: { 200: schemas.ReplayAllAnswer } },
  }, async (request) => admin.replayAll(request.actor, request.params.key));

  app.get('/api/v1/tickets/:id/external-links', {
    schema: { tags, summary: "The ticket's records in other systems, with their last known state", params: schemas.TicketParams, response: { 200: schemas.ExternalLinks } },
  }, async (request) => admin.externalLinks(request.actor, request.params.id));

  // Event bodies are read as text here (JSON or XML, told apart by the body), with their own limit.
  void app.register(async (plain) => {
    const scope = plain as unknown as App;
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'string', bodyLimit: MAX_EVENT_BYTES }, (_request, body, done) => done(null, body));

    scope.post(`${CONNECTORS}/:key/events`, {
      config: { public: true },
      schema: {
        tags, summary: 'An event from the source system, JSON or XML, with Authorization: Bearer <connector token>',
        security: [], params: schemas.KeyParams, querystring: schemas.EventQuery,
        response: { 200: Type.Union([schemas.EventAnswer, schemas.DryRunAnswer]), 201: schemas.EventAnswer },
      },
    }, async (request, reply) => {
      const connector = await authenticateConnector(ctx, request.headers.authorization, request.params.key);
      const body = rawBody(request.body);
      if (request.query.dryRun) return ingest.dryRun(connector, body, request.headers['content-type']);
      const result = await ingest.receive(connector, body, request.headers['content-type']);
      return reply.status(result.created ? 201 : 200).send(result);
    });

    scope.post(`${CONNECTORS}/:key/dry-run`, {
      schema: { tags, summary: 'What an event would become, without writing (admin)', params: schemas.KeyParams, response: { 200: schemas.DryRunAnswer } },
    }, async (request) => admin.dryRun(request.actor, request.params.key, rawBody(request.body), request.headers['content-type']));
  });
}
