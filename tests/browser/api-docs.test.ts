/** The browsable API documentation at /docs, as a developer opens it in Chromium. */
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { startTestApp, type TestApp } from '../support/app.ts';
import { chromiumPath, launchBrowser } from '../support/browser.ts';

describe.skipIf(!chromiumPath)('API docs in Chromium', () => {
  let app: TestApp;
  let browser: Browser;
  let base: string;

  beforeAll(async () => {
    app = await startTestApp();
    await app.app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(app.app.server.address() as AddressInfo).port}`;
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it('lists the ticket routes and lets one be expanded', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(`${base}/docs`);
    await page.getByText('/api/v1/auth/login').first().waitFor({ timeout: 15_000 });
    // Swagger UI renders only the operations near the viewport of a long page: scroll to it.
    const route = page.getByText('/api/v1/tickets/{id}/actions/{action}').first();
    for (let step = 0; step < 60 && !(await route.isVisible()); step++) {
      await page.mouse.wheel(0, 400);
      await page.waitForTimeout(100);
    }
    await route.waitFor({ timeout: 15_000 });
    expect(await page.title()).toMatch(/swagger/i);
    await page.getByText('/api/v1/tickets/{id}/actions/{action}').first().click();
    await page.getByText('Move the ticket through its life', { exact: false }).first().waitFor();
    fs.mkdirSync('tests/.tmp', { recursive: true });
    await page.screenshot({ path: 'tests/.tmp/api-docs.png' });
  });
});
