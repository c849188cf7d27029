/**
 * The dashboard shows the server's figures for the test's own tickets as big numbers and as
 * charts, in Chinese and in English, and fits a 360 px phone.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/platform/clock.ts';
import { chromiumPath, screenshotPath } from '../support/browser.ts';
import { createTenant, type TestTenant } from '../support/factories.ts';
import { DESKTOP, signedInContext, startWebTestApp, watchErrors, type WebTestApp } from '../support/web.ts';

describe.skipIf(!chromiumPath)('the dashboard', () => {
  // Tuesday 10:00 in Shanghai: "today" is a known day.
  const clock = new ManualClock('2026-11-24T02:00:00Z');
  let web: WebTestApp;
  let t: TestTenant;

  beforeAll(async () => {
    web = await startWebTestApp({ clock });
    t = await createTenant(web.app);
    const { app } = web;
    const ids: string[] = [];
    for (const [description, type] of [
      ['注塑机液压站压力不足', 'repair'], ['数控车床主轴异响', 'repair'], ['空压机跳闸，整线停产', 'emergency'], ['车间网络断开', 'it_incident'],
    ]) {
      clock.advance(60);
      const created = await app.request('POST', '/api/v1/tickets', { token: t.requester.token, body: { description, type } });
      expect(created.status, JSON.stringify(created.body)).toBe(201);
      ids.push(created.body.id);
    }
    // The emergency is taken after 10 minutes; the network outage is resolved the same morning.
    const act = async (token: string, id: string, action: string, body: object = {}) => {
      const response = await app.request('POST', `/api/v1/tickets/${id}/actions/${action}`, { token, body });
      expect(response.status, JSON.stringify(response.body)).toBe(200);
    };
    clock.advance(600);
    await act(t.dispatcher.token, ids[2], 'dispatch', { assigneeId: t.engineer.id });
    await act(t.engineer.token, ids[2], 'accept');
    await act(t.dispatcher.token, ids[3], 'dispatch', { assigneeId: t.engineer2.id });
    await act(t.engineer2.token, ids[3], 'accept');
    await act(t.engineer2.token, ids[3], 'resolve', { solution: '更换交换机电源' });
    // The first press report's response is overdue by 10 minutes (deadline set here, whatever the default policy says).
    await sql`UPDATE tickets SET response_due_at = ${new Date(clock.now().getTime() - 600_000)} WHERE id = ${ids[0]}`.execute(app.ctx.db);
  });
  afterAll(() => web?.close());

  it('shows today\'s backlog and the charts in Chinese, and fits 360 px', async () => {
    const context = await signedInContext(web, t.manager.token);
    const page = await context.newPage();
    const errors = watchErrors(page);
    await page.goto(`${web.base}/dashboard`);
    await page.getByRole('heading', { name: '数据看板' }).waitFor();
    const figure = (name: string) => page.locator(`[data-figure="${name}"]`);
    await figure('open').getByText('当前积压').waitFor();
    await expect(figure('open').locator('.ant-statistic-content').textContent()).resolves.toBe('3单');
    await expect(figure('open').textContent()).resolves.toContain('今日新增 4 · 今日解决 1');
    await expect(figure('unassigned').locator('.ant-statistic-content').textContent()).resolves.toBe('2单');
    await expect(figure('overdue').locator('.ant-statistic-content').textContent()).resolves.toBe('1单');
    await expect(figure('median').locator('.ant-statistic-content').textContent()).resolves.toBe('10.5分钟');
    // The charts are drawn, with the server's categories as their labels.
    await page.locator('[data-chart="faults"] svg text').filter({ hasText: '设备报修' }).first().waitFor();
    await page.locator('[data-chart="backlog"] svg text').filter({ hasText: '日末积压' }).first().waitFor();
    await page.locator('[data-chart="load"] svg text').filter({ hasText: '工程师甲' }).first().waitFor();
    await expect(page.getByRole('img', { name: 'SLA 风险：已超时 1 单，1 小时内到期 0 单。' }).count()).resolves.toBe(1);
    await expect(page.getByRole('img', { name: /高发故障类型：设备报修 2，紧急故障 1，IT 故障 1/ }).count()).resolves.toBe(1);
    await page.screenshot({ path: screenshotPath('web-dashboard-zh.png'), fullPage: true });

    await page.setViewportSize({ width: 360, height: 740 });
    await page.locator('[data-chart="faults"] svg').waitFor();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('speaks English: figures, axes, legends and summaries', async () => {
    const context = await signedInContext(web, t.dispatcher.token, { locale: 'en', device: DESKTOP });
    const page = await context.newPage();
    const errors = watchErrors(page);
    await page.goto(`${web.base}/dashboard`);
    await page.getByRole('heading', { name: 'Dashboard' }).waitFor();
    const open = page.locator('[data-figure="open"]');
    await open.getByText('Open backlog').waitFor();
    await expect(open.locator('.ant-statistic-content').textContent()).resolves.toBe('3');
    await expect(open.textContent()).resolves.toContain('new today 4 · resolved today 1');
    await page.locator('[data-chart="faults"] svg text').filter({ hasText: 'Repair' }).first().waitFor();
    await page.locator('[data-chart="backlog"] svg text').filter({ hasText: 'Open at day end' }).first().waitFor();
    await page.locator('[data-chart="load"] svg text').filter({ hasText: 'In progress' }).first().waitFor();
    await expect(page.getByRole('img', { name: /Top fault types: Repair 2, Emergency 1, IT incident 1/ }).count()).resolves.toBe(1);
    await page.screenshot({ path: screenshotPath('web-dashboard-en.png'), fullPage: true });
    expect(errors).toEqual([]);
    await context.close();
  });
});
