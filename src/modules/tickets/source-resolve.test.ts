import { describe, expect, it } from 'vitest';
import type { Actor } from '../../platform/http/actor.ts';
import { decideAction, decideSourceResolve } from './lifecycle.ts';
import { newTicket, type Status, type TicketState } from './model.ts';

const now = new Date('2026-11-24T03:00:00Z');
const dispatcher: Actor = { tenantId: 't', tenantSlug: 't', userId: 'd1', name: 'D', email: 'd', roles: ['dispatcher'], tokenId: '' };
const report = { solution: 'MES 系统：3号线已恢复生产', system: 'mes', externalId: 'MES-1' };

const ticket = (state: Partial<TicketState>): TicketState => newTicket({
  id: 'x', number: 'WO', type: 'repair', priority: 'P3', title: '', description: '', requesterId: 'r1', createdAt: now, ...state,
});

describe('a source system reporting the fault resolved', () => {
  it.each<[Status, Partial<TicketState>]>([
    ['new', {}], ['dispatched', { assigneeId: 'e1' }], ['accepted', { assigneeId: 'e1' }], ['in_progress', { assigneeId: 'e1' }],
    ['on_hold', { assigneeId: 'e1', holdReason: '等备件', heldFrom: 'in_progress' }],
  ])('resolves a ticket that is %s, with the source named in the solution and on the event', (status, state) => {
    const decision = decideSourceResolve(ticket({ status, ...state }), report, now);
    expect(decision?.changes).toMatchObject({ status: 'resolved', solution: report.solution, resolvedAt: now, holdReason: null, heldFrom: null });
    expect(decision?.events).toEqual([{
      type: 'resolved', data: { from: status, to: 'resolved', solution: report.solution, bySource: { system: 'mes', externalId: 'MES-1' } },
    }]);
  });

  it('withdraws an offer nobody accepted, so a "not solved" answer puts the ticket back in the queue', () => {
    const offered = decideSourceResolve(ticket({ status: 'dispatched', offeredTo: ['e1', 'e2'] }), report, now);
    expect(offered?.changes).toMatchObject({ assigneeId: null, offeredTo: [] });
    const assigned = decideSourceResolve(ticket({ status: 'dispatched', assigneeId: 'e1' }), report, now);
    expect(assigned?.changes).toMatchObject({ assigneeId: null });
  });

  it('keeps the assignee who took the ticket', () => {
    expect(decideSourceResolve(ticket({ status: 'in_progress', assigneeId: 'e1' }), report, now)?.changes).not.toHaveProperty('assigneeId');
  });

  it.each<Status>(['resolved', 'closed', 'cancelled'])('changes nothing on a ticket that is %s already', (status) => {
    expect(decideSourceResolve(ticket({ status }), report, now)).toBeNull();
  });

  it('needs a solution', () => {
    expect(() => decideSourceResolve(ticket({}), { ...report, solution: '  ' }, now)).toThrow(expect.objectContaining({ code: 'invalid_input' }));
  });

  it('leaves the rules for people as they were: a dispatcher still may not resolve, nor anyone from new', () => {
    expect(() => decideAction(ticket({ status: 'in_progress', assigneeId: 'e1' }), 'resolve', { solution: 'x' }, dispatcher, now))
      .toThrow(expect.objectContaining({ code: 'forbidden' }));
    const engineer: Actor = { ...dispatcher, userId: 'e1', roles: ['engineer'] };
    expect(() => decideAction(ticket({ status: 'new', assigneeId: 'e1' }), 'resolve', { solution: 'x' }, engineer, now))
      .toThrow(expect.objectContaining({ code: 'illegal_transition' }));
  });
});
