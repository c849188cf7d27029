/**
 * /api/v1/admin/api-clients (admin) and the OAuth2 token endpoint /api/v1/oauth/token.
 * The token endpoint speaks RFC 6749 rather than the house error shape: OAuth2 client libraries
 * read `{"error": "invalid_client", "error_description": …}` (docs/decisions/0002-oauth-token-errors.md).
 */
import { Type } from 'typebox';
import type { FastifyReply } from 'fastify';
import type { App } from '../../platform/http/server.ts';
import { ROLES } from '../../platform/http/actor.ts';
import { GRANTABLE_SCOPES } from '../../platform/http/scopes.ts';
import { clientCredentials } from './client-model.ts';
import { OAuthError, type ClientInput, type ClientPatch, type ClientService } from './clients-service.ts';

const tags = ['api clients'];
const CLIENTS = '/api/v1/admin/api-clients';
const Params = Type.Object({ id: Type.String({ format: 'uuid' }) });
const Scopes = Type.Array(Type.String({ enum: [...GRANTABLE_SCOPES] }), { minItems: 1, maxItems: GRANTABLE_SCOPES.length, uniqueItems: true });
const RateLimit = Type.Integer({ minimum: 1, maximum: 100_000, description: 'Requests a minute, per API process (default 600)' });
const TokenTtl = Type.Integer({ minimum: 60, maximum: 86_400, description: 'Access token lifetime in seconds (default 3600)' });

const Client = Type.Object({
  id: Type.String(), clientId: Type.String(), name: Type.String(), scopes: Type.Array(Type.String()), roles: Type.Array(Type.String()),
  userId: Type.String(), rateLimitPerMinute: Type.Integer(), tokenTtlSeconds: Type.Integer(), active: Type.Boolean(),
  lastTokenAt: Type.Union([Type.String(), Type.Null()]), createdAt: Type.String(), updatedAt: Type.String(),
});

const TokenAnswer = Type.Object({
  access_token: Type.String(), token_type: Type.Literal('Bearer'), expires_in: Type.Integer(), scope: Type.String(),
});

function sendOAuthError(reply: FastifyReply, error: OAuthError, basic: boolean) {
  reply.header('Cache-Control', 'no-store').header('Pragma', 'no-cache');
  if (error.status === 401 && basic) reply.header('WWW-Authenticate', 'Basic realm="loopdesk"');
  if (error.retryAfter) reply.header('Retry-After', error.retryAfter);
  return reply.status(error.status).send({ error: error.error, error_description: error.description });
}

export function apiClientRoutes(app: App, clients: ClientService): void {
  app.post(CLIENTS, {
    schema: {
      tags, summary: 'Create an OAuth2 client for a machine integration; its secret is shown once (admin)',
      body: Type.Object({
        name: Type.String({ minLength: 1, maxLength: 100 }), scopes: Scopes,
        roles: Type.Optional(Type.Array(Type.Enum([...ROLES]), { minItems: 1, uniqueItems: true, description: 'Roles of its service user (default dispatcher)' })),
        rateLimitPerMinute: Type.Optional(RateLimit), tokenTtlSeconds: Type.Optional(TokenTtl),
      }, { additionalProperties: false }),
      response: { 201: Type.Intersect([Client, Type.Object({ clientSecret: Type.String() })]) },
    },
  }, async (request, reply) => reply.status(201).send(await clients.create(request.actor, request.body as ClientInput)));

  app.get(CLIENTS, { schema: { tags, summary: 'API clients of the tenant, without secrets (admin)', response: { 200: Type.Object({ items: Type.Array(Client) }) } } },
    async (request) => clients.list(request.actor));

  app.get(`${CLIENTS}/:id`, { schema: { tags, summary: 'One API client (admin)', params: Params, response: { 200: Client } } },
    async (request) => clients.get(request.actor, request.params.id));

  app.patch(`${CLIENTS}/:id`, {
    schema: {
      tags, summary: 'Change an API client; new scopes or disabling revoke its current tokens (admin)', params: Params,
      body: Type.Object({
        name: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })), scopes: Type.Optional(Scopes),
        rateLimitPerMinute: Type.Optional(RateLimit), tokenTtlSeconds: Type.Optional(TokenTtl), active: Type.Optional(Type.Boolean()),
      }, { additionalProperties: false, minProperties: 1 }),
      response: { 200: Client },
    },
  }, async (request) => clients.update(request.actor, request.params.id, request.body as ClientPatch));

  app.post(`${CLIENTS}/:id/rotate-secret`, {
    schema: { tags, summary: 'A new secret, shown once; the old one and its tokens stop working (admin)', params: Params },
  }, async (request) => clients.rotateSecret(request.actor, request.params.id));

  app.delete(`${CLIENTS}/:id`, {
    schema: { tags, summary: 'Delete an API client and revoke its tokens; its service user stays in the history (admin)', params: Params },
  }, async (request, reply) => {
    await clients.remove(request.actor, request.params.id);
    return reply.status(204).send();
  });

  // The token endpoint takes application/x-www-form-urlencoded, as RFC 6749 §4.4.2 says, or JSON.
  void app.register(async (oauth) => {
    oauth.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: 16 * 1024 },
      (_request, body, done) => done(null, Object.fromEntries(new URLSearchParams(body as string))));

    oauth.post('/api/v1/oauth/token', {
      config: { public: true },
      attachValidation: true,
      schema: {
        tags, security: [],
        summary: 'OAuth2 client credentials: client id and secret (HTTP Basic or body) for a short-lived access token',
        description: 'Errors follow RFC 6749 §5.2: {"error":"invalid_client","error_description":"…"}.',
        body: Type.Object({
          grant_type: Type.Literal('client_credentials'), scope: Type.Optional(Type.String({ description: 'Space-separated; default: all the client\'s scopes' })),
          client_id: Type.Optional(Type.String()), client_secret: Type.Optional(Type.String()),
        }),
        response: { 200: TokenAnswer },
      },
    }, async (request, reply) => {
      const body = (request.body && typeof request.body === 'object' ? request.body : {}) as Record<string, unknown>;
      const credentials = clientCredentials(request.headers.authorization, body);
      if ('error' in credentials) return sendOAuthError(reply, new OAuthError('invalid_request', credentials.error), false);
      try {
        const answer = await clients.issueToken(credentials, { grantType: body.grant_type, scope: body.scope, ip: request.ip });
        return reply.header('Cache-Control', 'no-store').header('Pragma', 'no-cache').send(answer);
      } catch (error) {
        if (error instanceof OAuthError) return sendOAuthError(reply, error, credentials.basic);
        throw error;
      }
    });
  });
}
