/**
 * The live ticket stream over server-sent events, through a real HTTP connection to the
 * listening app (app.inject waits for the end of a response, and a stream has none).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { TicketFeed, idFloorAt, millisecondsOf } from '../../src/modules/tickets/stream-feed.ts';
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
  next(timeoutMs?: number): Promise<ServerSentEvent>;
  /** The next real event, skipping comments. */
  nextEvent(timeoutMs?: number): Promise<ServerSentEvent>;
  /** Real events until none comes for `quietMs`. */
  drain(quietMs?: number): Promise<ServerSentEvent[]>;
  ended: Promise<void>;
  close(): void;
}

let app: TestApp;
let base: string;
let t: TestTenant;
let other: TestTenant;
let closed = false;

function openStream(headers: Record<string, string>): Promise<Stream> {
  return new Promise((resolve, reject) => {
    const request = http.get(`${base}/api/v1/tickets/stream`, { headers }, (response) => {
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
        const timer = setTimeout(() => {
          waiting.splice(waiting.indexOf(taker), 1);
          fail(new Error(`no event within ${timeoutMs} ms`));
        }, timeoutMs);
        const taker = (event: ServerSentEvent) => {
          clearTimeout(timer);
          take(event);
        };
        waiting.push(taker);
      });
      const nextEvent = async (timeoutMs = 5000): Promise<ServerSentEvent> => {
        for (;;) {
          const event = await next(timeoutMs);
          if (event.comment === undefined) return event;
        }
      };
      const drain = async (quietMs = 2500) => {
        const events: ServerSentEvent[] = [];
        for (;;) {
          try {
            events.push(await nextEvent(quietMs));
          } catch {
            return events;
          }
        }
      };
      resolve({ status: response.statusCode ?? 0, headers: response.headers, next, nextEvent, drain, ended, close: () => request.destroy() });
    });
    request.on('error', reject);
  });
}

/** Opens a stream and waits until it says it is ready: from then on every change comes. */
async function listen(headers: Record<string, string>): Promise<Stream> {
  const stream = await openStream(headers);
  expect(stream.status).toBe(200);
  expect(await stream.next()).toEqual({ event: 'ready', data: '{}' });
  return stream;
}

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const data = (event: ServerSentEvent) => JSON.parse(event.data!) as Record<string, unknown>;

async function report(token: string, description: string) {
  const created = await app.request('POST', '/api/v1/tickets', { token, body: { description } });
  expect(created.status).toBe(201);
  return created.body as { id: string; number: string; version: number };
}

async function act(token: string, id: string, action: string, body: Record<string, unknown> = {}) {
  const answer = await app.request('POST', `/api/v1/tickets/${id}/actions/${action}`, { token, body });
  expect(answer.status, JSON.stringify(answer.body)).toBe(200);
  return answer.body as { version: number };
}

beforeAll(async () => {
  app = await startTestApp();
  await app.app.listen({ port: 0, host: '127.0.0.1' });
  base = `http://127.0.0.1:${(app.app.server.address() as AddressInfo).port}`;
  [t, other] = await Promise.all([createTenant(app), createTenant(app)]);
});
afterAll(async () => {
  if (!closed) await app.close();
});

describe('GET /api/v1/tickets/stream', () => {
  it('streams the changes of my tenant\'s tickets made after it opened, with the ticket\'s number, status, assignee and version', async () => {
    await report(t.requester.token, '开之前就有的工单：不是新消息');
    const stream = await listen(bearer(t.dispatcher.token));
    expect(stream.headers['content-type']).toBe('text/event-stream; charset=utf-8');
    expect(stream.headers['cache-control']).toContain('no-cache');

    const ticket = await report(t.requester.token, '3号线贴标机卡纸');
    const created = await stream.nextEvent();
    expect(created.event).toBe('ticket');
    expect(data(created)).toMatchObject({ id: created.id, type: 'created', ticketId: ticket.id, number: ticket.number, status: 'new', assigneeId: null, version: 1 });

    const dispatched = await act(t.dispatcher.token, ticket.id, 'dispatch', { assigneeId: t.engineer.id });
    const change = data(await stream.nextEvent());
    expect(change).toMatchObject({ type: 'dispatched', ticketId: ticket.id, status: 'dispatched', assigneeId: t.engineer.id, version: dispatched.version, actorId: t.dispatcher.id });
    stream.close();
  });

  it('never carries another tenant\'s changes', async () => {
    const stream = await listen(bearer(other.dispatcher.token));
    await report(t.requester.token, '别的租户的工单');
    const mine = await report(other.requester.token, '本租户的工单');
    const events = await stream.drain();
    expect(events.map((event) => data(event).ticketId)).toEqual([mine.id]);
    stream.close();
  });

  it('gives a requester only their own tickets, without internal comments', async () => {
    const stream = await listen(bearer(t.requester2.token));
    const theirs = await report(t.requester.token, '别人的报修');
    const own = await report(t.requester2.token, '我的打印机不出纸');
    await act(t.dispatcher.token, theirs.id, 'comment', { body: '别人的工单的评论' });
    await act(t.dispatcher.token, own.id, 'comment', { body: '内部：先查备件', internal: true });
    await act(t.dispatcher.token, own.id, 'comment', { body: '我们已收到，马上安排' });
    const events = (await stream.drain()).map(data);
    expect(events.map((event) => [event.ticketId, event.type])).toEqual([[own.id, 'created'], [own.id, 'commented']]);
    stream.close();
  });

  it('gives an engineer the tickets offered or assigned to them, not the rest of the queue', async () => {
    const stream = await listen(bearer(t.engineer2.token));
    const elsewhere = await report(t.requester.token, '给甲的工单');
    const forMe = await report(t.requester.token, '给乙的工单');
    await act(t.dispatcher.token, elsewhere.id, 'dispatch', { assigneeId: t.engineer.id });
    await act(t.dispatcher.token, forMe.id, 'dispatch', { assigneeId: t.engineer2.id });
    const events = (await stream.drain()).map(data);
    // The ticket's creation is heard too, once the ticket is theirs: the rule is who sees the ticket now.
    expect(events.every((event) => event.ticketId === forMe.id)).toBe(true);
    expect(events.map((event) => event.type)).toContain('dispatched');
    stream.close();
  });

  it('gives a reconnecting browser what it missed after its Last-Event-ID, then goes on live', async () => {
    const stream = await listen(bearer(t.manager.token));
    const ticket = await report(t.requester.token, '空调不制冷');
    const seen = await stream.nextEvent();
    stream.close();
    await stream.ended;

    await act(t.dispatcher.token, ticket.id, 'comment', { body: '错过的第一条' });
    await act(t.dispatcher.token, ticket.id, 'dispatch', { assigneeId: t.engineer.id });
    const resumed = await openStream({ ...bearer(t.manager.token), 'last-event-id': seen.id! });
    expect(resumed.status).toBe(200);
    const missed = [data(await resumed.nextEvent()), data(await resumed.nextEvent())];
    expect(await resumed.nextEvent()).toEqual({ event: 'ready', data: '{}' });
    expect(missed.map((event) => event.type)).toEqual(['commented', 'dispatched']);
    expect(missed[0].id! > seen.id!).toBe(true);
    await act(t.engineer.token, ticket.id, 'accept');
    const live = data(await resumed.nextEvent());
    expect(live).toMatchObject({ type: 'accepted', status: 'accepted', ticketId: ticket.id });
    expect(await resumed.drain(1500)).toEqual([]); // each once
    resumed.close();
  });

  it('accepts the session cookie a browser\'s EventSource sends, and refuses strangers and bad resumes', async () => {
    const stream = await listen({ cookie: `${SESSION_COOKIE}=${encodeURIComponent(t.expert.token)}` });
    const ticket = await report(t.requester.token, '专家看得到');
    expect(data(await stream.nextEvent()).ticketId).toBe(ticket.id);
    stream.close();

    const anonymous = await openStream({});
    expect(anonymous.status).toBe(401);
    anonymous.close();
    const badResume = await openStream({ ...bearer(t.dispatcher.token), 'last-event-id': 'yesterday' });
    expect(badResume.status).toBe(400);
    badResume.close();
  });

  it('picks up a change that commits late with an older id, once, and is not blinded by a clock running ahead', async () => {
    const feed = new TicketFeed(app.ctx.db, pino({ level: 'silent' }), { pollIntervalMs: 20, lookbackMs: 30_000 });
    const ticket = await report(t.requester.token, '迟到的事件');
    const delivered: string[] = [];
    await feed.subscribe(t.tenant.id, { kind: 'all' }, undefined, (change) => delivered.push(change.id));
    /** An event whose id is `offset` ms from now: taken early and committed late, or by a clock ahead. */
    const writeWithIdAt = async (offset: number) => {
      const random = randomBytes(10).toString('hex');
      const id = `${idFloorAt(Date.now() + offset).slice(0, 14)}7${random.slice(0, 3)}-8${random.slice(3, 6)}-${random.slice(8, 20)}`;
      await app.ctx.db.insertInto('ticket_events').values({
        tenant_id: t.tenant.id, id, ticket_id: ticket.id, type: 'commented', actor_id: null, at: app.ctx.clock.now(),
        data: JSON.stringify({ body: '迟到', internal: false }),
      }).execute();
      return id;
    };
    const pollsLater = () => new Promise((resolve) => setTimeout(resolve, 200));

    await pollsLater();
    const late = await writeWithIdAt(-5000);
    const tooLate = await writeWithIdAt(-60_000); // beyond the window: the ticket's events have it, the stream does not
    const ahead = await writeWithIdAt(3_600_000);
    await pollsLater();
    const fresh = await writeWithIdAt(0);
    await pollsLater();
    await pollsLater();
    expect(millisecondsOf(ahead)).toBeGreaterThan(Date.now());
    expect([...delivered].sort()).toEqual([late, ahead, fresh].sort()); // each once
    expect(delivered).not.toContain(tooLate);
    await feed.close();
  });

  it('ends open streams when the app closes, instead of holding the shutdown', async () => {
    const stream = await listen(bearer(t.dispatcher.token));
    closed = true;
    const closing = app.close();
    await stream.ended;
    await closing;
  });
});
