import { describe, expect, it } from 'vitest';
import { endOfQuietHours, isQuietMinute, parseQuietHours } from './quiet-hours.ts';

const night = { startMinute: 22 * 60, endMinute: 8 * 60 };
const lunch = { startMinute: 12 * 60, endMinute: 13 * 60 + 30 };

describe('quiet hours', () => {
  it.each([
    ['21:59', false], ['22:00', true], ['23:30', true], ['00:00', true], ['07:59', true], ['08:00', false], ['12:00', false],
  ])('22:00-08:00 wraps past midnight: %s is quiet: %s', (time, quiet) => {
    const [hour, minute] = time.split(':').map(Number);
    expect(isQuietMinute(hour * 60 + minute, night)).toBe(quiet);
  });

  it('12:00-13:30 is a window within one day', () => {
    expect([11 * 60 + 59, 12 * 60, 13 * 60 + 29, 13 * 60 + 30].map((minute) => isQuietMinute(minute, lunch))).toEqual([false, true, true, false]);
  });

  it.each([
    ['2026-11-24T15:00:00Z', '2026-11-25T00:00:00.000Z', '23:00 in Shanghai waits for 08:00 the next morning'],
    ['2026-11-24T16:30:45.123Z', '2026-11-25T00:00:00.000Z', '00:30:45 waits for 08:00 sharp'],
    ['2026-11-24T23:59:30Z', '2026-11-25T00:00:00.000Z', '07:59:30 waits half a minute'],
    ['2026-11-25T00:00:00Z', '2026-11-25T00:00:00.000Z', '08:00 goes at once'],
    ['2026-11-24T13:59:00Z', '2026-11-24T13:59:00.000Z', '21:59 goes at once'],
  ])('in Asia/Shanghai, %s is sent at %s (%s)', (now, expected) => {
    expect(endOfQuietHours(new Date(now), night, 'Asia/Shanghai').toISOString()).toBe(expected);
  });

  it('goes at once without quiet hours', () => {
    const now = new Date('2026-11-24T15:00:00Z');
    expect(endOfQuietHours(now, null, 'Asia/Shanghai')).toBe(now);
  });

  it('ends at the local time on the night the clocks go back, not merely so many minutes later', () => {
    // New York, 1 Nov 2026: 01:30 EDT (05:30Z); the clocks go back at 02:00, so 09:00 is EST (14:00Z).
    expect(endOfQuietHours(new Date('2026-11-01T05:30:00Z'), { startMinute: 60, endMinute: 9 * 60 }, 'America/New_York').toISOString())
      .toBe('2026-11-01T14:00:00.000Z');
  });

  it('reads HH:MM from a request, naming the field when a time is wrong', () => {
    expect(parseQuietHours({ start: '22:00', end: '08:00' })).toEqual(night);
    expect(parseQuietHours(null)).toBeNull();
    expect(() => parseQuietHours({ start: '24:00', end: '08:00' })).toThrow('quietHours.start must be a time of day as HH:MM');
    expect(() => parseQuietHours({ start: '22:00', end: '8am' })).toThrow('quietHours.end must be a time of day as HH:MM');
    expect(() => parseQuietHours({ start: '22:00', end: '22:00' })).toThrow('must differ');
  });
});
