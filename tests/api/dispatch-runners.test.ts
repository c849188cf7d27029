/**
 * Several runners at once, racing engineers who accept while timers fire: every accept timer
 * acts once, no job dies, and every ticket ends with one assignee or in the dispatch-failed
 * queue, never both and never neither. (The lead's test does the same with three processes and
 * 2,000 tickets on PostgreSQL; this one runs in one process on both databases.)
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/platform/clock.ts';
import type { Database } from '../../src/platform/db/connect.ts';
import { openRunnerTestDatabase } from '../../src/platform/runner/testing.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { openTestDatabase } from '../support/database.ts';
import { createTenant } from '../support/factories.ts';
import { MIDDLE, NEAR, SUZHOU, act, engineer, hydraulics, runnerOf, typeWithDispatch, withoutDuplicateGuard } from './dispatch-support.ts';

const TICKETS = 60;
const clock = new ManualClock('2026-11-24T02:00:00Z');
let database: Database;
let app: TestApp;

beforeAll(async () => {
  database = await openRunnerTestDatabase(openTestDatabase);
  app = await startTestApp({ clock, database });
});
afterAll(async () => {
  await app.close();
  await database.close();
});

describe('dispatch with several runners', () => {
  it('fires each accept timer once and leaves every ticket with one assignee or in the failed queue', async () => {
    const t = await createTenant(app);
    await withoutDuplicateGuard(app, t);
    const crew: { token: string }[] = [];
    for (const [n, place] of [NEAR, MIDDLE, SUZHOU, NEAR, MIDDLE].entries()) {
      crew.push(await engineer(app, t, `工程师${n + 1}`, { skills: [hydraulics(3)], location: place }));
    }
    const type = await typeWithDispatch(app, t, { mode: 'offer', offerCount: 2, acceptLimitSeconds: 10, requiredSkills: [{ key: 'hydraulics', minLevel: 1 }] });
    const ids: string[] = [];
    for (let n = 0; n < TICKETS; n++) {
      const created = await app.request('POST', '/api/v1/tickets', { token: t.requester.token, body: { description: `冲压机液压站压力不稳 ${n}`, type } });
      ids.push(created.body.id);
    }
    const runners = [1, 2, 3].map((n) => runnerOf(app, `runner-${n}`));
    const accepts: Promise<{ status: number }>[] = [];
    for (let step = 0; step < 5; step++) {
      // Some engineers accept what they were offered while the runners work the timers.
      const racing = ids.filter((_, n) => (n + step) % 7 === 0).map((id) => act(app, crew[(step * 3) % crew.length].token, id, 'accept'));
      accepts.push(...racing);
      await Promise.all([...runners.map((runner) => runner.runOnce()), ...racing]);
      clock.advance(11);
    }
    await Promise.all(runners.map((runner) => runner.runOnce()));
    const answers = await Promise.all(accepts);
    // 200: taken; 409: someone else took it, or it moved on; 404: it was never offered to them.
    expect(answers.every((answer) => [200, 404, 409].includes(answer.status))).toBe(true);

    const db = app.ctx.db;
    const dead = await sql<{ kind: string }>`SELECT kind FROM due_work WHERE tenant_id = ${t.tenant.id} AND status = 'dead'`.execute(db);
    expect(dead.rows).toEqual([]);
    const waiting = await sql<{ kind: string }>`
      SELECT kind FROM due_work WHERE tenant_id = ${t.tenant.id} AND kind LIKE 'dispatch.%' AND status <> 'done' AND run_at <= ${clock.now()}`.execute(db);
    expect(waiting.rows).toEqual([]);
    const expiredTwice = await sql`
      SELECT ticket_id FROM ticket_events WHERE tenant_id = ${t.tenant.id} AND type = 'offer_expired'
      GROUP BY ticket_id, data->>'dispatchNumber' HAVING count(*) > 1`.execute(db);
    expect(expiredTwice.rows).toEqual([]);

    const tickets = await sql<{ id: string; status: string; assignee_id: string | null; offered_to: string[]; failed: boolean; accepts: number; accepter: string | null }>`
      SELECT k.id, k.status, k.assignee_id, k.offered_to, k.dispatch_failed_at IS NOT NULL AS failed,
             (SELECT count(*)::int FROM ticket_events e WHERE e.tenant_id = k.tenant_id AND e.ticket_id = k.id AND e.type = 'accepted') AS accepts,
             (SELECT e.actor_id FROM ticket_events e WHERE e.tenant_id = k.tenant_id AND e.ticket_id = k.id AND e.type = 'accepted' LIMIT 1) AS accepter
      FROM tickets k WHERE k.tenant_id = ${t.tenant.id}`.execute(db);
    expect(tickets.rows).toHaveLength(TICKETS);
    for (const ticket of tickets.rows) {
      if (ticket.status === 'accepted') {
        expect(ticket).toMatchObject({ accepts: 1, assignee_id: ticket.accepter, offered_to: [], failed: false });
      } else {
        // Five engineers, two per offer, ten seconds each: nobody left after the third round.
        expect(ticket).toMatchObject({ status: 'new', assignee_id: null, offered_to: [], failed: true, accepts: 0 });
      }
    }
    expect(tickets.rows.some((ticket) => ticket.status === 'accepted')).toBe(true);
    expect(tickets.rows.some((ticket) => ticket.failed)).toBe(true);
  });
});
