import { describe, expect, it } from 'vitest';
import { newTicket } from '../tickets/model.ts';
import { ALWAYS_OPEN } from './calendar.ts';
import { ticketClocks } from './clocks.ts';
import { SNAPSHOT_MAX_EVENTS, buildSnapshot, offersFrom, type ChainEvent } from './snapshot.ts';

const at = (minute: number) => new Date(Date.UTC(2026, 2, 10, 1, minute));
const event = (minute: number, type: string, data: Record<string, unknown> = {}, actorId: string | null = null): ChainEvent =>
  ({ id: `e${minute}`, type, at: at(minute), actorId, data });

describe('offersFrom: who was offered the ticket, and what they did', () => {
  it('lists dispatches, offers to several, declines with reasons and the accept, in time order', () => {
    const events = [
      event(0, 'created', { after: { status: 'new' } }),
      event(1, 'dispatched', { from: 'new', to: 'dispatched', assigneeId: 'zhang' }),
      event(5, 'declined', { from: 'dispatched', to: 'new', reason: '在外地', previousAssigneeId: 'zhang' }, 'zhang'),
      event(6, 'dispatched', { from: 'new', to: 'dispatched', offerTo: ['li', 'wang'] }),
      event(9, 'accepted', { from: 'dispatched', to: 'accepted', assigneeId: 'wang' }, 'wang'),
    ];
    expect(offersFrom(events)).toEqual([
      { userId: 'zhang', event: 'dispatched', at: at(1).toISOString() },
      { userId: 'zhang', event: 'declined', at: at(5).toISOString(), reason: '在外地' },
      { userId: 'li', event: 'offered', at: at(6).toISOString() },
      { userId: 'wang', event: 'offered', at: at(6).toISOString() },
      { userId: 'wang', event: 'accepted', at: at(9).toISOString() },
    ]);
  });
});

describe('buildSnapshot', () => {
  it('keeps the latest events, without the full ticket copy of the creation, and the related open tickets', () => {
    const ticket = newTicket({ id: 't1', number: 'WO-1', type: 'repair', priority: 'P1', title: '停机', description: '停机', createdAt: at(0) });
    const related = newTicket({ id: 't2', number: 'WO-2', type: 'repair', priority: 'P2', title: '同一台设备', description: '…', createdAt: at(0) });
    const events = [event(0, 'created', { after: { status: 'new' }, reason: 'x' }),
      ...Array.from({ length: SNAPSHOT_MAX_EVENTS + 4 }, (_, i) => event(1, 'commented', { body: `第 ${i} 条` }))];
    const clocks = ticketClocks({
      policy: { responseSeconds: 900, resolveSeconds: 3600, pausedStatuses: ['on_hold'] }, calendar: ALWAYS_OPEN, ticket,
      changes: [{ at: at(0), status: 'new' }], now: at(10),
    });
    const snapshot = buildSnapshot({ ticket, events, related: [related], clocks, now: at(10) });
    expect(snapshot.events).toHaveLength(SNAPSHOT_MAX_EVENTS);
    expect(snapshot.eventsOmitted).toBe(5);
    expect(snapshot.events.at(-1)?.data).toEqual({ body: `第 ${SNAPSHOT_MAX_EVENTS + 3} 条` });
    expect(buildSnapshot({ ticket, events: events.slice(0, 1), related: [], clocks, now: at(10) }).events[0].data).toEqual({ reason: 'x' });
    expect(snapshot.relatedOpen).toEqual([expect.objectContaining({ id: 't2', number: 'WO-2', priority: 'P2' })]);
    expect(snapshot.clocks.response).toMatchObject({ elapsedSeconds: 600, remainingSeconds: 300, breached: false });
    expect(snapshot.takenAt).toBe(at(10).toISOString());
  });
});
