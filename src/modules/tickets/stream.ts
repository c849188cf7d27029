/**
 * GET /api/v1/tickets/stream: the changes of the tickets the caller may see, as server-sent
 * events (text/event-stream), for the workspace and the ticket page to update without polling.
 * Each event's id is the ticket event's id, so a browser's EventSource that reconnects sends
 * Last-Event-ID and gets what it missed; a comment line every 20 s keeps proxies from closing a
 * quiet connection. The event says what changed and what the ticket is now (status, assignee,
 * version); the client fetches the ticket itself when it needs more.
 */
import type { ServerResponse } from 'node:http';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import type { Ctx } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { isUuid } from '../../platform/ids.ts';
import type { App } from '../../platform/http/server.ts';
import { visibilityOf } from './service.ts';
import { TicketFeed, type TicketFeedOptions } from './stream-feed.ts';
import type { TicketChangeRow } from './stream-store.ts';

const HEARTBEAT_MS = 20_000;
/** How long a browser waits before reconnecting after the stream ends. */
const RETRY_MS = 3000;
/** No id: a browser's Last-Event-ID stays the last change it had. */
export const READY_EVENT = 'event: ready\ndata: {}\n\n';

/** What one event carries: the change, and the ticket as it is now. */
export function ticketChangeView(change: TicketChangeRow) {
  return {
    id: change.id,
    type: change.type,
    at: change.at.toISOString(),
    actorId: change.actorId,
    ticketId: change.ticketId,
    number: change.number,
    status: change.status,
    priority: change.priority,
    ticketType: change.ticketType,
    assigneeId: change.assigneeId,
    version: change.version,
  };
}

export const ticketEvent = (change: TicketChangeRow): string =>
  `id: ${change.id}\nevent: ticket\ndata: ${JSON.stringify(ticketChangeView(change))}\n\n`;

export class TicketStreams {
  private readonly open = new Set<ServerResponse>();

  constructor(private readonly feed: TicketFeed, private readonly log: Logger) {}

  async serve(request: FastifyRequest, reply: FastifyReply): Promise<void> {
    const header = request.headers['last-event-id'];
    const lastEventId = typeof header === 'string' && header.trim() ? header.trim().toLowerCase() : undefined;
    if (lastEventId && !isUuid(lastEventId)) {
      throw new AppError('invalid_input', 'Last-Event-ID must be the id of an event this stream sent.', { field: 'Last-Event-ID' });
    }
    const actor = request.actor;

    // From here on the response is ours, written as events arrive.
    reply.hijack();
    const response = reply.raw;
    response.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      'x-accel-buffering': 'no', // nginx: pass events on as they come
      'x-content-type-options': 'nosniff',
    });
    response.write(`retry: ${RETRY_MS}\n\n`);
    this.open.add(response);

    let unsubscribe: (() => void) | undefined;
    let finished = false;
    const heartbeat = setInterval(() => response.write(': heartbeat\n\n'), HEARTBEAT_MS);
    const finish = () => {
      if (finished) return;
      finished = true;
      clearInterval(heartbeat);
      unsubscribe?.();
      this.open.delete(response);
    };
    response.on('close', finish);
    try {
      unsubscribe = await this.feed.subscribe(actor.tenantId, visibilityOf(actor), lastEventId, (change) => response.write(ticketEvent(change)));
      if (finished) unsubscribe();
      // From this event on, every change comes down this stream. An event rather than a comment,
      // so a browser can see it and reload its list once, covering what changed while it connected.
      else response.write(READY_EVENT);
    } catch (error) {
      // The browser reconnects after RETRY_MS; the list endpoint still answers meanwhile.
      this.log.warn({ err: error }, 'a ticket stream could not start');
      response.end();
      finish();
    }
  }

  /** Ends every open stream, so the server can close; browsers reconnect to the next one. */
  endAll(): void {
    for (const response of this.open) response.end();
    this.open.clear();
  }
}

/** The stream's route, its poller and their shutdown. */
export function ticketStreamRoutes(app: App, ctx: Ctx, options: TicketFeedOptions = {}): void {
  const log = ctx.log.child({ module: 'tickets' });
  const feed = new TicketFeed(ctx.db, log, options);
  const streams = new TicketStreams(feed, log);
  // Open streams would keep the server from closing: end them first, then stop the poller.
  app.addHook('preClose', async () => streams.endAll());
  app.addHook('onClose', async () => feed.close());

  app.get('/api/v1/tickets/stream', {
    schema: {
      tags: ['tickets'],
      summary: 'Changes of the tickets I may see, as server-sent events (text/event-stream): event "ready" once subscribed, then event "ticket" with '
        + '{id, type, at, actorId, ticketId, number, status, priority, ticketType, assigneeId, version}; id = the ticket event\'s id; '
        + 'send Last-Event-ID to resume. The session cookie is accepted, so a browser\'s EventSource works.',
    },
  }, async (request, reply) => streams.serve(request, reply));
}
