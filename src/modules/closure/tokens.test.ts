import { describe, expect, it } from 'vitest';
import { readToken, signToken } from './tokens.ts';

const claims = { tenantId: '0191f0a0-0000-7000-8000-000000000001', id: '0191f0a0-1234-7abc-9def-0123456789ab', expiresAt: new Date('2026-12-01T08:00:00Z') };

describe('signed link tokens', () => {
  it('reads back what was signed, in 72 URL-safe characters', () => {
    const token = signToken('secret', 'verification', claims);
    expect(token).toMatch(/^[A-Za-z0-9_-]{72}$/);
    expect(readToken('secret', 'verification', token)).toEqual(claims);
  });

  it('refuses a token changed in any character, signed with another secret, or for another purpose', () => {
    const token = signToken('secret', 'verification', claims);
    for (let i = 0; i < token.length; i++) {
      const changed = token.slice(0, i) + (token[i] === 'A' ? 'B' : 'A') + token.slice(i + 1);
      expect(readToken('secret', 'verification', changed), `character ${i}`).toBeNull();
    }
    expect(readToken('other', 'verification', token)).toBeNull();
    expect(readToken('secret', 'survey', token)).toBeNull();
    expect(readToken('secret', 'verification', 'not-a-token')).toBeNull();
    expect(readToken('secret', 'verification', token + 'A')).toBeNull();
  });
});
