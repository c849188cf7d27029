import { describe, expect, it } from 'vitest';
import { closingResult, endOfLocalDay, linkState, raisedPriority, unresolvedComment, type LinkRow } from './verification-model.ts';

const now = new Date('2026-11-24T02:00:00Z');
const link = (overrides: Partial<LinkRow> = {}): LinkRow => ({
  id: 'l', ticketId: 't', expiresAt: new Date('2026-12-01T02:00:00Z'), usedAt: null, result: null, answered: false,
  createdAt: new Date('2026-11-24T01:00:00Z'), ...overrides,
});
const resolved = { status: 'resolved' as const, verification: null };

describe('linkState', () => {
  it('is open for an unused, unexpired link of a resolved ticket no expert still reviews', () => {
    expect(linkState(link(), resolved, false, now)).toEqual({ kind: 'open' });
  });

  it('tells a used link before an expired one, with what it ended as', () => {
    expect(linkState(link({ usedAt: now, result: 'partial', expiresAt: new Date('2026-11-01T00:00:00Z') }), resolved, false, now))
      .toEqual({ kind: 'used', result: 'partial' });
  });

  it('is expired at exactly its expiry', () => {
    expect(linkState(link({ expiresAt: now }), resolved, false, now)).toEqual({ kind: 'expired', expiresAt: now });
  });

  it('is not waiting when the ticket left resolved, or waits for its review', () => {
    expect(linkState(link(), { status: 'closed', verification: { result: 'satisfied' } }, false, now))
      .toEqual({ kind: 'not_waiting', status: 'closed', result: 'satisfied' });
    expect(linkState(link(), resolved, true, now)).toEqual({ kind: 'not_waiting', status: 'resolved', result: null });
  });
});

describe('closingResult', () => {
  const leaving = (action: string, events: { type: string; data: Record<string, unknown> }[], to = 'closed') => closingResult({
    before: { status: 'resolved' } as never, after: { status: to } as never, action: action as never, events,
  });

  it('records the verification\'s result, auto apart', () => {
    expect(leaving('verify', [{ type: 'verified', data: { result: 'satisfied' } }])).toBe('satisfied');
    expect(leaving('verify', [{ type: 'verified', data: { result: 'satisfied', auto: true } }])).toBe('auto');
    expect(leaving('verify', [{ type: 'verified', data: { result: 'unresolved' } }], 'accepted')).toBe('unresolved');
  });

  it('records why the wait ended otherwise', () => {
    expect(leaving('close', [])).toBe('closed');
    expect(leaving('reopen', [], 'accepted')).toBe('reopened');
  });

  it('is null for a change that does not leave resolved', () => {
    expect(closingResult({ before: { status: 'in_progress' } as never, after: { status: 'resolved' } as never, action: 'resolve', events: [] })).toBeNull();
    expect(closingResult({ before: { status: 'resolved' } as never, after: { status: 'resolved' } as never, action: 'comment', events: [] })).toBeNull();
  });
});

describe('unresolvedComment', () => {
  it('finds a "not solved" verify and its comment, and nothing else', () => {
    expect(unresolvedComment({ action: 'verify', events: [{ type: 'verified', data: { result: 'unresolved', comment: '还在漏' } }] })).toEqual({ comment: '还在漏' });
    expect(unresolvedComment({ action: 'verify', events: [{ type: 'verified', data: { result: 'unresolved' } }] })).toEqual({ comment: null });
    expect(unresolvedComment({ action: 'verify', events: [{ type: 'verified', data: { result: 'partial' } }] })).toBeNull();
    expect(unresolvedComment({ action: 'reopen', events: [{ type: 'reopened', data: {} }] })).toBeNull();
  });
});

describe('raisedPriority', () => {
  it.each([['P4', 'P3'], ['P3', 'P2'], ['P2', 'P1'], ['P1', 'P1']] as const)('raises %s to %s', (from, to) => {
    expect(raisedPriority(from)).toBe(to);
  });
});

describe('endOfLocalDay', () => {
  it.each([
    ['10:00 in Shanghai', '2026-11-24T02:00:00Z', 'Asia/Shanghai', '2026-11-24T16:00:00.000Z'],
    ['23:59:59 in Shanghai', '2026-11-24T15:59:59Z', 'Asia/Shanghai', '2026-11-24T16:00:00.000Z'],
    ['midnight in Shanghai, which starts a new day', '2026-11-24T16:00:00Z', 'Asia/Shanghai', '2026-11-25T16:00:00.000Z'],
    ['the last day of the year', '2026-12-31T10:00:00Z', 'Asia/Shanghai', '2026-12-31T16:00:00.000Z'],
    ['a day in Berlin that ends in summer time and starts in winter time', '2026-10-24T12:00:00Z', 'Europe/Berlin', '2026-10-24T22:00:00.000Z'],
    ['the day in Berlin the clocks go back', '2026-10-25T12:00:00Z', 'Europe/Berlin', '2026-10-25T23:00:00.000Z'],
    ['an unknown zone, read as Shanghai', '2026-11-24T02:00:00Z', 'Mars/Olympus', '2026-11-24T16:00:00.000Z'],
  ])('ends %s', (_what, at, zone, end) => {
    expect(endOfLocalDay(new Date(at), zone).toISOString()).toBe(end);
  });
});
