import { sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../../tests/support/app.ts';
import { openTestDatabase } from '../../../tests/support/database.ts';
import { createTenant, type TestTenant } from '../../../tests/support/factories.ts';
import { ManualClock } from '../clock.ts';
import type { Database } from '../db/connect.ts';
import { createRunner, type Runner } from './runner.ts';
import { getJob, schedule } from './sql.ts';
import { openRunnerTestDatabase } from './testing.ts';
import type { JobHandlers } from './types.ts';

let database: Database;
let app: TestApp;
let clock: ManualClock;
let t: TestTenant;
let other: TestTenant;
let runner: Runner;
let receiverUp = false;

const handlers: JobHandlers = new Map([
  ['notify.send', async () => {
    if (!receiverUp) throw new Error('企业微信接口超时');
  }],
]);

const add = (tenant: TestTenant, kind = 'notify.send', maxAttempts = 2) => schedule(database.db, {
  tenantId: tenant.tenant.id, kind, payload: { to: tenant.engineer.id }, runAt: clock.now(), now: clock.now(), maxAttempts,
});

/** Runs the job until its attempts are used up. */
async function makeDead(tenant: TestTenant): Promise<string> {
  const { id } = await add(tenant);
  for (let i = 0; i < 3; i++) {
    await runner.runOnce();
    clock.advance(3600);
  }
  expect((await getJob(database.db, tenant.tenant.id, id))!.status).toBe('dead');
  return id;
}

beforeAll(async () => {
  clock = new ManualClock();
  database = await openRunnerTestDatabase(openTestDatabase);
  app = await startTestApp({ clock, database });
  [t, other] = [await createTenant(app), await createTenant(app)];
  runner = createRunner({ ctx: app.ctx, handlers, workerId: 'worker-admin-test' });
});
afterAll(async () => {
  await app.close();
  await database.close();
});
beforeEach(async () => {
  receiverUp = false;
  await sql`DELETE FROM due_work`.execute(database.db);
});

describe('GET /api/v1/admin/jobs', () => {
  it('shows an admin the dead jobs of the tenant with their last error', async () => {
    const id = await makeDead(t);
    await add(t); // pending, not dead
    const answer = await app.request('GET', '/api/v1/admin/jobs?status=dead', { token: t.admin.token });
    expect(answer.status).toBe(200);
    expect(answer.body.items).toEqual([expect.objectContaining({
      id, kind: 'notify.send', status: 'dead', attempts: 2, maxAttempts: 2, lastError: '企业微信接口超时',
      payload: { to: t.engineer.id }, payloadVersion: 1, lockedBy: 'worker-admin-test', lockedUntil: null,
    })]);
    expect(answer.body.nextCursor).toBeNull();
  });

  it('pages by cursor, newest first, every job once', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push((await add(t)).id);
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const answer: { status: number; body: any } = await app.request('GET', `/api/v1/admin/jobs?status=pending&limit=2${cursor ? `&cursor=${cursor}` : ''}`, { token: t.admin.token });
      expect(answer.status).toBe(200);
      seen.push(...answer.body.items.map((item: { id: string }) => item.id));
      cursor = answer.body.nextCursor;
      pages++;
    } while (cursor);
    expect(pages).toBe(3);
    expect(seen).toEqual([...ids].reverse());
  });

  it('shows nothing of another tenant, and nothing to anyone but an admin', async () => {
    await makeDead(t);
    const otherAdmin = await app.request('GET', '/api/v1/admin/jobs', { token: other.admin.token });
    expect(otherAdmin.body.items).toEqual([]);
    for (const user of [t.dispatcher, t.manager, t.engineer, t.requester]) {
      const answer = await app.request('GET', '/api/v1/admin/jobs?status=dead', { token: user.token });
      expect(answer.status).toBe(403);
      expect(answer.body.error.code).toBe('forbidden');
    }
    expect((await app.request('GET', '/api/v1/admin/jobs')).status).toBe(401);
  });

  it('answers 400 to an unknown status or a cursor it did not give', async () => {
    const status = await app.request('GET', '/api/v1/admin/jobs?status=failed', { token: t.admin.token });
    expect(status.status).toBe(400);
    expect(status.body.error.code).toBe('invalid_input');
    const cursor = await app.request('GET', '/api/v1/admin/jobs?cursor=not-ours', { token: t.admin.token });
    expect(cursor.status).toBe(400);
    expect(cursor.body.error.details).toEqual({ field: 'cursor' });
  });
});

describe('POST /api/v1/admin/jobs/{id}/retry', () => {
  it('brings a dead job back with its attempts reset, and the runner then finishes it', async () => {
    const id = await makeDead(t);
    const answer = await app.request('POST', `/api/v1/admin/jobs/${id}/retry`, { token: t.admin.token });
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ id, status: 'pending', attempts: 0, runAt: clock.now().toISOString() });

    receiverUp = true;
    expect(await runner.runOnce()).toBe(1);
    expect(await getJob(database.db, t.tenant.id, id)).toMatchObject({ status: 'done', attempts: 1 });
  });

  it('refuses with 409 a job that is not dead, and changes nothing', async () => {
    const { id } = await add(t);
    const answer = await app.request('POST', `/api/v1/admin/jobs/${id}/retry`, { token: t.admin.token });
    expect(answer.status).toBe(409);
    expect(answer.body.error).toMatchObject({ code: 'illegal_transition', details: { status: 'pending' } });
  });

  it('answers 404 for another tenant\'s job and 403 for a non-admin, leaving the job dead', async () => {
    const id = await makeDead(t);
    const foreign = await app.request('POST', `/api/v1/admin/jobs/${id}/retry`, { token: other.admin.token });
    expect(foreign.status).toBe(404);
    const dispatcher = await app.request('POST', `/api/v1/admin/jobs/${id}/retry`, { token: t.dispatcher.token });
    expect(dispatcher.status).toBe(403);
    const unknown = await app.request('POST', '/api/v1/admin/jobs/0190c8a2-0000-7000-8000-000000000001/retry', { token: t.admin.token });
    expect(unknown.status).toBe(404);
    expect(await getJob(database.db, t.tenant.id, id)).toMatchObject({ status: 'dead', attempts: 2 });
  });
});
