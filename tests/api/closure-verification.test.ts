/**
 * Customer verification over HTTP: the signed link sent on resolve, its single use under
 * concurrency, forged and expired tokens, "not solved" and its effects on dispatch, and the
 * auto-verification of silent customers with the runner and a manual clock.
 */
import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ManualClock } from '../../src/platform/clock.ts';
import type { Runner } from '../../src/platform/runner/index.ts';
import type { TestApp } from '../support/app.ts';
import { addUser, createTenant, type TestTenant } from '../support/factories.ts';
import { startRunnerTestApp } from '../support/runner-app.ts';
import { insertTicketIn } from '../support/tickets.ts';
import { uploadFile } from '../support/uploads.ts';
import { act, eventsOf, noticesOf, ticketOf, typeWithDispatch, withoutDuplicateGuard } from './dispatch-support.ts';

let clock: ManualClock;
let app: TestApp;
let runner: Runner;

beforeAll(async () => {
  // 10:00 in Shanghai.
  ({ clock, app, runner } = await startRunnerTestApp('2026-11-24T02:00:00Z', 'verification-test'));
});
afterAll(() => app.close());

const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');

async function tenant(): Promise<TestTenant> {
  const t = await createTenant(app);
  await withoutDuplicateGuard(app, t);
  return t;
}

async function uploadPhoto(t: TestTenant, ticketId: string, name = '现场照片.png') {
  const response = await uploadFile(app, t.engineer.token, ticketId, { filename: name, content: PNG, type: 'image/png' });
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  return response.body as { id: string };
}

/** A ticket reported by the requester and resolved by the engineer; the photo is taken on site before resolving. */
async function resolvedTicket(t: TestTenant, options: { priority?: string; photo?: boolean } = {}) {
  const created = await app.request('POST', '/api/v1/tickets', {
    token: t.requester.token,
    body: { description: `注塑机液压站压力不稳，报警 E-${randomBytes(3).toString('hex')}`, ...(options.priority ? { priority: options.priority } : {}) },
  });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  const id = created.body.id as string;
  expect((await act(app, t.dispatcher.token, id, 'dispatch', { assigneeId: t.engineer.id })).status).toBe(200);
  expect((await act(app, t.engineer.token, id, 'accept')).status).toBe(200);
  expect((await act(app, t.engineer.token, id, 'start')).status).toBe(200);
  const photo = options.photo ? await uploadPhoto(t, id) : undefined;
  const resolved = await act(app, t.engineer.token, id, 'resolve', { solution: '更换液压泵密封圈，保压 30 分钟无泄漏。' });
  expect(resolved.status, JSON.stringify(resolved.body)).toBe(200);
  return { id, number: created.body.number as string, photo };
}

/** The token of the newest verification link the requester was sent about the ticket. */
async function sentToken(t: TestTenant, ticketId: string): Promise<string> {
  const sent = (await noticesOf(app, t, ticketId)).filter((notice) => notice.template === 'closure.verify_requested');
  expect(sent.length).toBeGreaterThan(0);
  const url = sent.at(-1)!.data.url as string;
  return url.slice(url.indexOf('/v/') + 3);
}

const answer = (token: string, body: object) => app.request('POST', `/api/v1/public/verifications/${token}`, { body });
const page = (token: string, lang = '') => app.request('GET', `/v/${token}${lang}`);
const verifiedEvents = async (t: TestTenant, id: string) => (await eventsOf(app, t, id)).filter((event) => event.type === 'verified');
const overview = async (t: TestTenant, id: string) => (await app.request('GET', `/api/v1/tickets/${id}/verification`, { token: t.admin.token })).body;

describe('the link sent on resolve', () => {
  it('goes to the requester with its URL and expiry, and the ticket shows it without its token', async () => {
    const t = await tenant();
    const ticket = await resolvedTicket(t);
    const [notice] = (await noticesOf(app, t, ticket.id)).filter((each) => each.template === 'closure.verify_requested');
    expect(notice).toMatchObject({ userId: t.requester.id, data: { number: ticket.number, assigneeName: '工程师甲', expiresAt: '2026-12-01T02:00:00.000Z' } });
    expect(notice.data.url).toMatch(/^http:\/\/localhost:3000\/v\/[A-Za-z0-9_-]{72}$/);
    expect(notice.body).toContain('链接有效期至');

    const seen = await overview(t, ticket.id);
    expect(seen).toMatchObject({ status: 'resolved', awaitingReview: false, verification: null });
    expect(seen.links).toEqual([expect.objectContaining({ expiresAt: '2026-12-01T02:00:00.000Z', usedAt: null, result: null, answered: false })]);
    expect(JSON.stringify(seen)).not.toContain(await sentToken(t, ticket.id));
  });

  it('is issued without a notice for a ticket nobody requested, instead of failing the resolve', async () => {
    const t = await tenant();
    const ticket = await insertTicketIn(app, t.tenant.id, { status: 'in_progress', assigneeId: t.engineer.id, requesterId: null });
    const resolved = await act(app, t.engineer.token, ticket.id, 'resolve', { solution: '已重新校准传感器' });
    expect(resolved.status, JSON.stringify(resolved.body)).toBe(200);
    expect((await overview(t, ticket.id)).links).toHaveLength(1);
    expect((await noticesOf(app, t, ticket.id)).filter((notice) => notice.template === 'closure.verify_requested')).toEqual([]);
  });

  it('is issued when an expert approves the review, which is a change with a review_approved event', async () => {
    const t = await tenant();
    const ticket = await insertTicketIn(app, t.tenant.id, { status: 'resolved', assigneeId: t.engineer.id, requesterId: t.requester.id, solution: '已修复' });
    const { system } = app.services.domain;
    await app.ctx.db.transaction().execute((trx) =>
      system.patch(trx, t.tenant.id, ticket.id, {}, [{ type: 'review_approved', data: { reviewerId: t.expert.id } }], clock.now()));
    expect(await sentToken(t, ticket.id)).toMatch(/^[A-Za-z0-9_-]{72}$/);
  });

  it('is issued again on request, with a QR code, to staff who see the ticket and to its requester only', async () => {
    const t = await tenant();
    const other = await tenant();
    const ticket = await resolvedTicket(t);
    const byEngineer = await app.request('POST', `/api/v1/tickets/${ticket.id}/verification-link`, { token: t.engineer.token });
    expect(byEngineer.status, JSON.stringify(byEngineer.body)).toBe(201);
    expect(byEngineer.body).toMatchObject({ url: `http://localhost:3000/v/${byEngineer.body.token}`, expiresAt: '2026-12-01T02:00:00.000Z' });
    expect(byEngineer.body.qrSvg).toMatch(/^<svg[^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    expect((await app.request('POST', `/api/v1/tickets/${ticket.id}/verification-link`, { token: t.requester.token })).status).toBe(201);
    expect((await app.request('POST', `/api/v1/tickets/${ticket.id}/verification-link`, { token: t.requester2.token })).status).toBe(404);
    expect((await app.request('POST', `/api/v1/tickets/${ticket.id}/verification-link`, { token: other.admin.token })).status).toBe(404);
    expect((await app.request('GET', `/api/v1/tickets/${ticket.id}/verification`, { token: other.admin.token })).status).toBe(404);
    expect((await overview(t, ticket.id)).links).toHaveLength(3);
  });

  it('is refused with 409 for a ticket that is not resolved', async () => {
    const t = await tenant();
    const ticket = await insertTicketIn(app, t.tenant.id, { status: 'in_progress', assigneeId: t.engineer.id, requesterId: t.requester.id });
    const refused = await app.request('POST', `/api/v1/tickets/${ticket.id}/verification-link`, { token: t.dispatcher.token });
    expect(refused.status).toBe(409);
    expect(refused.body.error).toMatchObject({ code: 'illegal_transition', details: { status: 'in_progress' } });
  });
});

describe('the customer\'s page and its answer', () => {
  it('shows the repair and its photos without login, and serves only that ticket\'s photos', async () => {
    const t = await tenant();
    const ticket = await resolvedTicket(t, { photo: true });
    const elsewhere = await resolvedTicket(t, { photo: true });
    const token = await sentToken(t, ticket.id);

    const summary = await app.request('GET', `/api/v1/public/verifications/${token}`);
    expect(summary.status).toBe(200);
    expect(summary.body).toMatchObject({
      number: ticket.number, solution: '更换液压泵密封圈，保压 30 分钟无泄漏。', engineerName: '工程师甲', resolvedAt: '2026-11-24T02:00:00.000Z',
      photos: [{ id: ticket.photo!.id, name: '现场照片.png', url: `/api/v1/public/verifications/${token}/attachments/${ticket.photo!.id}` }],
    });
    const photo = await app.app.inject({ method: 'GET', url: summary.body.photos[0].url });
    expect(photo.statusCode).toBe(200);
    expect(photo.headers['content-type']).toBe('image/png');
    expect(photo.rawPayload.equals(PNG)).toBe(true);
    const foreign = await app.app.inject({ method: 'GET', url: `/api/v1/public/verifications/${token}/attachments/${elsewhere.photo!.id}` });
    expect(foreign.statusCode).toBe(404);

    const html = await page(token);
    expect(html.status).toBe(200);
    expect(html.headers['content-security-policy']).toContain("default-src 'none'");
    expect(html.headers['referrer-policy']).toBe('no-referrer');
    expect(html.body).toContain(ticket.number);
    expect(html.body).toContain('更换液压泵密封圈');
    expect(html.body).toContain('已解决');
    expect(html.body).not.toContain('<script');
    expect((await page(token, '?lang=en')).body).toContain('Partly solved');
    const english = await app.request('GET', `/v/${token}`, { headers: { 'accept-language': 'en-US,en;q=0.9' } });
    expect(english.body).toContain('Is the problem solved?');
  });

  it('closes the ticket on "solved", as the requester\'s verification, and uses up every link of it', async () => {
    const t = await tenant();
    const ticket = await resolvedTicket(t);
    const token = await sentToken(t, ticket.id);
    await app.request('POST', `/api/v1/tickets/${ticket.id}/verification-link`, { token: t.engineer.token });
    const answered = await answer(token, { result: 'satisfied', comment: '设备运行正常，谢谢' });
    expect(answered.status, JSON.stringify(answered.body)).toBe(200);
    expect(answered.body).toEqual({ ticketId: ticket.id, number: ticket.number, result: 'satisfied', status: 'closed' });
    const closed = await ticketOf(app, t, ticket.id);
    expect(closed).toMatchObject({ status: 'closed', verification: { result: 'satisfied', comment: '设备运行正常，谢谢', by: t.requester.id } });
    const [verified] = await verifiedEvents(t, ticket.id);
    expect(verified).toMatchObject({ actorId: t.requester.id, data: { result: 'satisfied' } });
    const links = (await overview(t, ticket.id)).links;
    expect(links.map((link: any) => [link.result, link.usedAt !== null]).sort()).toEqual([['satisfied', true], ['satisfied', true]]);
    expect(links.filter((link: any) => link.answered)).toHaveLength(1);
  });

  it('answers a reused token with 410 and its page says what was answered, changing nothing', async () => {
    const t = await tenant();
    const ticket = await resolvedTicket(t);
    const token = await sentToken(t, ticket.id);
    expect((await answer(token, { result: 'partial', comment: '噪音仍偏大' })).status).toBe(200);
    const before = await ticketOf(app, t, ticket.id);
    const again = await answer(token, { result: 'unresolved' });
    expect(again.status).toBe(410);
    expect(again.body.error).toMatchObject({ code: 'gone', details: { reason: 'used', result: 'partial' } });
    const reused = await app.request('POST', `/v/${token}`, { payload: 'result=unresolved&comment=', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(reused.status).toBe(410);
    expect(reused.body).toContain('部分解决');
    expect((await page(token)).status).toBe(410);
    expect((await app.request('GET', `/api/v1/public/verifications/${token}`)).status).toBe(410);
    expect(await ticketOf(app, t, ticket.id)).toEqual(before);
    expect(await verifiedEvents(t, ticket.id)).toHaveLength(1);
  });

  it('answers a tampered or unknown token with 404 and changes nothing', async () => {
    const t = await tenant();
    const ticket = await resolvedTicket(t);
    const token = await sentToken(t, ticket.id);
    const flipped = `${token.slice(0, 40)}${token[40] === 'A' ? 'B' : 'A'}${token.slice(41)}`;
    for (const forged of [flipped, 'x'.repeat(72), 'short', `${token}A`]) {
      const refused = await answer(forged, { result: 'satisfied' });
      expect(refused.status, forged).toBe(404);
      expect(refused.body.error.code).toBe('not_found');
      const html = await page(forged);
      expect(html.status).toBe(404);
      expect(html.body).toContain('链接无效');
    }
    expect(await ticketOf(app, t, ticket.id)).toMatchObject({ status: 'resolved', verification: null });
    expect(await verifiedEvents(t, ticket.id)).toEqual([]);
  });

  it('answers an expired token with 410 and changes nothing', async () => {
    const t = await tenant();
    const set = await app.request('PUT', '/api/v1/admin/closure/settings', { token: t.admin.token, body: { verificationLinkHours: 2 } });
    expect(set.status).toBe(200);
    const ticket = await resolvedTicket(t);
    const token = await sentToken(t, ticket.id);
    clock.advance(2 * 3600);
    try {
      const refused = await answer(token, { result: 'satisfied' });
      expect(refused.status).toBe(410);
      expect(refused.body.error.details).toMatchObject({ reason: 'expired' });
      const html = await page(token);
      expect(html.status).toBe(410);
      expect(html.body).toContain('链接已过期，请联系服务人员重新发送');
      expect(await ticketOf(app, t, ticket.id)).toMatchObject({ status: 'resolved', verification: null });
    } finally {
      clock.advance(-2 * 3600);
    }
  });

  it('refuses a bad answer with 400 naming the field', async () => {
    const t = await tenant();
    const ticket = await resolvedTicket(t);
    const token = await sentToken(t, ticket.id);
    const bad = await answer(token, { result: 'great' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toContain('result');
    expect((await answer(token, { result: 'satisfied', comment: '长'.repeat(2001) })).status).toBe(400);
    const form = await app.request('POST', `/v/${token}`, { payload: 'result=maybe', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(form.status).toBe(400);
    const huge = await app.request('POST', `/v/${token}`, {
      payload: `result=satisfied&comment=${'%E9%95%BF'.repeat(3000)}`, headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(huge.status).toBe(413);
    // Form bodies are read by the page's own routes only.
    const elsewhere = await app.request('POST', `/api/v1/public/verifications/${token}`, {
      payload: 'result=satisfied', headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(elsewhere.status).toBe(415);
    expect((await ticketOf(app, t, ticket.id)).status).toBe('resolved');
  });

  it('lets exactly one of two simultaneous answers change the ticket, through one link or two', async () => {
    const t = await tenant();
    for (const twoLinks of [false, true]) {
      const ticket = await resolvedTicket(t);
      const first = await sentToken(t, ticket.id);
      const second = twoLinks
        ? (await app.request('POST', `/api/v1/tickets/${ticket.id}/verification-link`, { token: t.dispatcher.token })).body.token
        : first;
      const answers = await Promise.all([answer(first, { result: 'satisfied' }), answer(second, { result: 'unresolved', comment: '还是漏油' })]);
      expect(answers.map((each) => each.status).sort()).toEqual([200, 410]);
      expect(await verifiedEvents(t, ticket.id)).toHaveLength(1);
      const winner = answers.find((each) => each.status === 200)!.body;
      expect((await ticketOf(app, t, ticket.id)).verification.result).toBe(winner.result);
    }
  });
});

describe('"not solved"', () => {
  /** The company's own manager (the tenant's other managers are only the fallback). */
  async function withManager(t: TestTenant) {
    const boss = await addUser(app, t.tenant.id, { roles: ['manager'], name: '服务主管王', orgUnitId: t.companyId });
    const patched = await app.request('PATCH', `/api/v1/org-units/${t.companyId}`, { token: t.admin.token, body: { managerId: boss.id } });
    expect(patched.status, JSON.stringify(patched.body)).toBe(200);
    return boss;
  }

  it('reopens to the engineer one priority higher, tells their manager and them why, and pauses them for the day', async () => {
    const t = await tenant();
    const boss = await withManager(t);
    const ticket = await resolvedTicket(t);
    const answered = await answer(await sentToken(t, ticket.id), { result: 'unresolved', comment: '压力还是掉，早上又报警了' });
    expect(answered.body).toMatchObject({ result: 'unresolved', status: 'accepted' });

    expect(await ticketOf(app, t, ticket.id)).toMatchObject({ status: 'accepted', assigneeId: t.engineer.id, priority: 'P2', reopenCount: 1 });
    const events = await eventsOf(app, t, ticket.id);
    expect(events).toContainEqual(expect.objectContaining({ type: 'priority_raised', data: { from: 'P3', to: 'P2', reason: 'customer_unresolved' } }));
    expect(events).toContainEqual(expect.objectContaining({
      type: 'dispatch_paused', data: { userId: t.engineer.id, until: '2026-11-24T16:00:00.000Z', reason: 'customer_unresolved' },
    }));
    const told = (await noticesOf(app, t, ticket.id)).filter((notice) => notice.template === 'closure.not_solved');
    expect(told.map((notice) => notice.userId).sort()).toEqual([boss.id, t.engineer.id].sort());
    expect(told[0]).toMatchObject({ urgent: false, data: { priority: 'P2', reason: '压力还是掉，早上又报警了', assigneeName: '工程师甲' } });
  });

  it('is urgent once the ticket reaches P1, and P1 stays P1', async () => {
    const t = await tenant();
    await withManager(t);
    for (const [from, to] of [['P2', 'P1'], ['P1', 'P1']]) {
      const ticket = await resolvedTicket(t, { priority: from });
      await answer(await sentToken(t, ticket.id), { result: 'unresolved' });
      expect((await ticketOf(app, t, ticket.id)).priority).toBe(to);
      const told = (await noticesOf(app, t, ticket.id)).filter((notice) => notice.template === 'closure.not_solved');
      expect(told.every((notice) => notice.urgent)).toBe(true);
      expect((await eventsOf(app, t, ticket.id)).filter((event) => event.type === 'priority_raised')).toHaveLength(from === to ? 0 : 1);
    }
  });

  it('keeps the engineer out of automatic dispatch today, not out of a dispatcher\'s hands, and back tomorrow', async () => {
    const t = await tenant();
    const ticket = await resolvedTicket(t);
    await answer(await sentToken(t, ticket.id), { result: 'unresolved' });

    const type = await typeWithDispatch(app, t, { mode: 'auto' });
    const report = async () => (await app.request('POST', '/api/v1/tickets', { token: t.requester.token, body: { description: `空压机异响 ${randomBytes(3).toString('hex')}`, type } })).body;
    const fresh = await report();
    const proposal = await app.request('GET', `/api/v1/tickets/${fresh.id}/dispatch-proposal`, { token: t.dispatcher.token });
    expect(proposal.body.candidates).toContainEqual(expect.objectContaining({ userId: t.engineer.id, excludedBecause: 'paused' }));
    expect(proposal.body.candidates.find((candidate: any) => candidate.userId === t.engineer2.id).excludedBecause).toBeUndefined();
    await runner.runOnce();
    expect((await ticketOf(app, t, fresh.id)).assigneeId).toBe(t.engineer2.id);

    const byHand = await report();
    expect((await act(app, t.dispatcher.token, byHand.id, 'dispatch', { assigneeId: t.engineer.id })).status).toBe(200);

    clock.set('2026-11-24T16:00:00Z'); // midnight in Shanghai
    const tomorrow = await report();
    const next = await app.request('GET', `/api/v1/tickets/${tomorrow.id}/dispatch-proposal`, { token: t.dispatcher.token });
    expect(next.body.candidates.find((candidate: any) => candidate.userId === t.engineer.id).excludedBecause).toBeUndefined();
  });

  it('pauses nobody when the tenant turned the pause off', async () => {
    const t = await tenant();
    await app.request('PUT', '/api/v1/admin/closure/settings', { token: t.admin.token, body: { pauseEngineerOnUnresolved: false } });
    const ticket = await resolvedTicket(t);
    await answer(await sentToken(t, ticket.id), { result: 'unresolved' });
    expect((await eventsOf(app, t, ticket.id)).map((event) => event.type)).not.toContain('dispatch_paused');
    const paused = await sql`SELECT 1 FROM dispatch_pauses WHERE tenant_id = ${t.tenant.id}`.execute(app.ctx.db);
    expect(paused.rows).toEqual([]);
  });
});

describe('auto-verification and the statistics', () => {
  it('verifies a silent customer\'s ticket after N days, counted apart; an answered one is left alone', async () => {
    const t = await tenant();
    const other = await tenant();
    const silent = await resolvedTicket(t);
    const partly = await resolvedTicket(t);
    const reopened = await resolvedTicket(t);
    const closedByStaff = await resolvedTicket(t);
    const elsewhere = await resolvedTicket(other);
    await answer(await sentToken(t, partly.id), { result: 'partial' });
    await answer(await sentToken(t, reopened.id), { result: 'unresolved' });
    expect((await act(app, t.dispatcher.token, closedByStaff.id, 'close')).status).toBe(200);
    await answer(await sentToken(other, elsewhere.id), { result: 'satisfied' });

    clock.advance(7 * 86_400 - 60);
    await runner.runOnce();
    expect((await ticketOf(app, t, silent.id)).status).toBe('resolved');

    await app.request('PUT', '/api/v1/admin/closure/settings', { token: t.admin.token, body: { autoVerifyDays: 0 } });
    const never = await resolvedTicket(t);
    clock.advance(60);
    await runner.runOnce();
    const verified = await ticketOf(app, t, silent.id);
    expect(verified).toMatchObject({ status: 'closed', verification: { result: 'satisfied', auto: true, by: null, comment: '客户 7 天未反馈，系统自动验收' } });
    expect((await verifiedEvents(t, silent.id))[0]).toMatchObject({ actorId: null, data: { result: 'satisfied', auto: true } });
    expect((await overview(t, silent.id)).links).toEqual([expect.objectContaining({ result: 'auto', answered: false })]);
    expect((await ticketOf(app, t, partly.id)).verification).toMatchObject({ result: 'partial' });
    expect((await ticketOf(app, t, reopened.id)).status).toBe('accepted');

    clock.advance(30 * 86_400);
    await runner.runOnce();
    expect((await ticketOf(app, t, never.id)).status).toBe('resolved');

    const stats = await app.request('GET', `/api/v1/closure/verification-stats?from=2026-11-20T00:00:00Z&to=${clock.now().toISOString()}`, { token: t.manager.token });
    expect(stats.status, JSON.stringify(stats.body)).toBe(200);
    // The other tenant's "solved" is not counted here, and this tenant's answers are not counted there.
    expect(stats.body).toMatchObject({ satisfied: 0, partial: 1, unresolved: 1, autoVerified: 1, closedWithoutVerification: 1, awaiting: 1 });
    const theirs = await app.request('GET', `/api/v1/closure/verification-stats?from=2026-11-20T00:00:00Z&to=${clock.now().toISOString()}`, { token: other.dispatcher.token });
    expect(theirs.body).toMatchObject({ satisfied: 1, partial: 0, unresolved: 0, autoVerified: 0, closedWithoutVerification: 0, awaiting: 0 });
    expect((await app.request('GET', '/api/v1/closure/verification-stats', { token: t.engineer.token })).status).toBe(403);
    const backwards = await app.request('GET', '/api/v1/closure/verification-stats?from=2026-12-01T00:00:00Z&to=2026-11-01T00:00:00Z', { token: t.admin.token });
    expect(backwards.status).toBe(400);
  });
});
