/** Ticket types and the shapes the API answers with. */
export const STATUSES = ['new', 'dispatched', 'accepted', 'in_progress', 'on_hold', 'resolved', 'closed', 'cancelled'] as const;
export type Status = (typeof STATUSES)[number];
export const OPEN_STATUSES: readonly Status[] = ['new', 'dispatched', 'accepted', 'in_progress', 'on_hold'];

export const ACTIONS = ['dispatch', 'accept', 'decline', 'start', 'hold', 'resume', 'resolve', 'verify', 'close', 'reopen', 'cancel', 'comment'] as const;
export type Action = (typeof ACTIONS)[number];

export const PRIORITIES = ['P1', 'P2', 'P3', 'P4'] as const;
export type Priority = (typeof PRIORITIES)[number];

export interface Location {
  lat: number;
  lng: number;
  address?: string;
}

/** The ticket as the lifecycle sees it: what decide functions read and change. */
export interface TicketState {
  id: string;
  number: string;
  type: string;
  status: Status;
  priority: Priority;
  title: string;
  description: string;
  channel: string;
  requesterId: string | null;
  assigneeId: string | null;
  customerId: string | null;
  deviceId: string | null;
  location: Location | null;
  fields: Record<string, unknown>;
  duplicateOfId: string | null;
  holdReason: string | null;
  heldFrom: string | null;
  solution: string | null;
  verification: Record<string, unknown> | null;
  responseDueAt: Date | null;
  resolveDueAt: Date | null;
  firstRespondedAt: Date | null;
  slaBreaches: unknown[];
  resolvedAt: Date | null;
  closedAt: Date | null;
  reopenCount: number;
  /** Engineers offered the ticket at once (offer-to-N dispatch); the first to accept takes it. */
  offeredTo: string[];
  /** Set when the dispatch engine found nobody: the ticket shows in the "dispatch failed" queue. */
  dispatchFailedAt: Date | null;
  dispatchFailure: string | null;
  slaPolicyId: string | null;
  /** What the SLA module keeps between changes (pause state, remaining time when paused). */
  slaState: SlaState;
  /** The ticket this one was opened from (an escalation ticket points at the original). */
  originTicketId: string | null;
  /** The problem (root-cause record) this ticket is linked to, when its fault keeps coming back. */
  problemId: string | null;
  createdAt: Date;
  updatedAt: Date;
  version: number;
}

/** A ticket as intake makes it: status new, nobody on it yet, no clocks. */
export function newTicket(init: Pick<TicketState, 'id' | 'number' | 'type' | 'priority' | 'title' | 'description' | 'createdAt'>
  & Partial<TicketState>): TicketState {
  return {
    status: 'new', channel: 'api', requesterId: null, assigneeId: null, customerId: null, deviceId: null, location: null,
    fields: {}, duplicateOfId: null, holdReason: null, heldFrom: null, solution: null, verification: null,
    responseDueAt: null, resolveDueAt: null, firstRespondedAt: null, slaBreaches: [], resolvedAt: null, closedAt: null,
    reopenCount: 0, offeredTo: [], dispatchFailedAt: null, dispatchFailure: null, slaPolicyId: null, slaState: {},
    originTicketId: null, problemId: null, updatedAt: init.createdAt, version: 1, ...init,
  };
}

/** The SLA module's view of a ticket's clocks, stored with the ticket so reading it costs nothing. */
export interface SlaState {
  policyVersion?: number;
  paused?: boolean;
  /** Business seconds left on each clock when it was paused; null once met. */
  responseRemainingSeconds?: number | null;
  resolveRemainingSeconds?: number | null;
}

const iso = (value: Date | null) => (value ? value.toISOString() : null);

export type DuplicateSummary = Pick<TicketState, 'id' | 'number' | 'status' | 'title'>;

/** What a duplicate shows of the ticket that already handles it. */
export const duplicateSummary = (ticket: DuplicateSummary): DuplicateSummary =>
  ({ id: ticket.id, number: ticket.number, status: ticket.status, title: ticket.title });

/** The API.md Ticket, with Loopdesk's extra fields after the stable ones. */
/** Seconds from now to a due time (negative once overdue); while paused, what was left at the pause. */
function remaining(due: Date | null, pausedRemaining: number | null | undefined, paused: boolean, now: Date): number | null {
  if (paused) return pausedRemaining ?? null;
  return due ? Math.round((due.getTime() - now.getTime()) / 1000) : null;
}

export function toTicketView(ticket: TicketState, duplicateOf?: DuplicateSummary | null, now: Date = ticket.updatedAt) {
  const paused = ticket.slaState.paused === true;
  const responseOpen = !ticket.firstRespondedAt;
  const resolveOpen = !ticket.resolvedAt && ticket.status !== 'closed' && ticket.status !== 'cancelled';
  return {
    id: ticket.id,
    number: ticket.number,
    type: ticket.type,
    status: ticket.status,
    priority: ticket.priority,
    title: ticket.title,
    description: ticket.description,
    assigneeId: ticket.assigneeId,
    customerId: ticket.customerId,
    deviceId: ticket.deviceId,
    location: ticket.location,
    fields: ticket.fields,
    sla: {
      responseDueAt: iso(ticket.responseDueAt),
      resolveDueAt: iso(ticket.resolveDueAt),
      firstRespondedAt: iso(ticket.firstRespondedAt),
      breaches: ticket.slaBreaches,
      policyId: ticket.slaPolicyId,
      paused,
      responseRemainingSeconds: responseOpen ? remaining(ticket.responseDueAt, ticket.slaState.responseRemainingSeconds, paused, now) : null,
      resolveRemainingSeconds: resolveOpen ? remaining(ticket.resolveDueAt, ticket.slaState.resolveRemainingSeconds, paused, now) : null,
    },
    createdAt: ticket.createdAt.toISOString(),
    updatedAt: ticket.updatedAt.toISOString(),
    version: ticket.version,
    requesterId: ticket.requesterId,
    channel: ticket.channel,
    duplicateOf: duplicateOf ?? null,
    holdReason: ticket.holdReason,
    solution: ticket.solution,
    verification: ticket.verification,
    resolvedAt: iso(ticket.resolvedAt),
    closedAt: iso(ticket.closedAt),
    reopenCount: ticket.reopenCount,
    offeredTo: ticket.offeredTo,
    dispatchFailure: ticket.dispatchFailedAt ? { at: ticket.dispatchFailedAt.toISOString(), reason: ticket.dispatchFailure } : null,
    originTicketId: ticket.originTicketId,
    problemId: ticket.problemId,
  };
}
export type TicketView = ReturnType<typeof toTicketView>;
