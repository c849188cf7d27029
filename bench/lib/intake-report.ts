/** The intake benchmark's report: medians of the rounds, the ratio to the raw ceiling, the targets. */
import fs from 'node:fs';
import path from 'node:path';
import type { LoadResult } from './load.ts';
import { REPO } from './processes.ts';
import { describeMachine, markdownTable } from './report.ts';
import { formatNumber, formatPercent, median } from './stats.ts';

/**
 * What a run measured. Results are keyed `DATABASE:api:CLIENTS` for the API and
 * `postgres:SHAPE:CLIENTS` for the raw writer.
 */
export interface IntakeRun {
  startedAt: Date;
  loadAverage: number[];
  options: { durationS: number; warmupS: number; rounds: number; clients: number[]; pool: number; databases: string[]; diagnose: boolean };
  configurations: { key: string; label: string; clients: number }[];
  results: Map<string, LoadResult[]>;
  apis: { database: string; created: number; duplicates: number }[];
  /** Set when PostgreSQL ran. */
  postgresVersion?: string;
  /** The raw shapes whose best, round by round, is the ceiling. */
  ceilingShapes: string[];
}

interface Figures {
  perSecond: number;
  low: number;
  high: number;
  p50Ms: number;
  p99Ms: number;
  errors: number;
  errorKinds: Map<string, number>;
  /** CPU milliseconds per created ticket, by process. */
  cpuPerTicket: Record<string, number>;
}

function figuresOf(rounds: LoadResult[]): Figures {
  const errorKinds = new Map<string, number>();
  for (const round of rounds) for (const [kind, count] of round.errorKinds) errorKinds.set(kind, (errorKinds.get(kind) ?? 0) + count);
  const rates = rounds.map((round) => round.perSecond);
  return {
    perSecond: median(rates), low: Math.min(...rates), high: Math.max(...rates),
    p50Ms: median(rounds.map((round) => round.p50Ms)), p99Ms: median(rounds.map((round) => round.p99Ms)),
    errors: rounds.reduce((sum, round) => sum + round.errors, 0), errorKinds,
    cpuPerTicket: Object.fromEntries(Object.keys(rounds[0]?.metered ?? {}).map((name) =>
      [name, median(rounds.map((round) => round.metered[name] / round.ok))])),
  };
}

/** API ÷ best raw shape, paired within each round (both met the same noise), then the median. */
function ratioToCeiling(results: Map<string, LoadResult[]>, ceilingShapes: string[], clients: number): number {
  const api = results.get(`postgres:api:${clients}`) ?? [];
  const ratios = api.map((round, index) => {
    const ceiling = Math.max(...ceilingShapes.map((shape) => results.get(`postgres:${shape}:${clients}`)?.[index]?.perSecond ?? Number.NaN));
    return round.perSecond / ceiling;
  });
  return median(ratios);
}

/** The markdown of a run: its conditions, a row per configuration, and the targets. */
export function intakeReport(run: IntakeRun): string {
  const { results, options, startedAt, loadAverage } = run;
  const rows = run.configurations.map((configuration) => {
    const figures = figuresOf(results.get(configuration.key)!);
    return [configuration.label, String(configuration.clients), formatNumber(figures.perSecond),
      `${formatNumber(figures.low)}–${formatNumber(figures.high)}`, formatNumber(figures.p50Ms), formatNumber(figures.p99Ms),
      ['server', 'postgres', 'client'].map((name) => (name in figures.cpuPerTicket ? figures.cpuPerTicket[name].toFixed(2) : '–')).join(' · '),
      figures.errors ? `**${figures.errors}** (${[...figures.errorKinds].map(([kind, count]) => `${kind} ×${count}`).join(', ')})` : '0'];
  });
  const table = markdownTable(['configuration', 'clients', 'tickets/s (median)', 'range over rounds', 'p50 ms', 'p99 ms', 'CPU ms/ticket: server · postgres · client', 'errors'], rows);

  const lines: string[] = [];
  if (run.postgresVersion) {
    const verdicts: string[][] = options.clients.map((clients) => {
      const ratio = ratioToCeiling(results, run.ceilingShapes, clients);
      return [`API ≥ 50 % of the raw ceiling on PostgreSQL, ${clients} clients`, formatPercent(ratio), ratio >= 0.5 ? 'met' : '**missed**'];
    });
    const most = Math.max(...options.clients);
    const p99 = figuresOf(results.get(`postgres:api:${most}`)!).p99Ms;
    verdicts.push([`p99 < 50 ms on PostgreSQL, ${most} clients`, `${formatNumber(p99)} ms`, p99 < 50 ? 'met' : '**missed**']);
    const pglite = results.get(`pglite:api:${most}`);
    if (pglite) {
      const p99Pglite = figuresOf(pglite).p99Ms;
      verdicts.push([`p99 < 50 ms on PGlite, ${most} clients (for reference)`, `${formatNumber(p99Pglite)} ms`, p99Pglite < 50 ? 'met' : 'missed']);
    }
    lines.push('', markdownTable(['target', 'measured', ''], verdicts));
    lines.push('', 'The raw ceiling is the faster of the two raw shapes in the same round; the ratio is the median of the per-round ratios.'
      + ` With closed-loop clients the mean latency is clients ÷ throughput (Little's law), so a p99 under 50 ms at ${most}`
      + ` clients needs well over ${formatNumber(most / 0.05)} tickets/s.`);
  }
  const duplicates = run.apis.map((api) => `${api.duplicates} of ${api.created} on ${api.database}`).join(', ');
  const flagsUsed = [`--duration ${options.durationS}`, `--warmup ${options.warmupS}`, `--rounds ${options.rounds}`,
    `--clients ${options.clients.join(',')}`, `--pool ${options.pool}`, ...(options.databases.length === 1 ? [`--only ${options.databases[0]}`] : [])];
  const pgliteVersion = (JSON.parse(fs.readFileSync(path.join(REPO, 'node_modules/@electric-sql/pglite/package.json'), 'utf8')) as { version: string }).version;

  return [
    '## intake: tickets created per second',
    '',
    `Run ${startedAt.toISOString().slice(0, 16).replace('T', ' ')} UTC: \`npm run bench -- intake ${flagsUsed.join(' ')}\``,
    '',
    `- Machine: ${describeMachine()}; load average at start ${loadAverage.map((value) => value.toFixed(2)).join(' / ')}.`,
    `- Databases: ${[
      ...(run.postgresVersion ? [`PostgreSQL ${run.postgresVersion} (local, fsync on, a throwaway server)`] : []),
      ...(options.databases.includes('pglite') ? [`PGlite ${pgliteVersion} in a fresh data directory`] : []),
    ].join('; ')}.`,
    `- The API server is \`loopdesk start\` in its own process (LOG_LEVEL=warn, DB_POOL_SIZE=${options.pool}); the load generator is`
    + ' closed-loop (each client sends its next ticket when the last one answers) over kept-alive HTTP connections.',
    `- Each client is its own requester (added through POST /api/v1/users, logged in through POST /api/v1/auth/login) and`
    + ` posts zh-CN problem reports that differ from one another; the duplicate guard still linked ${duplicates} created`
    + ' tickets to an earlier report.',
    `- Every configuration ran ${options.durationS} s after a ${options.warmupS} s warm-up, in ${options.rounds} interleaved rounds (order rotated);`
    + ' figures are medians of the rounds; any answer but 201 counts as an error.',
    `- Raw pg: a pg.Pool of ${options.pool} writing the counter, ticket and \`created\` event rows of the same shape;`
    + ' `one-transaction` commits all three together, `api-shape` commits the counter first as createTicket does.'
    + (options.diagnose ? ' `all API statements` (a diagnostic, not a ceiling) also sends the reads the API makes: token, ticket type, device codes, duplicate candidates.' : ''),
    '- CPU ms/ticket: user + system CPU time in the measured window over the tickets created, for the API server'
    + ' process (with PGlite, the database runs inside it), PostgreSQL (postmaster and backends) and the bench process'
    + ' (the load generator, or for raw pg the writer itself). They move with the neighbours\' load much less than tickets/s do.',
    '',
    table,
    ...lines,
  ].join('\n');
}
