/**
 * `npm run bench -- intake`: tickets created through POST /api/v1/tickets per second, at 8 and
 * 64 concurrent clients, on PGlite and on PostgreSQL, beside the raw PostgreSQL ceiling for the
 * same rows written with `pg` directly, all in one run so a noisy machine hits them alike.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { hashToken } from '../src/modules/auth/tokens.ts';
import type { Flags } from '../src/platform/config.ts';
import { cpuAvailable, ownCpuMs, treeCpuMs } from './lib/cpu.ts';
import { JsonClient, describeFailure } from './lib/http.ts';
import { runClosedLoop, type LoadResult, type Operation } from './lib/load.ts';
import { addRequesters, adminEmail, createTenant, logIn } from './lib/people.ts';
import { REPO, startLoopdesk, startPostgres, type LoopdeskServer, type Store } from './lib/processes.ts';
import { formatProfile, summariseProfile } from './lib/profile.ts';
import { openRawIntake, type RawIntake, type RawShape } from './lib/raw-intake.ts';
import { problemReport } from './lib/reports.ts';
import { intakeReport } from './lib/intake-report.ts';
import { writeResultsSection } from './lib/report.ts';
import { formatNumber } from './lib/stats.ts';

export const summary = 'tickets/s through the HTTP API (PGlite, PostgreSQL) beside the raw pg ceiling';
export const usage = `Options:
  --duration S      seconds measured per configuration and round (default 4)
  --warmup S        seconds of warm-up before each measurement (default 1)
  --rounds N        rounds, interleaved; figures are medians of the rounds (default 3)
  --clients 8,64    concurrent clients
  --pool N          database pool of the API server and of the raw writer (default 16)
  --only pglite|postgres
  --diagnose        also run raw pg with every statement the API sends (reads included), to
                    split the API's cost between its SQL and the Node stack around it
  --profile         CPU-profile the API servers (node --cpu-prof) and print where time went;
                    does not record to RESULTS.md
  --no-record       print only, leave bench/RESULTS.md alone`;

type Database = 'pglite' | 'postgres';

interface IntakeOptions {
  durationS: number;
  warmupS: number;
  rounds: number;
  clients: number[];
  pool: number;
  databases: Database[];
  profile: boolean;
  diagnose: boolean;
  record: boolean;
}

interface Configuration {
  key: string;
  label: string;
  clients: number;
  operation: Operation;
  /** CPU-time meters of the processes involved: API server, PostgreSQL, this process. */
  meters: Record<string, () => number>;
}

/** An API server under load, and what its clients need. */
interface ApiTarget {
  database: Database;
  server: LoopdeskServer;
  http: JsonClient;
  tokens: string[];
  postgresPid?: number;
  profileDir?: string;
  created: number;
  duplicates: number;
}

/** The shapes whose best is the ceiling; `api-statements` is a diagnostic, not a ceiling. */
const CEILING_SHAPES: RawShape[] = ['one-transaction', 'api-shape'];
const SHAPE_LABEL: Record<RawShape, string> = {
  'one-transaction': 'raw pg, one-transaction', 'api-shape': 'raw pg, api-shape', 'api-statements': 'raw pg, all API statements',
};
const API_TENANT = 'bench';
const RAW_TENANT = 'bench-raw';
const WARM_UP_PASS_MS = 1000;
const LABEL: Record<Database, string> = { pglite: 'API on PGlite', postgres: 'API on PostgreSQL' };

function parseOptions(flags: Flags): IntakeOptions {
  const number = (name: string, fallback: number, min: number) => {
    const value = flags[name];
    if (value === undefined) return fallback;
    const parsed = Number(value);
    if (!Number.isFinite(parsed) || parsed < min) throw new Error(`--${name} must be a number ≥ ${min}, got "${value}".`);
    return parsed;
  };
  const clients = String(flags.clients ?? '8,64').split(',').map(Number);
  if (clients.some((count) => !Number.isInteger(count) || count < 1)) throw new Error(`--clients takes counts like 8,64.`);
  const only = flags.only;
  if (only !== undefined && only !== 'pglite' && only !== 'postgres') throw new Error('--only takes pglite or postgres.');
  return {
    durationS: number('duration', 4, 0.5), warmupS: number('warmup', 1, 0), rounds: Math.round(number('rounds', 3, 1)),
    clients, pool: Math.round(number('pool', 16, 1)),
    databases: only ? [only] : ['pglite', 'postgres'],
    profile: flags.profile === true,
    diagnose: flags.diagnose === true,
    record: flags.record !== false && flags.profile !== true,
  };
}

/** Each report's number is unique in the run, so no two share the text. */
let nextReport = 0;

function apiOperation(target: ApiTarget): Operation {
  return async (client) => {
    const answer = await target.http.request('POST', '/api/v1/tickets', {
      token: target.tokens[client], body: { description: problemReport(nextReport++) },
    });
    if (answer.status !== 201) return { ok: false, error: describeFailure(answer) };
    target.created++;
    // A report the duplicate guard links to an open one is still created (status cancelled).
    if ((answer.body as { status?: string }).status === 'cancelled') target.duplicates++;
    return { ok: true };
  };
}

async function startApi(database: Database, store: Store, options: IntakeOptions, cleanups: Cleanups, postgresPid?: number): Promise<ApiTarget> {
  const maxClients = Math.max(...options.clients);
  await createTenant(store, API_TENANT, '基准测试');
  const profileDir = options.profile ? path.join(REPO, 'bench/.tmp/profiles', `${database}-${Date.now()}`) : undefined;
  const server = await startLoopdesk(store, {
    nodeArgs: profileDir ? ['--cpu-prof', '--cpu-prof-dir', profileDir] : [],
    env: { DB_POOL_SIZE: String(options.pool) },
  });
  cleanups.push(server.stop);
  const emails = await addRequesters(server.baseUrl, API_TENANT, maxClients);
  const tokens = await logIn(server.baseUrl, API_TENANT, emails);
  const http = new JsonClient(server.baseUrl, maxClients);
  cleanups.push(async () => http.close());
  return { database, server, http, tokens, postgresPid, profileDir, created: 0, duplicates: 0 };
}

type Cleanups = (() => Promise<void>)[];

interface SetUp {
  configurations: Configuration[];
  apis: ApiTarget[];
  raw?: RawIntake;
}

/** One database's API server (and, on PostgreSQL, the raw writer), ready to measure. */
async function prepare(database: Database, options: IntakeOptions, root: string, cleanups: Cleanups): Promise<{ api: ApiTarget; raw?: RawIntake }> {
  const began = performance.now();
  const dataDir = path.join(root, `app-${database}`);
  let api: ApiTarget;
  let raw: RawIntake | undefined;
  if (database === 'postgres') {
    const postgres = await startPostgres(path.join(root, 'postgres'));
    cleanups.push(postgres.stop);
    const store: Store = { dataDir, databaseUrl: postgres.url };
    // The ceiling writes into its own tenant of the same server, so it pays the same indexes.
    // (Both CLI runs migrate; the migration's advisory lock lets them run at once.)
    [api] = await Promise.all([startApi(database, store, options, cleanups, postgres.pid), createTenant(store, RAW_TENANT, '基准测试-直写')]);
    // The raw writer acts as that tenant's admin, with a real session (the diagnostic shape looks it up).
    const [token] = await logIn(api.server.baseUrl, RAW_TENANT, [adminEmail(RAW_TENANT)]);
    raw = await openRawIntake({
      databaseUrl: postgres.url, tenantSlug: RAW_TENANT, userEmail: adminEmail(RAW_TENANT), tokenHash: hashToken(token), poolSize: options.pool,
    });
    cleanups.push(raw.close);
  } else {
    api = await startApi(database, { dataDir }, options, cleanups);
  }
  console.log(`${LABEL[database]}: ready in ${((performance.now() - began) / 1000).toFixed(1)} s`);
  return { api, raw };
}

async function setUp(options: IntakeOptions, root: string, cleanups: Cleanups): Promise<SetUp> {
  console.log(`Preparing ${options.databases.join(' and ')} (fresh data directories, tenants, ${Math.max(...options.clients)} requesters, logins)...`);
  const prepared = await Promise.all(options.databases.map((database) => prepare(database, options, root, cleanups)));
  const configurations: Configuration[] = [];
  const cpu = cpuAvailable();
  for (const { api } of prepared) {
    const postgresPid = api.postgresPid;
    const meters: Record<string, () => number> = cpu
      ? { server: () => treeCpuMs(api.server.pid), ...(postgresPid && { postgres: () => treeCpuMs(postgresPid) }), client: ownCpuMs }
      : {};
    for (const clients of options.clients) {
      configurations.push({ key: `${api.database}:api:${clients}`, label: LABEL[api.database], clients, operation: apiOperation(api), meters });
    }
  }
  const raw = prepared.find((each) => each.raw);
  if (raw) {
    const postgresPid = raw.api.postgresPid!;
    const meters: Record<string, () => number> = cpu ? { postgres: () => treeCpuMs(postgresPid), client: ownCpuMs } : {};
    for (const shape of [...CEILING_SHAPES, ...(options.diagnose ? ['api-statements' as const] : [])]) {
      for (const clients of options.clients) {
        configurations.push({
          key: `postgres:${shape}:${clients}`, label: SHAPE_LABEL[shape], clients,
          operation: () => raw.raw!.write(problemReport(nextReport++), shape), meters,
        });
      }
    }
  }
  return { configurations, apis: prepared.map((each) => each.api), raw: raw?.raw };
}

async function measure(configurations: Configuration[], options: IntakeOptions): Promise<Map<string, LoadResult[]>> {
  const results = new Map<string, LoadResult[]>(configurations.map((configuration) => [configuration.key, []]));
  // A fresh server runs cold code (tsx output, V8 and PGlite's WebAssembly not yet optimised):
  // one unrecorded pass over every configuration keeps that out of round 1.
  console.log('Warming up...');
  for (const configuration of configurations) {
    await runClosedLoop({ clients: configuration.clients, warmupMs: 0, durationMs: WARM_UP_PASS_MS }, configuration.operation);
  }
  for (let round = 0; round < options.rounds; round++) {
    // Rotating the order each round spreads the machine's slow moments over every configuration.
    const shift = (round * Math.ceil(configurations.length / options.rounds)) % configurations.length;
    const order = [...configurations.slice(shift), ...configurations.slice(0, shift)];
    for (const configuration of order) {
      const result = await runClosedLoop({
        clients: configuration.clients, warmupMs: options.warmupS * 1000, durationMs: options.durationS * 1000,
        meters: configuration.meters,
      }, configuration.operation);
      results.get(configuration.key)!.push(result);
      console.log(`  round ${round + 1}/${options.rounds}  ${configuration.label.padEnd(26)} ${String(configuration.clients).padStart(3)} clients  `
        + `${formatNumber(result.perSecond).padStart(6)} /s  p50 ${formatNumber(result.p50Ms)} ms  p99 ${formatNumber(result.p99Ms)} ms`
        + `  CPU ms/ticket ${Object.entries(result.metered).map(([name, ms]) => `${name} ${(ms / result.ok).toFixed(2)}`).join(', ')}`
        + (result.errors ? `  ERRORS ${result.errors}` : ''));
    }
  }
  return results;
}

export async function run(flags: Flags): Promise<void> {
  const options = parseOptions(flags);
  const startedAt = new Date();
  const loadAverage = os.loadavg();
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'loopdesk-bench-'));
  fs.chmodSync(root, 0o755); // PostgreSQL runs as its own user and must reach its directory inside
  const cleanups: Cleanups = [async () => fs.rmSync(root, { recursive: true, force: true })];
  const cleanUp = async () => {
    for (const cleanup of cleanups.splice(0).reverse()) {
      await cleanup().catch((error: Error) => console.error(`cleanup: ${error.message}`));
    }
  };
  const interrupted = () => void cleanUp().finally(() => process.exit(130));
  process.once('SIGINT', interrupted);
  try {
    const setup = await setUp(options, root, cleanups);
    const configurations = setup.configurations.length;
    console.log(`Measuring ${configurations} configurations × ${options.rounds} rounds × ${options.warmupS + options.durationS} s...`);
    const results = await measure(setup.configurations, options);
    const markdown = intakeReport({
      startedAt, loadAverage, options, configurations: setup.configurations, results, apis: setup.apis,
      postgresVersion: setup.raw?.serverVersion, ceilingShapes: CEILING_SHAPES,
    });
    console.log(`\n${markdown}\n`);
    if (options.profile) {
      for (const api of setup.apis) {
        await api.server.stop(); // the profile is written as the server exits
        const file = fs.readdirSync(api.profileDir!).find((name) => name.endsWith('.cpuprofile'));
        if (!file) continue;
        const windows = [...results].filter(([key]) => key.startsWith(`${api.database}:api:`)).flatMap(([, rounds]) => rounds.map((round) => round.windowUs));
        console.log(`\n${LABEL[api.database]}, measured windows only (${path.join(api.profileDir!, file)}):`);
        console.log(formatProfile(summariseProfile(path.join(api.profileDir!, file), windows)));
      }
    }
    if (options.record) console.log(`Recorded in ${path.relative(process.cwd(), writeResultsSection('intake', markdown))}`);
  } finally {
    process.off('SIGINT', interrupted);
    await cleanUp();
  }
}
