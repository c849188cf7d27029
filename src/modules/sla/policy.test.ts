import { describe, expect, it } from 'vitest';
import { matchNeedsTier, matchPolicy, type PolicyMatch, type SlaPolicy } from './policy.ts';

const at = new Date('2026-03-10T01:00:00Z');
function policy(id: string, position: number, match: PolicyMatch, active = true): SlaPolicy {
  return {
    id, name: id, position, match, calendarId: null, responseSeconds: 900, resolveSeconds: 3600, pausedStatuses: ['on_hold'],
    ladder: [], active, version: 1, createdAt: at, updatedAt: at,
  };
}

const policies = [
  policy('everything', 100, {}),
  policy('p1', 40, { priorities: ['P1'] }),
  policy('platinum-p1', 10, { tiers: ['platinum'], priorities: ['P1'] }),
  policy('repair-p3', 50, { types: ['repair'], priorities: ['P3', 'P4'] }),
  policy('retired', 0, {}, false),
];

describe('matchPolicy: the first active policy by position whose lists all match', () => {
  it.each([
    ['a platinum customer\'s P1', { type: 'repair', priority: 'P1', tier: 'platinum' }, 'platinum-p1'],
    ['a gold customer\'s P1', { type: 'repair', priority: 'P1', tier: 'gold' }, 'p1'],
    ['a P1 without a customer (no tier matches a tier list)', { type: 'emergency', priority: 'P1', tier: null }, 'p1'],
    ['a P3 repair', { type: 'repair', priority: 'P3', tier: null }, 'repair-p3'],
    ['a P3 of another type: the absent lists match all', { type: 'it_incident', priority: 'P3', tier: 'platinum' }, 'everything'],
  ])('%s', (_case, subject, expected) => {
    expect(matchPolicy(policies, subject)?.id).toBe(expected);
  });

  it('skips inactive policies and finds none when nothing matches', () => {
    expect(matchPolicy([policy('retired', 0, {}, false), policy('p2', 1, { priorities: ['P2'] })], { type: 'repair', priority: 'P3', tier: null })).toBeUndefined();
  });

  it('breaks a tie of positions by id, the creation order', () => {
    const tied = [policy('0192-b', 5, {}), policy('0192-a', 5, {})];
    expect(matchPolicy(tied, { type: 'repair', priority: 'P3', tier: null })?.id).toBe('0192-a');
  });

  it('asks for the customer\'s tier only when an active policy matches on tiers', () => {
    expect(matchNeedsTier(policies)).toBe(true);
    expect(matchNeedsTier([policy('p1', 1, { priorities: ['P1'] }), policy('old', 2, { tiers: ['gold'] }, false)])).toBe(false);
  });
});
