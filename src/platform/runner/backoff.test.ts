import { describe, expect, it } from 'vitest';
import { retryDelaySeconds } from './backoff.ts';

describe('the delay before a failed job runs again', () => {
  it.each([
    [1, 5], [2, 10], [3, 20], [4, 40], [10, 2560], [11, 3600], [30, 3600],
  ])('after %i failed attempts is at most %i s, doubling up to one hour', (attempts, most) => {
    expect(retryDelaySeconds(attempts, () => 1)).toBe(most);
  });

  it('is jittered between half and all of the backoff, so jobs that failed together spread out', () => {
    expect(retryDelaySeconds(3, () => 0)).toBe(10);
    expect(retryDelaySeconds(3, () => 0.5)).toBe(15);
    expect(retryDelaySeconds(40, () => 0)).toBe(1800);
  });
});
