/**
 * The engineer app (/m/) on a phone: the work done offline (accept, start, the checklist with a
 * photo, resolve) waits in the outbox, visibly, and reaches the server exactly once when the
 * network returns, even when answers are lost on the way back; a ticket cancelled meanwhile is
 * explained in plain words. Also: the initial JavaScript stays under the 300 KB gzipped.
 */
import fs from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WEB_DIST } from '../../src/app/web-build.ts';
import { chromiumPath, screenshotPath } from '../support/browser.ts';
import { createTenant, type TestTenant } from '../support/factories.ts';
import { PHONE, signedInContext, startWebTestApp, watchErrors, type WebTestApp } from '../support/web.ts';

const PHOTO_ITEM = { zh: '更换后现场照片', en: 'Photo after the repair' };

const LABELS = {
  'zh-CN': {
    accept: '接单', start: '开始处理', resolve: '提交解决', solution: '解决方案', photo: `拍照：${PHOTO_ITEM.zh}`,
    waiting: (count: number) => `${count} 项更改等待同步`, synced: '已全部同步', checklist: '结案清单', resolved: '已提交解决，等待客户验收。',
  },
  en: {
    accept: 'Accept', start: 'Start work', resolve: 'Resolve', solution: 'Solution', photo: `Photo: ${PHOTO_ITEM.en}`,
    waiting: (count: number) => `${count} ${count === 1 ? 'change' : 'changes'} waiting to sync`, synced: 'All synced', checklist: 'Closure checklist',
    resolved: 'Resolved; waiting for the customer to verify.',
  },
};

/** The initial scripts of a built page: its module entry and modulepreloads, then their static imports. */
function initialScripts(dist: string, htmlFile: string): string[] {
  const html = fs.readFileSync(path.join(dist, htmlFile), 'utf8');
  const queue = [...html.matchAll(/<script type="module"[^>]*\ssrc="([^"]+)"|<link rel="modulepreload"[^>]*\shref="([^"]+)"/g)]
    .map((match) => match[1] ?? match[2]);
  const seen = new Set<string>();
  while (queue.length) {
    const url = queue.shift()!;
    if (seen.has(url)) continue;
    seen.add(url);
    const code = fs.readFileSync(path.join(dist, url), 'utf8');
    // Static imports only (`import{…}from"./x.js"`, `import"./x.js"`); `import("./x.js")` is a lazy screen.
    for (const match of code.matchAll(/(?:^|[;\s}])import\s*(?:[\w*{}\s,$]+?from\s*)?["'](\.\/[^"']+\.js)["']/g)) {
      queue.push(path.posix.join(path.posix.dirname(url), match[1]));
    }
  }
  return [...seen];
}

describe('the engineer app\'s size', () => {
  it('loads under 300 KB of gzipped JavaScript at first, its screens on demand', () => {
    const scripts = initialScripts(WEB_DIST, 'm/index.html');
    const gzipped = scripts.map((url) => gzipSync(fs.readFileSync(path.join(WEB_DIST, url)), { level: 9 }).length);
    const total = gzipped.reduce((sum, size) => sum + size, 0);
    console.log(`engineer app initial JavaScript: ${scripts.length} files, ${(total / 1024).toFixed(1)} KB gzipped`);
    expect(scripts.length).toBeGreaterThan(0);
    expect(total).toBeLessThan(300 * 1024);
    const precache = JSON.parse(fs.readFileSync(path.join(WEB_DIST, 'm', 'precache.json'), 'utf8')).files as string[];
    // The lazy screens are not in the first load, but they are kept for offline use.
    expect(precache.some((file) => /TicketScreen-.*\.js$/.test(file))).toBe(true);
    expect(scripts.some((url) => /TicketScreen-/.test(url))).toBe(false);
    expect(precache).toEqual(expect.arrayContaining(['/m/', ...scripts, '/m/manifest.webmanifest', '/m/icon-192.png']));
  });
});

/**
 * Console errors, but not the failed loads this test causes by cutting the network: the page's
 * `online` event can come a moment before the service worker has the network back, and the
 * outbox then retries after 2 s.
 */
const unexpected = (errors: string[]) => errors.filter((error) => !/net::ERR_(FAILED|INTERNET_DISCONNECTED)/.test(error));

// Three phone flows in a browser on a shared 2-core machine: more than the default 30 s each.
describe.skipIf(!chromiumPath)('the engineer app offline', { timeout: 120_000 }, () => {
  let web: WebTestApp;
  let t: TestTenant;

  beforeAll(async () => {
    web = await startWebTestApp();
    t = await createTenant(web.app);
    const rule = await web.app.request('POST', '/api/v1/admin/closure/rules', {
      token: t.admin.token,
      body: { ticketType: 'repair', reviewRequired: false, items: [{ key: 'after_photo', label: PHOTO_ITEM.zh, labelEn: PHOTO_ITEM.en, evidence: 'photo', required: true }] },
    });
    expect(rule.status, JSON.stringify(rule.body)).toBe(201);
  });
  afterAll(() => web?.close());

  async function dispatchedTicket(description: string): Promise<{ id: string; number: string; title: string }> {
    const created = await web.app.request('POST', '/api/v1/tickets', {
      token: t.requester.token, body: { description, location: { lat: 31.2304, lng: 121.4737, address: '上海市浦东新区张江路 88 号 3 号车间' } },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const dispatched = await web.app.request('POST', `/api/v1/tickets/${created.body.id}/actions/dispatch`, {
      token: t.dispatcher.token, body: { assigneeId: t.engineer.id },
    });
    expect(dispatched.status, JSON.stringify(dispatched.body)).toBe(200);
    return { id: created.body.id, number: created.body.number, title: created.body.title };
  }

  async function eventsOf(ticketId: string) {
    const response = await web.app.request('GET', `/api/v1/tickets/${ticketId}/events`, { token: t.admin.token });
    return response.body.items as { type: string; actorId: string | null; data: Record<string, unknown> }[];
  }

  /** Opens the ticket online and waits until the service worker keeps it, its checklist and the session for offline use. */
  async function openForOffline(context: BrowserContext, ticket: { id: string; title: string }): Promise<Page> {
    const page = await context.newPage();
    await page.goto(`${web.base}/m/`);
    await page.getByRole('link', { name: new RegExp(ticket.title.slice(0, 12)) }).click();
    await page.getByRole('heading', { name: ticket.title }).waitFor();
    // page.waitForFunction does not await an async predicate: poll with evaluate, which does.
    await expect.poll(() => page.evaluate(async (id) => {
      if (!navigator.serviceWorker.controller) return ['the service worker'];
      const cache = await caches.open('loopdesk-m-api');
      const urls = ['/api/v1/me', `/api/v1/tickets/${id}`, `/api/v1/tickets/${id}/checklist`];
      const kept = await Promise.all(urls.map((url) => cache.match(url)));
      return urls.filter((_url, index) => !kept[index]);
    }, ticket.id), { timeout: 20_000, interval: 200 }).toEqual([]);
    return page;
  }

  /** Offline: accept, start, photo for the checklist, resolve; all waiting; then online and synced. */
  async function workOffline(context: BrowserContext, page: Page, language: 'zh-CN' | 'en', screenshot: string) {
    const text = LABELS[language];
    await context.setOffline(true);
    // The app itself and the ticket come from the phone: reload with no network at all.
    await page.reload();
    await page.getByRole('button', { name: text.accept }).click();
    await page.getByText(text.waiting(1)).waitFor();
    await page.getByRole('button', { name: text.start }).click();
    await page.getByRole('heading', { name: text.checklist }).waitFor();
    const photo = await page.screenshot({ type: 'jpeg', quality: 60, clip: { x: 0, y: 0, width: 300, height: 300 } });
    await page.getByLabel(text.photo).setInputFiles({ name: 'after-repair.jpg', mimeType: 'image/jpeg', buffer: photo });
    await page.locator('.m-check.is-pending img').waitFor();
    await page.getByLabel(text.solution).fill(language === 'en' ? 'Replaced the IGBT module; 30 minutes idle run without alarms.' : '更换变频器 IGBT 模块，空载试运行 30 分钟无报警。');
    await page.getByRole('button', { name: text.resolve }).click();
    await page.getByText(text.resolved).waitFor();
    await page.getByText(text.waiting(5)).waitFor();
    // The sync state stays in sight (sticky, under the title) with the pending checklist below it.
    await page.getByRole('heading', { name: text.checklist }).evaluate((heading) => heading.scrollIntoView({ block: 'center' }));
    await page.screenshot({ path: screenshotPath(screenshot) });
  }

  /**
   * The first send of matching requests reaches the server, which applies it, but the answer is
   * lost on the way back: the phone cannot know, and must not apply it twice when it retries.
   */
  async function loseFirstAnswer(context: BrowserContext, pattern: RegExp): Promise<() => boolean> {
    let lost = false;
    await context.route(pattern, async (route) => {
      if (lost || route.request().method() !== 'POST') return route.fallback();
      lost = true;
      await route.fetch();
      await route.abort('internetdisconnected');
    });
    return () => lost;
  }

  async function expectAppliedOnce(ticketId: string) {
    const events = await eventsOf(ticketId);
    const mine = (type: string) => events.filter((event) => event.type === type && event.actorId === t.engineer.id);
    expect(mine('accepted')).toHaveLength(1);
    expect(mine('started')).toHaveLength(1);
    expect(mine('attachment_added')).toHaveLength(1);
    expect(mine('checklist_item_done')).toHaveLength(1);
    expect(mine('checklist_item_done')[0].data).toMatchObject({ key: 'after_photo', attachmentIds: [mine('attachment_added')[0].data.attachmentId] });
    expect(mine('resolved')).toHaveLength(1);
    const ticket = await web.app.request('GET', `/api/v1/tickets/${ticketId}`, { token: t.admin.token });
    expect(ticket.body.status).toBe('resolved');
  }

  it('queues the work done offline and sends it exactly once when the network returns, answers lost or not (zh-CN)', async () => {
    const ticket = await dispatchedTicket('3号线包装机变频器报警 E-OC3，整线停机，请尽快到场');
    const context = await signedInContext(web, t.engineer.token, { device: PHONE });
    const page = await openForOffline(context, ticket);
    const errors = watchErrors(page);
    await page.getByRole('button', { name: '返回' }).click();
    await page.getByRole('heading', { name: /派给我的/ }).waitFor();
    await page.screenshot({ path: screenshotPath('web-engineer-zh.png'), fullPage: true });
    await page.getByRole('link', { name: new RegExp(ticket.title.slice(0, 12)) }).click();

    await workOffline(context, page, 'zh-CN', 'web-engineer-offline-zh.png');
    expect((await eventsOf(ticket.id)).map((event) => event.type)).not.toContain('accepted');

    const startLost = await loseFirstAnswer(context, /\/actions\/start$/);
    const photoLost = await loseFirstAnswer(context, /\/attachments$/);
    await context.setOffline(false);
    await page.getByText('已全部同步').waitFor({ timeout: 30_000 });
    expect(startLost() && photoLost()).toBe(true);
    await expectAppliedOnce(ticket.id);
    // The photo is now the server's: shown from it, not from the phone.
    await page.locator('.m-check.is-done img[src^="/api/v1/attachments/"]').waitFor();
    expect(unexpected(errors)).toEqual([]);
    await context.close();
  });

  it('explains in plain words a change the server refused: the ticket was cancelled while offline', async () => {
    const ticket = await dispatchedTicket('2号空压机异响，振动偏大');
    const context = await signedInContext(web, t.engineer.token, { device: PHONE });
    const page = await openForOffline(context, ticket);
    const errors = watchErrors(page);
    await context.setOffline(true);
    await page.getByRole('button', { name: '接单' }).click();
    await page.getByRole('button', { name: '开始处理' }).click();
    await page.getByText('2 项更改等待同步').waitFor();
    const cancelled = await web.app.request('POST', `/api/v1/tickets/${ticket.id}/actions/cancel`, { token: t.dispatcher.token, body: { reason: '客户已自行处理' } });
    expect(cancelled.status).toBe(200);

    await context.setOffline(false);
    const alert = page.getByRole('alert');
    await alert.waitFor({ timeout: 20_000 });
    await expect(alert.textContent()).resolves.toContain(`工单 ${ticket.number} 在您离线期间已被他人取消，您的“接单”未生效。`);
    await expect(alert.textContent()).resolves.toContain('因此以下更改也没有提交：开始处理。');
    // The ticket on the screen is the server's again: cancelled, nothing left to do on it.
    await page.locator('.m-status-cancelled').waitFor();
    expect(await page.getByRole('button', { name: '接单' }).count()).toBe(0);
    await page.screenshot({ path: screenshotPath('web-engineer-conflict-zh.png') });
    await page.getByText('已全部同步').waitFor();
    const types = (await eventsOf(ticket.id)).map((event) => event.type);
    expect(types).not.toContain('accepted');
    expect(types).not.toContain('started');
    await page.getByRole('button', { name: '知道了' }).click();
    await alert.waitFor({ state: 'detached' });
    expect(unexpected(errors)).toEqual([]);
    await context.close();
  });

  it('does the same in English, and nothing overflows at 360 px', async () => {
    const ticket = await dispatchedTicket('Line 3 packer inverter alarm E-OC3, the whole line is down');
    const context = await signedInContext(web, t.engineer.token, { device: PHONE, locale: 'en' });
    const page = await openForOffline(context, ticket);
    await page.setViewportSize({ width: 360, height: 740 });
    const errors = watchErrors(page);
    await workOffline(context, page, 'en', 'web-engineer-en.png');
    expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
    await context.setOffline(false);
    await page.getByText('All synced').waitFor({ timeout: 20_000 });
    await expectAppliedOnce(ticket.id);
    expect(unexpected(errors)).toEqual([]);
    await context.close();
  });
});
