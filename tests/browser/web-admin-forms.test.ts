/**
 * Admin without code: an admin adds questions to a ticket type in the form builder, orders them
 * by dragging, and the requester's new-ticket page asks them; the answers land in the ticket's
 * fields. What the server refuses is shown in its words.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumPath, screenshotPath } from '../support/browser.ts';
import { createTenant, type TestTenant } from '../support/factories.ts';
import { DESKTOP, PHONE, signedInContext, startWebTestApp, watchErrors, type WebTestApp } from '../support/web.ts';

describe.skipIf(!chromiumPath)('the ticket types\' form builder', () => {
  let web: WebTestApp;
  let t: TestTenant;
  beforeAll(async () => {
    web = await startWebTestApp();
    t = await createTenant(web.app);
  });
  afterAll(() => web?.close());

  it('adds fields to a type, and the new-ticket page asks them in that order and saves the answers', async () => {
    const admin = await signedInContext(web, t.admin.token, { device: DESKTOP });
    const page = await admin.newPage();
    page.setDefaultTimeout(10_000);
    const errors = watchErrors(page);
    await page.goto(`${web.base}/admin`);
    await page.waitForURL(/\/admin\/ticket-types$/);
    await page.getByRole('button', { name: '编辑设备报修' }).click();
    await page.getByRole('heading', { name: '工单类型：设备报修' }).waitFor();

    // A choice with two options, then a yes/no question.
    await page.getByRole('button', { name: /添加字段/ }).click();
    await page.getByRole('menuitem', { name: '单选' }).click();
    await page.getByLabel('中文标题').fill('故障类别');
    await page.getByLabel('英文标题').fill('Fault category');
    const options = page.getByRole('textbox', { name: '选项' });
    await options.fill('电气');
    await options.press('Enter');
    await options.fill('机械');
    await options.press('Enter');
    await page.getByRole('button', { name: /添加字段/ }).click();
    await page.getByRole('menuitem', { name: '是/否' }).click();
    await page.getByLabel('中文标题').nth(1).fill('产线是否停机');
    await page.getByLabel('英文标题').nth(1).fill('Line stopped');

    // Dragged to the top: the question that decides the priority comes first.
    await page.getByRole('listitem', { name: '产线是否停机' }).locator('.form-builder-handle')
      .dragTo(page.getByRole('listitem', { name: '故障类别' }));
    await expect(page.locator('.form-builder-field-title').allTextContents()).resolves.toEqual(['1. 产线是否停机', '2. 故障类别']);
    await page.getByText('有未保存的修改').waitFor();
    await page.getByRole('button', { name: /保\s*存/ }).click();
    await page.getByText('已保存').waitFor();
    await page.getByText('字段代码 lineStopped').waitFor();
    await page.screenshot({ path: screenshotPath('web-admin-forms-zh.png'), fullPage: true });

    const saved = await web.app.request('GET', '/api/v1/ticket-types/repair', { token: t.admin.token });
    expect(saved.body.formSchema).toEqual({
      type: 'object',
      properties: {
        lineStopped: { 'x-widget': 'select', type: 'string', 'x-order': 0, title: '产线是否停机', 'x-title-en': 'Line stopped', 'x-kind': 'yesno', enum: ['yes', 'no'] },
        faultCategory: { 'x-widget': 'select', type: 'string', 'x-order': 1, title: '故障类别', 'x-title-en': 'Fault category', enum: ['电气', '机械'] },
      },
      required: [],
    });

    // The server's own words when it refuses: a key that exists already.
    await page.getByRole('button', { name: '返回类型列表' }).click();
    await page.getByRole('button', { name: '新建类型' }).click();
    await page.getByLabel('中文名称').fill('再来一个报修');
    await page.getByLabel('英文名称').fill('Repair');
    await expect(page.getByLabel('代码').inputValue()).resolves.toBe('repair');
    await page.getByRole('button', { name: /保\s*存/ }).click();
    await page.getByRole('alert').filter({ hasText: 'exists already' }).waitFor();
    expect(errors).toEqual([]);
    await admin.close();

    // The requester sees the questions, none required, in the admin's order, and answers them.
    const requester = await signedInContext(web, t.requester.token, { device: PHONE });
    const form = await requester.newPage();
    form.setDefaultTimeout(10_000);
    const formErrors = watchErrors(form);
    await form.goto(`${web.base}/tickets/new`);
    await form.getByText('补充信息（选填）').waitFor();
    const labels = await form.locator('.new-ticket-questions label').allTextContents();
    expect(labels.filter((label) => label === '产线是否停机' || label === '故障类别')).toEqual(['产线是否停机', '故障类别']);
    await form.getByLabel('出了什么问题？').fill('配电柜跳闸，2 号线停了');
    await form.getByRole('radio', { name: '是' }).check();
    await form.getByLabel('故障类别').click();
    await form.locator('.ant-select-item-option', { hasText: '电气' }).click();
    await form.getByRole('button', { name: '提交报修' }).click();
    await form.getByText(/已提交，工单号 WO-/).waitFor();
    const tickets = await web.app.request('GET', '/api/v1/tickets?limit=5', { token: t.requester.token });
    expect(tickets.body.items[0]).toMatchObject({ type: 'repair', fields: { lineStopped: 'yes', faultCategory: '电气' } });
    expect(formErrors).toEqual([]);
    await requester.close();
  }, 120_000);
});
