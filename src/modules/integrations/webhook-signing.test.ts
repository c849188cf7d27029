import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { generateSecret, secretKey, signatureHeaders } from './webhook-signing.ts';

describe('Standard Webhooks signing', () => {
  it('matches the specification\'s published example', () => {
    // From the Standard Webhooks specification's reference test vector.
    const headers = signatureHeaders('whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', 'msg_p5jXN8AQM9LWM0D4loKWxJek', 1614265330,
      '{"test": 2432232314}');
    expect(headers['webhook-signature']).toBe('v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=');
  });

  it('signs "id.timestamp.body" with the key bytes after whsec_', () => {
    const secret = generateSecret();
    const headers = signatureHeaders(secret, 'id-1', 1700000000, '{"a":1}');
    const expected = createHmac('sha256', Buffer.from(secret.slice(6), 'base64')).update('id-1.1700000000.{"a":1}').digest('base64');
    expect(headers).toEqual({ 'webhook-id': 'id-1', 'webhook-timestamp': '1700000000', 'webhook-signature': `v1,${expected}` });
  });

  it.each(['plain-text-secret', 'whsec_', 'whsec_c2hvcnQ=', 'whsec_not base64!'])('refuses the secret %j, naming the field', (secret) => {
    expect(() => secretKey(secret)).toThrow(expect.objectContaining({ code: 'invalid_input', details: { field: 'secret' } }));
  });

  it('generates secrets of 32 random bytes, different each time', () => {
    const [one, two] = [generateSecret(), generateSecret()];
    expect(secretKey(one)).toHaveLength(32);
    expect(one).not.toBe(two);
  });
});
