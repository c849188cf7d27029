/**
 * `npm run bench -- webhooks`: outbound webhooks end to end, in one process per store (PGlite,
 * then a throwaway PostgreSQL): tickets are opened through the ticket service (the listener
 * writes one delivery each, in the change's transaction), runners deliver them to a local HTTP
 * receiver, and we measure
 *   - sustained deliveries per second: a burst of tickets opened as fast as the store takes
 *     them, from the first commit to the last arrival;
 *   - delivery lag (the receiver's arrival − the change's commit) at a paced rate, median and p99.
 */
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { buildLoopdesk } from '../src/app/build.ts';
import { provisionTenant } from '../src/app/provision.ts';
import type { Flags } from '../src/platform/config.ts';
import { openDatabase, type Database } from '../src/platform/db/connect.ts';
import { migrate } from '../src/platform/db/migrate.ts';
import { createWebhookService } from '../src/modules/integrations/webhooks.ts';
import type { Actor } from '../src/platform/http/actor.ts';
import { createRunner } from '../src/platform/runner/index.ts';
import { wholeFlag } from './lib/flags.ts';
import { startPostgres } from './lib/processes.ts';
import { describeMachine, markdownTable, writeResultsSection } from './lib/report.ts';
import { median, percentile } from './lib/stats.ts';

export const summary = 'Outbound webhooks on PGlite and PostgreSQL: sustained deliveries/s to a local receiver, and delivery lag p99 (commit → arrival)';
export const usage = `Options:
  --burst N       tickets opened as fast as possible for the throughput (default 2000)
  --paced N       tickets opened at --rate for the lag (default 600)
  --rate N        tickets per second in the paced phase (default 50)
  --runners N     runner instances in the process (default 2)
  --poll MS       runner poll interval (default 500, the runner's default)
  --only STORE    pglite or postgres (default both)
  --no-record     print only, leave bench/RESULTS.md alone`;

interface Options { burst: number; paced: number; rate: number; runners: number; poll: number; only?: string; record: boolean }
interface Result { store: string; perSecond: number; lag: { median: number; p99: number; max: number }; delivered: number; expected: number }

/** Records the arrival time of each ticket's `ticket.created` delivery. */
async function startReceiver() {
  const arrivals = new Map<string, number>();
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const at = performance.now();
      const payload = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { data: { ticket: { id: string } } };
      if (!arrivals.has(payload.data.ticket.id)) arrivals.set(payload.data.ticket.id, at);
      response.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  return { url, arrivals, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function waitFor(arrivals: Map<string, number>, ids: string[], timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (ids.some((id) => !arrivals.has(id)) && Date.now() < deadline) await sleep(50);
}

async function measureStore(store: string, database: Database, dataDir: string, options: Options): Promise<Result> {
  const config = {
    port: 0, host: '127.0.0.1', dataDir, dbPoolSize: 8, secret: 'bench-secret', logLevel: 'warn', demo: false,
    publicUrl: 'http://localhost:3000', maxUploadBytes: 1024 * 1024, sessionTtlSeconds: 3600,
  };
  const logger = pino({ level: 'warn' });
  const loopdesk = await buildLoopdesk({ config, database, logger });
  const { ctx, services } = loopdesk;
  const { tenant, adminId } = await provisionTenant(ctx, {
    slug: `bench-webhooks-${store.toLowerCase()}`, name: 'Webhook 压测', adminEmail: 'admin@bench.test', adminPassword: 'bench password 1',
  });
  const actor: Actor = { tenantId: tenant.id, tenantSlug: tenant.slug, userId: adminId, name: '管理员', email: 'admin@bench.test', roles: ['admin'], tokenId: '' };
  const receiver = await startReceiver();
  await createWebhookService(ctx).create(actor, { url: receiver.url, events: ['ticket.created'], name: '压测接收方' });
  const runners = Array.from({ length: options.runners }, (_, n) =>
    createRunner({ ctx, handlers: services.domain.handlers, workerId: `bench-webhooks-${n}`, pollIntervalMs: options.poll }));
  for (const runner of runners) runner.start();
  const committed = new Map<string, number>();
  const open = async (n: number) => {
    const { ticket } = await services.tickets.createTicket(actor, { description: `压测工单 ${n}：设备报警，需要检修` });
    committed.set(ticket.id, performance.now());
    return ticket.id;
  };
  try {
    console.log(`  ${store}: burst of ${options.burst} tickets`);
    const burstStart = performance.now();
    const burstIds: string[] = [];
    for (let i = 0; i < options.burst; i += 4) {
      burstIds.push(...await Promise.all(Array.from({ length: Math.min(4, options.burst - i) }, (_, k) => open(i + k))));
    }
    await waitFor(receiver.arrivals, burstIds, 300_000);
    const lastArrival = Math.max(...burstIds.map((id) => receiver.arrivals.get(id) ?? NaN));
    const burstDelivered = burstIds.filter((id) => receiver.arrivals.has(id)).length;
    const perSecond = burstDelivered / ((lastArrival - burstStart) / 1000);

    console.log(`  ${store}: ${options.paced} tickets at ${options.rate}/s`);
    const pacedIds: string[] = [];
    const pacedStart = performance.now();
    for (let i = 0; i < options.paced; i++) {
      const due = pacedStart + (i * 1000) / options.rate;
      const wait = due - performance.now();
      if (wait > 0) await sleep(wait);
      pacedIds.push(await open(options.burst + i));
    }
    await waitFor(receiver.arrivals, pacedIds, 120_000);
    const lags = pacedIds.filter((id) => receiver.arrivals.has(id)).map((id) => receiver.arrivals.get(id)! - committed.get(id)!);
    const sorted = [...lags].sort((a, b) => a - b);
    return {
      store, perSecond, delivered: burstDelivered + lags.length, expected: options.burst + options.paced,
      lag: { median: median(lags), p99: percentile(sorted, 99), max: sorted[sorted.length - 1] ?? NaN },
    };
  } finally {
    await Promise.all(runners.map((runner) => runner.stop()));
    await receiver.close();
    await loopdesk.app.close();
  }
}

export async function run(flags: Flags): Promise<void> {
  const options: Options = {
    burst: wholeFlag(flags, 'burst', 2000, 1), paced: wholeFlag(flags, 'paced', 600, 1), rate: wholeFlag(flags, 'rate', 50, 1),
    runners: wholeFlag(flags, 'runners', 2, 1), poll: wholeFlag(flags, 'poll', 500, 1),
    only: typeof flags.only === 'string' ? flags.only : undefined, record: flags.record !== false,
  };
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'loopdesk-bench-webhooks-'));
  fs.chmodSync(dir, 0o755); // the PostgreSQL server runs as the postgres user, who must reach its directory
  const results: Result[] = [];
  try {
    if (options.only !== 'postgres') {
      const database = await openDatabase({ pgliteDir: path.join(dir, 'pglite') });
      try {
        await migrate(database.db);
        results.push(await measureStore('PGlite', database, dir, options));
      } finally {
        await database.close();
      }
    }
    if (options.only !== 'pglite') {
      const server = await startPostgres(path.join(dir, 'pg'));
      const database = await openDatabase({ databaseUrl: server.url, poolSize: 8 });
      try {
        await migrate(database.db);
        results.push(await measureStore('PostgreSQL', database, dir, options));
      } finally {
        await database.close();
        await server.stop();
      }
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  report(results, options);
}

const ms = (value: number) => (Number.isFinite(value) ? value.toFixed(value < 10 ? 1 : 0) : '–');

function report(results: Result[], options: Options): void {
  const table = markdownTable(
    ['store', 'sustained deliveries/s (burst)', 'lag median / p99 / max ms (paced)', 'delivered'],
    results.map((row) => [row.store, row.perSecond.toFixed(0), `${ms(row.lag.median)} / ${ms(row.lag.p99)} / ${ms(row.lag.max)}`, `${row.delivered} of ${row.expected}`]),
  );
  const markdown = `## webhooks

\`npm run bench -- webhooks\` (${new Date().toISOString().slice(0, 10)}; ${describeMachine()}; one process per store:
the ticket service, ${options.runners} runners (poll ${options.poll} ms, batches of 10) and a local HTTP receiver answering 204)

${table}

- Throughput: ${options.burst} tickets opened 4 at a time, each one \`ticket.created\` delivery, from the first commit to the last arrival.
- Lag: ${options.paced} tickets at ${options.rate}/s, from the change's commit to the receiver's arrival. It is bounded below by the
  poll interval: a delivery committed just after a claim waits up to ${options.poll} ms (the outbox is polled, not notified).
`;
  console.log(`\n${markdown}`);
  if (options.record) console.log(`written to ${writeResultsSection('webhooks', markdown)}`);
}
