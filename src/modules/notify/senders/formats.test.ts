import { describe, expect, it } from 'vitest';
import { clipBytes, markdown, plainText, type OutgoingMessage } from './message.ts';
import { normalizePhone, sendSmsParams } from './sms-aliyun.ts';

const message: OutgoingMessage = {
  to: '+86 138-0013-8000', language: 'zh-CN', title: '【P1】工单已升级：WO-20261124-0042',
  body: '问题：3号线贴片机停机\n已超时 17 分钟', url: 'https://desk.example.com/t/42', idempotencyKey: 'job-1',
};

describe('message formats', () => {
  it('puts the link after the body in plain text and markdown', () => {
    expect(plainText(message)).toBe('问题：3号线贴片机停机\n已超时 17 分钟\n\n查看工单: https://desk.example.com/t/42');
    expect(markdown(message, '\n\n')).toBe('### 【P1】工单已升级：WO-20261124-0042\n\n问题：3号线贴片机停机\n\n已超时 17 分钟\n\n[查看工单](https://desk.example.com/t/42)');
    expect(plainText({ ...message, url: null })).toBe(message.body);
  });

  it('cuts to a byte limit without splitting a character', () => {
    expect(clipBytes('短信', 100)).toBe('短信');
    const clipped = clipBytes('工单'.repeat(100), 20);
    expect(Buffer.byteLength(clipped)).toBeLessThanOrEqual(20);
    expect(clipped).toBe('工单工单工…');
  });

  it.each([
    ['+86 138-0013-8000', '13800138000'], ['008613800138000', '13800138000'], ['138 0013 8000', '13800138000'],
    ['+852 6123 4567', '85261234567'], ['(010) 6552-9988', '01065529988'], ['call me', undefined], ['+', undefined],
  ])('sends SMS to %s as %s', (phone, expected) => {
    expect(normalizePhone(phone)).toBe(expected);
  });

  it('fills the Aliyun SendSms parameters, with the message as ${title} and ${content} of at most 35 characters', () => {
    const params = sendSmsParams({
      provider: 'aliyun', endpoint: 'https://dysmsapi.aliyuncs.com/', accessKeyId: 'LTAI', signName: '环宇设备', templateCode: 'SMS_1', regionId: 'cn-hangzhou',
    }, '13800138000', { ...message, body: `${'很长的问题描述'.repeat(10)}\n第二行` }, new Date('2026-11-24T02:00:00.456Z'), 'nonce-1');
    expect(params).toMatchObject({
      Action: 'SendSms', Version: '2017-05-25', Format: 'JSON', PhoneNumbers: '13800138000', SignName: '环宇设备', TemplateCode: 'SMS_1',
      OutId: 'job-1', SignatureNonce: 'nonce-1', Timestamp: '2026-11-24T02:00:00Z', SignatureMethod: 'HMAC-SHA1', SignatureVersion: '1.0',
    });
    const variables = JSON.parse(params.TemplateParam);
    expect(variables.title).toBe(message.title);
    expect([...variables.content]).toHaveLength(35);
  });
});
