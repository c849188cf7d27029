import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.ts';
import { addUser, createTenant, type TestTenant } from '../support/factories.ts';

let app: TestApp;
let t: TestTenant;
beforeAll(async () => {
  app = await startTestApp();
  t = await createTenant(app);
});
afterAll(() => app.close());

const createUnit = (body: object, token = t.admin.token) => app.request('POST', '/api/v1/org-units', { token, body });
const unitCount = async () => (await app.request('GET', '/api/v1/org-units', { token: t.admin.token })).body.items.length;

describe('org units', () => {
  it('builds company → region → service point, with a manager, and shows it flat or as a tree', async () => {
    const region = await createUnit({ kind: 'region', name: '华东大区', parentId: t.companyId, code: 'EAST', managerId: t.manager.id });
    expect(region.status).toBe(201);
    expect(region.body).toMatchObject({ kind: 'region', name: '华东大区', parentId: t.companyId, code: 'EAST', managerId: t.manager.id });
    const point = await createUnit({
      kind: 'service_point', name: '上海服务站', parentId: region.body.id, address: '上海市浦东新区张江路 100 号',
      location: { lat: 31.2, lng: 121.6 },
    });
    expect(point.status).toBe(201);
    expect(point.body.location).toEqual({ lat: 31.2, lng: 121.6 });

    const flat = await app.request('GET', '/api/v1/org-units', { token: t.engineer.token });
    expect(flat.status).toBe(200);
    expect(flat.body.items.find((unit: { id: string }) => unit.id === point.body.id).parentId).toBe(region.body.id);

    const tree = await app.request('GET', '/api/v1/org-units?tree=true', { token: t.dispatcher.token });
    expect(tree.body.items).toHaveLength(1);
    const [company] = tree.body.items;
    expect(company.id).toBe(t.companyId);
    const east = company.children.find((unit: { id: string }) => unit.id === region.body.id);
    expect(east.children.map((unit: { name: string }) => unit.name)).toEqual(['上海服务站']);

    const one = await app.request('GET', `/api/v1/org-units/${point.body.id}`, { token: t.admin.token });
    expect(one.body.address).toBe('上海市浦东新区张江路 100 号');
  });

  it('lets an admin rename, re-staff and move a unit', async () => {
    const north = await createUnit({ kind: 'region', name: '华北大区', parentId: t.companyId });
    const south = await createUnit({ kind: 'region', name: '华南大区', parentId: t.companyId });
    const point = await createUnit({ kind: 'service_point', name: '北京服务站', parentId: north.body.id });
    const moved = await app.request('PATCH', `/api/v1/org-units/${point.body.id}`, {
      token: t.admin.token, body: { parentId: south.body.id, name: '广州服务站', managerId: t.dispatcher.id },
    });
    expect(moved.status).toBe(200);
    expect(moved.body).toMatchObject({ parentId: south.body.id, name: '广州服务站', managerId: t.dispatcher.id });
    const cleared = await app.request('PATCH', `/api/v1/org-units/${point.body.id}`, { token: t.admin.token, body: { managerId: null } });
    expect(cleared.body.managerId).toBeNull();
  });

  it('deletes an empty unit', async () => {
    const unit = await createUnit({ kind: 'department', name: '售后部', parentId: t.companyId });
    const deleted = await app.request('DELETE', `/api/v1/org-units/${unit.body.id}`, { token: t.admin.token });
    expect(deleted.status).toBe(204);
    expect((await app.request('GET', `/api/v1/org-units/${unit.body.id}`, { token: t.admin.token })).status).toBe(404);
  });

  it('lets only admins change the tree, and keeps requesters out of it', async () => {
    const before = await unitCount();
    for (const user of [t.dispatcher, t.manager, t.engineer, t.requester]) {
      const refused = await createUnit({ kind: 'region', name: '西南大区', parentId: t.companyId }, user.token);
      expect(refused.status).toBe(403);
      expect(refused.body.error.code).toBe('forbidden');
    }
    expect(await unitCount()).toBe(before);
    expect((await app.request('PATCH', `/api/v1/org-units/${t.companyId}`, { token: t.dispatcher.token, body: { name: 'x' } })).status).toBe(403);
    expect((await app.request('DELETE', `/api/v1/org-units/${t.companyId}`, { token: t.engineer.token })).status).toBe(403);
    expect((await app.request('GET', '/api/v1/org-units', { token: t.requester.token })).status).toBe(403);
  });
});

describe('the shape of the tree', () => {
  it('refuses to move a unit under its own descendant, or under itself', async () => {
    const upper = await createUnit({ kind: 'region', name: '华中大区', parentId: t.companyId });
    const lower = await createUnit({ kind: 'region', name: '湖北片区', parentId: upper.body.id });
    const cycle = await app.request('PATCH', `/api/v1/org-units/${upper.body.id}`, { token: t.admin.token, body: { parentId: lower.body.id } });
    expect(cycle.status).toBe(422);
    expect(cycle.body.error.code).toBe('business_rule');
    expect(cycle.body.error.message).toMatch(/descendants/);
    const self = await app.request('PATCH', `/api/v1/org-units/${upper.body.id}`, { token: t.admin.token, body: { parentId: upper.body.id } });
    expect(self.status).toBe(422);
    expect((await app.request('GET', `/api/v1/org-units/${upper.body.id}`, { token: t.admin.token })).body.parentId).toBe(t.companyId);
  });

  it('refuses a parent of the wrong kind, and a unit other than a company at the top', async () => {
    const region = await createUnit({ kind: 'region', name: '西北大区', parentId: t.companyId });
    const point = await createUnit({ kind: 'service_point', name: '西安服务站', parentId: region.body.id });
    const before = await unitCount();
    const regionUnderPoint = await createUnit({ kind: 'region', name: '陕西片区', parentId: point.body.id });
    expect(regionUnderPoint.status).toBe(422);
    expect(regionUnderPoint.body.error.message).toMatch(/A region cannot be placed under a service point/);
    const orphan = await createUnit({ kind: 'service_point', name: '无上级服务站' });
    expect(orphan.status).toBe(422);
    expect(orphan.body.error.details.field).toBe('parentId');
    const companyUnder = await createUnit({ kind: 'company', name: '子公司', parentId: region.body.id });
    expect(companyUnder.status).toBe(422);
    expect(await unitCount()).toBe(before);
    const moveUnder = await app.request('PATCH', `/api/v1/org-units/${region.body.id}`, { token: t.admin.token, body: { parentId: point.body.id } });
    expect(moveUnder.status).toBe(422);
  });

  it('refuses a change of kind that its children would not fit', async () => {
    const region = await createUnit({ kind: 'region', name: '东北大区', parentId: t.companyId });
    await createUnit({ kind: 'service_point', name: '沈阳服务站', parentId: region.body.id });
    const toDepartment = await app.request('PATCH', `/api/v1/org-units/${region.body.id}`, { token: t.admin.token, body: { kind: 'department' } });
    expect(toDepartment.status).toBe(422);
    expect(toDepartment.body.error.details.field).toBe('kind');
    expect((await app.request('GET', `/api/v1/org-units/${region.body.id}`, { token: t.admin.token })).body.kind).toBe('region');
  });

  it('refuses to delete a unit that still has sub-units, people or customers', async () => {
    const parent = await createUnit({ kind: 'region', name: '江苏片区', parentId: t.companyId });
    const child = await createUnit({ kind: 'service_point', name: '南京服务站', parentId: parent.body.id });
    const withChild = await app.request('DELETE', `/api/v1/org-units/${parent.body.id}`, { token: t.admin.token });
    expect(withChild.status).toBe(422);
    expect(withChild.body.error.message).toMatch(/1 sub-unit/);

    await addUser(app, t.tenant.id, { roles: ['engineer'], orgUnitId: child.body.id });
    const withUser = await app.request('DELETE', `/api/v1/org-units/${child.body.id}`, { token: t.admin.token });
    expect(withUser.status).toBe(422);
    expect(withUser.body.error.message).toMatch(/1 user/);

    const point = await createUnit({ kind: 'service_point', name: '苏州服务站', parentId: parent.body.id });
    const customer = await app.request('POST', '/api/v1/customers', { token: t.admin.token, body: { name: '苏州精密制造', orgUnitId: point.body.id } });
    expect(customer.status).toBe(201);
    const withCustomer = await app.request('DELETE', `/api/v1/org-units/${point.body.id}`, { token: t.admin.token });
    expect(withCustomer.status).toBe(422);
    expect(withCustomer.body.error.details).toMatchObject({ customers: 1 });
    expect((await app.request('GET', `/api/v1/org-units/${point.body.id}`, { token: t.admin.token })).status).toBe(200);
  });
});

describe('bad input', () => {
  it('answers 400 for wrong types, unknown properties, unknown kinds and blank names, and writes nothing', async () => {
    const before = await unitCount();
    const cases = [
      { kind: 'region', name: 42, parentId: t.companyId },
      { kind: 'region', name: '华东', parentId: t.companyId, colour: 'red' },
      { kind: 'galaxy', name: '银河', parentId: t.companyId },
      { kind: 'region', name: '   ', parentId: t.companyId },
      { kind: 'region', name: '华东', parentId: 'not-a-uuid' },
      { kind: 'region', name: '华东', parentId: t.companyId, location: { lat: 91, lng: 0 } },
    ];
    for (const body of cases) {
      const response = await createUnit(body);
      expect(response.status, JSON.stringify(body)).toBe(400);
      expect(response.body.error.code).toBe('invalid_input');
    }
    const empty = await app.request('PATCH', `/api/v1/org-units/${t.companyId}`, { token: t.admin.token, body: {} });
    expect(empty.status).toBe(400);
    expect(await unitCount()).toBe(before);
  });

  it('names the field when a parent or manager is not of this tenant', async () => {
    const other = await createTenant(app);
    const before = await unitCount();
    const foreignParent = await createUnit({ kind: 'region', name: '华东', parentId: other.companyId });
    expect(foreignParent.status).toBe(400);
    expect(foreignParent.body.error).toMatchObject({ code: 'invalid_input', details: { field: 'parentId' } });
    const foreignManager = await createUnit({ kind: 'region', name: '华东', parentId: t.companyId, managerId: other.manager.id });
    expect(foreignManager.status).toBe(400);
    expect(foreignManager.body.error.details.field).toBe('managerId');
    const movedAway = await app.request('PATCH', `/api/v1/org-units/${t.companyId}`, { token: t.admin.token, body: { managerId: other.admin.id } });
    expect(movedAway.status).toBe(400);
    expect(await unitCount()).toBe(before);
  });
});
