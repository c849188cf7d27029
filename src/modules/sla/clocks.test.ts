import { describe, expect, it } from 'vitest';
import { ALWAYS_OPEN, type Calendar, type TimeWindow } from './calendar.ts';
import {
  planTimers, recordedBreaches, slaFieldsOf, statusChangesFrom, ticketClocks, type ClockTicket, type TicketClocks,
} from './clocks.ts';
import type { StatusChange } from './deadlines.ts';
import { withChinaHolidays } from './holidays-cn.ts';
import type { LadderStep } from './policy.ts';

const HOUR = 3600;
const nineToSix: TimeWindow[] = [{ start: '09:00', end: '18:00' }];
/** Mon–Fri 09:00–18:00 in Shanghai with China's 2026 holidays and make-up workdays. */
const office: Calendar = withChinaHolidays(
  { timeZone: 'Asia/Shanghai', week: { 0: [], 1: nineToSix, 2: nineToSix, 3: nineToSix, 4: nineToSix, 5: nineToSix, 6: [] }, holidays: [], workdays: [] },
  [2026],
);
const sh = (local: string) => new Date(`${local.replace(' ', 'T')}:00+08:00`);
const policy = { responseSeconds: 2 * HOUR, resolveSeconds: 16 * HOUR, pausedStatuses: ['on_hold'] };
const change = (at: string, status: string): StatusChange => ({ at: sh(at), status });

function clocksAt(now: string, ticket: Partial<ClockTicket> & { changes: StatusChange[] }, calendar = office): TicketClocks {
  const { changes, ...rest } = ticket;
  const state: ClockTicket = { createdAt: changes[0].at, status: changes.at(-1)!.status, firstRespondedAt: null, ...rest };
  return ticketClocks({ policy, calendar, ticket: state, changes, now: sh(now) });
}

describe('a week with the National Day holidays and a make-up Saturday (2026-09-28 … 10-10)', () => {
  // Reported Wednesday 9/30 at 16:00: two hours that day, then nothing until Thursday 10/8.
  const created = '2026-09-30 16:00';

  it('runs the resolve clock over the holiday week into the make-up Saturday', () => {
    const clocks = clocksAt('2026-09-30 16:30', { changes: [change(created, 'new')] });
    // 16 h: 2 h on 9/30, 9 h on 10/8, 5 h on Friday 10/9, the rest would be 10/10, the make-up Saturday.
    expect(clocks.resolve.dueAt).toEqual(sh('2026-10-09 14:00'));
    expect(clocks.response.dueAt).toEqual(sh('2026-09-30 18:00'));
  });

  it('pauses on hold and resumes with the same remaining time, the deadline moved by the held working time', () => {
    const changes = [
      change(created, 'new'), change('2026-09-30 16:10', 'accepted'), change('2026-09-30 17:00', 'on_hold'),
      change('2026-10-09 10:00', 'in_progress'),
    ];
    const held = clocksAt('2026-10-08 12:00', { changes: changes.slice(0, 3), firstRespondedAt: sh('2026-09-30 16:10') });
    expect(held.resolve).toMatchObject({ paused: true, running: false, elapsedSeconds: HOUR, remainingSeconds: 15 * HOUR, dueAt: null });
    expect(held.response).toMatchObject({ stopped: true, breached: false, elapsedSeconds: 600 });

    const resumed = clocksAt('2026-10-09 10:00', { changes, firstRespondedAt: sh('2026-09-30 16:10') });
    expect(resumed.resolve).toMatchObject({ paused: false, running: true, elapsedSeconds: HOUR, remainingSeconds: 15 * HOUR });
    // 15 h from Friday 10:00: 8 h on Friday, 7 h on the make-up Saturday 10/10 until 16:00.
    expect(resumed.resolve.dueAt).toEqual(sh('2026-10-10 16:00'));
  });

  it('stops the resolve clock while resolved and carries on after a reopen', () => {
    const changes = [change(created, 'in_progress'), change('2026-09-30 17:00', 'resolved'), change('2026-10-09 09:00', 'accepted')];
    const resolved = clocksAt('2026-10-08 12:00', { changes: changes.slice(0, 2) });
    expect(resolved.resolve).toMatchObject({ stopped: true, running: false, elapsedSeconds: HOUR });
    const reopened = clocksAt('2026-10-09 09:00', { changes });
    expect(reopened.resolve).toMatchObject({ stopped: false, running: true, remainingSeconds: 15 * HOUR, dueAt: sh('2026-10-10 15:00') });
  });
});

describe('ticketClocks', () => {
  it('reads the response clock at the first response: time after it does not count', () => {
    const changes = [change('2026-03-10 09:00', 'dispatched')];
    const clocks = clocksAt('2026-03-12 09:00', { changes, firstRespondedAt: sh('2026-03-10 12:00') });
    expect(clocks.response).toMatchObject({ elapsedSeconds: 3 * HOUR, breached: true, stopped: true, dueAt: sh('2026-03-10 11:00') });
    expect(clocks.resolve).toMatchObject({ running: true, elapsedSeconds: 18 * HOUR, breached: true });
  });

  it('on 24×7 is plain elapsed time', () => {
    const clocks = clocksAt('2026-03-14 03:00', { changes: [change('2026-03-14 01:00', 'new')] }, ALWAYS_OPEN);
    expect(clocks.response).toMatchObject({ elapsedSeconds: 2 * HOUR, breached: true, dueAt: sh('2026-03-14 03:00') });
  });
});

describe('planTimers: the ladder planner', () => {
  const ladder: LadderStep[] = [
    { key: 'remind', name: '提醒', clock: 'response', offsetSeconds: -HOUR, actions: [{ type: 'notify', to: { assignee: true } }] },
    { key: 'late', name: '超时', clock: 'resolve', offsetSeconds: 2 * HOUR, actions: [{ type: 'raise_priority' }] },
  ];
  const plan = (clocks: TicketClocks, now: string, options: { fired?: string[]; breached?: ('response' | 'resolve')[] } = {}) =>
    planTimers({ policy: { ...policy, ladder }, calendar: office, clocks, now: sh(now), fired: new Set(options.fired), breached: new Set(options.breached) });

  it('sets a breach timer per clock at its deadline and each step where its clock reaches target + offset, in business time', () => {
    const clocks = clocksAt('2026-03-13 16:00', { changes: [change('2026-03-13 16:00', 'new')] }); // a Friday
    expect(plan(clocks, '2026-03-13 16:00')).toEqual({
      breaches: [{ clock: 'response', runAt: sh('2026-03-13 18:00') }, { clock: 'resolve', runAt: sh('2026-03-17 14:00') }],
      steps: [{ key: 'remind', runAt: sh('2026-03-13 17:00') }, { key: 'late', runAt: sh('2026-03-17 16:00') }],
    });
  });

  it('withdraws everything of a held ticket, and the response step once someone responded', () => {
    const changes = [change('2026-03-10 09:00', 'accepted'), change('2026-03-10 10:00', 'on_hold')];
    const held = clocksAt('2026-03-10 11:00', { changes, firstRespondedAt: sh('2026-03-10 09:30') });
    expect(plan(held, '2026-03-10 11:00')).toEqual({
      breaches: [{ clock: 'response', runAt: null }, { clock: 'resolve', runAt: null }],
      steps: [{ key: 'remind', runAt: null }, { key: 'late', runAt: null }],
    });
  });

  it('fires an unrecorded breach at once, even on a held ticket, and never a recorded one or a fired step', () => {
    const changes = [change('2026-03-10 09:00', 'accepted'), change('2026-03-10 12:00', 'on_hold')];
    const clocks = clocksAt('2026-03-11 09:00', { changes, firstRespondedAt: sh('2026-03-10 11:30') });
    expect(plan(clocks, '2026-03-11 09:00').breaches).toEqual([
      { clock: 'response', runAt: sh('2026-03-10 11:00') }, { clock: 'resolve', runAt: null },
    ]);
    expect(plan(clocks, '2026-03-11 09:00', { breached: ['response'] }).breaches[0].runAt).toBeNull();
    const running = clocksAt('2026-03-10 12:00', { changes: [change('2026-03-10 09:00', 'new')] });
    expect(plan(running, '2026-03-10 12:00', { fired: ['remind'] }).steps.map((step) => step.key)).toEqual(['late']);
    // A step whose moment has passed but that has not fired yet is due now.
    expect(plan(running, '2026-03-10 12:00').steps[0]).toEqual({ key: 'remind', runAt: sh('2026-03-10 12:00') });
  });
});

describe('statusChangesFrom', () => {
  it('reads the creation and every transition, and nothing else', () => {
    const at = (minute: number) => new Date(Date.UTC(2026, 2, 10, 1, minute));
    const events = [
      { type: 'created', at: at(0), data: { after: { status: 'new' } } },
      { type: 'dispatched', at: at(1), data: { from: 'new', to: 'dispatched', assigneeId: 'x' } },
      { type: 'priority_raised', at: at(2), data: { before: { priority: 'P3' }, after: { priority: 'P2' } } },
      { type: 'something', at: at(3), data: { from: 'P3', to: 'P2' } },
      { type: 'held', at: at(4), data: { from: 'accepted', to: 'on_hold', reason: '等备件' } },
    ];
    expect(statusChangesFrom(events)).toEqual([{ at: at(0), status: 'new' }, { at: at(1), status: 'dispatched' }, { at: at(4), status: 'on_hold' }]);
  });
});

describe('slaFieldsOf', () => {
  it('keeps a finished clock\'s due time, freezes what is left, and marks the hold', () => {
    const changes = [change('2026-03-10 09:00', 'accepted'), change('2026-03-10 10:00', 'on_hold')];
    const clocks = clocksAt('2026-03-10 15:00', { changes, firstRespondedAt: sh('2026-03-10 09:30') });
    const previous = { responseDueAt: sh('2026-03-10 11:00'), resolveDueAt: sh('2026-03-11 16:00') };
    expect(slaFieldsOf({ id: 'policy', version: 3 }, clocks, previous)).toEqual({
      slaPolicyId: 'policy', responseDueAt: sh('2026-03-10 11:00'), resolveDueAt: null,
      slaState: { policyVersion: 3, paused: true, responseRemainingSeconds: null, resolveRemainingSeconds: 15 * HOUR },
    });
  });

  it('knows which breaches a ticket recorded', () => {
    expect([...recordedBreaches([{ clock: 'resolve', dueAt: null, at: '' }, { clock: 'lunch' }, null])]).toEqual(['resolve']);
  });
});
