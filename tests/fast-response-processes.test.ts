/**
 * The multi-process test, on PostgreSQL only (PGlite is one process): three
 * `loopdesk runner` processes share one database while 2,000 tickets run short SLA clocks, a
 * ladder step, auto-dispatch and accept timeouts, and engineers race to accept offers. Every
 * timer fires exactly once, and no ticket ever has two assignees. The test works in a private
 * database, so no other test file's jobs are claimed here.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../src/platform/db/connect.ts';
import { createPrivatePostgres, type PrivatePostgres } from '../src/platform/runner/testing.ts';
import { startTestApp, type TestApp } from './support/app.ts';
import { addUser, createTenant, type TestTenant, type TestUser } from './support/factories.ts';

const url = process.env.TEST_DATABASE_URL;
const TICKETS = 2000;
const OFFERED = 40;
const RESPONSE_SECONDS = 4;
const RESOLVE_SECONDS = 8;
const ACCEPT_LIMIT_SECONDS = 10;
const sleep = (milliseconds: number) => new Promise((resolve) => setTimeout(resolve, milliseconds));

let server: PrivatePostgres;
let database: Database;
let app: TestApp;
let t: TestTenant;
const engineers: TestUser[] = [];
const runners: ChildProcess[] = [];

beforeAll(async () => {
  if (!url) return;
  server = await createPrivatePostgres(url);
  database = await openDatabase({ databaseUrl: server.url, poolSize: 8 });
  app = await startTestApp({ database });
  t = await createTenant(app);
  // One requester reports 2,000 similar faults here: keep the duplicate guard from merging them.
  await sql`UPDATE tenants SET settings = settings || '{"duplicateWindowSeconds": 0}'::jsonb WHERE id = ${t.tenant.id}`.execute(database.db);
  for (let n = 0; n < 12; n++) {
    engineers.push(await addUser(app, t.tenant.id, {
      roles: ['engineer'], name: `多进程工程师${n}`, orgUnitId: t.companyId, location: { lat: 31.2 + n / 100, lng: 121.4 },
    }));
  }
}, 60_000);

afterAll(async () => {
  for (const child of runners) child.kill('SIGKILL');
  await app?.close();
  await database?.close();
  await server?.drop();
});

function startRunner(): ChildProcess {
  const child = spawn(process.execPath, [path.resolve('bin/loopdesk.js'), 'runner'], {
    env: { ...process.env, DATABASE_URL: server.url, LOG_LEVEL: 'warn' }, stdio: ['ignore', 'ignore', 'pipe'],
  });
  child.stderr!.on('data', () => undefined);
  runners.push(child);
  return child;
}

const stopped = (child: ChildProcess) => new Promise<void>((resolve) => {
  if (child.exitCode !== null) resolve();
  else child.once('exit', () => resolve());
});

async function countEvents(type: string): Promise<number> {
  const result = await sql<{ n: number }>`
    SELECT count(*)::int AS n FROM ticket_events WHERE tenant_id = ${t.tenant.id} AND type = ${type}`.execute(database.db);
  return result.rows[0].n;
}

describe.skipIf(!url)('three runner processes and 2,000 tickets with short timers', () => {
  it('fire every timer exactly once and never give a ticket two assignees', async () => {
    const admin = t.admin.token;
    // Short clocks on 7×24 for every ticket, with one ladder step a second after creation.
    const policy = await app.request('POST', '/api/v1/admin/sla/policies', { token: admin, body: {
      name: '多进程测试', position: 0, responseSeconds: RESPONSE_SECONDS, resolveSeconds: RESOLVE_SECONDS, calendarId: null,
      ladder: [{ key: 'remind', name: '提醒', clock: 'response', offsetSeconds: 1 - RESPONSE_SECONDS, actions: [{ type: 'notify', to: { role: 'dispatcher' } }] }],
    } });
    expect(policy.status).toBe(201);
    // repair tickets are assigned automatically; emergencies are offered to two engineers at once.
    for (const [key, mode] of [['repair', 'auto'], ['emergency', 'offer']] as const) {
      const config = await app.request('PUT', `/api/v1/ticket-types/${key}/dispatch`, { token: admin, body: {
        mode, offerCount: 2, acceptLimitSeconds: ACCEPT_LIMIT_SECONDS, requiredSkills: [], certificates: [],
      } });
      expect(config.status).toBe(200);
    }

    const processes = [startRunner(), startRunner(), startRunner()];
    const ids: string[] = [];
    for (let i = 0; i < TICKETS; i++) {
      const type = i >= TICKETS - OFFERED ? 'emergency' : 'repair';
      const created = await app.request('POST', '/api/v1/tickets', { token: t.dispatcher.token, body: {
        description: `多进程测试第 ${i} 号：${i % 2 ? '液压站' : '主轴'}报警 ${i}`, type, priority: 'P2', requesterId: t.requester.id,
      } });
      expect(created.status).toBe(201);
      ids.push(created.body.id);
    }

    // Engineers race for the offered emergencies (created last, so their offers are fresh):
    // every offered engineer accepts at once.
    const accepts = { won: 0, refused: 0, other: [] as number[] };
    for (const id of ids.slice(TICKETS - OFFERED)) {
      let offeredTo: string[] = [];
      for (let wait = 0; wait < 100 && offeredTo.length < 2; wait++) {
        const ticket = await app.request('GET', `/api/v1/tickets/${id}`, { token: t.dispatcher.token });
        if (ticket.body.status !== 'dispatched' && ticket.body.status !== 'new') break;
        offeredTo = ticket.body.offeredTo;
        if (offeredTo.length < 2) await sleep(100);
      }
      const racing = engineers.filter((engineer) => offeredTo.includes(engineer.id));
      const answers = await Promise.all(racing.map((engineer) =>
        app.request('POST', `/api/v1/tickets/${id}/actions/accept`, { token: engineer.token, body: {} })));
      for (const answer of answers) {
        if (answer.status === 200) accepts.won++;
        // 409: someone else took it first, or it moved on to others.
        else if (answer.status === 409) accepts.refused++;
        else accepts.other.push(answer.status);
      }
    }
    expect(accepts.other).toEqual([]);
    expect(accepts.won).toBeGreaterThan(0);

    // Wait until every clock has run out and been reported, then a little longer for strays.
    for (let wait = 0; wait < 240; wait++) {
      if (await countEvents('sla_breached') >= 2 * TICKETS - OFFERED && await countEvents('escalated') >= TICKETS - OFFERED) break;
      await sleep(500);
    }
    await sleep(ACCEPT_LIMIT_SECONDS * 1000 + 1000);
    for (const child of processes) child.kill('SIGTERM');
    await Promise.all(processes.map(stopped));

    // Every timer fired once: one breach per ticket and clock, one escalation per ticket and step.
    const breaches = await sql<{ n: number }>`
      SELECT count(*)::int AS n FROM ticket_events WHERE tenant_id = ${t.tenant.id} AND type = 'sla_breached'
      GROUP BY ticket_id, data->>'clock' HAVING count(*) > 1`.execute(database.db);
    expect(breaches.rows).toEqual([]);
    const escalations = await sql<{ n: number }>`
      SELECT count(*)::int AS n FROM ticket_events WHERE tenant_id = ${t.tenant.id} AND type = 'escalated'
      GROUP BY ticket_id, data->>'stepKey' HAVING count(*) > 1`.execute(database.db);
    expect(escalations.rows).toEqual([]);
    // Accepted emergencies met their response clock; every other ticket breached both clocks.
    expect(await countEvents('sla_breached')).toBeGreaterThanOrEqual(2 * TICKETS - 2 * OFFERED);
    expect(await countEvents('escalated')).toBeGreaterThanOrEqual(TICKETS - OFFERED);
    // Each dispatch expired at most once, and nothing went dead.
    const expiries = await sql<{ n: number }>`
      SELECT count(*)::int AS n FROM ticket_events WHERE tenant_id = ${t.tenant.id} AND type = 'offer_expired'
      GROUP BY ticket_id, data->>'dispatchNumber' HAVING count(*) > 1`.execute(database.db);
    expect(expiries.rows).toEqual([]);
    const dead = await sql<{ kind: string; last_error: string }>`
      SELECT kind, last_error FROM due_work WHERE tenant_id = ${t.tenant.id} AND status = 'dead'`.execute(database.db);
    expect(dead.rows).toEqual([]);

    // One assignee at a time: replaying each ticket's events, nobody is dispatched or accepts
    // while someone else holds the ticket.
    const events = await sql<{ ticket_id: string; type: string; actor_id: string | null; data: Record<string, unknown> }>`
      SELECT ticket_id, type, actor_id, data FROM ticket_events WHERE tenant_id = ${t.tenant.id}
        AND type IN ('dispatched', 'accepted', 'declined', 'offer_expired', 'dispatch_failed')
      ORDER BY ticket_id, id`.execute(database.db);
    const holder = new Map<string, string | null>();
    const problems: string[] = [];
    for (const event of events.rows) {
      const current = holder.get(event.ticket_id) ?? null;
      if (event.type === 'accepted') {
        if (current && current !== event.actor_id) problems.push(`${event.ticket_id}: ${event.actor_id} accepted while ${current} held it`);
        holder.set(event.ticket_id, event.actor_id);
      } else if (event.type === 'dispatched') {
        if (current) problems.push(`${event.ticket_id}: dispatched again while ${current} held it`);
      } else {
        holder.set(event.ticket_id, null);
      }
    }
    expect(problems).toEqual([]);
    const doubled = await sql<{ id: string }>`
      SELECT id FROM tickets WHERE tenant_id = ${t.tenant.id} AND assignee_id IS NOT NULL AND cardinality(offered_to) > 0`.execute(database.db);
    expect(doubled.rows).toEqual([]);
  }, 300_000);
});
