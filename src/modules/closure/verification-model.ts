/**
 * The decisions of customer verification, without I/O: whether a link can still be answered,
 * what its links record when a ticket stops waiting, how far a "not solved" raises the priority,
 * and when the tenant's day ends. Pure.
 */
import type { Priority, TicketChange, TicketState } from '../tickets/index.ts';

export const VERIFY_RESULTS = ['satisfied', 'partial', 'unresolved'] as const;
export type VerifyResult = (typeof VERIFY_RESULTS)[number];
export const isVerifyResult = (value: unknown): value is VerifyResult => (VERIFY_RESULTS as readonly unknown[]).includes(value);

/** The job that verifies a ticket itself after the customer stayed silent for N days. */
export const AUTO_VERIFY = 'closure.auto_verify';
/** One pending auto-verification per ticket: a new round of verification replaces the old. */
export const autoVerifyKey = (ticketId: string) => ticketId;

export interface LinkRow {
  id: string;
  ticketId: string;
  expiresAt: Date;
  usedAt: Date | null;
  /** How the verification ended, or why the link stopped waiting (see closingResult). */
  result: string | null;
  answered: boolean;
  createdAt: Date;
}

/**
 * What a link can do now. Answered (or otherwise used) is told before expired: "you already
 * answered" is the more useful page for someone who kept the link.
 */
export type LinkState =
  | { kind: 'open' }
  | { kind: 'used'; result: string | null }
  | { kind: 'expired'; expiresAt: Date }
  | { kind: 'not_waiting'; status: TicketState['status']; result: string | null };

export function linkState(link: LinkRow, ticket: Pick<TicketState, 'status' | 'verification'>, awaitingReview: boolean, now: Date): LinkState {
  if (link.usedAt) return { kind: 'used', result: link.result };
  if (link.expiresAt.getTime() <= now.getTime()) return { kind: 'expired', expiresAt: link.expiresAt };
  if (ticket.status !== 'resolved' || awaitingReview) {
    const result = ticket.verification?.result;
    return { kind: 'not_waiting', status: ticket.status, result: typeof result === 'string' ? result : null };
  }
  return { kind: 'open' };
}

/**
 * When a ticket leaves `resolved`, every link still waiting is used up with how it ended: the
 * verification's result (`auto` when the system verified it), or the action that ended the wait
 * (closed by staff without verification; reopened, which is also how a reviewer sends a fix
 * back). Null when the change does not end a wait.
 */
export function closingResult(change: Pick<TicketChange, 'before' | 'after' | 'action' | 'events'>): string | null {
  if (change.before?.status !== 'resolved' || change.after.status === 'resolved') return null;
  if (change.action === 'verify') {
    const verified = change.events.find((event) => event.type === 'verified')?.data ?? {};
    if (verified.auto === true) return 'auto';
    return typeof verified.result === 'string' ? verified.result : 'verified';
  }
  if (change.action === 'close') return 'closed';
  if (change.action === 'reopen') return 'reopened';
  return change.after.status;
}

/** The result of a verify that the customer (or staff on their behalf) said "not solved"; null for any other change. */
export function unresolvedComment(change: Pick<TicketChange, 'action' | 'events'>): { comment: string | null } | null {
  if (change.action !== 'verify') return null;
  const verified = change.events.find((event) => event.type === 'verified')?.data;
  if (verified?.result !== 'unresolved') return null;
  return { comment: typeof verified.comment === 'string' ? verified.comment : null };
}

const RAISED: Record<Priority, Priority> = { P4: 'P3', P3: 'P2', P2: 'P1', P1: 'P1' };

/** One step more urgent; P1 stays P1. */
export const raisedPriority = (priority: Priority): Priority => RAISED[priority];

const dayFormats = new Map<string, Intl.DateTimeFormat>();

/** The wall clock of an instant in a zone, as if that wall clock were UTC (ms). */
function wallAsUtc(instant: Date, timeZone: string): number {
  let format = dayFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric',
    });
    dayFormats.set(timeZone, format);
  }
  const parts: Record<string, number> = {};
  for (const part of format.formatToParts(instant)) if (part.type !== 'literal') parts[part.type] = Number(part.value);
  return Date.UTC(parts.year, parts.month - 1, parts.day, parts.hour, parts.minute, parts.second);
}

/**
 * The first instant of the next local day in `timeZone` (Asia/Shanghai when the zone is
 * unknown to the runtime): "for the rest of the day" ends there. Correct across DST changes,
 * since the offset is measured at the midnight it computes.
 */
export function endOfLocalDay(now: Date, timeZone: string): Date {
  let zone = timeZone;
  try {
    wallAsUtc(now, zone);
  } catch {
    zone = 'Asia/Shanghai';
  }
  const wall = new Date(wallAsUtc(now, zone));
  const nextMidnightWall = Date.UTC(wall.getUTCFullYear(), wall.getUTCMonth(), wall.getUTCDate() + 1);
  let guess = nextMidnightWall - (wallAsUtc(now, zone) - now.getTime());
  // Once more with the offset at the guess, in case the zone changed its offset overnight.
  guess = nextMidnightWall - (wallAsUtc(new Date(guess), zone) - guess);
  return new Date(guess);
}

/** `days` whole days after `at`: when a customer's silence becomes an auto-verification. */
export const addDays = (at: Date, days: number): Date => new Date(at.getTime() + days * 86_400_000);
