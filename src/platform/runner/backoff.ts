/** When a failed job runs again: exponential backoff with jitter, so a broken receiver is not hammered. */

const BASE_SECONDS = 5;
const CAP_SECONDS = 3600;

/**
 * Seconds before the next attempt after `attempts` failed ones: 5 s · 2^(attempts-1), capped at
 * one hour, then "equal jitter" (between half and all of it) so jobs that failed together do not
 * come back together.
 */
export function retryDelaySeconds(attempts: number, random: () => number = Math.random): number {
  const exponential = BASE_SECONDS * 2 ** Math.max(0, attempts - 1);
  const capped = Math.min(CAP_SECONDS, exponential);
  return capped / 2 + (capped / 2) * random();
}
