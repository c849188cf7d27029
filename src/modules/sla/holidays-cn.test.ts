import { describe, expect, it } from 'vitest';
import { validateCalendar, weekdayOf, parseDay } from './calendar.ts';
import { CHINA_HOLIDAY_YEARS, chinaHolidays, withChinaHolidays } from './holidays-cn.ts';

const weekday = (day: string) => weekdayOf(parseDay(day) ?? NaN);
const [SUN, MON, TUE, WED, THU, FRI, SAT] = [0, 1, 2, 3, 4, 5, 6];

describe("China's official holiday schedules", () => {
  it('ships exactly the years checked against the State Council notices', () => {
    expect(CHINA_HOLIDAY_YEARS).toEqual([2025, 2026]);
  });

  it('2025 (国办发明电〔2024〕12号): 28 days off and 5 make-up workdays', () => {
    const { holidays, workdays } = chinaHolidays(2025);
    expect(holidays).toHaveLength(1 + 8 + 3 + 5 + 3 + 8);
    expect(workdays).toEqual(['2025-01-26', '2025-02-08', '2025-04-27', '2025-09-28', '2025-10-11']);
    expect(holidays).toEqual(expect.arrayContaining(['2025-01-01', '2025-01-28', '2025-02-04', '2025-04-04', '2025-05-05', '2025-05-31', '2025-06-02', '2025-10-08']));
    expect(holidays).not.toContain('2025-01-27');
    expect(holidays).not.toContain('2025-10-09');
  });

  it('2026: 33 days off and 6 make-up workdays', () => {
    const { holidays, workdays } = chinaHolidays(2026);
    expect(holidays).toHaveLength(3 + 9 + 3 + 5 + 3 + 3 + 7);
    expect(workdays).toEqual(['2026-01-04', '2026-02-14', '2026-02-28', '2026-05-09', '2026-09-20', '2026-10-10']);
    expect(holidays).toEqual(expect.arrayContaining(['2026-01-03', '2026-02-15', '2026-02-23', '2026-04-06', '2026-06-19', '2026-09-25', '2026-10-07']));
    expect(holidays).not.toContain('2026-10-08');
  });

  // The notices give each boundary date's weekday; a typo in a date would break the match.
  it.each([
    ['2025-01-01', WED], ['2025-01-28', TUE], ['2025-02-04', TUE], ['2025-01-26', SUN], ['2025-02-08', SAT],
    ['2025-04-04', FRI], ['2025-04-06', SUN], ['2025-05-01', THU], ['2025-05-05', MON], ['2025-04-27', SUN],
    ['2025-05-31', SAT], ['2025-06-02', MON], ['2025-10-01', WED], ['2025-10-08', WED], ['2025-09-28', SUN], ['2025-10-11', SAT],
    ['2026-01-01', THU], ['2026-01-03', SAT], ['2026-01-04', SUN], ['2026-02-15', SUN], ['2026-02-23', MON],
    ['2026-02-14', SAT], ['2026-02-28', SAT], ['2026-04-04', SAT], ['2026-04-06', MON], ['2026-05-01', FRI],
    ['2026-05-05', TUE], ['2026-05-09', SAT], ['2026-06-19', FRI], ['2026-06-21', SUN], ['2026-09-25', FRI],
    ['2026-09-27', SUN], ['2026-10-01', THU], ['2026-10-07', WED], ['2026-09-20', SUN], ['2026-10-10', SAT],
  ])('%s falls on the weekday the notice gives', (day, expected) => {
    expect(weekday(day)).toBe(expected);
  });

  it.each(CHINA_HOLIDAY_YEARS)('%i: every make-up workday is a weekend day and no day is both', (year) => {
    const { holidays, workdays } = chinaHolidays(year);
    for (const day of workdays) expect([SAT, SUN]).toContain(weekday(day));
    expect(holidays.filter((day) => workdays.includes(day))).toEqual([]);
    expect(new Set(holidays).size).toBe(holidays.length);
  });

  it('refuses a year that is not shipped, naming the years that are', () => {
    expect(() => chinaHolidays(2024)).toThrow(/2024 is not available; available years: 2025, 2026/);
  });

  it('adds the official days to a calendar that stays valid', () => {
    const own = { timeZone: 'Asia/Shanghai', week: { 0: [], 1: [{ start: '09:00', end: '18:00' }], 2: [], 3: [], 4: [], 5: [], 6: [] }, holidays: ['2026-12-24'], workdays: [] };
    const calendar = withChinaHolidays(own, [2025, 2026]);
    expect(calendar.holidays).toHaveLength(28 + 33 + 1);
    expect(calendar.holidays.at(-1)).toBe('2026-12-24');
    expect(calendar.workdays).toHaveLength(11);
    expect(validateCalendar(calendar)).toEqual(calendar);
  });
});
