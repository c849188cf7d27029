/**
 * Recurrence and problems over time, with the runner and a manual clock: the Nth similar ticket
 * within the window (same device, same error code, or same customer with an alike report) opens
 * a problem owned by someone, later ones join it; problems are worked and closed by hand, with
 * roles and tenants kept apart.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ManualClock } from '../../src/platform/clock.ts';
import { schedule, type Runner } from '../../src/platform/runner/index.ts';
import type { TestApp } from '../support/app.ts';
import { createTenant, type TestTenant } from '../support/factories.ts';
import { startRunnerTestApp } from '../support/runner-app.ts';
import { act, eventsOf, runnerOf, ticketOf, withoutDuplicateGuard } from './dispatch-support.ts';

const DAY = 24 * 3600;
let clock: ManualClock;
let app: TestApp;
let runner: Runner;

beforeAll(async () => {
  ({ clock, app, runner } = await startRunnerTestApp('2026-11-24T02:00:00Z', 'problems-test'));
});
afterAll(() => app.close());

/** A tenant that reports the same faults again and again; its repair form has an error code field. */
async function tenant(): Promise<TestTenant> {
  clock.set('2026-11-24T02:00:00Z');
  const t = await createTenant(app);
  await withoutDuplicateGuard(app, t);
  const form = { type: 'object', properties: { errorCode: { type: 'string', 'x-widget': 'text', title: '故障码' } } };
  for (const type of ['repair', 'maintenance']) {
    const changed = await app.request('PATCH', `/api/v1/ticket-types/${type}`, { token: t.admin.token, body: { formSchema: form } });
    expect(changed.status, JSON.stringify(changed.body)).toBe(200);
  }
  return t;
}

let serial = 0;
async function device(t: TestTenant, model = '注塑机 HX-200'): Promise<string> {
  const created = await app.request('POST', '/api/v1/devices', { token: t.admin.token, body: { serial: `SN-${serial++}-${Date.now()}`, model } });
  expect(created.status).toBe(201);
  return created.body.id;
}

async function report(t: TestTenant, body: Record<string, unknown>, token = t.requester.token) {
  const created = await app.request('POST', '/api/v1/tickets', { token, body: { description: '注塑机液压泵漏油，地面有油渍', ...body } });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  return created.body as { id: string; number: string; title: string; status: string };
}

const problemsOf = async (t: TestTenant, query = '') => {
  const listed = await app.request('GET', `/api/v1/problems${query}`, { token: t.dispatcher.token });
  expect(listed.status).toBe(200);
  return listed.body.items as Record<string, any>[];
};
const problem = async (t: TestTenant, id: string) => (await app.request('GET', `/api/v1/problems/${id}`, { token: t.expert.token })).body;

async function noticesTo(t: TestTenant, userId: string) {
  const result = await sql<{ template: string; data: Record<string, any>; ticketId: string | null }>`
    SELECT template, data, ticket_id AS "ticketId" FROM notifications WHERE tenant_id = ${t.tenant.id} AND user_id = ${userId} ORDER BY id`
    .execute(app.ctx.db);
  return result.rows;
}

describe('recurrence on one device', () => {
  it('opens a problem at the third ticket in 15 days, not at the second, and links all three', async () => {
    const t = await tenant();
    const deviceId = await device(t);
    const first = await report(t, { deviceId });
    clock.advance(4 * DAY);
    const second = await report(t, { deviceId, description: '注塑机又漏油了' }, t.requester2.token);
    await runner.runOnce();
    expect(await problemsOf(t)).toEqual([]);
    expect((await ticketOf(app, t, second.id)).problemId).toBeNull();

    clock.advance(6 * DAY);
    const third = await report(t, { deviceId, description: '液压泵第三次漏油' });
    await runner.runOnce();
    const [opened] = await problemsOf(t);
    expect(opened).toMatchObject({
      number: 'PRB-20261204-001', status: 'open', title: first.title, ownerId: t.expert.id, matchKind: 'device', matchValue: deviceId,
      ticketType: 'repair', ticketCount: 3, rootCause: null, correctiveAction: null,
    });
    const detail = await problem(t, opened.id);
    expect(detail.tickets.map((ticket: { id: string }) => ticket.id)).toEqual([first.id, second.id, third.id]);
    expect(detail.tickets[0]).toMatchObject({ number: first.number, title: first.title, status: 'new', closedAt: null });

    for (const ticket of [first, second, third]) {
      expect(await ticketOf(app, t, ticket.id)).toMatchObject({ problemId: opened.id, status: 'new' });
    }
    expect((await eventsOf(app, t, third.id)).filter((event) => event.type === 'recurrence_detected')).toEqual([expect.objectContaining({
      actorId: null, data: { problemId: opened.id, number: opened.number, kind: 'device', count: 3 },
    })]);
    expect((await eventsOf(app, t, first.id)).find((event) => event.type === 'linked_to_problem'))
      .toMatchObject({ data: { problemId: opened.id, number: opened.number } });

    expect(await noticesTo(t, t.expert.id)).toEqual([{
      template: 'problem.opened', ticketId: third.id,
      data: { number: opened.number, title: first.title, ticketCount: 3, reason: '同一设备 15 天内第 3 次报修' },
    }]);
  });

  it('links the fourth ticket to the open problem instead of opening another, and a second run changes nothing', async () => {
    const t = await tenant();
    const deviceId = await device(t);
    for (let i = 0; i < 3; i++) await report(t, { deviceId });
    await runner.runOnce();
    clock.advance(DAY);
    const fourth = await report(t, { deviceId });
    await runner.runOnce();
    const problems = await problemsOf(t);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ ticketCount: 4, version: 2 });
    expect((await eventsOf(app, t, fourth.id)).find((event) => event.type === 'recurrence_detected'))
      .toMatchObject({ data: { problemId: problems[0].id, kind: 'device', count: 4 } });

    await schedule(app.ctx.db, {
      tenantId: t.tenant.id, kind: 'problems.recurrence', payload: { ticketId: fourth.id, kind: 'device', value: deviceId },
      runAt: clock.now(), now: clock.now(), dedupeKey: fourth.id,
    });
    await runner.runOnce();
    expect(await problemsOf(t)).toEqual([expect.objectContaining({ id: problems[0].id, ticketCount: 4, version: 2 })]);
    expect((await eventsOf(app, t, fourth.id)).filter((event) => event.type === 'recurrence_detected')).toHaveLength(1);
    expect(await noticesTo(t, t.expert.id)).toHaveLength(1);
  });

  it('opens one problem when two runners handle two recurring tickets of one device at once', async () => {
    const t = await tenant();
    const deviceId = await device(t);
    const tickets = [];
    for (let i = 0; i < 5; i++) tickets.push(await report(t, { deviceId }));
    const second = runnerOf(app, 'problems-test-2');
    await Promise.all([runner.runOnce(), second.runOnce(), runner.runOnce(), second.runOnce()]);
    const problems = await problemsOf(t);
    expect(problems).toEqual([expect.objectContaining({ ticketCount: 5 })]);
    for (const ticket of tickets) expect((await ticketOf(app, t, ticket.id)).problemId).toBe(problems[0].id);
    expect(await noticesTo(t, t.expert.id)).toHaveLength(1);
  });

  it('does not count a ticket 16 days back: the window is 15 days', async () => {
    const t = await tenant();
    const deviceId = await device(t);
    const oldest = await report(t, { deviceId });
    clock.advance(16 * DAY);
    await report(t, { deviceId });
    clock.advance(DAY);
    await report(t, { deviceId });
    await runner.runOnce();
    expect(await problemsOf(t)).toEqual([]);

    clock.advance(DAY);
    await report(t, { deviceId });
    await runner.runOnce();
    const [opened] = await problemsOf(t);
    expect(opened.ticketCount).toBe(3);
    expect((await ticketOf(app, t, oldest.id)).problemId).toBeNull();
  });

  it('counts neither cancelled tickets, nor other types of the same device, nor other devices', async () => {
    const t = await tenant();
    const deviceId = await device(t);
    await report(t, { deviceId });
    const cancelled = await report(t, { deviceId });
    expect((await act(app, t.requester.token, cancelled.id, 'cancel', { reason: '报错了设备' })).status).toBe(200);
    await report(t, { deviceId, type: 'maintenance' });
    await report(t, { deviceId: await device(t) });
    await report(t, { deviceId });
    await runner.runOnce();
    expect(await problemsOf(t)).toEqual([]);
  });
});

describe('recurrence by error code and by customer', () => {
  it('takes `err-001 ` for ERR-001, whatever the type and the device', async () => {
    const t = await tenant();
    const tickets = [
      await report(t, { fields: { errorCode: 'ERR-001' }, description: '控制柜报警' }),
      await report(t, { fields: { errorCode: 'err-001 ' }, description: '屏幕显示故障码', type: 'maintenance' }, t.requester2.token),
      await report(t, { fields: { errorCode: 'ERR-002' }, description: '另一个故障' }),
      await report(t, { fields: { errorCode: ' Err-001' }, deviceId: await device(t), description: '设备停机' }),
    ];
    await runner.runOnce();
    const [opened] = await problemsOf(t);
    expect(opened).toMatchObject({ matchKind: 'error_code', matchValue: 'ERR-001', ticketType: null, ticketCount: 3 });
    expect((await ticketOf(app, t, tickets[2].id)).problemId).toBeNull();
    const [notice] = await noticesTo(t, t.expert.id);
    expect(notice.data.reason).toBe('故障码 ERR-001 15 天内第 3 次出现');
  });

  it('counts a customer\'s tickets of one type only when the reports are alike', async () => {
    const t = await tenant();
    const customer = await app.request('POST', '/api/v1/customers', { token: t.admin.token, body: { name: '华东精密注塑有限公司' } });
    const customerId = customer.body.id;
    const first = await report(t, { customerId, description: '3号注塑机液压泵漏油，地面有油渍' });
    const unlike = await report(t, { customerId, description: '办公室打印机卡纸，无法打印发票' });
    await report(t, { customerId, description: '注塑机液压泵漏油严重' }, t.requester2.token);
    await runner.runOnce();
    expect(await problemsOf(t)).toEqual([]);

    const fourth = await report(t, { customerId, description: '液压泵漏油，注塑机停机' });
    await runner.runOnce();
    const [opened] = await problemsOf(t);
    expect(opened).toMatchObject({ matchKind: 'customer', matchValue: customerId, ticketCount: 3, title: first.title });
    expect((await ticketOf(app, t, unlike.id)).problemId).toBeNull();
    expect((await ticketOf(app, t, fourth.id)).problemId).toBe(opened.id);
  });

  it('costs a ticket with no device, error code or customer nothing', async () => {
    const t = await tenant();
    for (let i = 0; i < 4; i++) await report(t, {});
    await runner.runOnce();
    expect(await problemsOf(t)).toEqual([]);
  });
});

describe('working a problem', () => {
  async function opened(t: TestTenant) {
    const deviceId = await device(t);
    for (let i = 0; i < 3; i++) await report(t, { deviceId });
    await runner.runOnce();
    const [found] = await problemsOf(t);
    return { problem: found, deviceId };
  }

  it('refuses to close without a root cause and a corrective action, naming each that is missing', async () => {
    const t = await tenant();
    const { problem: found, deviceId } = await opened(t);
    const close = (body?: object) => app.request('POST', `/api/v1/problems/${found.id}/close`, { token: t.expert.token, body });

    const bare = await close();
    expect(bare.status, JSON.stringify(bare.body)).toBe(422);
    expect(bare.body.error).toMatchObject({ code: 'business_rule', details: { missing: ['rootCause', 'correctiveAction'] } });
    expect(bare.body.error.message).toContain('rootCause');
    expect(bare.body.error.message).toContain('correctiveAction');

    const investigating = await app.request('PATCH', `/api/v1/problems/${found.id}`, {
      token: t.expert.token, body: { status: 'investigating', rootCause: '液压泵油封老化', version: found.version },
    });
    expect(investigating.status).toBe(200);
    expect(investigating.body).toMatchObject({ status: 'investigating', rootCause: '液压泵油封老化' });
    const stale = await app.request('PATCH', `/api/v1/problems/${found.id}`, { token: t.expert.token, body: { title: '新标题', version: found.version } });
    expect(stale.status).toBe(409);
    expect(stale.body.error.code).toBe('version_conflict');

    const halfway = await close({ correctiveAction: '   ' });
    expect(halfway.status).toBe(422);
    expect(halfway.body.error.details).toEqual({ missing: ['correctiveAction'] });
    expect((await problem(t, found.id)).status).toBe('investigating');

    clock.advance(DAY);
    const closed = await close({ correctiveAction: '更换油封，保养周期由 6 个月缩短为 3 个月' });
    expect(closed.status).toBe(200);
    expect(closed.body).toMatchObject({ status: 'closed', closedBy: t.expert.id, closedAt: clock.now().toISOString() });
    expect((await app.request('PATCH', `/api/v1/problems/${found.id}`, { token: t.expert.token, body: { title: '改' } })).status).toBe(409);
    expect((await close()).status).toBe(409);

    // The fault comes back after the problem closed: a new problem, the next number of the day.
    const again = await report(t, { deviceId });
    await runner.runOnce();
    const reopened = (await problemsOf(t, '?status=open'))[0];
    expect(reopened).toMatchObject({ number: 'PRB-20261125-001', ticketCount: 1 });
    expect((await ticketOf(app, t, again.id)).problemId).toBe(reopened.id);
  });

  it('opens one by hand, links and unlinks tickets, keeping each ticket\'s problemId and events in step', async () => {
    const t = await tenant();
    const [a, b, c] = [await report(t, {}), await report(t, {}), await report(t, {})];
    const created = await app.request('POST', '/api/v1/problems', {
      token: t.dispatcher.token, body: { title: '多台空压机频繁跳闸', ticketIds: [a.id, b.id, a.id], ownerId: t.manager.id },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body).toMatchObject({ number: 'PRB-20261124-001', title: '多台空压机频繁跳闸', ownerId: t.manager.id, matchKind: null, ticketCount: 2 });
    const id = created.body.id;
    expect((await ticketOf(app, t, a.id)).problemId).toBe(id);
    expect((await eventsOf(app, t, a.id)).find((event) => event.type === 'linked_to_problem'))
      .toMatchObject({ actorId: t.dispatcher.id, data: { problemId: id, number: created.body.number } });
    expect((await noticesTo(t, t.manager.id)).map((notice) => notice.template)).toEqual(['problem.opened']);

    const linked = await app.request('PUT', `/api/v1/problems/${id}/tickets/${c.id}`, { token: t.manager.token });
    expect(linked.status).toBe(200);
    expect(linked.body.tickets.map((ticket: { id: string }) => ticket.id)).toEqual([a.id, b.id, c.id]);
    expect((await app.request('PUT', `/api/v1/problems/${id}/tickets/${c.id}`, { token: t.manager.token })).body.ticketCount).toBe(3);

    const unlinked = await app.request('DELETE', `/api/v1/problems/${id}/tickets/${a.id}`, { token: t.expert.token });
    expect(unlinked.body.ticketCount).toBe(2);
    expect((await ticketOf(app, t, a.id)).problemId).toBeNull();
    expect((await eventsOf(app, t, a.id)).find((event) => event.type === 'unlinked_from_problem'))
      .toMatchObject({ actorId: t.expert.id, data: { problemId: id } });
    expect((await app.request('DELETE', `/api/v1/problems/${id}/tickets/${a.id}`, { token: t.expert.token })).status).toBe(404);

    // A ticket belongs to one problem: linking it to another is refused until it is unlinked.
    const other = await app.request('POST', '/api/v1/problems', { token: t.admin.token, body: { title: '另一个问题', ticketIds: [a.id] } });
    expect(other.status).toBe(201);
    const taken = await app.request('PUT', `/api/v1/problems/${other.body.id}/tickets/${b.id}`, { token: t.admin.token });
    expect(taken.status).toBe(409);
    expect(taken.body.error.details).toMatchObject({ ticketId: b.id, number: created.body.number });
    const refused = await app.request('POST', '/api/v1/problems', { token: t.admin.token, body: { title: '重复', ticketIds: [c.id] } });
    expect(refused.status).toBe(409);
    expect(await problemsOf(t)).toHaveLength(2);
  });

  it('validates what it is sent', async () => {
    const t = await tenant();
    const ticket = await report(t, {});
    const post = (body: object) => app.request('POST', '/api/v1/problems', { token: t.admin.token, body });
    expect((await post({ title: '  ', ticketIds: [ticket.id] })).status).toBe(400);
    expect((await post({ title: 'x', ticketIds: [] })).status).toBe(400);
    expect((await post({ title: 'x', ticketIds: [ticket.id], ownerId: t.requester.id })).body.error).toMatchObject({ code: 'invalid_input', details: { field: 'ownerId' } });
    expect((await post({ title: 'x', ticketIds: ['0190f5a0-0000-7000-8000-000000000000'] })).status).toBe(404);
    expect((await app.request('GET', '/api/v1/problems?status=done', { token: t.admin.token })).status).toBe(400);
    expect((await app.request('GET', '/api/v1/problems?cursor=bm9wZQ', { token: t.admin.token })).status).toBe(400);
    expect(await problemsOf(t)).toEqual([]);
    expect((await ticketOf(app, t, ticket.id)).problemId).toBeNull();
  });

  it('pages the list by cursor, newest first, and filters by status', async () => {
    const t = await tenant();
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const ticket = await report(t, {});
      ids.push((await app.request('POST', '/api/v1/problems', { token: t.admin.token, body: { title: `问题 ${i}`, ticketIds: [ticket.id] } })).body.id);
    }
    const first = await app.request('GET', '/api/v1/problems?limit=2', { token: t.engineer.token });
    expect(first.body.items.map((item: { id: string }) => item.id)).toEqual([ids[2], ids[1]]);
    const second = await app.request('GET', `/api/v1/problems?limit=2&cursor=${first.body.nextCursor}`, { token: t.engineer.token });
    expect(second.body).toEqual({ items: [expect.objectContaining({ id: ids[0] })], nextCursor: null });
    expect(await problemsOf(t, '?status=closed')).toEqual([]);
  });
});

describe('roles and tenants', () => {
  it('lets staff read, only admins, managers, experts and dispatchers write, and requesters nothing', async () => {
    const t = await tenant();
    const ticket = await report(t, {});
    const { body: created } = await app.request('POST', '/api/v1/problems', { token: t.expert.token, body: { title: '巡检发现', ticketIds: [ticket.id] } });
    for (const reader of [t.engineer, t.finance, t.manager]) {
      expect((await app.request('GET', `/api/v1/problems/${created.id}`, { token: reader.token })).status).toBe(200);
    }
    expect((await app.request('GET', '/api/v1/problems', { token: t.requester.token })).status).toBe(403);
    expect((await app.request('GET', `/api/v1/problems/${created.id}`, { token: t.requester.token })).status).toBe(403);
    for (const outsider of [t.engineer, t.finance, t.requester]) {
      expect((await app.request('PATCH', `/api/v1/problems/${created.id}`, { token: outsider.token, body: { title: '改' } })).status).toBe(403);
      expect((await app.request('POST', `/api/v1/problems/${created.id}/close`, { token: outsider.token, body: {} })).status).toBe(403);
      expect((await app.request('DELETE', `/api/v1/problems/${created.id}/tickets/${ticket.id}`, { token: outsider.token })).status).toBe(403);
      expect((await app.request('POST', '/api/v1/problems', { token: outsider.token, body: { title: 'x', ticketIds: [ticket.id] } })).status).toBe(403);
    }
    expect((await problem(t, created.id)).ticketCount).toBe(1);
  });

  it('answers another tenant\'s problems and tickets with 404, changing nothing', async () => {
    const t = await tenant();
    const other = await tenant();
    const ours = await report(t, {});
    const loose = await report(t, {});
    const theirs = await report(other, {});
    const { body: created } = await app.request('POST', '/api/v1/problems', { token: t.admin.token, body: { title: '我们的问题', ticketIds: [ours.id] } });
    const { body: foreign } = await app.request('POST', '/api/v1/problems', { token: other.admin.token, body: { title: '他们的问题', ticketIds: [theirs.id] } });
    const as = other.admin.token;

    expect((await app.request('GET', `/api/v1/problems/${created.id}`, { token: as })).status).toBe(404);
    expect((await app.request('PATCH', `/api/v1/problems/${created.id}`, { token: as, body: { title: '改' } })).status).toBe(404);
    expect((await app.request('POST', `/api/v1/problems/${created.id}/close`, { token: as, body: { rootCause: 'x', correctiveAction: 'y' } })).status).toBe(404);
    expect((await app.request('PUT', `/api/v1/problems/${created.id}/tickets/${theirs.id}`, { token: as })).status).toBe(404);
    expect((await app.request('DELETE', `/api/v1/problems/${created.id}/tickets/${ours.id}`, { token: as })).status).toBe(404);
    expect((await app.request('PUT', `/api/v1/problems/${foreign.id}/tickets/${loose.id}`, { token: as })).status).toBe(404);
    expect((await app.request('POST', '/api/v1/problems', { token: as, body: { title: '偷', ticketIds: [loose.id] } })).status).toBe(404);

    expect((await problemsOf(other)).map((item) => item.id)).toEqual([foreign.id]);
    expect(await problem(t, created.id)).toMatchObject({ title: '我们的问题', status: 'open', ticketCount: 1, version: 1 });
    expect((await ticketOf(app, t, loose.id)).problemId).toBeNull();
    expect((await problem(other, foreign.id)).ticketCount).toBe(1);
  });
});
