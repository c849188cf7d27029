/**
 * What a ticket change tells the source systems linked to it (two-way confirmation): that the
 * ticket is resolved, closed or cancelled, or that it is open again after one of those, so a
 * source never keeps a finished state the ticket has left. Pure: a change in, a body out.
 */
import type { TicketChange } from '../tickets/index.ts';

export const CALLBACK_EVENT_TYPES = ['ticket.resolved', 'ticket.closed', 'ticket.cancelled', 'ticket.reopened'] as const;
export type CallbackEventType = (typeof CALLBACK_EVENT_TYPES)[number];

const FINISHED = new Set<string>(['resolved', 'closed', 'cancelled']);

export interface CallbackEvent {
  type: CallbackEventType;
  status: string;
  previousStatus: string;
  solution?: string;
  verificationResult?: string;
  reason?: string;
}

const text = (value: unknown): string | undefined => (typeof value === 'string' && value.trim() ? value : undefined);

/** The one callback event of a change, or null when the change moves nothing a source tracks. */
export function deriveCallbackEvent(change: Pick<TicketChange, 'before' | 'after' | 'events'>): CallbackEvent | null {
  const from = change.before?.status;
  const to = change.after.status;
  if (!from || from === to) return null;
  const type: CallbackEventType | null = to === 'resolved' ? 'ticket.resolved' : to === 'closed' ? 'ticket.closed'
    : to === 'cancelled' ? 'ticket.cancelled' : FINISHED.has(from) ? 'ticket.reopened' : null;
  if (!type) return null;
  const moved = change.events.find((event) => event.data.to === to) ?? change.events[0];
  const data = moved?.data ?? {};
  const verification = change.after.verification as { result?: unknown; comment?: unknown } | null;
  // A "not solved" answer reopens through verify: its result and comment say why.
  const verificationResult = text(data.result) ?? (to === 'closed' ? text(verification?.result) : undefined);
  const reason = text(data.reason) ?? (data.result === 'unresolved' ? text(data.comment) : undefined);
  const solution = to === 'resolved' || to === 'closed' ? text(change.after.solution) : undefined;
  return {
    type, status: to, previousStatus: from,
    ...(solution ? { solution } : {}), ...(verificationResult ? { verificationResult } : {}), ...(reason ? { reason } : {}),
  };
}

/** The body a source gets: `{type, timestamp, data: {ticketId, number, system, externalId, status, …}}`. */
export function callbackPayload(event: CallbackEvent, link: {
  ticketId: string; number: string; system: string; externalId: string; bySource: boolean; at: Date;
}): Record<string, unknown> {
  const { type, ...details } = event;
  return {
    type,
    timestamp: link.at.toISOString(),
    data: { ticketId: link.ticketId, number: link.number, system: link.system, externalId: link.externalId, ...details, bySource: link.bySource },
  };
}
