/**
 * Starting what a benchmark measures: a throwaway PostgreSQL server, the Loopdesk CLI, and
 * the Loopdesk server as a child process (so the load generator never shares its event loop).
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { postmasterPid } from './cpu.ts';

export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const CLI = path.join(REPO, 'bin/loopdesk.js');
const PG_SERVER = path.join(REPO, 'scripts/pg-server.sh');

/** A port nobody listens on right now (the kernel's choice). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** Runs a command to its end; its stdout, or an error carrying its stderr. */
export function runCommand(file: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(file, args, { cwd: REPO, env: { ...process.env, ...env }, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`${path.basename(file)} ${args.join(' ')} failed: ${stderr.trim() || error.message}`));
      else resolve(stdout);
    });
  });
}

/** Where a Loopdesk process keeps its data: PGlite in dataDir, or PostgreSQL at databaseUrl. */
export interface Store {
  dataDir: string;
  databaseUrl?: string;
}

const storeEnv = (store: Store): NodeJS.ProcessEnv => ({
  DATABASE_URL: store.databaseUrl ?? '', DATA_DIR: store.dataDir, LOG_LEVEL: 'warn',
});

export function loopdeskCli(store: Store, args: string[]): Promise<string> {
  return runCommand(process.execPath, [CLI, ...args], storeEnv(store));
}

export interface PostgresServer {
  url: string;
  /** The postmaster's pid: its children are the backends. */
  pid: number;
  stop(): Promise<void>;
}

export async function startPostgres(dir: string): Promise<PostgresServer> {
  const port = await freePort();
  const url = (await runCommand(PG_SERVER, ['start', dir, String(port)])).trim().split('\n').pop()!;
  return { url, pid: postmasterPid(dir), stop: async () => void (await runCommand(PG_SERVER, ['stop', dir])) };
}

export interface LoopdeskServer {
  baseUrl: string;
  pid: number;
  stop(): Promise<void>;
}

/**
 * `loopdesk start` in a child process, answered once GET /health says ok. nodeArgs go to
 * node itself (e.g. --cpu-prof); a profile is written when stop() lets the server exit.
 */
export async function startLoopdesk(store: Store, options: { nodeArgs?: string[]; env?: NodeJS.ProcessEnv } = {}): Promise<LoopdeskServer> {
  const port = await freePort();
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), CLI, 'start', '--port', String(port), '--data', store.dataDir, '--no-demo'], {
    cwd: REPO, env: { ...process.env, ...storeEnv(store), ...options.env }, stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const keep = (chunk: Buffer) => void (output = (output + chunk.toString('utf8')).slice(-4000));
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const baseUrl = `http://127.0.0.1:${port}`;
  try {
    await waitForHealth(baseUrl, child, exited);
  } catch (error) {
    child.kill('SIGKILL');
    throw new Error(`${(error as Error).message}\n--- server output ---\n${output}`);
  }
  return {
    baseUrl,
    pid: child.pid!,
    stop: async () => {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM'); // the server drains, closes its database and exits
      const code = await Promise.race([exited, new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), 20_000))]);
      if (code === 'timeout') child.kill('SIGKILL');
    },
  };
}

async function waitForHealth(baseUrl: string, child: ChildProcess, exited: Promise<number | null>): Promise<void> {
  const deadline = Date.now() + 120_000;
  let stopped = false;
  void exited.then(() => (stopped = true));
  while (Date.now() < deadline) {
    if (stopped) throw new Error(`loopdesk start exited with code ${child.exitCode}`);
    try {
      const response = await fetch(`${baseUrl}/health`);
      if (response.ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('loopdesk start did not answer /health within 120 s');
}
