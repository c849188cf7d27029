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
  createdAt: Date;
  updatedAt: Date;
  version: number;
}

const iso = (value: Date | null) => (value ? value.toISOString() : null);

export type DuplicateSummary = Pick<TicketState, 'id' | 'number' | 'status' | 'title'>;

/** What a duplicate shows of the ticket that already handles it. */
export const duplicateSummary = (ticket: DuplicateSummary): DuplicateSummary =>
  ({ id: ticket.id, number: ticket.number, status: ticket.status, title: ticket.title });

/** The API.md Ticket, with Loopdesk's extra fields after the stable ones. */
export function toTicketView(ticket: TicketState, duplicateOf?: DuplicateSummary | null) {
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
  };
}
export type TicketView = ReturnType<typeof toTicketView>;
