/**
 * `npm run bench -- connector`: inbound events per second through a connector (parse, schema,
 * mapping, ticket created and linked by the source's id) on PostgreSQL, the same events as JSON
 * and as XML side by side in one run, interleaved in rounds so a noisy machine hits both alike.
 */
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import type { Flags } from '../src/platform/config.ts';
import { wholeFlag } from './lib/flags.ts';
import { JsonClient, describeFailure } from './lib/http.ts';
import { runClosedLoop, type LoadResult } from './lib/load.ts';
import { adminEmail, createTenant, logIn } from './lib/people.ts';
import { REPO, startLoopdesk, startPostgres, type Store } from './lib/processes.ts';
import { describeMachine, markdownTable, writeResultsSection } from './lib/report.ts';
import { formatNumber, median } from './lib/stats.ts';

export const summary = 'inbound connector events/s into tickets on PostgreSQL, JSON and XML side by side';
export const usage = `Options:
  --duration S      seconds measured per format and round (default 4)
  --warmup S        seconds of warm-up before each measurement (default 1)
  --rounds N        rounds, interleaved; figures are medians of the rounds (default 3)
  --clients N       concurrent clients (default 16)
  --no-record       print only, leave bench/RESULTS.md alone`;

const TENANT = 'bench-connector';
const FORMATS = ['json', 'xml'] as const;
type Format = (typeof FORMATS)[number];

const MAPPING = [
  { to: 'externalId', from: '$.id', transforms: ['trim'] },
  { to: 'type', value: 'mes_fault' },
  { to: 'description', from: '$.fault.text', transforms: ['trim'] },
  { to: 'priority', from: '$.level', transforms: [{ op: 'map', values: { 1: 'P1', 2: 'P2', 3: 'P3' }, default: 'P4' }] },
  { to: 'fields.faultCode', from: '$.fault.code', transforms: ['trim', 'upper'] },
  { to: 'fields.employeeNo', from: '$.reporter', transforms: [{ op: 'regex', pattern: '^E0*(\\d+)$' }, 'integer'] },
  { to: 'externalState', from: '$.state' },
];
const SCHEMA = { type: 'object', required: ['id', 'fault'], properties: { id: { type: 'string' }, level: { type: 'integer' }, fault: { type: 'object', required: ['text'] } } };
const LINES = ['冲压', '注塑', '装配', '喷涂', '焊接', '包装'];
const FAULTS = ['主轴过热报警', '液压压力不足', '伺服驱动器故障', '传感器信号丢失', '气缸动作缓慢', '冷却水流量低', 'PLC 通讯中断'];

/** One event of the source: the same data in either format. */
function event(n: number, format: Format, run: string): string {
  const id = `MES-${run}-${n}`;
  const text = `${LINES[n % LINES.length]}${(n % 9) + 1}号线 设备 EQ-${n} ${FAULTS[n % FAULTS.length]}，批次 ${n * 7919 % 100000}`;
  const data = { id, level: (n % 4) + 1, reporter: `E${String(n % 100000).padStart(6, '0')}`, state: 'MES 已报警', fault: { code: ` err-${n % 500} `, text } };
  if (format === 'json') return JSON.stringify(data);
  return `<?xml version="1.0" encoding="UTF-8"?><event><id>${id}</id><level>${data.level}</level><reporter>${data.reporter}</reporter>`
    + `<state>${data.state}</state><fault><code>${data.fault.code}</code><text>${text}</text></fault></event>`;
}

function post(agent: http.Agent, base: URL, pathname: string, token: string, body: string, contentType: string): Promise<number> {
  const payload = Buffer.from(body);
  return new Promise((resolve, reject) => {
    const request = http.request({
      agent, host: base.hostname, port: base.port, method: 'POST', path: pathname,
      headers: { 'content-type': contentType, 'content-length': payload.length, authorization: `Bearer ${token}` },
    }, (response) => {
      response.resume();
      response.on('error', reject);
      response.on('end', () => resolve(response.statusCode ?? 0));
    });
    request.on('error', reject);
    request.end(payload);
  });
}

async function expectCreated(answer: { status: number; body: unknown }, what: string) {
  if (answer.status !== 201) throw new Error(`${what} failed: ${describeFailure(answer)} ${JSON.stringify(answer.body)}`);
}

export async function run(flags: Flags): Promise<void> {
  const options = {
    durationS: wholeFlag(flags, 'duration', 4, 1), warmupS: wholeFlag(flags, 'warmup', 1, 0), rounds: wholeFlag(flags, 'rounds', 3, 1),
    clients: wholeFlag(flags, 'clients', 16, 1), record: flags.record !== false,
  };
  const startedAt = new Date();
  const loadAverage = os.loadavg();
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'loopdesk-bench-connector-'));
  fs.chmodSync(root, 0o755); // PostgreSQL runs as its own user and must reach its directory inside
  const cleanups: (() => Promise<void>)[] = [];
  const results: Record<Format, LoadResult[]> = { json: [], xml: [] };
  try {
    const postgres = await startPostgres(path.join(root, 'postgres'));
    cleanups.push(postgres.stop);
    const store: Store = { dataDir: path.join(root, 'app'), databaseUrl: postgres.url };
    await createTenant(store, TENANT, '连接器基准');
    const server = await startLoopdesk(store, { env: { DB_POOL_SIZE: '16' } });
    cleanups.push(server.stop);
    const [adminToken] = await logIn(server.baseUrl, TENANT, [adminEmail(TENANT)]);
    const api = new JsonClient(server.baseUrl, 2);
    cleanups.push(async () => api.close());
    await expectCreated(await api.request('POST', '/api/v1/ticket-types', { token: adminToken, body: {
      key: 'mes_fault', nameZh: 'MES 故障', nameEn: 'MES fault',
      formSchema: { type: 'object', properties: { faultCode: { type: 'string', 'x-widget': 'text' }, employeeNo: { type: 'number', 'x-widget': 'number' } } },
    } }), 'Creating the ticket type');
    const connector = await api.request('POST', '/api/v1/connectors', { token: adminToken, body: { key: 'mes', name: 'MES', schema: SCHEMA, mapping: MAPPING } });
    await expectCreated(connector, 'Creating the connector');
    const token = (connector.body as { token: string }).token;

    const agent = new http.Agent({ keepAlive: true, maxSockets: options.clients });
    cleanups.push(async () => agent.destroy());
    const base = new URL(server.baseUrl);
    let next = 0;
    const failures = new Map<string, number>();
    for (let round = 0; round < options.rounds; round++) {
      // Alternate which format goes first, so neither always meets the fuller tables.
      const order = round % 2 ? [...FORMATS].reverse() : FORMATS;
      for (const format of order) {
        const contentType = format === 'json' ? 'application/json' : 'application/xml';
        const result = await runClosedLoop({ clients: options.clients, warmupMs: options.warmupS * 1000, durationMs: options.durationS * 1000 }, async () => {
          const status = await post(agent, base, '/api/v1/connectors/mes/events', token, event(next++, format, String(round)), contentType);
          return status === 201 ? { ok: true } : { ok: false, error: `HTTP ${status}` };
        });
        for (const [error, count] of result.errorKinds) failures.set(`${format} ${error}`, (failures.get(`${format} ${error}`) ?? 0) + count);
        results[format].push(result);
        console.log(`round ${round + 1} ${format}: ${formatNumber(result.perSecond)} events/s, p50 ${result.p50Ms.toFixed(1)} ms, p99 ${result.p99Ms.toFixed(1)} ms, ${result.errors} errors`);
      }
    }
    const rows = FORMATS.map((format) => {
      const runs = results[format];
      return [format.toUpperCase(), formatNumber(median(runs.map((r) => r.perSecond))), median(runs.map((r) => r.p50Ms)).toFixed(1),
        median(runs.map((r) => r.p99Ms)).toFixed(1), String(runs.reduce((sum, r) => sum + r.errors, 0))];
    });
    const command = `npm run bench -- connector --duration ${options.durationS} --warmup ${options.warmupS} --rounds ${options.rounds} --clients ${options.clients}`;
    const markdown = [
      '## connector: inbound events into tickets, JSON and XML',
      '',
      `Run ${startedAt.toISOString().slice(0, 16).replace('T', ' ')} UTC: \`${command}\``,
      '',
      `- Machine: ${describeMachine()}; load average at start ${loadAverage.map((value) => value.toFixed(2)).join(' / ')}.`,
      `- The API server (\`loopdesk start\`, pool 16) on a throwaway PostgreSQL (scripts/pg-server.sh); ${options.clients} closed-loop clients over kept-alive sockets POST /api/v1/connectors/mes/events with the connector token.`,
      '- Every event is new (its own source id), so each one is parsed, validated against a JSON Schema, mapped by 7 rules (trim, upper, value map, regex extract + integer, constant), and creates a ticket and its external link in one transaction; 201 counts as done.',
      `- The same generated data as JSON and as XML, ${options.rounds} interleaved rounds of ${options.durationS} s each (after ${options.warmupS} s warm-up); figures are medians of the rounds.`,
      '',
      markdownTable(['format', 'events/s', 'p50 ms', 'p99 ms', 'errors'], rows),
      ...(failures.size ? ['', `Errors: ${[...failures].map(([kind, count]) => `${kind} ×${count}`).join(', ')}.`] : []),
    ].join('\n');
    console.log(`\n${markdown}\n`);
    if (options.record) console.log(`Recorded in ${path.relative(REPO, writeResultsSection('connector', markdown))}`);
  } finally {
    for (const cleanup of cleanups.reverse()) await cleanup().catch((error) => console.error(error));
    fs.rmSync(root, { recursive: true, force: true });
  }
}
