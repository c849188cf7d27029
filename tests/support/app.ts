/** Test harness: the real app on the test database, driven through HTTP by app.inject. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import { buildLoopdesk, type Loopdesk } from '../../src/app/build.ts';
import type { Clock } from '../../src/platform/clock.ts';
import type { Config } from '../../src/platform/config.ts';
import type { Database } from '../../src/platform/db/connect.ts';
import { openTestDatabase } from './database.ts';

export interface TestApp extends Loopdesk {
  database: Database;
  config: Config;
  request<T = any>(method: string, url: string, options?: RequestOptions): Promise<{ status: number; body: T; headers: Record<string, unknown> }>;
  close(): Promise<void>;
}

export interface RequestOptions {
  token?: string;
  body?: unknown;
  headers?: Record<string, string>;
  /** A raw payload, sent as is (for malformed JSON, multipart). */
  payload?: string | Buffer;
}

export function testConfig(overrides: Partial<Config> = {}): Config {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'loopdesk-test-'));
  return {
    port: 0, host: '127.0.0.1', dataDir, dbPoolSize: 8, secret: 'test-secret', logLevel: 'silent', demo: false,
    publicUrl: 'http://localhost:3000', maxUploadBytes: 25 * 1024 * 1024, sessionTtlSeconds: 3600, ...overrides,
  };
}

export async function startTestApp(options: { clock?: Clock; config?: Partial<Config>; database?: Database } = {}): Promise<TestApp> {
  const database = options.database ?? await openTestDatabase();
  const config = testConfig(options.config);
  const loopdesk = await buildLoopdesk({ config, database, logger: pino({ level: 'silent' }), clock: options.clock });
  await loopdesk.app.ready();
  return {
    ...loopdesk,
    database,
    config,
    async request(method, url, { token, body, headers = {}, payload } = {}) {
      const response = await loopdesk.app.inject({
        method: method as 'GET',
        url,
        headers: {
          ...(token ? { authorization: `Bearer ${token}` } : {}),
          ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
          ...headers,
        },
        payload: payload ?? (body !== undefined ? JSON.stringify(body) : undefined),
      });
      let parsed: unknown = response.body;
      if (String(response.headers['content-type'] ?? '').includes('json') && response.body) parsed = JSON.parse(response.body);
      return { status: response.statusCode, body: parsed as any, headers: response.headers };
    },
    async close() {
      await loopdesk.app.close();
      if (!options.database) await database.close();
      fs.rmSync(config.dataDir, { recursive: true, force: true });
    },
  };
}
