import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.ts';
import { createTenant, type TestTenant } from '../support/factories.ts';
import { LOG, PDF, PNG, act, createRule, events, randomReport, tick, ticketAtWork, typeWithCategory, upload } from './closure-support.ts';

let app: TestApp;
let t: TestTenant;
let other: TestTenant;
beforeAll(async () => {
  app = await startTestApp();
  [t, other] = await Promise.all([createTenant(app), createTenant(app)]);
});
afterAll(() => app.close());

const RULES = '/api/v1/admin/closure/rules';

/** Every evidence kind, as a switchgear repair needs them. */
const FULL_ITEMS = [
  { key: 'site-photo', label: '更换后现场照片', labelEn: 'Photo after the repair', evidence: 'photo' },
  { key: 'hmi-screen', label: '触摸屏无报警截图', evidence: 'screenshot' },
  { key: 'plc-log', label: 'PLC 日志摘录', evidence: 'log' },
  { key: 'load-test', label: '带载测试报告', evidence: 'test_report' },
  { key: 'insulation', label: '绝缘电阻', labelEn: 'Insulation resistance', evidence: 'measurement', unit: 'MΩ', min: 0.5, max: 1000 },
  { key: 'customer-sign', label: '客户签字', evidence: 'signature' },
  { key: 'cleanup', label: '现场清理照片', evidence: 'photo', required: false },
];

describe('closure rules (admin)', () => {
  it('creates a rule with defaults filled in, and lets dispatchers, managers and experts read it', async () => {
    const type = await typeWithCategory(app, t);
    const created = await app.request('POST', RULES, { token: t.admin.token, body: { ticketType: type, items: FULL_ITEMS, reviewRequired: true } });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body).toMatchObject({ ticketType: type, category: null, reviewRequired: true, version: 1 });
    expect(created.body.items[0]).toEqual({
      key: 'site-photo', label: '更换后现场照片', labelEn: 'Photo after the repair', evidence: 'photo', required: true, unit: null, min: null, max: null,
    });
    expect(created.body.items[6].required).toBe(false);
    for (const reader of [t.dispatcher, t.manager, t.expert, t.admin]) {
      const one = await app.request('GET', `${RULES}/${created.body.id}`, { token: reader.token });
      expect(one.status).toBe(200);
      const all = await app.request('GET', RULES, { token: reader.token });
      expect(all.body.items.map((rule: { id: string }) => rule.id)).toContain(created.body.id);
    }
    for (const outsider of [t.engineer, t.requester, t.finance]) {
      expect((await app.request('GET', RULES, { token: outsider.token })).status).toBe(403);
    }
    for (const notAdmin of [t.dispatcher, t.manager, t.expert]) {
      const refused = await app.request('POST', RULES, { token: notAdmin.token, body: { ticketType: type, category: 'x', items: [], reviewRequired: false } });
      expect(refused.status).toBe(403);
    }
  });

  it('refuses an invalid rule with a 400 that names the field', async () => {
    const type = await typeWithCategory(app, t);
    const cases: [Record<string, unknown>, string][] = [
      [{ ticketType: 'no_such_type', items: [] }, 'ticketType'],
      [{ items: [{ key: 'Photo One', label: '照片', evidence: 'photo' }] }, 'items[0].key'],
      [{ items: [{ key: 'a', label: '照片', evidence: 'photo' }, { key: 'a', label: '又一张', evidence: 'photo' }] }, 'items[1].key'],
      [{ items: [{ key: 'a', label: '视频', evidence: 'video' }] }, 'items[0].evidence'],
      [{ items: [{ key: 'a', label: '电压', evidence: 'measurement', min: 240, max: 200 }] }, 'items[0].min'],
      [{ items: [{ key: 'a', label: '照片', evidence: 'photo', max: 3 }] }, 'items[0].max'],
      [{ items: [{ key: 'a', label: '照片', evidence: 'photo', unit: 'V' }] }, 'items[0].unit'],
      [{ items: [{ key: 'a', label: '   ', evidence: 'photo' }] }, 'items[0].label'],
      [{ category: '  ', items: [] }, 'category'],
    ];
    for (const [body, field] of cases) {
      const response = await app.request('POST', RULES, { token: t.admin.token, body: { ticketType: type, reviewRequired: false, ...body } });
      expect(response.status, JSON.stringify(body)).toBe(400);
      expect(response.body.error.details.field, JSON.stringify(response.body)).toBe(field);
      expect(response.body.error.message).toContain(field);
    }
    const rules = await app.request('GET', RULES, { token: t.admin.token });
    expect(rules.body.items.filter((rule: { ticketType: string }) => rule.ticketType === type)).toEqual([]);
  });

  it('keeps one rule per type and category: a second is 409 already_exists', async () => {
    const type = await typeWithCategory(app, t);
    await createRule(app, t, { ticketType: type, items: [] });
    await createRule(app, t, { ticketType: type, category: '断路器', items: [] });
    for (const category of [undefined, '断路器']) {
      const again = await app.request('POST', RULES, { token: t.admin.token, body: { ticketType: type, category, items: [], reviewRequired: true } });
      expect(again.status).toBe(409);
      expect(again.body.error.code).toBe('already_exists');
    }
    const third = await createRule(app, t, { ticketType: type, category: '变压器', items: [] });
    const moved = await app.request('PATCH', `${RULES}/${third.id}`, { token: t.admin.token, body: { category: '断路器' } });
    expect(moved.status).toBe(409);
  });

  it('changes a rule field by field, bumping its version, and deletes it', async () => {
    const type = await typeWithCategory(app, t);
    const rule = await createRule(app, t, { ticketType: type, items: [{ key: 'photo', label: '照片', evidence: 'photo' }] });
    const changed = await app.request('PATCH', `${RULES}/${rule.id}`, { token: t.admin.token, body: { reviewRequired: true } });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ reviewRequired: true, version: 2, items: [{ key: 'photo' }] });
    const invalid = await app.request('PATCH', `${RULES}/${rule.id}`, { token: t.admin.token, body: { items: [{ key: 'v', label: '电压', evidence: 'measurement', min: 2, max: 1 }] } });
    expect(invalid.status).toBe(400);
    expect((await app.request('GET', `${RULES}/${rule.id}`, { token: t.admin.token })).body.version).toBe(2);
    expect((await app.request('DELETE', `${RULES}/${rule.id}`, { token: t.dispatcher.token })).status).toBe(403);
    expect((await app.request('DELETE', `${RULES}/${rule.id}`, { token: t.admin.token })).status).toBe(204);
    expect((await app.request('GET', `${RULES}/${rule.id}`, { token: t.admin.token })).status).toBe(404);
  });

  it('answers 404 for another tenant\'s rule and changes nothing', async () => {
    const type = await typeWithCategory(app, t);
    const rule = await createRule(app, t, { ticketType: type, items: [] });
    expect((await app.request('GET', `${RULES}/${rule.id}`, { token: other.admin.token })).status).toBe(404);
    expect((await app.request('PATCH', `${RULES}/${rule.id}`, { token: other.admin.token, body: { reviewRequired: true } })).status).toBe(404);
    expect((await app.request('DELETE', `${RULES}/${rule.id}`, { token: other.admin.token })).status).toBe(404);
    const still = await app.request('GET', `${RULES}/${rule.id}`, { token: t.admin.token });
    expect(still.body).toMatchObject({ reviewRequired: false, version: 1 });
    // Nor can a rule name another tenant's ticket type.
    const foreign = await app.request('POST', RULES, { token: other.admin.token, body: { ticketType: type, items: [], reviewRequired: false } });
    expect(foreign.status).toBe(400);
  });

  it('applies the category\'s rule when there is one, else the type\'s', async () => {
    const type = await typeWithCategory(app, t);
    const whole = await createRule(app, t, { ticketType: type, items: [{ key: 'photo', label: '照片', evidence: 'photo' }] });
    const breaker = await createRule(app, t, { ticketType: type, category: '断路器', items: [{ key: 'trip-test', label: '脱扣测试报告', evidence: 'test_report' }] });
    const cases: [string | undefined, string, string[]][] = [
      ['断路器', breaker.id, ['trip-test']], ['变压器', whole.id, ['photo']], [undefined, whole.id, ['photo']],
    ];
    for (const [category, ruleId, keys] of cases) {
      const ticket = await ticketAtWork(app, t, { type, category });
      const checklist = await app.request('GET', `/api/v1/tickets/${ticket.id}/checklist`, { token: t.engineer.token });
      expect(checklist.status).toBe(200);
      expect(checklist.body.ruleId).toBe(ruleId);
      expect(checklist.body.missing).toEqual(keys);
    }
    // A type with no rule at all: nothing to prove.
    const plain = await ticketAtWork(app, t, { type: 'maintenance' });
    const none = await app.request('GET', `/api/v1/tickets/${plain.id}/checklist`, { token: t.engineer.token });
    expect(none.body).toEqual({ ruleId: null, reviewRequired: false, items: [], missing: [], complete: true });
  });
});

describe('resolve and the checklist', () => {
  it('refuses resolve with 422 naming every missing item, and allows it once the checklist is met', async () => {
    const type = await typeWithCategory(app, t);
    await createRule(app, t, { ticketType: type, items: FULL_ITEMS });
    const ticket = await ticketAtWork(app, t, { type });

    const refused = await act(app, t.engineer.token, ticket.id, 'resolve', { solution: '更换损坏的断路器' });
    expect(refused.status).toBe(422);
    expect(refused.body.error.code).toBe('business_rule');
    expect(refused.body.error.details.missing.map((item: { key: string }) => item.key))
      .toEqual(['site-photo', 'hmi-screen', 'plc-log', 'load-test', 'insulation', 'customer-sign']);
    expect(refused.body.error.details.missing[4]).toEqual({ key: 'insulation', label: '绝缘电阻', labelEn: 'Insulation resistance', evidence: 'measurement' });
    for (const words of ['更换后现场照片（照片）', 'PLC 日志摘录（日志摘录）', '绝缘电阻（测量值）', '客户签字（签字）', 'Insulation resistance (measured value)']) {
      expect(refused.body.error.message).toContain(words);
    }
    expect(refused.body.error.message).not.toContain('现场清理照片');
    expect((await app.request('GET', `/api/v1/tickets/${ticket.id}`, { token: t.engineer.token })).body.status).toBe('in_progress');

    const photo = await upload(app, t.engineer.token, ticket.id, 'after.png', PNG);
    const report = await upload(app, t.engineer.token, ticket.id, 'load-test.pdf', PDF);
    const proofs: [string, object][] = [
      ['site-photo', { attachmentIds: [photo] }], ['hmi-screen', { attachmentIds: [photo] }],
      ['plc-log', { text: '10:05 空载运行 30 分钟无报警' }], ['load-test', { attachmentIds: [report] }],
      ['insulation', { value: 550 }],
    ];
    for (const [key, body] of proofs) {
      const ticked = await tick(app, t.engineer.token, ticket.id, key, body);
      expect(ticked.status, `${key}: ${JSON.stringify(ticked.body)}`).toBe(200);
    }
    const oneLeft = await act(app, t.engineer.token, ticket.id, 'resolve', { solution: '更换损坏的断路器' });
    expect(oneLeft.status).toBe(422);
    expect(oneLeft.body.error.details.missing.map((item: { key: string }) => item.key)).toEqual(['customer-sign']);

    const signature = await upload(app, t.engineer.token, ticket.id, 'sign.png', PNG);
    const last = await tick(app, t.engineer.token, ticket.id, 'customer-sign', { attachmentIds: [signature] });
    expect(last.body).toMatchObject({ complete: true, missing: [] });
    const resolved = await act(app, t.engineer.token, ticket.id, 'resolve', { solution: '更换损坏的断路器' });
    expect(resolved.status, JSON.stringify(resolved.body)).toBe(200);
    expect(resolved.body.status).toBe('resolved');
  });

  it('records who met each item and when, with its evidence, and an event per tick and un-tick', async () => {
    const type = await typeWithCategory(app, t);
    await createRule(app, t, { ticketType: type, items: FULL_ITEMS.slice(0, 1) });
    const ticket = await ticketAtWork(app, t, { type });
    const photo = await upload(app, t.engineer.token, ticket.id, '现场.png', PNG);
    const ticked = await tick(app, t.engineer.token, ticket.id, 'site-photo', { attachmentIds: [photo], text: '已更换' });
    expect(ticked.status).toBe(200);
    expect(ticked.body.items[0].done).toEqual({
      attachments: [{ id: photo, name: '现场.png', mime: 'image/png' }], text: '已更换', value: null,
      by: t.engineer.id, byName: '工程师甲', at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
    });
    expect(Math.abs(Date.parse(ticked.body.items[0].done.at) - app.ctx.clock.now().getTime())).toBeLessThan(60_000);
    const seen = await app.request('GET', `/api/v1/tickets/${ticket.id}/checklist`, { token: t.requester.token });
    expect(seen.body.items[0].done.by).toBe(t.engineer.id);

    const undone = await app.request('DELETE', `/api/v1/tickets/${ticket.id}/checklist/site-photo`, { token: t.engineer.token });
    expect(undone.status).toBe(200);
    expect(undone.body).toMatchObject({ complete: false, missing: ['site-photo'] });
    expect((await act(app, t.engineer.token, ticket.id, 'resolve', { solution: '更换' })).status).toBe(422);

    const chain = (await events(app, t, ticket.id)).filter((event) => event.type.startsWith('checklist_'));
    expect(chain.map((event) => [event.type, event.actorId])).toEqual([['checklist_item_done', t.engineer.id], ['checklist_item_undone', t.engineer.id]]);
    expect(chain[0].data).toEqual({ key: 'site-photo', evidence: 'photo', attachmentIds: [photo], text: '已更换' });
    expect(chain[1].data).toMatchObject({ key: 'site-photo' });
  });

  it('stops counting a tick when the rule changes what the item needs', async () => {
    const type = await typeWithCategory(app, t);
    const rule = await createRule(app, t, { ticketType: type, items: [{ key: 'voltage', label: '输出电压', evidence: 'measurement', unit: 'V', min: 210, max: 240 }] });
    const ticket = await ticketAtWork(app, t, { type });
    expect((await tick(app, t.engineer.token, ticket.id, 'voltage', { value: 215 })).body.complete).toBe(true);
    await app.request('PATCH', `${RULES}/${rule.id}`, {
      token: t.admin.token, body: { items: [{ key: 'voltage', label: '输出电压', evidence: 'measurement', unit: 'V', min: 218, max: 232 }] },
    });
    const checklist = await app.request('GET', `/api/v1/tickets/${ticket.id}/checklist`, { token: t.engineer.token });
    expect(checklist.body).toMatchObject({ complete: false, missing: ['voltage'] });
    expect(checklist.body.items[0].done).toBeNull();
  });
});

describe('evidence', () => {
  let ticket: { id: string };
  let photo: string;
  let textFile: string;
  let pdf: string;
  beforeAll(async () => {
    const type = await typeWithCategory(app, t);
    await createRule(app, t, { ticketType: type, items: FULL_ITEMS });
    ticket = await ticketAtWork(app, t, { type });
    photo = await upload(app, t.engineer.token, ticket.id, 'after.png', PNG);
    textFile = await upload(app, t.engineer.token, ticket.id, 'plc.log', LOG);
    pdf = await upload(app, t.engineer.token, ticket.id, 'report.pdf', PDF);
  });

  const refusal = async (key: string, body: object) => {
    const response = await tick(app, t.engineer.token, ticket.id, key, body);
    return { status: response.status, code: response.body.error?.code, field: response.body.error?.details?.field, message: response.body.error?.message as string };
  };

  it('refuses a text file as a photo, a screenshot or a signature (422), and a photo with no file at all (400)', async () => {
    for (const key of ['site-photo', 'hmi-screen', 'customer-sign']) {
      expect(await refusal(key, { attachmentIds: [textFile] })).toMatchObject({ status: 422, code: 'business_rule', field: 'attachmentIds' });
      expect(await refusal(key, { attachmentIds: [pdf] })).toMatchObject({ status: 422, field: 'attachmentIds' });
      expect(await refusal(key, {})).toMatchObject({ status: 400, field: 'attachmentIds' });
      expect(await refusal(key, { text: '拍了照片' })).toMatchObject({ status: 400, field: 'attachmentIds' });
    }
    expect((await refusal('site-photo', { attachmentIds: [textFile] })).message).toContain('plc.log (text/plain)');
  });

  it('takes a log as text or as a text file, but not as an image or blank text', async () => {
    expect(await refusal('plc-log', { text: '   ' })).toMatchObject({ status: 400, field: 'text' });
    expect(await refusal('plc-log', { attachmentIds: [photo] })).toMatchObject({ status: 422, field: 'attachmentIds' });
    expect(await refusal('plc-log', { text: 'x'.repeat(20_001) })).toMatchObject({ status: 400 });
    expect((await tick(app, t.engineer.token, ticket.id, 'plc-log', { attachmentIds: [textFile] })).status).toBe(200);
    expect((await tick(app, t.engineer.token, ticket.id, 'plc-log', { text: 'E042 已清除' })).status).toBe(200);
  });

  it('takes a test report as any file of the ticket', async () => {
    expect(await refusal('load-test', { text: '测试通过' })).toMatchObject({ status: 400, field: 'attachmentIds' });
    expect((await tick(app, t.engineer.token, ticket.id, 'load-test', { attachmentIds: [pdf] })).status).toBe(200);
  });

  it('takes a measurement within its range, and refuses one out of spec with 422 naming the range', async () => {
    expect(await refusal('insulation', {})).toMatchObject({ status: 400, field: 'value' });
    expect(await refusal('insulation', { value: '550' })).toMatchObject({ status: 400 });
    const low = await refusal('insulation', { value: 0.2 });
    expect(low).toMatchObject({ status: 422, code: 'business_rule', field: 'value' });
    expect(low.message).toContain('0.5–1000 MΩ');
    expect(await refusal('insulation', { value: 1001 })).toMatchObject({ status: 422 });
    expect(await refusal('site-photo', { attachmentIds: [photo], value: 3 })).toMatchObject({ status: 400, field: 'value' });
    const ok = await tick(app, t.engineer.token, ticket.id, 'insulation', { value: 0.5 });
    expect(ok.status).toBe(200);
    expect(ok.body.items.find((item: { key: string }) => item.key === 'insulation').done.value).toBe(0.5);
  });

  it('refuses an attachment of another ticket or another tenant with 400 naming attachmentIds', async () => {
    const elsewhere = await ticketAtWork(app, t);
    const otherPhoto = await upload(app, t.engineer.token, elsewhere.id, 'other.png', PNG);
    const foreignTicket = await ticketAtWork(app, other);
    const foreignPhoto = await upload(app, other.engineer.token, foreignTicket.id, 'foreign.png', PNG);
    for (const id of [otherPhoto, foreignPhoto, '0191f0a0-0000-7000-8000-000000000099']) {
      expect(await refusal('site-photo', { attachmentIds: [id] })).toMatchObject({ status: 400, code: 'invalid_input', field: 'attachmentIds' });
      expect(await refusal('site-photo', { attachmentIds: [photo, id] })).toMatchObject({ status: 400, field: 'attachmentIds' });
    }
    expect(await refusal('no-such-item', { attachmentIds: [photo] })).toMatchObject({ status: 404 });
  });
});

describe('who may tick', () => {
  it('lets only the assignee tick, and tells dispatchers, managers, other engineers and the requester why not', async () => {
    const type = await typeWithCategory(app, t);
    await createRule(app, t, { ticketType: type, items: [{ key: 'plc-log', label: 'PLC 日志摘录', evidence: 'log' }] });
    const ticket = await ticketAtWork(app, t, { type });
    for (const someone of [t.dispatcher, t.manager, t.engineer2, t.expert, t.admin, t.requester]) {
      for (const response of [
        await tick(app, someone.token, ticket.id, 'plc-log', { text: '报警已清除' }),
        await app.request('DELETE', `/api/v1/tickets/${ticket.id}/checklist/plc-log`, { token: someone.token }),
      ]) {
        expect(response.status, JSON.stringify(response.body)).toBe(403);
        expect(response.body.error.message).toContain('assignee');
      }
    }
    // Another requester may not even learn that the ticket exists.
    expect((await tick(app, t.requester2.token, ticket.id, 'plc-log', { text: 'x' })).status).toBe(404);
    expect((await app.request('GET', `/api/v1/tickets/${ticket.id}/checklist`, { token: t.requester2.token })).status).toBe(404);
    expect((await app.request('GET', `/api/v1/tickets/${ticket.id}/checklist`, { token: t.engineer2.token })).status).toBe(404);
    const checklist = await app.request('GET', `/api/v1/tickets/${ticket.id}/checklist`, { token: t.dispatcher.token });
    expect(checklist.body.missing).toEqual(['plc-log']);
    expect((await tick(app, t.engineer.token, ticket.id, 'plc-log', { text: '报警已清除' })).status).toBe(200);
  });

  it('lets an expert working the ticket tick it', async () => {
    const type = await typeWithCategory(app, t);
    await createRule(app, t, { ticketType: type, items: [{ key: 'plc-log', label: 'PLC 日志摘录', evidence: 'log' }] });
    const ticket = await ticketAtWork(app, t, { type, assignee: t.expert });
    expect((await tick(app, t.expert.token, ticket.id, 'plc-log', { text: '复位后无报警' })).status).toBe(200);
  });

  it('takes ticks only while the work is open: not before it is accepted, nor once it is resolved', async () => {
    const type = await typeWithCategory(app, t);
    await createRule(app, t, { ticketType: type, items: [{ key: 'plc-log', label: 'PLC 日志摘录', evidence: 'log' }] });
    const created = await app.request('POST', '/api/v1/tickets', { token: t.requester.token, body: { description: randomReport(), type } });
    await act(app, t.dispatcher.token, created.body.id, 'dispatch', { assigneeId: t.engineer.id });
    const early = await tick(app, t.engineer.token, created.body.id, 'plc-log', { text: '日志' });
    expect(early.status).toBe(409);
    expect(early.body.error.code).toBe('illegal_transition');

    const ticket = await ticketAtWork(app, t, { type, start: false });
    expect((await tick(app, t.engineer.token, ticket.id, 'plc-log', { text: '日志' })).status).toBe(200);
    expect((await act(app, t.engineer.token, ticket.id, 'hold', { reason: '等待备件' })).status).toBe(200);
    expect((await tick(app, t.engineer.token, ticket.id, 'plc-log', { text: '挂起期间补充日志' })).status).toBe(200);
    await act(app, t.engineer.token, ticket.id, 'resume');
    expect((await act(app, t.engineer.token, ticket.id, 'resolve', { solution: '复位' })).status).toBe(200);
    expect((await tick(app, t.engineer.token, ticket.id, 'plc-log', { text: '事后补录' })).status).toBe(409);
    expect((await app.request('DELETE', `/api/v1/tickets/${ticket.id}/checklist/plc-log`, { token: t.engineer.token })).status).toBe(409);
  });
});

describe('tenant isolation', () => {
  it('answers 404 for another tenant\'s ticket and changes nothing', async () => {
    const type = await typeWithCategory(app, t);
    await createRule(app, t, { ticketType: type, items: [{ key: 'plc-log', label: 'PLC 日志摘录', evidence: 'log' }] });
    const ticket = await ticketAtWork(app, t, { type });
    expect((await tick(app, t.engineer.token, ticket.id, 'plc-log', { text: '日志' })).status).toBe(200);
    const before = await events(app, t, ticket.id);
    for (const intruder of [other.admin, other.engineer, other.dispatcher]) {
      expect((await app.request('GET', `/api/v1/tickets/${ticket.id}/checklist`, { token: intruder.token })).status).toBe(404);
      expect((await tick(app, intruder.token, ticket.id, 'plc-log', { text: '篡改' })).status).toBe(404);
      expect((await app.request('DELETE', `/api/v1/tickets/${ticket.id}/checklist/plc-log`, { token: intruder.token })).status).toBe(404);
    }
    const checklist = await app.request('GET', `/api/v1/tickets/${ticket.id}/checklist`, { token: t.engineer.token });
    expect(checklist.body.items[0].done.text).toBe('日志');
    expect(await events(app, t, ticket.id)).toEqual(before);
  });
});
