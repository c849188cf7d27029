/**
 * A closed-loop load generator: each client sends its next operation when the previous one
 * has answered, so the offered load adapts to the system and nothing queues in the generator.
 * Operations answered during the warm-up are not counted; those answered after the window
 * are not either, but they are awaited, so one configuration never overlaps the next.
 */
import { percentile } from './stats.ts';

export interface LoadOptions {
  clients: number;
  warmupMs: number;
  durationMs: number;
  /** Counters read at the start and the end of the measured window (e.g. CPU time); their growth is reported. */
  meters?: Record<string, () => number>;
}

/** What one operation came to: ok, or an error named for the report (e.g. "HTTP 500 internal"). */
export type Outcome = { ok: true } | { ok: false; error: string };

export type Operation = (client: number) => Promise<Outcome>;

export interface LoadResult {
  clients: number;
  seconds: number;
  ok: number;
  errors: number;
  /** Error names and how often each happened. */
  errorKinds: Map<string, number>;
  perSecond: number;
  p50Ms: number;
  p99Ms: number;
  /** How much each meter grew during the measured window. */
  metered: Record<string, number>;
  /** The measured window on the monotonic clock, in µs (CPU profiles use the same clock). */
  windowUs: [number, number];
}

const monotonicUs = () => Number(process.hrtime.bigint() / 1000n);

export async function runClosedLoop(options: LoadOptions, operation: Operation): Promise<LoadResult> {
  const latencies: number[] = [];
  const errorKinds = new Map<string, number>();
  let ok = 0;
  let errors = 0;
  const measureFrom = performance.now() + options.warmupMs;
  const measureTo = measureFrom + options.durationMs;
  const meters = Object.entries(options.meters ?? {});
  const metered: Record<string, number> = {};
  const windowUs: [number, number] = [0, 0];
  const windowOpened = new Promise<void>((resolve) => setTimeout(() => {
    for (const [name, read] of meters) metered[name] = read();
    windowUs[0] = monotonicUs();
    resolve();
  }, options.warmupMs));
  const windowClosed = new Promise<void>((resolve) => setTimeout(() => {
    windowUs[1] = monotonicUs();
    for (const [name, read] of meters) metered[name] = read() - metered[name];
    resolve();
  }, options.warmupMs + options.durationMs));

  async function client(index: number) {
    while (performance.now() < measureTo) {
      const started = performance.now();
      let outcome: Outcome;
      try {
        outcome = await operation(index);
      } catch (error) {
        outcome = { ok: false, error: error instanceof Error ? error.message : String(error) };
      }
      const answered = performance.now();
      if (answered < measureFrom || answered > measureTo) continue;
      if (outcome.ok) {
        ok++;
        latencies.push(answered - started);
      } else {
        errors++;
        errorKinds.set(outcome.error, (errorKinds.get(outcome.error) ?? 0) + 1);
      }
    }
  }

  await Promise.all([windowOpened, windowClosed, ...Array.from({ length: options.clients }, (_, index) => client(index))]);
  const sorted = Float64Array.from(latencies).sort();
  const seconds = options.durationMs / 1000;
  return {
    clients: options.clients, seconds, ok, errors, errorKinds,
    perSecond: ok / seconds, p50Ms: percentile(sorted, 50), p99Ms: percentile(sorted, 99), metered, windowUs,
  };
}
