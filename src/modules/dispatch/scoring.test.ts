import { describe, expect, it } from 'vitest';
import { SeededRandom } from '../demo/random.ts';
import type { Engineer } from './candidates.ts';
import { DEFAULT_WEIGHTS, proposeDispatch, rankCandidates, validateWeights, type DispatchTicket, type Weights } from './scoring.ts';

const now = new Date('2026-11-24T02:00:00Z');
const SHANGHAI = { lat: 31.2304, lng: 121.4737 };
/** About 10 km and 80 km west of the Shanghai ticket. */
const NEAR = { lat: 31.2304, lng: 121.3686 };
const FAR = { lat: 31.2304, lng: 120.6330 };

/** An online hydraulics engineer standing at the ticket, with no history: every part but skill at its best. */
const engineer = (id: string, overrides: Partial<Engineer> = {}): Engineer => ({
  id, name: `工程师${id}`, roles: ['engineer'], active: true, availability: 'online', leave: null, orgUnitIds: ['unit-sh'],
  skills: [{ key: 'hydraulics', level: 3, expiresAt: null }, { key: 'plc', level: 2, expiresAt: null }],
  location: SHANGHAI, openLoad: 0, takenLast7Days: 0, typeResults: { resolved: 0, reopened: 0 },
  ...overrides,
});
const ticket: DispatchTicket = { location: SHANGHAI, requiredSkills: [{ key: 'hydraulics', minLevel: 1 }] };
const only = (name: keyof Weights): Weights => ({ skill: 0, distance: 0, load: 0, recent: 0, results: 0, [name]: 1 });
const order = (engineers: Engineer[], weights: Weights = DEFAULT_WEIGHTS, forTicket = ticket) =>
  rankCandidates(engineers, forTicket, weights).map((candidate) => candidate.userId);

describe('rankCandidates', () => {
  const preferences: [string, Partial<Engineer>, Partial<Engineer>][] = [
    ['the nearer engineer', { location: NEAR }, { location: FAR }],
    ['an engineer we can place over one without a location', { location: FAR }, { location: null }],
    ['the engineer with fewer open tickets', { openLoad: 1 }, { openLoad: 3 }],
    ['the engineer who took fewer tickets this week', { takenLast7Days: 2 }, { takenLast7Days: 9 }],
    ['the more skilled engineer', { skills: [{ key: 'hydraulics', level: 5, expiresAt: null }] }, { skills: [{ key: 'hydraulics', level: 2, expiresAt: null }] }],
    ['the engineer whose fixes of this type stayed fixed', { typeResults: { resolved: 10, reopened: 0 } }, { typeResults: { resolved: 10, reopened: 4 } }],
    ['an engineer with a good record over a newcomer', { typeResults: { resolved: 6, reopened: 0 } }, { typeResults: { resolved: 0, reopened: 0 } }],
  ];
  for (const [who, better, worse] of preferences) {
    it(`prefers ${who}, all else equal`, () => {
      // 'b' sorts before 'w' by id, so a tie would put the better one first too: list it second.
      expect(order([engineer('w', worse), engineer('b', better)])).toEqual(['b', 'w']);
      expect(order([engineer('a', worse), engineer('z', better)])).toEqual(['z', 'a']);
    });
  }

  it('computes each part as documented', () => {
    const [candidate] = rankCandidates([engineer('a', {
      location: NEAR, openLoad: 3, takenLast7Days: 5, typeResults: { resolved: 4, reopened: 1 },
      skills: [{ key: 'hydraulics', level: 4, expiresAt: null }, { key: 'plc', level: 2, expiresAt: null }],
    })], { location: SHANGHAI, requiredSkills: [{ key: 'hydraulics', minLevel: 1 }, { key: 'plc', minLevel: 1 }] }, DEFAULT_WEIGHTS);
    expect(candidate.distanceKm).toBeCloseTo(10, 0);
    const distance = 1 / (1 + candidate.distanceKm! / 20);
    expect(candidate.parts).toEqual({ skill: 0.6, distance: expect.closeTo(distance, 2), load: 0.25, recent: 0.5, results: 0.625 });
    expect(candidate.score).toBeCloseTo((3 * 0.6 + 3 * distance + 2 * 0.25 + 1 * 0.5 + 1 * 0.625) / 10, 3);
  });

  it('gives neutral parts when skill or distance cannot tell engineers apart', () => {
    const [located, unplaced] = rankCandidates([engineer('a'), engineer('b', { location: null })],
      { location: null, requiredSkills: [] }, DEFAULT_WEIGHTS);
    expect([located.parts.skill, located.parts.distance, located.distanceKm]).toEqual([0.5, 0.5, null]);
    expect([unplaced.parts.skill, unplaced.parts.distance, unplaced.distanceKm]).toEqual([0.5, 0.5, null]);
  });

  it('scores an engineer without a location 0 on distance when the ticket has one', () => {
    const [candidate] = rankCandidates([engineer('a', { location: null })], ticket, DEFAULT_WEIGHTS);
    expect([candidate.parts.distance, candidate.distanceKm]).toEqual([0, null]);
  });

  it('lets the weights change the order', () => {
    const nearButBusy = engineer('near', { location: NEAR, openLoad: 6 });
    const farButFree = engineer('far', { location: FAR, openLoad: 0 });
    expect(order([nearButBusy, farButFree], only('distance'))).toEqual(['near', 'far']);
    expect(order([nearButBusy, farButFree], only('load'))).toEqual(['far', 'near']);
    expect(order([nearButBusy, farButFree], { ...DEFAULT_WEIGHTS, distance: 10 })).toEqual(['near', 'far']);
    expect(order([nearButBusy, farButFree], { ...DEFAULT_WEIGHTS, load: 10 })).toEqual(['far', 'near']);
  });

  it('scores on the weighted mean of the parts, so scaling every weight changes nothing', () => {
    const engineers = [engineer('a', { location: NEAR, openLoad: 2 }), engineer('b', { location: FAR, takenLast7Days: 8 })];
    const doubled = Object.fromEntries(Object.entries(DEFAULT_WEIGHTS).map(([name, weight]) => [name, weight * 2])) as Weights;
    expect(rankCandidates(engineers, ticket, doubled)).toEqual(rankCandidates(engineers, ticket, DEFAULT_WEIGHTS));
  });

  describe('ties', () => {
    it('go to fewer open tickets, then to the smaller id, whatever the input order', () => {
      // Only the skill part counts, and everyone has the same skill: all scores tie.
      const engineers = [engineer('c', { openLoad: 1 }), engineer('b', { openLoad: 2 }), engineer('d', { openLoad: 1 }), engineer('a', { openLoad: 2 })];
      expect(order(engineers, only('skill'))).toEqual(['c', 'd', 'a', 'b']);
      expect(order([...engineers].reverse(), only('skill'))).toEqual(['c', 'd', 'a', 'b']);
    });

    it('are decided on the exact score, not the rounded one', () => {
      // About 10 m apart, 20 km from the ticket: the scores differ only well beyond the 4th decimal.
      const slightlyNearer = engineer('z', { location: { lat: 31.2304, lng: 121.2638 } });
      const slightlyFarther = engineer('a', { location: { lat: 31.2304, lng: 121.2637 } });
      const weights = { ...only('skill'), distance: 0.001 };
      const [first, second] = rankCandidates([slightlyFarther, slightlyNearer], ticket, weights);
      expect(first.score).toEqual(second.score);
      expect([first.userId, second.userId]).toEqual(['z', 'a']);
    });
  });

  it('orders thousands of candidates with many exact ties as a full sort would, whatever the input order', () => {
    // Few distinct values, so most engineers tie exactly with dozens of others.
    const engineers = Array.from({ length: 3000 }, (_, n) => engineer(`e${String((n * 7919) % 3000).padStart(4, '0')}`, {
      location: [NEAR, FAR, null][n % 3], openLoad: n % 4, takenLast7Days: (n >> 2) % 3,
      skills: [{ key: 'hydraulics', level: 1 + (n % 5), expiresAt: null }],
    }));
    const ranked = rankCandidates(engineers, ticket, DEFAULT_WEIGHTS);
    for (let k = 1; k < ranked.length; k++) {
      const [before, after] = [ranked[k - 1], ranked[k]];
      expect(before.score).toBeGreaterThanOrEqual(after.score);
      if (JSON.stringify(before.parts) === JSON.stringify(after.parts)) {
        // Identical parts mean the same open load too: the id alone decides.
        expect(before.userId < after.userId).toBe(true);
      }
    }
    expect(rankCandidates([...engineers].reverse(), ticket, DEFAULT_WEIGHTS)).toEqual(ranked);
  });

  it('returns with a limit exactly the first of the full ranking', () => {
    const engineers = Array.from({ length: 500 }, (_, n) => engineer(`e${String(n).padStart(3, '0')}`, {
      location: [NEAR, FAR, null, SHANGHAI][n % 4], openLoad: n % 5, takenLast7Days: (n * 7) % 11,
      skills: [{ key: 'hydraulics', level: 1 + (n % 5), expiresAt: null }], typeResults: { resolved: n % 9, reopened: n % 2 },
    }));
    const full = rankCandidates(engineers, ticket, DEFAULT_WEIGHTS);
    for (const limit of [1, 50, 499]) expect(rankCandidates(engineers, ticket, DEFAULT_WEIGHTS, limit)).toEqual(full.slice(0, limit));
  });

  it('skips no one who belongs in the best few, whatever the weights (the bounds are exact)', () => {
    const random = new SeededRandom(11);
    // Engineers across China, so many are far away and the ranking skips their haversine.
    const engineers = Array.from({ length: 2000 }, (_, n) => engineer(`e${String(n).padStart(4, '0')}`, {
      location: random.chance(0.9) ? { lat: random.between(20, 42), lng: random.between(100, 125) } : null,
      openLoad: random.int(0, 6), takenLast7Days: random.int(0, 15), typeResults: { resolved: random.int(0, 30), reopened: random.int(0, 4) },
      skills: [{ key: 'hydraulics', level: random.int(1, 5), expiresAt: null }, { key: 'plc', level: random.int(1, 5), expiresAt: null }],
    }));
    const wide = { location: SHANGHAI, requiredSkills: [{ key: 'hydraulics', minLevel: 1 }, { key: 'plc', minLevel: 1 }] };
    for (const weights of [DEFAULT_WEIGHTS, only('distance'), only('skill'), { ...DEFAULT_WEIGHTS, distance: 20 }, { ...DEFAULT_WEIGHTS, load: 9, distance: 0.5 }]) {
      const full = rankCandidates(engineers, wide, weights);
      for (const limit of [1, 10, 50]) expect(rankCandidates(engineers, wide, weights, limit)).toEqual(full.slice(0, limit));
    }
  });

  it('carries the colleague a delegate stands in for', () => {
    const [candidate] = rankCandidates([{ ...engineer('stand-in'), delegateFor: 'away' }], ticket, DEFAULT_WEIGHTS);
    expect(candidate.delegateFor).toBe('away');
  });
});

describe('proposeDispatch', () => {
  it('lists the ranked engineers first, then the excluded ones with score 0 and the reason', () => {
    const proposal = proposeDispatch([
      engineer('off', { availability: 'offline' }), engineer('far', { location: FAR }), engineer('near', { location: NEAR }),
      engineer('novice', { skills: [{ key: 'hydraulics', level: 1, expiresAt: null }] }),
    ], { skills: [{ key: 'hydraulics', minLevel: 2 }], certificates: [] }, ticket, DEFAULT_WEIGHTS, now);
    expect(proposal.candidates.map(({ userId, excludedBecause }) => [userId, excludedBecause])).toEqual([
      ['near', undefined], ['far', undefined], ['off', 'offline'], ['novice', 'skill_level:hydraulics'],
    ]);
    expect(proposal.candidates[0].score).toBeGreaterThan(proposal.candidates[1].score);
    expect([proposal.eligibleCount, proposal.excludedCount]).toEqual([2, 2]);
    expect(proposal.excludedFor).toEqual({ offline: 1, 'skill_level:hydraulics': 1 });
    expect(proposal.candidates[2]).toEqual({
      userId: 'off', score: 0, parts: { skill: 0, distance: 0, load: 0, recent: 0, results: 0 }, distanceKm: null, excludedBecause: 'offline',
    });
  });
});

describe('validateWeights', () => {
  it('accepts zero or more for each weight and keeps the defaults of those left out', () => {
    expect(validateWeights({ distance: 0, load: 7.5 })).toEqual({ ...DEFAULT_WEIGHTS, distance: 0, load: 7.5 });
    expect(validateWeights({})).toEqual(DEFAULT_WEIGHTS);
  });

  const refusals: [string, unknown, string, RegExp][] = [
    ['a weight below zero', { distance: -1 }, 'distance', /"distance" cannot be below zero/],
    ['a weight that is not a number', { load: '2' }, 'load', /"load" must be a number/],
    ['a weight that is not finite', { recent: Number.POSITIVE_INFINITY }, 'recent', /"recent" must be a number/],
    ['an unknown weight', { speed: 1 }, 'speed', /"speed" is not a dispatch weight/],
    ['every weight at zero', { skill: 0, distance: 0, load: 0, recent: 0, results: 0 }, 'weights', /at least one/i],
  ];
  for (const [what, input, field, message] of refusals) {
    it(`refuses ${what}, naming it`, () => {
      expect(() => validateWeights(input)).toThrow(expect.objectContaining({ code: 'invalid_input', details: { field }, message: expect.stringMatching(message) }));
    });
  }

  it('refuses something that is not an object of weights', () => {
    for (const input of [null, 3, [1, 2]]) expect(() => validateWeights(input)).toThrow(expect.objectContaining({ code: 'invalid_input' }));
  });
});
