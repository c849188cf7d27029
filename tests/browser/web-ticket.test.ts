/**
 * The ticket page: a dispatcher reads a reported fault whole (fields under the form's labels,
 * the photo and the voice note, the address with its map link, the device and its history, the
 * timeline with an internal note, the dispatch proposal), assigns it, and watches the engineer's
 * work arrive over the live stream until the verification QR code can be shown. A description
 * made of markup is shown as text and runs nothing.
 */
import { deflateSync, crc32 } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumPath, screenshotPath } from '../support/browser.ts';
import { createTenant, type TestTenant } from '../support/factories.ts';
import { uploadFile } from '../support/uploads.ts';
import { signedInContext, startWebTestApp, watchErrors, type WebTestApp } from '../support/web.ts';
import { withoutDuplicateGuard } from '../api/dispatch-support.ts';

/** A real PNG, a soft gradient: something for the thumbnail to show. */
function gradientPng(width: number, height: number): Buffer {
  const rows = Buffer.alloc((width * 3 + 1) * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const offset = y * (width * 3 + 1) + 1 + x * 3;
      rows.set([40 + (x * 150) / width, 110 + (y * 100) / height, 200], offset);
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

/** Half a second of 8 kHz mono silence as a WAV file: a voice note the browser can play. */
function silentWav(): Buffer {
  const samples = 4000;
  const header = Buffer.alloc(44);
  header.write('RIFF', 0, 'ascii');
  header.writeUInt32LE(36 + samples, 4);
  header.write('WAVEfmt ', 8, 'ascii');
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20); // PCM
  header.writeUInt16LE(1, 22); // mono
  header.writeUInt32LE(8000, 24);
  header.writeUInt32LE(8000, 28);
  header.writeUInt16LE(1, 32);
  header.writeUInt16LE(8, 34);
  header.write('data', 36, 'ascii');
  header.writeUInt32LE(samples, 40);
  return Buffer.concat([header, Buffer.alloc(samples, 128)]);
}

const HOSTILE = '<img src=x onerror=alert(1)><script>alert(2)</script>';

describe.skipIf(!chromiumPath)('the ticket page', () => {
  let web: WebTestApp;
  let t: TestTenant;
  let ticket: { id: string; number: string };
  let earlier: { number: string };

  const api = async (method: string, url: string, token: string, body?: unknown) => {
    const answer = await web.app.request(method, url, { token, body });
    expect(answer.status, `${method} ${url}: ${JSON.stringify(answer.body)}`).toBeLessThan(300);
    return answer.body;
  };

  beforeAll(async () => {
    web = await startWebTestApp();
    t = await createTenant(web.app);
    await withoutDuplicateGuard(web.app, t);
    await api('PATCH', '/api/v1/ticket-types/repair', t.admin.token, {
      formSchema: {
        type: 'object',
        properties: {
          line: { type: 'string', 'x-widget': 'select', enum: ['1号线', '2号线', '3号线'], title: '产线', 'x-title-en': 'Line', 'x-order': 1 },
          alarm: { type: 'string', 'x-widget': 'text', title: '报警代码', 'x-title-en': 'Alarm code', 'x-order': 2 },
          stopped: { type: 'string', 'x-widget': 'select', 'x-kind': 'yesno', enum: ['yes', 'no'], title: '是否停线', 'x-title-en': 'Line stopped', 'x-order': 3 },
        },
      },
    });
    const device = await api('POST', '/api/v1/devices', t.admin.token, {
      serial: 'LBL-2024-0318', model: '贴标机 LX-300', site: '2号厂房 3号线', address: '上海市浦东新区张江路 88 号',
    });
    earlier = await api('POST', '/api/v1/tickets', t.requester2.token, { description: '贴标机上周也卡过纸', deviceId: device.id });
    ticket = await api('POST', '/api/v1/tickets', t.requester.token, {
      description: '3号线贴标机卡纸，标签贴歪。\n报警灯一直闪，已经停线 10 分钟。',
      priority: 'P2',
      deviceId: device.id,
      location: { lat: 31.2036, lng: 121.5908, address: '上海市浦东新区张江路 88 号 2号厂房' },
      fields: { line: '3号线', alarm: 'E-204', stopped: 'yes' },
    });
    expect((await uploadFile(web.app, t.requester.token, ticket.id, { filename: '现场照片.png', content: gradientPng(160, 120), type: 'image/png' })).status).toBe(201);
    expect((await uploadFile(web.app, t.requester.token, ticket.id, { filename: '语音说明.wav', content: silentWav(), type: 'audio/wav' })).status).toBe(201);
    await api('POST', `/api/v1/tickets/${ticket.id}/actions/comment`, t.dispatcher.token, { body: '备件库有 LX-300 的送纸轮', internal: true });
    await api('POST', `/api/v1/tickets/${ticket.id}/actions/comment`, t.dispatcher.token, { body: '已收到，马上安排工程师' });
  });
  afterAll(() => web?.close());

  it('shows a dispatcher the whole ticket, lets them assign it, and follows the work live', async () => {
    const context = await signedInContext(web, t.dispatcher.token);
    const page = await context.newPage();
    const errors = watchErrors(page);
    await page.goto(`${web.base}/tickets/${ticket.id}`);
    await page.getByRole('heading', { name: '3号线贴标机卡纸，标签贴歪' }).waitFor();
    await page.getByText('报警灯一直闪，已经停线 10 分钟。', { exact: false }).waitFor();
    // The form's labels, and a yes/no answer in words.
    for (const [label, value] of [['产线', '3号线'], ['报警代码', 'E-204'], ['是否停线', '是']]) {
      await page.locator('.ant-descriptions-row', { hasText: label }).getByText(value, { exact: true }).waitFor();
    }
    await page.getByRole('img', { name: '照片：现场照片.png' }).waitFor();
    expect(await page.getByRole('img', { name: '照片：现场照片.png' }).evaluate((image: HTMLImageElement) => image.complete && image.naturalWidth)).toBe(160);
    const voice = page.getByLabel('语音：语音说明.wav');
    await expect(voice.evaluate((element) => element.tagName)).resolves.toBe('AUDIO');
    await page.waitForFunction(() => (document.querySelector('audio') as HTMLAudioElement | null)?.duration === 0.5);
    await expect(page.getByRole('link', { name: '在地图上查看' }).getAttribute('href')).resolves.toContain('uri.amap.com/marker?position=121.5908%2C31.2036');
    await page.getByText('贴标机 LX-300').waitFor();
    await page.getByRole('link', { name: earlier.number }).waitFor();
    await page.locator('[data-event-type="commented"]', { hasText: '备件库有 LX-300 的送纸轮' }).getByText('内部').waitFor();
    await page.locator('[data-candidate]').first().waitFor();

    // A dispatcher assigns: the form names the engineer, the server's answer updates the page.
    await page.getByRole('group', { name: '可执行的操作' }).getByRole('button', { name: /派\s*工/ }).click();
    const dialog = page.getByRole('dialog').filter({ hasText: `派工 · ${ticket.number}` });
    await dialog.getByRole('combobox', { name: '处理工程师' }).fill('工程师乙');
    await dialog.getByRole('combobox', { name: '处理工程师' }).press('Enter');
    await dialog.getByRole('button', { name: /派\s*工/ }).click();
    await page.locator('[data-event-type="dispatched"]', { hasText: '派给 工程师乙' }).waitFor();
    await expect(web.app.request('GET', `/api/v1/tickets/${ticket.id}`, { token: t.dispatcher.token }).then((answer) => answer.body))
      .resolves.toMatchObject({ status: 'dispatched', assigneeId: t.engineer2.id });

    // The engineer works elsewhere; the page follows over the live stream, without a reload.
    await page.locator('[data-live="live"]').waitFor();
    await api('POST', `/api/v1/tickets/${ticket.id}/actions/accept`, t.engineer2.token, {});
    await page.locator('[data-event-type="accepted"]').waitFor();
    await api('POST', `/api/v1/tickets/${ticket.id}/actions/start`, t.engineer2.token, {});
    await api('POST', `/api/v1/tickets/${ticket.id}/actions/resolve`, t.engineer2.token, { solution: '更换送纸轮，校准传感器，试贴 50 张正常' });
    await page.getByText('更换送纸轮，校准传感器，试贴 50 张正常').first().waitFor();

    // The customer's QR code: an image made from the server's SVG, not markup in the page.
    await page.getByRole('button', { name: '生成验收二维码' }).click();
    const qr = page.getByRole('img', { name: `工单 ${ticket.number} 的验收二维码` });
    await qr.waitFor();
    await expect(qr.getAttribute('src')).resolves.toMatch(/^data:image\/svg\+xml;charset=utf-8,/);
    expect(await qr.evaluate((element) => element.tagName)).toBe('IMG');

    await page.screenshot({ path: screenshotPath('web-ticket-zh.png'), fullPage: true, animations: 'disabled' });
    await page.setViewportSize({ width: 360, height: 740 });
    await page.getByRole('heading', { name: '问题描述' }).waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
    expect(errors).toEqual([]);
    await context.close();
  }, 120_000);

  it('shows a description made of markup as text, and runs none of it', async () => {
    const hostile = await api('POST', '/api/v1/tickets', t.requester.token, { description: HOSTILE });
    const context = await signedInContext(web, t.dispatcher.token);
    const page = await context.newPage();
    const dialogs: string[] = [];
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    await page.goto(`${web.base}/tickets/${hostile.id}`);
    await page.locator('.tp-description').getByText(HOSTILE, { exact: true }).waitFor();
    await page.goto(`${web.base}/workspace?q=${encodeURIComponent('onerror')}`);
    await page.locator('.ws-table').getByText(hostile.number).waitFor();
    await page.locator('.ws-table').getByText(HOSTILE, { exact: true }).waitFor();
    expect(await page.locator('img[src="x"], .ws-table script, .tp script').count()).toBe(0);
    expect(dialogs).toEqual([]);
    await context.close();
  }, 120_000);
});
