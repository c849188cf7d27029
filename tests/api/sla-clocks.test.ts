/**
 * SLA clocks through the API with a manual clock: due times at creation, hold and resume, the
 * first response, resolve and reopen, an edit that changes the policy, breaches, a policy change
 * re-computed by the runner after the request, and who may read a ticket's SLA.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/platform/clock.ts';
import { createRunner, type Runner } from '../../src/platform/runner/index.ts';
import { openRunnerTestDatabase } from '../../src/platform/runner/testing.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { openTestDatabase } from '../support/database.ts';
import { createTenant, type TestTenant } from '../support/factories.ts';
import { CALENDARS, POLICIES, clearPolicies, createPolicy, eventsOf, notificationsOf, pendingTimers, plus } from './sla-support.ts';

const HOUR = 3600;
const clock = new ManualClock('2026-03-10T01:00:00Z'); // Tuesday 09:00 in Shanghai
let app: TestApp;
let t: TestTenant;
let runner: Runner;
let p2: { id: string };

beforeAll(async () => {
  app = await startTestApp({ clock, database: await openRunnerTestDatabase(openTestDatabase) });
  t = await createTenant(app);
  await clearPolicies(app, t);
  runner = createRunner({ ctx: app.ctx, handlers: app.services.domain.handlers });
  p2 = await createPolicy(app, t, { name: 'P2 7×24', match: { priorities: ['P2'] }, responseSeconds: 900, resolveSeconds: 4 * HOUR });
  await createPolicy(app, t, { name: 'P1 7×24', position: 2, match: { priorities: ['P1'] }, responseSeconds: 300, resolveSeconds: HOUR });
});
afterAll(async () => {
  await app.close();
  await app.database.close();
});

const report = async (body: Record<string, unknown>, token = t.requester.token) =>
  (await app.request('POST', '/api/v1/tickets', { token, body })).body;
const act = async (id: string, action: string, token: string, body: Record<string, unknown> = {}) => {
  const response = await app.request('POST', `/api/v1/tickets/${id}/actions/${action}`, { token, body });
  if (response.status !== 200) throw new Error(`${action}: ${JSON.stringify(response.body)}`);
  return response.body;
};
const view = async (id: string) => (await app.request('GET', `/api/v1/tickets/${id}`, { token: t.dispatcher.token })).body;
const slaOf = (id: string, token = t.dispatcher.token) => app.request('GET', `/api/v1/tickets/${id}/sla`, { token });

/** A P2 ticket dispatched to, accepted and started by the engineer at the current time. */
async function workingTicket(description: string) {
  const ticket = await report({ description, priority: 'P2' });
  await act(ticket.id, 'dispatch', t.dispatcher.token, { assigneeId: t.engineer.id });
  await act(ticket.id, 'accept', t.engineer.token);
  await act(ticket.id, 'start', t.engineer.token);
  return ticket;
}

describe('a new ticket', () => {
  it('gets its policy, both due times and its timers at creation', async () => {
    const created = clock.now();
    const ticket = await report({ description: '空压机跳闸', priority: 'P2' });
    expect(ticket.sla).toMatchObject({
      policyId: p2.id, responseDueAt: plus(created, 900), resolveDueAt: plus(created, 4 * HOUR), paused: false,
      responseRemainingSeconds: 900, resolveRemainingSeconds: 4 * HOUR, breaches: [],
    });
    expect(await pendingTimers(app, t.tenant.id, ticket.id)).toEqual([
      { kind: 'sla.breach', key: 'response', runAt: plus(created, 900) },
      { kind: 'sla.breach', key: 'resolve', runAt: plus(created, 4 * HOUR) },
    ]);
  });

  it('gets no clock when no policy matches', async () => {
    const ticket = await report({ description: '咨询保养周期', priority: 'P4' });
    expect(ticket.sla).toMatchObject({ policyId: null, responseDueAt: null, resolveDueAt: null });
    expect(await pendingTimers(app, t.tenant.id, ticket.id)).toEqual([]);
    expect((await slaOf(ticket.id)).body).toMatchObject({ policy: null, clocks: null, ladder: [] });
  });
});

describe('hold and resume', () => {
  it('freeze the remaining time while held and move the due time by the hold\'s length', async () => {
    const created = clock.now();
    const ticket = await workingTicket('注塑机液压站漏油');
    clock.advance(600);
    await act(ticket.id, 'hold', t.engineer.token, { reason: '等备件' });
    clock.advance(HOUR);

    const held = await view(ticket.id);
    expect(held.sla).toMatchObject({ paused: true, resolveDueAt: null, resolveRemainingSeconds: 4 * HOUR - 600, responseRemainingSeconds: null });
    expect(await pendingTimers(app, t.tenant.id, ticket.id)).toEqual([]);
    const during = (await slaOf(ticket.id)).body;
    expect(during).toMatchObject({ paused: true, clocks: { resolve: { paused: true, elapsedSeconds: 600, remainingSeconds: 4 * HOUR - 600, dueAt: null } } });

    clock.advance(1800);
    expect((await view(ticket.id)).sla.resolveRemainingSeconds).toBe(4 * HOUR - 600);
    await act(ticket.id, 'resume', t.engineer.token);
    const resumed = await view(ticket.id);
    const due = plus(created, 4 * HOUR + 1.5 * HOUR);
    expect(resumed.sla).toMatchObject({ paused: false, resolveDueAt: due, resolveRemainingSeconds: 4 * HOUR - 600 });
    expect(await pendingTimers(app, t.tenant.id, ticket.id)).toEqual([{ kind: 'sla.breach', key: 'resolve', runAt: due }]);
  });

  it('stop with the first response: the response timer goes and the clock shows when it was met', async () => {
    const created = clock.now();
    const ticket = await report({ description: '冷水机组报警', priority: 'P2' });
    await act(ticket.id, 'dispatch', t.dispatcher.token, { assigneeId: t.engineer.id });
    clock.advance(120);
    await act(ticket.id, 'accept', t.engineer.token);
    expect(await pendingTimers(app, t.tenant.id, ticket.id)).toEqual([{ kind: 'sla.breach', key: 'resolve', runAt: plus(created, 4 * HOUR) }]);
    const { body } = await slaOf(ticket.id);
    expect(body.clocks.response).toMatchObject({ stopped: true, breached: false, elapsedSeconds: 120, respondedAt: clock.now().toISOString(), dueAt: plus(created, 900) });
  });
});

describe('resolve and reopen', () => {
  it('stop the resolve clock, and a reopen carries on with the time that was left', async () => {
    const created = clock.now();
    const ticket = await workingTicket('包装机封口不严');
    clock.advance(HOUR);
    await act(ticket.id, 'resolve', t.engineer.token, { solution: '更换加热片' });
    expect(await pendingTimers(app, t.tenant.id, ticket.id)).toEqual([]);
    clock.advance(2 * HOUR);
    await act(ticket.id, 'reopen', t.requester.token, { reason: '又漏了' });
    const reopened = await view(ticket.id);
    // One hour ran before the resolve; the two hours it waited resolved do not count.
    expect(reopened.sla).toMatchObject({ resolveDueAt: plus(created, 6 * HOUR), resolveRemainingSeconds: 3 * HOUR });
    expect(await pendingTimers(app, t.tenant.id, ticket.id)).toEqual([{ kind: 'sla.breach', key: 'resolve', runAt: plus(created, 6 * HOUR) }]);
  });
});

describe('an edit of the priority', () => {
  it('chooses the policy again and counts its targets from the creation', async () => {
    const created = clock.now();
    const ticket = await report({ description: '主轴异响', priority: 'P2' });
    clock.advance(60);
    const edited = await app.request('PATCH', `/api/v1/tickets/${ticket.id}`, { token: t.dispatcher.token, body: { priority: 'P1' } });
    expect(edited.status).toBe(200);
    expect(edited.body.sla).toMatchObject({ responseDueAt: plus(created, 300), resolveDueAt: plus(created, HOUR), responseRemainingSeconds: 240 });
    expect(edited.body.sla.policyId).not.toBe(p2.id);
    expect(await pendingTimers(app, t.tenant.id, ticket.id)).toEqual([
      { kind: 'sla.breach', key: 'response', runAt: plus(created, 300) },
      { kind: 'sla.breach', key: 'resolve', runAt: plus(created, HOUR) },
    ]);
  });
});

describe('a breach', () => {
  it('is an event, recorded once, and the people on the ticket are told', async () => {
    const ticket = await report({ description: '配电柜跳闸', priority: 'P2' });
    await act(ticket.id, 'dispatch', t.dispatcher.token, { assigneeId: t.engineer.id });
    clock.advance(901);
    await runner.runOnce();
    await runner.runOnce();
    const breaches = (await eventsOf(app, t, ticket.id)).filter((event) => event.type === 'sla_breached');
    expect(breaches).toHaveLength(1);
    expect(breaches[0].data).toMatchObject({ clock: 'response', dueAt: ticket.sla.responseDueAt });
    expect((await view(ticket.id)).sla.breaches).toEqual([expect.objectContaining({ clock: 'response', dueAt: ticket.sla.responseDueAt })]);
    expect((await slaOf(ticket.id)).body.clocks.response).toMatchObject({ breached: true, remainingSeconds: -1 });
    expect(await notificationsOf(app, t.tenant.id, ticket.id)).toEqual([expect.objectContaining({ userId: t.engineer.id, template: 'sla.breached' })]);
  });
});

describe('a policy change', () => {
  it('re-computes the open tickets in the background: the request returns first, a runner pass moves them', async () => {
    const policy = await createPolicy(app, t, { name: '投诉', position: 0, match: { types: ['complaint'] }, responseSeconds: HOUR, resolveSeconds: 4 * HOUR });
    const created = clock.now();
    const plain = await report({ description: '客户投诉：维修超时', type: 'complaint' });
    const held = await report({ description: '客户投诉：服务态度', type: 'complaint' });
    await act(held.id, 'dispatch', t.dispatcher.token, { assigneeId: t.engineer.id });
    await act(held.id, 'accept', t.engineer.token);
    clock.advance(600);
    await act(held.id, 'hold', t.engineer.token, { reason: '等客户回电' });
    clock.advance(HOUR);
    await act(held.id, 'resume', t.engineer.token);
    expect((await view(held.id)).sla.resolveDueAt).toBe(plus(created, 5 * HOUR));

    const changed = await app.request('PATCH', `${POLICIES}/${policy.id}`, { token: t.admin.token, body: { resolveSeconds: 2 * HOUR } });
    expect(changed.status).toBe(200);
    expect(changed.body.version).toBe(2);
    // The request changed the policy only; the tickets wait for the runner.
    expect((await view(plain.id)).sla.resolveDueAt).toBe(plus(created, 4 * HOUR));
    await runner.runOnce();
    expect((await view(plain.id)).sla.resolveDueAt).toBe(plus(created, 4 * HOUR));

    clock.advance(6);
    await runner.runOnce();
    expect((await view(plain.id)).sla.resolveDueAt).toBe(plus(created, 2 * HOUR));
    // The hour on hold is derived from the events again, so the new target keeps it.
    expect((await view(held.id)).sla.resolveDueAt).toBe(plus(created, 3 * HOUR));
    expect(await pendingTimers(app, t.tenant.id, held.id)).toEqual([{ kind: 'sla.breach', key: 'resolve', runAt: plus(created, 3 * HOUR) }]);
    const recomputed = (await eventsOf(app, t, plain.id)).filter((event) => event.type === 'sla_recomputed');
    expect(recomputed).toHaveLength(1);
    expect(recomputed[0].data).toMatchObject({ policyVersion: 2, after: { resolveDueAt: plus(created, 2 * HOUR) } });
  });

  it('applied twice before the runner gets to it ends with the last one, even when the last only renames', async () => {
    const policy = await createPolicy(app, t, { name: '两次修改', position: 0, match: { types: ['consultation'] }, responseSeconds: HOUR, resolveSeconds: 4 * HOUR });
    const created = clock.now();
    const ticket = await report({ description: '咨询：备件价格', type: 'consultation' });
    const patch = (body: object) => app.request('PATCH', `${POLICIES}/${policy.id}`, { token: t.admin.token, body });
    expect((await patch({ resolveSeconds: 3 * HOUR })).status).toBe(200);
    expect((await patch({ resolveSeconds: 2 * HOUR })).status).toBe(200);
    expect((await patch({ name: '两次修改（改名）' })).status).toBe(200);
    clock.advance(6);
    await runner.runOnce();
    clock.advance(6);
    await runner.runOnce();
    expect((await view(ticket.id)).sla).toMatchObject({ resolveDueAt: plus(created, 2 * HOUR), resolveRemainingSeconds: 2 * HOUR - 12 });
    const versions = (await eventsOf(app, t, ticket.id)).filter((event) => event.type === 'sla_recomputed').map((event) => event.data.policyVersion);
    expect(versions).toEqual([4]);
  });
});

describe('GET /tickets/{id}/sla', () => {
  it('is for whoever may see the ticket, and 404 for anyone else or another tenant', async () => {
    const ticket = await report({ description: '电梯困人', priority: 'P2' });
    const own = await slaOf(ticket.id, t.requester.token);
    expect(own.status).toBe(200);
    expect(own.body).toMatchObject({ ticketId: ticket.id, policy: { id: p2.id, name: 'P2 7×24' }, clocks: { response: { targetSeconds: 900 } } });
    expect((await slaOf(ticket.id, t.requester2.token)).status).toBe(404);
    expect((await slaOf(ticket.id, t.engineer2.token)).status).toBe(404);
    const stranger = await createTenant(app);
    expect((await slaOf(ticket.id, stranger.admin.token)).status).toBe(404);
  });
});

describe('a business calendar', () => {
  it('counts a week with the National Day holidays and a make-up Saturday', async () => {
    const { body: calendar } = await app.request('POST', CALENDARS, {
      token: t.admin.token, body: { name: '工作日', week: Object.fromEntries([1, 2, 3, 4, 5].map((day) => [day, [{ start: '09:00', end: '18:00' }]])) },
    });
    const { body: imported } = await app.request('POST', `${CALENDARS}/${calendar.id}/china-holidays`, { token: t.admin.token, body: { years: [2026] } });
    await createPolicy(app, t, { name: 'IT 工作日', position: 0, match: { types: ['it_incident'] }, calendarId: calendar.id, responseSeconds: 2 * HOUR, resolveSeconds: 27 * HOUR });

    clock.set('2026-09-30T09:30:00Z'); // Wednesday 17:30, the eve of the National Day week
    const eve = await report({ description: '邮件服务器宕机', type: 'it_incident' });
    // Half an hour on 9/30, nothing from 10/1 to 10/7, then 10/8 from 09:00.
    expect(eve.sla.responseDueAt).toBe('2026-10-08T02:30:00.000Z');

    clock.set('2026-10-09T09:00:00Z'); // Friday 17:00
    const friday = await report({ description: 'VPN 无法连接', type: 'it_incident' });
    // 17:00–18:00, then Saturday 10/10 is a make-up workday: due at 10:00 that Saturday.
    expect(friday.sla.responseDueAt).toBe('2026-10-10T02:00:00.000Z');
    // 27 h: 1 h Friday, 9 h the make-up Saturday, 9 h Monday, 8 h Tuesday until 17:00.
    expect(friday.sla.resolveDueAt).toBe('2026-10-13T09:00:00.000Z');

    // A day off added to the calendar moves the deadlines counted on it, in the background.
    const changed = await app.request('PATCH', `${CALENDARS}/${calendar.id}`, { token: t.admin.token, body: { holidays: [...imported.holidays, '2026-10-12'] } });
    expect(changed.status).toBe(200);
    expect((await view(friday.id)).sla.resolveDueAt).toBe('2026-10-13T09:00:00.000Z');
    clock.advance(6);
    await runner.runOnce();
    expect((await view(friday.id)).sla.resolveDueAt).toBe('2026-10-14T09:00:00.000Z');
  });
});
