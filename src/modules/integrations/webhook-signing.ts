/**
 * Standard Webhooks signing (https://www.standardwebhooks.com): the secret is `whsec_` followed by
 * base64 key bytes; each request carries `webhook-id`, `webhook-timestamp` (Unix seconds) and
 * `webhook-signature: v1,<base64 HMAC-SHA256 of "id.timestamp.body">`.
 */
import { createHmac, randomBytes } from 'node:crypto';
import { AppError } from '../../platform/errors.ts';

const PREFIX = 'whsec_';
const MIN_KEY_BYTES = 24;
const MAX_KEY_BYTES = 64;

/** A new secret: 32 random bytes, as the specification's libraries make them. */
export function generateSecret(): string {
  return PREFIX + randomBytes(32).toString('base64');
}

/** The key bytes of a secret; throws invalid_input (naming `secret`) for one that is not `whsec_` + base64 of 24–64 bytes. */
export function secretKey(secret: string): Buffer {
  const encoded = secret.startsWith(PREFIX) ? secret.slice(PREFIX.length) : '';
  const key = /^[A-Za-z0-9+/]+={0,2}$/.test(encoded) ? Buffer.from(encoded, 'base64') : Buffer.alloc(0);
  if (key.length < MIN_KEY_BYTES || key.length > MAX_KEY_BYTES) {
    throw new AppError('invalid_input', `secret must be "${PREFIX}" followed by the base64 of ${MIN_KEY_BYTES} to ${MAX_KEY_BYTES} random bytes; leave it out to get one generated.`,
      { field: 'secret' });
  }
  return key;
}

/** The three Standard Webhooks headers for one attempt. */
export function signatureHeaders(secret: string, messageId: string, timestampSeconds: number, body: string): Record<string, string> {
  const signature = createHmac('sha256', secretKey(secret)).update(`${messageId}.${timestampSeconds}.${body}`).digest('base64');
  return { 'webhook-id': messageId, 'webhook-timestamp': String(timestampSeconds), 'webhook-signature': `v1,${signature}` };
}
