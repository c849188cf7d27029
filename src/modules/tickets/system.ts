/**
 * Ticket changes made by the system (the runner, the SLA and dispatch engines) rather than by a
 * person: the same lifecycle rules and hooks, in the caller's transaction, with no actor on the
 * events.
 */
import type { Db } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import type { Actor } from '../../platform/http/actor.ts';
import { uuidv7 } from '../../platform/ids.ts';
import { getTenant } from '../directory/index.ts';
import { applyAction } from './actions.ts';
import type { TicketHooks } from './hooks.ts';
import { deriveTitle } from './intake.ts';
import { decideSourceResolve, type ActionInput, type SourceReport } from './lifecycle.ts';
import { OPEN_STATUSES, newTicket, toTicketView, type Action, type Priority, type TicketState } from './model.ts';
import { localDay } from './service.ts';
import * as store from './store.ts';

/** The engines act with a supervisor's rights; their events carry no actor. */
const systemActor = (tenantId: string): Actor =>
  ({ tenantId, tenantSlug: '', userId: '', name: 'Loopdesk', email: '', roles: ['dispatcher'], tokenId: '' });

export function createTicketSystem(hooks: TicketHooks) {
  async function load(db: Db, tenantId: string, id: string, forUpdate = true): Promise<TicketState | undefined> {
    return store.getTicket(db, tenantId, id, { forUpdate });
  }

  async function loadOrFail(db: Db, tenantId: string, id: string): Promise<TicketState> {
    const ticket = await load(db, tenantId, id);
    if (!ticket) throw new AppError('not_found', 'Ticket not found.', { id });
    return ticket;
  }

  /**
   * A lifecycle action taken by the system, e.g. dispatching to the next candidate. `actorId`
   * names the person on whose behalf it acts where there is one (an expert sending a ticket
   * back from review, a customer answering through a verification link).
   */
  async function act(db: Db, tenantId: string, id: string, action: Action, input: ActionInput, now: Date,
    actorId: string | null = null): Promise<TicketState> {
    const ticket = await loadOrFail(db, tenantId, id);
    const actor = { ...systemActor(tenantId), userId: actorId ?? '' };
    return applyAction(db, hooks, ticket, { tenantId, action, input, actor, actorId, now });
  }

  /**
   * Resolves a ticket because its source system reports the fault fixed, on behalf of the
   * connector's service user (`actorId`, on the event). The action guards are not asked: they
   * are rules for people's actions (a closure checklist is the engineer's proof of their own
   * work, and a source's report is not an engineer's work), while everything after a resolve
   * runs as usual through the listeners (second-line review, the customer's verification).
   * A ticket already resolved, closed or cancelled is returned unchanged.
   */
  async function resolveForSource(db: Db, tenantId: string, id: string, report: SourceReport, now: Date,
    actorId: string): Promise<TicketState> {
    const ticket = await loadOrFail(db, tenantId, id);
    const decision = decideSourceResolve(ticket, report, now);
    if (!decision) return ticket;
    const updated = await store.updateTicket(db, tenantId, id, decision.changes, now, true);
    await store.appendEvents(db, tenantId, id, actorId, now, decision.events);
    return hooks.changed(db, { tenantId, before: ticket, after: updated, events: decision.events, action: 'resolve', actorId, now });
  }

  /** Fields the lifecycle does not own (priority, the dispatch-failed flag) with the events that explain them. */
  async function patch(db: Db, tenantId: string, id: string, changes: Partial<TicketState>,
    events: store.TicketEventInput[], now: Date): Promise<TicketState> {
    const ticket = await loadOrFail(db, tenantId, id);
    const updated = await store.updateTicket(db, tenantId, id, changes, now, true);
    await store.appendEvents(db, tenantId, id, null, now, events);
    return hooks.changed(db, { tenantId, before: ticket, after: updated, events, action: 'system', actorId: null, now });
  }

  /** A new ticket opened from another (an escalation ticket), linked both ways by events. */
  async function openLinked(db: Db, origin: TicketState, tenantId: string, input: {
    description: string; priority?: Priority; type?: string; reason: string;
  }, now: Date): Promise<TicketState> {
    const tenant = await getTenant(db, tenantId);
    const number = await store.nextTicketNumber(db, tenantId, localDay(now, tenant.timezone));
    const ticket = newTicket({
      id: uuidv7(now.getTime()), number, type: input.type ?? origin.type, priority: input.priority ?? origin.priority,
      title: deriveTitle(input.description), description: input.description, channel: 'escalation',
      requesterId: origin.requesterId, customerId: origin.customerId, deviceId: origin.deviceId, location: origin.location,
      originTicketId: origin.id, createdAt: now,
    });
    const events: store.NewTicketEvent[] = [
      { ticketId: ticket.id, type: 'created', data: { after: toTicketView(ticket), originTicketId: origin.id, reason: input.reason } },
      { ticketId: origin.id, type: 'linked_ticket_opened', data: { ticketId: ticket.id, number, reason: input.reason } },
    ];
    const written = await hooks.creating(db, { tenantId, after: ticket, events, actorId: null, now });
    await store.insertTicketWithEvents(db, tenantId, written, null, events);
    return written;
  }

  /** Other open tickets of the same device or customer: context for a delay snapshot. */
  async function relatedOpen(db: Db, tenantId: string, ticket: TicketState, limit = 20): Promise<TicketState[]> {
    if (!ticket.deviceId && !ticket.customerId) return [];
    const byDevice = ticket.deviceId
      ? await store.listTickets(db, tenantId, { kind: 'all' }, { deviceId: ticket.deviceId, statuses: [...OPEN_STATUSES], limit })
      : [];
    const byCustomer = ticket.customerId
      ? await store.listTickets(db, tenantId, { kind: 'all' }, { customerId: ticket.customerId, statuses: [...OPEN_STATUSES], limit })
      : [];
    const seen = new Set([ticket.id]);
    return [...byDevice, ...byCustomer].filter((other) => !seen.has(other.id) && seen.add(other.id)).slice(0, limit);
  }

  return { load, act, resolveForSource, patch, openLinked, relatedOpen, events: store.listEvents };
}

export type TicketSystem = ReturnType<typeof createTicketSystem>;
