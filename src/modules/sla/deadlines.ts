/**
 * SLA deadline math on business calendars, as pure functions: time is always passed in.
 *
 * Business time is real elapsed time inside working windows. Window edges are local wall times
 * turned into instants through Intl, so a zone with daylight saving time gets the right
 * instants on the days its clocks change (a window 00:00–24:00 on the spring-forward day holds
 * 23 real hours). The walk goes window by window, never second by second.
 */
import { AppError } from '../../platform/errors.ts';
import { compileCalendar, formatDay, type Calendar, type CompiledCalendar } from './calendar.ts';

const MINUTE_MS = 60_000;
const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;
const WEEK_MS = 7 * DAY_MS;

/**
 * UTC offsets of one zone, remembered as spans of constant offset. Asking Intl costs
 * microseconds, so one question covers a week unless the week holds a transition, which is
 * then found by bisection. Real zones change offset at most a few times a year, never twice
 * within a week.
 */
class ZoneOffsets {
  private spans: { from: number; to: number; offset: number }[] = [];
  private readonly format: Intl.DateTimeFormat;

  constructor(timeZone: string) {
    this.format = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' });
  }

  /** The zone's offset from UTC in ms at instant `at`. */
  at(at: number): number {
    for (let i = this.spans.length - 1; i >= 0; i--) {
      const span = this.spans[i];
      if (at >= span.from && at < span.to) return span.offset;
    }
    const offset = this.ask(at);
    const weekLater = at + WEEK_MS;
    const later = this.ask(weekLater);
    if (later === offset) {
      this.remember(at, weekLater, offset);
    } else {
      let [before, after] = [at, weekLater];
      while (after - before > 1) {
        const middle = Math.floor((before + after) / 2);
        if (this.ask(middle) === offset) before = middle;
        else after = middle;
      }
      this.remember(at, after, offset);
      this.remember(after, weekLater, later);
    }
    return offset;
  }

  private remember(from: number, to: number, offset: number): void {
    if (this.spans.length >= 64) this.spans = this.spans.slice(32);
    this.spans.push({ from, to, offset });
  }

  private ask(at: number): number {
    // "1/1/2026, GMT+08:00"; plain "GMT" for UTC; seconds appear only in old local mean times.
    const match = /GMT([+-])(\d{2}):(\d{2})(?::(\d{2}))?/.exec(this.format.format(at));
    if (!match) return 0;
    const size = Number(match[2]) * HOUR_MS + Number(match[3]) * MINUTE_MS + Number(match[4] ?? 0) * 1000;
    return match[1] === '-' ? -size : size;
  }
}

const zones = new Map<string, ZoneOffsets>();

function zoneOf(timeZone: string): ZoneOffsets {
  let zone = zones.get(timeZone);
  if (!zone) zones.set(timeZone, (zone = new ZoneOffsets(timeZone)));
  return zone;
}

/**
 * The instant of a local wall time, given as ms since the epoch "as if UTC". A time repeated
 * when clocks fall back is its first occurrence; a time skipped when they spring forward is
 * read with the offset before the change, which lands the same distance past the gap.
 */
function localToInstant(zone: ZoneOffsets, local: number): number {
  // Offsets span −12h…+14h, so the instant lies within [local − 14h, local + 12h].
  const before = zone.at(local - 15 * HOUR_MS);
  const after = zone.at(local + 13 * HOUR_MS);
  if (before === after) return local - before;
  const candidates = [local - before, local - after].filter((instant, i) => zone.at(instant) === (i === 0 ? before : after));
  return candidates.length > 0 ? Math.min(...candidates) : local - before;
}

const localDayOf = (zone: ZoneOffsets, instant: number) => Math.floor((instant + zone.at(instant)) / DAY_MS);

/** Working intervals [start, end) in ms, in order, clipped to begin no earlier than `from`. */
function* workingIntervals(calendar: CompiledCalendar, from: number): Generator<readonly [number, number]> {
  const zone = zoneOf(calendar.timeZone);
  for (let day = localDayOf(zone, from); ; day++) {
    if (calendar.lastWorkingDay !== null && day > calendar.lastWorkingDay) return;
    const midnight = day * DAY_MS;
    for (const [startMinute, endMinute] of calendar.windowsOn(day)) {
      const end = localToInstant(zone, midnight + endMinute * MINUTE_MS);
      if (end <= from) continue;
      const start = Math.max(from, localToInstant(zone, midnight + startMinute * MINUTE_MS));
      if (end > start) yield [start, end];
    }
  }
}

function instantOf(date: Date, field: string): number {
  const ms = date instanceof Date ? date.getTime() : NaN;
  if (Number.isNaN(ms)) throw new AppError('invalid_input', `${field}: is not a valid instant.`, { field });
  return ms;
}

function durationOf(seconds: number, field: string): number {
  if (typeof seconds !== 'number' || !Number.isFinite(seconds) || seconds < 0) {
    throw new AppError('invalid_input', `${field}: must be a number of seconds, zero or more.`, { field });
  }
  return Math.round(seconds * 1000);
}

function addBusinessMs(calendar: CompiledCalendar, from: number, ms: number): number {
  if (ms === 0 || calendar.alwaysOpen) return from + ms;
  let left = ms;
  for (const [start, end] of workingIntervals(calendar, from)) {
    if (left <= end - start) return start + left;
    left -= end - start;
  }
  const last = calendar.lastWorkingDay === null ? '' : ` after ${formatDay(calendar.lastWorkingDay)}`;
  throw new AppError('business_rule', `The calendar has no working time${last}, so the deadline is never reached.`);
}

function businessMsBetween(calendar: CompiledCalendar, from: number, to: number): number {
  if (to <= from) return 0;
  if (calendar.alwaysOpen) return to - from;
  let total = 0;
  for (const [start, end] of workingIntervals(calendar, from)) {
    if (start >= to) break;
    total += Math.min(end, to) - start;
  }
  return total;
}

/**
 * The instant at which `seconds` of working time have passed after `start`. Zero seconds is
 * `start` itself; a target that fills a window exactly ends at the window's end (18:00), not at
 * the next morning's start.
 */
export function addBusinessSeconds(calendar: Calendar, start: Date, seconds: number): Date {
  const ms = durationOf(seconds, 'seconds');
  return new Date(addBusinessMs(compileCalendar(calendar), instantOf(start, 'start'), ms));
}

/** Working seconds between two instants; zero when `to` is not after `from`. */
export function businessSecondsBetween(calendar: Calendar, from: Date, to: Date): number {
  return businessMsBetween(compileCalendar(calendar), instantOf(from, 'from'), instantOf(to, 'to')) / 1000;
}

/** A ticket entering `status` at `at`, as its event chain records it. */
export interface StatusChange {
  at: Date;
  status: string;
}

/** Statuses that stop the SLA clock until the ticket leaves them (API.md: 挂起). */
export const PAUSED_STATUSES: readonly string[] = ['on_hold'];

export interface SlaClockInput {
  calendar: Calendar;
  /** The policy's target in business seconds. */
  targetSeconds: number;
  /** When the clock started: the ticket's creation. */
  startedAt: Date;
  /** The ticket's status changes in any order; those after `now` have not happened yet. */
  changes: readonly StatusChange[];
  now: Date;
  pausedStatuses?: readonly string[];
}

export interface SlaClock {
  /** Business seconds the clock has run, paused time excluded. */
  elapsedSeconds: number;
  /** Target minus elapsed; negative once overdue. */
  remainingSeconds: number;
  paused: boolean;
  breached: boolean;
  /**
   * When the target is (or was) reached. Null while paused and not yet breached: the deadline
   * moves with the length of the hold, which is not known yet.
   */
  dueAt: Date | null;
}

/**
 * The SLA clock derived from the ticket's event chain alone: paused intervals are read from
 * the status changes, never stored as a running balance, so changing the policy's target and
 * deriving again cannot lose time already spent on hold.
 */
export function deadlineFromEvents(input: SlaClockInput): SlaClock {
  const calendar = compileCalendar(input.calendar);
  const target = durationOf(input.targetSeconds, 'targetSeconds');
  const startedAt = instantOf(input.startedAt, 'startedAt');
  const now = instantOf(input.now, 'now');
  const pausing = new Set(input.pausedStatuses ?? PAUSED_STATUSES);
  const changes = input.changes
    .map((change, i) => ({ at: instantOf(change.at, `changes[${i}].at`), status: change.status }))
    .filter((change) => change.at <= now)
    .sort((a, b) => a.at - b.at);

  let cursor = startedAt;
  let paused = false;
  let elapsed = 0;
  let reachedAt: number | null = null;
  const runUntil = (to: number) => {
    if (paused || to <= cursor) return;
    const spent = businessMsBetween(calendar, cursor, to);
    if (reachedAt === null && elapsed + spent >= target) reachedAt = addBusinessMs(calendar, cursor, target - elapsed);
    elapsed += spent;
  };
  for (const change of changes) {
    runUntil(change.at);
    cursor = Math.max(cursor, change.at);
    paused = pausing.has(change.status);
  }
  runUntil(now);

  const remaining = target - elapsed;
  const dueAt = reachedAt ?? (paused ? null : addBusinessMs(calendar, Math.max(now, startedAt), remaining));
  return {
    elapsedSeconds: elapsed / 1000,
    remainingSeconds: remaining / 1000,
    paused,
    breached: remaining <= 0,
    dueAt: dueAt === null ? null : new Date(dueAt),
  };
}
