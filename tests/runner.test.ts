/**
 * The runner at scale, on PostgreSQL only (PGlite is one process): several runners sharing one
 * database run every job exactly once, a claim reads what is due and not what exists, and
 * `loopdesk runner` stops cleanly on SIGTERM. Each test works in a private database, so no other
 * test file's jobs are claimed here.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { sql } from 'kysely';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertTenant } from '../src/modules/directory/index.ts';
import { systemClock } from '../src/platform/clock.ts';
import { openDatabase, type Database } from '../src/platform/db/connect.ts';
import { createRunner } from '../src/platform/runner/runner.ts';
import { claimStatement, schedule } from '../src/platform/runner/sql.ts';
import { createPrivatePostgres, type PrivatePostgres } from '../src/platform/runner/testing.ts';
import type { JobHandler } from '../src/platform/runner/types.ts';

const url = process.env.TEST_DATABASE_URL;
const silent = pino({ level: 'silent' });
const sleep = (milliseconds: number) => new Promise((resolve) => setTimeout(resolve, milliseconds));

let server: PrivatePostgres;
const opened: Database[] = [];
const open = async (poolSize = 4) => {
  const database = await openDatabase({ databaseUrl: server.url, poolSize });
  opened.push(database);
  return database;
};

beforeAll(async () => {
  if (url) server = await createPrivatePostgres(url);
});
afterAll(async () => {
  for (const database of opened) await database.close();
  await server?.drop();
});

describe.skipIf(!url)('runners sharing one PostgreSQL', () => {
  it('run each of 2,000 jobs exactly once across three runner processes', async () => {
    const JOBS = 2000;
    const setup = await open();
    await sql`CREATE TABLE runner_effects (job_id uuid PRIMARY KEY, worker text NOT NULL)`.execute(setup.db);
    const tenantId = (await insertTenant(setup.db, { slug: 'many-runners', name: '多进程测试', now: new Date() })).id;
    const start = Date.now();
    await setup.db.transaction().execute(async (trx) => {
      for (let i = 0; i < JOBS; i++) {
        const runAt = new Date(start + Math.floor((i * 2000) / JOBS)); // spread over 2 s
        await schedule(trx, { tenantId, kind: 'test.effect', payload: { n: i }, runAt, now: new Date(start) });
      }
    });

    const invocations = new Map<string, number>();
    const effect: JobHandler = async (ctx, job) => {
      invocations.set(job.id, (invocations.get(job.id) ?? 0) + 1);
      await ctx.db.transaction().execute(async (trx) => {
        await sql`INSERT INTO runner_effects (job_id, worker) VALUES (${job.id}, ${ctx.workerId})`.execute(trx);
        await ctx.complete(trx, job);
      });
    };
    // Separate pools, as three processes would have.
    const runners = await Promise.all(['runner-1', 'runner-2', 'runner-3'].map(async (workerId) => {
      const database = await open();
      return createRunner({
        ctx: { db: database.db, clock: systemClock, log: silent }, workerId,
        handlers: new Map([['test.effect', effect]]), pollIntervalMs: 20, batchSize: 20, leaseSeconds: 60,
      });
    }));
    for (const runner of runners) runner.start();

    const done = async () => (await sql<{ count: number }>`SELECT count(*)::int AS count FROM due_work WHERE status = 'done'`.execute(setup.db)).rows[0].count;
    for (let waited = 0; waited < 20_000 && (await done()) < JOBS; waited += 100) await sleep(100);
    await Promise.all(runners.map((runner) => runner.stop()));

    const statuses = await sql<{ status: string; attempts: number; count: number }>`
      SELECT status, attempts, count(*)::int AS count FROM due_work GROUP BY status, attempts`.execute(setup.db);
    expect(statuses.rows).toEqual([{ status: 'done', attempts: 1, count: JOBS }]);
    const effects = await sql<{ worker: string; count: number }>`
      SELECT worker, count(*)::int AS count FROM runner_effects GROUP BY worker ORDER BY worker`.execute(setup.db);
    expect(effects.rows.reduce((sum, row) => sum + row.count, 0)).toBe(JOBS);
    expect(effects.rows.map((row) => row.worker)).toEqual(['runner-1', 'runner-2', 'runner-3']); // all of them shared the work
    const lost = await sql<{ count: number }>`
      SELECT count(*)::int AS count FROM due_work WHERE NOT EXISTS (SELECT 1 FROM runner_effects WHERE job_id = due_work.id)`.execute(setup.db);
    expect(lost.rows[0].count).toBe(0);
    expect(invocations.size).toBe(JOBS);
    expect([...invocations.values()].every((count) => count === 1)).toBe(true);
  });

  it('claims by an index lookup on what is due: many future rows and a backlog cost no more than the batch', async () => {
    const database = await open();
    const tenantId = (await insertTenant(database.db, { slug: 'claim-plan', name: '索引测试', now: new Date() })).id;
    const now = new Date('2026-11-24T02:00:00Z');
    // 50,000 timers in the future and 50,000 done jobs: what exists, not what is due.
    await sql`
      INSERT INTO due_work (tenant_id, id, kind, run_at, status, attempts, created_at, updated_at, done_at)
      SELECT ${tenantId}::uuid, gen_random_uuid(), 'test.future', ${now}::timestamptz + i * interval '1 minute',
             'pending', 0, ${now}::timestamptz, ${now}::timestamptz, NULL
      FROM generate_series(1, 50000) AS i
      UNION ALL
      SELECT ${tenantId}::uuid, gen_random_uuid(), 'test.past', ${now}::timestamptz - i * interval '1 minute',
             'done', 1, ${now}::timestamptz, ${now}::timestamptz, ${now}::timestamptz
      FROM generate_series(1, 50000) AS i`.execute(database.db);
    await sql`ANALYZE due_work`.execute(database.db);

    // EXPLAIN ANALYZE runs the claim, which shows the rows each index scan really read.
    const plan = async (at: Date) => {
      const statement = claimStatement({ workerId: 'explain', now: at, leaseSeconds: 60, batchSize: 10 });
      const result = await sql<{ 'QUERY PLAN': string }>`EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF) ${statement}`.execute(database.db);
      return result.rows.map((row) => row['QUERY PLAN']).join('\n');
    };
    const indexLines = (text: string) => text.split('\n').filter((line) => /Index Scan using due_work_(pending|leases)/.test(line));

    const nothingDue = await plan(now);
    expect(nothingDue).not.toMatch(/Seq Scan on due_work/);
    expect(indexLines(nothingDue)).toHaveLength(2);
    for (const line of indexLines(nothingDue)) expect(line).toMatch(/actual rows=0 /);

    // A backlog: 1,000 of the future rows are due now. The claim still reads one batch of them.
    const backlog = await plan(new Date(now.getTime() + 1000 * 60_000));
    expect(backlog).not.toMatch(/Seq Scan on due_work/);
    expect(indexLines(backlog)[0]).toMatch(/Index Scan using due_work_pending .*actual rows=10 /);
  });

  it('`loopdesk runner` does the daily cleanup, and on SIGTERM finishes, closes and exits 0', async () => {
    const database = await open();
    const tenantId = (await insertTenant(database.db, { slug: 'cli-runner', name: '命令行测试', now: new Date() })).id;
    const child = spawn(process.execPath, [path.resolve('bin/loopdesk.js'), 'runner'], {
      env: { ...process.env, DATABASE_URL: server.url, LOG_LEVEL: 'info' },
    });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    try {
      const cleanups = async () => (await sql<{ status: string }>`
        SELECT status FROM due_work WHERE tenant_id = ${tenantId} AND kind = 'runner.cleanup' ORDER BY id`.execute(database.db)).rows;
      for (let waited = 0; waited < 20_000 && (await cleanups()).length < 2; waited += 100) await sleep(100);
      expect(await cleanups()).toEqual([{ status: 'done' }, { status: 'pending' }]); // ran today, comes back tomorrow
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
    expect(output).toContain('runner started');
    expect(output).toContain('runner stopped');
  });
});
