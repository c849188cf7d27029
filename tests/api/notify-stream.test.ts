/**
 * The live feed over server-sent events, through a real HTTP connection to the listening app
 * (app.inject waits for the end of a response, and a stream has none).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { pino } from 'pino';
import { NotificationFeed, idFloorAt, millisecondsOf } from '../../src/modules/notify/feed.ts';
import { notify } from '../../src/modules/notify/index.ts';
import { insertNotifications, type Notification } from '../../src/modules/notify/store.ts';
import { SESSION_COOKIE } from '../../src/platform/http/server.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { createTenant, type TestTenant } from '../support/factories.ts';

interface ServerSentEvent {
  id?: string;
  event?: string;
  data?: string;
  comment?: string;
}

interface Stream {
  status: number;
  headers: http.IncomingHttpHeaders;
  /** The next event or comment, waiting up to `timeoutMs`. */
  next(timeoutMs?: number): Promise<ServerSentEvent>;
  /** The next real event, skipping comments. */
  nextEvent(timeoutMs?: number): Promise<ServerSentEvent>;
  ended: Promise<void>;
  close(): void;
}

let app: TestApp;
let base: string;
let t: TestTenant;
let closed = false;

function openStream(headers: Record<string, string>): Promise<Stream> {
  return new Promise((resolve, reject) => {
    const request = http.get(`${base}/api/v1/notifications/stream`, { headers }, (response) => {
      const queue: ServerSentEvent[] = [];
      const waiting: ((event: ServerSentEvent) => void)[] = [];
      let buffer = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => {
        buffer += chunk;
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const event: ServerSentEvent = {};
          for (const line of block.split('\n')) {
            if (line.startsWith(':')) event.comment = line.slice(1).trim();
            else if (line.startsWith('id: ')) event.id = line.slice(4);
            else if (line.startsWith('event: ')) event.event = line.slice(7);
            else if (line.startsWith('data: ')) event.data = line.slice(6);
          }
          if (!event.id && !event.event && !event.data && event.comment === undefined) continue; // retry: only
          const taker = waiting.shift();
          if (taker) taker(event);
          else queue.push(event);
        }
      });
      const ended = new Promise<void>((done) => response.on('end', done).on('close', done));
      const next = (timeoutMs = 5000) => new Promise<ServerSentEvent>((take, fail) => {
        const queued = queue.shift();
        if (queued) return take(queued);
        const timer = setTimeout(() => fail(new Error(`no event within ${timeoutMs} ms`)), timeoutMs);
        waiting.push((event) => {
          clearTimeout(timer);
          take(event);
        });
      });
      const nextEvent = async (timeoutMs = 5000): Promise<ServerSentEvent> => {
        for (;;) {
          const event = await next(timeoutMs);
          if (event.comment === undefined) return event;
        }
      };
      resolve({ status: response.statusCode ?? 0, headers: response.headers, next, nextEvent, ended, close: () => request.destroy() });
    });
    request.on('error', reject);
  });
}

/** Opens a stream and waits until it says it is ready: from then on every new notification comes. */
async function listen(headers: Record<string, string>): Promise<Stream> {
  const stream = await openStream(headers);
  expect(stream.status).toBe(200);
  expect(await stream.next()).toEqual({ comment: 'ready' });
  return stream;
}

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const send = async (userId: string, number: string) => (await notify(app.ctx.db, {
  tenantId: t.tenant.id, template: 'ticket.offered', userIds: [userId], data: { number, priority: 'P2' }, now: app.ctx.clock.now(),
})).notificationIds[0];

beforeAll(async () => {
  app = await startTestApp();
  await app.app.listen({ port: 0, host: '127.0.0.1' });
  base = `http://127.0.0.1:${(app.app.server.address() as AddressInfo).port}`;
  t = await createTenant(app);
});
afterAll(async () => {
  if (!closed) await app.close();
});

describe('GET /api/v1/notifications/stream', () => {
  it('streams my notifications written after it opened, not someone else\'s', async () => {
    await send(t.engineer.id, 'WO-BEFORE'); // existed before: in the list, not news
    const stream = await listen(bearer(t.engineer.token));
    expect(stream.headers['content-type']).toBe('text/event-stream; charset=utf-8');
    expect(stream.headers['cache-control']).toContain('no-cache');

    await send(t.engineer2.id, 'WO-THEIRS');
    const id = await send(t.engineer.id, 'WO-0001');
    const event = await stream.nextEvent();
    expect(event.id).toBe(id);
    expect(event.event).toBe('notification');
    expect(JSON.parse(event.data!)).toMatchObject({ id, template: 'ticket.offered', title: '【P2】新工单待您接单：WO-0001', readAt: null });
    stream.close();
  });

  it('gives a reconnecting browser what it missed after its Last-Event-ID, then goes on live', async () => {
    const stream = await listen(bearer(t.engineer.token));
    const seen = await send(t.engineer.id, 'WO-0002');
    expect((await stream.nextEvent()).id).toBe(seen);
    stream.close();
    await stream.ended;

    const missed = [await send(t.engineer.id, 'WO-0003'), await send(t.engineer.id, 'WO-0004')];
    const resumed = await openStream({ ...bearer(t.engineer.token), 'last-event-id': seen });
    expect([(await resumed.nextEvent()).id, (await resumed.nextEvent()).id]).toEqual(missed);
    const live = await send(t.engineer.id, 'WO-0005');
    expect((await resumed.nextEvent()).id).toBe(live);
    resumed.close();
  });

  it('accepts the session cookie a browser\'s EventSource sends, and refuses strangers', async () => {
    const stream = await listen({ cookie: `${SESSION_COOKIE}=${encodeURIComponent(t.engineer2.token)}` });
    const id = await send(t.engineer2.id, 'WO-0006');
    expect((await stream.nextEvent()).id).toBe(id);
    stream.close();

    const anonymous = await openStream({});
    expect(anonymous.status).toBe(401);
    anonymous.close();
    const badResume = await openStream({ ...bearer(t.engineer.token), 'last-event-id': 'yesterday' });
    expect(badResume.status).toBe(400);
    badResume.close();
  });

  it('picks up a notification that commits late with an older id, once, and is not blinded by a clock running ahead', async () => {
    const feed = new NotificationFeed(app.ctx.db, pino({ level: 'silent' }), { pollIntervalMs: 20, lookbackMs: 30_000 });
    const delivered: string[] = [];
    const newest = await send(t.expert.id, 'WO-EXISTING');
    await feed.subscribe(t.tenant.id, t.expert.id, undefined, (notification: Notification) => delivered.push(notification.id));
    /** A notification whose id is `offset` ms from the newest one's: taken early and committed late, or by a clock ahead. */
    const writeWithIdAt = async (offset: number) => {
      const random = randomBytes(10).toString('hex');
      const id = `${idFloorAt(millisecondsOf(newest) + offset).slice(0, 14)}7${random.slice(0, 3)}-8${random.slice(3, 6)}-${random.slice(8, 20)}`;
      await insertNotifications(app.ctx.db, [{
        tenantId: t.tenant.id, id, userId: t.expert.id, ticketId: null, template: 'sla.reminder', title: '迟到', body: '迟到的通知',
        data: {}, urgent: false, createdAt: app.ctx.clock.now(),
      }]);
      return id;
    };
    const pollsLater = () => new Promise((resolve) => setTimeout(resolve, 200));

    const late = await writeWithIdAt(-5000);
    const tooLate = await writeWithIdAt(-60_000); // beyond the window: the list has it, the stream does not
    const ahead = await writeWithIdAt(3_600_000);
    await pollsLater();
    const fresh = await send(t.expert.id, 'WO-FRESH');
    await pollsLater();
    await pollsLater();
    expect([...delivered].sort()).toEqual([late, ahead, fresh].sort()); // each once
    expect(delivered).not.toContain(tooLate);
    await feed.close();
  });

  it('ends open streams when the app closes, instead of holding the shutdown', async () => {
    const stream = await listen(bearer(t.engineer.token));
    closed = true;
    const closing = app.close();
    await stream.ended;
    await closing;
  });
});
