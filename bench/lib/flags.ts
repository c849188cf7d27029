/** Reading a benchmark's numeric options, with a clear message for a bad one. */
import type { Flags } from '../../src/platform/config.ts';

export function wholeFlag(flags: Flags, name: string, fallback: number, min: number): number {
  const value = flags[name];
  if (value === undefined) return fallback;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < min) throw new Error(`--${name} must be a whole number ≥ ${min}, got "${value}".`);
  return parsed;
}
