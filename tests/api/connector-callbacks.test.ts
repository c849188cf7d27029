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
let other: TestTenant;
let receiver: Receiver;

const MAPPING = [
  { to: 'externalId', from: '$.id' },
  { to: 'description', from: '$.text' },
  { to: 'externalNote', from: '$.note' },
  { to: 'status', from: '$.status_code', transforms: [{ op: 'map', values: { 4: 'resolved', 5: 'closed' }, default: '' }] },
];

beforeAll(async () => {
  ({ clock, app, runner } = await startRunnerTestApp('2026-11-24T02:00:00Z', 'connector-callbacks-test'));
  [t, other] = await Promise.all([createTenant(app), createTenant(app)]);
});
afterAll(() => app.close());
beforeEach(async () => {
  receiver = await startReceiver();
  return () => receiver.close();
});

let keys = 0;
async function connector(callbackUrl: string | null = receiver.url) {
  const key = `mes-${keys++}`;
  const name = `MES 系统 ${key}`;
  const created = await app.request('POST', '/api/v1/connectors', { token: t.admin.token, body: { key, name, mapping: MAPPING, callbackUrl } });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  const { token, callbackSecret } = created.body as { token: string; callbackSecret: string };
  const send = (event: Record<string, unknown>) => app.request('POST', `/api/v1/connectors/${key}/events`, {
    payload: JSON.stringify(event), headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
  });
  return { key, name, callbackSecret, send };
}

/** A ticket from the source, taken and resolved by the engineer. */
async function resolvedByEngineer(send: (event: Record<string, unknown>) => Promise<{ body: { ticketId: string } }>, externalId: string) {
  const { ticketId } = (await send({ id: externalId, text: `3号线 ${externalId} 主轴过热报警` })).body;
  await act(ticketId, 'dispatch', t.dispatcher.token, { assigneeId: t.engineer.id });
  await act(ticketId, 'accept', t.engineer.token);
  await act(ticketId, 'resolve', t.engineer.token, { solution: '更换主轴冷却风扇' });
  return ticketId;
}

const act = async (id: string, action: string, token: string, body: Record<string, unknown> = {}) => {
  const answer = await app.request('POST', `/api/v1/tickets/${id}/actions/${action}`, { token, body });
  expect(answer.status, `${action}: ${JSON.stringify(answer.body)}`).toBe(200);
};

/** Runs the runner, moving the clock an hour (past any backoff) between rounds. */
async function drain(rounds = 3): Promise<void> {
  for (let round = 0; round < rounds; round++) {
    await runner.runOnce();
    clock.advance(3600);
  }
}

const delivered = (arrivals: Arrival[]) => arrivals.filter((arrival) => arrival.answered === 200);
const links = async (ticketId: string) => (await app.request('GET', `/api/v1/tickets/${ticketId}/external-links`, { token: t.dispatcher.token })).body;
const callbacks = async (key: string, query = '') => (await app.request('GET', `/api/v1/connectors/${key}/callbacks${query}`, { token: t.admin.token })).body;

describe('callbacks to the source when its ticket completes', () => {
  it('sends resolved, then closed, once each and in order, signed with the secret given at creation', async () => {
    const { key, callbackSecret, send } = await connector();
    expect(callbackSecret).toMatch(/^whsec_[A-Za-z0-9+/]+=*$/);
    const ticketId = await resolvedByEngineer(send, 'MES-1');
    await act(ticketId, 'close', t.dispatcher.token);
    const { number } = (await app.request('GET', `/api/v1/tickets/${ticketId}`, { token: t.dispatcher.token })).body;

    await drain();

    expect(receiver.arrivals.map((arrival) => arrival.payload.type)).toEqual(['ticket.resolved', 'ticket.closed']);
    expect(new Set(receiver.arrivals.map((arrival) => arrival.id)).size).toBe(2);
    for (const arrival of receiver.arrivals) expect(verifySignature(callbackSecret, arrival)).toBe(true);
    expect(verifySignature('whsec_' + Buffer.alloc(32, 7).toString('base64'), receiver.arrivals[0])).toBe(false);
    expect(receiver.arrivals.map((arrival) => arrival.payload.data)).toEqual([
      { ticketId, number, system: key, externalId: 'MES-1', status: 'resolved', previousStatus: 'accepted', solution: '更换主轴冷却风扇', bySource: false },
      { ticketId, number, system: key, externalId: 'MES-1', status: 'closed', previousStatus: 'resolved', solution: '更换主轴冷却风扇', bySource: false },
    ]);
    expect(receiver.arrivals[1].payload.timestamp).toEqual(expect.any(String));

    expect(await links(ticketId)).toEqual([expect.objectContaining({
      system: key, externalId: 'MES-1',
      callback: { id: expect.any(String), type: 'ticket.closed', status: 'delivered', at: expect.any(String), attempts: 1, responseStatus: 200, latencyMs: expect.any(Number), lastError: null },
    })]);
    const log = await callbacks(key);
    expect(log.items.map((item: { type: string }) => item.type)).toEqual(['ticket.closed', 'ticket.resolved']);
    expect(log.items[0]).toMatchObject({ status: 'delivered', attempts: 1, response: { status: 200, body: 'ok' }, url: receiver.url, error: null });
  });

  it('confirms a resolve and close reported by the source itself, marked as the source\'s own', async () => {
    const { name, send } = await connector();
    const { ticketId } = (await send({ id: 'MES-2', text: '5号线传送带异响' })).body;
    expect((await send({ id: 'MES-2', note: '传送带已恢复', status_code: 4 })).status).toBe(200);
    expect((await send({ id: 'MES-2', status_code: 5 })).status).toBe(200);
    await drain();
    expect(receiver.arrivals.map((arrival) => [arrival.payload.type, arrival.payload.data.bySource, arrival.payload.data.solution])).toEqual([
      ['ticket.resolved', true, `${name}：传送带已恢复`], ['ticket.closed', true, `${name}：传送带已恢复`],
    ]);
    expect(receiver.arrivals[0].payload.data.ticketId).toBe(ticketId);
  });

  it('tells the source when a ticket is reopened after one of those, so it never keeps a stale state', async () => {
    const { send } = await connector();
    const ticketId = await resolvedByEngineer(send, 'MES-3');
    await act(ticketId, 'verify', t.dispatcher.token, { result: 'unresolved', comment: '仍然报警' });
    await drain();
    expect(receiver.arrivals.map((arrival) => arrival.payload.type)).toEqual(['ticket.resolved', 'ticket.reopened']);
    expect(receiver.arrivals[1].payload.data).toMatchObject({ status: 'accepted', previousStatus: 'resolved', verificationResult: 'unresolved', reason: '仍然报警' });
  });

  it('delivers once through a receiver that fails twice, recording each outcome, and keeps the later close behind it', async () => {
    const { key, name, send } = await connector();
    receiver.failNext(2);
    const ticketId = await resolvedByEngineer(send, 'MES-4');
    await act(ticketId, 'close', t.dispatcher.token);

    await runner.runOnce();
    expect((await links(ticketId))[0].callback).toMatchObject({ type: 'ticket.closed', status: 'pending', attempts: 0 });
    const [, resolvedCallback] = (await callbacks(key)).items;
    expect(resolvedCallback).toMatchObject({ type: 'ticket.resolved', status: 'failing', attempts: 1, response: { status: 500 }, error: expect.stringContaining('HTTP 500') });
    clock.advance(3600);
    await drain();

    expect(receiver.arrivals.map((arrival) => [arrival.payload.type, arrival.answered])).toEqual([
      ['ticket.resolved', 500], ['ticket.resolved', 500], ['ticket.resolved', 200], ['ticket.closed', 200],
    ]);
    expect(new Set(receiver.arrivals.slice(0, 3).map((arrival) => arrival.id)).size).toBe(1); // one webhook-id on every retry
    expect((await links(ticketId))[0].callback).toMatchObject({ type: 'ticket.closed', status: 'delivered', attempts: 1, responseStatus: 200, lastError: null });
    const alerts = await app.database.db.selectFrom('notifications').select('id').where('tenant_id', '=', t.tenant.id)
      .where('template', '=', 'integration.failing').where('title', 'like', `%${name}%`).execute();
    expect(alerts).toHaveLength(0); // two failures: no alert yet
    expect((await callbacks(key, '?status=delivered')).items[1]).toMatchObject({
      type: 'ticket.resolved', attempts: 3, response: { status: 200 }, latencyMs: expect.any(Number), error: null,
    });
  });

  it('alerts the admins after 3 failed attempts, gives up after 12 into a failed callback the admin sees, and replays it', async () => {
    const { key, name, callbackSecret, send } = await connector();
    receiver.down();
    const ticketId = await resolvedByEngineer(send, 'MES-5');
    await drain(3);
    const alerts = await app.database.db.selectFrom('notifications').selectAll().where('tenant_id', '=', t.tenant.id)
      .where('user_id', '=', t.admin.id).where('template', '=', 'integration.failing').where('title', 'like', `%${name}%`).execute();
    expect(alerts).toHaveLength(1);
    expect(alerts[0].title).toContain(`${name}（回调）`);
    await drain(12);
    expect(receiver.arrivals).toHaveLength(12);
    const failed = await callbacks(key, '?status=failed');
    expect(failed.items).toHaveLength(1);
    expect(failed.items[0]).toMatchObject({ ticketId, status: 'failed', attempts: 12, response: { status: 503 }, error: expect.stringContaining('503') });
    expect((await links(ticketId))[0].callback).toMatchObject({ status: 'failed', attempts: 12 });

    // A later state still goes out: the lane moved past the one that gave up.
    receiver.up();
    await act(ticketId, 'close', t.dispatcher.token);
    await drain(2);
    const replay = await app.request('POST', `/api/v1/connectors/${key}/callbacks/${failed.items[0].id}/replay`, { token: t.admin.token });
    expect(replay.status).toBe(200);
    expect(replay.body).toMatchObject({ replayOf: failed.items[0].id, webhookId: failed.items[0].webhookId, status: 'pending' });
    await drain(2);
    expect(delivered(receiver.arrivals).map((arrival) => [arrival.payload.type, arrival.id])).toEqual([
      ['ticket.closed', expect.any(String)], ['ticket.resolved', failed.items[0].webhookId],
    ]);
    for (const arrival of receiver.arrivals) expect(verifySignature(callbackSecret, arrival)).toBe(true);
    const again = await app.request('POST', `/api/v1/connectors/${key}/callbacks/${replay.body.id}/replay`, { token: t.admin.token });
    expect(again.status).toBe(200);
  });

  it('never sends to a link-local address, even one saved before the check or spelt as IPv4-mapped IPv6', async () => {
    const refused = await app.request('POST', '/api/v1/connectors', {
      token: t.admin.token, body: { key: 'mes-mapped', name: 'MES', mapping: MAPPING, callbackUrl: 'http://[::ffff:169.254.169.254]/cb' },
    });
    expect(refused.status).toBe(400);
    expect(refused.body.error.details).toMatchObject({ field: 'callbackUrl' });
    const { key, send } = await connector();
    await app.database.db.updateTable('connectors').set({ callback_url: 'http://169.254.169.254/latest/meta-data' })
      .where('tenant_id', '=', t.tenant.id).where('key', '=', key).execute();
    const ticketId = await resolvedByEngineer(send, 'MES-6');
    await runner.runOnce();
    expect((await links(ticketId))[0].callback).toMatchObject({ status: 'failing', attempts: 1, responseStatus: null, latencyMs: 0, lastError: expect.stringMatching(/^refused: .*link-local/) });
    expect(receiver.arrivals).toHaveLength(0);
    await app.request('DELETE', `/api/v1/connectors/${key}`, { token: t.admin.token }); // its lane stops with it
  });

  it('signs with a rotated secret at once; a connector without a secret sends nothing until an admin rotates one', async () => {
    const { key, callbackSecret, send } = await connector();
    await app.database.db.updateTable('connectors').set({ callback_secret: null }).where('tenant_id', '=', t.tenant.id).where('key', '=', key).execute();
    expect((await app.request('GET', `/api/v1/connectors/${key}`, { token: t.admin.token })).body.callbackSecretSet).toBe(false);
    const ticketId = await resolvedByEngineer(send, 'MES-7');
    await runner.runOnce();
    expect((await links(ticketId))[0].callback).toMatchObject({ status: 'failing', lastError: expect.stringContaining('rotate-callback-secret') });
    expect(receiver.arrivals).toHaveLength(0);

    const rotated = await app.request('POST', `/api/v1/connectors/${key}/rotate-callback-secret`, { token: t.admin.token });
    expect(rotated.status).toBe(200);
    expect(rotated.body).toEqual({ id: expect.any(String), key, callbackSecret: expect.stringMatching(/^whsec_/) });
    expect((await app.request('GET', `/api/v1/connectors/${key}`, { token: t.admin.token })).body.callbackSecretSet).toBe(true);
    await drain();
    expect(delivered(receiver.arrivals)).toHaveLength(1);
    expect(verifySignature(rotated.body.callbackSecret, receiver.arrivals[0])).toBe(true);
    expect(verifySignature(callbackSecret, receiver.arrivals[0])).toBe(false);
  });

  it('keeps tenants apart and lets only admins see callbacks, replay them or rotate the secret', async () => {
    const { key, send } = await connector();
    const ticketId = await resolvedByEngineer(send, 'MES-8');
    await drain();
    const [mine] = (await callbacks(key)).items;
    const theirs = await app.request('POST', '/api/v1/connectors', { token: other.admin.token, body: { key, name: 'MES', mapping: MAPPING } });
    expect(theirs.status).toBe(201);
    expect((await app.request('GET', `/api/v1/connectors/${key}/callbacks`, { token: other.admin.token })).body.items).toEqual([]);
    expect((await app.request('POST', `/api/v1/connectors/${key}/callbacks/${mine.id}/replay`, { token: other.admin.token })).status).toBe(404);
    expect((await app.request('GET', '/api/v1/connectors/mes-none/callbacks', { token: t.admin.token })).status).toBe(404);
    expect((await app.request('GET', `/api/v1/tickets/${ticketId}/external-links`, { token: other.dispatcher.token })).status).toBe(404);
    for (const user of [t.dispatcher, t.engineer, t.manager]) {
      expect((await app.request('GET', `/api/v1/connectors/${key}/callbacks`, { token: user.token })).status).toBe(403);
      expect((await app.request('POST', `/api/v1/connectors/${key}/callbacks/${mine.id}/replay`, { token: user.token })).status).toBe(403);
      expect((await app.request('POST', `/api/v1/connectors/${key}/rotate-callback-secret`, { token: user.token })).status).toBe(403);
    }
    expect(receiver.arrivals).toHaveLength(1);
  });
});
