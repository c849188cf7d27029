/** The signatures the providers document, as pure functions of their inputs. */
import { createHmac } from 'node:crypto';

/**
 * DingTalk robot 加签: HMAC-SHA256 keyed by the secret over `${timestamp}\n${secret}`, timestamp
 * in milliseconds, base64. Returns the base64; the URL carries it percent-encoded.
 */
export function dingTalkSignature(secret: string, timestampMs: number): string {
  return createHmac('sha256', secret).update(`${timestampMs}\n${secret}`, 'utf8').digest('base64');
}

/** The robot's webhook URL with `timestamp` and `sign` appended, as DingTalk expects them. */
export function dingTalkSignedUrl(webhook: string, secret: string, timestampMs: number): string {
  const separator = webhook.includes('?') ? '&' : '?';
  return `${webhook}${separator}timestamp=${timestampMs}&sign=${encodeURIComponent(dingTalkSignature(secret, timestampMs))}`;
}

/**
 * Feishu robot 签名校验: `${timestamp}\n${secret}` is the HMAC-SHA256 *key*, the message is
 * empty, timestamp in seconds, base64.
 */
export function feishuSignature(secret: string, timestampSeconds: number): string {
  return createHmac('sha256', `${timestampSeconds}\n${secret}`).update('').digest('base64');
}

/**
 * Alibaba Cloud's percent-encoding (RFC 3986): only A-Z a-z 0-9 - _ . ~ stay as they are, so
 * the characters encodeURIComponent leaves alone (! ' ( ) *) are encoded too.
 */
export function aliyunPercentEncode(text: string): string {
  return encodeURIComponent(text).replace(/[!'()*]/g, (character) => `%${character.charCodeAt(0).toString(16).toUpperCase()}`);
}

export function aliyunCanonicalQuery(params: Record<string, string>): string {
  return Object.keys(params).sort()
    .map((name) => `${aliyunPercentEncode(name)}=${aliyunPercentEncode(params[name])}`)
    .join('&');
}

/**
 * Alibaba Cloud RPC signature version 1.0: base64 of HMAC-SHA1, keyed by the AccessKey secret
 * followed by "&", over `GET&%2F&` and the percent-encoded canonical query.
 */
export function aliyunSignature(params: Record<string, string>, accessKeySecret: string, method: 'GET' | 'POST' = 'GET'): string {
  const stringToSign = `${method}&${aliyunPercentEncode('/')}&${aliyunPercentEncode(aliyunCanonicalQuery(params))}`;
  return createHmac('sha1', `${accessKeySecret}&`).update(stringToSign, 'utf8').digest('base64');
}
