/**
 * The follow-up survey over time, with the runner and a manual clock: sent 72 hours after a
 * ticket closes (configurable), withdrawn by a reopen, answered once through a link without a
 * login, a low score alerting the service director, and the staff's views of the answers.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SURVEY_JOB } from '../../src/modules/closure/surveys.ts';
import { signToken } from '../../src/modules/closure/tokens.ts';
import type { ManualClock } from '../../src/platform/clock.ts';
import { uuidv7 } from '../../src/platform/ids.ts';
import { schedule, type Runner } from '../../src/platform/runner/index.ts';
import type { TestApp } from '../support/app.ts';
import { createTenant, type TestTenant } from '../support/factories.ts';
import { startRunnerTestApp } from '../support/runner-app.ts';
import { act, eventsOf, noticesOf, withoutDuplicateGuard } from './dispatch-support.ts';

const HOUR = 3600;
let clock: ManualClock;
let app: TestApp;
let runner: Runner;

beforeAll(async () => {
  ({ clock, app, runner } = await startRunnerTestApp('2026-11-24T02:00:00Z', 'survey-test'));
});
afterAll(() => app.close());

async function tenant(): Promise<TestTenant> {
  const t = await createTenant(app);
  await withoutDuplicateGuard(app, t);
  return t;
}

async function ok(response: Promise<{ status: number; body: any }>, status = 200) {
  const answer = await response;
  expect(answer.status, JSON.stringify(answer.body)).toBe(status);
  return answer.body;
}

let sequence = 0;
/** Reported by the requester, fixed by the first engineer, waiting for the customer. */
async function resolvedTicket(t: TestTenant): Promise<{ id: string; number: string; title: string }> {
  const ticket = await ok(app.request('POST', '/api/v1/tickets', {
    token: t.requester.token, body: { description: `3 号空压机运行异响，压力不稳（${++sequence}）` },
  }), 201);
  await ok(act(app, t.dispatcher.token, ticket.id, 'dispatch', { assigneeId: t.engineer.id }));
  await ok(act(app, t.engineer.token, ticket.id, 'accept'));
  await ok(act(app, t.engineer.token, ticket.id, 'start'));
  await ok(act(app, t.engineer.token, ticket.id, 'resolve', { solution: '更换主轴承，重新校准压力开关' }));
  return ticket;
}

async function closedTicket(t: TestTenant, by: 'customer' | 'supervisor' = 'customer') {
  const ticket = await resolvedTicket(t);
  const closed = by === 'customer'
    ? await ok(act(app, t.requester.token, ticket.id, 'verify', { result: 'satisfied' }))
    : await ok(act(app, t.dispatcher.token, ticket.id, 'close'));
  expect(closed.status).toBe('closed');
  return ticket;
}

const surveysOf = async (t: TestTenant, ticketId: string, token = t.admin.token) =>
  (await ok(app.request('GET', `/api/v1/tickets/${ticketId}/surveys`, { token }))).items as any[];

const surveyNotices = async (t: TestTenant, ticketId: string) =>
  (await noticesOf(app, t, ticketId)).filter((notice) => notice.template === 'closure.survey');

/** The token of the survey link the requester was sent. */
async function surveyToken(t: TestTenant, ticketId: string): Promise<string> {
  const [notice] = await surveyNotices(t, ticketId);
  expect(notice?.data.url).toMatch(/^http:\/\/localhost:3000\/s\/[A-Za-z0-9_-]{72}$/);
  return notice.data.url.split('/s/')[1];
}

/** Closed now, and 72 hours later, with the survey sent. */
async function surveyedTicket(t: TestTenant) {
  const ticket = await closedTicket(t);
  clock.advance(72 * HOUR);
  await runner.runOnce();
  return { ...ticket, token: await surveyToken(t, ticket.id) };
}

const answer = (token: string, body: unknown) => app.request('POST', `/api/v1/public/surveys/${token}`, { body });
const form = (token: string, fields: Record<string, string>, headers: Record<string, string> = {}) =>
  app.request('POST', `/s/${token}`, { payload: new URLSearchParams(fields).toString(), headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers } });

async function pendingSurveyJobs(t: TestTenant): Promise<number> {
  const result = await sql<{ n: number }>`
    SELECT count(*)::int AS n FROM due_work WHERE tenant_id = ${t.tenant.id} AND kind = ${SURVEY_JOB} AND status = 'pending'`.execute(app.ctx.db);
  return result.rows[0].n;
}

describe('sending the survey', () => {
  it('goes out 72 hours after the customer verifies: nothing at 71 h 59 min, then the requester gets a working link', async () => {
    const t = await tenant();
    const ticket = await closedTicket(t);
    clock.advance(71 * HOUR + 59 * 60);
    await runner.runOnce();
    expect(await surveysOf(t, ticket.id)).toEqual([]);
    expect(await surveyNotices(t, ticket.id)).toEqual([]);

    clock.advance(60);
    await runner.runOnce();
    const [survey] = await surveysOf(t, ticket.id);
    expect(survey).toMatchObject({
      status: 'open', requesterId: t.requester.id, sentAt: clock.now().toISOString(), stars: null, answer: null,
      expiresAt: new Date(clock.now().getTime() + 14 * 24 * HOUR * 1000).toISOString(),
    });
    const notices = await surveyNotices(t, ticket.id);
    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatchObject({ userId: t.requester.id, data: { number: ticket.number, title: ticket.title } });
    const events = await eventsOf(app, t, ticket.id);
    expect(events.filter((event) => event.type === 'survey_sent')).toEqual([expect.objectContaining({ actorId: null, data: { surveyId: survey.id } })]);

    const page = await app.request('GET', new URL(notices[0].data.url).pathname);
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toContain('text/html');
    expect(page.headers['content-security-policy']).toContain("default-src 'none'");
    expect(page.body).toContain(ticket.number);
    expect(page.body).toContain('问题是否已彻底解决？');
  });

  it('also follows a supervisor\'s close and an automatic verify', async () => {
    const t = await tenant();
    const closedBySupervisor = await closedTicket(t, 'supervisor');
    const autoVerified = await resolvedTicket(t);
    const { system } = app.services.domain;
    await app.ctx.db.transaction().execute((trx) =>
      system.act(trx, t.tenant.id, autoVerified.id, 'verify', { result: 'satisfied', auto: true }, clock.now()));
    clock.advance(72 * HOUR);
    await runner.runOnce();
    expect(await surveysOf(t, closedBySupervisor.id)).toHaveLength(1);
    expect(await surveysOf(t, autoVerified.id)).toHaveLength(1);
  });

  it('is not sent for a ticket reopened before 72 hours, and follows its next closing instead', async () => {
    const t = await tenant();
    const ticket = await closedTicket(t);
    expect(await pendingSurveyJobs(t)).toBe(1);
    clock.advance(10 * HOUR);
    await ok(act(app, t.requester.token, ticket.id, 'reopen', { reason: '又响了' }));
    expect(await pendingSurveyJobs(t)).toBe(0);
    clock.advance(62 * HOUR);
    await runner.runOnce();
    expect(await surveysOf(t, ticket.id)).toEqual([]);

    await ok(act(app, t.engineer.token, ticket.id, 'start'));
    await ok(act(app, t.engineer.token, ticket.id, 'resolve', { solution: '更换减震垫' }));
    await ok(act(app, t.requester.token, ticket.id, 'verify', { result: 'satisfied' }));
    clock.advance(72 * HOUR);
    await runner.runOnce();
    expect(await surveysOf(t, ticket.id)).toHaveLength(1);
    expect(await surveyNotices(t, ticket.id)).toHaveLength(1);
  });

  it('is sent once for a closing even when its job runs twice', async () => {
    const t = await tenant();
    const ticket = await closedTicket(t);
    const closedAt = clock.now().toISOString();
    clock.advance(72 * HOUR);
    await runner.runOnce();
    await schedule(app.ctx.db, { tenantId: t.tenant.id, kind: SURVEY_JOB, payload: { ticketId: ticket.id, closedAt }, runAt: clock.now(), now: clock.now(), dedupeKey: 'again' });
    expect(await runner.runOnce()).toBe(1);
    expect(await surveysOf(t, ticket.id)).toHaveLength(1);
    expect(await surveyNotices(t, ticket.id)).toHaveLength(1);
  });

  it('waits as long as the admin sets through the closure settings, and 0 turns it off', async () => {
    const t = await tenant();
    await ok(app.request('PUT', '/api/v1/admin/closure/settings', { token: t.admin.token, body: { surveyDelayHours: 24 } }));
    const ticket = await closedTicket(t);
    clock.advance(23 * HOUR);
    await runner.runOnce();
    expect(await surveysOf(t, ticket.id)).toEqual([]);
    clock.advance(HOUR);
    await runner.runOnce();
    expect(await surveysOf(t, ticket.id)).toHaveLength(1);

    await ok(app.request('PUT', '/api/v1/admin/closure/settings', { token: t.admin.token, body: { surveyDelayHours: 0 } }));
    const unsurveyed = await closedTicket(t);
    expect(await pendingSurveyJobs(t)).toBe(0);
    clock.advance(100 * HOUR);
    await runner.runOnce();
    expect(await surveysOf(t, unsurveyed.id)).toEqual([]);
  });
});

describe('answering the survey', () => {
  it('attaches the answer to the ticket; a score under 3 alerts the service director with the reason and the engineer', async () => {
    const t = await tenant();
    const { id, number, token } = await surveyedTicket(t);
    const answered = await ok(answer(token, { stars: 2, answer: '  还是偶尔异响  ' }));
    expect(answered).toEqual({ ticketId: id, number, stars: 2 });

    const [survey] = await surveysOf(t, id);
    expect(survey).toMatchObject({ status: 'answered', stars: 2, answer: '还是偶尔异响', answeredAt: clock.now().toISOString() });
    const events = await eventsOf(app, t, id);
    expect(events.find((event) => event.type === 'survey_answered')).toMatchObject({
      actorId: t.requester.id, data: { surveyId: survey.id, stars: 2, answer: '还是偶尔异响' },
    });
    const alerts = (await noticesOf(app, t, id)).filter((notice) => notice.template === 'closure.low_score');
    expect(alerts).toEqual([expect.objectContaining({
      userId: t.manager.id, data: { number, title: expect.any(String), stars: 2, reason: '还是偶尔异响', assigneeName: '工程师甲' },
    })]);
  });

  it('alerts the directors the admin named instead of the managers', async () => {
    const t = await tenant();
    await ok(app.request('PUT', '/api/v1/admin/closure/settings', { token: t.admin.token, body: { directorIds: [t.expert.id] } }));
    const { id, token } = await surveyedTicket(t);
    await ok(answer(token, { stars: 1 }));
    const alerts = (await noticesOf(app, t, id)).filter((notice) => notice.template === 'closure.low_score');
    expect(alerts.map((notice) => notice.userId)).toEqual([t.expert.id]);
    expect(alerts[0].data).not.toHaveProperty('reason');
  });

  it('does not alert anyone for 3 stars or more', async () => {
    const t = await tenant();
    for (const stars of [3, 5]) {
      const { id, token } = await surveyedTicket(t);
      await ok(answer(token, { stars }));
      expect((await noticesOf(app, t, id)).filter((notice) => notice.template === 'closure.low_score')).toEqual([]);
    }
  });

  it('takes one answer: a second gets 410 and changes nothing, and of five sent at once exactly one wins', async () => {
    const t = await tenant();
    const first = await surveyedTicket(t);
    await ok(answer(first.token, { stars: 4 }));
    const again = await answer(first.token, { stars: 1, answer: '改主意了' });
    expect(again.status).toBe(410);
    expect(again.body.error).toMatchObject({ code: 'gone', details: { reason: 'answered' } });
    const page = await form(first.token, { stars: '1' });
    expect(page.status).toBe(410);
    expect(page.body).toContain('您已提交过评价');
    expect((await app.request('GET', `/api/v1/public/surveys/${first.token}`)).status).toBe(410);
    expect((await surveysOf(t, first.id))[0]).toMatchObject({ stars: 4, answer: null });

    const second = await surveyedTicket(t);
    const racing = await Promise.all([1, 2, 3, 4, 5].map((stars) => answer(second.token, { stars })));
    expect(racing.map((response) => response.status).sort()).toEqual([200, 410, 410, 410, 410]);
    const events = await eventsOf(app, t, second.id);
    expect(events.filter((event) => event.type === 'survey_answered')).toHaveLength(1);
  });

  it('refuses bad input with 400 naming the field', async () => {
    const t = await tenant();
    const { token } = await surveyedTicket(t);
    const cases: [unknown, string][] = [
      [{}, 'stars'], [{ stars: 0 }, 'stars'], [{ stars: 6 }, 'stars'], [{ stars: 2.5 }, 'stars'], [{ stars: '3' }, 'stars'],
      [{ stars: 3, answer: '好'.repeat(2001) }, 'answer'], [{ stars: 3, answer: 42 }, 'answer'], [{ stars: 3, mood: 'ok' }, 'mood'],
    ];
    for (const [body, field] of cases) {
      const response = await answer(token, body);
      expect(response.status, JSON.stringify(body)).toBe(400);
      expect(JSON.stringify(response.body.error), JSON.stringify(body)).toContain(field);
    }
    expect((await app.request('GET', `/api/v1/public/surveys/${token}`)).status).toBe(200);
  });
});

describe('the survey page without a login', () => {
  it('is answered through its form: a missing star choice shows the form again with a message and keeps the text', async () => {
    const t = await tenant();
    const { id, number, token } = await surveyedTicket(t);
    const missing = await form(token, { answer: '基本好了' });
    expect(missing.status).toBe(400);
    expect(missing.headers['content-type']).toContain('text/html');
    expect(missing.body).toContain('请先选择 1–5 星，再提交评价。');
    expect(missing.body).toContain('>基本好了</textarea>');
    expect(missing.body).toContain(number);

    const thanks = await form(token, { stars: '4', answer: '基本好了' });
    expect(thanks.status).toBe(200);
    expect(thanks.body).toContain('感谢您的反馈');
    expect((await surveysOf(t, id))[0]).toMatchObject({ stars: 4, answer: '基本好了' });
  });

  it('speaks English with ?lang=en or an English browser, and Chinese by default', async () => {
    const t = await tenant();
    const { token } = await surveyedTicket(t);
    expect((await app.request('GET', `/s/${token}?lang=en`)).body).toContain('Is the problem fully solved?');
    const english = await app.request('GET', `/s/${token}`, { headers: { 'accept-language': 'en-US,en;q=0.9' } });
    expect(english.body).toContain('<html lang="en">');
    const chinese = await app.request('GET', `/s/${token}`, { headers: { 'accept-language': 'zh-CN,zh;q=0.9,en;q=0.8' } });
    expect(chinese.body).toContain('<html lang="zh-CN">');
    const thanks = await form(`${token}?lang=en`, { stars: '5' });
    expect(thanks.body).toContain('Thank you');
  });

  it('answers a forged token with 404 and an expired one with 410, as pages and as JSON', async () => {
    const t = await tenant();
    const { id, token } = await surveyedTicket(t);
    const forged = token.slice(0, 40) + (token[40] === 'A' ? 'B' : 'A') + token.slice(41);
    const forgedPage = await app.request('GET', `/s/${forged}`);
    expect(forgedPage.status).toBe(404);
    expect(forgedPage.body).toContain('链接无效');
    expect((await form(forged, { stars: '5' })).status).toBe(404);
    expect((await answer(forged, { stars: 5 })).status).toBe(404);
    expect((await app.request('GET', '/api/v1/public/surveys/not-a-token')).status).toBe(404);
    const neverSent = signToken(app.config.secret, 'survey', { tenantId: t.tenant.id, id: uuidv7(), expiresAt: new Date(clock.now().getTime() + 86_400_000) });
    expect((await app.request('GET', `/s/${neverSent}`)).status).toBe(404);

    clock.advance(14 * 24 * HOUR);
    const expiredPage = await app.request('GET', `/s/${token}`);
    expect(expiredPage.status).toBe(410);
    expect(expiredPage.body).toContain('回访已结束');
    const expired = await answer(token, { stars: 5 });
    expect(expired.status).toBe(410);
    expect(expired.body.error.details.reason).toBe('expired');
    expect((await surveysOf(t, id))[0].status).toBe('expired');
  });
});

describe('the staff\'s views', () => {
  it('show a ticket\'s surveys to whoever can see the ticket, and nobody else', async () => {
    const t = await tenant();
    const { id } = await surveyedTicket(t);
    expect(await surveysOf(t, id, t.requester.token)).toHaveLength(1);
    expect(await surveysOf(t, id, t.engineer.token)).toHaveLength(1);
    expect((await app.request('GET', `/api/v1/tickets/${id}/surveys`, { token: t.requester2.token })).status).toBe(404);
    expect((await app.request('GET', `/api/v1/tickets/${id}/surveys`, { token: t.engineer2.token })).status).toBe(404);
  });

  it('count the period\'s surveys: sent, answered, the response rate, the average and the low scores', async () => {
    const t = await tenant();
    const from = clock.now().toISOString();
    const scores = [1, 4, 5];
    for (const stars of [...scores, null]) {
      const { token } = await surveyedTicket(t);
      if (stars) await ok(answer(token, { stars }));
    }
    const to = new Date(clock.now().getTime() + 1000).toISOString();
    const stats = await ok(app.request('GET', `/api/v1/closure/survey-stats?from=${from}&to=${to}`, { token: t.manager.token }));
    expect(stats).toEqual({
      from, to, sent: 4, answered: 3, responseRate: 0.75, averageStars: 3.33, distribution: { 1: 1, 2: 0, 3: 0, 4: 1, 5: 1 }, lowScores: 1,
    });
    expect((await ok(app.request('GET', '/api/v1/closure/survey-stats', { token: t.dispatcher.token }))).sent).toBe(4);
    const before = await ok(app.request('GET', `/api/v1/closure/survey-stats?to=${from}`, { token: t.admin.token }));
    expect(before).toMatchObject({ sent: 0, answered: 0, responseRate: null, averageStars: null, lowScores: 0 });

    expect((await app.request('GET', '/api/v1/closure/survey-stats', { token: t.engineer.token })).status).toBe(403);
    expect((await app.request('GET', '/api/v1/closure/survey-stats', { token: t.requester.token })).status).toBe(403);
    const backwards = await app.request('GET', `/api/v1/closure/survey-stats?from=${to}&to=${from}`, { token: t.admin.token });
    expect(backwards.status).toBe(400);
    expect(backwards.body.error.details.field).toBe('from');
    expect((await app.request('GET', '/api/v1/closure/survey-stats?from=yesterday', { token: t.admin.token })).status).toBe(400);
  });

  it('keep tenants apart: another tenant\'s ticket is 404, its surveys are not counted, a token re-signed for it finds nothing', async () => {
    const t = await tenant();
    const other = await tenant();
    const from = clock.now().toISOString();
    const { id, token } = await surveyedTicket(t);
    expect((await app.request('GET', `/api/v1/tickets/${id}/surveys`, { token: other.admin.token })).status).toBe(404);
    expect((await ok(app.request('GET', `/api/v1/closure/survey-stats?from=${from}`, { token: other.admin.token }))).sent).toBe(0);
    expect((await ok(app.request('GET', `/api/v1/closure/survey-stats?from=${from}`, { token: t.admin.token }))).sent).toBe(1);

    const [survey] = await surveysOf(t, id);
    const crossTenant = signToken(app.config.secret, 'survey', { tenantId: other.tenant.id, id: survey.id, expiresAt: new Date(survey.expiresAt) });
    expect((await answer(crossTenant, { stars: 1 })).status).toBe(404);
    expect((await surveysOf(t, id))[0].status).toBe('open');
    expect((await app.request('GET', `/s/${token}`)).status).toBe(200);
  });
});
