/**
 * The customer's verification page as a phone opens it from the link or QR code: Chromium at
 * 390×844 with touch, no login. Each of the three answers, then forged, expired and reused
 * links, each checked against the ticket through the API afterwards. Screenshots of the page in
 * both languages go to tests/.tmp (docs/screenshots with UPDATE_SCREENSHOTS=1).
 */
import type { AddressInfo } from 'node:net';
import { deflateSync, crc32 } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { ManualClock } from '../../src/platform/clock.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { chromiumPath, launchBrowser, screenshotPath } from '../support/browser.ts';
import { createTenant, type TestTenant } from '../support/factories.ts';
import { uploadFile } from '../support/uploads.ts';
import { withoutDuplicateGuard } from '../api/dispatch-support.ts';

const PHONE = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true } as const;

/** A real PNG of a soft two-colour gradient: something for the photo grid to show. */
function gradientPng(width: number, height: number, from: [number, number, number], to: [number, number, number]): Buffer {
  const rows = Buffer.alloc((width * 3 + 1) * height);
  for (let y = 0; y < height; y++) {
    const row = y * (width * 3 + 1);
    for (let x = 0; x < width; x++) {
      const mix = (x + y) / (width + height);
      for (let c = 0; c < 3; c++) rows[row + 1 + x * 3 + c] = Math.round(from[c] + (to[c] - from[c]) * mix);
    }
  }
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8);
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', header), chunk('IDAT', deflateSync(rows)), chunk('IEND', Buffer.alloc(0))]);
}

describe.skipIf(!chromiumPath)('the verification page on a phone', () => {
  const clock = new ManualClock('2026-11-24T02:00:00Z');
  let app: TestApp;
  let browser: Browser;
  let phone: BrowserContext;
  let base: string;
  let t: TestTenant;

  beforeAll(async () => {
    app = await startTestApp({ clock });
    await app.app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(app.app.server.address() as AddressInfo).port}`;
    browser = await launchBrowser();
    phone = await browser.newContext({ ...PHONE, locale: 'zh-CN' });
    t = await createTenant(app);
    // The same requester reports similar faults here; none of them is a duplicate of another.
    await withoutDuplicateGuard(app, t);
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  const act = (token: string, id: string, action: string, body: object = {}) =>
    app.request('POST', `/api/v1/tickets/${id}/actions/${action}`, { token, body });
  const ticketOf = async (id: string) => (await app.request('GET', `/api/v1/tickets/${id}`, { token: t.admin.token })).body;
  const verifiedCount = async (id: string) =>
    (await app.request('GET', `/api/v1/tickets/${id}/events`, { token: t.admin.token })).body.items.filter((event: any) => event.type === 'verified').length;

  async function uploadPhoto(ticketId: string, name: string, content: Buffer) {
    const response = await uploadFile(app, t.engineer.token, ticketId, { filename: name, content, type: 'image/png' });
    expect(response.status).toBe(201);
  }

  /** A resolved ticket with two site photos; the path of the link its requester was sent. */
  async function resolvedTicket(description: string): Promise<{ id: string; number: string; path: string }> {
    const created = await app.request('POST', '/api/v1/tickets', { token: t.requester.token, body: { description } });
    expect(created.status).toBe(201);
    const { id, number } = created.body;
    await act(t.dispatcher.token, id, 'dispatch', { assigneeId: t.engineer.id });
    for (const action of ['accept', 'start']) expect((await act(t.engineer.token, id, action)).status).toBe(200);
    await uploadPhoto(id, '更换前.png', gradientPng(240, 240, [70, 90, 120], [180, 190, 200]));
    await uploadPhoto(id, '更换后.png', gradientPng(240, 240, [40, 140, 110], [200, 230, 210]));
    const resolved = await act(t.engineer.token, id, 'resolve', { solution: '更换液压泵主密封圈和回油滤芯，补充 46# 抗磨液压油；保压 30 分钟压力稳定在 14 MPa，无泄漏。' });
    expect(resolved.status).toBe(200);
    const link = await app.request('GET', `/api/v1/tickets/${id}/verification`, { token: t.admin.token });
    expect(link.body.links).toHaveLength(1);
    const notice = await app.request('GET', '/api/v1/notifications?limit=50', { token: t.requester.token });
    const sent = notice.body.items.find((item: any) => item.ticketId === id && item.template === 'closure.verify_requested');
    const url = new URL(sent.data.url);
    return { id, number, path: url.pathname };
  }

  async function open(path: string, context: BrowserContext = phone): Promise<{ page: Page; status: number }> {
    const page = await context.newPage();
    const response = await page.goto(`${base}${path}`);
    return { page, status: response!.status() };
  }

  const answers = [
    { label: '已解决', result: 'satisfied', status: 'closed', thanks: '工单已关闭' },
    { label: '部分解决', result: 'partial', status: 'closed', thanks: '部分解决' },
    { label: '未解决', result: 'unresolved', status: 'accepted', thanks: '工单已重新打开并提高优先级' },
  ];
  for (const { label, result, status, thanks } of answers) {
    it(`takes the answer "${label}" with a comment and the ticket becomes ${status}`, async () => {
      const ticket = await resolvedTicket(`车间 3 号注塑机液压站压力不稳（${label}）`);
      const { page, status: opened } = await open(ticket.path);
      expect(opened).toBe(200);
      await page.getByText(ticket.number).waitFor();
      expect(await page.locator('.photos img').count()).toBe(2);
      // The photos load lazily, once scrolled to.
      await page.locator('.photos').scrollIntoViewIfNeeded();
      const widths = await page.locator('.photos img').evaluateAll((images) =>
        Promise.all(images.map(async (image) => { await (image as HTMLImageElement).decode(); return (image as HTMLImageElement).naturalWidth; })));
      expect(widths).toEqual([240, 240]);
      await page.getByLabel('补充说明（选填）').fill(`现场确认：${label}`);
      await page.getByRole('button', { name: label, exact: true }).tap();
      await page.getByText('感谢您的反馈').waitFor();
      expect(await page.textContent('body')).toContain(thanks);
      await page.close();

      const after = await ticketOf(ticket.id);
      expect(after).toMatchObject({ status, verification: { result, comment: `现场确认：${label}`, by: t.requester.id } });
      if (result === 'unresolved') expect(after).toMatchObject({ priority: 'P2', assigneeId: t.engineer.id });
    });
  }

  it('shows a forged link as invalid and changes nothing', async () => {
    const ticket = await resolvedTicket('空压机 2 号排气温度高');
    const token = ticket.path.slice(3);
    const forged = `/v/${token.slice(0, 10)}${token[10] === 'Q' ? 'R' : 'Q'}${token.slice(11)}`;
    const { page, status } = await open(forged);
    expect(status).toBe(404);
    await page.getByText('链接无效').waitFor();
    expect(await page.locator('form').count()).toBe(0);
    await page.close();
    expect(await ticketOf(ticket.id)).toMatchObject({ status: 'resolved', verification: null });
  });

  it('shows an expired link as expired, also to a page opened before it expired, and changes nothing', async () => {
    const ticket = await resolvedTicket('冷却塔风机振动大');
    const { page } = await open(ticket.path);
    clock.advance(7 * 86_400 + 1);
    try {
      await page.getByRole('button', { name: '已解决', exact: true }).tap();
      await page.getByText('链接已过期，请联系服务人员重新发送').waitFor();
      await page.close();
      const reopened = await open(ticket.path);
      expect(reopened.status).toBe(410);
      await reopened.page.getByText('链接已过期').first().waitFor();
      await reopened.page.close();
    } finally {
      clock.advance(-(7 * 86_400 + 1));
    }
    expect(await ticketOf(ticket.id)).toMatchObject({ status: 'resolved', verification: null });
    expect(await verifiedCount(ticket.id)).toBe(0);
  });

  it('shows a used link as answered, with the answer, when it is opened or submitted again', async () => {
    const ticket = await resolvedTicket('包装线贴标机漏贴');
    const first = await open(ticket.path);
    const second = await open(ticket.path);
    await first.page.getByRole('button', { name: '部分解决', exact: true }).tap();
    await first.page.getByText('感谢您的反馈').waitFor();
    // The second tab still shows the form; its answer comes too late.
    await second.page.getByRole('button', { name: '未解决', exact: true }).tap();
    await second.page.getByText('验收已完成').waitFor();
    expect(await second.page.textContent('body')).toContain('已反馈“部分解决”');
    const again = await open(ticket.path);
    expect(again.status).toBe(410);
    await again.page.getByText('验收已完成').waitFor();
    for (const page of [first.page, second.page, again.page]) await page.close();
    expect(await ticketOf(ticket.id)).toMatchObject({ status: 'closed', verification: { result: 'partial' } });
    expect(await verifiedCount(ticket.id)).toBe(1);
  });

  it('is screenshotted in Chinese and, through the language switch, in English', async () => {
    const ticket = await resolvedTicket('车间 3 号注塑机液压站压力不稳，保压时压力从 14 MPa 掉到 9 MPa，伴随异响，已影响生产。');
    const { page } = await open(ticket.path);
    await page.locator('.photos').scrollIntoViewIfNeeded();
    await page.locator('.photos img').last().evaluate((image) => (image as HTMLImageElement).decode());
    await page.screenshot({ path: screenshotPath('verification-zh.png'), fullPage: true });
    await page.getByRole('link', { name: 'English' }).tap();
    await page.getByText('Is the problem solved?').waitFor();
    await page.locator('.photos').scrollIntoViewIfNeeded();
    await page.locator('.photos img').last().evaluate((image) => (image as HTMLImageElement).decode());
    await page.screenshot({ path: screenshotPath('verification-en.png'), fullPage: true });
    await page.close();
    expect((await ticketOf(ticket.id)).status).toBe('resolved');
  });
});
