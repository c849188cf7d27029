/**
 * QR code values printed on devices: `LD-` and 10 Crockford base32 characters (50 random
 * bits). Short enough to type from a worn label, without the look-alikes I, L, O and U,
 * and not guessable from a neighbouring device's code.
 */
import { randomBytes } from 'node:crypto';

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

export function newQrCodeValue(): string {
  // 256 is a multiple of 32, so taking each byte modulo 32 keeps every character equally likely.
  return `LD-${[...randomBytes(10)].map((byte) => ALPHABET[byte % 32]).join('')}`;
}
