/**
 * Dispatch over time, with the runner and a manual clock: automatic assignment, offers to
 * several engineers where the first accept wins, re-dispatch when nobody accepts in time or
 * someone declines, and the "dispatch failed" queue with its alert when nobody is left.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ManualClock } from '../../src/platform/clock.ts';
import type { Runner } from '../../src/platform/runner/index.ts';
import type { TestApp } from '../support/app.ts';
import { createTenant } from '../support/factories.ts';
import { startRunnerTestApp } from '../support/runner-app.ts';
import {
  MIDDLE, NEAR, SUZHOU, act, engineer, eventsOf, hydraulics, noticesOf, report, ticketOf, typeWithDispatch, withoutDuplicateGuard,
} from './dispatch-support.ts';

let clock: ManualClock;
let app: TestApp;
let runner: Runner;

beforeAll(async () => {
  ({ clock, app, runner } = await startRunnerTestApp('2026-11-24T02:00:00Z', 'dispatch-test'));
});
afterAll(() => app.close());

/** A tenant whose only fit engineers are three hydraulics engineers, 5, 20 and 84 km from the tickets. */
async function crew() {
  const t = await createTenant(app);
  await withoutDuplicateGuard(app, t);
  const near = await engineer(app, t, '张近', { skills: [hydraulics(3)], location: NEAR });
  const middle = await engineer(app, t, '李中', { skills: [hydraulics(3)], location: MIDDLE });
  const far = await engineer(app, t, '王远', { skills: [hydraulics(3)], location: SUZHOU });
  return { t, near, middle, far };
}
type Crew = Awaited<ReturnType<typeof crew>>;

const hydraulicsWork = { requiredSkills: [{ key: 'hydraulics', minLevel: 1 }] };
const decisionsOf = async (c: Crew, id: string) =>
  (await app.request('GET', `/api/v1/tickets/${id}/dispatch-decisions`, { token: c.t.dispatcher.token })).body.items;

describe('automatic dispatch', () => {
  it('assigns a new ticket of an auto type to the best engineer after a runner pass, and tells them', async () => {
    const c = await crew();
    const type = await typeWithDispatch(app, c.t, { mode: 'auto', ...hydraulicsWork });
    const ticket = await report(app, c.t, type);
    expect(ticket.status).toBe('new');
    await runner.runOnce();
    const dispatched = await ticketOf(app, c.t, ticket.id);
    expect(dispatched).toMatchObject({ status: 'dispatched', assigneeId: c.near.id, offeredTo: [], dispatchFailure: null });
    const notices = await noticesOf(app, c.t, ticket.id);
    expect(notices).toContainEqual(expect.objectContaining({
      userId: c.near.id, template: 'ticket.assigned', data: expect.objectContaining({ number: dispatched.number, dueAt: '2026-11-24T02:30:00.000Z' }),
    }));
    const [decision] = await decisionsOf(c, ticket.id);
    expect(decision).toMatchObject({ mode: 'auto', trigger: 'auto', actorId: null, chosen: [c.near.id], eligibleCount: 3 });
  });

  it('leaves a ticket of a propose type for the dispatcher', async () => {
    const c = await crew();
    const type = await typeWithDispatch(app, c.t, hydraulicsWork);
    const ticket = await report(app, c.t, type);
    await runner.runOnce();
    expect((await ticketOf(app, c.t, ticket.id)).status).toBe('new');
  });
});

describe('offers to several engineers at once', () => {
  it('offers to the best N; the first to accept takes it and the others\' offers are withdrawn', async () => {
    const c = await crew();
    const type = await typeWithDispatch(app, c.t, { mode: 'offer', offerCount: 2, ...hydraulicsWork });
    const ticket = await report(app, c.t, type);
    await runner.runOnce();
    expect(await ticketOf(app, c.t, ticket.id)).toMatchObject({ status: 'dispatched', assigneeId: null, offeredTo: [c.near.id, c.middle.id] });
    const offered = (await noticesOf(app, c.t, ticket.id)).filter((notice) => notice.template === 'ticket.offered');
    expect(offered.map((notice) => notice.userId).sort()).toEqual([c.near.id, c.middle.id].sort());
    expect(offered[0].data.offeredTo).toBe(2);
    // Those offered see the ticket; the one not offered does not.
    expect((await app.request('GET', `/api/v1/tickets/${ticket.id}`, { token: c.middle.token })).status).toBe(200);
    expect((await app.request('GET', `/api/v1/tickets/${ticket.id}`, { token: c.far.token })).status).toBe(404);

    const accepted = await act(app, c.middle.token, ticket.id, 'accept');
    expect(accepted.status).toBe(200);
    expect(accepted.body).toMatchObject({ status: 'accepted', assigneeId: c.middle.id, offeredTo: [] });
    const late = await act(app, c.near.token, ticket.id, 'accept');
    expect(late.status).toBe(409);
    expect((await ticketOf(app, c.t, ticket.id)).assigneeId).toBe(c.middle.id);
    expect(await noticesOf(app, c.t, ticket.id)).toContainEqual(expect.objectContaining({ userId: c.near.id, template: 'ticket.offer_withdrawn' }));
    const accept = (await eventsOf(app, c.t, ticket.id)).find((event) => event.type === 'accepted');
    expect(accept?.data.withdrawnFrom).toEqual([c.near.id]);
  });

  it('gives one of two simultaneous accepts 200 and refuses the other, leaving one assignee', async () => {
    const c = await crew();
    const type = await typeWithDispatch(app, c.t, { mode: 'offer', offerCount: 3, ...hydraulicsWork });
    for (let round = 0; round < 3; round++) {
      const ticket = await report(app, c.t, type);
      await runner.runOnce();
      const answers = await Promise.all([c.near, c.far].map((person) => act(app, person.token, ticket.id, 'accept')));
      // The loser waited on the ticket's row lock and then found it taken.
      const [first, second] = answers.map((answer) => answer.status).sort();
      expect(first).toBe(200);
      expect(second).toBe(409);
      const winner = answers.find((answer) => answer.status === 200)!.body.assigneeId;
      expect(await ticketOf(app, c.t, ticket.id)).toMatchObject({ status: 'accepted', assigneeId: winner, offeredTo: [] });
      expect((await eventsOf(app, c.t, ticket.id)).filter((event) => event.type === 'accepted')).toHaveLength(1);
    }
  });
});

describe('re-dispatch', () => {
  it('offers the ticket to the next engineer when nobody accepts in time, tells the dispatcher, and fires once', async () => {
    const c = await crew();
    const type = await typeWithDispatch(app, c.t, { mode: 'auto', acceptLimitSeconds: 60, ...hydraulicsWork });
    const ticket = await report(app, c.t, type);
    await runner.runOnce();
    clock.advance(59);
    await runner.runOnce();
    expect((await ticketOf(app, c.t, ticket.id)).assigneeId).toBe(c.near.id);

    clock.advance(2);
    await runner.runOnce();
    const moved = await ticketOf(app, c.t, ticket.id);
    expect(moved).toMatchObject({ status: 'dispatched', assigneeId: c.middle.id });
    expect((await eventsOf(app, c.t, ticket.id)).find((event) => event.type === 'offer_expired')?.data.userIds).toEqual([c.near.id]);
    const notices = await noticesOf(app, c.t, ticket.id);
    expect(notices).toContainEqual(expect.objectContaining({
      userId: c.t.dispatcher.id, template: 'ticket.redispatched',
      data: expect.objectContaining({ reason: '张近 未在规定时间内接单', assigneeName: '李中' }),
    }));
    expect(notices).toContainEqual(expect.objectContaining({ userId: c.near.id, template: 'ticket.offer_withdrawn' }));
    expect((await act(app, c.near.token, ticket.id, 'accept')).status).toBe(409);
    const [latest] = await decisionsOf(c, ticket.id);
    expect(latest).toMatchObject({ trigger: 'accept_timeout', chosen: [c.middle.id] });
    expect(latest.candidates).toContainEqual(expect.objectContaining({ userId: c.near.id, excludedBecause: 'not_accepted' }));

    // The timer has fired: running the runner again changes nothing.
    await runner.runOnce();
    expect((await ticketOf(app, c.t, ticket.id)).version).toBe(moved.version);
    expect((await eventsOf(app, c.t, ticket.id)).filter((event) => event.type === 'offer_expired')).toHaveLength(1);
  });

  it('re-dispatches at once after a decline, whatever the mode', async () => {
    const c = await crew();
    const type = await typeWithDispatch(app, c.t, hydraulicsWork);
    const ticket = await report(app, c.t, type);
    expect((await act(app, c.t.dispatcher.token, ticket.id, 'dispatch', { assigneeId: c.far.id })).status).toBe(200);
    const declined = await act(app, c.far.token, ticket.id, 'decline', { reason: '在外地出差' });
    expect(declined.body.status).toBe('new');
    await runner.runOnce();
    expect(await ticketOf(app, c.t, ticket.id)).toMatchObject({ status: 'dispatched', assigneeId: c.near.id });
    expect(await noticesOf(app, c.t, ticket.id)).toContainEqual(expect.objectContaining({
      userId: c.t.dispatcher.id, template: 'ticket.redispatched', data: expect.objectContaining({ reason: '王远 拒单：在外地出差' }),
    }));
    const [latest] = await decisionsOf(c, ticket.id);
    expect(latest).toMatchObject({ mode: 'propose', trigger: 'declined', chosen: [c.near.id] });
    expect(latest.candidates).toContainEqual(expect.objectContaining({ userId: c.far.id, excludedBecause: 'declined' }));
  });

  it('lets a dispatcher\'s own choice lapse to the engine\'s next candidate', async () => {
    const c = await crew();
    const type = await typeWithDispatch(app, c.t, { acceptLimitSeconds: 120, ...hydraulicsWork });
    const ticket = await report(app, c.t, type);
    await act(app, c.t.dispatcher.token, ticket.id, 'dispatch', { assigneeId: c.near.id });
    clock.advance(121);
    await runner.runOnce();
    expect(await ticketOf(app, c.t, ticket.id)).toMatchObject({ status: 'dispatched', assigneeId: c.middle.id });
  });

  it('withdraws the timer when the ticket is accepted or re-dispatched by hand', async () => {
    const c = await crew();
    const type = await typeWithDispatch(app, c.t, { mode: 'auto', acceptLimitSeconds: 60, ...hydraulicsWork });
    const accepted = await report(app, c.t, type);
    const handed = await report(app, c.t, type);
    await runner.runOnce();
    await act(app, c.near.token, accepted.id, 'accept');
    await act(app, c.t.dispatcher.token, handed.id, 'dispatch', { assigneeId: c.far.id });
    const timers = await sql<{ dedupe_key: string }>`
      SELECT dedupe_key FROM due_work WHERE tenant_id = ${c.t.tenant.id} AND kind = 'dispatch.accept_timeout' AND status = 'pending'`.execute(app.ctx.db);
    expect(timers.rows.map((row) => row.dedupe_key)).toEqual([`${handed.id}:2`]);
    clock.advance(61);
    await runner.runOnce();
    expect(await ticketOf(app, c.t, accepted.id)).toMatchObject({ status: 'accepted', assigneeId: c.near.id });
    expect((await ticketOf(app, c.t, handed.id)).assigneeId).not.toBe(c.far.id);
  });
});

describe('when nobody can take the ticket', () => {
  it('puts it in the dispatch-failed queue and alerts the dispatchers, urgently for P1; it is never silently new', async () => {
    const c = await crew();
    const type = await typeWithDispatch(app, c.t, { mode: 'auto', requiredSkills: [{ key: 'plc', minLevel: 1 }] });
    const ticket = await report(app, c.t, type, { priority: 'P1' });
    await runner.runOnce();
    const failed = await ticketOf(app, c.t, ticket.id);
    expect(failed).toMatchObject({ status: 'new', assigneeId: null, dispatchFailure: { at: clock.now().toISOString() } });
    expect(failed.dispatchFailure.reason).toMatch(/无可派工程师.*缺少技能 plc/);
    const queue = await app.request('GET', '/api/v1/tickets?dispatchFailed=true', { token: c.t.dispatcher.token });
    expect(queue.body.items.map((item: { id: string }) => item.id)).toEqual([ticket.id]);
    expect((await eventsOf(app, c.t, ticket.id)).map((event) => event.type)).toContain('dispatch_failed');
    expect(await noticesOf(app, c.t, ticket.id)).toContainEqual(expect.objectContaining({
      userId: c.t.dispatcher.id, template: 'dispatch.failed', urgent: true,
    }));

    // A dispatcher who finds someone takes it out of the queue.
    await act(app, c.t.dispatcher.token, ticket.id, 'dispatch', { assigneeId: c.near.id });
    expect((await ticketOf(app, c.t, ticket.id)).dispatchFailure).toBeNull();
    expect((await app.request('GET', '/api/v1/tickets?dispatchFailed=true', { token: c.t.dispatcher.token })).body.items).toEqual([]);
  });

  it('fails only after every candidate let the offer lapse, counting them in the alert', async () => {
    const c = await crew();
    const type = await typeWithDispatch(app, c.t, { mode: 'offer', offerCount: 2, acceptLimitSeconds: 30, ...hydraulicsWork });
    const ticket = await report(app, c.t, type);
    await runner.runOnce();
    expect((await ticketOf(app, c.t, ticket.id)).offeredTo).toEqual([c.near.id, c.middle.id]);
    clock.advance(31);
    await runner.runOnce();
    expect((await ticketOf(app, c.t, ticket.id)).offeredTo).toEqual([c.far.id]);
    clock.advance(31);
    await runner.runOnce();
    expect(await ticketOf(app, c.t, ticket.id)).toMatchObject({ status: 'new', offeredTo: [], dispatchFailure: expect.objectContaining({ reason: expect.stringMatching(/超时未接单 3 人/) }) });
    const alert = (await noticesOf(app, c.t, ticket.id)).find((notice) => notice.template === 'dispatch.failed');
    expect(alert).toMatchObject({ userId: c.t.dispatcher.id, urgent: false, data: expect.objectContaining({ offeredTo: 3 }) });
    expect(alert!.body).toMatch(/已派给 3 人，均未接单/);
  });
});
