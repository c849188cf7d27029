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

const setAvailability = (userId: string, body: object, token: string) =>
  app.request('PUT', `/api/v1/users/${userId}/availability`, { token, body });
const readUser = async (id: string) => (await app.request('GET', `/api/v1/users/${id}`, { token: t.admin.token })).body;
const leave = (delegateId: string) => ({ availability: 'on_leave', delegateId, from: '2026-11-24T00:00:00Z', until: '2026-11-28T10:00:00Z' });

describe('availability', () => {
  it('lets people set their own availability', async () => {
    const busy = await setAvailability(t.engineer.id, { availability: 'busy' }, t.engineer.token);
    expect(busy.status).toBe(200);
    expect(busy.body).toMatchObject({ availability: 'busy', leave: null });
    const requester = await setAvailability(t.requester.id, { availability: 'offline' }, t.requester.token);
    expect(requester.status).toBe(200);
  });

  it('lets dispatchers, managers and admins set anyone\'s, and nobody else', async () => {
    for (const setter of [t.dispatcher, t.manager, t.admin]) {
      const response = await setAvailability(t.engineer2.id, { availability: 'offline' }, setter.token);
      expect(response.status).toBe(200);
    }
    await setAvailability(t.engineer2.id, { availability: 'online' }, t.admin.token);
    for (const other of [t.engineer, t.expert, t.finance, t.requester]) {
      const refused = await setAvailability(t.engineer2.id, { availability: 'offline' }, other.token);
      expect(refused.status).toBe(403);
      expect(refused.body.error.code).toBe('forbidden');
    }
    expect((await readUser(t.engineer2.id)).availability).toBe('online');
  });

  it('puts a person on leave with a delegate and a window, and back again', async () => {
    const person = await addUser(app, t.tenant.id, { roles: ['engineer'] });
    const away = await setAvailability(person.id, leave(t.engineer2.id), person.token);
    expect(away.status).toBe(200);
    expect(away.body).toMatchObject({
      availability: 'on_leave', leave: { delegateId: t.engineer2.id, from: '2026-11-24T00:00:00.000Z', until: '2026-11-28T10:00:00.000Z' },
    });
    const back = await setAvailability(person.id, { availability: 'online' }, person.token);
    expect(back.body).toMatchObject({ availability: 'online', leave: null });
  });
});

describe('the delegate rules of leave', () => {
  const refusals: [string, (p: { id: string }) => Promise<object>, number, string][] = [
    ['no delegate', async () => ({ availability: 'on_leave', from: '2026-11-24T00:00:00Z', until: '2026-11-25T00:00:00Z' }), 400, 'invalid_input'],
    ['themself as delegate', async (p) => leave(p.id), 422, 'business_rule'],
    ['a delegate of another tenant', async () => leave((await createTenant(app)).engineer.id), 400, 'invalid_input'],
    ['a delegate who does not exist', async () => leave('01900000-0000-7000-8000-000000000000'), 400, 'invalid_input'],
    ['a deactivated delegate', async () => {
      const gone = await addUser(app, t.tenant.id, { roles: ['engineer'] });
      await app.request('PATCH', `/api/v1/users/${gone.id}`, { token: t.admin.token, body: { active: false } });
      return leave(gone.id);
    }, 422, 'business_rule'],
    ['a delegate on leave themself', async () => {
      const away = await addUser(app, t.tenant.id, { roles: ['engineer'] });
      expect((await setAvailability(away.id, leave(t.engineer.id), t.admin.token)).status).toBe(200);
      return leave(away.id);
    }, 422, 'business_rule'],
    ['a window that ends before it starts', async () => ({ ...leave(t.engineer.id), from: '2026-11-28T00:00:00Z', until: '2026-11-27T00:00:00Z' }), 400, 'invalid_input'],
    ['a window without an end', async () => ({ availability: 'on_leave', delegateId: t.engineer.id, from: '2026-11-28T00:00:00Z' }), 400, 'invalid_input'],
    ['a window already over', async () => ({ ...leave(t.engineer.id), from: '2026-11-01T00:00:00Z', until: '2026-11-02T00:00:00Z' }), 400, 'invalid_input'],
    ['a delegate without leave', async () => ({ availability: 'online', delegateId: t.engineer.id }), 400, 'invalid_input'],
    ['an unknown availability', async () => ({ availability: 'napping' }), 400, 'invalid_input'],
    ['an unknown property', async () => ({ ...leave(t.engineer.id), reason: '年假' }), 400, 'invalid_input'],
  ];
  for (const [what, body, status, code] of refusals) {
    it(`refuses leave with ${what}, and leaves the person as they were`, async () => {
      const person = await addUser(app, t.tenant.id, { roles: ['engineer'], availability: 'online' });
      const response = await setAvailability(person.id, await body(person), t.dispatcher.token);
      expect(response.status).toBe(status);
      expect(response.body.error.code).toBe(code);
      expect(response.body.error.message.length).toBeGreaterThan(10);
      const after = await readUser(person.id);
      expect(after).toMatchObject({ availability: 'online', leave: null });
    });
  }

  it('names the delegateId field when the delegate is not usable', async () => {
    const person = await addUser(app, t.tenant.id, { roles: ['engineer'] });
    const response = await setAvailability(person.id, leave(person.id), person.token);
    expect(response.body.error.details.field).toBe('delegateId');
  });
});

describe('my location', () => {
  it('records the caller\'s position with the server\'s time', async () => {
    clock.set('2026-11-24T03:30:00Z');
    const response = await app.request('PUT', '/api/v1/me/location', { token: t.engineer.token, body: { lat: 31.23, lng: 121.47 } });
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ lat: 31.23, lng: 121.47, at: '2026-11-24T03:30:00.000Z' });
    expect((await readUser(t.engineer.id)).location).toEqual({ lat: 31.23, lng: 121.47, at: '2026-11-24T03:30:00.000Z' });
  });

  it('refuses positions off the globe or of the wrong type', async () => {
    for (const body of [{ lat: 95, lng: 0 }, { lat: '31', lng: 121 }, { lat: 31 }, { lat: 31, lng: 121, at: '2020-01-01T00:00:00Z' }]) {
      const response = await app.request('PUT', '/api/v1/me/location', { token: t.engineer2.token, body });
      expect(response.status, JSON.stringify(body)).toBe(400);
    }
    expect((await readUser(t.engineer2.id)).location).toBeNull();
  });
});
