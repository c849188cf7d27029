import { describe, expect, it } from 'vitest';
import { newTicket, type TicketState } from '../tickets/model.ts';
import { readSurveyForm, stillDue, surveyJobKey, surveyStatus, surveyTimerChange, surveyUrl } from './survey-model.ts';

const closedAt = new Date('2026-11-24T02:00:00Z');
const base = newTicket({
  id: '0191f0a0-0000-7000-8000-0000000000aa', number: 'WO-20261124-0001', type: 'repair', priority: 'P3',
  title: '空压机异响', description: '空压机异响', createdAt: new Date('2026-11-23T02:00:00Z'), requesterId: '0191f0a0-0000-7000-8000-0000000000bb',
});
const resolved: TicketState = { ...base, status: 'resolved', resolvedAt: closedAt };
const closed: TicketState = { ...base, status: 'closed', closedAt };

describe('the survey timer', () => {
  it('is set at closing plus the delay, keyed by ticket and closing', () => {
    expect(surveyTimerChange(resolved, closed, 72)).toEqual({
      kind: 'schedule', runAt: new Date('2026-11-27T02:00:00Z'), dedupeKey: `${base.id}:${closedAt.getTime()}`,
      payload: { ticketId: base.id, closedAt: closedAt.toISOString() },
    });
  });

  it('is withdrawn by a reopen, by the key of the closing it followed', () => {
    const reopened: TicketState = { ...base, status: 'accepted', closedAt: null };
    expect(surveyTimerChange(closed, reopened, 72)).toEqual({ kind: 'cancel', dedupeKey: surveyJobKey(base.id, closedAt) });
  });

  it('is not set with surveys off, without a requester, for a ticket created closed, or for a change to a closed ticket', () => {
    expect(surveyTimerChange(resolved, closed, 0).kind).toBe('none');
    expect(surveyTimerChange({ ...resolved, requesterId: null }, { ...closed, requesterId: null }, 72).kind).toBe('none');
    expect(surveyTimerChange(null, closed, 72).kind).toBe('none');
    expect(surveyTimerChange(closed, { ...closed, title: '改了标题' }, 72).kind).toBe('none');
    expect(surveyTimerChange(base, { ...base, status: 'dispatched' }, 72).kind).toBe('none');
  });

  it('is still due only while the ticket is closed by the same closing', () => {
    const payload = { ticketId: base.id, closedAt: closedAt.toISOString() };
    expect(stillDue(closed, payload)).toBe(true);
    expect(stillDue({ ...closed, status: 'accepted', closedAt: null }, payload)).toBe(false);
    expect(stillDue({ ...closed, closedAt: new Date(closedAt.getTime() + 1000) }, payload)).toBe(false);
    expect(stillDue({ ...closed, requesterId: null }, payload)).toBe(false);
    expect(stillDue(undefined, payload)).toBe(false);
  });
});

describe('a survey', () => {
  const now = new Date('2026-12-01T00:00:00Z');
  it('is open until it expires or is answered', () => {
    expect(surveyStatus({ answeredAt: null, expiresAt: new Date(now.getTime() + 1) }, now)).toBe('open');
    expect(surveyStatus({ answeredAt: null, expiresAt: now }, now)).toBe('expired');
    expect(surveyStatus({ answeredAt: now, expiresAt: new Date(now.getTime() - 1) }, now)).toBe('answered');
  });

  it('has its link under the public address, with or without a trailing slash', () => {
    expect(surveyUrl('https://desk.example.cn/', 'abc')).toBe('https://desk.example.cn/s/abc');
    expect(surveyUrl('https://desk.example.cn', 'abc')).toBe('https://desk.example.cn/s/abc');
  });
});

describe('the survey form', () => {
  const form = (fields: Record<string, string>) => readSurveyForm(new URLSearchParams(fields));

  it('takes 1 to 5 stars and a trimmed answer, empty meaning none', () => {
    expect(form({ stars: '2', answer: '  还是偶尔异响  ' })).toEqual({ ok: true, value: { stars: 2, answer: '还是偶尔异响' } });
    expect(form({ stars: '5', answer: '   ' })).toEqual({ ok: true, value: { stars: 5, answer: null } });
    expect(form({ stars: '1' })).toEqual({ ok: true, value: { stars: 1, answer: null } });
  });

  it('refuses a missing or impossible star choice, keeping what was typed', () => {
    for (const stars of [undefined, '', '0', '6', '2.5', 'five']) {
      const fields: Record<string, string> = { answer: '没修好' };
      if (stars !== undefined) fields.stars = stars;
      expect(form(fields), String(stars)).toEqual({ ok: false, field: 'stars', answer: '没修好' });
    }
  });

  it('refuses an answer over 2000 characters, counting Chinese characters as one each', () => {
    expect(form({ stars: '3', answer: '好'.repeat(2000) }).ok).toBe(true);
    expect(form({ stars: '3', answer: '好'.repeat(2001) })).toMatchObject({ ok: false, field: 'answer', stars: 3 });
  });
});
