/**
 * UUIDv7 (RFC 9562): 48 bits of Unix milliseconds, then randomness. Ids sort by creation time,
 * which keeps B-tree inserts at the right edge and lets lists page by id. Within one
 * millisecond a counter in the random bits keeps ids from one process strictly increasing.
 */
import { randomBytes } from 'node:crypto';

let lastMillis = 0;
let sequence = 0;

export function uuidv7(now: number = Date.now()): string {
  const bytes = randomBytes(16);
  if (now <= lastMillis) {
    now = lastMillis;
    sequence = (sequence + 1) & 0xfff;
    if (sequence === 0) now = ++lastMillis;
  } else {
    lastMillis = now;
    sequence = bytes.readUInt16BE(6) & 0x7ff; // start low so the counter has room to grow
  }
  bytes.writeUIntBE(now, 0, 6);
  bytes[6] = 0x70 | (sequence >> 8);
  bytes[7] = sequence & 0xff;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isUuid = (value: string): boolean => UUID.test(value);
