/**
 * Failed logins per key in a sliding window, kept in memory: a process refuses a key after too
 * many failures. (Several API processes each count their own; the window still bounds guessing.)
 */
export class FailureLimiter {
  private readonly failures = new Map<string, number[]>();

  constructor(private readonly limit: number, private readonly windowMs: number) {}

  private recent(key: string, now: number): number[] {
    const times = (this.failures.get(key) ?? []).filter((at) => now - at < this.windowMs);
    if (times.length) this.failures.set(key, times);
    else this.failures.delete(key);
    return times;
  }

  /** Seconds until the key may try again, or 0 when it may now. */
  retryAfter(key: string, now: number): number {
    const times = this.recent(key, now);
    if (times.length < this.limit) return 0;
    return Math.ceil((times[0] + this.windowMs - now) / 1000);
  }

  fail(key: string, now: number): void {
    this.recent(key, now).push(now);
    if (!this.failures.has(key)) this.failures.set(key, [now]);
    if (this.failures.size > 100_000) this.failures.delete(this.failures.keys().next().value!);
  }

  succeed(key: string): void {
    this.failures.delete(key);
  }
}
