import { describe, expect, it } from 'vitest';
import { SeededRandom } from '../demo/random.ts';
import { bestOf, fullOrder } from './order.ts';

/** Scores with many exact ties (few distinct values), broken by index descending: a compare unlike the natural order. */
function scoresWithTies(count: number, seed: number) {
  const random = new SeededRandom(seed);
  const score = Float64Array.from({ length: count }, () => random.int(0, 12) / 12);
  const compare = (a: number, b: number) => score[b] - score[a] || b - a;
  const sorted = Array.from({ length: count }, (_, i) => i).sort(compare);
  return { score, compare, sorted };
}

describe('bestOf', () => {
  for (const limit of [1, 2, 7, 50, 499, 500, 800]) {
    it(`gives the first ${limit} of a full sort`, () => {
      const { score, compare, sorted } = scoresWithTies(500, limit);
      expect(bestOf(score, limit, compare)).toEqual(sorted.slice(0, limit));
    });
  }

  it('gives nothing for a limit below one', () => {
    const { score, compare } = scoresWithTies(10, 1);
    expect(bestOf(score, 0, compare)).toEqual([]);
    expect(bestOf(score, Number.NaN, compare)).toEqual([]);
  });
});

describe('fullOrder', () => {
  it('is the order of a full sort', () => {
    const { score, compare, sorted } = scoresWithTies(3000, 7);
    const work = { keys: new Uint32Array(3000), order: new Uint32Array(3000), spare: new Uint32Array(3000) };
    expect([...fullOrder(score, compare, work)]).toEqual(sorted);
  });
});
