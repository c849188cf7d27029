/**
 * SMS through Alibaba Cloud (阿里云短信, dysmsapi SendSms), signed with the RPC signature 1.0.
 * An SMS must use a template the provider approved: the admin's template receives the message
 * as two variables, ${title} and ${content}.
 */
import { randomUUID } from 'node:crypto';
import type { SmsSettings } from '../channel-config.ts';
import { DeliveryError, httpFailure, quote, request } from './http.ts';
import type { OutgoingMessage } from './message.ts';
import { aliyunCanonicalQuery, aliyunPercentEncode, aliyunSignature } from './signing.ts';

/** Alibaba Cloud refuses template variables longer than 35 characters. */
export const SMS_VARIABLE_MAX = 35;

function clipCharacters(text: string, max: number): string {
  const characters = [...text];
  return characters.length > max ? `${characters.slice(0, max - 1).join('')}…` : text;
}

/**
 * A number as Alibaba Cloud takes it: mainland numbers as 11 digits, others as country code and
 * number without "+". Spaces, dashes and brackets are dropped.
 */
export function normalizePhone(phone: string): string | undefined {
  let digits = phone.replace(/[\s\-()]/g, '');
  if (/^(\+|00)86\d{11}$/.test(digits)) digits = digits.slice(-11);
  else if (digits.startsWith('+')) digits = digits.slice(1);
  else if (digits.startsWith('00')) digits = digits.slice(2);
  return /^\d{5,20}$/.test(digits) ? digits : undefined;
}

export function sendSmsParams(settings: SmsSettings, phone: string, message: OutgoingMessage, now: Date, nonce: string): Record<string, string> {
  const content = message.body.split('\n').join('，');
  return {
    AccessKeyId: settings.accessKeyId,
    Action: 'SendSms',
    Format: 'JSON',
    // The delivery's id: Alibaba Cloud reports it back with the receipt, and it is the same on a retry.
    OutId: message.idempotencyKey,
    PhoneNumbers: phone,
    RegionId: settings.regionId,
    SignName: settings.signName,
    SignatureMethod: 'HMAC-SHA1',
    SignatureNonce: nonce,
    SignatureVersion: '1.0',
    TemplateCode: settings.templateCode,
    TemplateParam: JSON.stringify({ title: clipCharacters(message.title, SMS_VARIABLE_MAX), content: clipCharacters(content, SMS_VARIABLE_MAX) }),
    Timestamp: now.toISOString().replace(/\.\d{3}Z$/, 'Z'),
    Version: '2017-05-25',
  };
}

export async function sendAliyunSms(settings: SmsSettings, accessKeySecret: string | null, message: OutgoingMessage, now: Date): Promise<void> {
  if (!accessKeySecret) throw new DeliveryError('The SMS channel has no AccessKey secret; an admin must set it.', { permanent: true });
  const phone = message.to ? normalizePhone(message.to) : undefined;
  if (!phone) throw new DeliveryError(`"${message.to ?? ''}" is not a phone number an SMS can go to.`, { permanent: true });
  const params = sendSmsParams(settings, phone, message, now, randomUUID());
  const signature = aliyunSignature(params, accessKeySecret);
  const separator = settings.endpoint.includes('?') ? '&' : '?';
  const url = `${settings.endpoint}${separator}Signature=${aliyunPercentEncode(signature)}&${aliyunCanonicalQuery(params)}`;
  const answer = await request('Aliyun SMS', url, { method: 'GET' });
  const code = answer.json?.Code;
  if (code === 'OK' && answer.ok) return;
  if (typeof code === 'string') throw new DeliveryError(`Aliyun SMS error ${code}: ${String(answer.json?.Message ?? '')}`.trim());
  if (!answer.ok) throw httpFailure('Aliyun SMS', answer);
  throw new DeliveryError(`Aliyun SMS answered without a Code: ${quote(answer.text) || '(empty body)'}`);
}
