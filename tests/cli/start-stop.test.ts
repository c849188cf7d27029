/**
 * The real command line, as a user runs it: create a tenant, start, report a ticket, stop with
 * SIGTERM, start again and find the ticket. On PGlite a second process is refused the data dir.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const BIN = path.resolve('bin/loopdesk.js');
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'loopdesk-cli-'));
const env = { ...process.env, DATA_DIR: dataDir, LOG_LEVEL: 'warn', DATABASE_URL: process.env.TEST_DATABASE_URL ?? '' };
const slug = `cli-${Date.now().toString(36)}`;
const children: ChildProcess[] = [];

afterAll(() => {
  for (const child of children) child.kill('SIGKILL');
  fs.rmSync(dataDir, { recursive: true, force: true });
});

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

async function startServer(port: number): Promise<{ child: ChildProcess; output: () => string }> {
  const child = spawn(process.execPath, [BIN, 'start', '--port', String(port), '--no-demo'], { env });
  children.push(child);
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  for (let i = 0; i < 120; i++) {
    if (output.includes('is running')) return { child, output: () => output };
    if (child.exitCode !== null) throw new Error(`server exited: ${output}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`server did not start: ${output}`);
}

const exited = (child: ChildProcess) => new Promise<number | null>((resolve) => {
  if (child.exitCode !== null) resolve(child.exitCode);
  else child.once('exit', (code) => resolve(code));
});

describe('loopdesk on the command line', () => {
  it('keeps every ticket across a stop and a start', async () => {
    const created = await run(process.execPath, [BIN, 'tenant', 'create', '--slug', slug, '--name', '测试公司',
      '--admin-email', 'boss@cli.test', '--admin-password', 'cli-password'], { env });
    expect(created.stdout).toContain(`Tenant "${slug}" created`);

    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const first = await startServer(port);
    expect(first.output()).toContain(`${'http://127.0.0.1:'}${port}`);
    const login = await fetch(`${base}/api/v1/auth/login`, {
      method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ tenant: slug, email: 'boss@cli.test', password: 'cli-password' }),
    }).then((response) => response.json()) as { token: string };
    const ticket = await fetch(`${base}/api/v1/tickets`, {
      method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${login.token}` },
      body: JSON.stringify({ description: '重启后工单还在吗' }),
    }).then((response) => response.json()) as { id: string };

    if (!process.env.TEST_DATABASE_URL) {
      // PGlite is one process: a second one must refuse the data directory, not corrupt it.
      const second = await run(process.execPath, [BIN, 'migrate'], { env }).catch((error) => error);
      expect(second.code).not.toBe(0);
      expect(second.stderr).toMatch(/in use by process \d+/);
    }

    first.child.kill('SIGTERM');
    expect(await exited(first.child)).toBe(0);

    const again = await startServer(port);
    const found = await fetch(`${base}/api/v1/tickets/${ticket.id}`, { headers: { authorization: `Bearer ${login.token}` } });
    expect(found.status).toBe(200);
    expect(((await found.json()) as { description: string }).description).toBe('重启后工单还在吗');
    again.child.kill('SIGTERM');
    expect(await exited(again.child)).toBe(0);
  }, 120_000);

  it('explains its commands and refuses an unknown one', async () => {
    const help = await run(process.execPath, [BIN, 'help'], { env });
    expect(help.stdout).toContain('loopdesk <command>');
    const unknown = await run(process.execPath, [BIN, 'fly'], { env }).catch((error) => error);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('Unknown command "fly"');
  });
});
