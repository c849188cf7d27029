import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ManualClock } from '../../src/platform/clock.ts';
import type { Runner } from '../../src/platform/runner/index.ts';
import type { TestApp } from '../support/app.ts';
import { createTenant, type TestTenant } from '../support/factories.ts';
import { startRunnerTestApp } from '../support/runner-app.ts';
import { errorsByRow, runImport, upload, xlsx } from './imports-support.ts';

let app: TestApp;
let runner: Runner;
let clock: ManualClock;
let t: TestTenant;
let other: TestTenant;
let customerA: string;
let otherCustomer: string;

const HEADER = ['序列号', '型号', '客户', '站点', '纬度', '经度', '安装日期', '二维码'];
const MAPPING = [
  { to: 'serial', from: "$['序列号']" },
  { to: 'model', from: "$['型号']" },
  { to: 'customer', from: "$['客户']" },
  { to: 'site', from: "$['站点']" },
  { to: 'lat', from: "$['纬度']" },
  { to: 'lng', from: "$['经度']" },
  { to: 'installedAt', from: "$['安装日期']" },
  { to: 'qrCode', from: "$['二维码']" },
];
const mapping = JSON.stringify(MAPPING);

beforeAll(async () => {
  ({ app, runner, clock } = await startRunnerTestApp('2026-11-24T02:00:00Z', 'imports-devices'));
  [t, other] = await Promise.all([createTenant(app), createTenant(app)]);
  const customer = async (tenant: TestTenant, name: string) => {
    const answer = await app.request('POST', '/api/v1/customers', { token: tenant.admin.token, body: { name } });
    expect(answer.status).toBe(201);
    return answer.body.id as string;
  };
  customerA = await customer(t, '客户甲');
  await customer(t, '重名客户');
  await customer(t, '重名客户');
  otherCustomer = await customer(other, '客户乙');
  const device = await app.request('POST', '/api/v1/devices', { token: t.admin.token, body: { serial: 'SN-EXIST', model: 'CNC-850', qrCode: 'QR-EXIST' } });
  expect(device.status).toBe(201);
});
afterAll(() => app.close());

async function devices(tenant: TestTenant) {
  return app.database.db.selectFrom('devices').select(['serial', 'model', 'customer_id', 'lat', 'lng', 'installed_at', 'qr_code'])
    .where('tenant_id', '=', tenant.tenant.id).orderBy('serial').execute();
}

/** What POST /api/v1/devices answers for a body: the dry run must say the same. */
async function apiMessage(body: Record<string, unknown>, status = 400) {
  const answer = await app.request('POST', '/api/v1/devices', { token: t.admin.token, body });
  expect(answer.status).toBe(status);
  return answer.body.error.message as string;
}

describe('device import', () => {
  it('dry-runs a sheet and lists exactly the bad rows with their column and the API\'s reason, writing nothing', async () => {
    const rows = [
      ['SN-001', 'CNC-850', '客户甲', '一号车间', 31.23, 121.47, new Date('2024-05-01T00:00:00Z'), null],
      [10086, 'PLC-S7', null, null, null, null, '2024/6/1 08:30', 'QR-10086'],
      ['SN-003', 'CNC-850', '客户乙', null, null, null, null, null],
      ['SN-004', 'CNC-850', '重名客户', null, null, null, null, null],
      ['SN-EXIST', 'CNC-850', null, null, null, null, null, null],
      ['SN-006', null, null, null, null, null, null, null],
      ['SN-007', 'X', null, null, 31.2, null, null, null],
      ['SN-008', 'X', null, null, 200, 121, null, null],
      ['SN-009', 'X', null, null, null, null, null, 'SN-EXIST'],
      ['SN-001', 'Y', null, null, null, null, null, null],
      ['SN-011', 'Z', null, null, null, null, '下周', null],
      ['SN-012', 'Z', null, null, null, null, null, 'QR-10086'],
    ];
    const before = await devices(t);
    const answer = await upload(app, t.dispatcher.token, { name: '设备台账.xlsx', content: await xlsx([HEADER, ...rows]) },
      { entity: 'devices', mode: 'dry_run', mapping });
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ entity: 'devices', total: 12, valid: 2, planned: { create: 2, update: 0, skip: 0 } });
    expect(answer.body.badRows).toEqual([4, 5, 6, 7, 8, 9, 10, 11, 12, 13]);
    const byRow = errorsByRow(answer.body.errors);
    expect([...byRow.values()].every((errors) => errors.length === 1)).toBe(true);
    const only = (row: number) => byRow.get(row)![0];

    // A customer that only the other tenant has is unknown here.
    expect(only(4)).toMatchObject({ column: '客户', field: 'customer', message: 'no customer named "客户乙" in this tenant' });
    expect(only(5)).toMatchObject({ column: '客户', field: 'customer', message: expect.stringContaining('2 customers are named "重名客户"') });
    expect(only(6)).toMatchObject({ column: '序列号', field: 'serial' });
    expect(only(6).message).toBe(await apiMessage({ serial: 'SN-EXIST', model: 'CNC-850' }, 409));
    expect(only(7)).toMatchObject({ column: '型号', field: 'model' });
    expect(`Invalid body: ${only(7).message}.`).toBe(await apiMessage({ serial: 'SN-006' }));
    expect(only(8)).toMatchObject({ column: '经度', field: 'lng', message: 'a position needs both lat and lng' });
    expect(only(9)).toMatchObject({ column: '纬度', field: 'lat' });
    expect(`Invalid body: ${only(9).message}.`).toBe(await apiMessage({ serial: 'SN-008', model: 'X', location: { lat: 200, lng: 121 } }));
    expect(only(10)).toMatchObject({ column: '二维码', field: 'qrCode' });
    expect(only(10).message).toBe(await apiMessage({ serial: 'SN-009', model: 'X', qrCode: 'SN-EXIST' }, 409));
    expect(only(11)).toMatchObject({ column: '序列号', field: 'serial', message: expect.stringContaining('also on row 2') });
    expect(only(12)).toMatchObject({ column: '安装日期', field: 'installedAt' });
    expect(`Invalid body: ${only(12).message}.`).toBe(await apiMessage({ serial: 'SN-011', model: 'Z', installedAt: '下周' }));
    expect(only(13)).toMatchObject({ column: '二维码', field: 'qrCode', message: 'QR-10086 is also the QR code value on row 3' });

    expect(await devices(t)).toEqual(before);
  });

  it('does not resolve another tenant\'s customer by its id either', async () => {
    const byId = JSON.stringify([{ to: 'serial', from: '$.serial' }, { to: 'model', from: '$.model' }, { to: 'customerId', from: '$.customer' }]);
    const csv = Buffer.from(`serial,model,customer\nSN-100,M,${otherCustomer}\nSN-101,M,${customerA}\n`);
    const answer = await upload(app, t.admin.token, { name: 'ids.csv', content: csv }, { entity: 'devices', mode: 'dry_run', mapping: byId });
    expect(answer.body).toMatchObject({ badRows: [2], valid: 1 });
    expect(answer.body.errors[0]).toMatchObject({ row: 2, column: 'customer', field: 'customerId' });
    expect(answer.body.errors[0].message).toBe(await apiMessage({ serial: 'SN-100', model: 'M', customerId: otherCustomer }));
  });

  it('imports the good rows once, as the API would store them, all or nothing per batch', async () => {
    // Batches of 3: rows 2-4, 5-7, 8-9. Row 6 names an unknown customer (refused up front);
    // row 9's serial is taken through the API after the upload (fails while written).
    const rows = [
      ['IMP-2', 'CNC-850', '客户甲', '一号车间', 31.23, 121.47, new Date('2024-05-01T00:00:00Z'), null],
      [10086, 'PLC-S7', null, null, null, null, '2024/6/1 08:30', 'QR-10086'],
      ...[4, 5, 6, 7, 8, 9].map((rowNo) => [`IMP-${rowNo}`, 'M', rowNo === 6 ? '无此客户' : null, null, null, null, null, null]),
    ];
    const answer = await upload(app, t.dispatcher.token, { name: '设备.xlsx', content: await xlsx([HEADER, ...rows]) },
      { entity: 'devices', mode: 'import', mapping, batchSize: '3' });
    expect(answer.status).toBe(202);
    expect((await app.request('POST', '/api/v1/devices', { token: t.admin.token, body: { serial: 'IMP-9', model: 'API' } })).status).toBe(201);

    const finished = await runImport({ app, runner, clock }, answer.body.id, t.dispatcher.token);
    expect(finished).toMatchObject({ status: 'done', total: 8, done: 3, failed: 5 });
    expect(finished.errors.map((error: { row: number }) => error.row)).toEqual([6, 5, 9, 8]);
    expect(finished.errors[2]).toMatchObject({ field: 'serial', message: 'Another device already has IMP-9 as its serial number or QR code value.' });

    const stored = new Map((await devices(t)).map((device) => [device.serial, device]));
    expect([...stored.keys()].filter((serial) => serial.startsWith('IMP-') || serial === '10086').sort()).toEqual(['10086', 'IMP-2', 'IMP-4', 'IMP-9']);
    expect(stored.get('IMP-9')!.model).toBe('API');
    // A date is a day in the tenant's zone (Asia/Shanghai): 2024-05-01 00:00 there.
    expect(stored.get('IMP-2')).toMatchObject({ customer_id: customerA, lat: 31.23, lng: 121.47, installed_at: new Date('2024-04-30T16:00:00Z') });
    expect(stored.get('IMP-2')!.qr_code).toMatch(/^LD-/);
    expect(stored.get('10086')).toMatchObject({ qr_code: 'QR-10086', installed_at: new Date('2024-06-01T00:30:00Z'), customer_id: null });
  });

  it('updates the devices a sheet names by serial when asked, and skips them when asked', async () => {
    const file = { name: '更新.xlsx', content: await xlsx([HEADER, ['IMP-2', 'CNC-1000', '客户甲', '二号车间', null, null, null, null]]) };
    const update = await upload(app, t.admin.token, file, { entity: 'devices', mode: 'import', mapping, onExisting: 'update' });
    expect(await runImport({ app, runner, clock }, update.body.id, t.admin.token)).toMatchObject({ done: 1, updated: 1, failed: 0 });
    const skipFile = { name: '跳过.xlsx', content: await xlsx([HEADER, ['IMP-2', 'CNC-9999', null, null, null, null, null, null]]) };
    const skip = await upload(app, t.admin.token, skipFile, { entity: 'devices', mode: 'import', mapping, onExisting: 'skip' });
    expect(await runImport({ app, runner, clock }, skip.body.id, t.admin.token)).toMatchObject({ done: 0, skipped: 1, failed: 0 });
    const list = await app.request('GET', '/api/v1/devices?code=IMP-2', { token: t.admin.token });
    expect(list.body.items).toHaveLength(1);
    expect(list.body.items[0]).toMatchObject({ model: 'CNC-1000', site: '二号车间', customerId: customerA, location: { lat: 31.23, lng: 121.47 } });
  });
});
