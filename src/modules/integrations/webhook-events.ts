/**
 * What other systems hear of a ticket change: the webhook event types, derived from the change
 * in one pure function, and the subscription filter. No I/O here.
 */
import type { TicketChange, TicketState } from '../tickets/index.ts';

export const WEBHOOK_EVENT_TYPES = [
  'ticket.created', 'ticket.updated', 'ticket.status_changed', 'ticket.assigned', 'ticket.commented',
  'ticket.sla_breached', 'ticket.verified', 'ticket.closed',
] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];
export const isWebhookEventType = (value: string): value is WebhookEventType =>
  (WEBHOOK_EVENT_TYPES as readonly string[]).includes(value);

/** One event of a change: its type and what it adds to `data` beside the ticket. */
export interface DerivedEvent {
  type: WebhookEventType;
  details: Record<string, unknown>;
}

type ChangeFacts = Pick<TicketChange, 'before' | 'after' | 'events' | 'action' | 'actorId'>;

/**
 * The webhook events of one ticket change, in the order a receiver should apply them: created
 * or status first, then assignment, comments, breaches, verification, and closed last.
 * An edit, or a system change that none of the others explains (a priority raised), is
 * `ticket.updated`.
 */
export function deriveWebhookEvents(change: ChangeFacts): DerivedEvent[] {
  const { before, after, events, action } = change;
  const derived: DerivedEvent[] = [];
  if (action === 'create' || !before) {
    derived.push({ type: 'ticket.created', details: {} });
    if (after.assigneeId) derived.push({ type: 'ticket.assigned', details: { assigneeId: after.assigneeId, previousAssigneeId: null } });
    return derived;
  }
  if (before.status !== after.status) {
    derived.push({ type: 'ticket.status_changed', details: { from: before.status, to: after.status, action } });
  }
  if (after.assigneeId && after.assigneeId !== before.assigneeId) {
    derived.push({ type: 'ticket.assigned', details: { assigneeId: after.assigneeId, previousAssigneeId: before.assigneeId } });
  }
  for (const event of events) {
    if (event.type === 'commented') {
      derived.push({ type: 'ticket.commented', details: { comment: { body: String(event.data.body ?? ''), internal: event.data.internal === true } } });
    } else if (event.type === 'sla_breached') {
      derived.push({ type: 'ticket.sla_breached', details: { breach: { clock: event.data.clock ?? null, dueAt: event.data.dueAt ?? null } } });
    } else if (event.type === 'verified') {
      derived.push({ type: 'ticket.verified', details: { verification: { result: event.data.result ?? null, comment: event.data.comment ?? null } } });
    }
  }
  if (after.status === 'closed' && before.status !== 'closed') derived.push({ type: 'ticket.closed', details: {} });
  if (!derived.length && (action === 'update' || action === 'system' || ticketFieldsChanged(before, after))) {
    derived.push({ type: 'ticket.updated', details: { action } });
  }
  return derived;
}

/** The fields an outside system sees moved, for lifecycle actions that change no status. */
function ticketFieldsChanged(before: TicketState, after: TicketState): boolean {
  return before.priority !== after.priority || before.title !== after.title || before.description !== after.description
    || before.type !== after.type || JSON.stringify(before.fields) !== JSON.stringify(after.fields);
}

/** The ticket fields a filter may name, each matched against a list of allowed values. */
export const FILTER_KEYS = ['type', 'priority', 'status', 'customerId', 'deviceId', 'assigneeId', 'channel'] as const;
export type FilterKey = (typeof FILTER_KEYS)[number];
export type WebhookFilter = Partial<Record<FilterKey, string[]>>;

/** True when every key of the filter lists the ticket's value; an empty filter matches every ticket. */
export function matchesFilter(filter: WebhookFilter, ticket: TicketState): boolean {
  return FILTER_KEYS.every((key) => {
    const allowed = filter[key];
    if (!allowed) return true;
    const value = ticket[key];
    return value !== null && allowed.includes(String(value));
  });
}
