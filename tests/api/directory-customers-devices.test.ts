import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.ts';
import { createTenant, type TestTenant } from '../support/factories.ts';

let app: TestApp;
let t: TestTenant;
beforeAll(async () => {
  app = await startTestApp();
  t = await createTenant(app);
});
afterAll(() => app.close());

const post = (url: string, body: object, token = t.admin.token) => app.request('POST', url, { token, body });
const count = async (table: 'customers' | 'devices') => Number((await app.database.db.selectFrom(table)
  .select((eb) => eb.fn.countAll<string>().as('n')).where('tenant_id', '=', t.tenant.id).executeTakeFirstOrThrow()).n);

describe('customers', () => {
  it('are added, read, changed and deleted by the desk', async () => {
    const created = await post('/api/v1/customers', {
      name: '上海宝钢机械厂', tier: 'platinum', contactName: '陈经理', phone: '021-6666 8888', email: 'chen@baogang.example', address: '上海市宝山区',
    }, t.dispatcher.token);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: '上海宝钢机械厂', tier: 'platinum', contactName: '陈经理', orgUnitId: null });
    const id = created.body.id;
    expect((await app.request('GET', `/api/v1/customers/${id}`, { token: t.engineer.token })).body.name).toBe('上海宝钢机械厂');
    const changed = await app.request('PATCH', `/api/v1/customers/${id}`, { token: t.admin.token, body: { tier: 'gold', orgUnitId: t.companyId, contactName: null } });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ tier: 'gold', orgUnitId: t.companyId, contactName: null, phone: '021-6666 8888' });
    expect((await app.request('DELETE', `/api/v1/customers/${id}`, { token: t.dispatcher.token })).status).toBe(204);
    expect((await app.request('GET', `/api/v1/customers/${id}`, { token: t.admin.token })).status).toBe(404);
  });

  it('default to the standard tier and list by text and tier, page by page', async () => {
    const other = await createTenant(app);
    const make = (name: string, tier?: string) => post('/api/v1/customers', { name, ...(tier && { tier }) }, other.admin.token);
    const plain = await make('杭州纺织一厂');
    expect(plain.body.tier).toBe('standard');
    await make('杭州纺织二厂', 'silver');
    await make('宁波港务', 'silver');
    const list = (query: string) => app.request('GET', `/api/v1/customers?${query}`, { token: other.dispatcher.token });
    expect((await list(`q=${encodeURIComponent('纺织')}`)).body.items.map((c: { name: string }) => c.name)).toEqual(['杭州纺织一厂', '杭州纺织二厂']);
    expect((await list('tier=silver')).body.items.map((c: { name: string }) => c.name)).toEqual(['杭州纺织二厂', '宁波港务']);
    const first = await list('limit=2');
    expect(first.body.items).toHaveLength(2);
    const second = await list(`limit=2&cursor=${first.body.nextCursor}`);
    expect(second.body.items.map((c: { name: string }) => c.name)).toEqual(['宁波港务']);
    expect(second.body.nextCursor).toBeNull();
  });

  it('cannot be changed by engineers or requesters, nor seen by requesters', async () => {
    const customer = await post('/api/v1/customers', { name: '苏州电子' });
    const before = await count('customers');
    for (const user of [t.engineer, t.expert, t.manager, t.requester]) {
      expect((await post('/api/v1/customers', { name: '某客户' }, user.token)).status).toBe(403);
      expect((await app.request('PATCH', `/api/v1/customers/${customer.body.id}`, { token: user.token, body: { tier: 'gold' } })).status).toBe(403);
      expect((await app.request('DELETE', `/api/v1/customers/${customer.body.id}`, { token: user.token })).status).toBe(403);
    }
    expect(await count('customers')).toBe(before);
    expect((await app.request('GET', '/api/v1/customers', { token: t.requester.token })).status).toBe(403);
    expect((await app.request('GET', `/api/v1/customers/${customer.body.id}`, { token: t.requester.token })).status).toBe(403);
  });

  it('are kept while devices or tickets refer to them', async () => {
    const withDevice = await post('/api/v1/customers', { name: '无锡重工' });
    await post('/api/v1/devices', { serial: 'WX-0001', model: '数控车床 CK6150', customerId: withDevice.body.id });
    const refused = await app.request('DELETE', `/api/v1/customers/${withDevice.body.id}`, { token: t.admin.token });
    expect(refused.status).toBe(422);
    expect(refused.body.error).toMatchObject({ code: 'business_rule', details: { devices: 1 } });

    const withTicket = await post('/api/v1/customers', { name: '常州轴承' });
    const ticket = await post('/api/v1/tickets', { description: '轴承生产线停机', customerId: withTicket.body.id }, t.dispatcher.token);
    expect(ticket.status).toBe(201);
    const refusedByTicket = await app.request('DELETE', `/api/v1/customers/${withTicket.body.id}`, { token: t.admin.token });
    expect(refusedByTicket.status).toBe(422);
    expect(refusedByTicket.body.error.code).toBe('business_rule');
    expect(refusedByTicket.body.error.details.referencedBy).toBe('tickets');
    expect((await app.request('GET', `/api/v1/customers/${withTicket.body.id}`, { token: t.admin.token })).status).toBe(200);
  });

  it('refuses bad input with 400, and another tenant\'s org unit naming the field', async () => {
    const other = await createTenant(app);
    const before = await count('customers');
    for (const body of [{ name: '' }, { name: '甲', tier: 'diamond' }, { name: '甲', vip: true }, { name: 7 }, { name: '甲', email: 'nope' },
      { name: '甲', phone: 'call me' }]) {
      const response = await post('/api/v1/customers', body);
      expect(response.status, JSON.stringify(body)).toBe(400);
      expect(response.body.error.code).toBe('invalid_input');
    }
    const foreign = await post('/api/v1/customers', { name: '外租户', orgUnitId: other.companyId });
    expect(foreign.status).toBe(400);
    expect(foreign.body.error.details.field).toBe('orgUnitId');
    expect(await count('customers')).toBe(before);
  });
});

describe('devices', () => {
  it('are added with a generated QR code value, read, changed and deleted', async () => {
    const customer = await post('/api/v1/customers', { name: '南京汽车零部件' });
    const created = await post('/api/v1/devices', {
      serial: 'NJ-CNC-0042', model: '加工中心 VMC850', customerId: customer.body.id, site: '二号车间', address: '南京市江宁区',
      location: { lat: 31.95, lng: 118.84 }, installedAt: '2024-05-01T08:00:00+08:00',
    }, t.dispatcher.token);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      serial: 'NJ-CNC-0042', model: '加工中心 VMC850', customerId: customer.body.id, site: '二号车间', address: '南京市江宁区',
      location: { lat: 31.95, lng: 118.84, address: '南京市江宁区' }, installedAt: '2024-05-01T00:00:00.000Z',
    });
    expect(created.body.qrCode).toMatch(/^LD-[0-9A-HJKMNP-TV-Z]{10}$/);
    const id = created.body.id;
    const changed = await app.request('PATCH', `/api/v1/devices/${id}`, { token: t.admin.token, body: { site: '三号车间', location: null } });
    expect(changed.body).toMatchObject({ site: '三号车间', location: null, address: '南京市江宁区', qrCode: created.body.qrCode });
    expect((await app.request('GET', `/api/v1/devices/${id}`, { token: t.engineer.token })).body.site).toBe('三号车间');
    expect((await app.request('DELETE', `/api/v1/devices/${id}`, { token: t.admin.token })).status).toBe(204);
    expect((await app.request('GET', `/api/v1/devices/${id}`, { token: t.admin.token })).status).toBe(404);
  });

  it('gives every device its own QR code value, or keeps the one given', async () => {
    const codes = new Set<string>();
    for (let i = 0; i < 5; i++) codes.add((await post('/api/v1/devices', { serial: `QR-${i}`, model: '空压机' })).body.qrCode);
    expect(codes.size).toBe(5);
    const given = await post('/api/v1/devices', { serial: 'QR-given', model: '空压机', qrCode: 'ACME-000123' });
    expect(given.body.qrCode).toBe('ACME-000123');
  });

  it('are found by a scanned serial or QR value, by text and by customer, page by page', async () => {
    const other = await createTenant(app);
    const customer = await post('/api/v1/customers', { name: '合肥家电' }, other.admin.token);
    const a = await post('/api/v1/devices', { serial: 'HF-001', model: '注塑机', customerId: customer.body.id }, other.admin.token);
    const b = await post('/api/v1/devices', { serial: 'HF-002', model: '注塑机' }, other.admin.token);
    const c = await post('/api/v1/devices', { serial: 'HF-003', model: '冲压机', customerId: customer.body.id }, other.admin.token);
    const list = (query: string) => app.request('GET', `/api/v1/devices?${query}`, { token: other.engineer.token });
    const ids = (response: { body: { items: { id: string }[] } }) => response.body.items.map((device) => device.id);
    expect(ids(await list('code=HF-002'))).toEqual([b.body.id]);
    expect(ids(await list(`code=${c.body.qrCode}`))).toEqual([c.body.id]);
    expect(ids(await list('code=HF-00'))).toEqual([]);
    expect(ids(await list(`q=${encodeURIComponent('注塑')}`))).toEqual([a.body.id, b.body.id]);
    expect(ids(await list(`customerId=${customer.body.id}`))).toEqual([a.body.id, c.body.id]);
    const first = await list('limit=2');
    expect(ids(first)).toEqual([a.body.id, b.body.id]);
    expect(ids(await list(`limit=2&cursor=${first.body.nextCursor}`))).toEqual([c.body.id]);
  });

  it('refuses a duplicate serial or QR value with 409, and writes nothing', async () => {
    await post('/api/v1/devices', { serial: 'DUP-1', model: '叉车', qrCode: 'DUPQR-1' });
    const before = await count('devices');
    const serial = await post('/api/v1/devices', { serial: 'DUP-1', model: '叉车' });
    expect(serial.status).toBe(409);
    expect(serial.body.error).toMatchObject({ code: 'already_exists', details: { field: 'serial' } });
    const qr = await post('/api/v1/devices', { serial: 'DUP-2', model: '叉车', qrCode: 'DUPQR-1' });
    expect(qr.status).toBe(409);
    expect(qr.body.error.details.field).toBe('qrCode');
    expect(await count('devices')).toBe(before);
    const crossed = await post('/api/v1/devices', { serial: 'DUPQR-1', model: '叉车' });
    expect(crossed.status, 'a serial equal to another device\'s QR value would make a scan ambiguous').toBe(409);
    expect(await count('devices')).toBe(before);
    const own = await post('/api/v1/devices', { serial: 'SELF-1', model: '叉车', qrCode: 'SELF-1' });
    expect(own.status, 'a label may encode the device\'s own serial').toBe(201);
    const other = await post('/api/v1/devices', { serial: 'DUP-3', model: '叉车' });
    const renamed = await app.request('PATCH', `/api/v1/devices/${other.body.id}`, { token: t.admin.token, body: { serial: 'DUP-1' } });
    expect(renamed.status).toBe(409);
  });

  it('refuses another tenant\'s customer, naming customerId', async () => {
    const other = await createTenant(app);
    const foreignCustomer = await post('/api/v1/customers', { name: '别家客户' }, other.admin.token);
    const before = await count('devices');
    const created = await post('/api/v1/devices', { serial: 'FX-1', model: '风机', customerId: foreignCustomer.body.id });
    expect(created.status).toBe(400);
    expect(created.body.error).toMatchObject({ code: 'invalid_input', details: { field: 'customerId' } });
    expect(await count('devices')).toBe(before);
  });

  it('refuses bad input with 400', async () => {
    const before = await count('devices');
    for (const body of [{ serial: 'B-1' }, { serial: 'B-1', model: '泵', colour: 'blue' }, { serial: 12, model: '泵' },
      { serial: 'B-1', model: '泵', installedAt: 'last spring' }, { serial: 'B-1', model: '泵', location: { lat: 0 } },
      { serial: 'B-1', model: '泵', qrCode: 'has spaces in it' }, { serial: 'B-1', model: '泵', customerId: 'abc' }]) {
      const response = await post('/api/v1/devices', body);
      expect(response.status, JSON.stringify(body)).toBe(400);
      expect(response.body.error.code).toBe('invalid_input');
    }
    expect(await count('devices')).toBe(before);
  });

  it('cannot be changed by engineers or requesters, and are kept while tickets refer to them', async () => {
    const device = await post('/api/v1/devices', { serial: 'KEEP-1', model: '锅炉' });
    for (const user of [t.engineer, t.manager, t.requester]) {
      expect((await post('/api/v1/devices', { serial: 'NOPE', model: '锅炉' }, user.token)).status).toBe(403);
      expect((await app.request('PATCH', `/api/v1/devices/${device.body.id}`, { token: user.token, body: { model: '改' } })).status).toBe(403);
      expect((await app.request('DELETE', `/api/v1/devices/${device.body.id}`, { token: user.token })).status).toBe(403);
    }
    expect((await app.request('GET', '/api/v1/devices', { token: t.requester.token })).status).toBe(403);
    const ticket = await post('/api/v1/tickets', { description: '锅炉压力异常', deviceId: device.body.id }, t.dispatcher.token);
    expect(ticket.status).toBe(201);
    const refused = await app.request('DELETE', `/api/v1/devices/${device.body.id}`, { token: t.admin.token });
    expect(refused.status).toBe(422);
    expect(refused.body.error.code).toBe('business_rule');
    expect((await app.request('GET', `/api/v1/devices/${device.body.id}`, { token: t.admin.token })).body.model).toBe('锅炉');
  });
});
