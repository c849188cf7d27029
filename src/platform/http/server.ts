/**
 * The Fastify instance: JSON Schema on every route (TypeBox), OpenAPI at /openapi.json, docs at
 * /docs, one error handler, and authentication before any /api/v1 handler runs.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance, type RawServerDefault } from 'fastify';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import multipart from '@fastify/multipart';
import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Logger } from 'pino';
import { AppError } from '../errors.ts';
import type { Actor } from './actor.ts';
import { errorHandler, notFoundHandler } from './errors.ts';
import { GRANTABLE_SCOPES, SCOPE_AREAS, requiredScope, scopeAllows } from './scopes.ts';

export type App = FastifyInstance<RawServerDefault, IncomingMessage, ServerResponse, FastifyBaseLogger, TypeBoxTypeProvider>;

declare module 'fastify' {
  interface FastifyRequest {
    /** The authenticated caller; set for every /api/v1 route not marked public. */
    actor: Actor;
  }
  interface FastifyContextConfig {
    /** No login needed (login itself, public verification pages). */
    public?: boolean;
    /** The scope a scoped token needs here; set from scopes.ts when the route is registered. */
    scope?: string;
  }
}

export const SESSION_COOKIE = 'loopdesk_session';

export interface ServerOptions {
  logger: Logger;
  maxUploadBytes: number;
  authenticate(token: string): Promise<Actor | null>;
  /** A client's request quota: may it call now, and what to tell it (RateLimit-* headers). */
  admit(actor: Actor): Quota | undefined;
  version: string;
}

export interface Quota {
  allowed: boolean;
  limit: number;
  remaining: number;
  /** Seconds until the quota is full again (or, refused, until one request is allowed). */
  resetSeconds: number;
}

function tokenFrom(headers: IncomingMessage['headers']): string | undefined {
  const header = headers.authorization;
  if (header) {
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    return match ? match[1] : undefined;
  }
  const cookie = headers.cookie;
  if (!cookie) return undefined;
  for (const part of cookie.split(';')) {
    const [name, ...value] = part.trim().split('=');
    if (name === SESSION_COOKIE) return decodeURIComponent(value.join('='));
  }
  return undefined;
}

export async function createServer(options: ServerOptions): Promise<App> {
  const app = Fastify({
    loggerInstance: options.logger,
    // One line per request is noise at this volume; errors are logged by the error handler.
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: 1024 * 1024,
    trustProxy: true,
  }).withTypeProvider<TypeBoxTypeProvider>();

  // Query strings and paths are text, so their numbers and booleans are coerced; a JSON body
  // is taken as sent: {"description": 42} is refused, not turned into "42".
  const lenient = new Ajv({ coerceTypes: 'array', useDefaults: true, removeAdditional: false, strict: false });
  const exact = new Ajv({ coerceTypes: false, useDefaults: true, removeAdditional: false, strict: false });
  for (const ajv of [lenient, exact]) (addFormats as unknown as (ajv: Ajv) => void)(ajv);
  app.setValidatorCompiler(({ schema, httpPart }) => (httpPart === 'body' ? exact : lenient).compile(schema));
  // Only JSON and multipart bodies are understood; text/plain answers 415 instead of a string body.
  app.removeContentTypeParser('text/plain');

  app.setErrorHandler(errorHandler);
  app.setNotFoundHandler(notFoundHandler);
  app.decorateRequest('actor', null as unknown as Actor);

  await app.register(multipart, {
    limits: { fileSize: options.maxUploadBytes, files: 1, fields: 10, fieldSize: 64 * 1024, parts: 12 },
    throwFileSizeLimit: true,
  });

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Loopdesk API',
        version: options.version,
        description: 'The work-order system: tickets, people, lifecycle. Errors are {"error":{"code","message","details"}}.',
      },
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer' },
          oauth2: {
            type: 'oauth2',
            description: 'Machine clients: an admin creates a client (POST /api/v1/admin/api-clients); its access token is sent as a bearer token.',
            flows: {
              clientCredentials: {
                tokenUrl: '/api/v1/oauth/token',
                scopes: Object.fromEntries(GRANTABLE_SCOPES.map((scope) => {
                  const [area, access] = scope.split(':');
                  return [scope, `${access === 'write' ? 'Change' : 'Read'}: ${SCOPE_AREAS[area as keyof typeof SCOPE_AREAS]}`];
                })),
              },
            },
          },
        },
      },
      security: [{ bearer: [] }, { oauth2: [] }],
    },
  });
  await app.register(swaggerUi, { routePrefix: '/docs', uiConfig: { docExpansion: 'list', deepLinking: true } });

  // Every authenticated route gets its scope now, or the server does not start.
  app.addHook('onRoute', (route) => {
    // The OpenAPI document says a public route needs no token.
    if (route.config?.public && route.schema && !route.schema.hide && !('security' in route.schema)) route.schema.security = [];
    if (route.config?.public || !route.url.startsWith('/api/')) return;
    const method = Array.isArray(route.method) ? route.method[0] : route.method;
    const scope = route.config?.scope ?? requiredScope(method, route.url);
    if (!scope) throw new Error(`No scope covers ${method} ${route.url}: add it to src/platform/http/scopes.ts.`);
    route.config = { ...route.config, scope };
  });

  app.addHook('onRequest', async (request, reply) => {
    if (!request.url.startsWith('/api/')) return;
    if (request.routeOptions.config?.public) return;
    if (!request.routeOptions.url) return; // unknown route: the 404 handler answers
    const token = tokenFrom(request.headers);
    if (!token) throw new AppError('unauthenticated', 'Log in first: send Authorization: Bearer <token>.');
    const actor = await options.authenticate(token);
    if (!actor) throw new AppError('unauthenticated', 'The token is unknown, expired or revoked. Log in again.');
    const scope = request.routeOptions.config.scope!;
    if (!scopeAllows(actor.scopes, scope)) {
      throw new AppError('insufficient_scope', `This token does not have the scope "${scope}" this route needs.`,
        { requiredScope: scope, scopes: actor.scopes });
    }
    const quota = options.admit(actor);
    if (quota) {
      reply.header('RateLimit-Limit', quota.limit);
      reply.header('RateLimit-Remaining', quota.remaining);
      reply.header('RateLimit-Reset', quota.resetSeconds);
      if (!quota.allowed) {
        reply.header('Retry-After', quota.resetSeconds);
        throw new AppError('rate_limited', `This client's limit of ${quota.limit} requests a minute is used up. Try again in ${quota.resetSeconds} s.`,
          { retryAfter: quota.resetSeconds, limit: quota.limit });
      }
    }
    request.actor = actor;
  });

  app.addHook('onSend', async (_request, reply) => {
    reply.header('X-Content-Type-Options', 'nosniff');
    reply.header('Referrer-Policy', 'same-origin');
  });

  app.get('/openapi.json', { schema: { hide: true }, config: { public: true } }, async () => app.swagger());

  return app as unknown as App;
}
