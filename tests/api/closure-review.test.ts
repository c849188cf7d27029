import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.ts';
import { addUser, createTenant, type TestTenant, type TestUser } from '../support/factories.ts';
import { act, createRule, events, notified, tick, ticketAtWork, typeWithCategory } from './closure-support.ts';

let app: TestApp;
let t: TestTenant;
let other: TestTenant;
let expert2: TestUser;
/** A type whose tickets an expert must review, with one log item to prove. */
let reviewed: string;
beforeAll(async () => {
  app = await startTestApp();
  [t, other] = await Promise.all([createTenant(app), createTenant(app)]);
  expert2 = await addUser(app, t.tenant.id, { roles: ['expert'], name: '专家乙', orgUnitId: t.companyId });
  reviewed = await typeWithCategory(app, t);
  await createRule(app, t, { ticketType: reviewed, items: [{ key: 'plc-log', label: 'PLC 日志摘录', evidence: 'log' }], reviewRequired: true });
});
afterAll(() => app.close());

/** A reviewed ticket its assignee has proven and resolved. */
async function resolvedForReview(assignee: { id: string; token: string } = t.engineer, tenant: TestTenant = t, type = reviewed) {
  const ticket = await ticketAtWork(app, tenant, { type, assignee });
  expect((await tick(app, assignee.token, ticket.id, 'plc-log', { text: '复位后空载运行 30 分钟无报警' })).status).toBe(200);
  const resolved = await act(app, assignee.token, ticket.id, 'resolve', { solution: '更换变频器散热风扇并复位' });
  expect(resolved.status, JSON.stringify(resolved.body)).toBe(200);
  return ticket;
}

const approve = (token: string, ticketId: string, body: object = {}) =>
  app.request('POST', `/api/v1/tickets/${ticketId}/review/approve`, { token, body });
const sendBack = (token: string, ticketId: string, body: object) =>
  app.request('POST', `/api/v1/tickets/${ticketId}/review/send-back`, { token, body });
const rounds = async (ticketId: string) => (await app.request('GET', `/api/v1/tickets/${ticketId}/reviews`, { token: t.admin.token })).body.items;
const status = async (ticketId: string) => (await app.request('GET', `/api/v1/tickets/${ticketId}`, { token: t.admin.token })).body.status;

async function queue(token: string, query = '') {
  const response = await app.request('GET', `/api/v1/reviews${query}`, { token });
  expect(response.status, JSON.stringify(response.body)).toBe(200);
  return response.body as { items: any[]; nextCursor: string | null };
}

describe('second-line review', () => {
  it('puts a resolved ticket of a reviewed type into the experts\' queue and tells them', async () => {
    const ticket = await resolvedForReview();
    expect(await rounds(ticket.id)).toMatchObject([{ round: 1, state: 'pending', requestedBy: t.engineer.id, decidedAt: null }]);
    const item = (await queue(t.expert.token)).items.find((entry) => entry.ticketId === ticket.id);
    expect(item).toMatchObject({
      number: ticket.number, priority: 'P3', assigneeId: t.engineer.id, solution: '更换变频器散热风扇并复位', round: 1, state: 'pending',
    });
    expect(item.title).toBeTruthy();
    expect(Date.parse(item.resolvedAt)).not.toBeNaN();
    const told = (await notified(app, ticket.id, 'closure.review_requested')).map((row) => row.userId).sort();
    expect(told).toEqual([t.expert.id, expert2.id].sort());
    expect((await events(app, t, ticket.id)).map((event) => event.type)).toContain('review_requested');
    for (const reader of [t.admin, t.manager, t.dispatcher]) await queue(reader.token);
    for (const outsider of [t.engineer, t.requester, t.finance]) {
      expect((await app.request('GET', '/api/v1/reviews', { token: outsider.token })).status).toBe(403);
    }
    expect((await app.request('GET', `/api/v1/tickets/${ticket.id}/reviews`, { token: t.requester.token })).status).toBe(403);
  });

  it('does not ask for review when the ticket\'s rule does not', async () => {
    const plain = await typeWithCategory(app, t);
    await createRule(app, t, { ticketType: plain, items: [{ key: 'plc-log', label: 'PLC 日志摘录', evidence: 'log' }], reviewRequired: false });
    const ticket = await resolvedForReview(t.engineer, t, plain);
    expect(await rounds(ticket.id)).toEqual([]);
    const refused = await approve(t.expert.token, ticket.id);
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('illegal_transition');
    expect((await act(app, t.dispatcher.token, ticket.id, 'close')).status).toBe(200);
  });

  it('refuses verify and close while the review is pending', async () => {
    const ticket = await resolvedForReview();
    const verify = await act(app, t.requester.token, ticket.id, 'verify', { result: 'satisfied' });
    expect(verify.status).toBe(409);
    expect(verify.body.error.code).toBe('illegal_transition');
    expect(verify.body.error.message).toContain('waiting for second-line review');
    const close = await act(app, t.dispatcher.token, ticket.id, 'close');
    expect(close.status).toBe(409);
    expect(close.body.error.message).toContain('waiting for second-line review');
    expect(await status(ticket.id)).toBe('resolved');
  });

  it('approves: the round is approved, the review_approved event is written, the engineer is told, and verification may follow', async () => {
    const ticket = await resolvedForReview();
    // The customer is asked only once the fix is approved.
    expect(await notified(app, ticket.id, 'closure.verify_requested')).toEqual([]);
    const approved = await approve(t.expert.token, ticket.id, { comment: '散热风扇型号正确，日志无报警' });
    expect(approved.status, JSON.stringify(approved.body)).toBe(200);
    expect(approved.body).toMatchObject({ round: 1, state: 'approved', decidedBy: t.expert.id, reason: '散热风扇型号正确，日志无报警' });
    expect(await rounds(ticket.id)).toMatchObject([{ round: 1, state: 'approved' }]);
    const event = (await events(app, t, ticket.id)).find((entry) => entry.type === 'review_approved')!;
    expect(event.data).toMatchObject({ round: 1, comment: '散热风扇型号正确，日志无报警' });
    expect((await notified(app, ticket.id, 'closure.review_approved')).map((row) => row.userId)).toEqual([t.engineer.id]);
    expect((await notified(app, ticket.id, 'closure.verify_requested')).map((row) => row.userId)).toEqual([t.requester.id]);
    expect((await queue(t.expert.token)).items.map((entry) => entry.ticketId)).not.toContain(ticket.id);
    expect((await queue(t.expert.token, '?state=approved')).items.map((entry) => entry.ticketId)).toContain(ticket.id);

    expect((await approve(expert2.token, ticket.id)).status).toBe(409);
    const verified = await act(app, t.requester.token, ticket.id, 'verify', { result: 'satisfied' });
    expect(verified.status, JSON.stringify(verified.body)).toBe(200);
    expect(verified.body.status).toBe('closed');
  });

  it('sends back with a reason: the engineer gets the ticket again, and the resubmitted fix is a second round', async () => {
    const ticket = await resolvedForReview();
    expect((await sendBack(t.expert.token, ticket.id, {})).status).toBe(400);
    const blank = await sendBack(t.expert.token, ticket.id, { reason: '   ' });
    expect(blank.status).toBe(400);
    expect(blank.body.error.details.field).toBe('reason');
    expect(await rounds(ticket.id)).toMatchObject([{ state: 'pending' }]);

    const back = await sendBack(t.expert.token, ticket.id, { reason: '缺少带载测试，风扇电流未测' });
    expect(back.status, JSON.stringify(back.body)).toBe(200);
    expect(back.body).toMatchObject({ round: 1, state: 'sent_back', reason: '缺少带载测试，风扇电流未测', decidedBy: t.expert.id });
    const view = await app.request('GET', `/api/v1/tickets/${ticket.id}`, { token: t.engineer.token });
    expect(view.body).toMatchObject({ status: 'accepted', assigneeId: t.engineer.id, resolvedAt: null });
    const chain = await events(app, t, ticket.id);
    expect(chain.find((event) => event.type === 'review_sent_back')).toMatchObject({ actorId: t.expert.id, data: { round: 1, reason: '缺少带载测试，风扇电流未测' } });
    expect(chain.find((event) => event.type === 'reopened')).toMatchObject({ actorId: t.expert.id, data: { reason: '二线复核退回：缺少带载测试，风扇电流未测' } });
    const told = await notified(app, ticket.id, 'closure.sent_back');
    expect(told.map((row) => row.userId)).toEqual([t.engineer.id]);
    expect(told[0].body).toContain('缺少带载测试，风扇电流未测');
    expect((await queue(t.expert.token, '?state=sent_back')).items.map((entry) => entry.ticketId)).toContain(ticket.id);

    // The engineer works it again and resolves: round 2 waits, round 1 keeps its verdict.
    await act(app, t.engineer.token, ticket.id, 'start');
    expect((await act(app, t.engineer.token, ticket.id, 'resolve', { solution: '补做带载测试，风扇电流 0.8 A' })).status).toBe(200);
    expect(await rounds(ticket.id)).toMatchObject([{ round: 1, state: 'sent_back' }, { round: 2, state: 'pending' }]);
    expect((await act(app, t.dispatcher.token, ticket.id, 'close')).status).toBe(409);
    const second = (await queue(t.expert.token)).items.find((entry) => entry.ticketId === ticket.id);
    expect(second).toMatchObject({ round: 2, solution: '补做带载测试，风扇电流 0.8 A' });
    expect((await approve(expert2.token, ticket.id)).body).toMatchObject({ round: 2, state: 'approved' });
    expect((await act(app, t.dispatcher.token, ticket.id, 'close')).status).toBe(200);
  });

  it('refuses a review by the ticket\'s own assignee, and by anyone but an expert or an admin', async () => {
    const ticket = await resolvedForReview(t.expert);
    for (const response of [await approve(t.expert.token, ticket.id), await sendBack(t.expert.token, ticket.id, { reason: '自己退回' })]) {
      expect(response.status).toBe(403);
      expect(response.body.error.message).toContain('Someone else must review your fix');
    }
    for (const someone of [t.engineer, t.dispatcher, t.manager, t.requester]) {
      expect((await approve(someone.token, ticket.id)).status).toBe(403);
      expect((await sendBack(someone.token, ticket.id, { reason: '不行' })).status).toBe(403);
    }
    expect(await rounds(ticket.id)).toMatchObject([{ state: 'pending' }]);
    expect((await approve(t.admin.token, ticket.id)).status).toBe(200);
  });

  it('lets one of two experts deciding at once win; the other gets 409', async () => {
    const ticket = await resolvedForReview();
    const answers = await Promise.all([approve(t.expert.token, ticket.id), sendBack(expert2.token, ticket.id, { reason: '证据不足' })]);
    expect(answers.map((answer) => answer.status).sort()).toEqual([200, 409]);
    const [round] = await rounds(ticket.id);
    const winner = answers.find((answer) => answer.status === 200)!.body;
    expect(round).toMatchObject({ state: winner.state, decidedBy: winner.decidedBy });
    const decisions = (await events(app, t, ticket.id)).filter((event) => event.type === 'review_approved' || event.type === 'review_sent_back');
    expect(decisions).toHaveLength(1);
    expect(await status(ticket.id)).toBe(winner.state === 'approved' ? 'resolved' : 'accepted');
  });

  it('closes the pending round when the ticket is reopened before anyone reviewed it', async () => {
    const ticket = await resolvedForReview();
    expect((await act(app, t.dispatcher.token, ticket.id, 'reopen', { reason: '客户反映仍有异响' })).status).toBe(200);
    expect(await rounds(ticket.id)).toMatchObject([{ round: 1, state: 'sent_back', decidedBy: t.dispatcher.id }]);
    expect((await queue(t.expert.token)).items.map((entry) => entry.ticketId)).not.toContain(ticket.id);
    expect((await approve(t.expert.token, ticket.id)).status).toBe(409);
  });

  it('pages through the queue, oldest pending first', async () => {
    const tenant = await createTenant(app);
    const type = await typeWithCategory(app, tenant);
    await createRule(app, tenant, { ticketType: type, items: [{ key: 'plc-log', label: 'PLC 日志摘录', evidence: 'log' }], reviewRequired: true });
    const tickets = [];
    for (let i = 0; i < 3; i++) tickets.push(await resolvedForReview(tenant.engineer, tenant, type));
    const first = await queue(tenant.expert.token, '?limit=2');
    expect(first.items.map((entry) => entry.ticketId)).toEqual([tickets[0].id, tickets[1].id]);
    expect(first.nextCursor).toBeTruthy();
    const second = await queue(tenant.expert.token, `?limit=2&cursor=${first.nextCursor}`);
    expect(second.items.map((entry) => entry.ticketId)).toEqual([tickets[2].id]);
    expect(second.nextCursor).toBeNull();
    expect((await app.request('GET', '/api/v1/reviews?cursor=bm9wZQ', { token: tenant.expert.token })).status).toBe(400);
    expect((await app.request('GET', '/api/v1/reviews?state=done', { token: tenant.expert.token })).status).toBe(400);
  });
});

describe('tenant isolation', () => {
  it('answers 404 for another tenant\'s ticket, shows none of its reviews, and changes nothing', async () => {
    const ticket = await resolvedForReview();
    for (const intruder of [other.expert, other.admin]) {
      expect((await approve(intruder.token, ticket.id)).status).toBe(404);
      expect((await sendBack(intruder.token, ticket.id, { reason: '越权' })).status).toBe(404);
      expect((await app.request('GET', `/api/v1/tickets/${ticket.id}/reviews`, { token: intruder.token })).status).toBe(404);
      expect((await queue(intruder.token)).items.map((entry) => entry.ticketId)).not.toContain(ticket.id);
    }
    expect(await rounds(ticket.id)).toMatchObject([{ round: 1, state: 'pending', decidedBy: null }]);
    expect(await status(ticket.id)).toBe('resolved');
  });
});
