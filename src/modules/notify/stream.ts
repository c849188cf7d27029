/**
 * Server-sent events of a person's new notifications (text/event-stream). Each event's id is
 * the notification's id, so a browser's EventSource that reconnects sends Last-Event-ID and gets
 * what it missed; a comment line every 20 s keeps proxies from closing a quiet connection.
 */
import type { ServerResponse } from 'node:http';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import { AppError } from '../../platform/errors.ts';
import { isUuid } from '../../platform/ids.ts';
import type { NotificationFeed } from './feed.ts';
import { toNotificationView } from './inbox.ts';
import type { Notification } from './store.ts';

const HEARTBEAT_MS = 20_000;
/** How long a browser waits before reconnecting after the stream ends. */
const RETRY_MS = 3000;

export const notificationEvent = (notification: Notification): string =>
  `id: ${notification.id}\nevent: notification\ndata: ${JSON.stringify(toNotificationView(notification))}\n\n`;

export class NotificationStreams {
  private readonly open = new Set<ServerResponse>();

  constructor(private readonly feed: NotificationFeed, private readonly log: Logger) {}

  async serve(request: FastifyRequest, reply: FastifyReply): Promise<void> {
    const header = request.headers['last-event-id'];
    const lastEventId = typeof header === 'string' && header.trim() ? header.trim().toLowerCase() : undefined;
    if (lastEventId && !isUuid(lastEventId)) {
      throw new AppError('invalid_input', 'Last-Event-ID must be the id of a notification this stream sent.', { field: 'Last-Event-ID' });
    }
    const { tenantId, userId } = request.actor;

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
      unsubscribe = await this.feed.subscribe(tenantId, userId, lastEventId, (notification) => response.write(notificationEvent(notification)));
      if (finished) unsubscribe();
      // From this line on, every new notification comes down this stream; what came before is in the list.
      else response.write(': ready\n\n');
    } catch (error) {
      // The browser reconnects after RETRY_MS; the list endpoint still answers meanwhile.
      this.log.warn({ err: error }, 'a notification stream could not start');
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
