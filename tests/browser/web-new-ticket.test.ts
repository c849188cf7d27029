/**
 * New ticket in five seconds: a requester on a phone submits one sentence and a photo, and the
 * server has the ticket with its photo; the same in English, with the location and the
 * duplicate guard's answer.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumPath, screenshotPath } from '../support/browser.ts';
import { createTenant, type TestTenant } from '../support/factories.ts';
import { DESKTOP, PHONE, signedInContext, startWebTestApp, watchErrors, type WebTestApp } from '../support/web.ts';

/** A real 1×1 PNG: the server sniffs the bytes and refuses a file that is not what it says. */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');
const photo = (name: string) => ({ name, mimeType: 'image/png', buffer: PNG });

describe.skipIf(!chromiumPath)('new ticket in five seconds', () => {
  let web: WebTestApp;
  let t: TestTenant;
  beforeAll(async () => {
    web = await startWebTestApp();
    t = await createTenant(web.app);
  });
  afterAll(() => web?.close());

  async function ticketsOf(token: string) {
    const answer = await web.app.request('GET', '/api/v1/tickets?limit=20', { token });
    expect(answer.status).toBe(200);
    return answer.body.items as { id: string; number: string; description: string; channel: string; location: unknown; duplicateOf: unknown; deviceId: string | null }[];
  }

  async function attachmentsOf(ticketId: string, token: string) {
    const answer = await web.app.request('GET', `/api/v1/tickets/${ticketId}/attachments`, { token });
    expect(answer.status).toBe(200);
    return answer.body.items as { kind: string; mime: string; size: number }[];
  }

  it('takes one sentence and a photo from a requester on a phone, in under five seconds', async () => {
    const context = await signedInContext(web, t.requester.token, { device: PHONE });
    const page = await context.newPage();
    page.setDefaultTimeout(10_000);
    const errors = watchErrors(page);
    const sentence = '二号车间 3 号机床主轴异响，温度很高';
    // A requester's phone has opened the app before (its assets are cached, as they are
    // immutable); the new-ticket page itself is opened for the first time, by its URL.
    await page.goto(`${web.base}/workspace`);
    await page.getByRole('button', { name: 'menu' }).waitFor();

    const started = Date.now();
    await page.goto(`${web.base}/tickets/new`);
    const description = page.getByLabel('出了什么问题？');
    await expect(description.evaluate((element) => element === document.activeElement)).resolves.toBe(true);
    await description.fill(sentence);
    await page.locator('input[type=file][accept="image/*"]').setInputFiles(photo('site.png'));
    await page.getByRole('img', { name: '照片 1 预览' }).waitFor();
    // The create carries an Idempotency-Key, so a double tap or a retry after a lost answer is one ticket.
    const create = page.waitForRequest((request) => request.method() === 'POST' && request.url().endsWith('/api/v1/tickets'));
    await page.getByRole('button', { name: '提交报修' }).click();
    expect((await create).headers()['idempotency-key']).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    await page.getByText(/已提交，工单号 WO-/).waitFor();
    await page.getByText('附件已全部上传（1 个）。').waitFor();
    const elapsed = Date.now() - started;
    expect(elapsed).toBeLessThan(5000);

    const tickets = await ticketsOf(t.requester.token);
    expect(tickets).toHaveLength(1);
    expect(tickets[0]).toMatchObject({ description: sentence, channel: 'web', duplicateOf: null });
    await page.getByText(`已提交，工单号 ${tickets[0].number}`).waitFor();
    expect(await attachmentsOf(tickets[0].id, t.requester.token)).toEqual([expect.objectContaining({ kind: 'photo', mime: 'image/png', size: PNG.length })]);
    await expect(page.getByRole('link', { name: '查看工单' }).getAttribute('href')).resolves.toBe(`/tickets/${tickets[0].id}`);

    // The screen as a requester sees it, a draft with a photo, at 390 px: nothing overflows.
    await page.getByRole('button', { name: '再报一单' }).click();
    await page.getByLabel('出了什么问题？').fill('会议室投影仪无法开机');
    await page.locator('input[type=file][accept="image/*"]').setInputFiles([photo('a.png'), photo('b.png')]);
    await page.getByRole('img', { name: '照片 2 预览' }).waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
    await page.screenshot({ path: screenshotPath('web-new-ticket-zh.png'), fullPage: true });
    expect(errors).toEqual([]);
    await context.close();
  });

  it('works in English, with the location, and says in plain words when the problem is already reported', async () => {
    const context = await signedInContext(web, t.requester2.token, { locale: 'en', device: DESKTOP });
    await context.grantPermissions(['geolocation']);
    await context.setGeolocation({ latitude: 31.2304, longitude: 121.4737, accuracy: 20 });
    const page = await context.newPage();
    page.setDefaultTimeout(10_000);
    const errors = watchErrors(page);
    const sentence = 'The air conditioner in meeting room 5 is leaking water';
    await page.goto(`${web.base}/workspace`);
    await page.getByRole('menuitem', { name: 'New ticket' }).waitFor();

    const started = Date.now();
    await page.goto(`${web.base}/tickets/new`);
    await page.getByLabel('What is wrong?').fill(sentence);
    await page.locator('input[type=file][accept="image/*"]').setInputFiles(photo('leak.png'));
    await page.getByRole('button', { name: 'Submit' }).click();
    await page.getByText(/Submitted as WO-/).waitFor();
    await page.getByText('All attachments uploaded (1).').waitFor();
    expect(Date.now() - started).toBeLessThan(5000);
    const [first] = await ticketsOf(t.requester2.token);
    expect(first).toMatchObject({ description: sentence, channel: 'web' });
    expect(await attachmentsOf(first.id, t.requester2.token)).toHaveLength(1);

    // The same problem again, from where it is: the duplicate guard's answer, in words, with the ticket it joined.
    await page.getByRole('button', { name: 'Report another' }).click();
    await page.getByLabel('What is wrong?').fill(sentence);
    await page.getByRole('button', { name: 'Location' }).click();
    await page.getByText('Located: 31.23040, 121.47370').waitFor();
    await page.getByLabel('Address or where exactly').fill('Building 2, floor 3');
    await page.getByRole('button', { name: 'Submit' }).click();
    await page.getByText(`Someone already reported this: ticket ${first.number} (`).waitFor();
    await expect(page.getByRole('link', { name: `Open ticket ${first.number}` }).getAttribute('href')).resolves.toBe(`/tickets/${first.id}`);
    const [second] = await ticketsOf(t.requester2.token);
    expect(second).toMatchObject({
      duplicateOf: { id: first.id, number: first.number },
      location: { lat: 31.2304, lng: 121.4737, address: 'Building 2, floor 3' },
    });

    await page.getByRole('button', { name: 'Report another' }).click();
    await page.getByLabel('What is wrong?').fill('The badge reader at the north gate rejects every card');
    await page.locator('input[type=file][accept="image/*"]').setInputFiles(photo('reader.png'));
    await page.getByRole('button', { name: 'Location' }).click();
    await page.getByText('Located: 31.23040, 121.47370').waitFor();
    await page.screenshot({ path: screenshotPath('web-new-ticket-en.png') });
    expect(errors).toEqual([]);
    await context.close();
  });

  it('lets staff name the device by searching its serial', async () => {
    const device = await web.app.request('POST', '/api/v1/devices', { token: t.admin.token, body: { serial: 'CNC-2024-0815', model: '立式加工中心 VMC850', site: '二号车间' } });
    expect(device.status).toBe(201);
    const context = await signedInContext(web, t.dispatcher.token, { device: DESKTOP });
    const page = await context.newPage();
    page.setDefaultTimeout(10_000);
    const errors = watchErrors(page);
    await page.goto(`${web.base}/tickets/new`);
    await page.getByLabel('出了什么问题？').fill('客户来电：加工中心换刀卡住');
    await page.getByRole('button', { name: '设备' }).click();
    await page.getByLabel('选择设备').fill('0815');
    await page.locator('.ant-select-item-option', { hasText: 'CNC-2024-0815 · 立式加工中心 VMC850 · 二号车间' }).click();
    await page.getByRole('button', { name: '提交报修' }).click();
    await page.getByText(/已提交，工单号 WO-/).waitFor();
    const [ticket] = await ticketsOf(t.dispatcher.token).then((items) => items.filter((item) => item.description === '客户来电：加工中心换刀卡住'));
    expect(ticket).toMatchObject({ deviceId: device.body.id });
    expect(errors).toEqual([]);
    await context.close();
  });
});
