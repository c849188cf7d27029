/** The staff app: sign-in in Chinese and English, wrong passwords, where it sends you after. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumPath, screenshotPath } from '../support/browser.ts';
import { createTenant, PASSWORD, type TestTenant } from '../support/factories.ts';
import { DESKTOP, PHONE, startWebTestApp, watchErrors, type WebTestApp } from '../support/web.ts';

describe.skipIf(!chromiumPath)('signing in to the web app', () => {
  let web: WebTestApp;
  let t: TestTenant;
  beforeAll(async () => {
    web = await startWebTestApp();
    t = await createTenant(web.app);
  });
  afterAll(() => web?.close());

  it('signs an admin in (zh-CN by default) and returns to the page asked for', async () => {
    const context = await web.browser.newContext({ ...DESKTOP, locale: 'zh-CN' });
    const page = await context.newPage();
    const errors = watchErrors(page);
    await page.goto(`${web.base}/workspace?view=mine`);
    await page.waitForURL(/\/login\?next=/);
    await page.getByRole('heading', { name: '登录 Loopdesk' }).waitFor();
    await page.getByLabel('租户').fill(t.tenant.slug);
    await page.getByLabel('邮箱').fill(t.admin.email);
    await page.getByLabel('密码').fill('wrong password');
    await page.getByRole('button', { name: /登\s*录/ }).click();
    await page.getByRole('alert').waitFor();
    await expect(page.getByRole('alert').textContent()).resolves.toContain('wrong');
    await page.getByLabel('密码').fill(PASSWORD);
    await page.getByRole('button', { name: /登\s*录/ }).click();
    await page.waitForURL(/\/workspace\?view=mine$/);
    await page.getByText(`Test ${t.tenant.slug}`).first().waitFor();
    await page.screenshot({ path: screenshotPath('web-signed-in-zh.png') });
    expect(errors).toEqual([]);
    await context.close();
  });

  it('speaks English when chosen, and at 360 px nothing overflows', async () => {
    const context = await web.browser.newContext({ ...PHONE, viewport: { width: 360, height: 740 }, locale: 'en-US' });
    const page = await context.newPage();
    await page.goto(`${web.base}/login`);
    await page.getByRole('heading', { name: 'Sign in to Loopdesk' }).waitFor();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await page.screenshot({ path: screenshotPath('web-sign-in-en.png') });
    await page.getByText('中文').click();
    await page.getByRole('heading', { name: '登录 Loopdesk' }).waitFor();
    await context.close();
  });

  it('never follows a next= to another site', async () => {
    const context = await web.browser.newContext(DESKTOP);
    const page = await context.newPage();
    await page.goto(`${web.base}/login?next=//evil.example/x`);
    await page.locator('#tenant').fill(t.tenant.slug);
    await page.locator('#email').fill(t.admin.email);
    await page.locator('#password').fill(PASSWORD);
    await page.locator('button[type=submit]').click();
    await page.waitForURL(`${web.base}/workspace`);
    await context.close();
  });

  it('serves the app\'s pages but not for API paths or missing assets', async () => {
    const page = await fetch(`${web.base}/tickets/anything`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(await page.text()).toContain('<div id="root">');
    expect((await fetch(`${web.base}/api/v1/nothing`)).status).toBe(404);
    expect((await fetch(`${web.base}/assets/missing-abc123.js`)).status).toBe(404);
  });
});
