/**
 * The dashboard's periods as calendar days in the tenant's time zone ("today" in Shanghai is
 * not today in UTC until 08:00). Days are YYYY-MM-DD strings, both ends included; the SQL turns
 * them into instants with the time zone, so a day is always the tenant's midnight to midnight.
 * Pure: the caller passes today.
 */
import { AppError } from '../../platform/errors.ts';

/** Local calendar days, first to last, both included. */
export interface DayRange {
  from: string;
  to: string;
}

export interface PeriodQuery {
  days?: number;
  from?: string;
  to?: string;
}

/** Days the trend charts (backlog, first response) cover by default: a week. */
export const TREND_DAYS = 7;
/** Days the fault-type ranking covers by default: a month gives enough tickets to rank. */
export const FAULT_TYPE_DAYS = 30;
/** The longest period asked for: a year of days is still one chart. */
export const MAX_DAYS = 366;

const DAY_MS = 24 * 3600 * 1000;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Calendar arithmetic on UTC midnights: a day here is a date, not an instant. */
function toEpochDay(day: string, field: string): number {
  const match = DATE.exec(day);
  const at = match ? Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])) : Number.NaN;
  if (!match || Number.isNaN(at) || new Date(at).toISOString().slice(0, 10) !== day) {
    throw new AppError('invalid_input', `${field} must be a date such as 2026-11-24.`, { field });
  }
  return at / DAY_MS;
}

const fromEpochDay = (epochDay: number) => new Date(epochDay * DAY_MS).toISOString().slice(0, 10);

/** YYYYMMDD (as localDay gives it) to YYYY-MM-DD. */
export const isoDay = (compact: string) => `${compact.slice(0, 4)}-${compact.slice(4, 6)}-${compact.slice(6, 8)}`;

/** The `count` days ending with `last`. */
export function lastDays(last: string, count: number): DayRange {
  return { from: fromEpochDay(toEpochDay(last, 'to') - count + 1), to: last };
}

/**
 * The periods of the dashboard's charts. Without a query each chart takes its default (the
 * week for trends, the month for fault types, both ending today); `days` or `from`/`to` set
 * one period for all of them.
 */
export function dashboardPeriods(today: string, query: PeriodQuery): { trend: DayRange; faultTypes: DayRange } {
  const explicit = query.from !== undefined || query.to !== undefined;
  if (explicit && query.days !== undefined) {
    throw new AppError('invalid_input', 'Give either days or from and to, not both.', { field: 'days' });
  }
  if (query.days !== undefined) {
    if (!Number.isInteger(query.days) || query.days < 1 || query.days > MAX_DAYS) {
      throw new AppError('invalid_input', `days must be a whole number from 1 to ${MAX_DAYS}.`, { field: 'days' });
    }
    const range = lastDays(today, query.days);
    return { trend: range, faultTypes: range };
  }
  if (explicit) {
    if (query.from === undefined || query.to === undefined) {
      throw new AppError('invalid_input', 'from and to go together: give both, or neither.', { field: query.from === undefined ? 'from' : 'to' });
    }
    const first = toEpochDay(query.from, 'from');
    const last = toEpochDay(query.to, 'to');
    if (first > last) throw new AppError('invalid_input', 'from must not be after to.', { field: 'from' });
    if (last - first + 1 > MAX_DAYS) throw new AppError('invalid_input', `A period is at most ${MAX_DAYS} days.`, { field: 'from' });
    const range = { from: query.from, to: query.to };
    return { trend: range, faultTypes: range };
  }
  return { trend: lastDays(today, TREND_DAYS), faultTypes: lastDays(today, FAULT_TYPE_DAYS) };
}
