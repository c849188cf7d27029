import { describe, expect, it } from 'vitest';
import { AppError } from '../../platform/errors.ts';
import { parseChannelConfig, parseTemplates, toChannelView, type Channel } from './channel-config.ts';

function fieldOf(run: () => unknown): string | undefined {
  try {
    run();
  } catch (error) {
    if (error instanceof AppError && error.code === 'invalid_input') return error.details.field as string;
    throw error;
  }
  return undefined;
}

describe('channel settings', () => {
  it('reads SMTP settings, defaulting the port to 587, or 465 when secure, and keeps the password apart', () => {
    expect(parseChannelConfig('email', { host: 'smtp.example.com', from: 'Loopdesk <noreply@example.com>' })).toEqual({
      settings: { host: 'smtp.example.com', port: 587, secure: false, user: null, from: 'Loopdesk <noreply@example.com>' }, secret: null,
    });
    expect(parseChannelConfig('email', { host: 'smtp.exmail.qq.com', secure: true, user: 'desk@example.com', pass: 's3cret', from: 'desk@example.com' })).toEqual({
      settings: { host: 'smtp.exmail.qq.com', port: 465, secure: true, user: 'desk@example.com', from: 'desk@example.com' }, secret: 's3cret',
    });
  });

  it.each([
    ['email', { host: 'smtp.example.com', port: 70000, from: 'a@example.com' }, 'config.port'],
    ['email', { host: 'smtp.example.com', port: '25', from: 'a@example.com' }, 'config.port'],
    ['email', { from: 'a@example.com' }, 'config.host'],
    ['email', { host: 'smtp.example.com', from: 'not an address' }, 'config.from'],
    ['email', { host: 'smtp.example.com', from: 'a@example.com', secure: 'yes' }, 'config.secure'],
    ['email', { host: 'smtp.example.com', from: 'a@example.com', pass: 'x' }, 'config.user'],
    ['email', { host: 'smtp.example.com', from: 'a@example.com', tls: {} }, 'config.tls'],
    ['dingtalk', { url: 'ftp://oapi.dingtalk.com/robot/send' }, 'config.url'],
    ['feishu', { url: 'open.feishu.cn/open-apis/bot/v2/hook/x' }, 'config.url'],
    ['wecom', { url: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k', secret: 'x' }, 'config.secret'],
    ['sms', { accessKeyId: 'id', signName: '某公司', templateCode: 'SMS_1' }, 'config.accessKeySecret'],
    ['sms', { accessKeyId: 'id', accessKeySecret: 's', signName: '某公司', templateCode: 'SMS_1', provider: 'twilio' }, 'config.provider'],
    ['sms', { accessKeyId: 'id', accessKeySecret: 's', templateCode: 'SMS_1' }, 'config.signName'],
  ] as const)('refuses a %s channel with %j, naming %s', (kind, config, field) => {
    expect(fieldOf(() => parseChannelConfig(kind, config))).toBe(field);
  });

  it('keeps the stored secret when an edit leaves it out, and clears it with null', () => {
    const url = 'https://oapi.dingtalk.com/robot/send?access_token=t';
    expect(parseChannelConfig('dingtalk', { url }, 'SEC-old').secret).toBe('SEC-old');
    expect(parseChannelConfig('dingtalk', { url, secret: 'SEC-new' }, 'SEC-old').secret).toBe('SEC-new');
    expect(parseChannelConfig('dingtalk', { url, secret: null }, 'SEC-old').secret).toBeNull();
  });

  it('fills the Aliyun SMS defaults', () => {
    expect(parseChannelConfig('sms', { accessKeyId: 'LTAI', accessKeySecret: 'k', signName: '环宇设备', templateCode: 'SMS_1' }).settings).toEqual({
      provider: 'aliyun', endpoint: 'https://dysmsapi.aliyuncs.com/', accessKeyId: 'LTAI', signName: '环宇设备', templateCode: 'SMS_1', regionId: 'cn-hangzhou',
    });
  });

  it('lets robots subscribe to templates, and nothing else', () => {
    expect(parseTemplates('feishu', ['sla.escalated', 'sla.escalated', 'dispatch.failed'])).toEqual(['sla.escalated', 'dispatch.failed']);
    expect(fieldOf(() => parseTemplates('wecom', []))).toBe('templates');
    expect(fieldOf(() => parseTemplates('wecom', ['sla.exploded']))).toBe('templates');
    expect(fieldOf(() => parseTemplates('email', ['sla.escalated']))).toBe('templates');
    expect(parseTemplates('sms', undefined)).toEqual([]);
  });

  it('never shows the secret, only whether one is set', () => {
    const channel: Channel = {
      id: 'c1', kind: 'email', name: '邮件', settings: { host: 'h', port: 25, secure: false, user: 'u', from: 'a@b.cn' }, secret: 'hunter2',
      templates: [], active: true, createdAt: new Date(0), updatedAt: new Date(0),
    };
    const view = toChannelView(channel);
    expect(JSON.stringify(view)).not.toContain('hunter2');
    expect(view.secretSet).toBe(true);
    expect(toChannelView({ ...channel, secret: null }).secretSet).toBe(false);
  });
});
