/** The API's shapes as the web app reads them (the server's OpenAPI document is the reference). */
export const STATUSES = ['new', 'dispatched', 'accepted', 'in_progress', 'on_hold', 'resolved', 'closed', 'cancelled'] as const;
export type Status = (typeof STATUSES)[number];
export const OPEN_STATUSES: readonly Status[] = ['new', 'dispatched', 'accepted', 'in_progress', 'on_hold'];
export const PRIORITIES = ['P1', 'P2', 'P3', 'P4'] as const;
export type Priority = (typeof PRIORITIES)[number];
export type Role = 'admin' | 'dispatcher' | 'engineer' | 'expert' | 'manager' | 'finance' | 'requester';

export interface Me {
  id: string;
  name: string;
  email: string;
  roles: Role[];
  tenant: { id: string; slug: string; name: string; timezone: string };
}

export interface Ticket {
  id: string;
  number: string;
  type: string;
  status: Status;
  priority: Priority;
  title: string;
  description: string;
  assigneeId: string | null;
  customerId: string | null;
  deviceId: string | null;
  location: { lat: number; lng: number; address?: string | null } | null;
  fields: Record<string, unknown>;
  sla: {
    responseDueAt: string | null;
    resolveDueAt: string | null;
    firstRespondedAt: string | null;
    breaches: unknown[];
    paused: boolean;
    responseRemainingSeconds: number | null;
    resolveRemainingSeconds: number | null;
  };
  createdAt: string;
  updatedAt: string;
  version: number;
  requesterId: string | null;
  channel: string;
  duplicateOf: { id: string; number: string; status: Status; title: string } | null;
  holdReason: string | null;
  solution: string | null;
  verification: Record<string, unknown> | null;
  resolvedAt: string | null;
  closedAt: string | null;
  reopenCount: number;
  offeredTo: string[];
  dispatchFailure: { at: string; reason: string | null } | null;
  originTicketId: string | null;
  problemId: string | null;
}

export interface TicketEvent {
  id: string;
  type: string;
  at: string;
  actorId: string | null;
  data: Record<string, unknown>;
}

export interface Page<T> {
  items: T[];
  nextCursor?: string | null;
}

export interface UserSummary {
  id: string;
  name: string;
  email: string;
  roles: Role[];
  availability?: string;
  skills?: { key: string; level: number; expiresAt: string | null }[];
  location?: { lat: number; lng: number } | null;
}

export const hasRole = (me: Pick<Me, 'roles'> | undefined, ...roles: Role[]) => !!me && me.roles.some((role) => roles.includes(role));
export const isStaff = (me: Pick<Me, 'roles'> | undefined) => hasRole(me, 'admin', 'dispatcher', 'manager', 'expert', 'finance', 'engineer');
