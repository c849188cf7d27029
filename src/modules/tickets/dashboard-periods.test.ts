import { describe, expect, it } from 'vitest';
import { dashboardPeriods, lastDays } from './dashboard-periods.ts';

describe('dashboard periods', () => {
  it('defaults to the week for trends and the month for fault types, both ending today', () => {
    expect(dashboardPeriods('2026-03-02', {})).toEqual({
      trend: { from: '2026-02-24', to: '2026-03-02' }, faultTypes: { from: '2026-02-01', to: '2026-03-02' },
    });
  });

  it('sets one period for every chart from days or from/to', () => {
    expect(dashboardPeriods('2026-01-01', { days: 1 })).toEqual({ trend: { from: '2026-01-01', to: '2026-01-01' }, faultTypes: { from: '2026-01-01', to: '2026-01-01' } });
    expect(dashboardPeriods('2026-11-24', { from: '2024-02-28', to: '2024-03-01' }).trend).toEqual({ from: '2024-02-28', to: '2024-03-01' });
    expect(lastDays('2024-03-01', 3)).toEqual({ from: '2024-02-28', to: '2024-03-01' });
  });

  it.each([
    [{ days: 0 }, 'days'], [{ days: 367 }, 'days'], [{ days: 1.5 }, 'days'], [{ from: '2026-11-01' }, 'to'], [{ to: '2026-11-01' }, 'from'],
    [{ from: '2026-11-02', to: '2026-11-01' }, 'from'], [{ from: '2025-02-29', to: '2025-03-01' }, 'from'], [{ from: '2026-1-1', to: '2026-01-02' }, 'from'],
    [{ from: '2024-01-01', to: '2025-01-01' }, 'from'], [{ days: 3, from: '2026-11-01', to: '2026-11-02' }, 'days'],
  ])('refuses %o, naming %s', (query, field) => {
    expect(() => dashboardPeriods('2026-11-24', query)).toThrow(expect.objectContaining({ code: 'invalid_input', details: { field } }));
  });
});
