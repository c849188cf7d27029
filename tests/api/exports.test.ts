import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.ts';
import { createTenant, type TestTenant } from '../support/factories.ts';
import { uniqueDescription } from './imports-support.ts';

let app: TestApp;
let t: TestTenant;
let other: TestTenant;

beforeAll(async () => {
  app = await startTestApp();
  [t, other] = await Promise.all([createTenant(app), createTenant(app)]);
  const report = (token: string, n: number, priority = 'P3') =>
    app.request('POST', '/api/v1/tickets', { token, body: { description: uniqueDescription(n), priority } });
  for (let n = 0; n < 3; n += 1) expect((await report(t.requester.token, n, n === 0 ? 'P1' : 'P3')).status).toBe(201);
  for (let n = 3; n < 5; n += 1) expect((await report(t.requester2.token, n)).status).toBe(201);
  expect((await report(other.requester.token, 99)).status).toBe(201);
});
afterAll(() => app.close());

/** Downloads the export and opens it: the first sheet's rows as lists of cell values, and the second's. */
async function download(token: string, query = '') {
  const response = await app.app.inject({ method: 'GET', url: `/api/v1/tickets/export.xlsx${query}`, headers: { authorization: `Bearer ${token}` } });
  if (response.statusCode !== 200) return { status: response.statusCode, body: response.json(), rows: [], about: [] };
  expect(response.headers['content-type']).toContain('spreadsheetml');
  expect(response.headers['x-export-row-cap']).toBe('50000');
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(response.rawPayload as unknown as ArrayBuffer);
  const values = (index: number) => {
    const rows: unknown[][] = [];
    workbook.worksheets[index].eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
    return rows;
  };
  return { status: 200, body: null, rows: values(0), about: values(1) };
}

describe('GET /tickets/export.xlsx', () => {
  it('exports the visible tickets with zh-CN headers and the columns asked for', async () => {
    const { status, rows, about } = await download(t.dispatcher.token, '?columns=number,title,status,priority,requester,description');
    expect(status).toBe(200);
    expect(rows[0]).toEqual(['工单号', '标题', '状态', '优先级', '报修人', '描述']);
    expect(rows).toHaveLength(6);
    const descriptions = rows.slice(1).map((row) => row[5]);
    expect(new Set(descriptions)).toEqual(new Set([0, 1, 2, 3, 4].map(uniqueDescription)));
    expect(rows.slice(1).every((row) => row[2] === '新建' && /^\S+$/.test(String(row[0])))).toBe(true);
    expect(about).toContainEqual(['导出行数', 5]);
    expect(about).toContainEqual(['行数上限', 50000]);
  });

  it('writes English headers with lang=en and takes the list filters', async () => {
    const { rows } = await download(t.admin.token, '?lang=en&priority=P1&columns=number,status,priority');
    expect(rows).toEqual([['Number', 'Status', 'Priority'], [expect.any(String), 'new', 'P1']]);
    const none = await download(t.admin.token, '?status=closed');
    expect(none.rows).toHaveLength(1);
  });

  it('gives a requester only their own tickets, and another tenant none of these', async () => {
    const mine = await download(t.requester2.token, '?columns=description');
    expect(mine.rows.slice(1).map((row) => row[0]).sort()).toEqual([3, 4].map(uniqueDescription).sort());
    const theirs = await download(other.admin.token, '?columns=description');
    expect(theirs.rows.slice(1)).toEqual([[uniqueDescription(99)]]);
  });

  it('answers 400 for an unknown column or status before streaming anything', async () => {
    const column = await download(t.admin.token, '?columns=number,salary');
    expect(column.status).toBe(400);
    expect(column.body.error.details.field).toBe('columns');
    expect((await download(t.admin.token, '?status=lost')).status).toBe(400);
    const anonymous = await app.app.inject({ method: 'GET', url: '/api/v1/tickets/export.xlsx' });
    expect(anonymous.statusCode).toBe(401);
  });
});
