import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.ts';
import { createTenant, type TestTenant } from '../support/factories.ts';
import { act, createRule, ticketAtWork, typeWithCategory } from './closure-support.ts';

let app: TestApp;
let t: TestTenant;
let token: string;
let connectorUserId: string;
let type: string;

const mapping = (ticketType: string) => [
  { to: 'externalId', from: '$.id' },
  { to: 'type', value: ticketType },
  { to: 'description', from: '$.text' },
  { to: 'externalState', from: '$.state' },
  { to: 'externalNote', from: '$.note' },
  { to: 'status', from: '$.status_code', transforms: [{ op: 'map', values: { 4: 'resolved', 5: 'closed', 9: 'cancelled' }, default: '' }] },
];

const send = (event: Record<string, unknown>) => app.request('POST', '/api/v1/connectors/mes/events', {
  payload: JSON.stringify(event), headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
});

const ticketOf = async (id: string) => (await app.request('GET', `/api/v1/tickets/${id}`, { token: t.dispatcher.token })).body;
const lastEvent = async (id: string) => {
  const events = await app.request('GET', `/api/v1/tickets/${id}/events`, { token: t.dispatcher.token });
  return events.body.items[events.body.items.length - 1];
};
const pendingDeadLetters = async () =>
  (await app.request('GET', '/api/v1/connectors/mes/dead-letters?status=pending', { token: t.admin.token })).body.items as unknown[];

beforeAll(async () => {
  app = await startTestApp();
  t = await createTenant(app);
  type = await typeWithCategory(app, t);
  // The engineer's proof of their work: resolving this type needs a photo.
  await createRule(app, t, { ticketType: type, items: [{ key: 'site-photo', label: '修复后现场照片', evidence: 'photo' }] });
  const created = await app.request('POST', '/api/v1/connectors', { token: t.admin.token, body: { key: 'mes', name: 'MES 系统', mapping: mapping(type) } });
  expect(created.status).toBe(201);
  token = created.body.token;
  connectorUserId = (await app.request('GET', '/api/v1/connectors/mes', { token: t.admin.token })).body.userId;
});
afterAll(() => app.close());

describe('a source system reporting its record resolved, then closed', () => {
  it('resolves a new ticket with the source named, on the connector\'s behalf, and closes it on the later report', async () => {
    const opened = await send({ id: 'MES-100', text: '3号线灌装机停机，报警 E-17', state: '停机' });
    expect(opened.status).toBe(201);
    const ticketId = opened.body.ticketId;

    const resolved = await send({ id: 'MES-100', state: '已恢复', note: '3号线已恢复生产', status_code: 4 });
    expect(resolved.status, JSON.stringify(resolved.body)).toBe(200);
    expect(await ticketOf(ticketId)).toMatchObject({ status: 'resolved', solution: 'MES 系统：3号线已恢复生产', resolvedAt: expect.any(String) });
    expect(await lastEvent(ticketId)).toMatchObject({
      type: 'resolved', actorId: connectorUserId,
      data: { from: 'new', to: 'resolved', solution: 'MES 系统：3号线已恢复生产', bySource: { system: 'mes', externalId: 'MES-100' } },
    });
    // The same report again changes nothing and is no error.
    expect((await send({ id: 'MES-100', note: '3号线已恢复生产', status_code: 4 })).status).toBe(200);

    const closed = await send({ id: 'MES-100', state: '已关闭', status_code: 5 });
    expect(closed.status, JSON.stringify(closed.body)).toBe(200);
    expect(await ticketOf(ticketId)).toMatchObject({ status: 'closed', verification: { closedWithoutVerification: true, by: connectorUserId } });
    expect(await lastEvent(ticketId)).toMatchObject({ type: 'closed', actorId: connectorUserId });
    // A late "resolved" for a closed ticket is behind it: nothing moves, nothing is refused.
    expect((await send({ id: 'MES-100', status_code: 4 })).status).toBe(200);
    expect((await ticketOf(ticketId)).status).toBe('closed');
    expect(await pendingDeadLetters()).toEqual([]);
  });

  it('resolves a ticket an engineer holds, although the engineer\'s checklist is not met, and keeps the engineer on it', async () => {
    const opened = await send({ id: 'MES-101', text: '5号线贴标机跑偏' });
    const ticketId = opened.body.ticketId;
    expect((await act(app, t.dispatcher.token, ticketId, 'dispatch', { assigneeId: t.engineer.id })).status).toBe(200);
    expect((await act(app, t.engineer.token, ticketId, 'accept')).status).toBe(200);
    const checklist = await app.request('GET', `/api/v1/tickets/${ticketId}/checklist`, { token: t.engineer.token });
    expect(checklist.body).toMatchObject({ complete: false, missing: ['site-photo'] });

    const resolved = await send({ id: 'MES-101', state: '设备自检通过', status_code: 4 });
    expect(resolved.status, JSON.stringify(resolved.body)).toBe(200);
    expect(await ticketOf(ticketId)).toMatchObject({ status: 'resolved', assigneeId: t.engineer.id, solution: 'MES 系统：设备自检通过' });

    // The customer's verification runs as after any resolve: "not solved" sends it back to the engineer.
    const answer = await act(app, t.dispatcher.token, ticketId, 'verify', { result: 'unresolved', comment: '仍然跑偏' });
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ status: 'accepted', assigneeId: t.engineer.id });
    expect(await pendingDeadLetters()).toEqual([]);
  });

  it('resolves and closes at once when the first report of an open ticket is "closed"', async () => {
    const opened = await send({ id: 'MES-102', text: '空压机压力低' });
    const closed = await send({ id: 'MES-102', note: '已更换滤芯', status_code: 5 });
    expect(closed.status, JSON.stringify(closed.body)).toBe(200);
    expect(await ticketOf(opened.body.ticketId)).toMatchObject({ status: 'closed', solution: 'MES 系统：已更换滤芯' });
    expect(await pendingDeadLetters()).toEqual([]);
  });

  it('lets a second-line review hold a "closed" report: refused and kept until an expert approves, then replayed', async () => {
    const reviewed = await typeWithCategory(app, t);
    await createRule(app, t, { ticketType: reviewed, items: [], reviewRequired: true });
    const created = await app.request('POST', '/api/v1/connectors', { token: t.admin.token, body: { key: 'oa', name: 'OA', mapping: mapping(reviewed) } });
    const sendOa = (event: Record<string, unknown>) => app.request('POST', '/api/v1/connectors/oa/events', {
      payload: JSON.stringify(event), headers: { 'content-type': 'application/json', authorization: `Bearer ${created.body.token}` },
    });
    const { ticketId } = (await sendOa({ id: 'OA-1', text: '配电柜跳闸' })).body;
    const early = await sendOa({ id: 'OA-1', note: '已合闸', status_code: 5 });
    expect(early.status).toBe(409);
    expect((await ticketOf(ticketId)).status).toBe('new'); // all or nothing: the resolve is not kept either

    expect((await sendOa({ id: 'OA-1', note: '已合闸', status_code: 4 })).status).toBe(200);
    expect((await ticketOf(ticketId)).status).toBe('resolved');
    const held = await sendOa({ id: 'OA-1', status_code: 5 });
    expect(held.status).toBe(409);
    expect(held.body.error.details).toMatchObject({ awaiting: 'review' });

    const approved = await app.request('POST', `/api/v1/tickets/${ticketId}/review/approve`, { token: t.expert.token, body: {} });
    expect(approved.status, JSON.stringify(approved.body)).toBe(200);
    const letters = (await app.request('GET', '/api/v1/connectors/oa/dead-letters?status=pending', { token: t.admin.token })).body.items;
    expect(letters).toHaveLength(2);
    const replayed = await app.request('POST', '/api/v1/connectors/oa/dead-letters/replay', { token: t.admin.token });
    expect(replayed.body.items.map((item: { ok: boolean }) => item.ok)).toEqual([true, true]);
    expect(await ticketOf(ticketId)).toMatchObject({ status: 'closed', solution: 'OA：已合闸' });
  });

  it('leaves the rules for people as they were: the engineer still needs the checklist, a dispatcher still may not resolve', async () => {
    const ticket = await ticketAtWork(app, t, { type });
    const engineer = await act(app, t.engineer.token, ticket.id, 'resolve', { solution: '已调整' });
    expect(engineer.status).toBe(422);
    expect(engineer.body.error.message).toContain('修复后现场照片');
    expect((await act(app, t.dispatcher.token, ticket.id, 'resolve', { solution: '已调整' })).status).toBe(403);
  });
});
