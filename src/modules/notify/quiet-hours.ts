/**
 * Quiet hours: a window of the day, in the tenant's time zone, when a person's phone and mailbox
 * are left alone. A delivery that falls inside waits for the window's end; urgent ones do not.
 * Pure.
 */
import { AppError } from '../../platform/errors.ts';
import { minuteOfDay, parseMinuteOfDay, wallClock } from './zoned-time.ts';

export interface QuietHours {
  /** Minutes since local midnight, 0-1439. start > end wraps past midnight (22:00-08:00). */
  startMinute: number;
  endMinute: number;
}

const DAY_MINUTES = 24 * 60;

/** Whether a minute of the day is inside the window; the end minute itself is not. */
export function isQuietMinute(minute: number, quiet: QuietHours): boolean {
  const { startMinute, endMinute } = quiet;
  if (startMinute === endMinute) return false;
  return startMinute < endMinute
    ? minute >= startMinute && minute < endMinute
    : minute >= startMinute || minute < endMinute;
}

/**
 * The first instant at or after `now` when the person may be disturbed: `now` itself outside
 * the window, else the local end of the window (on a day when the clocks change, the instant
 * whose local time is the end, not merely so many minutes later).
 */
export function endOfQuietHours(now: Date, quiet: QuietHours | null, timeZone: string): Date {
  if (!quiet) return now;
  const local = minuteOfDay(now, timeZone);
  if (!isQuietMinute(local, quiet)) return now;
  const minutesLeft = (quiet.endMinute - local + DAY_MINUTES) % DAY_MINUTES;
  const startOfMinute = now.getTime() - wallClock(now, timeZone).second * 1000 - now.getUTCMilliseconds();
  let end = startOfMinute + minutesLeft * 60_000;
  // A daylight-saving change inside the window moves the local clock; correct by the difference.
  const drift = ((quiet.endMinute - minuteOfDay(new Date(end), timeZone) + DAY_MINUTES + DAY_MINUTES / 2) % DAY_MINUTES) - DAY_MINUTES / 2;
  end += drift * 60_000;
  return new Date(end);
}

/** An API body's quiet hours ({start: "22:00", end: "08:00"} or null), checked; throws invalid_input naming the field. */
export function parseQuietHours(input: { start: string; end: string } | null): QuietHours | null {
  if (input === null) return null;
  const startMinute = parseMinuteOfDay(input.start);
  if (startMinute === undefined) throw invalidTime('quietHours.start', input.start);
  const endMinute = parseMinuteOfDay(input.end);
  if (endMinute === undefined) throw invalidTime('quietHours.end', input.end);
  if (startMinute === endMinute) {
    throw new AppError('invalid_input', 'quietHours.start and quietHours.end must differ; send quietHours: null for none.', { field: 'quietHours' });
  }
  return { startMinute, endMinute };
}

const invalidTime = (field: string, value: string) =>
  new AppError('invalid_input', `${field} must be a time of day as HH:MM, from 00:00 to 23:59; got "${value}".`, { field });
