import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/platform/clock.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { addUser, createTenant, type TestTenant } from '../support/factories.ts';

let app: TestApp;
let t: TestTenant;
const clock = new ManualClock('2026-11-24T02:00:00Z');
beforeAll(async () => {
  app = await startTestApp({ clock });
  t = await createTenant(app);
});
afterAll(() => app.close());

const userCount = async () => (await app.request('GET', '/api/v1/users', { token: t.admin.token })).body.items.length;
const login = (email: string, password: string) =>
  app.request('POST', '/api/v1/auth/login', { body: { tenant: t.tenant.slug, email, password } });

describe('adding and changing people', () => {
  it('lets an admin add a person who can then log in with the password', async () => {
    const created = await app.request('POST', '/api/v1/users', {
      token: t.admin.token,
      body: {
        email: 'Zhang.Wei@Example.cn', name: '张伟', roles: ['engineer'], phone: '+86 138 0000 0000', orgUnitId: t.companyId,
        password: 'zhangwei-2026', skills: [{ key: 'cnc', level: 4 }, { key: 'electrical', level: 3, certificateNo: '电工证-0012', expiresAt: '2027-06-30T00:00:00Z' }],
      },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      name: '张伟', email: 'Zhang.Wei@Example.cn', roles: ['engineer'], orgUnitId: t.companyId, availability: 'offline',
      locale: 'zh-CN', active: true, location: null,
    });
    expect(created.body.skills).toEqual([
      { key: 'cnc', level: 4, certificateNo: null, expiresAt: null },
      { key: 'electrical', level: 3, certificateNo: '电工证-0012', expiresAt: '2027-06-30T00:00:00.000Z' },
    ]);
    expect(created.body).not.toHaveProperty('passwordHash');
    const session = await login('zhang.wei@example.cn', 'zhangwei-2026');
    expect(session.status).toBe(200);
    expect(session.body.user.id).toBe(created.body.id);
  });

  it('refuses a second account with the same email in another case, and writes nothing', async () => {
    const before = await userCount();
    const duplicate = await app.request('POST', '/api/v1/users', {
      token: t.admin.token, body: { email: t.engineer.email.toUpperCase(), name: '重复', roles: ['engineer'] },
    });
    expect(duplicate.status).toBe(409);
    expect(duplicate.body.error).toMatchObject({ code: 'already_exists', details: { field: 'email' } });
    expect(await userCount()).toBe(before);
    const renamed = await app.request('PATCH', `/api/v1/users/${t.engineer2.id}`, { token: t.admin.token, body: { email: t.engineer.email } });
    expect(renamed.status).toBe(409);
  });

  it('lets an admin change name, phone, roles, unit and locale', async () => {
    const person = await addUser(app, t.tenant.id, { roles: ['engineer'] });
    const region = await app.request('POST', '/api/v1/org-units', { token: t.admin.token, body: { kind: 'region', name: '华东', parentId: t.companyId } });
    const changed = await app.request('PATCH', `/api/v1/users/${person.id}`, {
      token: t.admin.token, body: { name: '李娜', phone: '021-5555 0000', roles: ['engineer', 'expert'], orgUnitId: region.body.id, locale: 'en' },
    });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ name: '李娜', phone: '021-5555 0000', roles: ['engineer', 'expert'], orgUnitId: region.body.id, locale: 'en' });
    const read = await app.request('GET', `/api/v1/users/${person.id}`, { token: t.dispatcher.token });
    expect(read.body.name).toBe('李娜');
  });

  it('deactivates a person: their sessions end at once and they drop out of availability', async () => {
    const leaver = await addUser(app, t.tenant.id, { roles: ['engineer'], availability: 'online' });
    expect((await app.request('GET', `/api/v1/users/${leaver.id}`, { token: leaver.token })).status).toBe(200);
    const deactivated = await app.request('PATCH', `/api/v1/users/${leaver.id}`, { token: t.admin.token, body: { active: false } });
    expect(deactivated.status).toBe(200);
    expect(deactivated.body).toMatchObject({ active: false, availability: 'offline' });
    const after = await app.request('GET', '/api/v1/me', { token: leaver.token });
    expect(after.status).toBe(401);
    const revoked = await app.database.db.selectFrom('auth_tokens').select('revoked_at')
      .where('tenant_id', '=', t.tenant.id).where('user_id', '=', leaver.id).execute();
    expect(revoked.length).toBeGreaterThan(0);
    expect(revoked.every((row) => row.revoked_at !== null)).toBe(true);
    const inactive = await app.request('GET', '/api/v1/users?active=false', { token: t.admin.token });
    expect(inactive.body.items.map((user: { id: string }) => user.id)).toContain(leaver.id);
  });

  it('resets a password: the new one works, the old sessions end', async () => {
    const person = await addUser(app, t.tenant.id, { roles: ['dispatcher'], email: 'reset@example.cn' });
    const reset = await app.request('PATCH', `/api/v1/users/${person.id}`, { token: t.admin.token, body: { password: 'a-new-password' } });
    expect(reset.status).toBe(200);
    expect((await app.request('GET', '/api/v1/me', { token: person.token })).status).toBe(401);
    expect((await login('reset@example.cn', 'a-new-password')).status).toBe(200);
  });

  it('keeps the last active admin: they cannot be deactivated or lose the admin role', async () => {
    const lastAdmin = await app.request('PATCH', `/api/v1/users/${t.admin.id}`, { token: t.admin.token, body: { active: false } });
    expect(lastAdmin.status).toBe(422);
    expect(lastAdmin.body.error.code).toBe('business_rule');
    const demoted = await app.request('PATCH', `/api/v1/users/${t.admin.id}`, { token: t.admin.token, body: { roles: ['dispatcher'] } });
    expect(demoted.status).toBe(422);
    expect((await app.request('GET', `/api/v1/users/${t.admin.id}`, { token: t.admin.token })).body).toMatchObject({ active: true, roles: ['admin'] });
  });

  it('replaces skills and certificates', async () => {
    const person = await addUser(app, t.tenant.id, { roles: ['engineer'], skills: [{ key: 'plc', level: 2, expiresAt: null }] });
    const replaced = await app.request('PUT', `/api/v1/users/${person.id}/skills`, {
      token: t.admin.token,
      body: { skills: [{ key: 'hvac', level: 5, certificateNo: '制冷证-88', expiresAt: '2028-01-01T00:00:00+08:00' }, { key: 'welding', level: 1 }] },
    });
    expect(replaced.status).toBe(200);
    expect(replaced.body.skills).toEqual([
      { key: 'hvac', level: 5, certificateNo: '制冷证-88', expiresAt: '2027-12-31T16:00:00.000Z' },
      { key: 'welding', level: 1, certificateNo: null, expiresAt: null },
    ]);
    const cleared = await app.request('PUT', `/api/v1/users/${person.id}/skills`, { token: t.admin.token, body: { skills: [] } });
    expect(cleared.body.skills).toEqual([]);
  });
});

describe('who may see and change people', () => {
  it('lets engineers list people (dispatch needs it) but not requesters, who may read only themselves', async () => {
    const list = await app.request('GET', '/api/v1/users', { token: t.engineer.token });
    expect(list.status).toBe(200);
    const me = list.body.items.find((user: { id: string }) => user.id === t.engineer.id);
    expect(Object.keys(me)).toEqual(expect.arrayContaining(['id', 'name', 'email', 'roles', 'availability', 'skills', 'location']));
    const refused = await app.request('GET', '/api/v1/users', { token: t.requester.token });
    expect(refused.status).toBe(403);
    expect((await app.request('GET', `/api/v1/users/${t.requester.id}`, { token: t.requester.token })).status).toBe(200);
    expect((await app.request('GET', `/api/v1/users/${t.engineer.id}`, { token: t.requester.token })).status).toBe(403);
  });

  it('lets only admins add people, change accounts and skills', async () => {
    const before = await userCount();
    for (const user of [t.dispatcher, t.manager, t.engineer, t.requester]) {
      const added = await app.request('POST', '/api/v1/users', { token: user.token, body: { email: `x-${user.id}@example.cn`, name: '某人', roles: ['admin'] } });
      expect(added.status).toBe(403);
      const promoted = await app.request('PATCH', `/api/v1/users/${user.id}`, { token: user.token, body: { roles: ['admin'] } });
      expect(promoted.status).toBe(403);
      const skilled = await app.request('PUT', `/api/v1/users/${user.id}/skills`, { token: user.token, body: { skills: [{ key: 'cnc', level: 5 }] } });
      expect(skilled.status).toBe(403);
    }
    expect(await userCount()).toBe(before);
    expect((await app.request('GET', `/api/v1/users/${t.dispatcher.id}`, { token: t.admin.token })).body.roles).toEqual(['dispatcher']);
  });
});

describe('finding people', () => {
  it('filters by role, text, org unit (with the units under it) and unexpired skill, page by page', async () => {
    const region = await app.request('POST', '/api/v1/org-units', { token: t.admin.token, body: { kind: 'region', name: '华南', parentId: t.companyId } });
    const point = await app.request('POST', '/api/v1/org-units', { token: t.admin.token, body: { kind: 'service_point', name: '深圳站', parentId: region.body.id } });
    const inRegion = await addUser(app, t.tenant.id, { roles: ['engineer'], name: '王芳', orgUnitId: region.body.id, skills: [{ key: 'robotics', level: 4, expiresAt: null }] });
    const inPoint = await addUser(app, t.tenant.id, { roles: ['engineer'], name: '赵磊', orgUnitId: point.body.id, skills: [{ key: 'robotics', level: 2, expiresAt: null }] });
    const expired = await addUser(app, t.tenant.id, { roles: ['expert'], name: '钱进', skills: [{ key: 'robotics', level: 5, expiresAt: '2026-01-01T00:00:00Z' }] });
    const ids = (response: { body: { items: { id: string }[] } }) => response.body.items.map((user) => user.id);
    const get = (query: string) => app.request('GET', `/api/v1/users?${query}`, { token: t.dispatcher.token });

    expect(ids(await get(`orgUnitId=${region.body.id}`)).sort()).toEqual([inRegion.id, inPoint.id].sort());
    expect(ids(await get(`orgUnitId=${point.body.id}`))).toEqual([inPoint.id]);
    expect(ids(await get('skill=robotics')).sort()).toEqual([inRegion.id, inPoint.id].sort());
    expect(ids(await get('skill=robotics&minSkillLevel=3'))).toEqual([inRegion.id]);
    expect(ids(await get(`q=${encodeURIComponent('赵磊')}`))).toEqual([inPoint.id]);
    const experts = await get('role=expert');
    expect(ids(experts)).toEqual(expect.arrayContaining([t.expert.id, expired.id]));
    expect(experts.body.items.every((user: { roles: string[] }) => user.roles.includes('expert'))).toBe(true);

    const first = await get('limit=2');
    expect(first.body.items).toHaveLength(2);
    expect(first.body.nextCursor).toEqual(expect.any(String));
    const second = await get(`limit=2&cursor=${first.body.nextCursor}`);
    expect(ids(second)[0] > ids(first)[1]).toBe(true);
    const bad = await get('cursor=nonsense');
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.field).toBe('cursor');
  });
});

describe('bad input', () => {
  it('answers 400 for wrong types, unknown properties, short passwords and bad roles, and writes nothing', async () => {
    const before = await userCount();
    const cases = [
      { email: 'a@example.cn', name: '甲', roles: 'engineer' },
      { email: 'a@example.cn', name: '甲', roles: ['engineer'], shoeSize: 42 },
      { email: 'not an email', name: '甲', roles: ['engineer'] },
      { email: 'a@example.cn', name: '甲', roles: ['superuser'] },
      { email: 'a@example.cn', name: '甲', roles: [] },
      { email: 'a@example.cn', name: '甲', roles: ['engineer'], password: 'short' },
      { email: 'a@example.cn', name: '甲', roles: ['engineer'], skills: [{ key: 'cnc', level: 6 }] },
      { email: 'a@example.cn', name: '甲', roles: ['engineer'], skills: [{ key: 'cnc', level: 3 }, { key: 'cnc', level: 4 }] },
    ];
    for (const body of cases) {
      const response = await app.request('POST', '/api/v1/users', { token: t.admin.token, body });
      expect(response.status, JSON.stringify(body)).toBe(400);
      expect(response.body.error.code).toBe('invalid_input');
    }
    expect(await userCount()).toBe(before);
    const patch = await app.request('PATCH', `/api/v1/users/${t.engineer.id}`, { token: t.admin.token, body: { active: 'no' } });
    expect(patch.status).toBe(400);
  });

  it('names orgUnitId when it is another tenant\'s unit', async () => {
    const other = await createTenant(app);
    const before = await userCount();
    const created = await app.request('POST', '/api/v1/users', {
      token: t.admin.token, body: { email: 'foreign@example.cn', name: '外', roles: ['engineer'], orgUnitId: other.companyId },
    });
    expect(created.status).toBe(400);
    expect(created.body.error).toMatchObject({ code: 'invalid_input', details: { field: 'orgUnitId' } });
    expect(await userCount()).toBe(before);
    const moved = await app.request('PATCH', `/api/v1/users/${t.engineer.id}`, { token: t.admin.token, body: { orgUnitId: other.companyId } });
    expect(moved.status).toBe(400);
    expect((await app.request('GET', `/api/v1/users/${t.engineer.id}`, { token: t.admin.token })).body.orgUnitId).toBe(t.companyId);
  });
});
