import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.ts';
import { createTenant, type TestTenant } from '../support/factories.ts';
import { ManualClock } from '../../src/platform/clock.ts';

let app: TestApp;
let t: TestTenant;
const clock = new ManualClock('2026-11-24T02:00:00Z');
beforeAll(async () => {
  app = await startTestApp({ clock });
  t = await createTenant(app);
});
afterAll(() => app.close());

const create = (token: string, body: object, headers: Record<string, string> = {}) =>
  app.request('POST', '/api/v1/tickets', { token, body, headers });

async function addDevice(serial: string, qrCode: string) {
  const id = randomUUID();
  const now = clock.now();
  await app.ctx.db.insertInto('devices').values({
    tenant_id: t.tenant.id, id, serial, model: 'VMC850', customer_id: null, site: '2号车间', address: '苏州工业园区',
    lat: 31.3, lng: 120.7, installed_at: null, qr_code: qrCode, created_at: now, updated_at: now,
  }).execute();
  return id;
}

describe('intake', () => {
  it('creates a ticket from one sentence, with a derived title and a per-tenant number', async () => {
    const response = await create(t.requester.token, { description: '空压机启动后跳闸。早上开机就这样' });
    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({
      status: 'new', type: 'repair', priority: 'P3', title: '空压机启动后跳闸', assigneeId: null, requesterId: t.requester.id,
      fields: {}, version: 1, sla: { firstRespondedAt: null, breaches: [], paused: false },
    });
    // The default P3 policy runs on the weekday calendar: 4 working hours to respond.
    expect(response.body.sla.responseDueAt).not.toBeNull();
    expect(response.body.sla.policyId).not.toBeNull();
    expect(response.body.number).toMatch(/^WO-20261124-\d{4}$/);
  });

  it('numbers tickets by the tenant\'s local day (Asia/Shanghai)', async () => {
    clock.set('2026-11-24T16:30:00Z'); // 00:30 on the 25th in Shanghai
    const response = await create(t.requester2.token, { description: '夜班：注塑机温控失灵' });
    expect(response.body.number).toMatch(/^WO-20261125-0001$/);
    clock.set('2026-11-24T02:00:00Z');
  });

  it('uses the type\'s default priority, and accepts location and channel', async () => {
    const response = await create(t.dispatcher.token, {
      description: '液压站压力不足，整线停机', type: 'emergency', location: { lat: 31.23, lng: 121.47, address: '上海浦东' }, channel: 'phone',
    });
    expect(response.body).toMatchObject({ type: 'emergency', priority: 'P1', channel: 'phone', location: { lat: 31.23, lng: 121.47, address: '上海浦东' } });
  });

  it('links the device whose serial or QR code value stands in the text, with its location', async () => {
    const deviceId = await addDevice('HG-VMC850-2023-0042', 'LD-7K3M9Q2X4B');
    const bySerial = await create(t.requester.token, { description: '设备 HG-VMC850-2023-0042 主轴报警 ALM-401' });
    expect(bySerial.body.deviceId).toBe(deviceId);
    expect(bySerial.body.location).toEqual({ lat: 31.3, lng: 120.7, address: '苏州工业园区' });
    const byQr = await create(t.requester2.token, { description: '扫码报修 https://loopdesk.example/d/LD-7K3M9Q2X4B 冷却液泄漏' });
    expect(byQr.body.deviceId).toBe(deviceId);
  });

  it('lets a dispatcher report on behalf of a requester, and nobody else', async () => {
    const ok = await create(t.dispatcher.token, { description: '客户来电：打印机卡纸', requesterId: t.requester2.id });
    expect(ok.body.requesterId).toBe(t.requester2.id);
    const refused = await create(t.requester.token, { description: '替别人报修', requesterId: t.requester2.id });
    expect(refused.status).toBe(403);
  });
});

describe('Idempotency-Key', () => {
  it('answers the same ticket for the same key and body, and 409 for another body', async () => {
    const key = randomUUID();
    const first = await create(t.requester.token, { description: '门禁系统无法刷卡' }, { 'idempotency-key': key });
    const again = await create(t.requester.token, { description: '门禁系统无法刷卡' }, { 'idempotency-key': key });
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(again.body.id).toBe(first.body.id);
    expect(again.headers['idempotent-replayed']).toBe('true');
    const other = await create(t.requester.token, { description: '完全不同的问题' }, { 'idempotency-key': key });
    expect(other.status).toBe(409);
    expect(other.body.error.code).toBe('idempotency_conflict');
  });

  it('creates one ticket when the same request races itself', async () => {
    const key = randomUUID();
    const body = { description: `并发重试 ${key}` };
    const answers = await Promise.all(Array.from({ length: 5 }, () => create(t.engineer.token, body, { 'idempotency-key': key })));
    expect(new Set(answers.map((answer) => answer.body.id)).size).toBe(1);
    const rows = await app.ctx.db.selectFrom('tickets').select('id').where('tenant_id', '=', t.tenant.id).where('description', '=', body.description).execute();
    expect(rows).toHaveLength(1);
  });
});

describe('duplicate guard', () => {
  it('links a similar report from the same requester to the open ticket instead of queueing it twice', async () => {
    const first = await create(t.requester.token, { description: '3号机床主轴异响' });
    const second = await create(t.requester.token, { description: '3号机床主轴又在异响了，请尽快来人' });
    expect(second.status).toBe(201);
    expect(second.body.status).toBe('cancelled');
    expect(second.body.duplicateOf).toMatchObject({ id: first.body.id, number: first.body.number });
    const events = await app.request('GET', `/api/v1/tickets/${first.body.id}/events`, { token: t.admin.token });
    expect(events.body.items.map((event: { type: string }) => event.type)).toContain('duplicate_linked');
  });

  it('does not link a different problem, another requester\'s report, or one outside the window', async () => {
    await create(t.requester.token, { description: '车间照明线路跳闸' });
    const different = await create(t.requester.token, { description: '食堂空调不制冷' });
    expect(different.body.duplicateOf).toBeNull();
    const otherRequester = await create(t.requester2.token, { description: '车间照明线路跳闸' });
    expect(otherRequester.body.duplicateOf).toBeNull();
    clock.advance(25 * 3600);
    const later = await create(t.requester.token, { description: '车间照明线路跳闸' });
    expect(later.body.duplicateOf).toBeNull();
    clock.set('2026-11-24T02:00:00Z');
  });

  it('links reports about the same device from different people', async () => {
    const deviceId = await addDevice('HG-PRESS-2022-0007', 'LD-AB12CD34EF');
    const first = await create(t.requester.token, { description: '液压机 HG-PRESS-2022-0007 漏油严重' });
    const second = await create(t.requester2.token, { description: '漏油严重，液压机需要维修', deviceId });
    expect(second.body.duplicateOf?.id).toBe(first.body.id);
  });

  it('a dispatcher can reopen a wrongly matched duplicate into the queue', async () => {
    await create(t.requester.token, { description: '二楼打印机卡纸' });
    const second = await create(t.requester.token, { description: '二楼打印机又卡纸' });
    const reopened = await app.request('POST', `/api/v1/tickets/${second.body.id}/actions/reopen`, { token: t.dispatcher.token, body: { reason: '不是同一台打印机' } });
    expect(reopened.body).toMatchObject({ status: 'new', duplicateOf: null });
  });
});

describe('reading tickets', () => {
  it('pages newest first with a cursor and filters by status and assignee', async () => {
    const mine = [];
    for (let i = 0; i < 5; i++) mine.push((await create(t.finance.token, { description: `报销系统故障 第${i}次 ${randomUUID()}` })).body.id);
    const page1 = await app.request('GET', '/api/v1/tickets?limit=2&q=报销系统故障', { token: t.admin.token });
    expect(page1.body.items.map((ticket: { id: string }) => ticket.id)).toEqual([mine[4], mine[3]]);
    const page2 = await app.request('GET', `/api/v1/tickets?limit=2&q=报销系统故障&cursor=${page1.body.nextCursor}`, { token: t.admin.token });
    expect(page2.body.items.map((ticket: { id: string }) => ticket.id)).toEqual([mine[2], mine[1]]);
    const page3 = await app.request('GET', `/api/v1/tickets?limit=2&q=报销系统故障&cursor=${page2.body.nextCursor}`, { token: t.admin.token });
    expect(page3.body.items).toHaveLength(1);
    expect(page3.body.nextCursor).toBeNull();

    await app.request('POST', `/api/v1/tickets/${mine[0]}/actions/dispatch`, { token: t.dispatcher.token, body: { assigneeId: t.engineer2.id } });
    const assigned = await app.request('GET', `/api/v1/tickets?status=dispatched,accepted&assigneeId=${t.engineer2.id}`, { token: t.admin.token });
    expect(assigned.body.items.map((ticket: { id: string }) => ticket.id)).toEqual([mine[0]]);
  });

  it('shows requesters only their own tickets and engineers only theirs', async () => {
    const own = await app.request('GET', '/api/v1/tickets?limit=200', { token: t.requester2.token });
    expect(own.body.items.every((ticket: { requesterId: string }) => ticket.requesterId === t.requester2.id)).toBe(true);
    const engineer = await app.request('GET', '/api/v1/tickets?limit=200', { token: t.engineer2.token });
    expect(engineer.body.items.every((ticket: { assigneeId: string; requesterId: string }) =>
      ticket.assigneeId === t.engineer2.id || ticket.requesterId === t.engineer2.id)).toBe(true);
    expect(engineer.body.items.length).toBeGreaterThan(0);
  });
});

describe('editing and concurrency', () => {
  it('refuses a stale edit with 409 and keeps the newer one', async () => {
    const ticket = (await create(t.requester.token, { description: '电梯按钮失灵' })).body;
    const first = await app.request('PATCH', `/api/v1/tickets/${ticket.id}`, { token: t.dispatcher.token, body: { version: 1, priority: 'P2' } });
    expect(first.body).toMatchObject({ priority: 'P2', version: 2 });
    const stale = await app.request('PATCH', `/api/v1/tickets/${ticket.id}`, { token: t.manager.token, body: { version: 1, priority: 'P4' } });
    expect(stale.status).toBe(409);
    expect(stale.body.error.code).toBe('version_conflict');
    const stored = await app.request('GET', `/api/v1/tickets/${ticket.id}`, { token: t.admin.token });
    expect(stored.body.priority).toBe('P2');
    const events = await app.request('GET', `/api/v1/tickets/${ticket.id}/events`, { token: t.admin.token });
    expect(events.body.items.at(-1)).toMatchObject({ type: 'updated', data: { before: { priority: 'P3' }, after: { priority: 'P2' } } });
  });

  it('gives exactly one of two simultaneous accepts… of one dispatch the first transition', async () => {
    const ticket = (await create(t.requester2.token, { description: `并发接单 ${randomUUID()}` })).body;
    await app.request('POST', `/api/v1/tickets/${ticket.id}/actions/dispatch`, { token: t.dispatcher.token, body: { assigneeId: t.engineer.id } });
    const answers = await Promise.all([1, 2].map(() =>
      app.request('POST', `/api/v1/tickets/${ticket.id}/actions/accept`, { token: t.engineer.token, body: {} })));
    expect(answers.map((answer) => answer.status).sort()).toEqual([200, 409]);
  });
});

describe('comments', () => {
  it('hides internal comments from the requester and counts a public staff reply as the first response', async () => {
    const ticket = (await create(t.requester.token, { description: `网络中断 ${randomUUID()}` })).body;
    await app.request('POST', `/api/v1/tickets/${ticket.id}/actions/comment`, { token: t.dispatcher.token, body: { body: '怀疑是交换机', internal: true } });
    const afterInternal = await app.request('GET', `/api/v1/tickets/${ticket.id}`, { token: t.admin.token });
    expect(afterInternal.body.sla.firstRespondedAt).toBeNull();
    await app.request('POST', `/api/v1/tickets/${ticket.id}/actions/comment`, { token: t.dispatcher.token, body: { body: '已收到，工程师马上联系您' } });
    const afterPublic = await app.request('GET', `/api/v1/tickets/${ticket.id}`, { token: t.admin.token });
    expect(afterPublic.body.sla.firstRespondedAt).toBe(clock.now().toISOString());
    const requesterView = await app.request('GET', `/api/v1/tickets/${ticket.id}/events`, { token: t.requester.token });
    const bodies = requesterView.body.items.filter((event: { type: string }) => event.type === 'commented').map((event: { data: { body: string } }) => event.data.body);
    expect(bodies).toEqual(['已收到，工程师马上联系您']);
    const internal = await app.request('POST', `/api/v1/tickets/${ticket.id}/actions/comment`, { token: t.requester.token, body: { body: 'x', internal: true } });
    expect(internal.status).toBe(403);
  });
});

describe('dispatch without an assignee', () => {
  it('gives the ticket to the available engineer with the fewest open tickets', async () => {
    const ticket = (await create(t.requester.token, { description: `自动派工 ${randomUUID()}` })).body;
    const response = await app.request('POST', `/api/v1/tickets/${ticket.id}/actions/dispatch`, { token: t.dispatcher.token, body: {} });
    expect(response.status).toBe(200);
    expect([t.engineer.id, t.engineer2.id]).toContain(response.body.assigneeId);
  });
});
