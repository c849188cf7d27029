/**
 * Ladder steps with a manual clock: skipped once answered, delayed by a hold, each action's
 * outcome recorded (reassign, raise the priority, notify by user or role), fired once even when
 * two jobs ask for the same step; and the default SLA a tenant starts with.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/platform/clock.ts';
import { AppError } from '../../src/platform/errors.ts';
import { createRunner, schedule, type Runner } from '../../src/platform/runner/index.ts';
import { openRunnerTestDatabase } from '../../src/platform/runner/testing.ts';
import { installDefaultSla } from '../../src/modules/sla/index.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { openTestDatabase } from '../support/database.ts';
import { createTenant, type TestTenant } from '../support/factories.ts';
import { CALENDARS, POLICIES, clearPolicies, createPolicy, eventsOf, notificationsOf, pendingTimers, plus } from './sla-support.ts';

const HOUR = 3600;
const clock = new ManualClock('2026-03-10T01:00:00Z');
let app: TestApp;
let t: TestTenant;
let runner: Runner;

beforeAll(async () => {
  app = await startTestApp({ clock, database: await openRunnerTestDatabase(openTestDatabase) });
  t = await createTenant(app);
  await clearPolicies(app, t);
  runner = createRunner({ ctx: app.ctx, handlers: app.services.domain.handlers });
});
afterAll(async () => {
  await app.close();
  await app.database.close();
});

const report = async (body: Record<string, unknown>) => (await app.request('POST', '/api/v1/tickets', { token: t.requester.token, body })).body;
const act = async (id: string, action: string, token: string, body: Record<string, unknown> = {}) => {
  const response = await app.request('POST', `/api/v1/tickets/${id}/actions/${action}`, { token, body });
  if (response.status !== 200) throw new Error(`${action}: ${JSON.stringify(response.body)}`);
  return response.body;
};
const ticketOf = async (id: string) => (await app.request('GET', `/api/v1/tickets/${id}`, { token: t.dispatcher.token })).body;
const escalated = async (id: string) => (await eventsOf(app, t, id)).filter((event) => event.type === 'escalated');
/** Moves the clock and lets the runner do whatever came due. */
async function after(seconds: number) {
  clock.advance(seconds);
  await runner.runOnce();
}

describe('a response step', () => {
  it('is skipped once someone responded', async () => {
    await createPolicy(app, t, {
      name: '响应提醒', position: 0, match: { types: ['repair'] }, responseSeconds: 900, resolveSeconds: 8 * HOUR,
      ladder: [{ key: 'remind', name: '提醒', clock: 'response', offsetSeconds: -300, actions: [{ type: 'notify', to: { assignee: true } }] }],
    });
    const created = clock.now();
    const ticket = await report({ description: '数控车床报警 2040' });
    expect(await pendingTimers(app, t.tenant.id, ticket.id)).toContainEqual({ kind: 'sla.escalate', key: 'step:remind', runAt: plus(created, 600) });
    await act(ticket.id, 'dispatch', t.dispatcher.token, { assigneeId: t.engineer.id });
    await after(60);
    await act(ticket.id, 'accept', t.engineer.token);
    expect((await pendingTimers(app, t.tenant.id, ticket.id)).map((timer) => timer.key)).toEqual(['resolve']);
    await after(HOUR);
    expect(await escalated(ticket.id)).toEqual([]);
    expect(await notificationsOf(app, t.tenant.id, ticket.id)).toEqual([]);
  });
});

describe('a resolve step', () => {
  it('waits out a hold: it fires when the clock, not the wall, reaches it', async () => {
    await createPolicy(app, t, {
      name: '解决提醒', position: 0, match: { types: ['maintenance'] }, responseSeconds: 900, resolveSeconds: HOUR,
      ladder: [{ key: 'nearly', name: '即将超时', clock: 'resolve', offsetSeconds: -600, actions: [{ type: 'notify', to: { userId: t.expert.id } }] }],
    });
    const created = clock.now();
    const ticket = await report({ description: '季度保养：空压机', type: 'maintenance' });
    await act(ticket.id, 'dispatch', t.dispatcher.token, { assigneeId: t.engineer.id });
    await act(ticket.id, 'accept', t.engineer.token);
    await act(ticket.id, 'start', t.engineer.token);
    await after(1000);
    await act(ticket.id, 'hold', t.engineer.token, { reason: '等厂家配件' });
    await after(HOUR);
    expect(await escalated(ticket.id)).toEqual([]);
    await act(ticket.id, 'resume', t.engineer.token);
    const due = plus(created, 3000 + HOUR);
    expect(await pendingTimers(app, t.tenant.id, ticket.id)).toContainEqual({ kind: 'sla.escalate', key: 'step:nearly', runAt: due });

    await after(1999);
    expect(await escalated(ticket.id)).toEqual([]);
    await after(1);
    const fired = await escalated(ticket.id);
    expect(fired).toHaveLength(1);
    expect(fired[0].at).toBe(due);
    expect(fired[0].data.actions).toEqual([expect.objectContaining({ ok: true, userIds: [t.expert.id] })]);
    expect(await notificationsOf(app, t.tenant.id, ticket.id)).toEqual([expect.objectContaining({ userId: t.expert.id, template: 'sla.escalated' })]);
  });
});

describe('ladder actions', () => {
  it('reassign through the dispatch engine and raise the priority, recording what each did', async () => {
    await createPolicy(app, t, {
      name: '改派', position: 0, match: { types: ['it_incident'] }, responseSeconds: 600, resolveSeconds: 4 * HOUR,
      ladder: [{ key: 'move_on', name: '改派并提级', clock: 'response', offsetSeconds: -300, actions: [{ type: 'reassign' }, { type: 'raise_priority' }] }],
    });
    app.services.domain.hooks.setDispatchChooser(async () => ({ assigneeId: t.engineer2.id }));
    const ticket = await report({ description: '打印服务器无响应', type: 'it_incident', priority: 'P3' });
    await act(ticket.id, 'dispatch', t.dispatcher.token, { assigneeId: t.engineer.id });
    await after(300);

    const moved = await ticketOf(ticket.id);
    expect(moved).toMatchObject({ assigneeId: t.engineer2.id, priority: 'P2', status: 'dispatched' });
    // The raised priority keeps the policy whose ladder is running.
    expect(moved.sla.policyId).toBe(ticket.sla.policyId);
    const [step] = await escalated(ticket.id);
    expect(step.data.actions).toEqual([
      expect.objectContaining({ action: { type: 'reassign' }, ok: true, userIds: [t.engineer2.id] }),
      expect.objectContaining({ action: { type: 'raise_priority' }, ok: true, result: expect.stringContaining('P3') }),
    ]);
    const raised = (await eventsOf(app, t, ticket.id)).find((event) => event.type === 'priority_raised');
    expect(raised?.data).toMatchObject({ before: { priority: 'P3' }, after: { priority: 'P2' }, stepKey: 'move_on' });
  });

  it('record a reassign nobody can take, and go on with the other actions', async () => {
    await createPolicy(app, t, {
      name: '改派失败', position: 0, match: { types: ['parts_request'] }, responseSeconds: 600, resolveSeconds: 4 * HOUR,
      ladder: [{ key: 'move_on', name: '改派', clock: 'response', offsetSeconds: -300,
        actions: [{ type: 'reassign' }, { type: 'notify', to: { managerChain: true } }, { type: 'raise_priority' }] }],
    });
    app.services.domain.hooks.setDispatchChooser(async () => {
      throw new AppError('business_rule', '没有符合条件的工程师。');
    });
    const ticket = await report({ description: '申请更换伺服电机', type: 'parts_request', priority: 'P1' });
    await after(300);
    const [step] = await escalated(ticket.id);
    expect(step.data.actions).toEqual([
      expect.objectContaining({ ok: false, result: '没有符合条件的工程师。' }),
      // Nobody is on the ticket yet, so the people who run the queue hear of it.
      expect.objectContaining({ ok: true, userIds: [t.dispatcher.id] }),
      expect.objectContaining({ ok: false, result: expect.stringContaining('P1') }),
    ]);
    expect((await ticketOf(ticket.id)).status).toBe('new');
  });
});

describe('a step', () => {
  it('fires once even when two jobs ask for it', async () => {
    const policy = await createPolicy(app, t, {
      name: '一次', position: 0, match: { types: ['consultation'] }, responseSeconds: 600, resolveSeconds: HOUR,
      ladder: [{ key: 'once', name: '只一次', clock: 'response', offsetSeconds: -300, actions: [{ type: 'notify', to: { role: 'manager' } }] }],
    });
    const ticket = await report({ description: '咨询：保修期', type: 'consultation' });
    // A second job for the same step, as a stale runner or a re-computation might leave.
    await schedule(app.ctx.db, {
      tenantId: t.tenant.id, kind: 'sla.escalate', payload: { ticketId: ticket.id, policyId: policy.id, stepKey: 'once' },
      runAt: new Date(plus(clock.now(), 300)), now: clock.now(),
    });
    await after(300);
    await after(60);
    expect(await escalated(ticket.id)).toHaveLength(1);
    expect(await notificationsOf(app, t.tenant.id, ticket.id)).toEqual([expect.objectContaining({ userId: t.manager.id, template: 'sla.escalated' })]);
    const done = await app.ctx.db.selectFrom('due_work').select(['status']).where('tenant_id', '=', t.tenant.id)
      .where('kind', '=', 'sla.escalate').where('payload', '@>', JSON.stringify({ ticketId: ticket.id }) as never).execute();
    expect(done.map((row) => row.status)).toEqual(['done', 'done']);
  });
});

describe('the default SLA', () => {
  it('gives a tenant a weekday calendar with China\'s holidays, a 7×24 one and policies by priority, once', async () => {
    const fresh = await createTenant(app);
    await installDefaultSla(app.ctx.db, fresh.tenant.id, clock.now());
    await installDefaultSla(app.ctx.db, fresh.tenant.id, clock.now());
    const calendars = (await app.request('GET', CALENDARS, { token: fresh.admin.token })).body.items;
    expect(calendars.map((calendar: { name: string }) => calendar.name)).toEqual(['工作日 (周一至周五 09:00-18:00，含法定节假日与调休)', '7×24']);
    expect(calendars[0].holidays).toContain('2026-10-01');
    expect(calendars[0].workdays).toContain('2026-10-10');
    const policies = (await app.request('GET', POLICIES, { token: fresh.admin.token })).body.items;
    expect(policies).toHaveLength(6);
    expect(policies[0]).toMatchObject({ match: { tiers: ['platinum'], priorities: ['P1'] }, calendarId: calendars[1].id });
    const p1 = policies.find((policy: { name: string }) => policy.name === 'P1 紧急');
    expect(p1).toMatchObject({ responseSeconds: 900, resolveSeconds: 4 * HOUR, calendarId: calendars[1].id });
    expect(p1.ladder.map((step: { offsetSeconds: number }) => step.offsetSeconds)).toEqual([-780, -600, -300]);
    expect(p1.ladder[2].actions).toEqual([{ type: 'notify', to: { role: 'manager' } }, { type: 'open_linked_ticket' }]);

    const platinum = (await app.request('POST', '/api/v1/customers', { token: fresh.admin.token, body: { name: '白金客户', tier: 'platinum' } })).body;
    const report = async (body: Record<string, unknown>) => (await app.request('POST', '/api/v1/tickets', { token: fresh.dispatcher.token, body })).body;
    const vip = await report({ description: '白金客户产线停机', priority: 'P1', customerId: platinum.id });
    expect(vip.sla).toMatchObject({ policyId: policies[0].id, responseRemainingSeconds: 600 });
    const plain = await report({ description: '包装车间封箱机卡纸', priority: 'P1' });
    expect(plain.sla).toMatchObject({ policyId: p1.id, responseRemainingSeconds: 900 });
    // Tuesday 09:00 in Shanghai: a P3 ticket's 4 working hours end at 13:00 the same day.
    clock.set('2026-03-17T01:00:00Z');
    const routine = await report({ description: '办公楼空调更换过滤网', priority: 'P3' });
    expect(routine.sla.responseDueAt).toBe('2026-03-17T05:00:00.000Z');
  });
});
