import { describe, expect, it } from 'vitest';
import { readHistory, triggerOf, type HistoryEvent } from './history.ts';

const dispatched = (data: Record<string, unknown> = {}): HistoryEvent => ({ type: 'dispatched', actorId: 'dispatcher', data });
const declined = (by: string): HistoryEvent => ({ type: 'declined', actorId: by, data: { reason: '在外地' } });
const expired = (...userIds: string[]): HistoryEvent => ({ type: 'offer_expired', actorId: null, data: { userIds } });

describe('readHistory', () => {
  it('remembers who declined and who let an offer lapse', () => {
    const history = readHistory([dispatched(), expired('a', 'b'), dispatched(), declined('c')]);
    expect([...history.passedOver]).toEqual([['a', 'not_accepted'], ['b', 'not_accepted'], ['c', 'declined']]);
  });

  it('keeps a decline as the reason when the same person later also lets an offer lapse', () => {
    expect(readHistory([declined('a'), expired('a')]).passedOver.get('a')).toBe('declined');
  });

  it('starts afresh after a reopen', () => {
    expect(readHistory([declined('a'), { type: 'reopened', actorId: 'r', data: {} }]).passedOver.size).toBe(0);
  });

  it('ignores an offer_expired event without a list of people', () => {
    expect(readHistory([{ type: 'offer_expired', actorId: null, data: {} }]).passedOver.size).toBe(0);
  });
});

describe('triggerOf', () => {
  const cases: [string, HistoryEvent[], string | null, string][] = [
    ['a dispatcher asking', [expired('a')], 'user-1', 'dispatcher'],
    ['a new ticket', [], null, 'auto'],
    ['an offer that lapsed', [dispatched(), expired('a')], null, 'accept_timeout'],
    ['a decline', [dispatched(), declined('a')], null, 'declined'],
    ['a decline followed by another dispatch and a reopen', [declined('a'), dispatched(), { type: 'reopened', actorId: 'r', data: {} }], null, 'auto'],
  ];
  for (const [what, events, actorId, trigger] of cases) {
    it(`calls ${what} ${trigger}`, () => {
      expect(triggerOf(readHistory(events), actorId)).toBe(trigger);
    });
  }
});
