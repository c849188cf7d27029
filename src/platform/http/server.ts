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

export type App = FastifyInstance<RawServerDefault, IncomingMessage, ServerResponse, FastifyBaseLogger, TypeBoxTypeProvider>;

declare module 'fastify' {
  interface FastifyRequest {
    /** The authenticated caller; set for every /api/v1 route not marked public. */
    actor: Actor;
  }
  interface FastifyContextConfig {
    /** No login needed (login itself, public verification pages). */
    public?: boolean;
  }
}

export const SESSION_COOKIE = 'loopdesk_session';

export interface ServerOptions {
  logger: Logger;
  maxUploadBytes: number;
  authenticate(token: string): Promise<Actor | null>;
  version: string;
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
        securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } },
      },
      security: [{ bearer: [] }],
    },
  });
  await app.register(swaggerUi, { routePrefix: '/docs', uiConfig: { docExpansion: 'list', deepLinking: true } });

  app.addHook('onRequest', async (request) => {
    if (!request.url.startsWith('/api/')) return;
    if (request.routeOptions.config?.public) return;
    if (!request.routeOptions.url) return; // unknown route: the 404 handler answers
    const token = tokenFrom(request.headers);
    if (!token) throw new AppError('unauthenticated', 'Log in first: send Authorization: Bearer <token>.');
    const actor = await options.authenticate(token);
    if (!actor) throw new AppError('unauthenticated', 'The token is unknown, expired or revoked. Log in again.');
    request.actor = actor;
  });

  app.addHook('onSend', async (_request, reply) => {
    reply.header('X-Content-Type-Options', 'nosniff');
    reply.header('Referrer-Policy', 'same-origin');
  });

  app.get('/openapi.json', { schema: { hide: true }, config: { public: true } }, async () => app.swagger());

  return app as unknown as App;
}
