/**
 * The follow-up survey as a customer answers it on a phone: open the link, pick stars, say
 * whether the problem is fully solved, send. Screenshots go to tests/.tmp (docs/screenshots with
 * UPDATE_SCREENSHOTS=1).
 */
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { ManualClock } from '../../src/platform/clock.ts';
import type { Runner } from '../../src/platform/runner/index.ts';
import type { TestApp } from '../support/app.ts';
import { chromiumPath, launchBrowser, screenshotPath } from '../support/browser.ts';
import { createTenant, type TestTenant } from '../support/factories.ts';
import { startRunnerTestApp } from '../support/runner-app.ts';
import { act, noticesOf, withoutDuplicateGuard } from '../api/dispatch-support.ts';

const PHONE = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true };
const GOLD = 'rgb(255, 180, 0)';

describe.skipIf(!chromiumPath)('the survey page in Chromium on a phone', () => {
  let clock: ManualClock;
  let app: TestApp;
  let runner: Runner;
  let browser: Browser;
  let base: string;
  let t: TestTenant;

  beforeAll(async () => {
    ({ clock, app, runner } = await startRunnerTestApp('2026-11-24T02:00:00Z', 'survey-browser'));
    await app.app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(app.app.server.address() as AddressInfo).port}`;
    browser = await launchBrowser();
    t = await createTenant(app);
    await withoutDuplicateGuard(app, t);
    fs.mkdirSync('tests/.tmp', { recursive: true });
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  /** A ticket closed 72 hours ago, and the path of the survey link its requester was sent. */
  async function surveyLink(description: string): Promise<{ id: string; number: string; path: string }> {
    const created = await app.request('POST', '/api/v1/tickets', { token: t.requester.token, body: { description } });
    const { id, number } = created.body;
    await act(app, t.dispatcher.token, id, 'dispatch', { assigneeId: t.engineer.id });
    for (const action of ['accept', 'start']) await act(app, t.engineer.token, id, action);
    await act(app, t.engineer.token, id, 'resolve', { solution: '更换主轴承，重新校准压力开关' });
    expect((await act(app, t.requester.token, id, 'verify', { result: 'satisfied' })).body.status).toBe('closed');
    clock.advance(72 * 3600);
    await runner.runOnce();
    const notice = (await noticesOf(app, t, id)).find((item) => item.template === 'closure.survey');
    return { id, number, path: new URL(notice!.data.url).pathname };
  }

  const starColour = (page: Page, stars: number) =>
    page.locator(`label[for="star-${stars}"]`).evaluate((label) => getComputedStyle(label).color);

  async function storedAnswer(id: string) {
    const { items } = (await app.request('GET', `/api/v1/tickets/${id}/surveys`, { token: t.admin.token })).body;
    return items[0];
  }

  it('in Chinese: picks 2 stars, writes an answer and sends it', async () => {
    const { id, number, path } = await surveyLink('3 号空压机运行异响，压力不稳，车间噪音超标');
    const context = await browser.newContext({ ...PHONE, locale: 'zh-CN' });
    const page = await context.newPage();
    await page.goto(`${base}${path}`);
    expect(await page.locator('h1').textContent()).toBe('服务回访');
    await page.getByText(number).waitFor();

    await page.locator('label[for="star-2"]').click();
    expect(await page.locator('#star-2').isChecked()).toBe(true);
    expect([await starColour(page, 1), await starColour(page, 2)]).toEqual([GOLD, GOLD]);
    expect(await starColour(page, 3)).not.toBe(GOLD);
    await page.getByLabel('问题是否已彻底解决？').fill('异响小了，但开机时还有一点，希望再来看看。');
    await page.screenshot({ path: screenshotPath('survey-zh.png'), fullPage: true });

    await page.getByRole('button', { name: '提交评价' }).click();
    await page.getByText('感谢您的反馈').waitFor();
    await page.screenshot({ path: 'tests/.tmp/survey-zh-thanks.png', fullPage: true });
    expect(await storedAnswer(id)).toMatchObject({ stars: 2, answer: '异响小了，但开机时还有一点，希望再来看看。' });
    await context.close();
  });

  it('in English: switches language, is told to choose stars, then picks 2 and sends', async () => {
    const { id, path } = await surveyLink('Line 2 conveyor belt keeps slipping under load');
    const context = await browser.newContext({ ...PHONE, locale: 'zh-CN' });
    const page = await context.newPage();
    await page.goto(`${base}${path}`);
    await page.getByRole('link', { name: 'English' }).click();
    expect(await page.locator('h1').textContent()).toBe('How did we do?');

    const answer = page.getByLabel('Is the problem fully solved?');
    await answer.fill('Better, but it still slips at full speed.');
    await page.getByRole('button', { name: 'Send' }).click();
    expect(await page.getByRole('alert').textContent()).toBe('Choose 1 to 5 stars before sending.');
    expect(await answer.inputValue()).toBe('Better, but it still slips at full speed.');
    await page.screenshot({ path: 'tests/.tmp/survey-en-missing-stars.png', fullPage: true });

    // The documentation's picture is of the form as a customer first sees it.
    await page.goto(`${base}${path}?lang=en`);
    await page.locator('label[for="star-2"]').click();
    await answer.fill('Better, but it still slips at full speed.');
    await page.screenshot({ path: screenshotPath('survey-en.png'), fullPage: true });
    await page.getByRole('button', { name: 'Send' }).click();
    await page.getByText('A service manager will contact you soon.').waitFor();
    await page.screenshot({ path: 'tests/.tmp/survey-en-thanks.png', fullPage: true });
    expect(await storedAnswer(id)).toMatchObject({ stars: 2, answer: 'Better, but it still slips at full speed.' });

    await page.goto(`${base}${path}?lang=en`);
    expect(await page.locator('h1').textContent()).toBe('Already answered');
    await page.screenshot({ path: 'tests/.tmp/survey-en-answered.png', fullPage: true });
    await context.close();
  });
});
