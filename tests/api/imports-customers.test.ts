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

const HEADER = ['客户名称', '等级', '联系人', '电话', '邮箱', '地址', '服务单位'];
const MAPPING = [
  { to: 'name', from: "$['客户名称']" },
  { to: 'tier', from: "$['等级']", transforms: ['trim', { op: 'map', values: { 白金: 'platinum', 金牌: 'gold', 银牌: 'silver', 标准: 'standard' } }] },
  { to: 'contactName', from: "$['联系人']" },
  { to: 'phone', from: "$['电话']" },
  { to: 'email', from: "$['邮箱']" },
  { to: 'address', from: "$['地址']" },
  { to: 'orgUnit', from: "$['服务单位']" },
];
const mapping = JSON.stringify(MAPPING);

beforeAll(async () => {
  ({ app, runner, clock } = await startRunnerTestApp('2026-11-24T02:00:00Z', 'imports-customers'));
  [t, other] = await Promise.all([createTenant(app), createTenant(app)]);
  const region = (tenant: TestTenant, name: string) => app.request('POST', '/api/v1/org-units', {
    token: tenant.admin.token, body: { kind: 'region', name, parentId: tenant.companyId },
  });
  expect((await region(t, '华东大区')).status).toBe(201);
  expect((await region(other, '华南大区')).status).toBe(201);
  expect((await app.request('POST', '/api/v1/customers', { token: t.admin.token, body: { name: '老客户' } })).status).toBe(201);
});
afterAll(() => app.close());

async function customerNames(tenant: TestTenant) {
  const rows = await app.database.db.selectFrom('customers').select('name').where('tenant_id', '=', tenant.tenant.id).execute();
  return rows.map((row) => row.name).sort();
}

/** What POST /api/v1/customers answers for a body: the dry run must say the same. */
async function apiMessage(body: Record<string, unknown>) {
  const answer = await app.request('POST', '/api/v1/customers', { token: t.admin.token, body });
  expect(answer.status).toBe(400);
  return answer.body.error.message as string;
}

describe('customer import', () => {
  it('dry-runs a sheet and lists exactly the bad rows with their column and the API\'s reason, writing nothing', async () => {
    const rows = [
      ['华东制造', '金牌', '张工', 13800138000, 'zhang@huadong.cn', '上海市浦东新区', '华东大区'],
      ['苏州精工', '钻石', '周工', '0512-1234567', null, '苏州工业园区', null],
      ['杭州机械', '标准', '李工', 'abc', null, null, null],
      ['宁波港务', '银牌', '陈工', null, null, null, '不存在的大区'],
      ['广州电子', '标准', '黄工', null, null, null, '华南大区'],
      ['老客户', '标准', null, null, null, null, null],
      ['华东制造', '银牌', null, null, null, null, null],
      ['无锡纺织', '标准', '王工', null, 'not-an-email', null, null],
      [null, '标准', '赵工', null, null, null, null],
      ['合肥重工', '白金', '孙工', '0551 6666 8888', 'sun@hf.cn', '合肥市', null],
      ['南京汽车', null, null, null, null, null, '华东大区'],
    ];
    const before = await customerNames(t);
    const answer = await upload(app, t.dispatcher.token, { name: '客户.xlsx', content: await xlsx([HEADER, ...rows]) },
      { entity: 'customers', mode: 'dry_run', mapping });
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ entity: 'customers', onExisting: 'error', total: 11, valid: 3, planned: { create: 3, update: 0, skip: 0 } });
    expect(answer.body.badRows).toEqual([3, 4, 5, 6, 7, 8, 9, 10]);
    const byRow = errorsByRow(answer.body.errors);
    expect([...byRow.values()].every((errors) => errors.length === 1)).toBe(true);
    const only = (row: number) => byRow.get(row)![0];

    expect(only(3)).toMatchObject({ column: '等级', field: 'tier', message: expect.stringContaining('"钻石"') });
    expect(only(4)).toMatchObject({ column: '电话', field: 'phone' });
    expect(`Invalid body: ${only(4).message}.`).toBe(await apiMessage({ name: '杭州机械', phone: 'abc' }));
    expect(only(5)).toMatchObject({ column: '服务单位', field: 'orgUnit', message: 'no org unit named "不存在的大区" in this tenant' });
    // The other tenant's unit of that name is not seen.
    expect(only(6)).toMatchObject({ column: '服务单位', field: 'orgUnit', message: 'no org unit named "华南大区" in this tenant' });
    expect(only(7)).toMatchObject({ column: '客户名称', field: 'name', message: 'A customer named "老客户" exists already.' });
    expect(only(8)).toMatchObject({ column: '客户名称', field: 'name', message: expect.stringContaining('also on row 2') });
    expect(only(9)).toMatchObject({ column: '邮箱', field: 'email' });
    expect(`Invalid body: ${only(9).message}.`).toBe(await apiMessage({ name: '无锡纺织', email: 'not-an-email' }));
    expect(only(10)).toMatchObject({ column: '客户名称', field: 'name' });
    expect(`Invalid body: ${only(10).message}.`).toBe(await apiMessage({ tier: 'standard', contactName: '赵工' }));

    expect(await customerNames(t)).toEqual(before);
  });

  it('previews the first rows as the directory\'s input, org units resolved to their ids', async () => {
    const answer = await upload(app, t.admin.token, { name: '客户.csv', content: Buffer.from(`${HEADER.join(',')}\n华东制造,金牌,张工,13800138000,,, 华东大区 \n`) },
      { entity: 'customers', mode: 'preview', mapping });
    expect(answer.status).toBe(200);
    const units = await app.request('GET', '/api/v1/org-units', { token: t.admin.token });
    const region = units.body.items.find((unit: { name: string }) => unit.name === '华东大区');
    expect(answer.body.rows[0].record).toEqual({
      action: 'create', input: { name: '华东制造', tier: 'gold', contactName: '张工', phone: '13800138000', orgUnitId: region.id },
    });
  });

  it('imports the good rows once, all or nothing per batch, whether a row is refused up front or fails while written', async () => {
    const unit = await app.request('POST', '/api/v1/org-units', { token: t.admin.token, body: { kind: 'service_point', name: '临时网点', parentId: t.companyId } });
    // Batches of 3: rows 2-4, 5-7, 8-10, 11. Row 6 has a tier no map knows (refused up front);
    // row 9's org unit is deleted after the upload (fails while written).
    const rows = Array.from({ length: 10 }, (_, i) => {
      const rowNo = i + 2;
      return [`批次客户${rowNo}`, rowNo === 6 ? '钻石' : '标准', `联系人${rowNo}`, null, null, null, rowNo === 9 ? '临时网点' : '华东大区'];
    });
    const answer = await upload(app, t.dispatcher.token, { name: '批次.xlsx', content: await xlsx([HEADER, ...rows]) },
      { entity: 'customers', mode: 'import', mapping, batchSize: '3' });
    expect(answer.status).toBe(202);
    expect((await app.request('DELETE', `/api/v1/org-units/${unit.body.id}`, { token: t.admin.token })).status).toBe(204);

    const finished = await runImport({ app, runner, clock }, answer.body.id, t.dispatcher.token);
    expect(finished).toMatchObject({ status: 'done', entity: 'customers', total: 10, done: 4, updated: 0, skipped: 0, failed: 6 });
    expect(finished.errors.map((error: { row: number }) => error.row)).toEqual([6, 5, 9, 8]);
    expect(finished.errors[0]).toMatchObject({ field: 'tier', column: '等级' });
    expect(finished.errors[2]).toMatchObject({ field: 'orgUnitId', message: 'orgUnitId names no org unit of this tenant.' });
    const names = (await customerNames(t)).filter((name) => name.startsWith('批次客户'));
    expect(names).toEqual(['批次客户11', '批次客户2', '批次客户3', '批次客户4']);
  });

  it('reports, skips or updates rows whose customer exists, as asked', async () => {
    expect((await app.request('POST', '/api/v1/customers', { token: t.admin.token, body: { name: '更新客户', contactName: '旧联系人' } })).status).toBe(201);
    const file = { name: '更新.xlsx', content: await xlsx([HEADER, ['更新客户', '金牌', '新联系人', null, null, null, null], ['全新客户', '标准', '钱工', null, null, null, null]]) };

    const strict = await upload(app, t.admin.token, file, { entity: 'customers', mode: 'dry_run', mapping });
    expect(strict.body).toMatchObject({ badRows: [2], planned: { create: 1 } });

    const skip = await upload(app, t.admin.token, file, { entity: 'customers', mode: 'import', mapping, onExisting: 'skip' });
    expect(await runImport({ app, runner, clock }, skip.body.id, t.admin.token)).toMatchObject({ onExisting: 'skip', done: 1, skipped: 1, failed: 0 });

    const template = await app.request('POST', '/api/v1/import-templates', {
      token: t.dispatcher.token, body: { name: '客户主数据', entity: 'customers', mapping: MAPPING, onExisting: 'update' },
    });
    expect(template.body).toMatchObject({ entity: 'customers', onExisting: 'update' });
    const dry = await upload(app, t.admin.token, file, { entity: 'customers', mode: 'dry_run', templateId: template.body.id });
    expect(dry.body).toMatchObject({ onExisting: 'update', badRows: [], planned: { create: 0, update: 2, skip: 0 } });
    const update = await upload(app, t.admin.token, file, { entity: 'customers', mode: 'import', templateId: template.body.id });
    expect(await runImport({ app, runner, clock }, update.body.id, t.admin.token)).toMatchObject({ done: 2, updated: 2, skipped: 0, failed: 0 });

    const customers = await app.request('GET', '/api/v1/customers?q=更新客户', { token: t.admin.token });
    expect(customers.body.items).toHaveLength(1);
    expect(customers.body.items[0]).toMatchObject({ contactName: '新联系人', tier: 'gold' });
    expect((await customerNames(t)).filter((name) => name === '全新客户')).toHaveLength(1);
  });

  it('is for admins and dispatchers, and refuses a mapping with an unknown target or a name and an id for one org unit', async () => {
    const csv = { name: 'c.csv', content: Buffer.from('客户名称\n甲\n') };
    for (const token of [t.engineer.token, t.manager.token, t.requester.token]) {
      expect((await upload(app, token, csv, { entity: 'customers', mode: 'dry_run', mapping })).status).toBe(403);
    }
    for (const rules of [[{ to: 'colour', from: '$.a' }], [{ to: 'name', from: '$.a' }, { to: 'orgUnit', from: '$.b' }, { to: 'orgUnitId', from: '$.c' }]]) {
      const answer = await app.request('POST', '/api/v1/import-templates', { token: t.admin.token, body: { name: 'bad', entity: 'customers', mapping: rules } });
      expect(answer.status).toBe(400);
      expect(answer.body.error.details.field).toBe('mapping');
    }
    expect((await upload(app, t.admin.token, csv, { entity: 'customers', mode: 'dry_run', mapping, onExisting: 'merge' })).status).toBe(400);
  });
});
