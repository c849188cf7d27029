import { describe, expect, it } from 'vitest';
import { newTicket, type TicketState } from '../tickets/model.ts';
import { callbackPayload, deriveCallbackEvent } from './callback-events.ts';
import { literalRefusal } from './callback-send.ts';

const at = new Date('2026-11-24T02:00:00Z');
const ticket = newTicket({ id: 't1', number: 'WO-1', type: 'repair', priority: 'P2', title: '漏液', description: '3号线漏液', createdAt: at });
const state = (changes: Partial<TicketState>): TicketState => ({ ...ticket, ...changes });
const change = (from: Partial<TicketState> | null, to: Partial<TicketState>, data: Record<string, unknown> = {}) => ({
  before: from && state(from), after: state(to), events: [{ type: 'x', data: { from: from?.status, to: to.status, ...data } }],
});

describe('the callback event of a ticket change', () => {
  it.each([
    ['a resolve', change({ status: 'in_progress' }, { status: 'resolved', solution: '更换密封圈' }, { solution: '更换密封圈' }),
      { type: 'ticket.resolved', status: 'resolved', previousStatus: 'in_progress', solution: '更换密封圈' }],
    ['a satisfied verification', change({ status: 'resolved', solution: '更换密封圈' }, { status: 'closed', solution: '更换密封圈', verification: { result: 'satisfied' } }, { result: 'satisfied' }),
      { type: 'ticket.closed', status: 'closed', previousStatus: 'resolved', solution: '更换密封圈', verificationResult: 'satisfied' }],
    ['a close without verification', change({ status: 'resolved', solution: 's' }, { status: 'closed', solution: 's', verification: { result: null, closedWithoutVerification: true } }),
      { type: 'ticket.closed', status: 'closed', previousStatus: 'resolved', solution: 's' }],
    ['a cancel', change({ status: 'new' }, { status: 'cancelled' }, { reason: '重复报修' }),
      { type: 'ticket.cancelled', status: 'cancelled', previousStatus: 'new', reason: '重复报修' }],
    ['a reopen after closing', change({ status: 'closed', solution: 's' }, { status: 'accepted', solution: 's' }, { reason: '又漏了' }),
      { type: 'ticket.reopened', status: 'accepted', previousStatus: 'closed', reason: '又漏了' }],
    ['a "not solved" answer', change({ status: 'resolved' }, { status: 'accepted' }, { result: 'unresolved', comment: '还是响' }),
      { type: 'ticket.reopened', status: 'accepted', previousStatus: 'resolved', verificationResult: 'unresolved', reason: '还是响' }],
    ['undoing a cancel', change({ status: 'cancelled' }, { status: 'new' }, { reason: '不是重复' }),
      { type: 'ticket.reopened', status: 'new', previousStatus: 'cancelled', reason: '不是重复' }],
  ])('reports %s', (_name, input, expected) => {
    expect(deriveCallbackEvent(input)).toEqual(expected);
  });

  it.each([
    ['a new ticket', change(null, { status: 'new' })],
    ['an accept', change({ status: 'dispatched' }, { status: 'accepted' })],
    ['a hold', change({ status: 'in_progress' }, { status: 'on_hold' }, { reason: '等备件' })],
    ['an edit', change({ status: 'resolved' }, { status: 'resolved', priority: 'P1' })],
  ])('says nothing of %s', (_name, input) => {
    expect(deriveCallbackEvent(input)).toBeNull();
  });

  it('builds the body the source gets', () => {
    const event = deriveCallbackEvent(change({ status: 'in_progress' }, { status: 'resolved', solution: '更换密封圈' }))!;
    expect(callbackPayload(event, { ticketId: 't1', number: 'WO-1', system: 'mes', externalId: 'MES-1', bySource: false, at })).toEqual({
      type: 'ticket.resolved', timestamp: '2026-11-24T02:00:00.000Z',
      data: { ticketId: 't1', number: 'WO-1', system: 'mes', externalId: 'MES-1', status: 'resolved', previousStatus: 'in_progress', solution: '更换密封圈', bySource: false },
    });
  });
});

describe('the addresses a callback may reach', () => {
  it('reads an IPv4-mapped address as a URL writes it', () => {
    expect(new URL('http://[::ffff:169.254.169.254]/').hostname).toBe('[::ffff:a9fe:a9fe]');
    expect(literalRefusal(new URL('http://[::ffff:a9fe:a9fe]/'), true)).toMatch(/link-local/);
    expect(literalRefusal(new URL('http://[::1]/'), true)).toBeNull();
  });

  it.each([
    ['http://169.254.169.254/latest', true], ['http://[::ffff:169.254.169.254]/x', true], ['http://[fe80::1]/x', true],
    ['http://127.0.0.1:9/x', false], ['http://mes.local/x', false],
  ])('refuses %s before any connection: %s', (url, refused) => {
    expect(literalRefusal(new URL(url), true) !== null).toBe(refused);
  });

  it('refuses loopback and private literals only where the tenant restricts them', () => {
    expect(literalRefusal(new URL('http://[::ffff:10.0.0.1]/'), false)).toMatch(/private/);
    expect(literalRefusal(new URL('http://[::ffff:10.0.0.1]/'), true)).toBeNull();
  });
});
