/**
 * The follow-up survey's rules, without I/O: when a change to a ticket sets or withdraws its
 * survey timer, what a customer's form answer means, and whether a survey can still be answered.
 */
import type { TicketState } from '../tickets/index.ts';

/** The runner job that sends a closed ticket's survey once the delay has passed. */
export const SURVEY_JOB = 'closure.survey';
export const ANSWER_MAX_LENGTH = 2000;
export const STAR_VALUES = [1, 2, 3, 4, 5] as const;

export interface SurveyJobPayload {
  ticketId: string;
  /** The closing this survey follows up (ISO): a later closing after a reopen has its own. */
  closedAt: string;
}

/** One timer per ticket and closing: closing, reopening and closing again gives two keys. */
export const surveyJobKey = (ticketId: string, closedAt: Date): string => `${ticketId}:${closedAt.getTime()}`;

export type SurveyTimerChange =
  | { kind: 'schedule'; runAt: Date; dedupeKey: string; payload: SurveyJobPayload }
  | { kind: 'cancel'; dedupeKey: string }
  | { kind: 'none' };

/**
 * What a ticket change does to its survey timer. A closing (by the customer's verify, an
 * automatic verify or a supervisor's close) sets one when surveys are on and somebody asked for
 * the work; a reopen withdraws the one its closing set. A ticket created closed (an import of
 * history) is no closing anyone should be asked about.
 */
export function surveyTimerChange(before: TicketState | null, after: TicketState, delayHours: number): SurveyTimerChange {
  if (before?.status === 'closed' && after.status !== 'closed' && before.closedAt) {
    return { kind: 'cancel', dedupeKey: surveyJobKey(after.id, before.closedAt) };
  }
  if (!before || before.status === 'closed' || after.status !== 'closed' || !after.closedAt) return { kind: 'none' };
  if (delayHours <= 0 || !after.requesterId) return { kind: 'none' };
  return {
    kind: 'schedule',
    runAt: new Date(after.closedAt.getTime() + delayHours * 3_600_000),
    dedupeKey: surveyJobKey(after.id, after.closedAt),
    payload: { ticketId: after.id, closedAt: after.closedAt.toISOString() },
  };
}

/** Whether the job still has a survey to send: the ticket is closed by the very closing that set it. */
export function stillDue(ticket: Pick<TicketState, 'status' | 'closedAt' | 'requesterId'> | undefined, payload: SurveyJobPayload): boolean {
  return !!ticket && ticket.status === 'closed' && !!ticket.requesterId && !!ticket.closedAt
    && ticket.closedAt.getTime() === Date.parse(payload.closedAt);
}

export type SurveyStatus = 'open' | 'answered' | 'expired';

export function surveyStatus(survey: { answeredAt: Date | null; expiresAt: Date }, now: Date): SurveyStatus {
  if (survey.answeredAt) return 'answered';
  return survey.expiresAt.getTime() <= now.getTime() ? 'expired' : 'open';
}

export interface SurveyAnswer {
  stars: number;
  /** Trimmed; null when the customer wrote nothing. */
  answer: string | null;
}

export type FormReading =
  | { ok: true; value: SurveyAnswer }
  | { ok: false; field: 'stars' | 'answer'; answer: string; stars?: number };

/**
 * The page's form fields as sent by a browser: `stars` must be one of 1..5 (a missing choice is
 * the usual mistake), `answer` at most 2000 characters. A refusal keeps what was typed so the
 * page can show it again.
 */
export function readSurveyForm(fields: URLSearchParams): FormReading {
  const answer = fields.get('answer') ?? '';
  const stars = Number(fields.get('stars'));
  if (!STAR_VALUES.includes(stars as 1)) return { ok: false, field: 'stars', answer };
  if ([...answer].length > ANSWER_MAX_LENGTH) return { ok: false, field: 'answer', answer, stars };
  return { ok: true, value: normalizeAnswer(stars, answer) };
}

export const normalizeAnswer = (stars: number, answer: string | undefined | null): SurveyAnswer =>
  ({ stars, answer: answer?.trim() ? answer.trim() : null });

/** The link a customer opens; the public address may be configured with a trailing slash. */
export const surveyUrl = (publicUrl: string, token: string): string => `${publicUrl.replace(/\/+$/, '')}/s/${token}`;
