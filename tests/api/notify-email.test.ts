/**
 * Email notifications end to end: notify() in a transaction, the runner's notify.deliver job,
 * nodemailer, and a real SMTP server started here. Quiet hours, preferences and the dead letter.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { NOTIFY_DELIVER, notify } from '../../src/modules/notify/index.ts';
import { ManualClock } from '../../src/platform/clock.ts';
import type { Database } from '../../src/platform/db/connect.ts';
import { listJobs } from '../../src/platform/runner/sql.ts';
import { openRunnerTestDatabase } from '../../src/platform/runner/testing.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { openTestDatabase } from '../support/database.ts';
import { addUser, createTenant, type TestTenant } from '../support/factories.ts';
import { insertTicketIn } from '../support/tickets.ts';
import { deliveryRunner, startSmtpServer } from './notify-harness.ts';

let database: Database;
let app: TestApp;
let t: TestTenant;
let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
const clock = new ManualClock('2026-11-24T02:00:00Z'); // 10:00 in Shanghai

const deliveries = () => listJobs(database.db, t.tenant.id, { kind: NOTIFY_DELIVER, limit: 100 });
const send = (request: Partial<Parameters<typeof notify>[1]> & { userIds: string[] }) =>
  notify(app.ctx.db, { tenantId: t.tenant.id, template: 'ticket.assigned', data: {}, now: clock.now(), ...request });

beforeAll(async () => {
  database = await openRunnerTestDatabase(openTestDatabase);
  app = await startTestApp({ clock, database });
  smtp = await startSmtpServer();
  t = await createTenant(app);
  const channel = await app.request('POST', '/api/v1/admin/notification-channels', {
    token: t.admin.token,
    body: { kind: 'email', name: '公司邮箱', config: { host: '127.0.0.1', port: smtp.port, secure: false, from: 'Loopdesk 通知 <noreply@loopdesk.test>' } },
  });
  expect(channel.status).toBe(201);
  expect((await app.request('PATCH', `/api/v1/users/${t.engineer2.id}`, { token: t.admin.token, body: { locale: 'en' } })).status).toBe(200);
});
afterAll(async () => {
  await app.close();
  await smtp.close();
  await database.close();
});
beforeEach(async () => {
  smtp.received.length = 0;
  clock.set('2026-11-24T02:00:00Z');
  await sql`DELETE FROM due_work`.execute(database.db);
  await sql`DELETE FROM notification_preferences`.execute(database.db);
});

describe('email notifications', () => {
  it('mails each recipient in their language through the SMTP server, once the runner delivers', async () => {
    const ticket = await insertTicketIn(app, t.tenant.id, { status: 'dispatched', title: '3号线贴片机停机' });
    await send({
      userIds: [t.engineer.id, t.engineer2.id], ticketId: ticket.id,
      data: { number: ticket.number, title: '3号线贴片机停机', priority: 'P2', dueAt: '2026-11-24T06:30:00Z', url: `https://desk.example.com/tickets/${ticket.id}` },
    });
    expect(smtp.received).toHaveLength(0); // nothing leaves before the runner takes the job

    expect(await deliveryRunner(app).runOnce()).toBe(2);
    const jobs = await deliveries();
    expect(jobs.map((job) => job.status)).toEqual(['done', 'done']);

    const chinese = smtp.received.find((mail) => mail.to[0] === t.engineer.email)!;
    expect(chinese.subject).toBe(`【P2】工单已指派给您：${ticket.number}`);
    expect(chinese.text).toBe(`问题：3号线贴片机停机\n请在 11-24 14:30 前响应\n请及时处理。\n\n查看工单: https://desk.example.com/tickets/${ticket.id}`);
    expect(chinese.from).toBe('noreply@loopdesk.test');
    const english = smtp.received.find((mail) => mail.to[0] === t.engineer2.email)!;
    expect(english.subject).toBe(`[P2] Ticket assigned to you: ${ticket.number}`);
    expect(english.text).toContain('Please respond by 11-24 14:30.');
    expect(english.text).toContain('Open the ticket: https://desk.example.com/tickets/');

    // The delivery's job id travels as the idempotency key, the same on every retry.
    const jobOf = (mail: typeof chinese) => jobs.find((job) => job.payload.to === mail.to[0])!.id;
    expect(chinese.headers.get('x-loopdesk-delivery')).toBe(jobOf(chinese));
    expect(chinese.headers.get('message-id')).toBe(`<${jobOf(chinese)}@loopdesk.test>`);
  });

  it('writes nothing and sends nothing when the caller\'s transaction rolls back', async () => {
    await expect(app.ctx.db.transaction().execute(async (trx) => {
      await notify(trx, { tenantId: t.tenant.id, template: 'sla.escalated', userIds: [t.engineer.id], data: {}, now: clock.now() });
      throw new Error('the escalation failed');
    })).rejects.toThrow('the escalation failed');
    expect(await deliveries()).toHaveLength(0);
    const inbox = await app.request('GET', '/api/v1/notifications', { token: t.engineer.token });
    expect(inbox.body.items.filter((item: { template: string }) => item.template === 'sla.escalated')).toHaveLength(0);
  });

  it('skips duplicates, unknown and inactive people, and people who switched email off', async () => {
    const leaver = await addUser(app, t.tenant.id, { roles: ['engineer'] });
    expect((await app.request('PATCH', `/api/v1/users/${leaver.id}`, { token: t.admin.token, body: { active: false } })).status).toBe(200);
    expect((await app.request('PUT', '/api/v1/me/notification-preferences', {
      token: t.dispatcher.token, body: { channels: { email: false, sms: false }, quietHours: null },
    })).status).toBe(200);

    const { notificationIds } = await send({
      userIds: [t.engineer.id, t.engineer.id, leaver.id, '0190a1b2-0000-7000-8000-000000000000', 'not-a-uuid', t.dispatcher.id],
    });
    expect(notificationIds).toHaveLength(2); // the engineer once, the dispatcher in-app only
    expect((await deliveries()).map((job) => job.payload.to)).toEqual([t.engineer.email]);
  });

  it('holds a non-urgent email during quiet hours until they end, and sends an urgent one at once', async () => {
    expect((await app.request('PUT', '/api/v1/me/notification-preferences', {
      token: t.engineer.token, body: { channels: { email: true, sms: false }, quietHours: { start: '22:00', end: '08:00' } },
    })).status).toBe(200);
    clock.set('2026-11-24T15:00:00Z'); // 23:00 in Shanghai

    await send({ template: 'sla.reminder', userIds: [t.engineer.id], data: { number: 'WO-20261124-0007' } });
    await send({ template: 'sla.escalated', userIds: [t.engineer.id], data: { number: 'WO-20261124-0008', priority: 'P1' }, urgent: true });
    const jobs = await deliveries();
    expect(jobs.map((job) => [job.payload.title, job.runAt.toISOString()]).sort()).toEqual([
      ['SLA 即将到期：WO-20261124-0007', '2026-11-25T00:00:00.000Z'], // 08:00 in Shanghai
      ['【P1】工单已升级：WO-20261124-0008', '2026-11-24T15:00:00.000Z'],
    ]);
    const unread = await app.request('GET', '/api/v1/notifications/unread-count', { token: t.engineer.token });
    expect(unread.body.count).toBeGreaterThanOrEqual(2); // in-app is never held

    await deliveryRunner(app).runOnce();
    expect(smtp.received.map((mail) => mail.subject)).toEqual(['【P1】工单已升级：WO-20261124-0008']);
    clock.set('2026-11-25T00:00:00Z');
    await deliveryRunner(app).runOnce();
    expect(smtp.received.map((mail) => mail.subject)).toEqual(['【P1】工单已升级：WO-20261124-0008', 'SLA 即将到期：WO-20261124-0007']);
  });

  it('logs in with the stored password for an admin\'s test mail, and answers 502 with the server\'s refusal', async () => {
    const guarded = await startSmtpServer({ user: 'desk@loopdesk.test', pass: 'p@ss 密码' });
    try {
      const created = await app.request('POST', '/api/v1/admin/notification-channels', {
        token: t.admin.token,
        body: {
          kind: 'email', name: '需要登录的邮箱', active: false, // the tenant's active one stays; a test needs none
          config: { host: '127.0.0.1', port: guarded.port, secure: false, user: 'desk@loopdesk.test', pass: 'p@ss 密码', from: 'desk@loopdesk.test' },
        },
      });
      const test = (body?: unknown) => app.request('POST', `/api/v1/admin/notification-channels/${created.body.id}/test`, { token: t.admin.token, body });
      const sent = await test();
      expect(sent.status).toBe(200);
      expect(sent.body).toEqual({ sent: true, to: t.admin.email });
      expect(guarded.received.map((mail) => [mail.to[0], mail.subject])).toEqual([[t.admin.email, 'Loopdesk 测试消息']]);

      await app.request('PATCH', `/api/v1/admin/notification-channels/${created.body.id}`, { token: t.admin.token, body: { config: { pass: 'wrong' } } });
      const refused = await test({ to: 'someone@example.com' });
      expect(refused.status).toBe(502);
      expect(refused.body.error.code).toBe('delivery_failed');
      expect(refused.body.error.message).toMatch(/^The mail server 127\.0\.0\.1:\d+ did not take the message: .*535/);
      expect(refused.body.error.message).not.toContain('wrong');
    } finally {
      await guarded.close();
    }
  });

  it('retries a mail the server refuses, then leaves it dead with the server\'s answer', async () => {
    const bounce = await addUser(app, t.tenant.id, { roles: ['engineer'], email: `bounce@${t.tenant.slug}.test` });
    await send({ userIds: [bounce.id] });
    const runner = deliveryRunner(app);
    for (let attempt = 1; attempt <= 5; attempt++) {
      await runner.runOnce();
      const [job] = await deliveries();
      expect(job.attempts).toBe(attempt);
      expect(job.status).toBe(attempt < 5 ? 'pending' : 'dead');
      clock.advance(3600);
    }
    const [dead] = await deliveries();
    expect(dead.lastError).toMatch(/^The mail server 127\.0\.0\.1:\d+ did not take the message: .*550 5\.1\.1 Mailbox does not exist/);
    expect(smtp.received).toHaveLength(0);
  });
});
