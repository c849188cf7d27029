/**
 * The composition root: one place that wires config, database, clock, services and routes.
 * Tests build the same app with another database or a manual clock.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Logger } from 'pino';
import { systemClock, type Clock } from '../platform/clock.ts';
import type { Config } from '../platform/config.ts';
import type { Ctx } from '../platform/context.ts';
import type { Database } from '../platform/db/connect.ts';
import { createServer, type App } from '../platform/http/server.ts';
import { BlobStore } from '../platform/blobs.ts';
import { serveWebApp } from '../platform/http/web-app.ts';
import { WEB_DIST } from './web-build.ts';
import { apiClientRoutes, authRoutes, createAuthService, createClientService } from '../modules/auth/index.ts';
import { directoryRoutes } from '../modules/directory/routes.ts';
import { ticketRoutes, createTicketService, attachmentRoutes, dashboardRoutes, ticketStreamRoutes } from '../modules/tickets/index.ts';
import { runnerRoutes } from '../platform/runner/index.ts';
import { createDomain } from './wiring.ts';
import { slaRoutes } from '../modules/sla/index.ts';
import { notifyRoutes } from '../modules/notify/index.ts';
import { dispatchRoutes } from '../modules/dispatch/index.ts';
import { closureRoutes } from '../modules/closure/index.ts';
import { problemRoutes } from '../modules/problems/index.ts';
import { knowledgeRoutes } from '../modules/knowledge/index.ts';
import { connectorRoutes, importExportRoutes, webhookRoutes } from '../modules/integrations/index.ts';

const PACKAGE = JSON.parse(fs.readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
export const VERSION = PACKAGE.version;

export interface Loopdesk {
  app: App;
  ctx: Ctx;
  services: ReturnType<typeof createServices>;
}

export function createServices(ctx: Ctx, config: Pick<Config, 'sessionTtlSeconds' | 'dataDir' | 'maxUploadBytes' | 'secret' | 'publicUrl'>) {
  const blobs = new BlobStore(path.join(config.dataDir, 'blobs'));
  const links = { secret: config.secret, publicUrl: config.publicUrl };
  const domain = createDomain(ctx, links, blobs);
  return {
    auth: createAuthService(ctx, { sessionTtlSeconds: config.sessionTtlSeconds }),
    apiClients: createClientService(ctx),
    tickets: createTicketService(ctx, { blobs, hooks: domain.hooks }),
    blobs,
    domain,
    links,
  };
}

export async function buildLoopdesk(options: {
  config: Config;
  database: Database;
  logger: Logger;
  clock?: Clock;
}): Promise<Loopdesk> {
  const { config, database, logger } = options;
  const ctx: Ctx = { db: database.db, clock: options.clock ?? systemClock, log: logger };
  const services = createServices(ctx, config);
  const app = await createServer({
    logger,
    maxUploadBytes: config.maxUploadBytes,
    authenticate: services.auth.authenticate,
    admit: services.auth.admit,
    version: VERSION,
  });

  app.get('/health', { schema: { hide: true }, config: { public: true } }, async (_request, reply) => {
    const ok = await database.ping();
    return reply.status(ok ? 200 : 503).send(ok ? { status: 'ok' } : { status: 'unavailable', database: database.kind });
  });
  // The web app when it is built (`loopdesk start` builds it); without it the root shows the API documentation.
  if (!(await serveWebApp(app, WEB_DIST))) {
    app.get('/', { schema: { hide: true }, config: { public: true } }, async (_request, reply) => reply.redirect('/docs'));
  }
  authRoutes(app, ctx, services.auth);
  apiClientRoutes(app, services.apiClients);
  directoryRoutes(app, ctx);
  ticketRoutes(app, services.tickets);
  ticketStreamRoutes(app, ctx);
  dashboardRoutes(app, ctx);
  attachmentRoutes(app, ctx, services.tickets, { maxUploadBytes: config.maxUploadBytes });
  runnerRoutes(app, ctx);
  notifyRoutes(app, ctx);
  slaRoutes(app, ctx, services.domain);
  dispatchRoutes(app, ctx, services.domain);
  const closureDeps = { system: services.domain.system, links: services.links, blobs: services.blobs };
  closureRoutes(app, ctx, closureDeps);
  problemRoutes(app, ctx, closureDeps);
  knowledgeRoutes(app, ctx, closureDeps);
  webhookRoutes(app, ctx, services.domain);
  connectorRoutes(app, ctx, { system: services.domain.system, tickets: services.tickets });
  importExportRoutes(app, ctx, { tickets: services.tickets, maxUploadBytes: config.maxUploadBytes });
  return { app, ctx, services };
}
