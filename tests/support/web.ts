/**
 * End-to-end tests of the web app: the real app listening on a loopback port, serving the built
 * web app (global setup builds it when its sources changed), driven by Debian's Chromium.
 */
import type { AddressInfo } from 'node:net';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { Clock } from '../../src/platform/clock.ts';
import { startTestApp, type TestApp } from './app.ts';
import { launchBrowser } from './browser.ts';

export const PHONE = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true } as const;
export const DESKTOP = { viewport: { width: 1366, height: 860 } } as const;

export interface WebTestApp {
  app: TestApp;
  base: string;
  browser: Browser;
  close(): Promise<void>;
}

export async function startWebTestApp(options: { clock?: Clock } = {}): Promise<WebTestApp> {
  const app = await startTestApp({ clock: options.clock });
  await app.app.listen({ port: 0, host: '127.0.0.1' });
  const base = `http://127.0.0.1:${(app.app.server.address() as AddressInfo).port}`;
  const browser = await launchBrowser();
  return {
    app, base, browser,
    async close() {
      await browser.close();
      await app.close();
    },
  };
}

/** A browser context already signed in with a user's token (the session cookie the sign-in sets). */
export async function signedInContext(web: WebTestApp, token: string, options: {
  locale?: 'zh-CN' | 'en'; device?: typeof PHONE | typeof DESKTOP;
} = {}): Promise<BrowserContext> {
  const context = await web.browser.newContext({ ...(options.device ?? DESKTOP), locale: options.locale ?? 'zh-CN' });
  await context.addCookies([{ name: 'loopdesk_session', value: token, url: web.base, httpOnly: true, sameSite: 'Lax' }]);
  if (options.locale === 'en') await context.addInitScript(() => window.localStorage.setItem('loopdesk.language', 'en'));
  return context;
}

/**
 * Uncaught errors and console errors or warnings of a page (React's and antd's warnings
 * included), for a test to expect none. A 4xx the page asked for and handled (GET /me before
 * signing in, a wrong password) is not one.
 */
export function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => {
    if (message.type() !== 'error' && message.type() !== 'warning') return;
    if (/Failed to load resource: the server responded with a status of 4\d\d/.test(message.text())) return;
    errors.push(message.text());
  });
  return errors;
}
