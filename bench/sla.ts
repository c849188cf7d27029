/**
 * `npm run bench -- sla`: SLA timers at scale on PostgreSQL. The targets, with
 * 1,000,000 open tickets each holding its timers in due_work:
 *   - p99 lateness of fired timers under 1 s (lateness = when the handler starts − run_at);
 *   - a claim sweep at 1,000,000 open tickets costs within 1.5× of one at 10,000: the claim
 *     depends on what is due, not on what is open.
 * Both sizes are measured in one run on one throwaway server, the small one first, then the
 * same tables grown to the large size.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import pino from 'pino';
import { provisionTenant } from '../src/app/provision.ts';
import { systemClock } from '../src/platform/clock.ts';
import type { Flags } from '../src/platform/config.ts';
import type { Ctx } from '../src/platform/context.ts';
import { openDatabase, type Database } from '../src/platform/db/connect.ts';
import { migrate } from '../src/platform/db/migrate.ts';
import { createRunner, schedule, type JobHandler } from '../src/platform/runner/index.ts';
import { claim, completeJob } from '../src/platform/runner/sql.ts';
import { wholeFlag } from './lib/flags.ts';
import { startPostgres } from './lib/processes.ts';
import { describeMachine, markdownTable, writeResultsSection } from './lib/report.ts';
import { median, percentile } from './lib/stats.ts';

export const summary = 'SLA timers with 1,000,000 open tickets on PostgreSQL: p99 lateness (< 1 s) and claim cost vs 10,000 (≤ 1.5×)';
export const usage = `Options:
  --small N       open tickets in the first measurement (default 10000)
  --large N       open tickets in the second (default 1000000)
  --timers N      short timers fired per measurement for the lateness (default 3000)
  --spread S      seconds over which those timers fall due (default 15)
  --runners N     runner instances sharing the database (default 2)
  --sweeps N      claim sweeps timed per measurement (default 300)
  --no-record     print only, leave bench/RESULTS.md alone`;

const TARGET_LATENESS_P99_MS = 1000;
const TARGET_SWEEP_RATIO = 1.5;
const BENCH_TIMER = 'bench.timer';
const BENCH_SWEEP = 'bench.sweep';
const INSERT_CHUNK = 100_000;

interface Options {
  small: number;
  large: number;
  timers: number;
  spread: number;
  runners: number;
  sweeps: number;
  record: boolean;
}

interface Measurement {
  openTickets: number;
  pendingTimers: number;
  /** ms of one claim that finds its batch of 10 due rows, and of one that finds nothing due. */
  claimBusy: { median: number; p99: number };
  claimIdle: { median: number; p99: number };
  lateness: { median: number; p99: number; max: number; fired: number };
}

/**
 * Open tickets with their two SLA timers each (response and resolve), due between one day and
 * a month from now: what a busy service network holds. Written with set-based SQL in chunks.
 */
async function growOpenTickets(db: Database['db'], tenantId: string, from: number, to: number): Promise<void> {
  for (let start = from; start < to; start += INSERT_CHUNK) {
    const end = Math.min(to, start + INSERT_CHUNK);
    await sql`
      WITH opened AS (
        INSERT INTO tickets (tenant_id, id, number, type, status, priority, title, description, channel,
                             response_due_at, resolve_due_at, created_at, updated_at)
        SELECT ${tenantId}::uuid, gen_random_uuid(), 'WO-BENCH-' || n, 'repair',
               (ARRAY['new','dispatched','accepted','in_progress','on_hold'])[1 + n % 5],
               (ARRAY['P1','P2','P3','P4'])[1 + n % 4], '压力测试工单 ' || n, '压力测试：设备报警 ' || n, 'api',
               now() + interval '1 day' + (n % 2592000) * interval '1 second',
               now() + interval '3 days' + (n % 2592000) * interval '1 second', now(), now()
        FROM generate_series(${start}::int, ${end - 1}::int) AS n
        RETURNING tenant_id, id, response_due_at, resolve_due_at)
      INSERT INTO due_work (tenant_id, id, kind, payload, run_at, status, dedupe_key, created_at, updated_at)
      SELECT o.tenant_id, gen_random_uuid(), 'sla.breach', jsonb_build_object('ticketId', o.id, 'clock', c.clock),
             CASE c.clock WHEN 'response' THEN o.response_due_at ELSE o.resolve_due_at END, 'pending',
             o.id || ':' || c.clock, now(), now()
      FROM opened o CROSS JOIN (VALUES ('response'), ('resolve')) AS c(clock)`.execute(db);
    process.stdout.write(`\r  ${end.toLocaleString('en')} open tickets`);
  }
  process.stdout.write('\n');
  await sql`ANALYZE tickets`.execute(db);
  await sql`ANALYZE due_work`.execute(db);
}

/** Times single claims: `sweeps` that each find 10 due rows (then complete them), and `sweeps` that find none. */
async function timeClaims(ctx: Ctx, tenantId: string, sweeps: number): Promise<Pick<Measurement, 'claimBusy' | 'claimIdle'>> {
  const now = new Date();
  const batch = 10;
  for (let i = 0; i < sweeps * batch; i++) {
    await schedule(ctx.db, { tenantId, kind: BENCH_SWEEP, payload: {}, runAt: new Date(now.getTime() - 1000), now });
  }
  const busy: number[] = [];
  const idle: number[] = [];
  for (let i = 0; i < sweeps; i++) {
    const started = performance.now();
    const jobs = await claim(ctx.db, { workerId: 'bench', now: new Date(), leaseSeconds: 300, batchSize: batch });
    busy.push(performance.now() - started);
    for (const job of jobs) await completeJob(ctx.db, job, new Date());
  }
  for (let i = 0; i < sweeps; i++) {
    const started = performance.now();
    await claim(ctx.db, { workerId: 'bench', now: new Date(), leaseSeconds: 300, batchSize: batch });
    idle.push(performance.now() - started);
  }
  const summarize = (values: number[]) => {
    const sorted = [...values].sort((a, b) => a - b);
    return { median: median(values), p99: percentile(sorted, 99) };
  };
  return { claimBusy: summarize(busy), claimIdle: summarize(idle) };
}

/**
 * Schedules `timers` timers due over the next `spread` seconds, lets the runners fire them, and
 * records each one's lateness. The handler does what a real timer does at minimum: touch its
 * ticket and complete, in one transaction.
 */
async function timeLateness(ctx: Ctx, tenantId: string, options: Options): Promise<Measurement['lateness']> {
  const tickets = await sql<{ id: string }>`SELECT id FROM tickets WHERE tenant_id = ${tenantId} LIMIT ${options.timers}`.execute(ctx.db);
  const late: number[] = [];
  const handler: JobHandler = async (jobCtx, job) => {
    late.push(Date.now() - job.runAt.getTime());
    await jobCtx.db.transaction().execute(async (trx) => {
      await sql`UPDATE tickets SET updated_at = now() WHERE tenant_id = ${job.tenantId} AND id = ${job.payload.ticketId as string}`.execute(trx);
      await jobCtx.complete(trx, job);
    });
  };
  const start = Date.now() + 2000;
  const now = new Date();
  const values = tickets.rows.map((row, i) => ({
    tenant_id: tenantId, id: crypto.randomUUID(), kind: BENCH_TIMER, payload: JSON.stringify({ ticketId: row.id }),
    run_at: new Date(start + Math.floor((i / tickets.rows.length) * options.spread * 1000)), status: 'pending' as const,
    created_at: now, updated_at: now,
  }));
  for (let i = 0; i < values.length; i += 1000) await ctx.db.insertInto('due_work').values(values.slice(i, i + 1000)).execute();
  const runners = Array.from({ length: options.runners }, (_, n) =>
    createRunner({ ctx, handlers: new Map([[BENCH_TIMER, handler]]), workerId: `bench-${n}` }));
  for (const runner of runners) runner.start();
  const deadline = start + options.spread * 1000 + 60_000;
  while (late.length < values.length && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 200));
  await Promise.all(runners.map((runner) => runner.stop()));
  const sorted = [...late].sort((a, b) => a - b);
  return { median: median(late), p99: percentile(sorted, 99), max: sorted[sorted.length - 1] ?? NaN, fired: late.length };
}

async function measure(ctx: Ctx, tenantId: string, openTickets: number, options: Options): Promise<Measurement> {
  const counted = await sql<{ n: number }>`SELECT count(*)::int AS n FROM due_work WHERE status = 'pending'`.execute(ctx.db);
  console.log(`  timing claims at ${openTickets.toLocaleString('en')} open tickets`);
  const claims = await timeClaims(ctx, tenantId, options.sweeps);
  console.log(`  firing ${options.timers} timers over ${options.spread} s with ${options.runners} runners`);
  const lateness = await timeLateness(ctx, tenantId, options);
  return { openTickets, pendingTimers: counted.rows[0].n, ...claims, lateness };
}

const ms = (value: number) => (Number.isFinite(value) ? value.toFixed(value < 10 ? 2 : 0) : '–');

export async function run(flags: Flags): Promise<void> {
  const options: Options = {
    small: wholeFlag(flags, 'small', 10_000, 1), large: wholeFlag(flags, 'large', 1_000_000, 1),
    timers: wholeFlag(flags, 'timers', 3000, 1), spread: wholeFlag(flags, 'spread', 15, 1),
    runners: wholeFlag(flags, 'runners', 2, 1), sweeps: wholeFlag(flags, 'sweeps', 300, 10), record: flags.record !== false,
  };
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'loopdesk-bench-sla-'));
  fs.chmodSync(dir, 0o755); // the server runs as the postgres user, who must reach its directory
  const server = await startPostgres(path.join(dir, 'pg'));
  const database = await openDatabase({ databaseUrl: server.url, poolSize: 8 });
  try {
    await migrate(database.db);
    const ctx: Ctx = { db: database.db, clock: systemClock, log: pino({ level: 'warn' }) };
    const { tenant } = await provisionTenant(ctx, { slug: 'bench-sla', name: 'SLA 压测', adminEmail: 'admin@bench.test', adminPassword: 'bench password 1' });
    const results: Measurement[] = [];
    let open = 0;
    for (const size of [options.small, options.large]) {
      console.log(`growing to ${size.toLocaleString('en')} open tickets with 2 timers each`);
      await growOpenTickets(database.db, tenant.id, open, size);
      open = size;
      results.push(await measure(ctx, tenant.id, size, options));
    }
    report(results, options);
  } finally {
    await database.close();
    await server.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

function report(results: Measurement[], options: Options): void {
  const [small, large] = results;
  const busyRatio = large.claimBusy.median / small.claimBusy.median;
  const idleRatio = large.claimIdle.median / small.claimIdle.median;
  const table = markdownTable(
    ['open tickets', 'pending timers', 'claim of 10 due, median / p99 ms', 'claim with none due, median / p99 ms', 'timer lateness median / p99 / max ms', 'fired'],
    results.map((row) => [
      row.openTickets.toLocaleString('en'), row.pendingTimers.toLocaleString('en'),
      `${ms(row.claimBusy.median)} / ${ms(row.claimBusy.p99)}`, `${ms(row.claimIdle.median)} / ${ms(row.claimIdle.p99)}`,
      `${ms(row.lateness.median)} / ${ms(row.lateness.p99)} / ${ms(row.lateness.max)}`, `${row.lateness.fired} of ${options.timers}`,
    ]),
  );
  const verdict = (ok: boolean) => (ok ? 'met' : '**missed**');
  const markdown = `## sla

\`npm run bench -- sla\` (${new Date().toISOString().slice(0, 10)}; ${describeMachine()}; PostgreSQL from \`scripts/pg-server.sh\`,
${options.runners} runners in one process with the default 500 ms poll and batches of 10, ${options.timers} timers due over ${options.spread} s)

${table}

- Claim cost at ${large.openTickets.toLocaleString('en')} vs ${small.openTickets.toLocaleString('en')} open tickets (medians): ${busyRatio.toFixed(2)}× with rows due,
  ${idleRatio.toFixed(2)}× with none due; target ≤ ${TARGET_SWEEP_RATIO}×: ${verdict(Math.max(busyRatio, idleRatio) <= TARGET_SWEEP_RATIO)}.
- p99 lateness at ${large.openTickets.toLocaleString('en')} open tickets: ${ms(large.lateness.p99)} ms; target < ${TARGET_LATENESS_P99_MS} ms: ${verdict(large.lateness.p99 < TARGET_LATENESS_P99_MS && large.lateness.fired === options.timers)}.
- Lateness is bounded by the poll interval (a timer falling due just after a claim waits up to 500 ms) plus the batch ahead of it.
`;
  console.log(`\n${markdown}`);
  if (options.record) console.log(`written to ${writeResultsSection('sla', markdown)}`);
}
