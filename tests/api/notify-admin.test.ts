/** The admin's notification channels: roles, secrets that never come back, tenant isolation, checked config. */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.ts';
import { createTenant, type TestTenant } from '../support/factories.ts';

const BASE = '/api/v1/admin/notification-channels';
const SECRETS = ['smtp-p4ssw0rd', 'SECdingtalk-secret', 'aliyun-access-key-secret'];

let app: TestApp;
let t: TestTenant;
let other: TestTenant;
let email: string;
let dingtalk: string;
let sms: string;

const create = (tenant: TestTenant, body: Record<string, unknown>) => app.request('POST', BASE, { token: tenant.admin.token, body });
const storedSecret = async (id: string) =>
  (await sql<{ secret: string | null }>`SELECT secret FROM notification_channels WHERE id = ${id}`.execute(app.ctx.db)).rows[0]?.secret;

beforeAll(async () => {
  app = await startTestApp();
  [t, other] = [await createTenant(app), await createTenant(app)];
  const answers = await Promise.all([
    create(t, { kind: 'email', name: '公司邮箱', config: { host: 'smtp.exmail.qq.com', port: 465, secure: true, user: 'desk@example.com', pass: SECRETS[0], from: 'Loopdesk <desk@example.com>' } }),
    create(t, { kind: 'dingtalk', name: '钉钉值班群', templates: ['sla.escalated'], config: { url: 'https://oapi.dingtalk.com/robot/send?access_token=abc', secret: SECRETS[1] } }),
    create(t, { kind: 'sms', name: '阿里云短信', config: { accessKeyId: 'LTAI5t', accessKeySecret: SECRETS[2], signName: '环宇设备', templateCode: 'SMS_465321' } }),
  ]);
  expect(answers.map((answer) => answer.status)).toEqual([201, 201, 201]);
  [email, dingtalk, sms] = answers.map((answer) => answer.body.id);
});
afterAll(() => app.close());

describe('notification channels (admin)', () => {
  it('shows the settings and whether a secret is set, never the secret itself', async () => {
    const list = await app.request('GET', BASE, { token: t.admin.token });
    expect(list.status).toBe(200);
    expect(list.body.items).toHaveLength(3);
    expect(list.body.items.find((item: { id: string }) => item.id === email)).toMatchObject({
      kind: 'email', name: '公司邮箱', active: true, templates: [], secretSet: true,
      config: { host: 'smtp.exmail.qq.com', port: 465, secure: true, user: 'desk@example.com', from: 'Loopdesk <desk@example.com>' },
    });
    const one = await app.request('GET', `${BASE}/${dingtalk}`, { token: t.admin.token });
    expect(one.body).toMatchObject({ kind: 'dingtalk', templates: ['sla.escalated'], secretSet: true, config: { url: 'https://oapi.dingtalk.com/robot/send?access_token=abc' } });
    const edited = await app.request('PATCH', `${BASE}/${sms}`, { token: t.admin.token, body: { name: '短信（备用签名）', config: { signName: '环宇售后' } } });
    expect(edited.status).toBe(200);
    expect(edited.body).toMatchObject({ name: '短信（备用签名）', secretSet: true, config: { signName: '环宇售后', accessKeyId: 'LTAI5t' } });

    const everything = JSON.stringify([list.body, one.body, edited.body]);
    for (const secret of SECRETS) expect(everything).not.toContain(secret);
    expect(await storedSecret(sms)).toBe(SECRETS[2]); // an edit that leaves the secret out keeps it
  });

  it('clears a robot\'s secret when the admin sends null', async () => {
    const answer = await app.request('PATCH', `${BASE}/${dingtalk}`, { token: t.admin.token, body: { config: { secret: null } } });
    expect(answer.body.secretSet).toBe(false);
    expect(await storedSecret(dingtalk)).toBeNull();
  });

  it('lets only an admin see, add, change, remove or try a channel', async () => {
    for (const user of [t.dispatcher, t.manager, t.engineer, t.expert, t.finance, t.requester]) {
      const answers = await Promise.all([
        app.request('GET', BASE, { token: user.token }),
        app.request('GET', `${BASE}/${email}`, { token: user.token }),
        app.request('POST', BASE, { token: user.token, body: { kind: 'wecom', name: '群', templates: ['sla.breached'], config: { url: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k' } } }),
        app.request('PATCH', `${BASE}/${email}`, { token: user.token, body: { active: false } }),
        app.request('DELETE', `${BASE}/${email}`, { token: user.token }),
        app.request('POST', `${BASE}/${email}/test`, { token: user.token }),
      ]);
      expect(answers.map((answer) => answer.status)).toEqual([403, 403, 403, 403, 403, 403]);
      expect(answers[0].body.error.code).toBe('forbidden');
    }
    expect((await app.request('GET', BASE)).status).toBe(401);
    expect((await app.request('GET', `${BASE}/${email}`, { token: t.admin.token })).body.active).toBe(true);
  });

  it('answers 404 for another tenant\'s channel, and changes nothing', async () => {
    const answers = await Promise.all([
      app.request('GET', `${BASE}/${email}`, { token: other.admin.token }),
      app.request('PATCH', `${BASE}/${email}`, { token: other.admin.token, body: { active: false } }),
      app.request('DELETE', `${BASE}/${email}`, { token: other.admin.token }),
      app.request('POST', `${BASE}/${email}/test`, { token: other.admin.token, body: { to: 'x@example.com' } }),
    ]);
    expect(answers.map((answer) => answer.status)).toEqual([404, 404, 404, 404]);
    expect((await app.request('GET', BASE, { token: other.admin.token })).body.items).toEqual([]);
    expect((await app.request('GET', `${BASE}/${email}`, { token: t.admin.token })).body.active).toBe(true);
  });

  it.each([
    [{ kind: 'email', name: '邮箱', config: { host: 'smtp.example.com', port: 70000, from: 'a@example.com' } }, 'config.port', 'config.port must be a whole number from 1 to 65535.'],
    [{ kind: 'dingtalk', name: '钉钉', templates: ['sla.escalated'], config: { url: 'ftp://oapi.dingtalk.com/robot/send' } }, 'config.url', 'config.url must be an http or https URL, not ftp.'],
    [{ kind: 'feishu', name: '飞书', templates: ['sla.escalated'], config: { url: 'not a url' } }, 'config.url', 'config.url must be an http or https URL.'],
    [{ kind: 'feishu', name: '飞书', config: { url: 'https://open.feishu.cn/open-apis/bot/v2/hook/x' } }, 'templates', undefined],
    [{ kind: 'wecom', name: '企微', templates: ['sla.escalated'], config: { url: 'https://qyapi.weixin.qq.com/x', secret: 's' } }, 'config.secret', undefined],
    [{ kind: 'sms', name: '短信', config: { accessKeyId: 'id', signName: '环宇', templateCode: 'SMS_1' } }, 'config.accessKeySecret', 'config.accessKeySecret is required.'],
  ])('refuses a bad config with 400 naming the field: %j', async (body, field, message) => {
    const answer = await create(other, body);
    expect(answer.status).toBe(400);
    expect(answer.body.error).toMatchObject({ code: 'invalid_input', details: { field } });
    if (message) expect(answer.body.error.message).toBe(message);
  });

  it('refuses an unknown kind and unknown fields at the edge', async () => {
    expect((await create(other, { kind: 'pager', name: 'x', config: {} })).status).toBe(400);
    expect((await create(other, { kind: 'wecom', name: 'x', config: { url: 'https://a.cn' }, templates: ['sla.escalated'], colour: 'red' })).status).toBe(400);
    expect((await app.request('PATCH', `${BASE}/${email}`, { token: t.admin.token, body: { config: { port: 0 } } })).body.error.details.field).toBe('config.port');
  });

  it('keeps one active email channel per tenant', async () => {
    const second = await create(t, { kind: 'email', name: '备用邮箱', config: { host: 'smtp.example.com', from: 'b@example.com' } });
    expect(second.status).toBe(409);
    expect(second.body.error.message).toBe('The tenant has an active email channel already; switch it off first.');
    const inactive = await create(t, { kind: 'email', name: '备用邮箱', active: false, config: { host: 'smtp.example.com', from: 'b@example.com' } });
    expect(inactive.status).toBe(201);
    expect((await app.request('PATCH', `${BASE}/${inactive.body.id}`, { token: t.admin.token, body: { active: true } })).status).toBe(409);
  });

  it('needs somewhere to send a test SMS, and checks a test address', async () => {
    const noPhone = await app.request('POST', `${BASE}/${sms}/test`, { token: t.admin.token });
    expect(noPhone.status).toBe(400);
    expect(noPhone.body.error.message).toBe('Give "to": you have no phone number on file.');
    expect((await app.request('POST', `${BASE}/${sms}/test`, { token: t.admin.token, body: { to: 'call me' } })).status).toBe(400);
    expect((await app.request('POST', `${BASE}/${email}/test`, { token: t.admin.token, body: { to: 'nobody' } })).status).toBe(400);
  });

  it('removes a channel: 204, then 404', async () => {
    const robot = await create(t, { kind: 'wecom', name: '临时群', templates: ['sla.breached'], config: { url: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k' } });
    expect((await app.request('DELETE', `${BASE}/${robot.body.id}`, { token: t.admin.token })).status).toBe(204);
    expect((await app.request('DELETE', `${BASE}/${robot.body.id}`, { token: t.admin.token })).status).toBe(404);
    expect((await app.request('GET', `${BASE}/${robot.body.id}`, { token: t.admin.token })).status).toBe(404);
  });
});
