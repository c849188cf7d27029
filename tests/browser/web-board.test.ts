/**
 * The dispatcher board: a dispatcher drags an unassigned ticket onto an engineer, assigns
 * another with the keyboard after reading the engine's reasons, and sees the server's refusal
 * in its own words; the server has every assignment. At 360 px nothing overflows.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumPath, screenshotPath } from '../support/browser.ts';
import { createTenant, type TestTenant } from '../support/factories.ts';
import { PHONE, signedInContext, startWebTestApp, watchErrors, type WebTestApp } from '../support/web.ts';

const SHANGHAI = { lat: 31.2304, lng: 121.4737, address: '上海市黄浦区人民大道 200 号' };

describe.skipIf(!chromiumPath)('the dispatcher board', () => {
  let web: WebTestApp;
  let t: TestTenant;
  const tickets: Record<string, { id: string; number: string }> = {};

  async function report(name: string, body: Record<string, unknown>) {
    const created = await web.app.request('POST', '/api/v1/tickets', { token: t.requester.token, body: { location: SHANGHAI, ...body } });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    tickets[name] = created.body;
  }

  const ticketOf = async (name: string) => (await web.app.request('GET', `/api/v1/tickets/${tickets[name].id}`, { token: t.admin.token })).body;

  beforeAll(async () => {
    web = await startWebTestApp();
    t = await createTenant(web.app);
    const { app } = web;
    for (const [engineer, skills, place] of [
      [t.engineer, [{ key: 'hydraulics', level: 4 }, { key: 'plc', level: 2 }], { lat: 31.2304, lng: 121.4211 }],
      [t.engineer2, [{ key: 'cnc', level: 3 }], { lat: 31.299, lng: 120.5853 }],
    ] as const) {
      expect((await app.request('PUT', `/api/v1/users/${engineer.id}/skills`, { token: t.admin.token, body: { skills } })).status).toBe(200);
      expect((await app.request('PUT', '/api/v1/me/location', { token: engineer.token, body: place })).status).toBe(200);
    }
    await report('press', { description: '注塑机液压站压力不足，保压时压力掉得很快', type: 'repair' });
    await report('line', { description: '3 号线输送带急停，整线停产', type: 'emergency' });
    await report('printer', { description: '办公室打印机卡纸 <script>alert(1)</script>', type: 'it_incident' });
    // What the runner records when automatic dispatch finds nobody.
    await sql`UPDATE tickets SET dispatch_failed_at = now(), dispatch_failure = '无可派工程师：2 人均不符合条件（缺少技能 it 2 人）。'
      WHERE id = ${tickets.printer.id}`.execute(app.ctx.db);
  });
  afterAll(() => web?.close());

  it('assigns by drag and by keyboard, and shows the server\'s refusal as it says it', async () => {
    const context = await signedInContext(web, t.dispatcher.token);
    const page = await context.newPage();
    const errors = watchErrors(page);
    await page.goto(`${web.base}/board`);
    await page.getByRole('heading', { name: '派工看板' }).waitFor();
    const card = (name: string) => page.locator(`article[data-ticket-id="${tickets[name].id}"]`);
    const engineer = (id: string) => page.locator(`li[data-engineer-id="${id}"]`);
    await card('press').waitFor();
    await engineer(t.engineer2.id).waitFor();
    // The requester's text is shown as text, and the dispatch failure in the runner's words.
    await expect(card('printer').textContent()).resolves.toContain('<script>alert(1)</script>');
    await card('printer').getByText('缺少技能 it').waitFor();
    await card('line').getByText('即将超时').waitFor();

    // Drag: the press ticket onto 工程师乙.
    await card('press').dragTo(engineer(t.engineer2.id));
    await page.getByRole('status').filter({ hasText: `已把 ${tickets.press.number} 派给 工程师乙` }).waitFor();
    await expect(ticketOf('press')).resolves.toMatchObject({ status: 'dispatched', assigneeId: t.engineer2.id });
    await card('press').waitFor({ state: 'detached' });

    // Keyboard: select the line-stop ticket, read why the engine proposes 工程师甲, assign to them.
    await page.getByRole('button', { name: new RegExp(`^选择 ${tickets.line.number}`) }).focus();
    await page.keyboard.press('Enter');
    await page.getByText(`为 ${tickets.line.number} 选择工程师`).waitFor();
    const proposed = engineer(t.engineer.id);
    await proposed.getByText('推荐', { exact: true }).waitFor();
    await proposed.getByText('推荐理由:').waitFor();
    await proposed.getByText(/距离 \d+\.\d km/).waitFor();
    await page.screenshot({ path: screenshotPath('web-board-zh.png'), fullPage: true });
    await page.getByRole('button', { name: `把 ${tickets.line.number} 派给 工程师甲` }).focus();
    await page.keyboard.press('Enter');
    await page.getByRole('status').filter({ hasText: `已把 ${tickets.line.number} 派给 工程师甲` }).waitFor();
    await expect(ticketOf('line')).resolves.toMatchObject({ status: 'dispatched', assigneeId: t.engineer.id });

    // The server refuses an engineer on leave; the board says so in the server's words.
    await sql`UPDATE users SET availability = 'on_leave' WHERE id = ${t.engineer2.id}`.execute(web.app.ctx.db);
    await page.getByRole('button', { name: '刷新' }).click();
    await engineer(t.engineer2.id).getByText('休假').waitFor();
    await page.getByRole('button', { name: new RegExp(`^选择 ${tickets.printer.number}`) }).click();
    await page.getByRole('button', { name: `把 ${tickets.printer.number} 派给 工程师乙` }).click();
    await page.getByRole('alert').filter({ hasText: '工程师乙 is on leave' }).waitFor();
    await expect(ticketOf('printer')).resolves.toMatchObject({ status: 'new', assigneeId: null });
    expect(errors).toEqual([]);
    await context.close();
  });

  it('fits a 360 px phone without sideways scrolling', async () => {
    const context = await signedInContext(web, t.manager.token, { device: PHONE });
    const page = await context.newPage();
    await page.setViewportSize({ width: 360, height: 740 });
    const errors = watchErrors(page);
    await page.goto(`${web.base}/board`);
    await page.locator(`article[data-ticket-id="${tickets.printer.id}"]`).waitFor();
    await page.locator(`li[data-engineer-id="${t.engineer.id}"]`).waitFor();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    expect(errors).toEqual([]);
    await context.close();
  });
});
