/** Time comes from here, never from Date.now() in domain code, so tests can move it. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** A clock that stands still until told to move: for tests and benchmarks. */
export class ManualClock implements Clock {
  private current: number;

  constructor(start: Date | string = '2026-11-24T02:00:00Z') {
    this.current = new Date(start).getTime();
  }

  now(): Date {
    return new Date(this.current);
  }

  advance(seconds: number): void {
    this.current += seconds * 1000;
  }

  set(at: Date | string): void {
    this.current = new Date(at).getTime();
  }
}
