/**
 * The escalation ladder end to end, in real time with a real runner: a P1 policy with a 6-second
 * response target and steps 1, 2 and 3 seconds after creation. Each step fires in order and
 * once, keeps its delay snapshot, notifies its people, and the last opens a linked escalation
 * ticket; the breach follows after 6 seconds, once.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRunner, type Runner } from '../../src/platform/runner/index.ts';
import { openRunnerTestDatabase } from '../../src/platform/runner/testing.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { openTestDatabase } from '../support/database.ts';
import { createTenant, type TestTenant } from '../support/factories.ts';
import { clearPolicies, createPolicy, eventsOf, notificationsOf } from './sla-support.ts';

let app: TestApp;
let t: TestTenant;
let runners: Runner[];

beforeAll(async () => {
  app = await startTestApp({ database: await openRunnerTestDatabase(openTestDatabase) });
  t = await createTenant(app);
  await clearPolicies(app, t);
  // The engineers' unit is managed by the manager: the engineer's manager chain.
  const unit = await app.request('PATCH', `/api/v1/org-units/${t.companyId}`, { token: t.admin.token, body: { managerId: t.manager.id } });
  expect(unit.status).toBe(200);
  // Two runners share the database, as two processes would: every step still fires once.
  runners = ['sla-e2e-1', 'sla-e2e-2'].map((workerId) =>
    createRunner({ ctx: app.ctx, handlers: app.services.domain.handlers, workerId, pollIntervalMs: 50 }));
});
afterAll(async () => {
  await Promise.all(runners.map((runner) => runner.stop()));
  await app.close();
  await app.database.close();
});

const sleep = (milliseconds: number) => new Promise((resolve) => setTimeout(resolve, milliseconds));

async function escalationsOf(ticketId: string) {
  const rows = await sql<{ step_key: string; fired_at: Date; actions: { ok: boolean; result: string }[]; snapshot: any }>`
    SELECT step_key, fired_at, actions, snapshot FROM sla_escalations
    WHERE tenant_id = ${t.tenant.id} AND ticket_id = ${ticketId} ORDER BY fired_at, step_key`.execute(app.ctx.db);
  return rows.rows;
}

describe('an escalation ladder with second-scale targets', () => {
  it('fires its steps in order, once each, then records the breach once', async () => {
    await createPolicy(app, t, {
      name: '秒级演练', position: 0, match: { priorities: ['P1'] }, responseSeconds: 6, resolveSeconds: 600,
      ladder: [
        { key: 'remind', name: '提醒处理人', clock: 'response', offsetSeconds: -5, actions: [{ type: 'notify', to: { assignee: true } }] },
        { key: 'manager', name: '通知主管', clock: 'response', offsetSeconds: -4, actions: [{ type: 'notify', to: { managerChain: true } }] },
        { key: 'cross_team', name: '跨团队升级', clock: 'response', offsetSeconds: -3,
          actions: [{ type: 'notify', to: { role: 'manager' } }, { type: 'open_linked_ticket' }] },
      ],
    });
    for (const runner of runners) runner.start();
    const created = await app.request('POST', '/api/v1/tickets', { token: t.requester.token, body: { description: '产线急停，三号线全线停机', priority: 'P1' } });
    expect(created.status).toBe(201);
    const ticket = created.body;
    const createdAt = new Date(ticket.createdAt).getTime();
    await app.request('POST', `/api/v1/tickets/${ticket.id}/actions/dispatch`, { token: t.dispatcher.token, body: { assigneeId: t.engineer.id } });

    const breached = async () => (await eventsOf(app, t, ticket.id)).some((event) => event.type === 'sla_breached');
    for (let waited = 0; waited < 20_000 && !(await breached()); waited += 200) await sleep(200);
    // A few more passes find nothing left to fire.
    await sleep(500);
    await Promise.all(runners.map((runner) => runner.stop()));

    const fired = await escalationsOf(ticket.id);
    expect(fired.map((row) => row.step_key)).toEqual(['remind', 'manager', 'cross_team']);
    fired.forEach((row, index) => {
      expect(row.fired_at.getTime() - createdAt).toBeGreaterThanOrEqual((index + 1) * 1000);
      expect(row.actions.every((action) => action.ok)).toBe(true);
    });

    const events = await eventsOf(app, t, ticket.id);
    const escalated = events.filter((event) => event.type === 'escalated');
    expect(escalated.map((event) => event.data.stepKey)).toEqual(['remind', 'manager', 'cross_team']);
    const breaches = events.filter((event) => event.type === 'sla_breached');
    expect(breaches).toHaveLength(1);
    expect(new Date(breaches[0].at).getTime() - createdAt).toBeGreaterThanOrEqual(6000);
    expect(breaches[0].data).toMatchObject({ clock: 'response', dueAt: ticket.sla.responseDueAt });
    expect(events.map((event) => event.type).indexOf('sla_breached')).toBeGreaterThan(events.map((event) => event.type).lastIndexOf('escalated'));

    const linked = await app.ctx.db.selectFrom('tickets').select(['id', 'channel', 'priority', 'title', 'description'])
      .where('tenant_id', '=', t.tenant.id).where('origin_ticket_id', '=', ticket.id).execute();
    expect(linked).toHaveLength(1);
    expect(linked[0]).toMatchObject({ channel: 'escalation', priority: 'P1' });
    expect(linked[0].title).toBe('【SLA升级】产线急停，三号线全线停机（跨团队升级）');
    expect(linked[0].description).toContain(`原工单 ${ticket.number}：产线急停，三号线全线停机`);
    expect(escalated[2].data.actions[1]).toMatchObject({ ok: true, ticketId: linked[0].id });

    expect(await notificationsOf(app, t.tenant.id, ticket.id)).toEqual([
      expect.objectContaining({ userId: t.engineer.id, template: 'sla.reminder', urgent: true }),
      expect.objectContaining({ userId: t.manager.id, template: 'sla.escalated' }),
      expect.objectContaining({ userId: t.manager.id, template: 'sla.escalated' }),
      expect.objectContaining({ userId: t.engineer.id, template: 'sla.breached' }),
    ]);

    // The last step's snapshot: who was offered the ticket and when, and the chain up to it.
    const snapshot = fired[2].snapshot;
    expect(snapshot.offers).toEqual([{ userId: t.engineer.id, event: 'dispatched', at: expect.any(String) }]);
    expect(snapshot.events.map((event: { type: string }) => event.type)).toEqual(expect.arrayContaining(['created', 'dispatched', 'escalated']));
    expect(snapshot.events.filter((event: { type: string }) => event.type === 'escalated')).toHaveLength(2);
    expect(snapshot.clocks.response).toMatchObject({ targetSeconds: 6, breached: false });

    const view = await app.request('GET', `/api/v1/tickets/${ticket.id}/sla`, { token: t.dispatcher.token });
    expect(view.body.ladder.map((step: { key: string; firedAt: string | null }) => [step.key, !!step.firedAt]))
      .toEqual([['remind', true], ['manager', true], ['cross_team', true]]);
    expect(view.body.ladder[2].snapshot.offers).toHaveLength(1);
    const requesterView = await app.request('GET', `/api/v1/tickets/${ticket.id}/sla`, { token: t.requester.token });
    expect(requesterView.body.ladder[2]).not.toHaveProperty('snapshot');
    expect(requesterView.body.ladder[2]).not.toHaveProperty('results');
    expect(requesterView.body.ladder[2].firedAt).toBe(view.body.ladder[2].firedAt);
  });
});
