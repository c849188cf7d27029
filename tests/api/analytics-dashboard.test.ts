/**
 * The dashboard's figures on a known fixture, in the tenant's time zone (Asia/Shanghai): seven
 * tickets over three days, worked through the API with the clock moved, their SLA deadlines
 * set where the test needs them to be. Also the engineer load, the at-risk list, roles and
 * tenant isolation.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/platform/clock.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { createTenant, type TestTenant } from '../support/factories.ts';
import { act, withoutDuplicateGuard } from './dispatch-support.ts';

/** A Shanghai wall-clock time as an instant: '11-24 10:00' is 2026-11-24T02:00Z. */
const local = (when: string) => new Date(`2026-${when.replace(' ', 'T')}:00+08:00`);
const NOW = local('11-24 10:00');
const MINUTE = 60_000;
const clock = new ManualClock(local('10-10 09:00'));
let app: TestApp;
let t: TestTenant;
let other: TestTenant;
const ids: Record<string, string> = {};

async function report(name: string, when: string, body: Record<string, unknown> = {}, tenant = t) {
  clock.set(local(when));
  const created = await app.request('POST', '/api/v1/tickets', {
    token: tenant.requester.token, body: { description: `${name}：设备故障，需要上门检修`, ...body },
  });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  ids[name] = created.body.id;
  return created.body.id as string;
}

async function step(when: string, token: string, name: string, action: string, body: object = {}) {
  clock.set(local(when));
  const response = await act(app, token, ids[name], action, body);
  expect(response.status, `${name} ${action}: ${JSON.stringify(response.body)}`).toBe(200);
}

/** Deadlines where the test wants them, whatever the default policies computed. */
async function deadlines(name: string, response: Date | null, resolve: Date | null) {
  await sql`UPDATE tickets SET response_due_at = ${response}, resolve_due_at = ${resolve} WHERE id = ${ids[name]}`.execute(app.ctx.db);
}

const dashboard = (query = '', token = t.manager.token) => app.request('GET', `/api/v1/analytics/dashboard${query}`, { token });

beforeAll(async () => {
  app = await startTestApp({ clock });
  t = await createTenant(app);
  other = await createTenant(app);
  await withoutDuplicateGuard(app, t);
  const { dispatcher, engineer, engineer2 } = t;

  // October, outside the week and the month: a maintenance job done then.
  await report('I', '10-10 09:00', { type: 'maintenance' });
  await step('10-10 09:10', dispatcher.token, 'I', 'dispatch', { assigneeId: engineer.id });
  await step('10-10 09:20', engineer.token, 'I', 'accept');
  await step('10-10 11:00', engineer.token, 'I', 'resolve', { solution: '更换滤芯' });
  await step('10-10 12:00', dispatcher.token, 'I', 'close');

  // Sunday the 22nd: A answered in 30 minutes, B in 10.
  await report('A', '11-22 10:00');
  await step('11-22 10:20', dispatcher.token, 'A', 'dispatch', { assigneeId: engineer.id });
  await step('11-22 10:30', engineer.token, 'A', 'accept');
  await report('B', '11-22 11:00');
  await step('11-22 11:05', dispatcher.token, 'B', 'dispatch', { assigneeId: engineer2.id });
  await step('11-22 11:10', engineer2.token, 'B', 'accept');
  await step('11-22 11:20', engineer2.token, 'B', 'start');

  // Monday the 23rd: A resolved and closed; C (an emergency) answered in an hour; D withdrawn.
  await step('11-23 08:00', engineer.token, 'A', 'resolve', { solution: '更换传感器' });
  await step('11-23 08:05', dispatcher.token, 'A', 'close');
  await report('C', '11-23 09:00', { type: 'emergency' });
  await step('11-23 09:30', dispatcher.token, 'C', 'dispatch', { assigneeId: engineer.id });
  await step('11-23 10:00', engineer.token, 'C', 'accept');
  await report('D', '11-23 14:00', { type: 'maintenance' });
  await step('11-23 14:30', t.requester.token, 'D', 'cancel', { reason: '已自行处理' });

  // Tuesday the 24th (today): E at 07:00 in Shanghai, still the 23rd in UTC; C resolved; B waits for parts.
  await report('E', '11-24 07:00', { type: 'emergency' });
  await report('F', '11-24 09:00', { type: 'it_incident' });
  await step('11-24 09:30', engineer.token, 'C', 'resolve', { solution: '复位急停回路' });
  await report('G', '11-24 09:31');
  await step('11-24 09:35', dispatcher.token, 'G', 'dispatch', { assigneeId: engineer.id });
  await step('11-24 09:40', engineer2.token, 'B', 'hold', { reason: '等待备件' });

  // The SLA module derives deadlines from the events on every change: set them once all is done.
  // A's response was due at 10:15 (late), B's at 11:30 (in time), C's at 09:15 (late).
  // Now: F overdue, E due in 20 minutes, G in 30, B overdue but on hold (its clock is paused).
  clock.set(NOW);
  await deadlines('A', local('11-22 10:15'), null);
  await deadlines('C', local('11-23 09:15'), null);
  await deadlines('E', new Date(NOW.getTime() + 20 * MINUTE), new Date(NOW.getTime() + 240 * MINUTE));
  await deadlines('F', new Date(NOW.getTime() - 5 * MINUTE), new Date(NOW.getTime() + 600 * MINUTE));
  await deadlines('G', new Date(NOW.getTime() + 30 * MINUTE), new Date(NOW.getTime() + 600 * MINUTE));
  await deadlines('B', local('11-22 11:30'), new Date(NOW.getTime() - 60 * MINUTE));

  // The other tenant's ticket today, overdue: it shows in no figure of the first.
  await report('X', '11-24 08:00', {}, other);
  clock.set(NOW);
  await deadlines('X', new Date(NOW.getTime() - 60 * MINUTE), null);
});
afterAll(() => app.close());

describe('dashboard', () => {
  it('counts today\'s backlog in the tenant\'s day, and its trend over the last 7 days', async () => {
    const response = await dashboard();
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    expect(response.body).toMatchObject({ timeZone: 'Asia/Shanghai', today: '2026-11-24', generatedAt: NOW.toISOString() });
    expect(response.body.backlog).toMatchObject({
      open: 4, unassigned: 2, dispatchFailed: 0, onHold: 1, createdToday: 3, resolvedToday: 1, from: '2026-11-18', to: '2026-11-24',
    });
    expect(response.body.backlog.days).toEqual([
      ...['18', '19', '20', '21'].map((day) => ({ day: `2026-11-${day}`, created: 0, resolved: 0, open: 0 })),
      { day: '2026-11-22', created: 2, resolved: 0, open: 2 },
      { day: '2026-11-23', created: 2, resolved: 1, open: 2 },
      { day: '2026-11-24', created: 3, resolved: 1, open: 4 },
    ]);
  });

  it('counts running SLA clocks overdue or due within the hour, per priority, leaving paused ones out', async () => {
    const { slaRisk } = (await dashboard()).body;
    expect(slaRisk).toEqual({
      withinSeconds: 3600, overdue: 1, dueSoon: 2,
      byPriority: [
        { priority: 'P1', overdue: 0, dueSoon: 1 }, { priority: 'P2', overdue: 0, dueSoon: 0 },
        { priority: 'P3', overdue: 1, dueSoon: 1 }, { priority: 'P4', overdue: 0, dueSoon: 0 },
      ],
    });
  });

  it('measures first-response time of the week\'s tickets: median, 90th percentile, share in time', async () => {
    const { firstResponse } = (await dashboard()).body;
    // Waits of 30, 10 and 60 minutes; E, F and G not answered yet; D was withdrawn unanswered.
    expect(firstResponse).toMatchObject({
      from: '2026-11-18', to: '2026-11-24', responded: 3, waiting: 3, medianSeconds: 1800, p90Seconds: 3240,
    });
    expect(firstResponse.metRate).toBeCloseTo(1 / 3, 5);
    expect(firstResponse.days.slice(4)).toEqual([
      { day: '2026-11-22', responded: 2, medianSeconds: 1200, p90Seconds: 1680 },
      { day: '2026-11-23', responded: 1, medianSeconds: 3600, p90Seconds: 3600 },
      { day: '2026-11-24', responded: 0, medianSeconds: null, p90Seconds: null },
    ]);
  });

  it('ranks the month\'s reports by type with both names, leaving the withdrawn one out', async () => {
    const { faultTypes } = (await dashboard()).body;
    expect(faultTypes).toEqual({
      from: '2026-10-26', to: '2026-11-24', total: 6,
      items: [
        { type: 'repair', nameZh: '设备报修', nameEn: 'Repair', count: 3 },
        { type: 'emergency', nameZh: '紧急故障', nameEn: 'Emergency', count: 2 },
        { type: 'it_incident', nameZh: 'IT 故障', nameEn: 'IT incident', count: 1 },
      ],
    });
    // A longer period reaches October's maintenance job, for every chart.
    const longer = (await dashboard('?days=60')).body;
    expect(longer.faultTypes.items.map((item: { type: string }) => item.type)).toContain('maintenance');
    expect(longer.faultTypes.total).toBe(7);
    expect(longer.backlog.days).toHaveLength(60);
    expect(longer.backlog.days.find((day: { day: string }) => day.day === '2026-10-10')).toEqual({ day: '2026-10-10', created: 1, resolved: 1, open: 0 });
  });

  it('shows each engineer\'s open tickets by status', async () => {
    const { engineerLoad } = (await dashboard()).body;
    expect(engineerLoad).toMatchObject({ engineers: 2, online: 2, open: 2, averageOpen: 1 });
    const byId = new Map(engineerLoad.items.map((item: { userId: string }) => [item.userId, item]));
    expect(byId.get(t.engineer.id)).toEqual({
      userId: t.engineer.id, name: '工程师甲', availability: 'online', dispatched: 1, accepted: 0, inProgress: 0, onHold: 0, open: 1,
    });
    expect(byId.get(t.engineer2.id)).toMatchObject({ dispatched: 0, onHold: 1, open: 1 });
    const board = await app.request('GET', '/api/v1/analytics/engineer-load', { token: t.dispatcher.token });
    expect(board.status).toBe(200);
    expect(board.body.items).toHaveLength(2);
  });

  it('takes a period as from and to, and refuses bad ones with a 400 that names the field', async () => {
    const period = (await dashboard('?from=2026-11-22&to=2026-11-23')).body;
    expect(period.backlog.days).toEqual([
      { day: '2026-11-22', created: 2, resolved: 0, open: 2 },
      { day: '2026-11-23', created: 2, resolved: 1, open: 2 },
    ]);
    expect(period.faultTypes).toMatchObject({ from: '2026-11-22', to: '2026-11-23', total: 3 });
    for (const [query, field] of [
      ['?days=0', 'days'], ['?days=400', 'days'], ['?from=2026-11-01', 'to'], ['?from=2026-11-23&to=2026-11-01', 'from'],
      ['?from=2026-02-30&to=2026-03-01', 'from'], ['?days=7&from=2026-11-01&to=2026-11-02', 'days'], ['?from=2020-01-01&to=2026-01-01', 'from'],
    ] as const) {
      const response = await dashboard(query);
      expect(response.status, query).toBe(400);
      expect(response.body.error.message).toBeTruthy();
      if (!['?days=0', '?days=400'].includes(query)) expect(response.body.error.details.field, query).toBe(field);
    }
  });

  it('is for admins, managers, dispatchers, experts and finance; not engineers or requesters', async () => {
    for (const reader of [t.admin, t.manager, t.dispatcher, t.expert, t.finance]) expect((await dashboard('', reader.token)).status).toBe(200);
    for (const outsider of [t.engineer, t.requester]) {
      expect((await dashboard('', outsider.token)).status).toBe(403);
      expect((await app.request('GET', '/api/v1/analytics/engineer-load', { token: outsider.token })).status).toBe(403);
    }
  });

  it('counts only the caller\'s tenant', async () => {
    const theirs = (await dashboard('', other.manager.token)).body;
    expect(theirs.backlog).toMatchObject({ open: 1, unassigned: 1, createdToday: 1, resolvedToday: 0 });
    expect(theirs.slaRisk).toMatchObject({ overdue: 1, dueSoon: 0 });
    expect(theirs.faultTypes).toMatchObject({ total: 1 });
    expect(theirs.engineerLoad.items.map((item: { userId: string }) => item.userId).sort()).toEqual([other.engineer.id, other.engineer2.id].sort());
  });
});

describe('tickets at risk', () => {
  const atRisk = (token: string, query = '') => app.request('GET', `/api/v1/tickets/at-risk${query}`, { token });
  const numbersOf = (body: { items: { id: string }[] }) => body.items.map((item) => Object.entries(ids).find(([, id]) => id === item.id)?.[0]);

  it('lists the running clocks overdue or due soon, nearest deadline first, with their time left', async () => {
    const response = await atRisk(t.dispatcher.token);
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    expect(numbersOf(response.body)).toEqual(['F', 'E', 'G']);
    expect(response.body.items[0].sla.responseRemainingSeconds).toBe(-300);
    expect(response.body.items[1].sla.responseRemainingSeconds).toBe(1200);
    expect(numbersOf((await atRisk(t.dispatcher.token, '?withinMinutes=25')).body)).toEqual(['F', 'E']);
    expect(numbersOf((await atRisk(t.dispatcher.token, '?limit=1')).body)).toEqual(['F']);
    expect((await atRisk(t.dispatcher.token, '?withinMinutes=0')).status).toBe(400);
  });

  it('shows each caller only the tickets they may see, of their own tenant', async () => {
    expect(numbersOf((await atRisk(t.engineer.token)).body)).toEqual(['G']);
    expect(numbersOf((await atRisk(t.requester.token)).body)).toEqual(['F', 'E', 'G']);
    expect((await atRisk(t.requester2.token)).body.items).toEqual([]);
    expect(numbersOf((await atRisk(other.dispatcher.token)).body)).toEqual(['X']);
  });
});
