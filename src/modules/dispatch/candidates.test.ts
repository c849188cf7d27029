import { describe, expect, it } from 'vitest';
import { filterCandidates, type Engineer, type Requirement } from './candidates.ts';

const now = new Date('2026-11-24T02:00:00Z');
const HQ = 'unit-hq';
const EAST = 'unit-east';
const SHANGHAI = 'unit-sh';
const SOUTH = 'unit-south';

/** An online engineer of the Shanghai service point (under 华东大区, under HQ), fit for ordinary hydraulics work. */
const engineer = (id: string, overrides: Partial<Engineer> = {}): Engineer => ({
  id, name: `工程师${id}`, roles: ['engineer'], active: true, availability: 'online', leave: null,
  orgUnitIds: [SHANGHAI, EAST, HQ],
  skills: [
    { key: 'hydraulics', level: 3, expiresAt: null },
    { key: 'electrical_hv', level: 3, certificateNo: 'TSH-HV-2021-0042', expiresAt: '2027-06-30T00:00:00.000Z' },
  ],
  location: { lat: 31.2304, lng: 121.4737 }, openLoad: 0, takenLast7Days: 0, typeResults: { resolved: 0, reopened: 0 },
  ...overrides,
});

const requirement = (overrides: Partial<Requirement> = {}): Requirement => ({ skills: [], certificates: [], ...overrides });
const onLeave = (delegateId: string) => ({ delegateId, from: new Date('2026-11-23T00:00:00Z'), until: new Date('2026-11-30T00:00:00Z') });

describe('filterCandidates', () => {
  const exclusions: [string, Partial<Engineer>, Partial<Requirement>, string][] = [
    ['someone who is not an engineer', { roles: ['dispatcher'] }, {}, 'not_engineer'],
    ['a deactivated engineer', { active: false }, {}, 'inactive'],
    ['an offline engineer', { availability: 'offline' }, {}, 'offline'],
    ['an engineer whose status says on leave', { availability: 'on_leave' }, {}, 'on_leave'],
    ['an engineer inside a leave window whose status still says online', { leave: onLeave('nobody') }, {}, 'on_leave'],
    ['an engineer outside the org scope', {}, { orgScope: SOUTH }, 'out_of_scope'],
    ['an engineer without a required skill', {}, { skills: [{ key: 'plc', minLevel: 1 }] }, 'missing_skill:plc'],
    ['an engineer below the required level', {}, { skills: [{ key: 'hydraulics', minLevel: 4 }] }, 'skill_level:hydraulics'],
    ['an engineer without a required certificate', {}, { certificates: ['welding'] }, 'missing_certificate:welding'],
    ['an engineer whose certificate has expired',
      { skills: [{ key: 'electrical_hv', level: 3, certificateNo: 'TSH-HV-2019-0007', expiresAt: '2026-11-24T01:59:59.000Z' }] },
      { certificates: ['electrical_hv'] }, 'certificate_expired:electrical_hv'],
    ['an engineer whose certificate expires this very moment',
      { skills: [{ key: 'electrical_hv', level: 3, expiresAt: now.toISOString() }] },
      { certificates: ['electrical_hv'] }, 'certificate_expired:electrical_hv'],
    ['an engineer whose certificate expired a second ago in Beijing time',
      { skills: [{ key: 'electrical_hv', level: 3, expiresAt: '2026-11-24T09:59:59+08:00' }] },
      { certificates: ['electrical_hv'] }, 'certificate_expired:electrical_hv'],
  ];
  for (const [who, person, needs, reason] of exclusions) {
    it(`excludes ${who} with the reason ${reason}`, () => {
      expect(filterCandidates([engineer('a', person)], requirement(needs), now)).toEqual({
        eligible: [], excluded: [{ userId: 'a', excludedBecause: reason }],
      });
    });
  }

  const admissions: [string, Partial<Engineer>, Partial<Requirement>][] = [
    ['a busy engineer (load is scored, not filtered)', { availability: 'busy' }, {}],
    ['an engineer of a unit below the org scope', {}, { orgScope: EAST }],
    ['an engineer of exactly the org scope', {}, { orgScope: SHANGHAI }],
    ['an engineer at exactly the required level', {}, { skills: [{ key: 'hydraulics', minLevel: 3 }] }],
    ['an engineer with a valid certificate', {}, { certificates: ['electrical_hv'] }],
    ['an engineer whose certificate has no expiry date', { skills: [{ key: 'electrical_hv', level: 2, expiresAt: null }] }, { certificates: ['electrical_hv'] }],
    ['an engineer whose certificate runs a second longer in Beijing time',
      { skills: [{ key: 'electrical_hv', level: 3, expiresAt: '2026-11-24T10:00:01+08:00' }] }, { certificates: ['electrical_hv'] }],
    ['an engineer whose leave is over', { leave: { ...onLeave('b'), until: new Date('2026-11-24T01:00:00Z') } }, {}],
    ['an engineer whose leave has not begun', { leave: { ...onLeave('b'), from: new Date('2026-11-25T00:00:00Z') } }, {}],
  ];
  for (const [who, person, needs] of admissions) {
    it(`keeps ${who}`, () => {
      const pool = filterCandidates([engineer('a', person)], requirement(needs), now);
      expect(pool.excluded).toEqual([]);
      expect(pool.eligible.map((each) => each.id)).toEqual(['a']);
    });
  }

  it('reports the first failed filter only, in a fixed order', () => {
    const pool = filterCandidates([engineer('a', { active: false, availability: 'offline', skills: [] })],
      requirement({ skills: [{ key: 'plc', minLevel: 1 }] }), now);
    expect(pool.excluded).toEqual([{ userId: 'a', excludedBecause: 'inactive' }]);
  });

  it('keeps the order it was given in both lists', () => {
    const pool = filterCandidates(['c', 'a', 'd', 'b'].map((id) => engineer(id, { active: id !== 'd' && id !== 'a' })), requirement(), now);
    expect(pool.eligible.map((each) => each.id)).toEqual(['c', 'b']);
    expect(pool.excluded.map((each) => each.userId)).toEqual(['a', 'd']);
  });

  it('leaves out whoever declined the ticket or let an offer lapse, with that reason', () => {
    const passedOver = new Map([['a', 'declined'], ['b', 'not_accepted']] as const);
    const pool = filterCandidates([engineer('a'), engineer('b'), engineer('c')], requirement({ passedOver }), now);
    expect(pool.eligible.map((each) => each.id)).toEqual(['c']);
    expect(pool.excluded).toEqual([{ userId: 'a', excludedBecause: 'declined' }, { userId: 'b', excludedBecause: 'not_accepted' }]);
  });

  it('does not let a delegate who declined stand in', () => {
    const pool = filterCandidates([engineer('away', { leave: onLeave('stand-in') }), engineer('stand-in')],
      requirement({ passedOver: new Map([['stand-in', 'declined']]) }), now);
    expect(pool.eligible).toEqual([]);
    expect(pool.excluded.map((each) => each.excludedBecause)).toEqual(['on_leave', 'declined']);
  });

  describe('a person on leave', () => {
    it('is replaced by their delegate, flagged as standing in', () => {
      const pool = filterCandidates([engineer('away', { availability: 'on_leave', leave: onLeave('stand-in') }), engineer('stand-in')], requirement(), now);
      expect(pool.excluded).toEqual([{ userId: 'away', excludedBecause: 'on_leave' }]);
      expect(pool.eligible).toEqual([expect.objectContaining({ id: 'stand-in', delegateFor: 'away' })]);
    });

    it('does not list a delegate twice when they stand in for two colleagues', () => {
      const pool = filterCandidates([
        engineer('away1', { leave: onLeave('stand-in') }), engineer('stand-in'), engineer('away2', { leave: onLeave('stand-in') }),
      ], requirement(), now);
      expect(pool.eligible.map((each) => [each.id, each.delegateFor])).toEqual([['stand-in', 'away1']]);
      expect(pool.excluded.map((each) => each.userId)).toEqual(['away1', 'away2']);
    });

    it('hands the delegate their org scope, since the delegate took over their work', () => {
      const pool = filterCandidates([
        engineer('away', { leave: onLeave('colleague-south') }), engineer('colleague-south', { orgUnitIds: [SOUTH, HQ] }),
        engineer('other-south', { orgUnitIds: [SOUTH, HQ] }),
      ], requirement({ orgScope: SHANGHAI }), now);
      expect(pool.eligible.map((each) => [each.id, each.delegateFor])).toEqual([['colleague-south', 'away']]);
      expect(pool.excluded).toEqual([{ userId: 'away', excludedBecause: 'on_leave' }, { userId: 'other-south', excludedBecause: 'out_of_scope' }]);
    });

    const unfitDelegates: [string, Partial<Engineer>, string][] = [
      ['offline', { availability: 'offline' }, 'offline'],
      ['on leave too (chains are not followed)', { availability: 'on_leave', leave: onLeave('third') }, 'on_leave'],
      ['without the required skill', { skills: [] }, 'missing_skill:hydraulics'],
    ];
    for (const [what, delegate, reason] of unfitDelegates) {
      it(`is not replaced by a delegate who is ${what}`, () => {
        const pool = filterCandidates([engineer('away', { leave: onLeave('stand-in') }), engineer('stand-in', delegate), engineer('third')],
          requirement({ skills: [{ key: 'hydraulics', minLevel: 1 }] }), now);
        expect(pool.eligible.map((each) => each.id)).toEqual(['third']);
        expect(pool.excluded).toEqual([{ userId: 'away', excludedBecause: 'on_leave' }, { userId: 'stand-in', excludedBecause: reason }]);
      });
    }

    it('leaves nobody in their place when the delegate was not loaded', () => {
      const pool = filterCandidates([engineer('away', { leave: onLeave('elsewhere') })], requirement(), now);
      expect(pool).toEqual({ eligible: [], excluded: [{ userId: 'away', excludedBecause: 'on_leave' }] });
    });
  });
});
