import { describe, expect, it } from 'vitest';
import { newTicket, type TicketState } from '../tickets/model.ts';
import { deriveWebhookEvents, matchesFilter } from './webhook-events.ts';

const ticket = newTicket({ id: 't1', number: 'WO-1', type: 'repair', priority: 'P2', title: '漏液', description: '3号线漏液', createdAt: new Date('2026-11-24T02:00:00Z') });
const withStatus = (changes: Partial<TicketState>): TicketState => ({ ...ticket, ...changes });
const types = (change: Parameters<typeof deriveWebhookEvents>[0]) => deriveWebhookEvents(change).map((event) => event.type);

describe('the webhook events of a ticket change', () => {
  it.each([
    ['a new ticket', { before: null, after: ticket, events: [], action: 'create' as const }, ['ticket.created']],
    ['an accept', { before: withStatus({ status: 'dispatched', offeredTo: ['e1'] }), after: withStatus({ status: 'accepted', assigneeId: 'e1' }), events: [{ type: 'accepted', data: {} }], action: 'accept' as const },
      ['ticket.status_changed', 'ticket.assigned']],
    ['a comment', { before: ticket, after: ticket, events: [{ type: 'commented', data: { body: '到场', internal: false } }], action: 'comment' as const }, ['ticket.commented']],
    ['a satisfied verification', { before: withStatus({ status: 'resolved' }), after: withStatus({ status: 'closed' }), events: [{ type: 'verified', data: { result: 'satisfied' } }], action: 'verify' as const },
      ['ticket.status_changed', 'ticket.verified', 'ticket.closed']],
    ['an SLA breach', { before: ticket, after: ticket, events: [{ type: 'sla_breached', data: { clock: 'response', dueAt: null } }], action: 'system' as const }, ['ticket.sla_breached']],
    ['an edit', { before: ticket, after: withStatus({ priority: 'P1' }), events: [{ type: 'updated', data: {} }], action: 'update' as const }, ['ticket.updated']],
  ])('%s', (_name, change, expected) => {
    expect(types({ ...change, actorId: null })).toEqual(expected);
  });
});

describe('a subscription filter', () => {
  it('lets a ticket through when every key lists its value, and any ticket with no keys', () => {
    expect(matchesFilter({}, ticket)).toBe(true);
    expect(matchesFilter({ priority: ['P1', 'P2'], type: ['repair'] }, ticket)).toBe(true);
    expect(matchesFilter({ priority: ['P1'] }, ticket)).toBe(false);
    expect(matchesFilter({ assigneeId: ['e1'] }, ticket)).toBe(false);
  });
});
