import { sql } from 'kysely';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../../../tests/support/database.ts';
import { insertTenant } from '../../modules/directory/index.ts';
import { ManualClock } from '../clock.ts';
import type { Ctx } from '../context.ts';
import type { Database } from '../db/connect.ts';
import { CLEANUP_BATCH, RUNNER_CLEANUP, cleanupHandler, scheduleCleanupForEveryTenant } from './cleanup.ts';
import { createRunner } from './runner.ts';
import { listJobs, schedule } from './sql.ts';
import { openRunnerTestDatabase } from './testing.ts';

let database: Database;
let ctx: Ctx;
const clock = new ManualClock('2026-11-24T02:00:00Z');
let tenantId: string;
let neighbourId: string;
const DAY = 24 * 3600;

const runner = () => createRunner({
  ctx, workerId: 'worker-cleanup', handlers: new Map([[RUNNER_CLEANUP, cleanupHandler], ['test.noop', async () => undefined]]),
});
const jobsOf = async (tenant: string, kind?: string) => listJobs(database.db, tenant, { kind, limit: 10_000 });

beforeAll(async () => {
  database = await openRunnerTestDatabase(openTestDatabase);
  ctx = { db: database.db, clock, log: pino({ level: 'silent' }) };
  tenantId = (await insertTenant(database.db, { slug: 'cleanup-a', name: '甲公司', now: clock.now() })).id;
  neighbourId = (await insertTenant(database.db, { slug: 'cleanup-b', name: '乙公司', now: clock.now() })).id;
});
afterAll(() => database.close());

describe('the daily cleanup of background jobs', () => {
  it('deletes a tenant\'s jobs done more than 7 days ago, keeps the rest, and comes back the next day', async () => {
    for (const tenant of [tenantId, tenantId, neighbourId]) {
      await schedule(database.db, { tenantId: tenant, kind: 'test.noop', payload: {}, runAt: clock.now(), now: clock.now() });
    }
    await runner().runOnce(); // done on day 0
    clock.advance(8 * DAY);
    const recent = await schedule(database.db, { tenantId, kind: 'test.noop', payload: {}, runAt: clock.now(), now: clock.now() });
    const waiting = await schedule(database.db, { tenantId, kind: 'test.noop', payload: {}, runAt: new Date('2027-01-01'), now: clock.now() });
    await runner().runOnce(); // done on day 8

    expect(await scheduleCleanupForEveryTenant(database.db, clock.now())).toBe(2);
    expect(await scheduleCleanupForEveryTenant(database.db, clock.now())).toBe(0);
    await sql`DELETE FROM due_work WHERE tenant_id = ${neighbourId} AND kind = ${RUNNER_CLEANUP}`.execute(database.db);
    await runner().runOnce();

    const left = await jobsOf(tenantId, 'test.noop');
    expect(left.map((job) => job.id).sort()).toEqual([recent.id, waiting.id].sort());
    expect(await jobsOf(neighbourId, 'test.noop')).toHaveLength(1); // another tenant's cleanup is its own
    const cleanups = await jobsOf(tenantId, RUNNER_CLEANUP);
    expect(cleanups.map((job) => job.status).sort()).toEqual(['done', 'pending']);
    expect(cleanups.find((job) => job.status === 'pending')!.runAt).toEqual(new Date(clock.now().getTime() + DAY * 1000));
  });

  it('deletes in batches, and runs again at once while more is left', async () => {
    await sql`
      INSERT INTO due_work (tenant_id, id, kind, run_at, status, attempts, created_at, updated_at, done_at)
      SELECT ${neighbourId}, gen_random_uuid(), 'test.noop', ${clock.now()}, 'done', 1, ${clock.now()}, ${clock.now()}, ${clock.now()}
      FROM generate_series(1, ${CLEANUP_BATCH + 3})`.execute(database.db);
    clock.advance(8 * DAY);
    await scheduleCleanupForEveryTenant(database.db, clock.now());

    await runner().runOnce();
    expect(await jobsOf(neighbourId, 'test.noop')).toHaveLength(4); // 5,004 old ones, less one batch
    const next = (await jobsOf(neighbourId, RUNNER_CLEANUP)).find((job) => job.status === 'pending')!;
    expect(next.runAt).toEqual(clock.now());

    await runner().runOnce();
    expect(await jobsOf(neighbourId, 'test.noop')).toHaveLength(0);
  });
});
