/**
 * The workspace's saved views, as list queries the server answers (GET /tickets filters) and as
 * a predicate the browser checks, so a ticket that changes live can join or leave the view
 * without reloading it.
 */
import { isAboutToBreach } from '../../shared/sla-clock.tsx';
import { hasRole, OPEN_STATUSES, STATUSES, PRIORITIES, type Me, type Priority, type Status, type Ticket } from '../../shared/types.ts';

export const VIEWS = ['all', 'mine', 'team', 'unassigned', 'breaching', 'failed'] as const;
export type View = (typeof VIEWS)[number];

export const isView = (value: string | null): value is View => !!value && (VIEWS as readonly string[]).includes(value);

/**
 * The views worth offering: engineers see only the tickets offered or given to them, so the
 * queue-wide views (my team's, unassigned, dispatch failed) would always be empty for them;
 * requesters see only their own reports.
 */
export function viewsFor(me: Pick<Me, 'roles'> | undefined): readonly View[] {
  if (hasRole(me, 'admin', 'dispatcher', 'manager', 'expert', 'finance')) return VIEWS;
  if (hasRole(me, 'engineer')) return ['mine', 'breaching', 'all'];
  return ['all', 'breaching'];
}

/** What the user narrowed the view to (kept in the URL beside the view). */
export interface Filters {
  q: string;
  type: string | null;
  priority: Priority | null;
  /** Statuses chosen by hand; empty: the view's own. */
  statuses: Status[];
}

export function filtersFrom(params: URLSearchParams): Filters {
  const priority = params.get('priority');
  return {
    q: params.get('q')?.trim() ?? '',
    type: params.get('type') || null,
    priority: (PRIORITIES as readonly string[]).includes(priority ?? '') ? (priority as Priority) : null,
    statuses: (params.get('status') ?? '').split(',').filter((value): value is Status => (STATUSES as readonly string[]).includes(value)),
  };
}

/** Who "me" and "my team" are: the team is the engineers and experts of my org unit and the units under it. */
export interface Audience {
  meId: string;
  teamIds: string[];
}

/** The statuses a view shows unless the user chose some. */
export function statusesOf(view: View, filters: Filters): readonly Status[] | null {
  if (filters.statuses.length) return filters.statuses;
  return view === 'all' ? null : OPEN_STATUSES;
}

export type ListParams = Record<string, string | boolean | undefined>;

/**
 * The list queries behind a view: one for most, one per team member for "my team" (the list
 * filters by one assignee at a time). "About to breach" reads open tickets and keeps those
 * whose clock is near, since deadlines are not a list filter.
 */
export function queriesOf(view: View, filters: Filters, audience: Audience): ListParams[] {
  const statuses = statusesOf(view, filters);
  const common: ListParams = {
    q: filters.q || undefined,
    type: filters.type ?? undefined,
    priority: filters.priority ?? undefined,
    status: statuses?.join(','),
  };
  switch (view) {
    case 'all':
    case 'breaching':
      return [common];
    case 'mine':
      return [{ ...common, assigneeId: audience.meId }];
    case 'unassigned':
      return [{ ...common, assigneeId: 'none' }];
    case 'failed':
      return [{ ...common, dispatchFailed: true }];
    case 'team':
      return audience.teamIds.map((assigneeId) => ({ ...common, assigneeId }));
  }
}

/** The server's `q`: the number, title or description contains the text, whatever its case. */
function matchesText(ticket: Ticket, q: string): boolean {
  if (!q) return true;
  const needle = q.toLowerCase();
  return [ticket.number, ticket.title, ticket.description].some((text) => text.toLowerCase().includes(needle));
}

/** Whether a ticket belongs in the view now: the same rule as the view's queries, checked in the browser. */
export function belongsTo(ticket: Ticket, view: View, filters: Filters, audience: Audience, nowMs: number): boolean {
  const statuses = statusesOf(view, filters);
  if (statuses && !statuses.includes(ticket.status)) return false;
  if (filters.type && ticket.type !== filters.type) return false;
  if (filters.priority && ticket.priority !== filters.priority) return false;
  if (!matchesText(ticket, filters.q)) return false;
  switch (view) {
    case 'all': return true;
    case 'mine': return ticket.assigneeId === audience.meId;
    case 'team': return !!ticket.assigneeId && audience.teamIds.includes(ticket.assigneeId);
    case 'unassigned': return ticket.assigneeId === null;
    case 'failed': return ticket.dispatchFailure !== null;
    case 'breaching': return isAboutToBreach(ticket, nowMs);
  }
}

/** Views whose rows the server cannot pick by itself: the browser keeps the ones that belong. */
export const filteredInBrowser = (view: View) => view === 'breaching';
