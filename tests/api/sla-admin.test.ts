/** Admin routes of SLA: calendars and policies, what they refuse and why, roles and tenants. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.ts';
import { createTenant, type TestTenant } from '../support/factories.ts';

let app: TestApp;
let t: TestTenant;
let other: TestTenant;
beforeAll(async () => {
  app = await startTestApp();
  [t, other] = [await createTenant(app), await createTenant(app)];
});
afterAll(() => app.close());

const CALENDARS = '/api/v1/admin/sla/calendars';
const POLICIES = '/api/v1/admin/sla/policies';
const nineToSix = [{ start: '09:00', end: '18:00' }];
const weekdays = { 1: nineToSix, 2: nineToSix, 3: nineToSix, 4: nineToSix, 5: nineToSix };

const as = (user: { token: string }) => ({
  get: (url: string) => app.request('GET', url, { token: user.token }),
  post: (url: string, body: unknown) => app.request('POST', url, { token: user.token, body }),
  patch: (url: string, body: unknown) => app.request('PATCH', url, { token: user.token, body }),
  delete: (url: string) => app.request('DELETE', url, { token: user.token }),
});

const policy = (overrides: Record<string, unknown> = {}) => ({
  name: '测试策略', position: 1, responseSeconds: 900, resolveSeconds: 14_400, ...overrides,
});
const step = (overrides: Record<string, unknown> = {}) => ({
  key: 'remind', name: '提醒处理人', clock: 'response', offsetSeconds: -300, actions: [{ type: 'notify', to: { assignee: true } }], ...overrides,
});

async function countRows(table: 'sla_calendars' | 'sla_policies', tenantId = t.tenant.id) {
  const row = await app.ctx.db.selectFrom(table).select((eb) => eb.fn.countAll<string>().as('n')).where('tenant_id', '=', tenantId).executeTakeFirstOrThrow();
  return Number(row.n);
}

describe('calendars', () => {
  it('are created, read, changed and deleted by an admin, normalized and defaulting to Asia/Shanghai', async () => {
    const admin = as(t.admin);
    const created = await admin.post(CALENDARS, { name: '上海工作日', week: { 1: [{ start: '13:00', end: '18:00' }, { start: '09:00', end: '12:00' }] } });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      name: '上海工作日', timeZone: 'Asia/Shanghai', holidays: [], workdays: [],
      week: { 0: [], 1: [{ start: '09:00', end: '12:00' }, { start: '13:00', end: '18:00' }], 6: [] },
    });
    const id = created.body.id;
    expect((await as(t.dispatcher).get(`${CALENDARS}/${id}`)).body.name).toBe('上海工作日');
    expect((await as(t.manager).get(CALENDARS)).body.items.map((c: { id: string }) => c.id)).toContain(id);

    const changed = await admin.patch(`${CALENDARS}/${id}`, { name: '上海工作日（新）', holidays: ['2026-12-25'] });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ name: '上海工作日（新）', holidays: ['2026-12-25'], week: { 1: [{ start: '09:00', end: '12:00' }, { start: '13:00', end: '18:00' }] } });

    expect((await admin.delete(`${CALENDARS}/${id}`)).status).toBe(204);
    expect((await admin.get(`${CALENDARS}/${id}`)).status).toBe(404);
  });

  it('imports China\'s official holidays and make-up workdays for the shipped years', async () => {
    const admin = as(t.admin);
    const { body: calendar } = await admin.post(CALENDARS, { name: '含法定节假日', week: weekdays, holidays: ['2026-12-24'] });
    const imported = await admin.post(`${CALENDARS}/${calendar.id}/china-holidays`, { years: [2025, 2026] });
    expect(imported.status).toBe(200);
    expect(imported.body.holidays).toHaveLength(28 + 33 + 1);
    expect(imported.body.holidays).toEqual(expect.arrayContaining(['2026-10-01', '2026-10-07', '2025-01-28', '2026-12-24']));
    expect(imported.body.workdays).toEqual(expect.arrayContaining(['2026-10-10', '2026-02-14', '2025-01-26']));
    // Importing again changes nothing: the days are merged, not repeated.
    expect((await admin.post(`${CALENDARS}/${calendar.id}/china-holidays`, { years: [2026] })).body.holidays).toHaveLength(62);
  });

  it('refuses a year whose official schedule is not shipped, naming those that are, and writes nothing', async () => {
    const admin = as(t.admin);
    const { body: calendar } = await admin.post(CALENDARS, { name: '未知年份', week: weekdays });
    const refused = await admin.post(`${CALENDARS}/${calendar.id}/china-holidays`, { years: [2026, 2031] });
    expect(refused.status).toBe(400);
    expect(refused.body.error.message).toMatch(/2031 is not available; available years: 2025, 2026/);
    expect((await admin.get(`${CALENDARS}/${calendar.id}`)).body.holidays).toEqual([]);
  });

  it.each([
    ['no working hours at all', { name: '空', week: {} }, /no working hours/],
    ['a window that ends before it starts', { name: '倒', week: { 1: [{ start: '18:00', end: '09:00' }] } }, /not after the start/],
    ['overlapping windows', { name: '叠', week: { 1: [{ start: '09:00', end: '13:00' }, { start: '12:00', end: '18:00' }] } }, /overlap/],
    ['an unknown time zone', { name: '火星', timeZone: 'Mars/Olympus_Mons', week: weekdays }, /time zone/],
    ['a holiday that is not a date', { name: '错', week: weekdays, holidays: ['2026-02-30'] }, /2026-02-30/],
    ['make-up workdays and no hours at all', { name: '调', week: {}, workdays: ['2026-10-10'] }, /no hours/],
  ])('refuses a calendar with %s (400, saying why)', async (_case, body, message) => {
    const before = await countRows('sla_calendars');
    const response = await as(t.admin).post(CALENDARS, body);
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe('invalid_input');
    expect(response.body.error.message).toMatch(message);
    expect(await countRows('sla_calendars')).toBe(before);
  });

  it('refuses a change that would leave a calendar without working hours', async () => {
    const { body: calendar } = await as(t.admin).post(CALENDARS, { name: '将被清空', week: weekdays });
    const response = await as(t.admin).patch(`${CALENDARS}/${calendar.id}`, { week: {} });
    expect(response.status).toBe(400);
    expect(response.body.error.message).toMatch(/no working hours/);
    expect((await as(t.admin).get(`${CALENDARS}/${calendar.id}`)).body.week[1]).toEqual(nineToSix);
  });

  it('cannot be deleted while a policy counts on it (409)', async () => {
    const { body: calendar } = await as(t.admin).post(CALENDARS, { name: '被使用', week: weekdays });
    const { body: used } = await as(t.admin).post(POLICIES, policy({ name: '用日历的策略', calendarId: calendar.id, active: false }));
    const refused = await as(t.admin).delete(`${CALENDARS}/${calendar.id}`);
    expect(refused.status).toBe(409);
    expect(refused.body.error.message).toMatch(/用日历的策略/);
    expect(refused.body.error.details.policyIds).toEqual([used.id]);
    expect((await as(t.admin).get(`${CALENDARS}/${calendar.id}`)).status).toBe(200);
  });
});

describe('policies', () => {
  it('are created with a ladder, read in first-match order, changed with a new version, and deleted when unused', async () => {
    const admin = as(t.admin);
    const { body: calendar } = await admin.post(CALENDARS, { name: '策略日历', week: weekdays });
    const created = await admin.post(POLICIES, policy({
      name: '金牌客户报修', position: 5, match: { types: ['repair'], priorities: ['P1', 'P2'], tiers: ['gold'] }, calendarId: calendar.id,
      pausedStatuses: ['on_hold', 'dispatched'],
      ladder: [step(), step({ key: 'boss', name: '主管', clock: 'resolve', offsetSeconds: 600, actions: [{ type: 'notify', to: { managerChain: true, levels: 2 } }, { type: 'raise_priority' }] })],
    }));
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      name: '金牌客户报修', position: 5, version: 1, active: true, calendarId: calendar.id, pausedStatuses: ['on_hold', 'dispatched'],
      match: { types: ['repair'], priorities: ['P1', 'P2'], tiers: ['gold'] },
    });
    expect(created.body.ladder).toHaveLength(2);
    const id = created.body.id;

    const later = await admin.post(POLICIES, policy({ name: '排在后面', position: 7 }));
    const order = (await as(t.dispatcher).get(POLICIES)).body.items.map((p: { id: string }) => p.id);
    expect(order.indexOf(id)).toBeLessThan(order.indexOf(later.body.id));

    const recomputations = async () => Number((await app.ctx.db.selectFrom('due_work').select((eb) => eb.fn.countAll<string>().as('n'))
      .where('tenant_id', '=', t.tenant.id).where('kind', '=', 'sla.recompute').where('dedupe_key', '=', id).executeTakeFirstOrThrow()).n);
    const renamed = await admin.patch(`${POLICIES}/${id}`, { name: '金牌客户报修（改名）', match: { priorities: ['P1'] } });
    expect(renamed.body).toMatchObject({ name: '金牌客户报修（改名）', version: 2, match: { priorities: ['P1'] } });
    // Neither a name nor the match moves a running clock: nothing to re-compute.
    expect(await recomputations()).toBe(0);
    const changed = await admin.patch(`${POLICIES}/${id}`, { responseSeconds: 600 });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ responseSeconds: 600, resolveSeconds: 14_400, version: 3, match: { priorities: ['P1'] } });
    expect(changed.body.ladder).toHaveLength(2);
    expect(await recomputations()).toBe(1);

    expect((await admin.delete(`${POLICIES}/${later.body.id}`)).status).toBe(204);
    expect((await admin.get(`${POLICIES}/${later.body.id}`)).status).toBe(404);
  });

  it('is deactivated, not deleted, when a ticket uses it', async () => {
    const { body: used } = await as(t.admin).post(POLICIES, policy({ name: '有工单的策略', position: 0, match: { types: ['maintenance'] } }));
    const ticket = await app.request('POST', '/api/v1/tickets', { token: t.requester.token, body: { description: '巡检：二号线传送带', type: 'maintenance' } });
    expect(ticket.body.sla.policyId).toBe(used.id);
    const removed = await as(t.admin).delete(`${POLICIES}/${used.id}`);
    expect(removed.status).toBe(200);
    expect(removed.body).toMatchObject({ deleted: false, policy: { id: used.id, active: false } });
    const next = await app.request('POST', '/api/v1/tickets', { token: t.requester.token, body: { description: '巡检：三号线', type: 'maintenance' } });
    expect(next.body.sla.policyId).not.toBe(used.id);
  });

  const refusals: [string, Record<string, unknown>, string, RegExp][] = [
    ['a negative response target', policy({ responseSeconds: -60 }), 'responseSeconds', /more than zero/],
    ['a zero resolve target', policy({ resolveSeconds: 0 }), 'resolveSeconds', /more than zero/],
    ['a target that is not whole seconds', policy({ responseSeconds: 90.5 }), 'responseSeconds', /whole number/],
    ['a ladder step naming a role that does not exist', policy({ ladder: [step({ actions: [{ type: 'notify', to: { role: 'boss' } }] })] }),
      'ladder[0].actions[0].to.role', /"boss" is not a role; roles: admin, dispatcher/],
    ['a ladder step naming a user of another tenant', policy({ ladder: [step({ actions: [{ type: 'notify', to: { userId: 'OTHER' } }] })] }),
      'ladder[0].actions[0].to.userId', /not a user of this tenant/],
    ['an unknown action', policy({ ladder: [step({ actions: [{ type: 'call_the_ceo' }] })] }), 'ladder[0].actions[0].type', /"call_the_ceo" is not an action/],
    ['an offset that is not an integer', policy({ ladder: [step({ offsetSeconds: 1.5 })] }), 'ladder[0].offsetSeconds', /whole number/],
    ['an offset before the ticket exists', policy({ ladder: [step({ offsetSeconds: -1000 })] }), 'ladder[0].offsetSeconds', /before the ticket is created/],
    ['an unknown clock', policy({ ladder: [step({ clock: 'lunch' })] }), 'ladder[0].clock', /not a clock/],
    ['two steps with one key', policy({ ladder: [step(), step()] }), 'ladder[1].key', /unique/],
    ['a paused status that is not a ticket status', policy({ pausedStatuses: ['waiting_for_godot'] }), 'pausedStatuses[0]', /not a status that can pause/],
    ['an empty match list', policy({ match: { priorities: [] } }), 'match.priorities', /match nothing/],
    ['an unknown customer tier', policy({ match: { tiers: ['diamond'] } }), 'match.tiers[0]', /not a customer tier/],
    ['a ticket type the tenant does not have', policy({ match: { types: ['teleport'] } }), 'match.types[0]', /not a ticket type/],
    ['a calendar of another tenant', policy({ calendarId: 'OTHER_CALENDAR' }), 'calendarId', /no calendar of this tenant/],
  ];

  it.each(refusals)('refuses %s with a 400 naming the field', async (_case, body, field, message) => {
    const otherCalendar = (await as(other.admin).post(CALENDARS, { name: '别家的日历', week: weekdays })).body.id;
    const resolved = JSON.parse(JSON.stringify(body).replace('"OTHER"', JSON.stringify(other.engineer.id)).replace('"OTHER_CALENDAR"', JSON.stringify(otherCalendar)));
    const before = await countRows('sla_policies');
    const response = await as(t.admin).post(POLICIES, resolved);
    expect(response.status).toBe(400);
    expect(response.body.error).toMatchObject({ code: 'invalid_input', details: { field } });
    expect(response.body.error.message).toMatch(message);
    expect(await countRows('sla_policies')).toBe(before);
  });

  it('refuses a change that breaks the ladder, checking the policy as a whole', async () => {
    const { body: created } = await as(t.admin).post(POLICIES, policy({ name: '提前五分钟提醒', active: false, ladder: [step()] }));
    // A 4-minute target would put the 5-minute-early reminder before the ticket exists.
    const response = await as(t.admin).patch(`${POLICIES}/${created.id}`, { responseSeconds: 240 });
    expect(response.status).toBe(400);
    expect(response.body.error.details.field).toBe('ladder[0].offsetSeconds');
    expect((await as(t.admin).get(`${POLICIES}/${created.id}`)).body).toMatchObject({ responseSeconds: 900, version: 1 });
  });
});

describe('roles', () => {
  it('lets only admins change calendars and policies, and only the queue\'s people read them', async () => {
    const { body: calendar } = await as(t.admin).post(CALENDARS, { name: '角色测试', week: weekdays });
    const { body: existing } = await as(t.admin).post(POLICIES, policy({ name: '角色测试', active: false }));
    const before = { calendars: await countRows('sla_calendars'), policies: await countRows('sla_policies') };
    for (const user of [t.dispatcher, t.manager, t.engineer, t.expert, t.finance, t.requester]) {
      const caller = as(user);
      expect((await caller.post(CALENDARS, { name: '越权', week: weekdays })).status).toBe(403);
      expect((await caller.patch(`${CALENDARS}/${calendar.id}`, { name: '越权' })).status).toBe(403);
      expect((await caller.post(`${CALENDARS}/${calendar.id}/china-holidays`, { years: [2026] })).status).toBe(403);
      expect((await caller.delete(`${CALENDARS}/${calendar.id}`)).status).toBe(403);
      expect((await caller.post(POLICIES, policy())).status).toBe(403);
      expect((await caller.patch(`${POLICIES}/${existing.id}`, { responseSeconds: 60 })).status).toBe(403);
      expect((await caller.delete(`${POLICIES}/${existing.id}`)).status).toBe(403);
    }
    for (const user of [t.engineer, t.expert, t.finance, t.requester]) {
      expect((await as(user).get(CALENDARS)).status).toBe(403);
      expect((await as(user).get(`${POLICIES}/${existing.id}`)).status).toBe(403);
    }
    for (const user of [t.dispatcher, t.manager]) {
      expect((await as(user).get(POLICIES)).status).toBe(200);
      expect((await as(user).get(`${CALENDARS}/${calendar.id}`)).status).toBe(200);
    }
    expect({ calendars: await countRows('sla_calendars'), policies: await countRows('sla_policies') }).toEqual(before);
  });
});

describe('tenant isolation', () => {
  it('answers 404 for another tenant\'s calendars and policies, and changes nothing', async () => {
    const { body: calendar } = await as(other.admin).post(CALENDARS, { name: '别家的', week: weekdays });
    const { body: theirs } = await as(other.admin).post(POLICIES, policy({ name: '别家的', calendarId: calendar.id }));
    const admin = as(t.admin);
    expect((await admin.get(`${CALENDARS}/${calendar.id}`)).status).toBe(404);
    expect((await admin.patch(`${CALENDARS}/${calendar.id}`, { name: '偷改' })).status).toBe(404);
    expect((await admin.post(`${CALENDARS}/${calendar.id}/china-holidays`, { years: [2026] })).status).toBe(404);
    expect((await admin.delete(`${CALENDARS}/${calendar.id}`)).status).toBe(404);
    expect((await admin.get(`${POLICIES}/${theirs.id}`)).status).toBe(404);
    expect((await admin.patch(`${POLICIES}/${theirs.id}`, { name: '偷改' })).status).toBe(404);
    expect((await admin.delete(`${POLICIES}/${theirs.id}`)).status).toBe(404);
    expect((await admin.get(CALENDARS)).body.items.map((c: { id: string }) => c.id)).not.toContain(calendar.id);
    expect((await admin.get(POLICIES)).body.items.map((p: { id: string }) => p.id)).not.toContain(theirs.id);
    expect((await as(other.admin).get(`${CALENDARS}/${calendar.id}`)).body.name).toBe('别家的');
    expect((await as(other.admin).get(`${POLICIES}/${theirs.id}`)).body).toMatchObject({ name: '别家的', version: 1, active: true });
  });
});
