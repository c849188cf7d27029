import { describe, expect, it } from 'vitest';
import { filterCandidates, type Engineer } from './candidates.ts';
import { describeShortage, reasonLabel } from './explain.ts';

const now = new Date('2026-11-24T08:00:00Z');

const engineer = (id: string, overrides: Partial<Engineer> = {}): Engineer => ({
  id, name: `工程师${id}`, roles: ['engineer'], active: true, availability: 'online', leave: null, orgUnitIds: [],
  skills: [], location: null, openLoad: 0, takenLast7Days: 0, typeResults: { resolved: 0, reopened: 0 }, ...overrides,
});

describe('an engineer paused from automatic dispatch', () => {
  it('is excluded with the reason paused until the pause ends', () => {
    const pool = filterCandidates([engineer('a', { pausedUntil: new Date('2026-11-24T16:00:00Z') }), engineer('b')], { skills: [], certificates: [] }, now);
    expect(pool.eligible.map((each) => each.id)).toEqual(['b']);
    expect(pool.excluded).toEqual([{ userId: 'a', excludedBecause: 'paused' }]);
  });

  it('is back once the pause has ended, at exactly its end', () => {
    const pool = filterCandidates([engineer('a', { pausedUntil: now }), engineer('b', { pausedUntil: null })], { skills: [], certificates: [] }, now);
    expect(pool.eligible.map((each) => each.id)).toEqual(['a', 'b']);
  });

  it('cannot stand in for a colleague on leave while paused', () => {
    const leave = { delegateId: 'stand-in', from: new Date('2026-11-23T00:00:00Z'), until: new Date('2026-11-30T00:00:00Z') };
    const pool = filterCandidates([engineer('away', { leave }), engineer('stand-in', { pausedUntil: new Date('2026-11-24T16:00:00Z') })],
      { skills: [], certificates: [] }, now);
    expect(pool.eligible).toEqual([]);
    expect(pool.excluded).toEqual([{ userId: 'away', excludedBecause: 'on_leave' }, { userId: 'stand-in', excludedBecause: 'paused' }]);
  });

  it('is named in words when nobody is left', () => {
    expect(reasonLabel('paused')).toBe('暂停自动派单');
    expect(describeShortage({ paused: 1 })).toBe('无可派工程师：1 人均不符合条件（暂停自动派单 1 人）。');
  });
});
