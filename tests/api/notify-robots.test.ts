/**
 * Group robots and SMS against a local HTTP receiver that checks each provider's signature and
 * body the way the provider documents it (recomputed here, independently of the sender), and
 * answers as the provider would; a failing receiver ends the delivery dead with its error.
 */
import { createHmac } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { NOTIFY_DELIVER, notify } from '../../src/modules/notify/index.ts';
import { ManualClock } from '../../src/platform/clock.ts';
import type { Database } from '../../src/platform/db/connect.ts';
import { listJobs } from '../../src/platform/runner/sql.ts';
import { openRunnerTestDatabase } from '../../src/platform/runner/testing.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { openTestDatabase } from '../support/database.ts';
import { createTenant, type TestTenant } from '../support/factories.ts';
import { deliveryRunner, startReceiver, type Answer, type ReceivedRequest } from './notify-harness.ts';

const DINGTALK_SECRET = 'SEC0123456789abcdef+/=';
const FEISHU_SECRET = 'feishu-签名-secret';
const SMS_SECRET = 'aliyun/secret+key';
const clock = new ManualClock('2026-11-24T02:00:00Z');

/** Alibaba Cloud's percent-encoding, byte by byte as documented: only A-Z a-z 0-9 - _ . ~ stay. */
function percentEncode(text: string): string {
  return [...Buffer.from(text, 'utf8')].map((byte) => {
    const character = String.fromCharCode(byte);
    return /[A-Za-z0-9\-_.~]/.test(character) ? character : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }).join('');
}

function check(condition: boolean, what: string): void {
  if (!condition) throw new Error(what);
}

/** Each route answers as its provider does, after checking what the provider checks. */
function provider(request: ReceivedRequest): Answer {
  const body = request.body ? JSON.parse(request.body) : undefined;
  switch (request.url.pathname) {
    case '/dingtalk': {
      const timestamp = request.url.searchParams.get('timestamp')!;
      const expected = createHmac('sha256', DINGTALK_SECRET).update(`${timestamp}\n${DINGTALK_SECRET}`).digest('base64');
      if (request.url.searchParams.get('sign') !== expected) return { status: 200, body: { errcode: 310000, errmsg: 'sign not match' } };
      check(request.url.searchParams.get('access_token') === 'ding-token', 'access_token kept');
      check(body.msgtype === 'markdown' && typeof body.markdown.title === 'string' && typeof body.markdown.text === 'string', 'markdown body');
      return { status: 200, body: { errcode: 0, errmsg: 'ok' } };
    }
    case '/feishu': {
      const expected = createHmac('sha256', `${body.timestamp}\n${FEISHU_SECRET}`).update('').digest('base64');
      if (body.sign !== expected) return { status: 200, body: { code: 19021, msg: 'sign match fail or timestamp is not within one hour from current time', data: {} } };
      check(body.msg_type === 'post' && Array.isArray(body.content.post.zh_cn.content), 'post body');
      return { status: 200, body: { StatusCode: 0, StatusMessage: 'success', code: 0, msg: 'success', data: {} } };
    }
    case '/cgi-bin/webhook/send':
      check(request.url.searchParams.get('key') === 'wecom-key' && body.msgtype === 'markdown' && typeof body.markdown.content === 'string', 'WeCom body');
      return { status: 200, body: { errcode: 0, errmsg: 'ok' } };
    case '/sms': {
      const params = Object.fromEntries(request.url.searchParams);
      const { Signature: signature, ...signed } = params;
      const canonical = Object.keys(signed).sort().map((name) => `${percentEncode(name)}=${percentEncode(signed[name])}`).join('&');
      const expected = createHmac('sha1', `${SMS_SECRET}&`).update(`GET&%2F&${percentEncode(canonical)}`).digest('base64');
      if (request.method !== 'GET' || signature !== expected) {
        return { status: 400, body: { Code: 'SignatureDoesNotMatch', Message: 'Specified signature is not matched with our calculation.' } };
      }
      return { status: 200, body: { Code: 'OK', Message: 'OK', RequestId: 'F655A8D5-B967-440B-8683-DAD6FF8DE990', BizId: '900619746936498440^0' } };
    }
    case '/dingtalk-keywords':
      return { status: 200, body: { errcode: 310000, errmsg: 'keywords not in content' } };
    case '/feishu-down':
      return { status: 500, body: 'upstream connect error or disconnect/reset before headers' };
    case '/sms-throttled':
      return { status: 200, body: { Code: 'isv.BUSINESS_LIMIT_CONTROL', Message: '触发分钟级流控Permits:1', RequestId: 'x' } };
    default:
      return { status: 404, body: { errcode: 404, errmsg: 'no such robot' } };
  }
}

let database: Database;
let app: TestApp;
let t: TestTenant;
let receiver: Awaited<ReturnType<typeof startReceiver>>;

async function addChannel(body: Record<string, unknown>): Promise<string> {
  const answer = await app.request('POST', '/api/v1/admin/notification-channels', { token: t.admin.token, body });
  expect(answer.status).toBe(201);
  return answer.body.id;
}
const deliveries = () => listJobs(database.db, t.tenant.id, { kind: NOTIFY_DELIVER, limit: 100 });
const escalate = (userIds: string[] = [], urgent = false) => notify(app.ctx.db, {
  tenantId: t.tenant.id, template: 'sla.escalated', userIds, urgent, now: clock.now(),
  data: { number: 'WO-20261124-0042', title: '3号线贴片机停机', priority: 'P1', stepName: '二级升级', minutesOverdue: 17, url: 'https://desk.example.com/t/42' },
});
const requestsTo = (path: string) => receiver.received.filter((request) => request.url.pathname === path);

beforeAll(async () => {
  database = await openRunnerTestDatabase(openTestDatabase);
  app = await startTestApp({ clock, database });
  receiver = await startReceiver(provider);
  t = await createTenant(app);
});
afterAll(async () => {
  await app.close();
  await receiver.close();
  await database.close();
});
beforeEach(async () => {
  receiver.received.length = 0;
  clock.set('2026-11-24T02:00:00Z');
  await sql`DELETE FROM due_work`.execute(database.db);
  await sql`DELETE FROM notification_channels`.execute(database.db);
});

describe('group robots and SMS', () => {
  it('posts an escalation once to each subscribed robot, signed as DingTalk and Feishu document it', async () => {
    const templates = ['sla.escalated', 'dispatch.failed'];
    await addChannel({ kind: 'dingtalk', name: '钉钉值班群', templates, config: { url: `${receiver.base}/dingtalk?access_token=ding-token`, secret: DINGTALK_SECRET } });
    await addChannel({ kind: 'feishu', name: '飞书运维群', templates, config: { url: `${receiver.base}/feishu`, secret: FEISHU_SECRET } });
    await addChannel({ kind: 'wecom', name: '企业微信群', templates, config: { url: `${receiver.base}/cgi-bin/webhook/send?key=wecom-key` } });
    await addChannel({ kind: 'wecom', name: '只收超时', templates: ['sla.breached'], config: { url: `${receiver.base}/cgi-bin/webhook/send?key=other` } });

    await escalate([t.engineer.id, t.engineer2.id, t.manager.id]);
    expect(await deliveryRunner(app).runOnce()).toBe(3);
    expect((await deliveries()).map((job) => job.status)).toEqual(['done', 'done', 'done']);

    const [ding] = requestsTo('/dingtalk');
    expect(ding.url.searchParams.get('timestamp')).toBe(String(clock.now().getTime())); // milliseconds, from the injected clock
    expect(JSON.parse(ding.body).markdown).toEqual({
      title: '【P1】工单已升级：WO-20261124-0042',
      text: '### 【P1】工单已升级：WO-20261124-0042\n\n问题：3号线贴片机停机\n\n升级级别：二级升级\n\n已超时 17 分钟\n\n请立即跟进。\n\n[查看工单](https://desk.example.com/t/42)',
    });
    const feishu = JSON.parse(requestsTo('/feishu')[0].body);
    expect(feishu.timestamp).toBe(String(clock.now().getTime() / 1000)); // seconds
    expect(feishu.content.post.zh_cn.title).toBe('【P1】工单已升级：WO-20261124-0042');
    expect(feishu.content.post.zh_cn.content.at(-1)).toEqual([{ tag: 'a', text: '查看工单', href: 'https://desk.example.com/t/42' }]);
    const wecom = requestsTo('/cgi-bin/webhook/send');
    expect(wecom).toHaveLength(1); // the robot that only takes breaches stays quiet
    expect(JSON.parse(wecom[0].body).markdown.content).toContain('### 【P1】工单已升级：WO-20261124-0042\n问题：3号线贴片机停机');
  });

  it('texts an urgent escalation through Aliyun SMS, signed with signature 1.0', async () => {
    await addChannel({
      kind: 'sms', name: '阿里云短信',
      // The brackets and the star are what plain encodeURIComponent would leave unencoded, and break the signature.
      config: { endpoint: `${receiver.base}/sms`, accessKeyId: 'LTAI5tTest', accessKeySecret: SMS_SECRET, signName: '环宇设备(售后)*', templateCode: 'SMS_465321' },
    });
    expect((await app.request('PATCH', `/api/v1/users/${t.engineer.id}`, { token: t.admin.token, body: { phone: '+86 138-0013-8000' } })).status).toBe(200);

    await escalate([t.engineer.id]); // not urgent, and SMS not switched on: in-app only
    expect(await deliveries()).toHaveLength(0);
    await escalate([t.engineer.id], true);
    await deliveryRunner(app).runOnce();

    const [job] = await deliveries();
    expect(job.status).toBe('done');
    const [sms] = requestsTo('/sms');
    const params = Object.fromEntries(sms.url.searchParams);
    expect(params).toMatchObject({
      Action: 'SendSms', Version: '2017-05-25', Format: 'JSON', RegionId: 'cn-hangzhou', AccessKeyId: 'LTAI5tTest',
      PhoneNumbers: '13800138000', SignName: '环宇设备(售后)*', TemplateCode: 'SMS_465321', SignatureMethod: 'HMAC-SHA1',
      SignatureVersion: '1.0', Timestamp: '2026-11-24T02:00:00Z', OutId: job.id,
    });
    expect(JSON.parse(params.TemplateParam)).toEqual({ title: '【P1】工单已升级：WO-20261124-0042', content: '问题：3号线贴片机停机，升级级别：二级升级，已超时 17 分钟，请立…' }); // at most 35 characters each
    expect(sms.url.search).not.toContain(SMS_SECRET);
  });

  it('retries a provider that fails, then leaves each delivery dead with the provider\'s error', async () => {
    await addChannel({ kind: 'dingtalk', name: '关键词不符', templates: ['sla.escalated'], config: { url: `${receiver.base}/dingtalk-keywords?access_token=t` } });
    await addChannel({ kind: 'feishu', name: '飞书故障', templates: ['sla.escalated'], config: { url: `${receiver.base}/feishu-down` } });
    await addChannel({ kind: 'dingtalk', name: '签名错误', templates: ['sla.escalated'], config: { url: `${receiver.base}/dingtalk?access_token=t`, secret: 'SECwrong' } });
    await addChannel({
      kind: 'sms', name: '限流', config: { endpoint: `${receiver.base}/sms-throttled`, accessKeyId: 'id', accessKeySecret: 'k', signName: '环宇设备', templateCode: 'SMS_1' },
    });
    await app.request('PATCH', `/api/v1/users/${t.engineer.id}`, { token: t.admin.token, body: { phone: '13800138000' } });
    await escalate([t.engineer.id], true);

    const runner = deliveryRunner(app);
    for (let attempt = 1; attempt <= 5; attempt++) {
      expect(await runner.runOnce()).toBe(4);
      expect((await deliveries()).every((job) => job.attempts === attempt && job.status === (attempt < 5 ? 'pending' : 'dead'))).toBe(true);
      clock.advance(3600);
    }
    expect((await deliveries()).map((job) => job.lastError).sort()).toEqual([
      'Aliyun SMS error isv.BUSINESS_LIMIT_CONTROL: 触发分钟级流控Permits:1',
      'DingTalk error 310000: keywords not in content',
      'DingTalk error 310000: sign not match',
      'Feishu answered HTTP 500: upstream connect error or disconnect/reset before headers',
    ]);
    expect(await runner.runOnce()).toBe(0); // dead stays dead until an admin retries it
  });

  it('drops what a channel still had to send once an admin switches it off', async () => {
    const id = await addChannel({ kind: 'wecom', name: '企业微信群', templates: ['sla.escalated'], config: { url: `${receiver.base}/cgi-bin/webhook/send?key=wecom-key` } });
    await escalate();
    expect((await app.request('PATCH', `/api/v1/admin/notification-channels/${id}`, { token: t.admin.token, body: { active: false } })).status).toBe(200);
    await deliveryRunner(app).runOnce();
    expect((await deliveries()).map((job) => job.status)).toEqual(['done']);
    expect(receiver.received).toHaveLength(0);
  });

  it('sends an admin\'s test message now: 200 when the provider takes it, 502 with its error when not', async () => {
    const good = await addChannel({ kind: 'dingtalk', name: '钉钉值班群', templates: ['sla.escalated'], config: { url: `${receiver.base}/dingtalk?access_token=ding-token`, secret: DINGTALK_SECRET } });
    const bad = await addChannel({ kind: 'feishu', name: '飞书故障', templates: ['sla.escalated'], config: { url: `${receiver.base}/feishu-down` } });

    const ok = await app.request('POST', `/api/v1/admin/notification-channels/${good}/test`, { token: t.admin.token });
    expect(ok.status).toBe(200);
    expect(ok.body).toEqual({ sent: true, to: null });
    expect(JSON.parse(requestsTo('/dingtalk')[0].body).markdown.title).toBe('Loopdesk 测试消息');

    const failed = await app.request('POST', `/api/v1/admin/notification-channels/${bad}/test`, { token: t.admin.token, body: {} });
    expect(failed.status).toBe(502);
    expect(failed.body.error).toEqual({
      code: 'delivery_failed', message: 'Feishu answered HTTP 500: upstream connect error or disconnect/reset before headers', details: { channelId: bad },
    });
  });
});
