/**
 * The eradication rate on a known fixture: tickets closed on one day, some followed by a similar
 * ticket within 30 days (same device; same error code; same customer and type), counted per
 * type, engineer and device model once their window has ended.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/platform/clock.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { createTenant, type TestTenant, type TestUser } from '../support/factories.ts';
import { act, withoutDuplicateGuard } from './dispatch-support.ts';

const DAY = 24 * 3600;
const T0 = '2026-10-01T02:00:00.000Z';
const clock = new ManualClock(T0);
let app: TestApp;
let t: TestTenant;
/** Where the fixture's closed tickets are: [from, to) around T0 and T0 + 20 days. */
const PERIOD = `from=2026-09-30T00:00:00Z&to=2026-10-31T00:00:00Z`;

async function report(body: Record<string, unknown>) {
  const created = await app.request('POST', '/api/v1/tickets', { token: t.requester.token, body: { description: '设备故障停机', ...body } });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  return created.body.id as string;
}

/** A ticket worked and closed by the engineer now. */
async function closedBy(engineer: TestUser, body: Record<string, unknown>) {
  const id = await report(body);
  const steps: [string, string, object][] = [
    [t.dispatcher.token, 'dispatch', { assigneeId: engineer.id }], [engineer.token, 'accept', {}], [engineer.token, 'start', {}],
    [engineer.token, 'resolve', { solution: '更换损坏部件，试机正常' }], [t.dispatcher.token, 'close', {}],
  ];
  for (const [token, action, input] of steps) {
    const response = await act(app, token, id, action, input);
    expect(response.status, `${action}: ${JSON.stringify(response.body)}`).toBe(200);
  }
  return id;
}

async function device(model: string) {
  const created = await app.request('POST', '/api/v1/devices', { token: t.admin.token, body: { serial: `ER-${Math.random().toString(36).slice(2, 10)}`, model } });
  return created.body.id as string;
}

const eradication = (by: string, token = t.manager.token) =>
  app.request('GET', `/api/v1/analytics/eradication?by=${by}&${PERIOD}`, { token });

beforeAll(async () => {
  app = await startTestApp({ clock });
  t = await createTenant(app);
  await withoutDuplicateGuard(app, t);
  const form = { type: 'object', properties: { errorCode: { type: 'string', 'x-widget': 'text', title: '故障码' } } };
  for (const type of ['repair', 'maintenance']) {
    expect((await app.request('PATCH', `/api/v1/ticket-types/${type}`, { token: t.admin.token, body: { formSchema: form } })).status).toBe(200);
  }
  const customer = (await app.request('POST', '/api/v1/customers', { token: t.admin.token, body: { name: '苏州恒通机械' } })).body.id;
  const [d1, d2, d3] = [await device('HX-200'), await device('KM-50'), await device('HX-200')];

  // Closed at T0 (engineer 甲 = engineer, 乙 = engineer2):
  await closedBy(t.engineer, { deviceId: d1 }); //                         A repair,  HX-200, 甲: followed on d1 at +10 d
  await closedBy(t.engineer2, { deviceId: d2 }); //                        B repair,  KM-50,  乙: only a cancelled follow-up
  await closedBy(t.engineer, { deviceId: d3, type: 'maintenance' }); //    C maint.,  HX-200, 甲: followed on d3 at +40 d, too late
  await closedBy(t.engineer2, { fields: { errorCode: 'E-9' } }); //         D repair,  none,   乙: followed by `e-9 ` at +5 d
  await closedBy(t.engineer, { customerId: customer }); //                 E repair,  none,   甲: the customer's next ticket is maintenance
  clock.advance(5 * DAY);
  await report({ fields: { errorCode: 'e-9 ' }, type: 'maintenance' });
  await report({ customerId: customer, type: 'maintenance' });
  clock.advance(3 * DAY);
  const cancelled = await report({ deviceId: d2 });
  expect((await act(app, t.requester.token, cancelled, 'cancel', { reason: '误报' })).status).toBe(200);
  clock.advance(2 * DAY);
  await report({ deviceId: d1 });
  clock.advance(10 * DAY);
  await closedBy(t.engineer2, { type: 'maintenance' }); //                  F maint.,  none,   乙: closed at +20 d
  clock.advance(20 * DAY);
  await report({ deviceId: d3, type: 'maintenance' });
  clock.set('2026-11-15T02:00:00Z'); // T0 + 45 d: A–E are judged, F's window runs to T0 + 50 d
});
afterAll(() => app.close());

describe('eradication rate', () => {
  it('counts per ticket type, with its Chinese name', async () => {
    const response = await eradication('type');
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    expect(response.body).toMatchObject({ by: 'type', windowDays: 30, pending: 1, total: { closed: 5, eradicated: 3, rate: 0.6 } });
    expect(response.body.groups).toEqual([
      { key: 'repair', label: '设备报修', labelEn: 'Repair', closed: 4, eradicated: 2, rate: 0.5, pending: 0 },
      { key: 'maintenance', label: '保养维护', labelEn: 'Maintenance', closed: 1, eradicated: 1, rate: 1, pending: 1 },
    ]);
  });

  it('counts per engineer, with their names', async () => {
    const response = await eradication('engineer');
    expect(response.body.groups).toEqual([
      { key: t.engineer.id, label: '工程师甲', labelEn: '工程师甲', closed: 3, eradicated: 2, rate: 0.6667, pending: 0 },
      { key: t.engineer2.id, label: '工程师乙', labelEn: '工程师乙', closed: 2, eradicated: 1, rate: 0.5, pending: 1 },
    ]);
  });

  it('counts per device model, tickets without a device apart', async () => {
    const response = await eradication('deviceModel');
    expect(response.body.groups).toEqual(expect.arrayContaining([
      { key: 'HX-200', label: 'HX-200', labelEn: 'HX-200', closed: 2, eradicated: 1, rate: 0.5, pending: 0 },
      { key: null, label: '未关联设备', labelEn: 'No device', closed: 2, eradicated: 1, rate: 0.5, pending: 1 },
      { key: 'KM-50', label: 'KM-50', labelEn: 'KM-50', closed: 1, eradicated: 1, rate: 1, pending: 0 },
    ]));
    expect(response.body.groups).toHaveLength(3);
  });

  it('judges nothing while the windows are still open', async () => {
    clock.set('2026-10-25T02:00:00Z');
    try {
      const response = await eradication('type');
      expect(response.body).toMatchObject({ pending: 6, total: { closed: 0, eradicated: 0, rate: null } });
    } finally {
      clock.set('2026-11-15T02:00:00Z');
    }
  });

  it('counts only the tickets closed in [from, to)', async () => {
    const period = (from: string, to: string) =>
      app.request('GET', `/api/v1/analytics/eradication?by=type&from=${from}&to=${to}`, { token: t.dispatcher.token });
    // F closed at 2026-10-21T02:00:00Z, the others at T0.
    expect((await period('2026-10-02T00:00:00Z', '2026-10-21T02:00:01Z')).body).toMatchObject({ pending: 1, total: { closed: 0 } });
    expect((await period('2026-10-02T00:00:00Z', '2026-10-21T02:00:00Z')).body).toMatchObject({ pending: 0, total: { closed: 0 } });
    expect((await period(T0, '2026-10-01T02:00:01Z')).body).toMatchObject({ pending: 0, total: { closed: 5 } });
    const bad = await app.request('GET', '/api/v1/analytics/eradication?from=2026-10-21T00:00:00Z&to=2026-10-01T00:00:00Z', { token: t.admin.token });
    expect(bad.status).toBe(400);
    expect((await app.request('GET', '/api/v1/analytics/eradication?by=customer', { token: t.admin.token })).status).toBe(400);
  });

  it('answers admins, managers, dispatchers and experts only, each with their own tenant\'s tickets', async () => {
    for (const reader of [t.admin, t.manager, t.dispatcher, t.expert]) expect((await eradication('type', reader.token)).status).toBe(200);
    for (const outsider of [t.engineer, t.finance, t.requester]) expect((await eradication('type', outsider.token)).status).toBe(403);
    const other = await createTenant(app);
    const theirs = await eradication('type', other.manager.token);
    expect(theirs.body).toMatchObject({ groups: [], pending: 0, total: { closed: 0, eradicated: 0, rate: null } });
  });
});
