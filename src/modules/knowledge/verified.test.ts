import { describe, expect, it } from 'vitest';
import { whyNotVerified } from './verified.ts';

const at = '2026-11-25T08:00:00.000Z';

describe('whyNotVerified', () => {
  it.each([
    ['satisfied', { result: 'satisfied', by: 'u1', at }],
    ['partly solved', { result: 'partial', by: 'u1', at }],
    ['verified automatically', { result: 'satisfied', by: null, at, auto: true }],
  ])('accepts a ticket closed as %s', (_label, verification) => {
    expect(whyNotVerified({ status: 'closed', verification })).toBeNull();
  });

  it.each([
    ['resolved', null, 'not_closed'],
    ['in_progress', null, 'not_closed'],
    ['cancelled', null, 'not_closed'],
    ['closed', { result: null, by: 'u1', at, closedWithoutVerification: true }, 'closed_without_verification'],
    ['closed', null, 'not_verified'],
    ['closed', { result: 'unresolved', by: 'u1', at }, 'not_verified'],
  ] as const)('refuses a %s ticket with %j: %s', (status, verification, reason) => {
    expect(whyNotVerified({ status, verification })?.reason).toBe(reason);
  });
});
