/**
 * Signed links for people without a login: a customer's verification link and a survey link.
 *
 * A token is 54 bytes in base64url (72 characters, small enough for a QR code a phone reads
 * from across a desk): a version byte, the tenant id, the row id, the expiry in seconds, and
 * the first 17 bytes of an HMAC-SHA256 over them, keyed per purpose from the server secret. A
 * token changed in any byte fails the MAC and reads as unknown; the row it names makes it
 * single-use. Pure.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export type TokenPurpose = 'verification' | 'survey';

export interface TokenClaims {
  tenantId: string;
  id: string;
  expiresAt: Date;
}

const VERSION = 1;
const BODY_BYTES = 1 + 16 + 16 + 4;
const MAC_BYTES = 17; // 37 + 17 = 54 bytes: 72 characters with no padding bits to tamper with

const uuidBytes = (uuid: string) => Buffer.from(uuid.replace(/-/g, ''), 'hex');
const uuidText = (bytes: Buffer) => {
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
};

function mac(secret: string, purpose: TokenPurpose, body: Buffer): Buffer {
  const key = createHmac('sha256', secret).update(`loopdesk:${purpose}-link`).digest();
  return createHmac('sha256', key).update(body).digest().subarray(0, MAC_BYTES);
}

export function signToken(secret: string, purpose: TokenPurpose, claims: TokenClaims): string {
  const body = Buffer.alloc(BODY_BYTES);
  body.writeUInt8(VERSION, 0);
  uuidBytes(claims.tenantId).copy(body, 1);
  uuidBytes(claims.id).copy(body, 17);
  body.writeUInt32BE(Math.floor(claims.expiresAt.getTime() / 1000), 33);
  return Buffer.concat([body, mac(secret, purpose, body)]).toString('base64url');
}

/** The claims of a genuine token (expired or not: the caller tells those apart), or null for anything forged. */
export function readToken(secret: string, purpose: TokenPurpose, token: string): TokenClaims | null {
  if (typeof token !== 'string' || !/^[A-Za-z0-9_-]{72}$/.test(token)) return null;
  const bytes = Buffer.from(token, 'base64url');
  if (bytes.length !== BODY_BYTES + MAC_BYTES) return null;
  const body = bytes.subarray(0, BODY_BYTES);
  if (!timingSafeEqual(bytes.subarray(BODY_BYTES), mac(secret, purpose, body)) || body.readUInt8(0) !== VERSION) return null;
  return {
    tenantId: uuidText(body.subarray(1, 17)),
    id: uuidText(body.subarray(17, 33)),
    expiresAt: new Date(body.readUInt32BE(33) * 1000),
  };
}

/** What building a link for someone without a login needs: the signing secret and the server's public address. */
export interface LinkConfig {
  secret: string;
  publicUrl: string;
}
