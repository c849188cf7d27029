/**
 * The admin's dispatch settings: the tenant's weights and each type's mode, offer size, time to
 * accept, skills and certificates. Input that cannot work is refused with a 400 that says why.
 */
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

const weights = (token: string, body?: object) =>
  app.request(body ? 'PUT' : 'GET', '/api/v1/admin/dispatch/weights', { token, body });
const typeDispatch = (token: string, key: string, body?: object) =>
  app.request(body ? 'PUT' : 'GET', `/api/v1/ticket-types/${key}/dispatch`, { token, body });

describe('dispatch weights', () => {
  it('start at the defaults', async () => {
    const response = await weights(t.dispatcher.token);
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ weights: { skill: 3, distance: 3, load: 2, recent: 1, results: 1 } });
  });

  it('are set by an admin, a weight left out taking its default, and only for the admin\'s tenant', async () => {
    const response = await weights(t.admin.token, { distance: 5, results: 0 });
    expect(response.status).toBe(200);
    expect(response.body.weights).toEqual({ skill: 3, distance: 5, load: 2, recent: 1, results: 0 });
    expect((await weights(t.manager.token)).body.weights.distance).toBe(5);
    expect((await weights(other.admin.token)).body.weights.distance).toBe(3);
  });

  const refusals: [string, object, RegExp][] = [
    ['a weight below zero', { distance: -1 }, /"distance" cannot be below zero/],
    ['every weight at zero', { skill: 0, distance: 0, load: 0, recent: 0, results: 0 }, /at least one/i],
    ['an unknown weight', { speed: 2 }, /speed|additional properties/],
    ['a weight that is not a number', { load: 'heavy' }, /load/],
  ];
  for (const [what, body, message] of refusals) {
    it(`refuses ${what} with a 400 that says why, and changes nothing`, async () => {
      const before = (await weights(t.admin.token)).body;
      const response = await weights(t.admin.token, body);
      expect(response.status).toBe(400);
      expect(response.body.error.code).toBe('invalid_input');
      expect(response.body.error.message).toMatch(message);
      expect((await weights(t.admin.token)).body).toEqual(before);
    });
  }

  it('may be changed by admins only, and read by those who run the queue', async () => {
    for (const user of [t.dispatcher, t.manager, t.engineer]) expect((await weights(user.token, { load: 4 })).status).toBe(403);
    for (const user of [t.engineer, t.requester, t.finance]) expect((await weights(user.token)).status).toBe(403);
  });
});

describe('dispatch settings of a ticket type', () => {
  it('start as: propose, offers of 3, 30 minutes to accept, nothing required', async () => {
    const response = await typeDispatch(t.dispatcher.token, 'repair');
    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      type: 'repair', dispatch: { mode: 'propose', offerCount: 3, acceptLimitSeconds: 1800, requiredSkills: [], certificates: [] },
    });
  });

  it('are set by an admin and apply to that tenant only', async () => {
    const body = { mode: 'offer', offerCount: 4, acceptLimitSeconds: 600, requiredSkills: [{ key: 'hydraulics', minLevel: 3 }, { key: 'plc' }], certificates: ['electrical_hv'] };
    const response = await typeDispatch(t.admin.token, 'maintenance', body);
    expect(response.status).toBe(200);
    const expected = { ...body, requiredSkills: [{ key: 'hydraulics', minLevel: 3 }, { key: 'plc', minLevel: 1 }] };
    expect(response.body.dispatch).toEqual(expected);
    expect((await typeDispatch(t.manager.token, 'maintenance')).body.dispatch).toEqual(expected);
    expect((await typeDispatch(other.admin.token, 'maintenance')).body.dispatch.mode).toBe('propose');
  });

  const refusals: [string, object, string, RegExp][] = [
    ['an unknown mode', { mode: 'broadcast' }, 'mode', /propose, auto, offer/],
    ['an offer to nobody', { mode: 'offer', offerCount: 0 }, 'offerCount', /1 to 20/],
    ['an offer to more than 20', { offerCount: 21 }, 'offerCount', /1 to 20/],
    ['an offer count that is not whole', { offerCount: 2.5 }, 'offerCount', /./],
    ['less than 10 seconds to accept', { acceptLimitSeconds: 5 }, 'acceptLimitSeconds', /10 to 86400/],
    ['more than a day to accept', { acceptLimitSeconds: 86_401 }, 'acceptLimitSeconds', /10 to 86400/],
    ['a skill level above 5', { requiredSkills: [{ key: 'plc', minLevel: 6 }] }, 'requiredSkills[0].minLevel', /1 to 5/],
    ['a skill level of 0', { requiredSkills: [{ key: 'plc', minLevel: 0 }] }, 'requiredSkills[0].minLevel', /1 to 5/],
    ['a malformed skill key', { requiredSkills: [{ key: 'PLC Siemens', minLevel: 1 }] }, 'requiredSkills[0].key', /skill key/],
    ['a skill required twice', { requiredSkills: [{ key: 'plc', minLevel: 1 }, { key: 'plc', minLevel: 2 }] }, 'requiredSkills[1].key', /twice/],
    ['a malformed certificate key', { certificates: ['高压电工'] }, 'certificates[0]', /skill key/],
  ];
  for (const [what, body, field, message] of refusals) {
    it(`refuses ${what} with a 400 that says why`, async () => {
      const response = await typeDispatch(t.admin.token, 'emergency', body);
      expect(response.status).toBe(400);
      expect(response.body.error.code).toBe('invalid_input');
      expect(response.body.error.message).toMatch(message);
      if (response.body.error.details.field) expect(response.body.error.details.field).toBe(field);
      expect((await typeDispatch(t.admin.token, 'emergency')).body.dispatch.mode).toBe('propose');
    });
  }

  it('refuses an unknown setting and an unknown type', async () => {
    expect((await typeDispatch(t.admin.token, 'repair', { speed: 'fast' })).status).toBe(400);
    expect((await typeDispatch(t.admin.token, 'no_such_type', { mode: 'auto' })).status).toBe(404);
    expect((await typeDispatch(t.dispatcher.token, 'no_such_type')).status).toBe(404);
  });

  it('may be changed by admins only', async () => {
    for (const user of [t.dispatcher, t.manager, t.engineer, t.requester]) {
      expect((await typeDispatch(user.token, 'repair', { mode: 'auto' })).status).toBe(403);
    }
    expect((await typeDispatch(t.admin.token, 'repair')).body.dispatch.mode).toBe('propose');
  });
});
