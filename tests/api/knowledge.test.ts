/**
 * Knowledge articles over HTTP: search in Chinese and English, suggestions for tickets and for
 * reports being written, saving a verified solution (and the refusals), evidence photos, roles
 * and tenant isolation.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.ts';
import { createTenant, type TestTenant } from '../support/factories.ts';
import { uploadFile } from '../support/uploads.ts';
import { act, eventsOf, withoutDuplicateGuard } from './dispatch-support.ts';

/** A real 1×1 PNG. */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');
const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');

let app: TestApp;
let t: TestTenant;
let other: TestTenant;

beforeAll(async () => {
  app = await startTestApp();
  [t, other] = await Promise.all([createTenant(app), createTenant(app)]);
  await Promise.all([withoutDuplicateGuard(app, t), withoutDuplicateGuard(app, other)]);
});
afterAll(() => app.close());

async function ok<T = any>(response: Promise<{ status: number; body: any }>, status = 200): Promise<T> {
  const answer = await response;
  expect(answer.status, JSON.stringify(answer.body)).toBe(status);
  return answer.body;
}

const ARTICLES = '/api/v1/knowledge/articles';

const write = (token: string, body: Record<string, unknown>) => app.request('POST', ARTICLES, { token, body });
const search = async (token: string, query: string) =>
  (await ok<{ items: any[] }>(app.request('GET', `${ARTICLES}?${query}`, { token }))).items;
const idsOf = (items: { id: string }[]) => items.map((item) => item.id);

/** A tenant of its own, so the articles another test writes do not show in this one's results. */
async function freshTenant(): Promise<TestTenant> {
  const tenant = await createTenant(app);
  await withoutDuplicateGuard(app, tenant);
  return tenant;
}

async function article(tenant: TestTenant, body: Record<string, unknown>, token = tenant.engineer.token) {
  return ok(write(token, { problem: '现象见标题', steps: '按标准流程处理', ...body }), 201);
}

const upload = (token: string, ticketId: string, filename: string, content: Buffer) =>
  ok(uploadFile(app, token, ticketId, { filename, content }), 201);

/** Reported by the requester, fixed by the engineer, waiting for the customer's answer. */
async function resolvedTicket(tenant: TestTenant, description: string, solution: string) {
  const ticket = await ok(app.request('POST', '/api/v1/tickets', { token: tenant.requester.token, body: { description } }), 201);
  await ok(act(app, tenant.dispatcher.token, ticket.id, 'dispatch', { assigneeId: tenant.engineer.id }));
  await ok(act(app, tenant.engineer.token, ticket.id, 'accept'));
  await ok(act(app, tenant.engineer.token, ticket.id, 'start'));
  await ok(act(app, tenant.engineer.token, ticket.id, 'resolve', { solution }));
  return ticket as { id: string; title: string; type: string };
}

async function verifiedTicket(tenant: TestTenant, description: string, solution: string) {
  const ticket = await resolvedTicket(tenant, description, solution);
  const verified = await ok(act(app, tenant.requester.token, ticket.id, 'verify', { result: 'satisfied' }));
  expect(verified.status).toBe('closed');
  return ticket;
}

const saveFrom = (token: string, ticketId: string, body: Record<string, unknown> = {}) =>
  app.request('POST', `/api/v1/tickets/${ticketId}/knowledge-article`, { token, body });

describe('search', () => {
  let tenant: TestTenant;
  let spindle: any;
  let english: any;
  let printer: any;
  let password: any;

  beforeAll(async () => {
    tenant = await freshTenant();
    spindle = await article(tenant, {
      title: '3号机床主轴异响，更换轴承后解决', problem: '3号机床主轴高速运转时有咔咔声', steps: '拆检主轴，更换前轴承一对并重新预紧', tags: ['数控机床'],
    });
    english = await article(tenant, {
      title: 'Spindle noise on lathe 5', problem: 'Loud noise from the spindle at high speed', steps: 'Replaced the spindle bearings',
    });
    printer = await article(tenant, { title: '办公室打印机频繁卡纸', problem: '打印时纸张卡在出纸口', steps: '清理搓纸轮并更换分页器' });
    password = await article(tenant, { title: 'ERP password reset', problem: 'User locked out of the ERP', steps: 'Reset the password in the admin console' });
    // Each shares one word with a query below, in passing: not enough to be shown.
    await article(tenant, { title: '5号机床换刀卡刀', problem: '换刀时主轴定位不准，刀臂停在中间', steps: '校准主轴定向' });
    await article(tenant, { title: 'Coolant pump leaking', problem: 'Coolant under the lathe and some noise', steps: 'Replaced the pump seal' });
  });

  it('finds a Chinese article by words inside its title, without a dictionary', async () => {
    const found = await search(tenant.requester.token, `q=${encodeURIComponent('主轴异响')}`);
    expect(idsOf(found)).toEqual([spindle.id]);
    expect(found[0].score).toBe(1);
    expect(found[0]).toMatchObject({ title: '3号机床主轴异响，更换轴承后解决', steps: '拆检主轴，更换前轴承一对并重新预紧', tags: ['数控机床'] });
  });

  it('finds an English article by its words, whatever their case and plural', async () => {
    const found = await search(tenant.requester.token, `q=${encodeURIComponent('SPINDLE noises')}`);
    expect(idsOf(found)).toEqual([english.id]);
    expect(found[0].score).toBe(1);
  });

  it('leaves out articles that share a word with the query only in passing', async () => {
    expect(idsOf(await search(tenant.requester.token, `q=${encodeURIComponent('主轴异响 更换轴承')}`))).toEqual([spindle.id]);
    expect(idsOf(await search(tenant.requester.token, `q=${encodeURIComponent('spindle noise bearing')}`))).toEqual([english.id]);
  });

  it('returns nothing for a query no article is about', async () => {
    expect(await search(tenant.requester.token, `q=${encodeURIComponent('空调不制冷')}`)).toEqual([]);
    expect(await search(tenant.requester.token, `q=${encodeURIComponent('conveyor belt slipping')}`)).toEqual([]);
    expect(await search(tenant.requester.token, `q=${encodeURIComponent('，。！')}`)).toEqual([]);
  });

  it('ranks an article matching in its title above one matching only in its body', async () => {
    const inBody = await article(tenant, { title: '数控车床尾座松动', problem: '加工时尾座后退，主轴端工件跳动', steps: '紧固尾座' });
    const found = await search(tenant.engineer.token, `q=${encodeURIComponent('主轴')}`);
    expect(found[0]).toMatchObject({ id: spindle.id, score: 1 });
    expect(idsOf(found.slice(1))).toContain(inBody.id);
    expect(found.slice(1).map((item) => item.score)).toEqual(found.slice(1).map(() => 0.6));
    // Both terms count: the tailstock article now leads.
    expect(idsOf(await search(tenant.engineer.token, `q=${encodeURIComponent('主轴 尾座')}`))).toEqual([inBody.id, spindle.id]);
  });

  it('filters a search by ticket type', async () => {
    const typed = await article(tenant, { title: '主轴异响（IT 机房空调）', ticketType: 'it_incident' });
    expect(idsOf(await search(tenant.engineer.token, `q=${encodeURIComponent('主轴异响')}&type=it_incident`))).toEqual([typed.id]);
  });

  it('lists newest first without q, page by page', async () => {
    const first = await ok(app.request('GET', `${ARTICLES}?limit=2`, { token: tenant.requester.token }));
    expect(first.items).toHaveLength(2);
    expect(first.items[0].score).toBeUndefined();
    expect(first.nextCursor).toEqual(expect.any(String));
    const second = await ok(app.request('GET', `${ARTICLES}?limit=100&cursor=${first.nextCursor}`, { token: tenant.requester.token }));
    const all = [...idsOf(first.items), ...idsOf(second.items)];
    expect(all).toEqual([...all].sort().reverse());
    expect(all).toEqual(expect.arrayContaining([spindle.id, english.id, printer.id, password.id]));
    expect(second.nextCursor).toBeNull();
  });

  it('refuses a cursor it did not give, and a cursor with a search', async () => {
    expect((await app.request('GET', `${ARTICLES}?cursor=bm90LWFuLWlk`, { token: tenant.admin.token })).status).toBe(400);
    const withQ = await app.request('GET', `${ARTICLES}?q=x&cursor=${Buffer.from(spindle.id).toString('base64url')}`, { token: tenant.admin.token });
    expect(withQ.status).toBe(400);
    expect((await app.request('GET', `${ARTICLES}?limit=1000`, { token: tenant.admin.token })).status).toBe(400);
  });
});

describe('suggestions', () => {
  let tenant: TestTenant;
  let spindle: any;
  let english: any;

  beforeAll(async () => {
    tenant = await freshTenant();
    spindle = await article(tenant, {
      title: '3号机床主轴异响，更换轴承后解决', problem: '主轴转速超过 6000 rpm 时有明显的咔咔声', steps: '更换主轴前轴承一对并重新预紧', ticketType: 'repair',
    });
    english = await article(tenant, { title: 'Spindle noise on lathe 5', problem: 'Grinding noise from the spindle', steps: 'Replaced the bearings' });
    // Shares "检查" with the report below, and nothing else.
    await article(tenant, { title: '空压机压力不稳', problem: '空压机压力在 0.5 到 0.8 MPa 间波动', steps: '检查并更换压力开关' });
    await article(tenant, { title: '主轴异响（草稿）', status: 'draft' });
  });

  it('suggests the article about the same fault for a new ticket, with its score', async () => {
    const ticket = await ok(app.request('POST', '/api/v1/tickets', {
      token: tenant.requester.token, body: { description: '2号机床主轴异响，声音很大，请派人检查' },
    }), 201);
    const { items } = await ok(app.request('GET', `/api/v1/tickets/${ticket.id}/knowledge-suggestions`, { token: tenant.requester.token }));
    expect(idsOf(items)).toEqual([spindle.id]);
    expect(items[0].score).toBeGreaterThan(0.35);
    expect(items[0].score).toBeLessThanOrEqual(1);
  });

  it('answers 404 to someone who cannot see the ticket', async () => {
    const ticket = await ok(app.request('POST', '/api/v1/tickets', { token: tenant.requester.token, body: { description: '主轴异响' } }), 201);
    const answer = await app.request('GET', `/api/v1/tickets/${ticket.id}/knowledge-suggestions`, { token: tenant.requester2.token });
    expect(answer.status).toBe(404);
  });

  it('suggests for a report being written, in English or Chinese, never a draft', async () => {
    const suggest = (description: string, type?: string) =>
      ok(app.request('POST', '/api/v1/knowledge/suggest', { token: tenant.requester.token, body: { description, type } }));
    expect(idsOf((await suggest('The spindle is making a grinding noise again')).items)).toEqual([english.id]);
    expect(idsOf((await suggest('主轴有异响')).items)).toEqual([spindle.id]);
    // A type keeps the articles of that type and those of none.
    expect(idsOf((await suggest('主轴有异响', 'it_incident')).items)).toEqual([]);
    expect(idsOf((await suggest('主轴有异响', 'repair')).items)).toEqual([spindle.id]);
    expect((await suggest('打印机没有反应')).items).toEqual([]);
  });

  it('refuses an empty report', async () => {
    const answer = await app.request('POST', '/api/v1/knowledge/suggest', { token: tenant.requester.token, body: { description: '' } });
    expect(answer.status).toBe(400);
  });
});

describe('saving a verified solution', () => {
  let tenant: TestTenant;

  beforeAll(async () => {
    tenant = await freshTenant();
  });

  it('saves the ticket\'s description, solution and photos, once, and records it on the ticket', async () => {
    const ticket = await resolvedTicket(tenant, '7号注塑机液压油温过高，机器报警停机', '清洗油冷却器并更换液压油滤芯，油温恢复到 45℃');
    const photo = await upload(tenant.engineer.token, ticket.id, '现场照片.png', PNG);
    await upload(tenant.engineer.token, ticket.id, '检测报告.pdf', PDF);
    await ok(act(app, tenant.requester.token, ticket.id, 'verify', { result: 'partial' }));

    const saved = await ok(saveFrom(tenant.engineer.token, ticket.id, { cause: '冷却器结垢', tags: ['注塑机', '液压'] }), 201);
    expect(saved).toMatchObject({
      title: ticket.title, problem: '7号注塑机液压油温过高，机器报警停机', cause: '冷却器结垢',
      steps: '清洗油冷却器并更换液压油滤芯，油温恢复到 45℃', tags: ['注塑机', '液压'], ticketType: 'repair', status: 'published',
      sourceTicketId: ticket.id, createdBy: tenant.engineer.id, version: 1,
      evidence: [{ attachmentId: photo.id, url: `${ARTICLES}/${saved.id}/evidence/${photo.id}` }],
    });
    const events = await eventsOf(app, tenant, ticket.id);
    expect(events.filter((event) => event.type === 'knowledge_article_saved'))
      .toEqual([expect.objectContaining({ actorId: tenant.engineer.id, data: expect.objectContaining({ articleId: saved.id }) })]);
    const found = await search(tenant.requester2.token, `q=${encodeURIComponent('油温过高')}`);
    expect(idsOf(found)).toEqual([saved.id]);
    // Another customer's ticket: its id is for staff.
    expect(found[0].sourceTicketId).toBeNull();

    const again = await saveFrom(tenant.expert.token, ticket.id, { title: '另存一篇' });
    expect(again.status).toBe(409);
    expect(again.body.error).toMatchObject({ code: 'already_exists', details: { articleId: saved.id } });
  });

  it('lets the sender override the title and steps', async () => {
    const ticket = await verifiedTicket(tenant, '车间照明配电箱跳闸', '更换漏电保护器');
    const saved = await ok(saveFrom(tenant.manager.token, ticket.id, { title: '配电箱漏电保护器误动作', steps: '1. 测绝缘；2. 更换漏电保护器' }), 201);
    expect(saved).toMatchObject({ title: '配电箱漏电保护器误动作', steps: '1. 测绝缘；2. 更换漏电保护器', problem: '车间照明配电箱跳闸' });
  });

  it('counts an automatic verification', async () => {
    const ticket = await resolvedTicket(tenant, '冷却塔风机振动大', '重新做动平衡');
    await app.ctx.db.transaction().execute((trx) => app.services.domain.system.act(
      trx, tenant.tenant.id, ticket.id, 'verify', { result: 'satisfied', auto: true }, app.ctx.clock.now()));
    await ok(saveFrom(tenant.engineer.token, ticket.id), 201);
  });

  it('refuses a ticket that is not closed, closed without verification, or verified as not solved', async () => {
    const resolved = await resolvedTicket(tenant, '包装机封口温度不稳', '更换温控器');
    const notClosed = await saveFrom(tenant.engineer.token, resolved.id);
    expect(notClosed.status).toBe(409);
    expect(notClosed.body.error.details).toMatchObject({ reason: 'not_closed', status: 'resolved' });

    const unresolved = await resolvedTicket(tenant, '输送带跑偏', '调整张紧轮');
    await ok(act(app, tenant.requester.token, unresolved.id, 'verify', { result: 'unresolved' }));
    expect((await saveFrom(tenant.engineer.token, unresolved.id)).body.error.details.reason).toBe('not_closed');

    const closed = await resolvedTicket(tenant, '叉车电瓶充不进电', '更换充电机保险');
    await ok(act(app, tenant.dispatcher.token, closed.id, 'close'));
    const withoutVerification = await saveFrom(tenant.engineer.token, closed.id);
    expect(withoutVerification.status).toBe(409);
    expect(withoutVerification.body.error.details).toMatchObject({ reason: 'closed_without_verification' });
    expect(withoutVerification.body.error.message).toMatch(/without verification/);

    const events = await eventsOf(app, tenant, closed.id);
    expect(events.map((event) => event.type)).not.toContain('knowledge_article_saved');
  });

  it('is for staff who can see the ticket', async () => {
    const ticket = await verifiedTicket(tenant, '激光切割机镜片污染，切口发黑', '清洁并更换保护镜片');
    expect((await saveFrom(tenant.requester.token, ticket.id)).status).toBe(403);
    expect((await saveFrom(tenant.finance.token, ticket.id)).status).toBe(403);
    // Engineers see the tickets they work on, not the others.
    expect((await saveFrom(tenant.engineer2.token, ticket.id)).status).toBe(404);
    expect((await saveFrom(other.admin.token, ticket.id)).status).toBe(404);
    expect((await saveFrom(tenant.dispatcher.token, ticket.id)).status).toBe(201);
  });
});

describe('evidence', () => {
  let tenant: TestTenant;
  let saved: any;
  let photo: any;
  let report: any;
  let elsewhere: any;

  beforeAll(async () => {
    tenant = await freshTenant();
    const ticket = await resolvedTicket(tenant, '5号冲床离合器打滑', '更换离合器摩擦片');
    photo = await upload(tenant.engineer.token, ticket.id, '离合器.png', PNG);
    report = await upload(tenant.engineer.token, ticket.id, '报告.pdf', PDF);
    await ok(act(app, tenant.requester.token, ticket.id, 'verify', { result: 'satisfied' }));
    saved = await ok(saveFrom(tenant.engineer.token, ticket.id), 201);
    const unrelated = await ok(app.request('POST', '/api/v1/tickets', { token: tenant.requester.token, body: { description: '空调漏水' } }), 201);
    elsewhere = await upload(tenant.requester.token, unrelated.id, '漏水.png', PNG);
  });

  const evidence = (token: string, attachmentId: string, articleId = saved.id) =>
    app.app.inject({ method: 'GET', url: `${ARTICLES}/${articleId}/evidence/${attachmentId}`, headers: { authorization: `Bearer ${token}` } });

  it('serves the article\'s photo to a reader who cannot see the source ticket, with safe headers', async () => {
    expect((await app.request('GET', `/api/v1/attachments/${photo.id}/content`, { token: tenant.requester2.token })).status).toBe(404);
    const response = await evidence(tenant.requester2.token, photo.id);
    expect(response.statusCode).toBe(200);
    expect(response.rawPayload.equals(PNG)).toBe(true);
    expect(response.headers).toMatchObject({
      'content-type': 'image/png', 'x-content-type-options': 'nosniff', 'content-security-policy': 'sandbox',
    });
    expect(String(response.headers['content-disposition'])).toMatch(/^inline;/);
  });

  it('serves nothing that is not among the article\'s evidence', async () => {
    expect((await evidence(tenant.admin.token, report.id)).statusCode).toBe(404);
    expect((await evidence(tenant.admin.token, elsewhere.id)).statusCode).toBe(404);
    expect((await evidence(other.admin.token, photo.id)).statusCode).toBe(404);
  });

  it('follows the article: once archived, its photos are the staff\'s only', async () => {
    expect((await app.request('DELETE', `${ARTICLES}/${saved.id}`, { token: tenant.engineer.token })).status).toBe(204);
    expect((await evidence(tenant.requester2.token, photo.id)).statusCode).toBe(404);
    expect((await evidence(tenant.expert.token, photo.id)).statusCode).toBe(200);
  });
});

describe('drafts, edits and archiving', () => {
  let tenant: TestTenant;

  beforeAll(async () => {
    tenant = await freshTenant();
  });

  it('keeps drafts from requesters, in lists, searches and by id', async () => {
    const draft = await article(tenant, { title: '变频器过压报警处理（草稿）', status: 'draft' });
    expect(draft.status).toBe('draft');
    expect(idsOf(await search(tenant.requester.token, ''))).not.toContain(draft.id);
    expect(idsOf(await search(tenant.requester.token, 'status=draft'))).toEqual([]);
    expect(idsOf(await search(tenant.requester.token, `q=${encodeURIComponent('变频器过压')}`))).toEqual([]);
    expect((await app.request('GET', `${ARTICLES}/${draft.id}`, { token: tenant.requester.token })).status).toBe(404);

    expect(idsOf(await search(tenant.finance.token, ''))).toContain(draft.id);
    expect(idsOf(await search(tenant.engineer2.token, `q=${encodeURIComponent('变频器过压')}`))).toEqual([draft.id]);
    await ok(app.request('GET', `${ARTICLES}/${draft.id}`, { token: tenant.engineer2.token }));
  });

  it('lets the author, an expert, a manager or an admin edit; a stale version is refused', async () => {
    const written = await article(tenant, { title: '伺服驱动器过载', problem: 'X 轴过载报警', steps: '检查丝杠润滑' });
    const patch = (token: string, body: Record<string, unknown>) => app.request('PATCH', `${ARTICLES}/${written.id}`, { token, body });

    expect((await patch(tenant.engineer2.token, { version: 1, title: '改' })).status).toBe(403);
    expect((await patch(tenant.dispatcher.token, { version: 1, title: '改' })).status).toBe(403);
    expect((await patch(tenant.requester.token, { version: 1, title: '改' })).status).toBe(403);

    const byAuthor = await ok(patch(tenant.engineer.token, { version: 1, cause: '丝杠缺油', tags: [' 伺服 ', '伺服'] }));
    expect(byAuthor).toMatchObject({ version: 2, cause: '丝杠缺油', tags: ['伺服'], title: '伺服驱动器过载' });
    const byExpert = await ok(patch(tenant.expert.token, { version: 2, title: '伺服驱动器过载报警 ALM-401' }));
    expect(byExpert.version).toBe(3);
    expect(idsOf(await search(tenant.requester.token, 'q=ALM-401'))).toEqual([written.id]);

    const stale = await patch(tenant.manager.token, { version: 2, steps: '旧版本的修改' });
    expect(stale.status).toBe(409);
    expect(stale.body.error).toMatchObject({ code: 'version_conflict', details: { currentVersion: 3 } });
    await ok(patch(tenant.admin.token, { version: 3, cause: null }));

    expect((await patch(tenant.admin.token, { title: '没有版本' })).status).toBe(400);
    expect((await patch(tenant.admin.token, { version: 4, title: '   ' })).status).toBe(400);
    expect((await patch(tenant.admin.token, { version: 4, status: 'archived' })).status).toBe(400);
  });

  it('lets the author, a manager or an admin archive: out of search, back with an edit', async () => {
    const written = await article(tenant, { title: '冷水机组高压报警', problem: '冷凝器脏堵', steps: '清洗冷凝器' });
    const remove = (token: string) => app.request('DELETE', `${ARTICLES}/${written.id}`, { token });
    expect((await remove(tenant.expert.token)).status).toBe(403);
    expect((await remove(tenant.engineer2.token)).status).toBe(403);
    expect((await remove(tenant.engineer.token)).status).toBe(204);

    expect(idsOf(await search(tenant.admin.token, `q=${encodeURIComponent('冷水机组')}`))).toEqual([]);
    expect(idsOf(await search(tenant.admin.token, ''))).not.toContain(written.id);
    expect(idsOf(await search(tenant.admin.token, 'status=archived'))).toEqual([written.id]);
    expect((await app.request('GET', `${ARTICLES}/${written.id}`, { token: tenant.requester.token })).status).toBe(404);
    const archived = await ok(app.request('GET', `${ARTICLES}/${written.id}`, { token: tenant.manager.token }));
    expect(archived).toMatchObject({ status: 'archived', version: 2 });

    await ok(app.request('PATCH', `${ARTICLES}/${written.id}`, { token: tenant.manager.token, body: { version: 2, status: 'published' } }));
    expect(idsOf(await search(tenant.requester.token, `q=${encodeURIComponent('冷水机组')}`))).toEqual([written.id]);
  });

  it('lets authors write and no one else', async () => {
    for (const role of ['admin', 'manager', 'expert', 'engineer', 'dispatcher'] as const) {
      await article(tenant, { title: `${role} 写的文章` }, tenant[role].token);
    }
    expect((await write(tenant.requester.token, { title: '报修人写的', problem: '无', steps: '无' })).status).toBe(403);
    expect((await write(tenant.finance.token, { title: '财务写的', problem: '无', steps: '无' })).status).toBe(403);
  });

  it('refuses bad input with a clear 400', async () => {
    expect((await write(tenant.engineer.token, { title: '   ', problem: '无', steps: '无' })).body.error)
      .toMatchObject({ code: 'invalid_input', details: { field: 'title' } });
    expect((await write(tenant.engineer.token, { title: '标题', problem: '无', steps: '无', ticketType: 'no_such_type' })).body.error)
      .toMatchObject({ code: 'invalid_input', details: { field: 'ticketType' } });
    expect((await write(tenant.engineer.token, { title: '标题', problem: '无' })).status).toBe(400);
    expect((await write(tenant.engineer.token, { title: '标题', problem: '无', steps: '无', status: 'archived' })).status).toBe(400);
    expect((await write(tenant.engineer.token, { title: '标题', problem: '无', steps: '无', evidenceIds: [] })).status).toBe(400);
    expect((await app.request('GET', `${ARTICLES}/not-a-uuid`, { token: tenant.engineer.token })).status).toBe(400);
  });
});

describe('tenant isolation', () => {
  it('answers 404 to another tenant\'s article and ticket ids, and keeps its articles out of search', async () => {
    const mine = await article(t, { title: '9号机床主轴异响', problem: '主轴异响', steps: '更换轴承' });
    const ticket = await verifiedTicket(t, '9号机床主轴温度过高', '清洗主轴冷却回路');
    const stranger = other.admin.token;

    expect((await app.request('GET', `${ARTICLES}/${mine.id}`, { token: stranger })).status).toBe(404);
    expect((await app.request('PATCH', `${ARTICLES}/${mine.id}`, { token: stranger, body: { version: 1, title: '改' } })).status).toBe(404);
    expect((await app.request('DELETE', `${ARTICLES}/${mine.id}`, { token: stranger })).status).toBe(404);
    expect((await app.request('GET', `/api/v1/tickets/${ticket.id}/knowledge-suggestions`, { token: stranger })).status).toBe(404);
    expect((await saveFrom(stranger, ticket.id)).status).toBe(404);

    expect(await search(stranger, `q=${encodeURIComponent('主轴异响')}`)).toEqual([]);
    expect(idsOf(await search(stranger, ''))).not.toContain(mine.id);
    const suggested = await ok(app.request('POST', '/api/v1/knowledge/suggest', { token: other.requester.token, body: { description: '主轴异响' } }));
    expect(suggested.items).toEqual([]);

    const unchanged = await ok(app.request('GET', `${ARTICLES}/${mine.id}`, { token: t.admin.token }));
    expect(unchanged).toMatchObject({ status: 'published', version: 1, title: '9号机床主轴异响' });
  });
});
