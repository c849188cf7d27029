/**
 * Every directory route that takes an id answers 404 for another tenant's id and changes
 * nothing; every id in a body must be of the caller's tenant.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.ts';
import { createTenant, type TestTenant } from '../support/factories.ts';

let app: TestApp;
let owner: TestTenant;
let intruder: TestTenant;
const ids = { region: '', customer: '', device: '' };

beforeAll(async () => {
  app = await startTestApp();
  [owner, intruder] = [await createTenant(app), await createTenant(app)];
  const as = (url: string, body: object) => app.request('POST', url, { token: owner.admin.token, body });
  ids.region = (await as('/api/v1/org-units', { kind: 'region', name: '华东大区', parentId: owner.companyId })).body.id;
  ids.customer = (await as('/api/v1/customers', { name: '上海电气', tier: 'gold' })).body.id;
  ids.device = (await as('/api/v1/devices', { serial: 'SH-0001', model: '变频器', customerId: ids.customer })).body.id;
  await app.request('PUT', `/api/v1/users/${owner.engineer.id}/skills`, { token: owner.admin.token, body: { skills: [{ key: 'plc', level: 3 }] } });
});
afterAll(() => app.close());

/** What the owner's admin reads at the resource's own URL. */
const ownerView = async (url: string) => (await app.request('GET', url, { token: owner.admin.token })).body;

describe('another tenant\'s ids answer 404 and change nothing', () => {
  const region = () => ids.region;
  const engineer = () => owner.engineer.id;
  const customer = () => ids.customer;
  const device = () => ids.device;
  const routes: [method: string, path: string, id: () => string, body?: object][] = [
    ['GET', '/api/v1/org-units/{id}', region],
    ['PATCH', '/api/v1/org-units/{id}', region, { name: '被篡改' }],
    ['DELETE', '/api/v1/org-units/{id}', region],
    ['GET', '/api/v1/users/{id}', engineer],
    ['PATCH', '/api/v1/users/{id}', engineer, { roles: ['admin'], active: false }],
    ['PUT', '/api/v1/users/{id}/skills', engineer, { skills: [] }],
    ['PUT', '/api/v1/users/{id}/availability', engineer, { availability: 'offline' }],
    ['GET', '/api/v1/customers/{id}', customer],
    ['PATCH', '/api/v1/customers/{id}', customer, { tier: 'standard' }],
    ['DELETE', '/api/v1/customers/{id}', customer],
    ['GET', '/api/v1/devices/{id}', device],
    ['PATCH', '/api/v1/devices/{id}', device, { serial: 'HIJACKED' }],
    ['DELETE', '/api/v1/devices/{id}', device],
  ];
  for (const [method, path, id, body] of routes) {
    it(`${method} ${path}`, async () => {
      const url = path.replace('{id}', id());
      // Skills and availability are read back on the person they belong to.
      const readBack = url.replace(/\/(skills|availability)$/, '');
      const before = await ownerView(readBack);
      expect(before.id).toBe(id());
      const response = await app.request(method, url, { token: intruder.admin.token, body });
      expect(response.status).toBe(404);
      expect(response.body.error.code).toBe('not_found');
      expect(await ownerView(readBack)).toEqual(before);
    });
  }

  it('lists show only the caller\'s tenant', async () => {
    const get = async (url: string) => (await app.request('GET', url, { token: intruder.admin.token })).body.items.map((item: { id: string }) => item.id);
    expect(await get('/api/v1/org-units')).not.toContain(ids.region);
    expect(await get('/api/v1/users')).not.toContain(owner.engineer.id);
    expect(await get('/api/v1/customers')).not.toContain(ids.customer);
    expect(await get('/api/v1/devices')).not.toContain(ids.device);
    expect(await get('/api/v1/devices?code=SH-0001')).toEqual([]);
    expect(await get(`/api/v1/users?orgUnitId=${owner.companyId}`)).toEqual([]);
  });
});

describe('ids in a body must be of the caller\'s tenant', () => {
  const cases: { what: string; method: string; url: () => string; body: () => object; field: string }[] = [
    { what: 'a parent unit', method: 'POST', url: () => '/api/v1/org-units', body: () => ({ kind: 'region', name: '华北', parentId: ids.region }), field: 'parentId' },
    { what: 'a manager', method: 'PATCH', url: () => `/api/v1/org-units/${intruder.companyId}`, body: () => ({ managerId: owner.manager.id }), field: 'managerId' },
    { what: 'a new parent', method: 'PATCH', url: () => `/api/v1/org-units/${intruder.companyId}`, body: () => ({ parentId: ids.region }), field: 'parentId' },
    { what: 'a user\'s unit', method: 'POST', url: () => '/api/v1/users', body: () => ({ email: 'x@example.cn', name: '某', roles: ['engineer'], orgUnitId: ids.region }), field: 'orgUnitId' },
    { what: 'a user\'s new unit', method: 'PATCH', url: () => `/api/v1/users/${intruder.engineer.id}`, body: () => ({ orgUnitId: ids.region }), field: 'orgUnitId' },
    { what: 'a customer\'s unit', method: 'POST', url: () => '/api/v1/customers', body: () => ({ name: '某客户', orgUnitId: ids.region }), field: 'orgUnitId' },
    { what: 'a device\'s customer', method: 'POST', url: () => '/api/v1/devices', body: () => ({ serial: 'X-1', model: '泵', customerId: ids.customer }), field: 'customerId' },
    {
      what: 'a delegate', method: 'PUT', url: () => `/api/v1/users/${intruder.engineer.id}/availability`,
      body: () => ({ availability: 'on_leave', delegateId: owner.engineer2.id, from: '2026-12-01T00:00:00Z', until: '2099-12-05T00:00:00Z' }),
      field: 'delegateId',
    },
  ];
  for (const { what, method, url, body, field } of cases) {
    it(`refuses another tenant's id as ${what}, naming ${field}`, async () => {
      const response = await app.request(method, url(), { token: intruder.admin.token, body: body() });
      expect(response.status).toBe(400);
      expect(response.body.error).toMatchObject({ code: 'invalid_input', details: { field } });
    });
  }

  it('refuses another tenant\'s customer when a device is moved to it', async () => {
    const device = await app.request('POST', '/api/v1/devices', { token: intruder.admin.token, body: { serial: 'MINE-1', model: '泵' } });
    const moved = await app.request('PATCH', `/api/v1/devices/${device.body.id}`, { token: intruder.admin.token, body: { customerId: ids.customer } });
    expect(moved.status).toBe(400);
    expect(moved.body.error.details.field).toBe('customerId');
    expect((await app.request('GET', `/api/v1/devices/${device.body.id}`, { token: intruder.admin.token })).body.customerId).toBeNull();
  });
});
