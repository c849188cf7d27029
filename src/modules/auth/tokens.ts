/** Bearer tokens are 32 random bytes; the database keeps only their sha256. */
import { createHash, randomBytes } from 'node:crypto';

export const newToken = (prefix: 'lds' | 'ldp' | 'lda'): string => `${prefix}_${randomBytes(32).toString('base64url')}`;

export const hashToken = (token: string): string => createHash('sha256').update(token).digest('hex');
