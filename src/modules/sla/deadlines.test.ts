import { describe, expect, it } from 'vitest';
import { ALWAYS_OPEN, type Calendar, type TimeWindow } from './calendar.ts';
import { addBusinessSeconds, businessSecondsBetween, deadlineFromEvents, type StatusChange } from './deadlines.ts';
import { withChinaHolidays } from './holidays-cn.ts';

const HOUR = 3600;
const officeHours: TimeWindow[] = [
  { start: '09:00', end: '12:00' },
  { start: '13:00', end: '18:00' },
];
/** Mon–Fri 09:00–12:00 and 13:00–18:00 in Shanghai, with China's 2025 and 2026 holidays. */
const office: Calendar = withChinaHolidays(
  { timeZone: 'Asia/Shanghai', week: { 0: [], 1: officeHours, 2: officeHours, 3: officeHours, 4: officeHours, 5: officeHours, 6: [] }, holidays: [], workdays: [] },
  [2025, 2026],
);
/** Shanghai wall time → instant. */
const sh = (local: string) => new Date(`${local.replace(' ', 'T')}:00+08:00`);

describe('addBusinessSeconds on an office calendar in Shanghai', () => {
  it.each([
    ['starts inside working hours', '2026-03-10 10:00', 1 * HOUR, '2026-03-10 11:00'],
    ['skips the lunch break', '2026-03-10 11:30', 1 * HOUR, '2026-03-10 13:30'],
    ['starts before working hours', '2026-03-10 07:00', 0.5 * HOUR, '2026-03-10 09:30'],
    ['starts after working hours and carries over the night', '2026-03-10 19:00', 0.5 * HOUR, '2026-03-11 09:30'],
    ['ends at 18:00 when the target fills the day exactly', '2026-03-10 09:00', 8 * HOUR, '2026-03-10 18:00'],
    ['goes from Friday evening to Monday', '2026-03-13 17:00', 2 * HOUR, '2026-03-16 10:00'],
    ['skips the National Day holiday week (9/30 17:30 + 8h)', '2026-09-30 17:30', 8 * HOUR, '2026-10-08 17:30'],
    ['counts the make-up Saturday 2026-10-10', '2026-10-09 17:00', 2 * HOUR, '2026-10-10 10:00'],
    ['skips holiday weekdays (劳动节 5/1–5/5)', '2026-04-30 17:00', 2 * HOUR, '2026-05-06 10:00'],
    ['counts the make-up Saturday before 春节 2026', '2026-02-13 17:00', 2 * HOUR, '2026-02-14 10:00'],
    ['counts the make-up Sunday before 春节 2025', '2025-01-24 17:00', 2 * HOUR, '2025-01-26 10:00'],
    ['starts on a holiday and waits for the first workday', '2026-10-03 12:00', 1 * HOUR, '2026-10-08 10:00'],
    ['counts seconds, not just hours', '2026-03-10 17:59', 90, '2026-03-11 09:00:30'],
  ])('%s', (_rule, start, seconds, due) => {
    const expected = due.length > 16 ? new Date(`${due.replace(' ', 'T')}+08:00`) : sh(due);
    expect(addBusinessSeconds(office, sh(start), seconds)).toEqual(expected);
  });

  it('returns the start itself for zero seconds, even outside working hours', () => {
    expect(addBusinessSeconds(office, sh('2026-03-14 03:00'), 0)).toEqual(sh('2026-03-14 03:00'));
  });

  it('refuses a negative or non-numeric duration', () => {
    expect(() => addBusinessSeconds(office, sh('2026-03-10 09:00'), -1)).toThrow(/seconds/);
    expect(() => addBusinessSeconds(office, sh('2026-03-10 09:00'), Number.NaN)).toThrow(/seconds/);
    expect(() => addBusinessSeconds(office, new Date('nope'), 1)).toThrow(/start/);
  });

  it('computes 30 days of business seconds in well under a millisecond', () => {
    const start = sh('2026-01-05 09:00');
    const thirtyDays = 30 * 24 * HOUR;
    // 30 × 24h of business time is 90 eight-hour workdays, so the walk crosses 春节 and 清明.
    expect(businessSecondsBetween(office, start, addBusinessSeconds(office, start, thirtyDays))).toBe(thirtyDays);
    const runs = 200;
    const began = performance.now();
    for (let i = 0; i < runs; i++) addBusinessSeconds(office, start, thirtyDays);
    expect((performance.now() - began) / runs).toBeLessThan(0.5);
  });
});

describe('businessSecondsBetween', () => {
  it.each([
    ['a plain week is 5 × 8 hours', '2026-03-09 00:00', '2026-03-16 00:00', 40 * HOUR],
    ['National Day fortnight: 9/28–9/30, 10/8–10/10 work', '2026-09-28 00:00', '2026-10-12 00:00', 6 * 8 * HOUR],
    ['the lunch break does not count', '2026-03-10 11:00', '2026-03-10 14:00', 2 * HOUR],
    ['nothing when the end is before the start', '2026-03-10 14:00', '2026-03-10 11:00', 0],
    ['nothing over a holiday', '2026-10-01 00:00', '2026-10-08 00:00', 0],
  ])('%s', (_rule, from, to, seconds) => {
    expect(businessSecondsBetween(office, sh(from), sh(to))).toBe(seconds);
  });

  it.each([
    ['2026-03-10 10:17', 1],
    ['2026-03-13 18:30', 5 * HOUR + 7],
    ['2026-09-29 11:59', 3 * 8 * HOUR],
    ['2025-12-31 16:00', 40 * HOUR],
  ])('undoes addBusinessSeconds from %s + %ss', (start, seconds) => {
    const due = addBusinessSeconds(office, sh(start), seconds);
    expect(businessSecondsBetween(office, sh(start), due)).toBe(seconds);
  });
});

describe('24×7 calendars', () => {
  it.each([
    ['2026-09-30 17:30', 8 * HOUR],
    ['2026-02-14 23:59', 3 * 24 * HOUR + 1],
    ['2026-03-14 03:00', 0],
  ])('add plain elapsed time from %s, holidays and nights included', (start, seconds) => {
    expect(addBusinessSeconds(ALWAYS_OPEN, sh(start), seconds)).toEqual(new Date(sh(start).getTime() + seconds * 1000));
    expect(businessSecondsBetween(ALWAYS_OPEN, sh(start), new Date(sh(start).getTime() + seconds * 1000))).toBe(seconds);
  });
});

describe('a zone with daylight saving time (Europe/Berlin, clocks change 2026-03-29 and 2026-10-25)', () => {
  const berlinDays = (windows: TimeWindow[], days: number[]): Calendar => ({
    timeZone: 'Europe/Berlin',
    week: { 0: [], 1: [], 2: [], 3: [], 4: [], 5: [], 6: [], ...Object.fromEntries(days.map((day) => [day, windows])) },
    holidays: [],
    workdays: [],
  });
  const nineToFive = berlinDays([{ start: '09:00', end: '17:00' }], [1, 2, 3, 4, 5]);

  it('opens Monday at 09:00 summer time after a Friday in winter time', () => {
    // Friday 16:00 CET is 15:00Z; Monday 10:00 CEST is 08:00Z.
    expect(addBusinessSeconds(nineToFive, new Date('2026-03-27T15:00:00Z'), 2 * HOUR)).toEqual(new Date('2026-03-30T08:00:00Z'));
  });

  it.each([
    ['the spring-forward night 01:00–04:00 holds two real hours', '01:00', '04:00', '2026-03-29', 2 * HOUR],
    ['a whole spring-forward Sunday holds 23 hours', '00:00', '24:00', '2026-03-29', 23 * HOUR],
    ['a window starting in the skipped hour starts at 03:30 summer time', '02:30', '05:00', '2026-03-29', 1.5 * HOUR],
    ['the fall-back night 01:00–04:00 holds four real hours', '01:00', '04:00', '2026-10-25', 4 * HOUR],
    ['an ordinary Sunday 01:00–04:00 holds three hours', '01:00', '04:00', '2026-03-22', 3 * HOUR],
  ])('%s', (_rule, start, end, sunday, seconds) => {
    const sundays = berlinDays([{ start, end }], [0]);
    const day = new Date(`${sunday}T00:00:00Z`).getTime();
    // The whole Sunday lies inside [day − 1d, day + 2d] whatever the offset.
    expect(businessSecondsBetween(sundays, new Date(day - 86_400_000), new Date(day + 2 * 86_400_000))).toBe(seconds);
  });

  it('ends a summer-time deadline at the right instant', () => {
    const sundays = berlinDays([{ start: '01:00', end: '04:00' }], [0]);
    // 01:00 CET = 00:00Z; after 1.5h of real time it is 01:30Z = 03:30 CEST.
    expect(addBusinessSeconds(sundays, new Date('2026-03-28T12:00:00Z'), 1.5 * HOUR)).toEqual(new Date('2026-03-29T01:30:00Z'));
  });
});

describe('deadlineFromEvents', () => {
  const created = sh('2026-03-10 09:00');
  const hold = (at: string): StatusChange => ({ at: sh(at), status: 'on_hold' });
  const resume = (at: string): StatusChange => ({ at: sh(at), status: 'in_progress' });
  const clock = (targetSeconds: number, changes: StatusChange[], now: string, calendar: Calendar = office) =>
    deadlineFromEvents({ calendar, targetSeconds, startedAt: created, changes, now: sh(now) });

  it('runs from creation when nothing pauses it', () => {
    expect(clock(8 * HOUR, [], '2026-03-10 10:00')).toEqual({
      elapsedSeconds: HOUR, remainingSeconds: 7 * HOUR, paused: false, breached: false, dueAt: sh('2026-03-10 18:00'),
    });
  });

  it('excludes the time on hold: a day on hold moves the deadline a day', () => {
    const changes = [hold('2026-03-10 10:00'), resume('2026-03-11 10:00')];
    expect(clock(8 * HOUR, changes, '2026-03-11 11:00')).toEqual({
      elapsedSeconds: 2 * HOUR, remainingSeconds: 6 * HOUR, paused: false, breached: false, dueAt: sh('2026-03-11 18:00'),
    });
  });

  it('has no due time while on hold, and keeps the remaining time', () => {
    expect(clock(8 * HOUR, [hold('2026-03-10 10:00')], '2026-03-12 15:00')).toEqual({
      elapsedSeconds: HOUR, remainingSeconds: 7 * HOUR, paused: true, breached: false, dueAt: null,
    });
  });

  it('derives the same held time whatever the target, so a policy change loses nothing', () => {
    const changes = [hold('2026-03-10 10:00'), resume('2026-03-11 10:00')];
    const strict = clock(4 * HOUR, changes, '2026-03-11 10:30');
    const lenient = clock(8 * HOUR, changes, '2026-03-11 10:30');
    expect(strict.elapsedSeconds).toBe(1.5 * HOUR);
    expect(lenient.elapsedSeconds).toBe(1.5 * HOUR);
    expect(strict.dueAt).toEqual(sh('2026-03-11 14:00'));
    expect(lenient.dueAt).toEqual(sh('2026-03-11 18:00'));
  });

  it('reports a breach at the instant the target was reached, even when held afterwards', () => {
    expect(clock(2 * HOUR, [], '2026-03-10 14:00')).toEqual({
      elapsedSeconds: 4 * HOUR, remainingSeconds: -2 * HOUR, paused: false, breached: true, dueAt: sh('2026-03-10 11:00'),
    });
    expect(clock(2 * HOUR, [hold('2026-03-10 13:30')], '2026-03-12 09:00')).toMatchObject({
      elapsedSeconds: 3.5 * HOUR, paused: true, breached: true, dueAt: sh('2026-03-10 11:00'),
    });
  });

  it('reads changes in time order and ignores those after now', () => {
    const changes = [resume('2026-03-10 14:00'), hold('2026-03-10 13:00'), hold('2026-03-10 16:00'), resume('2026-03-10 17:00')];
    // Runs 09–12 (3h), held 13–14, runs 14–16 (2h); the hold at 16:00 is still in the future.
    expect(clock(8 * HOUR, changes, '2026-03-10 15:59').elapsedSeconds).toBe(3 * HOUR + 119 * 60);
    expect(clock(8 * HOUR, changes, '2026-03-10 18:00')).toMatchObject({ elapsedSeconds: 6 * HOUR, dueAt: sh('2026-03-11 11:00') });
  });

  it('pauses only for the statuses it is told pause', () => {
    const changes = [{ at: sh('2026-03-10 10:00'), status: 'waiting_parts' }];
    const input = { calendar: office, targetSeconds: 8 * HOUR, startedAt: created, changes, now: sh('2026-03-10 12:00') };
    expect(deadlineFromEvents(input).elapsedSeconds).toBe(3 * HOUR);
    expect(deadlineFromEvents({ ...input, pausedStatuses: ['waiting_parts'] }).elapsedSeconds).toBe(HOUR);
  });

  it('on a 24×7 calendar, holding over a weekend adds exactly the held time', () => {
    const changes = [hold('2026-03-13 09:00'), resume('2026-03-16 09:00')];
    const result = deadlineFromEvents({ calendar: ALWAYS_OPEN, targetSeconds: 4 * HOUR, startedAt: sh('2026-03-13 08:00'), changes, now: sh('2026-03-16 09:30') });
    expect(result).toMatchObject({ elapsedSeconds: 1.5 * HOUR, dueAt: sh('2026-03-16 12:00') });
  });

  it('refuses a negative target', () => {
    expect(() => clock(-1, [], '2026-03-10 10:00')).toThrow(/targetSeconds/);
  });
});
