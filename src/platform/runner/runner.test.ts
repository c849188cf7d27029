import { sql } from 'kysely';
import { pino } from 'pino';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../../../tests/support/database.ts';
import { insertTenant } from '../../modules/directory/index.ts';
import { ManualClock } from '../clock.ts';
import type { Ctx } from '../context.ts';
import type { Database } from '../db/connect.ts';
import { createRunner, type Runner } from './runner.ts';
import { cancel, claim, completeJob, getJob, schedule } from './sql.ts';
import { openRunnerTestDatabase } from './testing.ts';
import { DeadLetterError, LeaseLostError, type JobHandlers } from './types.ts';

let database: Database;
let ctx: Ctx;
let clock: ManualClock;
let tenantId: string;
let runner: Runner;
const calls: string[] = [];
let gate: Promise<void> = Promise.resolve();

/** The handlers' one database effect, written in the same transaction as the completion. */
const effects = async () => (await sql<{ job_id: string; worker: string }>`SELECT job_id, worker FROM runner_test_effects`.execute(database.db)).rows;
const lostLeases: string[] = [];

const handlers: JobHandlers = new Map([
  ['test.record', async (jobCtx, job) => {
    calls.push(job.id);
    await jobCtx.db.transaction().execute(async (trx) => {
      await sql`INSERT INTO runner_test_effects (job_id, worker) VALUES (${job.id}, ${jobCtx.workerId})`.execute(trx);
      await jobCtx.complete(trx, job);
    });
  }],
  ['test.slow_record', async (jobCtx, job) => {
    calls.push(job.id);
    // The first worker dawdles (outside any transaction) until the test lets it go.
    if (calls.filter((call) => call === job.id).length === 1) await gate;
    try {
      await jobCtx.db.transaction().execute(async (trx) => {
        await sql`INSERT INTO runner_test_effects (job_id, worker) VALUES (${job.id}, ${jobCtx.workerId})`.execute(trx);
        await jobCtx.complete(trx, job);
      });
    } catch (error) {
      if (error instanceof LeaseLostError) lostLeases.push(job.id);
      throw error;
    }
  }],
  ['test.write_then_throw', async (jobCtx, job) => {
    calls.push(job.id);
    await jobCtx.db.transaction().execute(async (trx) => {
      await sql`INSERT INTO runner_test_effects (job_id, worker) VALUES (${job.id}, ${jobCtx.workerId})`.execute(trx);
      await jobCtx.complete(trx, job);
      throw new Error('收件方拒收');
    });
  }],
  ['test.fail', async (_jobCtx, job) => {
    calls.push(job.id);
    throw new Error('接收方无响应');
  }],
  ['test.give_up', async () => {
    throw new DeadLetterError('Payload version 9 is unknown.');
  }],
  ['test.wait', async (_jobCtx, job) => {
    calls.push(job.id);
    await gate;
  }],
]);

const later = (seconds: number) => new Date(clock.now().getTime() + seconds * 1000);
const job = async (id: string) => (await getJob(database.db, tenantId, id))!;
const add = (kind: string, options: { in?: number; dedupeKey?: string; maxAttempts?: number } = {}) =>
  schedule(database.db, {
    tenantId, kind, payload: { ticket: 'WO-20261124-0001' }, runAt: later(options.in ?? 0), now: clock.now(),
    dedupeKey: options.dedupeKey, maxAttempts: options.maxAttempts,
  });

beforeAll(async () => {
  database = await openRunnerTestDatabase(openTestDatabase);
  clock = new ManualClock('2026-11-24T02:00:00Z');
  ctx = { db: database.db, clock, log: pino({ level: 'silent' }) };
  await sql`CREATE TABLE runner_test_effects (job_id uuid, worker text, PRIMARY KEY (job_id, worker))`.execute(database.db);
  tenantId = (await insertTenant(database.db, { slug: 'runner-test', name: '测试租户', now: clock.now() })).id;
});
afterAll(() => database.close());

beforeEach(async () => {
  calls.length = 0;
  lostLeases.length = 0;
  // Every test starts with nothing due, so one test's leftovers cannot run in another.
  await sql`DELETE FROM due_work`.execute(database.db);
  await sql`DELETE FROM runner_test_effects`.execute(database.db);
  runner = createRunner({ ctx, handlers, workerId: 'worker-a', random: () => 1, leaseSeconds: 60 });
});

describe('the runner', () => {
  it('does not run a job before its time, and runs it once after the clock passes it', async () => {
    const { id } = await add('test.record', { in: 60 });
    expect(await runner.runOnce()).toBe(0);
    clock.advance(59);
    expect(await runner.runOnce()).toBe(0);
    expect(calls).toEqual([]);

    clock.advance(1);
    expect(await runner.runOnce()).toBe(1);
    clock.advance(3600);
    expect(await runner.runOnce()).toBe(0);
    expect(calls).toEqual([id]);
    expect(await effects()).toEqual([{ job_id: id, worker: 'worker-a' }]);
    const done = await job(id);
    expect(done).toMatchObject({ status: 'done', attempts: 1, lockedBy: 'worker-a', lockedUntil: null });
    expect(done.doneAt).toEqual(later(-3600));
  });

  it('retries a failing handler with exponential backoff and leaves it dead with its last error', async () => {
    const { id } = await add('test.fail', { maxAttempts: 3 });
    await runner.runOnce();
    expect(await job(id)).toMatchObject({ status: 'pending', attempts: 1, lastError: '接收方无响应', runAt: later(5) });
    expect(await runner.runOnce()).toBe(0); // not again before its backoff

    clock.advance(5);
    await runner.runOnce();
    expect(await job(id)).toMatchObject({ status: 'pending', attempts: 2, runAt: later(10) });

    clock.advance(10);
    await runner.runOnce();
    expect(await job(id)).toMatchObject({ status: 'dead', attempts: 3, lastError: '接收方无响应', lockedUntil: null });
    clock.advance(24 * 3600);
    expect(await runner.runOnce()).toBe(0);
    expect(calls).toEqual([id, id, id]);
  });

  it('commits a handler\'s database write together with the completion: a handler that throws after its write leaves no write', async () => {
    const failing = await add('test.write_then_throw');
    const succeeding = await add('test.record');
    await runner.runOnce();
    expect(await effects()).toEqual([{ job_id: succeeding.id, worker: 'worker-a' }]);
    expect(await job(failing.id)).toMatchObject({ status: 'pending', attempts: 1, lastError: '收件方拒收', doneAt: null });
    expect(await job(succeeding.id)).toMatchObject({ status: 'done' });
  });

  it('schedules a timer with a dedupe key once until it is done, and cancels it', async () => {
    const first = await add('test.record', { in: 600, dedupeKey: 'ticket-1' });
    const again = await add('test.record', { in: 60, dedupeKey: 'ticket-1' });
    const other = await add('test.record', { in: 60, dedupeKey: 'ticket-2' });
    expect(first.created).toBe(true);
    expect(again).toEqual({ id: first.id, created: false });
    expect(other.created).toBe(true);
    expect((await job(first.id)).runAt).toEqual(later(600));

    expect(await cancel(database.db, tenantId, 'test.record', 'ticket-2')).toBe(1);
    expect(await cancel(database.db, tenantId, 'test.record', 'ticket-2')).toBe(0);
    clock.advance(600);
    expect(await runner.runOnce()).toBe(1);
    expect(calls).toEqual([first.id]);

    const next = await add('test.record', { dedupeKey: 'ticket-1' });
    expect(next.created).toBe(true);
    expect(next.id).not.toBe(first.id);
  });

  it('sends a job of an unknown kind dead at once, with an error that names the kind', async () => {
    const { id } = await add('test.nobody_handles_this');
    await runner.runOnce();
    const dead = await job(id);
    expect(dead).toMatchObject({ status: 'dead', attempts: 1 });
    expect(dead.lastError).toContain('No handler for the job kind "test.nobody_handles_this"');
  });

  it('sends a job dead at once when its handler says retrying cannot help', async () => {
    const { id } = await add('test.give_up');
    await runner.runOnce();
    expect(await job(id)).toMatchObject({ status: 'dead', attempts: 1, lastError: 'Payload version 9 is unknown.' });
  });

  it('takes over a job when the lease of the worker that claimed it runs out; the late worker cannot complete it', async () => {
    const { id } = await add('test.record');
    const [abandoned] = await claim(database.db, { workerId: 'crashed-worker', now: clock.now(), leaseSeconds: 60, batchSize: 10 });
    expect(abandoned).toMatchObject({ id, status: 'running', lockedBy: 'crashed-worker', attempts: 1 });
    expect(await runner.runOnce()).toBe(0); // still leased

    clock.advance(61);
    expect(await runner.runOnce()).toBe(1);
    const done = await job(id);
    expect(done).toMatchObject({ status: 'done', attempts: 2, lockedBy: 'worker-a' });
    expect(done.lastError).toContain('The lease of crashed-worker expired');
    expect(await completeJob(database.db, abandoned, clock.now())).toBe(false);
  });

  it('rolls back the write of a slow worker that finishes after another took its job over', async () => {
    let open!: () => void;
    gate = new Promise((resolve) => (open = resolve));
    const { id } = await add('test.slow_record');
    const slow = createRunner({ ctx, handlers, workerId: 'worker-slow', leaseSeconds: 60 });
    const slowRun = slow.runOnce();
    for (let i = 0; i < 200 && calls.length === 0; i++) await new Promise((resolve) => setTimeout(resolve, 5));

    clock.advance(61);
    expect(await runner.runOnce()).toBe(1);
    open();
    await slowRun;
    expect(lostLeases).toEqual([id]);
    expect(await effects()).toEqual([{ job_id: id, worker: 'worker-a' }]);
    expect(await job(id)).toMatchObject({ status: 'done', lockedBy: 'worker-a', attempts: 2 });
  });

  it('sends a job dead when its worker died during the last attempt', async () => {
    const { id } = await add('test.record', { maxAttempts: 1 });
    await claim(database.db, { workerId: 'crashed-worker', now: clock.now(), leaseSeconds: 60, batchSize: 10 });
    clock.advance(61);
    await runner.runOnce();
    const dead = await job(id);
    expect(dead).toMatchObject({ status: 'dead', attempts: 2 });
    expect(dead.lastError).toMatch(/lease of crashed-worker expired.*All 1 attempts are used/);
    expect(calls).toEqual([]);
  });

  it('runs due jobs from its loop, and on stop finishes the job in flight before it resolves', async () => {
    let open!: () => void;
    gate = new Promise((resolve) => (open = resolve));
    const { id } = await add('test.wait');
    const looping = createRunner({ ctx, handlers, workerId: 'worker-loop', pollIntervalMs: 10 });
    looping.start();
    for (let i = 0; i < 200 && calls.length === 0; i++) await new Promise((resolve) => setTimeout(resolve, 10));
    expect(calls).toEqual([id]);

    let stopped = false;
    const stopping = looping.stop().then(() => (stopped = true));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(stopped).toBe(false);
    expect((await job(id)).status).toBe('running');
    open();
    await stopping;
    expect(await job(id)).toMatchObject({ status: 'done', lockedBy: 'worker-loop' });

    await add('test.record');
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(calls).toEqual([id]); // a stopped runner claims nothing more
  });
});

