/**
 * Serves the built web app (dist/web): hashed assets cached for a year, the HTML of each entry
 * never cached, and any other page path answered with its entry's HTML so the client-side
 * router can show it (`/tickets/…` → the staff app, `/m/…` the engineer app, `/p/…` the portal).
 */
import fs from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { App } from './server.ts';

/** Scripts only from here; antd writes its styles inline; photos may be blob: previews. */
const CSP = [
  "default-src 'self'", "script-src 'self'", "style-src 'self' 'unsafe-inline'", "img-src 'self' data: blob:",
  "media-src 'self' blob:", "connect-src 'self'", "font-src 'self' data:", "worker-src 'self'", "manifest-src 'self'",
  "frame-ancestors 'none'", "base-uri 'self'", "form-action 'self'",
].join('; ');

const ENTRIES: [prefix: string, html: string][] = [['/m/', 'm/index.html'], ['/p/', 'p/index.html'], ['/', 'index.html']];

/** Paths that are never the web app's (the API, its docs, the server-rendered public pages). */
const SERVER_PATHS = /^\/(api|docs|openapi\.json|health|v|s)(\/|$)/;

export function webEntryFor(url: string): string | undefined {
  const pathname = url.split('?')[0];
  if (SERVER_PATHS.test(pathname)) return undefined;
  // A missing file (an old asset after an upgrade) is a 404, not the app's HTML.
  if (/\.[a-z0-9]{1,8}$/i.test(pathname)) return undefined;
  return ENTRIES.find(([prefix]) => pathname === prefix.slice(0, -1) || pathname.startsWith(prefix))?.[1];
}

export async function serveWebApp(app: App, dist: string): Promise<boolean> {
  if (!fs.existsSync(path.join(dist, 'index.html'))) return false;
  await app.register(fastifyStatic, {
    root: dist,
    prefix: '/',
    wildcard: false,
    index: false,
    // @fastify/static 10 passes the Fastify reply here.
    setHeaders(reply: unknown, file: string) {
      const response = reply as FastifyReply;
      if (file.includes(`${path.sep}assets${path.sep}`)) response.header('Cache-Control', 'public, max-age=31536000, immutable');
      else response.header('Cache-Control', 'no-cache');
      if (file.endsWith('.html')) response.header('Content-Security-Policy', CSP);
      // The engineer app's service worker controls /m/ from /m/sw.js.
      if (file.endsWith('sw.js')) response.header('Service-Worker-Allowed', '/m/');
    },
  });
  const html = new Map<string, Buffer>();
  const page = (entry: string) => {
    if (!html.has(entry)) html.set(entry, fs.readFileSync(path.join(dist, entry)));
    return html.get(entry)!;
  };
  app.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return;
    if (request.routeOptions.url) return; // a route of its own (an asset, the API)
    const entry = webEntryFor(request.url);
    if (!entry || !fs.existsSync(path.join(dist, entry))) return;
    return reply.header('Content-Type', 'text/html; charset=utf-8').header('Cache-Control', 'no-cache')
      .header('Content-Security-Policy', CSP).send(page(entry));
  });
  return true;
}
