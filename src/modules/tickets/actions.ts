/** POST /tickets/{id}/actions/{action}: authorize, decide, persist, in one transaction. */
import type { Ctx, Db } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import type { Actor } from '../../platform/http/actor.ts';
import { isUuid } from '../../platform/ids.ts';
import { getUser } from '../directory/index.ts';
import type { TicketHooks } from './hooks.ts';
import { authorize, decideAction, type ActionInput } from './lifecycle.ts';
import { ACTIONS, type Action, type TicketState, type TicketView } from './model.ts';
import type { TicketCore } from './service.ts';
import * as store from './store.ts';

async function checkAssignee(db: Db, tenantId: string, assigneeId: string): Promise<void> {
  const user = await getUser(db, tenantId, assigneeId);
  if (!user || !user.active) throw new AppError('invalid_input', 'assigneeId names no active user of this tenant.', { field: 'assigneeId' });
  if (!user.roles.some((role) => role === 'engineer' || role === 'expert')) {
    throw new AppError('business_rule', `${user.name} is not an engineer or expert and cannot take tickets.`, { assigneeId });
  }
  if (user.availability === 'on_leave') {
    throw new AppError('business_rule', `${user.name} is on leave${user.leave?.until ? ` until ${user.leave.until}` : ''}.`,
      { assigneeId, delegateId: user.leave?.delegateId ?? null });
  }
}

/**
 * Decides and writes one action on a locked ticket, appends its events and lets the other
 * modules react, all in the caller's transaction. People and the runner both come through here.
 */
export async function applyAction(db: Db, hooks: TicketHooks, ticket: TicketState, change: {
  tenantId: string; action: Action; input: ActionInput; actor: Actor; actorId: string | null; now: Date;
}): Promise<TicketState> {
  const { tenantId, action, actor, now } = change;
  let input = change.input;
  if (action === 'dispatch') {
    authorize(ticket, action, actor);
    const named = input.offerTo?.length ? input.offerTo : input.assigneeId ? [input.assigneeId] : [];
    for (const userId of named) await checkAssignee(db, tenantId, userId);
    if (!named.length) input = { ...input, ...(await hooks.choose(db, tenantId, ticket, change.actorId, now)), byEngine: true };
  }
  const decision = decideAction(ticket, action, input, actor, now);
  await hooks.check(db, { tenantId, ticket, action, input, actor, now });
  const updated = await store.updateTicket(db, tenantId, ticket.id, decision.changes, now, action !== 'comment');
  await store.appendEvents(db, tenantId, ticket.id, change.actorId, now, decision.events);
  return hooks.changed(db, { tenantId, before: ticket, after: updated, events: decision.events, action, actorId: change.actorId, now });
}

/**
 * The ticket, locked. An engineer whose offer was withdrawn (someone else accepted first, or it
 * moved on) no longer sees the ticket, but answering their accept with 404 would say it never
 * existed: they get 409, like the loser of a race on a ticket they still see.
 */
async function loadForAction(db: Db, core: TicketCore, actor: Actor, id: string, action: Action): Promise<TicketState> {
  try {
    return await core.loadVisible(db, actor, id, true);
  } catch (error) {
    const offerAnswer = action === 'accept' || action === 'decline';
    if (!(error instanceof AppError && error.code === 'not_found' && offerAnswer && isUuid(id))) throw error;
    if (!(await store.wasDispatchedTo(db, actor.tenantId, id, actor.userId))) throw error;
    throw new AppError('illegal_transition', 'This ticket is no longer offered to you: someone else took it, or it was given to another engineer.',
      { action, id });
  }
}

export function createActionService(ctx: Ctx, core: TicketCore, hooks: TicketHooks) {
  return async function act(actor: Actor, id: string, action: string, input: ActionInput & { version?: number }): Promise<TicketView> {
    if (!(ACTIONS as readonly string[]).includes(action)) {
      throw new AppError('invalid_input', `Unknown action "${action}". Actions: ${ACTIONS.join(', ')}.`, { action });
    }
    const known = action as Action;
    return ctx.db.transaction().execute(async (trx) => {
      const ticket = await loadForAction(trx, core, actor, id, known);
      if (input.version !== undefined && input.version !== ticket.version && known !== 'comment') {
        throw new AppError('version_conflict', `The ticket changed since you loaded it (version ${ticket.version}, yours ${input.version}). Reload and try again.`,
          { currentVersion: ticket.version });
      }
      const { version: _version, ...actionInput } = input;
      const updated = await applyAction(trx, hooks, ticket, {
        tenantId: actor.tenantId, action: known, input: actionInput, actor, actorId: actor.userId, now: ctx.clock.now(),
      });
      return core.view(trx, actor.tenantId, updated);
    });
  };
}
