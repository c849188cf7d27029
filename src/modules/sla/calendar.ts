/**
 * Business calendars: when a tenant works. Working hours per weekday, holidays, make-up
 * workdays (调休) and a time zone. Pure data and pure functions; the deadline math lives in
 * deadlines.ts.
 *
 * All times are local wall times in the calendar's zone. A window runs from `start` up to, not
 * including, `end`; `end` may be '24:00' so that a day can run to midnight. A window never
 * crosses midnight: a night shift is two windows, 22:00–24:00 and 00:00–06:00 the next day.
 */
import { AppError } from '../../platform/errors.ts';

/** Sunday = 0 … Saturday = 6, as Date#getUTCDay counts. */
export type Weekday = 0 | 1 | 2 | 3 | 4 | 5 | 6;

/** Local wall times 'HH:MM'; `end` may be '24:00'. */
export interface TimeWindow {
  start: string;
  end: string;
}

export interface Calendar {
  /** IANA zone, e.g. 'Asia/Shanghai'. */
  timeZone: string;
  week: Record<Weekday, readonly TimeWindow[]>;
  /** Local dates (YYYY-MM-DD) with no work, whatever their weekday. */
  holidays: readonly string[];
  /** Make-up workdays (调休上班): local dates that work with `makeUpHours`, even on a weekend. */
  workdays: readonly string[];
  /** Hours on a make-up workday; by default those of the first open weekday from Monday on. */
  makeUpHours?: readonly TimeWindow[];
}

export const DEFAULT_TIME_ZONE = 'Asia/Shanghai';
export const WEEKDAYS: readonly Weekday[] = [0, 1, 2, 3, 4, 5, 6];

const allDay: readonly TimeWindow[] = [{ start: '00:00', end: '24:00' }];

/** 24×7: for emergency SLAs, where the clock never stops for nights, weekends or holidays. */
export const ALWAYS_OPEN: Calendar = {
  timeZone: DEFAULT_TIME_ZONE,
  week: { 0: allDay, 1: allDay, 2: allDay, 3: allDay, 4: allDay, 5: allDay, 6: allDay },
  holidays: [],
  workdays: [],
};

const TIME = /^(?:([01]\d|2[0-3]):([0-5]\d)|24:00)$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_MS = 86_400_000;

/** Minutes after local midnight for 'HH:MM', or null when it is not a valid time. */
export function parseTime(text: unknown): number | null {
  if (typeof text !== 'string') return null;
  const match = TIME.exec(text);
  if (!match) return null;
  return match[1] === undefined ? 24 * 60 : Number(match[1]) * 60 + Number(match[2]);
}

/** Days since 1970-01-01 for a real calendar date 'YYYY-MM-DD', or null. */
export function parseDay(text: unknown): number | null {
  if (typeof text !== 'string') return null;
  const match = DATE.exec(text);
  if (!match) return null;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const ms = Date.UTC(year, month - 1, day);
  const back = new Date(ms);
  // Date.UTC rolls 02-30 over into March; a date that does not come back unchanged is not real.
  if (back.getUTCFullYear() !== year || back.getUTCMonth() !== month - 1 || back.getUTCDate() !== day) return null;
  return ms / DAY_MS;
}

export const formatDay = (dayNumber: number): string => new Date(dayNumber * DAY_MS).toISOString().slice(0, 10);

export const weekdayOf = (dayNumber: number): Weekday => new Date(dayNumber * DAY_MS).getUTCDay() as Weekday;

const invalid = (field: string, message: string) => new AppError('invalid_input', `${field}: ${message}`, { field });

function isKnownTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

function validateWindows(value: unknown, field: string): TimeWindow[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw invalid(field, 'must be a list of {start, end} windows.');
  const windows = value.map((window: unknown, index) => {
    const at = `${field}[${index}]`;
    const { start, end } = (window ?? {}) as { start?: unknown; end?: unknown };
    const from = parseTime(start);
    const to = parseTime(end);
    if (from === null || from === 24 * 60) throw invalid(`${at}.start`, `"${String(start)}" is not a time HH:MM.`);
    if (to === null) throw invalid(`${at}.end`, `"${String(end)}" is not a time HH:MM (24:00 allowed).`);
    if (to <= from) throw invalid(`${at}.end`, `${end} is not after the start ${start}.`);
    return { start: start as string, end: end as string, from, to };
  });
  windows.sort((a, b) => a.from - b.from);
  for (let i = 1; i < windows.length; i++) {
    const [before, after] = [windows[i - 1], windows[i]];
    if (after.from < before.to) {
      throw invalid(field, `windows ${before.start}–${before.end} and ${after.start}–${after.end} overlap.`);
    }
  }
  return windows.map(({ start, end }) => ({ start, end }));
}

function validateDays(value: unknown, field: string): string[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw invalid(field, 'must be a list of dates YYYY-MM-DD.');
  value.forEach((day, index) => {
    if (parseDay(day) === null) throw invalid(`${field}[${index}]`, `"${String(day)}" is not a date YYYY-MM-DD.`);
  });
  return [...new Set(value as string[])].sort();
}

/**
 * Checks an admin's calendar and returns it normalized (windows sorted, dates sorted and
 * unique, missing weekdays closed, time zone defaulting to Asia/Shanghai). A calendar that
 * cannot work is refused with `invalid_input`, the message and `details.field` naming the field.
 */
export function validateCalendar(input: unknown): Calendar {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw invalid('calendar', 'must be an object with timeZone, week, holidays and workdays.');
  }
  const raw = input as Record<string, unknown>;

  const timeZone = raw.timeZone ?? DEFAULT_TIME_ZONE;
  if (typeof timeZone !== 'string' || !isKnownTimeZone(timeZone)) {
    throw invalid('timeZone', `"${String(timeZone)}" is not a known IANA time zone such as Asia/Shanghai.`);
  }

  const rawWeek = raw.week ?? {};
  if (typeof rawWeek !== 'object' || rawWeek === null || Array.isArray(rawWeek)) {
    throw invalid('week', 'must map weekdays 0 (Sunday) to 6 (Saturday) to their windows.');
  }
  for (const key of Object.keys(rawWeek)) {
    if (!/^[0-6]$/.test(key)) throw invalid(`week.${key}`, 'weekdays are 0 (Sunday) to 6 (Saturday).');
  }
  const days = rawWeek as Record<string, unknown>;
  const [sun, mon, tue, wed, thu, fri, sat] = WEEKDAYS.map((day) => validateWindows(days[day], `week.${day}`));
  const week: Calendar['week'] = { 0: sun, 1: mon, 2: tue, 3: wed, 4: thu, 5: fri, 6: sat };

  const holidays = validateDays(raw.holidays, 'holidays');
  const workdays = validateDays(raw.workdays, 'workdays');
  const both = workdays.find((day) => holidays.includes(day));
  if (both) throw invalid(`workdays[${workdays.indexOf(both)}]`, `${both} is also listed as a holiday.`);

  const makeUpHours = raw.makeUpHours === undefined ? undefined : validateWindows(raw.makeUpHours, 'makeUpHours');
  const weekIsClosed = WEEKDAYS.every((day) => week[day].length === 0);
  if (weekIsClosed && workdays.length === 0) {
    throw invalid('week', 'the calendar has no working hours; give at least one weekday a window.');
  }
  if (workdays.length > 0 && makeUpWindows({ week, makeUpHours }).length === 0) {
    throw invalid('makeUpHours', 'make-up workdays are listed but have no hours; give makeUpHours a window.');
  }

  return { timeZone, week, holidays, workdays, ...(makeUpHours ? { makeUpHours } : {}) };
}

/** The windows a make-up workday works: its own, or the first open weekday's from Monday on. */
export function makeUpWindows(calendar: Pick<Calendar, 'week' | 'makeUpHours'>): readonly TimeWindow[] {
  if (calendar.makeUpHours) return calendar.makeUpHours;
  const firstOpen = ([1, 2, 3, 4, 5, 6, 0] as const).find((day) => calendar.week[day].length > 0);
  return firstOpen === undefined ? [] : calendar.week[firstOpen];
}

/** A calendar prepared for the deadline walk: windows in minutes, dates as day numbers. */
export interface CompiledCalendar {
  timeZone: string;
  /** Every day is 00:00–24:00 with no holidays: business time is plain elapsed time. */
  alwaysOpen: boolean;
  /** Working windows [from, to) in minutes after local midnight for a local day number. */
  windowsOn(dayNumber: number): readonly (readonly [number, number])[];
  /** The last day that can ever work when no weekday is open (only make-up days), else null. */
  lastWorkingDay: number | null;
}

const compiled = new WeakMap<Calendar, CompiledCalendar>();

const toMinutes = (windows: readonly TimeWindow[]) =>
  windows.map((window) => [parseTime(window.start) ?? 0, parseTime(window.end) ?? 0] as const);

/** Compiles once per calendar object; calendars are treated as immutable values. */
export function compileCalendar(calendar: Calendar): CompiledCalendar {
  const cached = compiled.get(calendar);
  if (cached) return cached;
  const week = WEEKDAYS.map((day) => toMinutes(calendar.week[day] ?? []));
  const makeUp = toMinutes(makeUpWindows(calendar));
  const holidays = new Set(calendar.holidays.map(parseDay));
  const workdays = new Set(calendar.workdays.map(parseDay));
  const weekIsClosed = week.every((windows) => windows.length === 0);
  const result: CompiledCalendar = {
    timeZone: calendar.timeZone,
    alwaysOpen: holidays.size === 0 && week.every((w) => w.length === 1 && w[0][0] === 0 && w[0][1] === 24 * 60),
    windowsOn(dayNumber) {
      if (holidays.has(dayNumber)) return [];
      if (workdays.has(dayNumber)) return makeUp;
      return week[weekdayOf(dayNumber)];
    },
    lastWorkingDay: weekIsClosed ? Math.max(-Infinity, ...[...workdays].map((day) => day ?? -Infinity)) : null,
  };
  compiled.set(calendar, result);
  return result;
}
