/** The in-app inbox and a person's preferences, through the HTTP API. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { notify } from '../../src/modules/notify/index.ts';
import { ManualClock } from '../../src/platform/clock.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { createTenant, type TestTenant } from '../support/factories.ts';
import { insertTicketIn } from '../support/tickets.ts';

let app: TestApp;
let t: TestTenant;
let other: TestTenant;
let mine: string[];
let theirs: string;
const clock = new ManualClock('2026-11-24T02:00:00Z');

beforeAll(async () => {
  app = await startTestApp({ clock });
  [t, other] = [await createTenant(app), await createTenant(app)];
  const ticket = await insertTicketIn(app, t.tenant.id, { status: 'dispatched' });
  const send = async (template: 'ticket.offered' | 'sla.reminder' | 'sla.breached', userIds: string[]) =>
    (await notify(app.ctx.db, { tenantId: t.tenant.id, template, userIds, ticketId: ticket.id, data: { number: ticket.number }, now: app.ctx.clock.now() })).notificationIds;
  mine = [...await send('ticket.offered', [t.engineer.id]), ...await send('sla.reminder', [t.engineer.id]), ...await send('sla.breached', [t.engineer.id])];
  [theirs] = await send('ticket.offered', [t.engineer2.id]);
});
afterAll(() => app.close());

describe('my notifications', () => {
  it('lists mine only, newest first, by cursor', async () => {
    const first = await app.request('GET', '/api/v1/notifications?limit=2', { token: t.engineer.token });
    expect(first.status).toBe(200);
    expect(first.body.items.map((item: { id: string }) => item.id)).toEqual([mine[2], mine[1]]);
    expect(first.body.items[0]).toMatchObject({
      template: 'sla.breached', title: expect.stringContaining('SLA 已超时'), urgent: false, readAt: null, data: { number: expect.any(String) },
    });
    const second = await app.request('GET', `/api/v1/notifications?limit=2&cursor=${first.body.nextCursor}`, { token: t.engineer.token });
    expect(second.body).toEqual({ items: [expect.objectContaining({ id: mine[0] })], nextCursor: null });
    expect((await app.request('GET', '/api/v1/notifications?cursor=bm9wZQ', { token: t.engineer.token })).status).toBe(400);
  });

  it('counts, marks read one by one and all at once, and lists only the unread on request', async () => {
    const count = async () => (await app.request('GET', '/api/v1/notifications/unread-count', { token: t.engineer.token })).body;
    expect(await count()).toEqual({ count: 3, capped: false });

    clock.advance(60);
    const read = await app.request('POST', `/api/v1/notifications/${mine[0]}/read`, { token: t.engineer.token });
    expect(read.status).toBe(200);
    expect(read.body.readAt).toBe('2026-11-24T02:01:00.000Z');
    clock.advance(60);
    const again = await app.request('POST', `/api/v1/notifications/${mine[0]}/read`, { token: t.engineer.token });
    expect(again.body.readAt).toBe('2026-11-24T02:01:00.000Z'); // read once, when it was first read
    expect(await count()).toEqual({ count: 2, capped: false });
    const unread = await app.request('GET', '/api/v1/notifications?unread=true', { token: t.engineer.token });
    expect(unread.body.items.map((item: { id: string }) => item.id)).toEqual([mine[2], mine[1]]);

    const all = await app.request('POST', '/api/v1/notifications/read-all', { token: t.engineer.token });
    expect(all.body).toEqual({ updated: 2 });
    expect(await count()).toEqual({ count: 0, capped: false });
    // Someone else's inbox is untouched.
    expect((await app.request('GET', '/api/v1/notifications/unread-count', { token: t.engineer2.token })).body.count).toBe(1);
  });

  it('answers 404 for someone else\'s notification, in the tenant or another, and changes nothing', async () => {
    for (const token of [t.engineer.token, other.engineer.token, t.admin.token]) {
      const answer = await app.request('POST', `/api/v1/notifications/${theirs}/read`, { token });
      expect(answer.status).toBe(404);
      expect(answer.body.error.code).toBe('not_found');
    }
    expect((await app.request('GET', '/api/v1/notifications?unread=true', { token: t.engineer2.token })).body.items[0].id).toBe(theirs);
    expect((await app.request('GET', '/api/v1/notifications')).status).toBe(401);
  });
});

describe('my notification preferences', () => {
  it('starts from the defaults: email on, SMS only when urgent, no quiet hours', async () => {
    const answer = await app.request('GET', '/api/v1/me/notification-preferences', { token: t.engineer.token });
    expect(answer.body).toEqual({ channels: { email: true, sms: false }, quietHours: null, available: { email: false, sms: false } });
  });

  it('saves channels and quiet hours, and shows them back', async () => {
    const body = { channels: { email: false, sms: true }, quietHours: { start: '22:30', end: '07:00' } };
    const saved = await app.request('PUT', '/api/v1/me/notification-preferences', { token: t.engineer.token, body });
    expect(saved.status).toBe(200);
    expect(saved.body).toEqual({ ...body, available: { email: false, sms: false } });
    expect((await app.request('GET', '/api/v1/me/notification-preferences', { token: t.engineer.token })).body).toEqual(saved.body);
    // Someone else keeps the defaults.
    expect((await app.request('GET', '/api/v1/me/notification-preferences', { token: t.engineer2.token })).body.channels).toEqual({ email: true, sms: false });
  });

  it.each([
    [{ channels: { email: true, sms: false }, quietHours: { start: '25:00', end: '07:00' } }, 'quietHours.start must be a time of day as HH:MM, from 00:00 to 23:59; got "25:00".'],
    [{ channels: { email: true, sms: false }, quietHours: { start: '22:00', end: '7' } }, 'quietHours.end must be a time of day as HH:MM, from 00:00 to 23:59; got "7".'],
    [{ channels: { email: true, sms: false }, quietHours: { start: '22:00', end: '22:00' } }, 'quietHours.start and quietHours.end must differ; send quietHours: null for none.'],
    [{ channels: { email: true }, quietHours: null }, 'Invalid body: channels must have required property \'sms\'.'],
    [{ channels: { email: 'yes', sms: false }, quietHours: null }, 'Invalid body: channels/email must be boolean.'],
  ])('refuses %j with 400: %s', async (body, message) => {
    const answer = await app.request('PUT', '/api/v1/me/notification-preferences', { token: t.engineer2.token, body });
    expect(answer.status).toBe(400);
    expect(answer.body.error).toMatchObject({ code: 'invalid_input', message });
  });
});

describe('notifications in /openapi.json', () => {
  it('documents every notification route with a summary', async () => {
    const paths = (await app.request('GET', '/openapi.json')).body.paths as Record<string, Record<string, { summary?: string }>>;
    const routes = [
      'get /api/v1/notifications', 'get /api/v1/notifications/unread-count', 'post /api/v1/notifications/{id}/read',
      'post /api/v1/notifications/read-all', 'get /api/v1/notifications/stream',
      'get /api/v1/me/notification-preferences', 'put /api/v1/me/notification-preferences',
      'get /api/v1/admin/notification-channels', 'post /api/v1/admin/notification-channels', 'get /api/v1/admin/notification-channels/{id}',
      'patch /api/v1/admin/notification-channels/{id}', 'delete /api/v1/admin/notification-channels/{id}',
      'post /api/v1/admin/notification-channels/{id}/test',
    ];
    for (const route of routes) {
      const [method, path] = route.split(' ');
      expect(paths[path]?.[method]?.summary, route).toEqual(expect.any(String));
    }
  });
});
