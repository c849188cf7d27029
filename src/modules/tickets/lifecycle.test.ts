import { describe, expect, it } from 'vitest';
import type { Actor } from '../../platform/http/actor.ts';
import { decideAction } from './lifecycle.ts';
import { newTicket, type TicketState } from './model.ts';

const now = new Date('2026-11-24T03:00:00Z');
const engineer: Actor = { tenantId: 't', tenantSlug: 't', userId: 'e1', name: 'E', email: 'e', roles: ['engineer'], tokenId: '' };
const requester: Actor = { ...engineer, userId: 'r1', roles: ['requester'] };
const dispatcher: Actor = { ...engineer, userId: 'd1', roles: ['dispatcher'] };

const ticket = (state: Partial<TicketState>): TicketState => newTicket({
  id: 'x', number: 'WO', type: 'repair', priority: 'P3', title: '', description: '', requesterId: 'r1', assigneeId: 'e1',
  createdAt: now, ...state,
});

describe('decideAction', () => {
  it('records the first response when the assignee accepts, and only the first', () => {
    expect(decideAction(ticket({ status: 'dispatched' }), 'accept', {}, engineer, now).changes.firstRespondedAt).toEqual(now);
    const earlier = new Date('2026-11-24T01:00:00Z');
    expect(decideAction(ticket({ status: 'dispatched', firstRespondedAt: earlier }), 'accept', {}, engineer, now).changes.firstRespondedAt).toBeUndefined();
  });

  it('resumes a hold to where it was held from', () => {
    const held = decideAction(ticket({ status: 'accepted' }), 'hold', { reason: '等客户' }, engineer, now);
    expect(held.changes).toMatchObject({ status: 'on_hold', heldFrom: 'accepted', holdReason: '等客户' });
    expect(decideAction(ticket({ status: 'on_hold', heldFrom: 'accepted' }), 'resume', {}, engineer, now).changes.status).toBe('accepted');
    expect(decideAction(ticket({ status: 'on_hold', heldFrom: 'in_progress' }), 'resume', {}, engineer, now).changes.status).toBe('in_progress');
  });

  it('sends an unresolved verification back to the assignee and counts the reopen', () => {
    const decision = decideAction(ticket({ status: 'resolved', resolvedAt: now }), 'verify', { result: 'unresolved', comment: '还是响' }, requester, now);
    expect(decision.changes).toMatchObject({ status: 'accepted', reopenCount: 1, resolvedAt: null });
    expect(decision.events).toEqual([{ type: 'verified', data: { from: 'resolved', to: 'accepted', result: 'unresolved', comment: '还是响' } }]);
  });

  it('closes on a satisfied verification, remembering who and when', () => {
    const decision = decideAction(ticket({ status: 'resolved' }), 'verify', { result: 'satisfied' }, requester, now);
    expect(decision.changes).toMatchObject({ status: 'closed', closedAt: now, verification: { result: 'satisfied', by: 'r1' } });
  });

  it('declining clears the assignee and needs a reason', () => {
    expect(() => decideAction(ticket({ status: 'dispatched' }), 'decline', {}, engineer, now)).toThrow(/reason/);
    expect(decideAction(ticket({ status: 'dispatched' }), 'decline', { reason: '太远' }, engineer, now).changes).toEqual({ status: 'new', assigneeId: null });
  });

  it('reopening a cancelled duplicate unlinks it', () => {
    const decision = decideAction(ticket({ status: 'cancelled', duplicateOfId: 'y', assigneeId: null }), 'reopen', { reason: '不是同一台' }, dispatcher, now);
    expect(decision.changes).toMatchObject({ status: 'new', duplicateOfId: null });
  });
});
