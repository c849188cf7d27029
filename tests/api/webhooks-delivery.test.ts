import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ManualClock } from '../../src/platform/clock.ts';
import type { Runner } from '../../src/platform/runner/index.ts';
import type { TestApp } from '../support/app.ts';
import { createTenant, type TestTenant } from '../support/factories.ts';
import { startRunnerTestApp } from '../support/runner-app.ts';
import { startReceiver, verifySignature, type Arrival, type Receiver } from './webhooks-receiver.ts';

let clock: ManualClock;
let app: TestApp;
let runner: Runner;
let t: TestTenant;
let receiver: Receiver;

beforeAll(async () => {
  ({ clock, app, runner } = await startRunnerTestApp('2026-11-24T02:00:00Z', 'webhooks-delivery-test'));
  t = await createTenant(app);
});
afterAll(() => app.close());
beforeEach(async () => {
  receiver = await startReceiver();
  return () => receiver.close();
});

async function subscribe(body: Record<string, unknown> = {}) {
  const answer = await app.request('POST', '/api/v1/webhooks', {
    token: t.admin.token, body: { url: receiver.url, events: ['ticket.created', 'ticket.status_changed', 'ticket.assigned', 'ticket.commented', 'ticket.closed'], name: 'MES 系统', ...body },
  });
  expect(answer.status).toBe(201);
  return answer.body as { id: string; secret: string };
}

async function openTicket(description: string): Promise<string> {
  const answer = await app.request('POST', '/api/v1/tickets', { token: t.requester.token, body: { description } });
  expect(answer.status).toBe(201);
  return answer.body.id;
}

const act = async (id: string, action: string, token: string, body: Record<string, unknown> = {}) => {
  const answer = await app.request('POST', `/api/v1/tickets/${id}/actions/${action}`, { token, body });
  expect(answer.status).toBe(200);
};

/** Runs the runner, moving the clock an hour (past any backoff) between rounds, until nothing is left. */
async function drain(rounds = 10): Promise<void> {
  for (let round = 0; round < rounds; round++) {
    await runner.runOnce();
    clock.advance(3600);
  }
}

const delivered = (arrivals: Arrival[]) => arrivals.filter((arrival) => arrival.answered === 200);

async function loggedOrder(subscriptionId: string, ticketId: string): Promise<string[]> {
  const rows = await app.database.db.selectFrom('webhook_deliveries').select(['message_id', 'seq'])
    .where('tenant_id', '=', t.tenant.id).where('subscription_id', '=', subscriptionId).where('ticket_id', '=', ticketId)
    .orderBy('seq').execute();
  return rows.map((row) => row.message_id);
}

async function notificationsOf(userId: string, template: string) {
  return app.database.db.selectFrom('notifications').selectAll().where('tenant_id', '=', t.tenant.id)
    .where('user_id', '=', userId).where('template', '=', template).execute();
}

describe('delivering webhooks through a receiver that fails three times, then recovers', () => {
  it('delivers every event once, in order per ticket, signed, valid against its schema, and alerts the owner once', async () => {
    const { id, secret } = await subscribe();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]+=*$/);
    receiver.failNext(3);
    const first = await openTicket('3号线灌装机漏液，已停机');
    const second = await openTicket('5号线传送带异响');
    await act(first, 'dispatch', t.dispatcher.token, { assigneeId: t.engineer.id });
    await act(first, 'accept', t.engineer.token);
    await act(first, 'comment', t.engineer.token, { body: '已到现场，正在更换密封圈' });
    await act(second, 'cancel', t.dispatcher.token, { reason: '重复报修' });

    await drain();

    const arrived = delivered(receiver.arrivals);
    const ids = arrived.map((arrival) => arrival.id);
    expect(new Set(ids).size).toBe(ids.length); // each event arrived once
    for (const ticket of [first, second]) {
      const expected = await loggedOrder(id, ticket);
      expect(expected.length).toBeGreaterThan(0);
      expect(arrived.filter((arrival) => arrival.payload.data.ticket.id === ticket).map((arrival) => arrival.id)).toEqual(expected);
    }
    expect(arrived.filter((a) => a.payload.data.ticket.id === first).map((a) => a.payload.type)).toEqual(expect.arrayContaining([
      'ticket.created', 'ticket.status_changed', 'ticket.assigned', 'ticket.commented',
    ]));
    // The three failed attempts carried the same webhook-id as their successful retry.
    const failed = receiver.arrivals.filter((arrival) => arrival.answered === 500);
    expect(failed).toHaveLength(3);
    for (const attempt of failed) expect(ids).toContain(attempt.id);
    for (const arrival of receiver.arrivals) expect(verifySignature(secret, arrival)).toBe(true);
    expect(verifySignature('whsec_' + Buffer.alloc(32, 1).toString('base64'), receiver.arrivals[0])).toBe(false);

    const ajv = new Ajv2020({ strict: false });
    (addFormats as unknown as (instance: Ajv2020) => void)(ajv);
    for (const arrival of arrived) {
      const schema = await app.request('GET', `/api/v1/webhooks/schemas/${arrival.payload.type}`);
      expect(schema.status).toBe(200);
      const validate = ajv.getSchema(schema.body.$id) ?? ajv.compile(schema.body);
      expect(validate(arrival.payload), JSON.stringify(validate.errors)).toBe(true);
    }

    const alerts = await notificationsOf(t.admin.id, 'integration.failing');
    expect(alerts).toHaveLength(1);
    expect(alerts[0].title).toContain('MES 系统');
    const view = await app.request('GET', `/api/v1/webhooks/${id}`, { token: t.admin.token });
    expect(view.body).toMatchObject({ status: 'active', consecutiveFailures: 0, failingSince: null });
    await app.request('DELETE', `/api/v1/webhooks/${id}`, { token: t.admin.token });
  });
});

describe('a long outage', () => {
  it('pauses the subscription loudly after 24 h of failures, keeps new events, and resumes the backlog in order', async () => {
    const { id, secret } = await subscribe({ events: ['ticket.created', 'ticket.commented'] });
    receiver.down();
    const ticket = await openTicket('空压机压力不足');
    await act(ticket, 'comment', t.requester.token, { body: '压力表读数 0.4MPa' });
    for (let hour = 0; hour < 30; hour++) {
      await runner.runOnce();
      clock.advance(3600);
    }
    const paused = await app.request('GET', `/api/v1/webhooks/${id}`, { token: t.admin.token });
    expect(paused.body).toMatchObject({ status: 'paused', active: false, pausedReason: expect.stringContaining('503') });
    expect(await notificationsOf(t.admin.id, 'integration.paused')).toHaveLength(1);
    const attemptsWhilePaused = receiver.arrivals.length;

    await act(ticket, 'comment', t.requester.token, { body: '停机期间又出现一次报警' });
    await drain(3);
    expect(receiver.arrivals).toHaveLength(attemptsWhilePaused); // paused: nothing is sent

    receiver.up();
    const resumed = await app.request('POST', `/api/v1/webhooks/${id}/resume`, { token: t.admin.token });
    expect(resumed.body).toMatchObject({ status: 'active', active: true, pausedReason: null });
    await drain(3);
    const arrived = delivered(receiver.arrivals);
    expect(arrived.map((arrival) => arrival.id)).toEqual(await loggedOrder(id, ticket));
    expect(arrived.map((arrival) => arrival.payload.type)).toEqual(['ticket.created', 'ticket.commented', 'ticket.commented']);
    expect(arrived.map((arrival) => arrival.payload.data.comment)).toEqual([
      undefined, { body: '压力表读数 0.4MPa', internal: false }, { body: '停机期间又出现一次报警', internal: false },
    ]);
    for (const arrival of arrived) expect(verifySignature(secret, arrival)).toBe(true);
    await app.request('DELETE', `/api/v1/webhooks/${id}`, { token: t.admin.token });
  });
});

describe('the delivery log and replays', () => {
  it('shows request, response and latency without the secret, and replays with the same webhook-id', async () => {
    const { id, secret } = await subscribe({ events: ['ticket.created'] });
    const ticket = await openTicket('打印机卡纸');
    receiver.failNext(1);
    await drain(2);
    const log = await app.request('GET', `/api/v1/webhooks/${id}/deliveries`, { token: t.admin.token });
    expect(log.status).toBe(200);
    expect(log.body.items).toHaveLength(1);
    const [entry] = log.body.items;
    expect(entry).toMatchObject({
      ticketId: ticket, eventType: 'ticket.created', status: 'delivered', attempts: 2, error: null,
      response: { status: 200, body: 'ok' }, latencyMs: expect.any(Number),
    });
    expect(entry.request.headers['webhook-id']).toBe(entry.webhookId);
    expect(JSON.stringify(entry)).not.toContain(secret);
    expect(JSON.stringify(entry)).not.toContain(secret.slice(6));

    const replay = await app.request('POST', `/api/v1/webhooks/${id}/deliveries/${entry.id}/replay`, { token: t.admin.token });
    expect(replay.status).toBe(202);
    expect(replay.body).toMatchObject({ webhookId: entry.webhookId, replayOf: entry.id, status: 'pending' });
    const range = await app.request('POST', `/api/v1/webhooks/${id}/replay`, {
      token: t.admin.token, body: { from: new Date(clock.now().getTime() - 86400_000).toISOString(), to: clock.now().toISOString() },
    });
    expect(range.body.replayed).toBe(1);
    await drain(2);
    const sameEvent = delivered(receiver.arrivals).filter((arrival) => arrival.id === entry.webhookId);
    expect(sameEvent).toHaveLength(3);
    expect(new Set(sameEvent.map((arrival) => arrival.body)).size).toBe(1);

    const failing = await app.request('GET', `/api/v1/webhooks/${id}/deliveries?status=failing`, { token: t.admin.token });
    expect(failing.body.items).toEqual([]);
    const page = await app.request('GET', `/api/v1/webhooks/${id}/deliveries?limit=2`, { token: t.admin.token });
    expect(page.body.items).toHaveLength(2);
    const rest = await app.request('GET', `/api/v1/webhooks/${id}/deliveries?limit=2&cursor=${page.body.nextCursor}`, { token: t.admin.token });
    expect(rest.body).toMatchObject({ items: [expect.objectContaining({ id: entry.id })], nextCursor: null });
  });
});
