/**
 * The ticket lifecycle as a pure decide function: (ticket, action, input, actor, now) →
 * the changed fields and the events to append, or a typed refusal. No I/O here.
 *
 * Refusals are checked in a fixed order, so every (status, action, role) has one answer:
 *   1. the caller's roles may never take this action          → 403 forbidden
 *   2. the action is not possible from the ticket's status     → 409 illegal_transition
 *   3. the caller is not the assignee / the requester it needs → 403 forbidden
 */
import { AppError } from '../../platform/errors.ts';
import type { Actor, Role } from '../../platform/http/actor.ts';
import { ACTIONS, type Action, type Status, type TicketState } from './model.ts';

/**
 * Who the caller must be on the ticket: its assignee; a candidate (the assignee, or one of the
 * engineers it is offered to at once); its requester; or related (assignee or requester).
 */
type Relation = 'assignee' | 'candidate' | 'requester' | 'related';

interface Rule {
  from: readonly Status[];
  /** Roles that may take the action on any ticket they can see. */
  anyTicket: readonly Role[];
  /** Roles that may take it only on a ticket they are related to. */
  related?: { roles: readonly Role[]; relation: Relation };
}

const OPEN: readonly Status[] = ['new', 'dispatched', 'accepted', 'in_progress', 'on_hold'];
const ALL: readonly Status[] = [...OPEN, 'resolved', 'closed', 'cancelled'];
/** Roles that run the queue: they may move any ticket they see. */
export const SUPERVISORS: readonly Role[] = ['admin', 'dispatcher', 'manager'];
const WORKERS: readonly Role[] = ['engineer', 'expert'];

/** The role guard table. */
export const RULES: Record<Action, Rule> = {
  dispatch: { from: ['new', 'dispatched'], anyTicket: SUPERVISORS },
  accept: { from: ['dispatched'], anyTicket: [], related: { roles: WORKERS, relation: 'candidate' } },
  decline: { from: ['dispatched'], anyTicket: [], related: { roles: WORKERS, relation: 'candidate' } },
  start: { from: ['accepted'], anyTicket: [], related: { roles: WORKERS, relation: 'assignee' } },
  hold: { from: ['accepted', 'in_progress'], anyTicket: SUPERVISORS, related: { roles: WORKERS, relation: 'assignee' } },
  resume: { from: ['on_hold'], anyTicket: SUPERVISORS, related: { roles: WORKERS, relation: 'assignee' } },
  resolve: { from: ['accepted', 'in_progress'], anyTicket: [], related: { roles: WORKERS, relation: 'assignee' } },
  verify: { from: ['resolved'], anyTicket: SUPERVISORS, related: { roles: ['requester'], relation: 'requester' } },
  close: { from: ['resolved'], anyTicket: SUPERVISORS },
  reopen: { from: ['resolved', 'closed', 'cancelled'], anyTicket: SUPERVISORS, related: { roles: ['requester'], relation: 'requester' } },
  cancel: { from: OPEN, anyTicket: SUPERVISORS, related: { roles: ['requester'], relation: 'requester' } },
  comment: { from: ALL, anyTicket: ['admin', 'dispatcher', 'manager', 'expert', 'finance'], related: { roles: ['engineer', 'requester'], relation: 'related' } },
};

export interface ActionInput {
  comment?: string;
  assigneeId?: string;
  /** Dispatch to several engineers at once: the first to accept takes the ticket. */
  offerTo?: string[];
  /** The dispatch engine chose the assignee or the offer (its decision is stored with its reasons). */
  byEngine?: boolean;
  reason?: string;
  solution?: string;
  result?: 'satisfied' | 'partial' | 'unresolved';
  /** Verified by the system after the customer did not answer in time (counted apart). */
  auto?: boolean;
  body?: string;
  internal?: boolean;
}

export interface Decision {
  changes: Partial<TicketState>;
  events: { type: string; data: Record<string, unknown> }[];
}

function isRelated(ticket: TicketState, actor: Actor, relation: Relation): boolean {
  switch (relation) {
    case 'assignee': return ticket.assigneeId === actor.userId;
    case 'candidate': return ticket.assigneeId === actor.userId || ticket.offeredTo.includes(actor.userId);
    case 'requester': return ticket.requesterId === actor.userId;
    case 'related': return ticket.assigneeId === actor.userId || ticket.requesterId === actor.userId;
  }
}

/** Throws the refusal the table gives for this caller, or returns when the action may proceed. */
export function authorize(ticket: TicketState, action: Action, actor: Actor): void {
  const rule = RULES[action];
  const mayEver = actor.roles.some((role) => rule.anyTicket.includes(role) || rule.related?.roles.includes(role));
  if (!mayEver) throw new AppError('forbidden', `Your role may not ${action} tickets.`, { action });
  if (!rule.from.includes(ticket.status)) {
    throw new AppError('illegal_transition', `A ticket that is ${ticket.status} cannot be ${action === 'comment' ? 'commented' : action + 'ed'}.`,
      { action, status: ticket.status, allowedFrom: rule.from });
  }
  if (actor.roles.some((role) => rule.anyTicket.includes(role))) return;
  if (rule.related && actor.roles.some((role) => rule.related!.roles.includes(role)) && isRelated(ticket, actor, rule.related.relation)) return;
  const who = {
    assignee: 'the assignee', candidate: 'the engineer it is offered to', requester: 'the requester', related: 'people on the ticket',
  }[rule.related?.relation ?? 'related'];
  throw new AppError('forbidden', `Only ${who} or a dispatcher may ${action} this ticket.`, { action });
}

function required(value: string | undefined, field: string, action: Action): string {
  const trimmed = value?.trim();
  if (!trimmed) throw new AppError('invalid_input', `${action} needs a ${field}.`, { field });
  return trimmed;
}

/** Decides what an allowed action changes. `authorize` must have passed. */
export function decideAction(ticket: TicketState, action: Action, input: ActionInput, actor: Actor, now: Date): Decision {
  if (!ACTIONS.includes(action)) throw new AppError('invalid_input', `Unknown action "${action}".`);
  authorize(ticket, action, actor);
  const from = ticket.status;
  const comment = input.comment?.trim() || undefined;
  const transition = (to: Status, changes: Partial<TicketState> = {}, data: Record<string, unknown> = {}): Decision => ({
    changes: { status: to, ...changes },
    events: [{ type: EVENT_OF[action], data: { from, to, ...data, ...(comment ? { comment } : {}) } }],
  });
  // The first human answer to a ticket: its assignee taking it, or staff writing to the customer.
  const firstResponse = ticket.firstRespondedAt ? {} : { firstRespondedAt: now };

  switch (action) {
    case 'dispatch': {
      const placed = { dispatchFailedAt: null, dispatchFailure: null };
      const engine = input.byEngine ? { byEngine: true } : {};
      if (input.offerTo?.length) {
        const offerTo = [...new Set(input.offerTo)];
        return transition('dispatched', { assigneeId: null, offeredTo: offerTo, ...placed },
          { offerTo, previousAssigneeId: ticket.assigneeId, ...engine });
      }
      if (!input.assigneeId) throw new AppError('invalid_input', 'dispatch needs an assigneeId.', { field: 'assigneeId' });
      return transition('dispatched', { assigneeId: input.assigneeId, offeredTo: [], ...placed },
        { assigneeId: input.assigneeId, previousAssigneeId: ticket.assigneeId, ...engine });
    }
    case 'accept': {
      // Taking an offer withdraws it from everyone else: one assignee at a time.
      const withdrawnFrom = ticket.offeredTo.filter((userId) => userId !== actor.userId);
      return transition('accepted', { ...firstResponse, assigneeId: actor.userId, offeredTo: [] },
        ticket.offeredTo.length ? { assigneeId: actor.userId, withdrawnFrom } : {});
    }
    case 'decline': {
      const reason = required(input.reason, 'reason', action);
      if (ticket.assigneeId !== actor.userId) {
        // One of several offered engineers says no; the ticket waits for the others.
        const offeredTo = ticket.offeredTo.filter((userId) => userId !== actor.userId);
        return transition(offeredTo.length ? 'dispatched' : 'new', { offeredTo }, { reason, offerDeclinedBy: actor.userId, stillOffered: offeredTo });
      }
      return transition('new', { assigneeId: null }, { reason, previousAssigneeId: ticket.assigneeId });
    }
    case 'start':
      return transition('in_progress');
    case 'hold':
      return transition('on_hold', { holdReason: required(input.reason, 'reason', action), heldFrom: from }, { reason: input.reason!.trim() });
    case 'resume':
      return transition(ticket.heldFrom === 'accepted' ? 'accepted' : 'in_progress', { holdReason: null, heldFrom: null });
    case 'resolve':
      return transition('resolved', { solution: required(input.solution, 'solution', action), resolvedAt: now },
        { solution: input.solution!.trim() });
    case 'verify': {
      const result = input.result;
      if (result !== 'satisfied' && result !== 'partial' && result !== 'unresolved') {
        throw new AppError('invalid_input', 'verify needs a result: satisfied, partial or unresolved.', { field: 'result' });
      }
      const verification = {
        result, comment: comment ?? null, by: actor.userId || null, at: now.toISOString(), ...(input.auto ? { auto: true } : {}),
      };
      if (result === 'unresolved') {
        return transition(ticket.assigneeId ? 'accepted' : 'new',
          { verification, resolvedAt: null, reopenCount: ticket.reopenCount + 1 }, { result });
      }
      return transition('closed', { verification, closedAt: now }, { result, ...(input.auto ? { auto: true } : {}) });
    }
    case 'close':
      return transition('closed', { closedAt: now, verification: { result: null, by: actor.userId, at: now.toISOString(), closedWithoutVerification: true } });
    case 'reopen': {
      const reason = required(input.reason, 'reason', action);
      if (from === 'cancelled') {
        // Undoing a cancel (or a wrong duplicate match) puts the ticket back in the queue.
        if (!actor.roles.some((role) => SUPERVISORS.includes(role))) {
          throw new AppError('forbidden', 'Only a dispatcher may reopen a cancelled ticket.', { action });
        }
        return transition('new', { assigneeId: null, duplicateOfId: null, closedAt: null, reopenCount: ticket.reopenCount + 1 }, { reason });
      }
      return transition(ticket.assigneeId ? 'accepted' : 'new',
        { closedAt: null, resolvedAt: null, verification: null, reopenCount: ticket.reopenCount + 1 }, { reason });
    }
    case 'cancel':
      return transition('cancelled', { closedAt: now }, { reason: required(input.reason, 'reason', action) });
    case 'comment': {
      const body = required(input.body ?? input.comment, 'body', action);
      const internal = input.internal === true;
      if (internal && !actor.roles.some((role) => role !== 'requester')) {
        throw new AppError('forbidden', 'Requesters cannot write internal comments.', { action });
      }
      const isStaffReply = !internal && actor.userId !== ticket.requesterId && actor.roles.some((role) => role !== 'requester');
      return {
        changes: isStaffReply ? firstResponse : {},
        events: [{ type: 'commented', data: { body, internal } }],
      };
    }
  }
}

/** Another system's report that the fault is fixed (e.g. MES: "line 3 restarted"): who said it, and what. */
export interface SourceReport {
  /** The solution to record, naming the source: "MES：3号线已恢复生产". */
  solution: string;
  /** The connector's key and the source's own id of the record. */
  system: string;
  externalId: string;
}

/**
 * A source system reports the fault resolved. This is not a person's action, so the role table
 * above does not apply: the source may resolve from any open status (nobody may have taken the
 * ticket yet), and the ticket then waits for verification as after any resolve. An offer nobody
 * accepted and a hold end with it. A ticket already resolved, closed or cancelled has nothing to
 * move: null, and the source's later report changes nothing.
 */
export function decideSourceResolve(ticket: TicketState, report: SourceReport, now: Date): Decision | null {
  if (!OPEN.includes(ticket.status)) return null;
  const solution = report.solution.trim();
  if (!solution) throw new AppError('invalid_input', 'A source\'s resolve needs a solution.', { field: 'solution' });
  const unaccepted = ticket.status === 'dispatched' ? { assigneeId: null, offeredTo: [] } : {};
  return {
    changes: { status: 'resolved', solution, resolvedAt: now, holdReason: null, heldFrom: null, ...unaccepted },
    events: [{
      type: 'resolved',
      data: { from: ticket.status, to: 'resolved', solution, bySource: { system: report.system, externalId: report.externalId } },
    }],
  };
}

const EVENT_OF: Record<Action, string> = {
  dispatch: 'dispatched', accept: 'accepted', decline: 'declined', start: 'started', hold: 'held', resume: 'resumed',
  resolve: 'resolved', verify: 'verified', close: 'closed', reopen: 'reopened', cancel: 'cancelled', comment: 'commented',
};
