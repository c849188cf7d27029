import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ManualClock } from '../../src/platform/clock.ts';
import type { Runner } from '../../src/platform/runner/index.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { createTenant, type TestTenant } from '../support/factories.ts';
import { startRunnerTestApp } from '../support/runner-app.ts';
import { HEADER, TICKET_MAPPING, uniqueDescription, upload, xlsx } from './imports-support.ts';

let app: TestApp;
let runner: Runner;
let clock: ManualClock;
let t: TestTenant;
let other: TestTenant;

beforeAll(async () => {
  ({ app, runner, clock } = await startRunnerTestApp('2026-11-24T02:00:00Z', 'imports-test'));
  [t, other] = await Promise.all([createTenant(app), createTenant(app)]);
});
afterAll(() => app.close());

const mapping = JSON.stringify(TICKET_MAPPING);

async function importedTickets(tenantId: string) {
  return app.database.db.selectFrom('tickets').select(['id', 'description', 'title', 'priority', 'status'])
    .where('tenant_id', '=', tenantId).where('channel', '=', 'import').execute();
}

/** Runs the runner until the import is finished; the progress it reached. */
async function runImport(id: string, token = t.dispatcher.token) {
  for (let round = 0; round < 50; round += 1) {
    await runner.runOnce();
    const progress = await app.request('GET', `/api/v1/imports/${id}`, { token });
    expect(progress.status).toBe(200);
    if (progress.body.status === 'done') return progress.body;
    clock.advance(60);
  }
  throw new Error('the import did not finish');
}

describe('templates', () => {
  it('are saved per tenant by admins and dispatchers, and refused to other roles', async () => {
    const created = await app.request('POST', '/api/v1/import-templates', {
      token: t.dispatcher.token, body: { name: '旧系统工单', entity: 'tickets', mapping: TICKET_MAPPING },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: '旧系统工单', entity: 'tickets', version: 1 });
    const id = created.body.id;

    for (const token of [t.engineer.token, t.requester.token, t.manager.token]) {
      expect((await app.request('GET', '/api/v1/import-templates', { token })).status).toBe(403);
    }
    expect((await app.request('GET', `/api/v1/import-templates/${id}`, { token: other.admin.token })).status).toBe(404);
    expect((await app.request('PATCH', `/api/v1/import-templates/${id}`, { token: other.admin.token, body: { name: 'x' } })).status).toBe(404);
    expect((await app.request('DELETE', `/api/v1/import-templates/${id}`, { token: other.admin.token })).status).toBe(404);

    const renamed = await app.request('PATCH', `/api/v1/import-templates/${id}`, { token: t.admin.token, body: { name: '旧系统工单 v2' } });
    expect(renamed.body).toMatchObject({ name: '旧系统工单 v2', version: 2 });
    const list = await app.request('GET', '/api/v1/import-templates', { token: t.admin.token });
    expect(list.body.items.map((item: { id: string }) => item.id)).toContain(id);
    expect((await app.request('GET', '/api/v1/import-templates', { token: other.admin.token })).body.items).toEqual([]);

    const duplicate = await app.request('POST', '/api/v1/import-templates', {
      token: t.admin.token, body: { name: '旧系统工单 v2', entity: 'tickets', mapping: TICKET_MAPPING },
    });
    expect(duplicate.status).toBe(409);
    expect((await app.request('DELETE', `/api/v1/import-templates/${id}`, { token: t.admin.token })).status).toBe(204);
    expect((await app.request('GET', `/api/v1/import-templates/${id}`, { token: t.admin.token })).status).toBe(404);
  });

  it('refuses a mapping with an unknown target, a bad regex, or a connector-only target', async () => {
    for (const rules of [
      [{ to: 'colour', from: '$.a' }],
      [{ to: 'description', from: '$.a', transforms: [{ op: 'regex', pattern: '(' }] }],
      [{ to: 'externalState', from: '$.a' }],
    ]) {
      const answer = await app.request('POST', '/api/v1/import-templates', { token: t.admin.token, body: { name: 'bad', entity: 'tickets', mapping: rules } });
      expect(answer.status).toBe(400);
      expect(answer.body.error.details.field).toBe('mapping');
    }
    const entity = await app.request('POST', '/api/v1/import-templates', { token: t.admin.token, body: { name: 'bad', entity: 'planets', mapping: TICKET_MAPPING } });
    expect(entity.status).toBe(400);
  });
});

describe('preview and dry run', () => {
  it('previews the headers and the first 20 rows as mapped: old status codes, a remark split in two', async () => {
    const rows = Array.from({ length: 30 }, (_, i) => [`OLD-${i + 1} `, uniqueDescription(i), i % 2 ? '紧急' : '低', i === 0 ? 9 : 1, `泵站${i}|夜班报修`]);
    const file = await xlsx([HEADER, ...rows]);
    const answer = await upload(app, t.dispatcher.token, { name: '旧工单.xlsx', content: file }, { entity: 'tickets', mode: 'preview', mapping });
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ mode: 'preview', format: 'xlsx', headers: HEADER, total: 30 });
    expect(answer.body.rows).toHaveLength(20);
    expect(answer.body.rows[0]).toMatchObject({
      row: 2, values: { 旧单号: 'OLD-1 ', 旧状态: 9 }, problems: [],
      record: { externalId: 'OLD-1', description: uniqueDescription(0), priority: 'P4', title: '泵站0', status: 'cancelled' },
    });
    expect(answer.body.rows[1].record).toMatchObject({ priority: 'P1', title: '泵站1' });
    expect(answer.body.rows[1].record.status).toBeUndefined();
    expect(await importedTickets(t.tenant.id)).toEqual([]);
  });

  it('dry-runs a 10,000-row workbook and lists exactly the bad rows, writing nothing', async () => {
    const bad = new Map<number, string>([[57, 'description'], [1234, 'priority'], [5000, 'externalId'], [9999, 'description'], [10001, 'priority']]);
    const rows = Array.from({ length: 10_000 }, (_, i) => {
      const rowNo = i + 2;
      return [
        bad.get(rowNo) === 'externalId' ? null : `OLD-${rowNo}`,
        bad.get(rowNo) === 'description' ? '   ' : uniqueDescription(rowNo),
        bad.get(rowNo) === 'priority' ? '特急' : '中',
        1,
        `第${rowNo}行|备注`,
      ];
    });
    const file = await xlsx([HEADER, ...rows]);
    const started = performance.now();
    const answer = await upload(app, t.admin.token, { name: 'big.xlsx', content: file }, { entity: 'tickets', mode: 'dry_run', mapping });
    const seconds = (performance.now() - started) / 1000;
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ mode: 'dry_run', total: 10_000, valid: 9_995 });
    expect(answer.body.badRows).toEqual([...bad.keys()].sort((a, b) => a - b));
    const byRow = new Map(answer.body.errors.map((error: { row: number; field: string; column: string }) => [error.row, error]));
    expect(byRow.get(57)).toMatchObject({ field: 'description', column: '故障描述' });
    expect(byRow.get(1234)).toMatchObject({ field: 'priority', column: '紧急程度' });
    expect(byRow.get(5000)).toMatchObject({ field: 'externalId', column: '旧单号' });
    expect(await importedTickets(t.tenant.id)).toEqual([]);
    console.info(`dry run of 10,000 xlsx rows: ${seconds.toFixed(2)} s`);
  }, 120_000);
});

describe('import', () => {
  it('creates each ticket once through the ticket service, batch by batch, with progress reaching done', async () => {
    const rows = Array.from({ length: 60 }, (_, i) => [`IMP-${i}`, uniqueDescription(100 + i), '高', i === 3 ? 9 : 1, `导入${i}|旧备注`]);
    const answer = await upload(app, t.dispatcher.token, { name: 'import.xlsx', content: await xlsx([HEADER, ...rows]) },
      { entity: 'tickets', mode: 'import', mapping, batchSize: '25' });
    expect(answer.status).toBe(202);
    expect(answer.body).toMatchObject({ mode: 'import', status: 'queued', total: 60, done: 0, failed: 0, batchSize: 25 });
    const started = performance.now();
    const finished = await runImport(answer.body.id);
    console.info(`import of 60 rows: ${((performance.now() - started) / 1000).toFixed(2)} s`);
    expect(finished).toMatchObject({ status: 'done', total: 60, done: 60, failed: 0, errors: [] });

    await runner.runOnce();
    const tickets = await importedTickets(t.tenant.id);
    expect(tickets).toHaveLength(60);
    expect(new Set(tickets.map((ticket) => ticket.description)).size).toBe(60);
    const third = tickets.find((ticket) => ticket.description === uniqueDescription(103))!;
    expect(third).toMatchObject({ status: 'cancelled', title: '导入3', priority: 'P2' });
    const events = await app.request('GET', `/api/v1/tickets/${tickets[0].id}/events`, { token: t.dispatcher.token });
    expect(events.body.items[0]).toMatchObject({ type: 'created', actorId: t.dispatcher.id });
    expect((await app.request('GET', `/api/v1/imports/${answer.body.id}`, { token: other.admin.token })).status).toBe(404);
    expect((await app.request('GET', `/api/v1/imports/${answer.body.id}`, { token: t.engineer.token })).status).toBe(403);
  });

  it('leaves none of a bad batch\'s rows, whether the row is refused up front or fails while written', async () => {
    const before = (await importedTickets(t.tenant.id)).length;
    const typeAnswer = await app.request('POST', '/api/v1/ticket-types', { token: t.admin.token, body: { key: 'legacy', nameZh: '旧类型', nameEn: 'Legacy' } });
    expect(typeAnswer.status).toBe(201);
    const withType = JSON.stringify([...TICKET_MAPPING, { to: 'type', from: "$['类型']" }]);
    // Batches of 10: rows 2-11, 12-21, 22-31, 32-41. Row 15 has no description (refused up front);
    // row 27, the sixth of its batch, has a type deactivated after the upload (fails while written).
    const rows = Array.from({ length: 40 }, (_, i) => {
      const rowNo = i + 2;
      return [`BATCH-${rowNo}`, rowNo === 15 ? '' : uniqueDescription(1000 + rowNo), '中', 1, `批次${rowNo}|x`, rowNo === 27 ? 'legacy' : 'repair'];
    });
    const answer = await upload(app, t.admin.token, { name: 'batches.xlsx', content: await xlsx([[...HEADER, '类型'], ...rows]) },
      { entity: 'tickets', mode: 'import', mapping: withType, batchSize: '10' });
    expect(answer.status).toBe(202);
    expect((await app.request('PATCH', '/api/v1/ticket-types/legacy', { token: t.admin.token, body: { active: false } })).status).toBe(200);

    const finished = await runImport(answer.body.id, t.admin.token);
    expect(finished).toMatchObject({ status: 'done', total: 40, done: 20, failed: 20 });
    expect(finished.errors.map((error: { row: number }) => error.row)).toEqual([15, 12, 27, 22]);
    expect(finished.errors[0]).toMatchObject({ field: 'description', column: '故障描述' });
    expect(finished.errors[2]).toMatchObject({ field: 'type' });

    const descriptions = new Set((await importedTickets(t.tenant.id)).map((ticket) => ticket.description));
    expect(descriptions.size).toBe(before + 20);
    for (let rowNo = 2; rowNo <= 41; rowNo += 1) {
      const badBatch = (rowNo >= 12 && rowNo <= 21) || (rowNo >= 22 && rowNo <= 31);
      expect(descriptions.has(uniqueDescription(1000 + rowNo)), `row ${rowNo}`).toBe(!badBatch);
    }
  });

  it('imports a CSV with a byte-order mark, and one saved in GBK', async () => {
    const csv = `\ufeff${HEADER.join(',')}\r\nCSV-1,${uniqueDescription(5001)},紧急,1,"CSV,一|备注"\r\nCSV-2,${uniqueDescription(5002)},低,1,CSV二|备注\r\n`;
    const preview = await upload(app, t.dispatcher.token, { name: 'bom.csv', content: Buffer.from(csv, 'utf8') }, { mode: 'preview', mapping });
    expect(preview.status).toBe(200);
    expect(preview.body).toMatchObject({ format: 'csv', headers: HEADER, total: 2 });
    expect(preview.body.rows[0].record).toMatchObject({ externalId: 'CSV-1', priority: 'P1', title: 'CSV,一' });

    const answer = await upload(app, t.dispatcher.token, { name: 'bom.csv', content: Buffer.from(csv, 'utf8') }, { mode: 'import', mapping });
    expect(answer.status).toBe(202);
    expect(await runImport(answer.body.id)).toMatchObject({ done: 2, failed: 0 });
    const descriptions = (await importedTickets(t.tenant.id)).map((ticket) => ticket.description);
    expect(descriptions).toEqual(expect.arrayContaining([uniqueDescription(5001), uniqueDescription(5002)]));

    // Excel on a Chinese Windows saves CSV in GBK: 你好 is C4E3 BAC3 there.
    const gbk = Buffer.concat([Buffer.from('id,desc\r\nGBK-1,'), Buffer.from([0xc4, 0xe3, 0xba, 0xc3]), Buffer.from(' 1f3a9c\r\n')]);
    const gbkMapping = JSON.stringify([{ to: 'externalId', from: '$.id' }, { to: 'description', from: '$.desc' }]);
    const gbkPreview = await upload(app, t.dispatcher.token, { name: 'gbk.csv', content: gbk }, { mode: 'preview', mapping: gbkMapping });
    expect(gbkPreview.status).toBe(200);
    expect(gbkPreview.body.rows[0].record).toMatchObject({ externalId: 'GBK-1', description: '你好 1f3a9c' });
  });

  it('answers 415 for a file that is not xlsx or csv, and 4xx for a bad request, not a 500', async () => {
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0]);
    expect((await upload(app, t.admin.token, { name: 'photo.png', content: png }, { mode: 'dry_run', mapping })).status).toBe(415);
    expect((await upload(app, t.admin.token, { name: 'notes.txt.pdf', content: Buffer.from('hello') }, { mode: 'dry_run', mapping })).status).toBe(415);
    const csv = Buffer.from('旧单号,故障描述\nA,b\n');
    expect((await upload(app, t.admin.token, { name: 'a.csv', content: csv }, { mode: 'explode', mapping })).status).toBe(400);
    expect((await upload(app, t.admin.token, { name: 'a.csv', content: csv }, { mode: 'dry_run', mapping: '{nope' })).status).toBe(400);
    expect((await upload(app, t.admin.token, { name: 'a.csv', content: csv }, { mode: 'dry_run' })).status).toBe(400);
    expect((await upload(app, t.requester.token, { name: 'a.csv', content: csv }, { mode: 'dry_run', mapping })).status).toBe(403);
    const foreign = await app.request('POST', '/api/v1/import-templates', { token: other.admin.token, body: { name: 'theirs', entity: 'tickets', mapping: TICKET_MAPPING } });
    expect((await upload(app, t.admin.token, { name: 'a.csv', content: csv }, { mode: 'dry_run', templateId: foreign.body.id })).status).toBe(404);
    const json = await app.request('POST', '/api/v1/imports', { token: t.admin.token, body: { mode: 'dry_run' } });
    expect(json.status).toBe(415);
  });

  it('refuses a file over the upload limit with 413', async () => {
    const small = await startTestApp({ config: { maxUploadBytes: 2048 } });
    try {
      const tenant = await createTenant(small);
      const answer = await upload(small, tenant.admin.token, { name: 'big.csv', content: Buffer.alloc(4096, 'a') }, { mode: 'dry_run', mapping });
      expect(answer.status).toBe(413);
      expect(answer.body.error.details.maxBytes).toBe(2048);
    } finally {
      await small.close();
    }
  });
});
