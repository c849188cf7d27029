import { describe, expect, it } from 'vitest';
import { planNotification, type ChannelRoute, type PlanInput, type Recipient } from './plan.ts';

const now = new Date('2026-11-24T15:00:00Z'); // 23:00 in Shanghai
const morning = new Date('2026-11-25T00:00:00Z'); // 08:00 in Shanghai
const email: ChannelRoute = { id: 'email-1', kind: 'email', templates: [] };
const sms: ChannelRoute = { id: 'sms-1', kind: 'sms', templates: [] };
const dingtalk: ChannelRoute = { id: 'robot-1', kind: 'dingtalk', templates: ['sla.escalated', 'dispatch.failed'] };
const feishu: ChannelRoute = { id: 'robot-2', kind: 'feishu', templates: ['sla.breached'] };

const person = (userId: string, extra: Partial<Recipient> = {}): Recipient => ({
  userId, email: `${userId}@example.com`, phone: '13800000000', locale: 'zh-CN', preferences: null, ...extra,
});
const plan = (input: Partial<PlanInput>) => planNotification({
  template: 'sla.escalated', data: { number: 'WO-1' }, urgent: false, now: new Date('2026-11-24T04:00:00Z'), timeZone: 'Asia/Shanghai',
  recipients: [person('wang')], channels: [email, sms, dingtalk, feishu], ...input,
});
const routes = (result: ReturnType<typeof plan>) => result.deliveries.map((delivery) => `${delivery.channelId}:${delivery.userId ?? 'group'}`);

describe('who is told what, where and when', () => {
  it('writes an inbox entry for every recipient in their own language', () => {
    const result = plan({ recipients: [person('wang'), person('smith', { locale: 'en' })] });
    expect(result.notifications.map((entry) => [entry.userId, entry.language, entry.title])).toEqual([
      ['wang', 'zh-CN', '工单已升级：WO-1'], ['smith', 'en', 'Ticket escalated: WO-1'],
    ]);
  });

  it('emails by default when the tenant has an email channel, and sends SMS only for urgent ones', () => {
    expect(routes(plan({}))).toEqual(['email-1:wang', 'robot-1:group']);
    expect(routes(plan({ urgent: true }))).toEqual(['email-1:wang', 'sms-1:wang', 'robot-1:group']);
    expect(routes(plan({ channels: [sms] }))).toEqual([]);
  });

  it('follows the person\'s preferences: email off, SMS for everything', () => {
    const preferences = { email: false, sms: true, quietHours: null };
    expect(routes(plan({ recipients: [person('wang', { preferences })], channels: [email, sms] }))).toEqual(['sms-1:wang']);
  });

  it('cannot email or text someone without an address or phone', () => {
    expect(routes(plan({ recipients: [person('wang', { email: null, phone: null })], urgent: true, channels: [email, sms] }))).toEqual([]);
  });

  it('holds email and SMS until quiet hours end, except urgent ones; in-app and robots are never held', () => {
    const preferences = { email: true, sms: true, quietHours: { startMinute: 22 * 60, endMinute: 8 * 60 } };
    const quiet = plan({ now, recipients: [person('wang', { preferences })] });
    expect(quiet.notifications).toHaveLength(1);
    expect(quiet.deliveries.map((delivery) => [delivery.channelId, delivery.runAt])).toEqual([
      ['email-1', morning], ['sms-1', morning], ['robot-1', now],
    ]);
    const urgent = plan({ now, urgent: true, recipients: [person('wang', { preferences })] });
    expect(urgent.deliveries.every((delivery) => delivery.runAt === now)).toBe(true);
  });

  it('posts once per subscribed robot, in Chinese, whoever and however many the recipients are', () => {
    const result = plan({ template: 'sla.breached', recipients: [person('a', { locale: 'en' }), person('b'), person('c')], channels: [dingtalk, feishu] });
    expect(result.deliveries).toEqual([expect.objectContaining({ channelId: 'robot-2', kind: 'feishu', userId: null, to: null, language: 'zh-CN', title: 'SLA 已超时：WO-1' })]);
    expect(routes(plan({ template: 'dispatch.failed', recipients: [] }))).toEqual(['robot-1:group']);
    expect(routes(plan({ template: 'ticket.assigned', channels: [dingtalk, feishu] }))).toEqual([]);
  });
});
