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
let regionId: string;

/** The sheet has a password column, as old HR exports do: the import never reads it. */
const HEADER = ['邮箱', '姓名', '角色', '手机', '部门', '技能', '暖通等级', '密码'];
const SECRET = 'Secret-123456';
const MAPPING = [
  { to: 'email', from: "$['邮箱']" },
  { to: 'name', from: "$['姓名']" },
  { to: 'roles', from: "$['角色']" },
  { to: 'phone', from: "$['手机']" },
  { to: 'orgUnit', from: "$['部门']" },
  { to: 'skills', from: "$['技能']" },
  { to: 'skills.hvac', from: "$['暖通等级']" },
];
const mapping = JSON.stringify(MAPPING);

beforeAll(async () => {
  ({ app, runner, clock } = await startRunnerTestApp('2026-11-24T02:00:00Z', 'imports-users'));
  [t, other] = await Promise.all([createTenant(app), createTenant(app)]);
  const region = (tenant: TestTenant, name: string) => app.request('POST', '/api/v1/org-units', {
    token: tenant.admin.token, body: { kind: 'region', name, parentId: tenant.companyId },
  });
  regionId = (await region(t, '华东大区')).body.id;
  expect((await region(other, '华南大区')).status).toBe(201);
});
afterAll(() => app.close());

async function people(tenant: TestTenant, emailLike: string) {
  return app.database.db.selectFrom('users').select(['id', 'email', 'name', 'roles', 'phone', 'org_unit_id', 'password_hash'])
    .where('tenant_id', '=', tenant.tenant.id).where('email', 'like', emailLike).orderBy('email').execute();
}

/** What POST /api/v1/users answers for a body: the dry run must say the same. */
async function apiMessage(body: Record<string, unknown>, status = 400) {
  const answer = await app.request('POST', '/api/v1/users', { token: t.admin.token, body });
  expect(answer.status).toBe(status);
  return answer.body.error.message as string;
}

describe('user import', () => {
  it('dry-runs a sheet and lists exactly the bad rows with their column and the API\'s reason, writing nothing', async () => {
    const rows = [
      ['li.gong@example.cn', '李工', '工程师、专家', 13912345678, '华东大区', 'cnc:3, plc.siemens:2', 4, SECRET],
      ['wang@example.cn', '王调度', 'dispatcher', null, null, null, null, SECRET],
      [t.engineer.email.toUpperCase(), '重复', '工程师', null, null, null, null, null],
      ['chef@example.cn', '厨师长', '厨师', null, null, null, null, null],
      ['bad-email', '某人', '工程师', null, null, null, null, null],
      ['south@example.cn', '南方', '工程师', null, '华南大区', null, null, null],
      ['skill@example.cn', '技能', '工程师', null, null, 'cnc', null, null],
      ['twice@example.cn', '两次', '工程师', null, null, 'cnc:3;cnc:4', null, null],
      ['LI.GONG@example.cn', '李工二', '工程师', null, null, null, null, null],
      ['norole@example.cn', '无角色', null, null, null, null, null, null],
      ['level@example.cn', '等级', '工程师', null, null, null, 9, null],
    ];
    const answer = await upload(app, t.admin.token, { name: '员工.xlsx', content: await xlsx([HEADER, ...rows]) },
      { entity: 'users', mode: 'dry_run', mapping });
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ entity: 'users', total: 11, valid: 2, planned: { create: 2, update: 0, skip: 0 } });
    expect(answer.body.badRows).toEqual([4, 5, 6, 7, 8, 9, 10, 11, 12]);
    const byRow = errorsByRow(answer.body.errors);
    expect([...byRow.values()].every((errors) => errors.length === 1)).toBe(true);
    const only = (row: number) => byRow.get(row)![0];

    expect(only(4)).toMatchObject({ column: '邮箱', field: 'email' });
    expect(only(4).message).toBe(await apiMessage({ email: t.engineer.email.toUpperCase(), name: '重复', roles: ['engineer'] }, 409));
    expect(only(5)).toMatchObject({ column: '角色', field: 'roles', message: expect.stringContaining('unknown role "厨师"') });
    expect(only(6)).toMatchObject({ column: '邮箱', field: 'email' });
    expect(`Invalid body: ${only(6).message}.`).toBe(await apiMessage({ email: 'bad-email', name: '某人', roles: ['engineer'] }));
    expect(only(7)).toMatchObject({ column: '部门', field: 'orgUnit', message: 'no org unit named "华南大区" in this tenant' });
    expect(only(8)).toMatchObject({ column: '技能', field: 'skills', message: expect.stringContaining('key:level') });
    expect(only(9)).toMatchObject({ column: '技能', field: 'skills' });
    expect(only(9).message).toBe(await apiMessage({
      email: 'twice@example.cn', name: '两次', roles: ['engineer'], skills: [{ key: 'cnc', level: 3 }, { key: 'cnc', level: 4 }],
    }));
    expect(only(10)).toMatchObject({ column: '邮箱', field: 'email', message: expect.stringContaining('also on row 2') });
    expect(only(11)).toMatchObject({ column: '角色', field: 'roles' });
    expect(`Invalid body: ${only(11).message}.`).toBe(await apiMessage({ email: 'norole@example.cn', name: '无角色' }));
    expect(only(12)).toMatchObject({ column: '暖通等级', field: 'skills.hvac' });
    expect(`Invalid body: ${only(12).message}.`).toBe(await apiMessage({
      email: 'level@example.cn', name: '等级', roles: ['engineer'], skills: [{ key: 'hvac', level: 9 }],
    }));
    expect(await people(t, '%@example.cn')).toEqual([]);
  });

  it('imports people without a password, all or nothing per batch; they sign in once an admin sets one', async () => {
    // Batches of 2: rows 2-3, 4-5, 6. Row 4 has an unknown role (refused up front); row 6's
    // email is taken through the API after the upload (fails while written).
    const rows = [
      ['li.gong@example.cn', '李工', '工程师、专家', 13912345678, '华东大区', 'cnc:3, plc.siemens:2', 4, SECRET],
      ['wang@example.cn', '王调度', 'dispatcher', null, null, null, null, SECRET],
      ['chef@example.cn', '厨师长', '厨师', null, null, null, null, SECRET],
      ['zhao@example.cn', '赵工', 'engineer', null, null, null, null, SECRET],
      ['late@example.cn', '晚到', 'engineer', null, null, null, null, SECRET],
    ];
    const answer = await upload(app, t.admin.token, { name: '员工.xlsx', content: await xlsx([HEADER, ...rows]) },
      { entity: 'users', mode: 'import', mapping, batchSize: '2' });
    expect(answer.status).toBe(202);
    // What waits for the runner holds no password: the column is never read.
    const waiting = await app.database.db.selectFrom('import_rows').select('record').where('import_id', '=', answer.body.id).execute();
    expect(waiting).toHaveLength(5);
    expect(JSON.stringify(waiting)).not.toContain(SECRET);
    expect((await app.request('POST', '/api/v1/users', {
      token: t.admin.token, body: { email: 'late@example.cn', name: '已在', roles: ['engineer'] },
    })).status).toBe(201);

    const finished = await runImport({ app, runner, clock }, answer.body.id, t.admin.token);
    expect(finished).toMatchObject({ status: 'done', total: 5, done: 2, failed: 3 });
    expect(finished.errors.map((error: { row: number }) => error.row)).toEqual([4, 4, 6, 6]);
    expect(finished.errors[2]).toMatchObject({ field: 'email', message: 'A user with the email late@example.cn exists already.' });
    expect(JSON.stringify(finished)).not.toContain(SECRET);

    const imported = await people(t, '%@example.cn');
    expect(imported.map((person) => person.email)).toEqual(['late@example.cn', 'li.gong@example.cn', 'wang@example.cn']);
    const li = imported.find((person) => person.email === 'li.gong@example.cn')!;
    expect(li).toMatchObject({ name: '李工', roles: ['engineer', 'expert'], phone: '13912345678', org_unit_id: regionId, password_hash: null });
    const profile = await app.request('GET', `/api/v1/users/${li.id}`, { token: t.admin.token });
    expect(profile.body.skills).toEqual([
      { key: 'cnc', level: 3, certificateNo: null, expiresAt: null },
      { key: 'hvac', level: 4, certificateNo: null, expiresAt: null },
      { key: 'plc.siemens', level: 2, certificateNo: null, expiresAt: null },
    ]);

    const login = (password: string) => app.request('POST', '/api/v1/auth/login', { body: { tenant: t.tenant.slug, email: 'li.gong@example.cn', password } });
    expect((await login(SECRET)).status).toBe(401);
    expect((await app.request('PATCH', `/api/v1/users/${li.id}`, { token: t.admin.token, body: { password: 'set-by-admin-1' } })).status).toBe(200);
    expect((await login('set-by-admin-1')).status).toBe(200);
  });

  it('updates people found by email, whatever its case, when asked', async () => {
    const file = { name: '调岗.xlsx', content: await xlsx([HEADER, ['Wang@Example.cn', '王调度', '调度员、经理', 13700000000, '华东大区', null, null, null]]) };
    const answer = await upload(app, t.admin.token, file, { entity: 'users', mode: 'import', mapping, onExisting: 'update' });
    expect(await runImport({ app, runner, clock }, answer.body.id, t.admin.token)).toMatchObject({ done: 1, updated: 1, failed: 0 });
    const [wang] = await people(t, 'Wang@Example.cn');
    expect(wang).toMatchObject({ roles: ['dispatcher', 'manager'], phone: '13700000000', org_unit_id: regionId, password_hash: null });
    expect(await people(t, 'wang@example.cn')).toEqual([]);
  });

  it('is for admins only, and a password can never be mapped', async () => {
    const csv = { name: 'u.csv', content: Buffer.from('邮箱,姓名,角色\na@example.cn,甲,engineer\n') };
    for (const token of [t.dispatcher.token, t.engineer.token, t.manager.token]) {
      expect((await upload(app, token, csv, { entity: 'users', mode: 'dry_run', mapping })).status).toBe(403);
      expect((await app.request('POST', '/api/v1/import-templates', { token, body: { name: '人员', entity: 'users', mapping: MAPPING } })).status).toBe(403);
    }
    const template = await app.request('POST', '/api/v1/import-templates', { token: t.admin.token, body: { name: '人员', entity: 'users', mapping: MAPPING } });
    expect(template.status).toBe(201);
    expect((await app.request('GET', `/api/v1/import-templates/${template.body.id}`, { token: t.dispatcher.token })).status).toBe(403);
    const listed = await app.request('GET', '/api/v1/import-templates', { token: t.dispatcher.token });
    expect(listed.body.items.map((item: { id: string }) => item.id)).not.toContain(template.body.id);
    expect((await upload(app, t.dispatcher.token, csv, { entity: 'users', mode: 'dry_run', templateId: template.body.id })).status).toBe(403);

    const withPassword = await app.request('POST', '/api/v1/import-templates', {
      token: t.admin.token, body: { name: '带密码', entity: 'users', mapping: [...MAPPING, { to: 'password', from: "$['密码']" }] },
    });
    expect(withPassword.status).toBe(400);
    expect(withPassword.body.error.message).toContain('passwords are never imported');
  });
});
