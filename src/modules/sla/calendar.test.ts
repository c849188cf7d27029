import { describe, expect, it } from 'vitest';
import { AppError } from '../../platform/errors.ts';
import { ALWAYS_OPEN, makeUpWindows, validateCalendar } from './calendar.ts';

const workday = [{ start: '09:00', end: '12:00' }, { start: '13:00', end: '18:00' }];
const weekdays = { 1: workday, 2: workday, 3: workday, 4: workday, 5: workday };

function refusal(input: unknown): AppError {
  try {
    validateCalendar(input);
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('the calendar was accepted');
}

describe('validateCalendar refuses a calendar that cannot work, naming the field', () => {
  it.each([
    ['no working hours at all', { week: {} }, 'week', /no working hours/],
    ['a window whose end is before its start', { week: { 1: [{ start: '18:00', end: '09:00' }] } }, 'week.1[0].end', /not after the start 18:00/],
    ['a window whose end equals its start', { week: { 2: [{ start: '09:00', end: '09:00' }] } }, 'week.2[0].end', /not after/],
    ['overlapping windows on one day', { week: { 3: [{ start: '13:00', end: '18:00' }, { start: '09:00', end: '13:30' }] } }, 'week.3', /09:00–13:30 and 13:00–18:00 overlap/],
    ['a time without two-digit hours', { week: { 1: [{ start: '9:00', end: '12:00' }] } }, 'week.1[0].start', /HH:MM/],
    ['an hour past 24', { week: { 1: [{ start: '09:00', end: '25:00' }] } }, 'week.1[0].end', /HH:MM/],
    ['a start at 24:00', { week: { 1: [{ start: '24:00', end: '24:00' }] } }, 'week.1[0].start', /HH:MM/],
    ['a missing end', { week: { 1: [{ start: '09:00' }] } }, 'week.1[0].end', /HH:MM/],
    ['a weekday that does not exist', { week: { ...weekdays, 7: workday } }, 'week.7', /0 \(Sunday\) to 6/],
    ['an unknown time zone', { timeZone: 'Mars/Olympus_Mons', week: weekdays }, 'timeZone', /Mars\/Olympus_Mons/],
    ['a holiday not written YYYY-MM-DD', { week: weekdays, holidays: ['2026/10/01'] }, 'holidays[0]', /YYYY-MM-DD/],
    ['a holiday that is not a real date', { week: weekdays, holidays: ['2026-10-01', '2026-02-30'] }, 'holidays[1]', /2026-02-30/],
    ['a make-up workday not written YYYY-MM-DD', { week: weekdays, workdays: [20261010] }, 'workdays[0]', /YYYY-MM-DD/],
    ['a day both holiday and make-up workday', { week: weekdays, holidays: ['2026-10-01'], workdays: ['2026-10-01'] }, 'workdays[0]', /also listed as a holiday/],
    ['make-up workdays with no hours to work', { week: {}, workdays: ['2026-10-10'] }, 'makeUpHours', /no hours/],
    ['a list where windows belong', { week: { 1: '09:00-18:00' } }, 'week.1', /list/],
    ['something that is not an object', 'always', 'calendar', /object/],
  ])('%s', (_rule, input, field, message) => {
    const error = refusal(input);
    expect(error.code).toBe('invalid_input');
    expect(error.status).toBe(400);
    expect(error.details).toEqual({ field });
    expect(error.message).toMatch(new RegExp(`^${field.replace(/[.[\]]/g, '\\$&')}: `));
    expect(error.message).toMatch(message);
  });
});

describe('validateCalendar accepts a working calendar and normalizes it', () => {
  it('defaults to Asia/Shanghai, closes missing weekdays, sorts windows and dates', () => {
    const calendar = validateCalendar({
      week: { 1: [{ start: '13:00', end: '18:00' }, { start: '09:00', end: '12:00' }] },
      holidays: ['2026-10-02', '2026-10-01', '2026-10-02'],
    });
    expect(calendar).toEqual({
      timeZone: 'Asia/Shanghai',
      week: { 0: [], 1: workday, 2: [], 3: [], 4: [], 5: [], 6: [] },
      holidays: ['2026-10-01', '2026-10-02'],
      workdays: [],
    });
  });

  it('accepts windows that touch, a day that runs to 24:00, and a DST zone', () => {
    const calendar = validateCalendar({ timeZone: 'Europe/Berlin', week: { 5: [{ start: '08:00', end: '12:00' }, { start: '12:00', end: '24:00' }] } });
    expect(calendar.week[5]).toHaveLength(2);
  });

  it('accepts the 24×7 calendar as it is', () => {
    expect(validateCalendar(ALWAYS_OPEN)).toEqual(ALWAYS_OPEN);
  });

  it('accepts a calendar that works only on listed make-up days with their own hours', () => {
    const calendar = validateCalendar({ week: {}, workdays: ['2026-10-10'], makeUpHours: [{ start: '10:00', end: '16:00' }] });
    expect(makeUpWindows(calendar)).toEqual([{ start: '10:00', end: '16:00' }]);
  });
});

describe('makeUpWindows', () => {
  it('works a make-up day with Monday hours unless told otherwise', () => {
    const calendar = validateCalendar({ week: { ...weekdays, 1: [{ start: '08:30', end: '17:30' }] }, workdays: ['2026-10-10'] });
    expect(makeUpWindows(calendar)).toEqual([{ start: '08:30', end: '17:30' }]);
  });

  it('falls back to the first open weekday when Monday is closed', () => {
    const calendar = validateCalendar({ week: { 3: workday }, workdays: ['2026-10-10'] });
    expect(makeUpWindows(calendar)).toEqual(workday);
  });
});
