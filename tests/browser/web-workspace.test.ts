/**
 * The workspace as a dispatcher uses it: views in the URL, search, SLA countdowns in colour, a
 * ticket reported meanwhile arriving over the live stream without a reload, and a bulk
 * assignment with each row's outcome, checked against the API afterwards. Then in English,
 * and at 360 px without a horizontal scroll of the page.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { chromiumPath, screenshotPath } from '../support/browser.ts';
import { createTenant, type TestTenant } from '../support/factories.ts';
import { signedInContext, startWebTestApp, watchErrors, type WebTestApp } from '../support/web.ts';
import { withoutDuplicateGuard } from '../api/dispatch-support.ts';

interface CreatedTicket {
  id: string;
  number: string;
}

describe.skipIf(!chromiumPath)('the workspace', () => {
  let web: WebTestApp;
  let t: TestTenant;
  const tickets: Record<string, CreatedTicket> = {};

  async function report(key: string, body: Record<string, unknown>) {
    const answer = await web.app.request('POST', '/api/v1/tickets', { token: t.requester.token, body });
    expect(answer.status, JSON.stringify(answer.body)).toBe(201);
    tickets[key] = answer.body;
    return answer.body as CreatedTicket;
  }

  /** The queue's row of a ticket, found by its number. */
  const row = (page: Page, number: string) => page.locator('.ws-table tbody tr', { hasText: number });

  beforeAll(async () => {
    web = await startWebTestApp();
    t = await createTenant(web.app);
    await withoutDuplicateGuard(web.app, t);
    // Emergencies answer within a second and are fixed within three: overdue by the time the page looks.
    const policy = await web.app.request('POST', '/api/v1/admin/sla/policies', {
      token: t.admin.token,
      body: { name: '测试：极短时限', responseSeconds: 1, resolveSeconds: 3, position: 0, match: { types: ['emergency'] } },
    });
    expect(policy.status, JSON.stringify(policy.body)).toBe(201);
    await report('labeler', { description: '3号线贴标机卡纸，标签贴歪', priority: 'P2' });
    await report('compressor', { description: '空压机压力低报警，压力 0.4 MPa', priority: 'P3' });
    await report('cold', { description: '冷库温度升到 -5℃，货物有变质风险', type: 'emergency' });
    await report('printer', { description: '前台打印机卡纸', priority: 'P4' });
    const dispatched = await web.app.request('POST', `/api/v1/tickets/${tickets.compressor.id}/actions/dispatch`, {
      token: t.dispatcher.token, body: { assigneeId: t.engineer2.id },
    });
    expect(dispatched.status).toBe(200);
  });
  afterAll(() => web?.close());

  it('lets a dispatcher switch views, search, watch a new ticket arrive live and assign several at once', async () => {
    const context = await signedInContext(web, t.dispatcher.token);
    const page = await context.newPage();
    const errors = watchErrors(page);
    await page.goto(`${web.base}/workspace`);
    await page.getByRole('heading', { name: '工作台' }).waitFor();
    for (const key of ['labeler', 'compressor', 'cold', 'printer']) await row(page, tickets[key].number).waitFor();
    await expect(row(page, tickets.compressor.number).textContent()).resolves.toContain('工程师乙');

    // The emergency is overdue on both clocks: red, and its resolution blinking (unless motion is reduced).
    const resolve = row(page, tickets.cold.number).locator('[data-sla-clock="resolve"][data-sla-tone="overdue"]');
    await resolve.waitFor();
    await expect(resolve.getAttribute('class')).resolves.toContain('sla-clock--blink');
    await row(page, tickets.cold.number).locator('[data-sla-clock="response"][data-sla-tone="overdue"]').waitFor();
    expect(await resolve.evaluate((element) => getComputedStyle(element).animationName)).toBe('sla-clock-blink');
    await page.emulateMedia({ reducedMotion: 'reduce' });
    expect(await resolve.evaluate((element) => getComputedStyle(element).animationName)).toBe('none');
    await page.emulateMedia({ reducedMotion: 'no-preference' });

    // A view is a link.
    await page.getByRole('tab', { name: '未指派' }).click();
    await page.waitForURL(/\/workspace\?view=unassigned$/);
    await row(page, tickets.compressor.number).waitFor({ state: 'detached' });
    await row(page, tickets.labeler.number).waitFor();

    // Search: the text goes to the server and into the URL.
    await page.getByLabel('搜索工单号、标题或描述').fill('贴标机');
    await page.waitForURL(/q=%E8%B4%B4%E6%A0%87%E6%9C%BA/);
    await row(page, tickets.printer.number).waitFor({ state: 'detached' });
    await row(page, tickets.labeler.number).waitFor();
    await page.getByLabel('搜索工单号、标题或描述').fill('');
    await page.waitForURL(/\/workspace\?view=unassigned$/);
    await row(page, tickets.printer.number).waitFor();

    // Live: a ticket reported now appears without a reload.
    await page.locator('[data-live="live"]').waitFor();
    await page.evaluate(() => Object.assign(window, { stillTheSamePage: true }));
    const arrived = await report('belt', { description: '2号传送带异响，有焦糊味' });
    await row(page, arrived.number).waitFor();
    expect(await page.evaluate(() => (window as unknown as { stillTheSamePage?: boolean }).stillTheSamePage)).toBe(true);

    // Bulk: two rows to one engineer; each row's outcome is reported.
    await page.getByRole('checkbox', { name: tickets.labeler.number }).check();
    await page.getByRole('checkbox', { name: arrived.number }).check();
    await page.getByRole('region', { name: '已选 2 条' }).getByRole('button', { name: /指\s*派/ }).click();
    const dialog = page.getByRole('dialog').filter({ hasText: '把 2 张工单指派给' });
    await dialog.getByRole('combobox', { name: '工程师' }).fill('工程师甲');
    await dialog.getByRole('combobox', { name: '工程师' }).press('Enter');
    await dialog.getByRole('button', { name: /执\s*行/ }).click();
    const results = page.getByRole('dialog').filter({ hasText: '批量操作结果：2 成功，0 失败' });
    await results.waitFor();
    await expect(results.locator('[data-bulk-outcome="ok"]').count()).resolves.toBe(2);
    await results.getByRole('button', { name: '知道了' }).click();
    // Assigned, they leave the unassigned view.
    await row(page, arrived.number).waitFor({ state: 'detached' });
    for (const ticket of [tickets.labeler, arrived]) {
      const stored = await web.app.request('GET', `/api/v1/tickets/${ticket.id}`, { token: t.dispatcher.token });
      expect(stored.body).toMatchObject({ status: 'dispatched', assigneeId: t.engineer.id });
    }

    // My team: what the engineers of my org unit hold.
    await page.getByRole('tab', { name: '我的团队' }).click();
    await page.waitForURL(/view=team$/);
    for (const ticket of [tickets.compressor, tickets.labeler, arrived]) await row(page, ticket.number).waitFor();
    await row(page, tickets.printer.number).waitFor({ state: 'detached' });

    await page.getByRole('tab', { name: '全部' }).click();
    await row(page, tickets.printer.number).waitFor();
    await page.screenshot({ path: screenshotPath('web-workspace-zh.png'), animations: 'disabled' });
    expect(errors).toEqual([]);
    await context.close();
  }, 120_000);

  it('speaks English, keeps the view in the URL, and fits a 360 px screen', async () => {
    const context = await signedInContext(web, t.dispatcher.token, { locale: 'en' });
    const page = await context.newPage();
    const errors = watchErrors(page);
    await page.goto(`${web.base}/workspace?view=breaching`);
    await page.getByRole('heading', { name: 'Workspace' }).waitFor();
    await expect(page.getByRole('tab', { name: 'About to breach' }).getAttribute('aria-selected')).resolves.toBe('true');
    const cold = row(page, tickets.cold.number);
    await cold.waitFor();
    await expect(cold.locator('[data-sla-clock="resolve"]').textContent()).resolves.toMatch(/^overdue /);
    await row(page, tickets.printer.number).waitFor({ state: 'detached' }); // P4, days left: not about to breach
    await page.locator('[data-live="live"]').waitFor();
    await page.getByRole('tab', { name: 'All' }).click();
    await row(page, tickets.printer.number).waitFor();
    await page.screenshot({ path: screenshotPath('web-workspace-en.png'), animations: 'disabled' });

    await page.setViewportSize({ width: 360, height: 740 });
    await page.getByRole('heading', { name: 'Workspace' }).waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
    expect(errors).toEqual([]);
    await context.close();
  }, 120_000);
});
