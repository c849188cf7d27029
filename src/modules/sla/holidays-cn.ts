/**
 * China's public holidays and make-up workdays (调休), as the State Council publishes them each
 * year in 《国务院办公厅关于 YYYY 年部分节假日安排的通知》. Only years checked against the
 * published notice are shipped; a year is added when its notice appears (usually November).
 *
 * Sources, checked date by date:
 * - 2025: 国办发明电〔2024〕12号, 2024-11-12 (新华社; e.g. https://m.gmw.cn/2024-11/12/content_1303894933.htm)
 * - 2026: notice of 2025-11-04 (新华社; e.g. https://politics.gmw.cn/2025-11/04/content_38391083.htm)
 */
import { AppError } from '../../platform/errors.ts';
import { formatDay, parseDay, type Calendar } from './calendar.ts';

interface Festival {
  /** zh-CN name as the notice gives it. */
  name: string;
  /** First and last day off, inclusive. */
  off: readonly [string, string];
  /** Make-up workdays (调休上班) that belong to this festival. */
  workdays: readonly string[];
}

const SCHEDULES: Record<number, readonly Festival[]> = {
  2025: [
    { name: '元旦', off: ['2025-01-01', '2025-01-01'], workdays: [] },
    { name: '春节', off: ['2025-01-28', '2025-02-04'], workdays: ['2025-01-26', '2025-02-08'] },
    { name: '清明节', off: ['2025-04-04', '2025-04-06'], workdays: [] },
    { name: '劳动节', off: ['2025-05-01', '2025-05-05'], workdays: ['2025-04-27'] },
    { name: '端午节', off: ['2025-05-31', '2025-06-02'], workdays: [] },
    { name: '国庆节、中秋节', off: ['2025-10-01', '2025-10-08'], workdays: ['2025-09-28', '2025-10-11'] },
  ],
  2026: [
    { name: '元旦', off: ['2026-01-01', '2026-01-03'], workdays: ['2026-01-04'] },
    { name: '春节', off: ['2026-02-15', '2026-02-23'], workdays: ['2026-02-14', '2026-02-28'] },
    { name: '清明节', off: ['2026-04-04', '2026-04-06'], workdays: [] },
    { name: '劳动节', off: ['2026-05-01', '2026-05-05'], workdays: ['2026-05-09'] },
    { name: '端午节', off: ['2026-06-19', '2026-06-21'], workdays: [] },
    { name: '中秋节', off: ['2026-09-25', '2026-09-27'], workdays: [] },
    { name: '国庆节', off: ['2026-10-01', '2026-10-07'], workdays: ['2026-09-20', '2026-10-10'] },
  ],
};

/** The years whose official schedule is shipped, oldest first. */
export const CHINA_HOLIDAY_YEARS: readonly number[] = Object.keys(SCHEDULES).map(Number).sort();

export interface HolidaySchedule {
  /** Every day off, weekends inside a holiday included. */
  holidays: string[];
  /** Make-up workdays (调休上班). */
  workdays: string[];
  festivals: readonly Festival[];
}

function daysFrom([first, last]: readonly [string, string]): string[] {
  const days: string[] = [];
  for (let day = parseDay(first) ?? 0, end = parseDay(last) ?? -1; day <= end; day++) days.push(formatDay(day));
  return days;
}

/** The official schedule of one year; a year not shipped is refused, naming those that are. */
export function chinaHolidays(year: number): HolidaySchedule {
  const festivals = SCHEDULES[year];
  if (!festivals) {
    throw new AppError('invalid_input', `year: China's holiday schedule for ${year} is not available; available years: ${CHINA_HOLIDAY_YEARS.join(', ')}.`, { field: 'year' });
  }
  return {
    holidays: festivals.flatMap((festival) => daysFrom(festival.off)),
    workdays: festivals.flatMap((festival) => [...festival.workdays]).sort(),
    festivals,
  };
}

/** The calendar with the given years' official holidays and make-up workdays added to its own. */
export function withChinaHolidays(calendar: Calendar, years: readonly number[]): Calendar {
  const schedules = years.map(chinaHolidays);
  const merge = (own: readonly string[], more: string[][]) => [...new Set([...own, ...more.flat()])].sort();
  return {
    ...calendar,
    holidays: merge(calendar.holidays, schedules.map((schedule) => schedule.holidays)),
    workdays: merge(calendar.workdays, schedules.map((schedule) => schedule.workdays)),
  };
}
