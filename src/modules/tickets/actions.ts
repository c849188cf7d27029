/** POST /tickets/{id}/actions/{action}: authorize, decide, persist, in one transaction. */
import type { Ctx, Db } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import type { Actor } from '../../platform/http/actor.ts';
import { getUser, listUsers } from '../directory/index.ts';
import { authorize, decideAction, type ActionInput } from './lifecycle.ts';
import { ACTIONS, type Action, type TicketView } from './model.ts';
import type { TicketCore } from './service.ts';
import * as store from './store.ts';

/**
 * Until the dispatch engine scores candidates, "dispatch without an assignee" takes the
 * available engineer with the fewest open tickets (ties: the longest-standing account).
 */
async function leastLoadedEngineer(db: Db, tenantId: string, now: Date): Promise<string | undefined> {
  const engineers = (await listUsers(db, tenantId, { role: 'engineer', limit: 5000 }))
    .filter((user) => user.active && (user.availability === 'online' || user.availability === 'busy'))
    .filter((user) => !(user.leave?.from && user.leave.until && new Date(user.leave.from) <= now && now < new Date(user.leave.until)));
  if (!engineers.length) return undefined;
  const load = await store.openLoadOf(db, tenantId, engineers.map((user) => user.id));
  engineers.sort((a, b) => (load.get(a.id) ?? 0) - (load.get(b.id) ?? 0) || a.id.localeCompare(b.id));
  return engineers[0].id;
}

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

export function createActionService(ctx: Ctx, core: TicketCore) {
  return async function act(actor: Actor, id: string, action: string, input: ActionInput & { version?: number }): Promise<TicketView> {
    if (!(ACTIONS as readonly string[]).includes(action)) {
      throw new AppError('invalid_input', `Unknown action "${action}". Actions: ${ACTIONS.join(', ')}.`, { action });
    }
    const known = action as Action;
    return ctx.db.transaction().execute(async (trx) => {
      const ticket = await core.loadVisible(trx, actor, id, true);
      if (input.version !== undefined && input.version !== ticket.version && known !== 'comment') {
        throw new AppError('version_conflict', `The ticket changed since you loaded it (version ${ticket.version}, yours ${input.version}). Reload and try again.`,
          { currentVersion: ticket.version });
      }
      const now = ctx.clock.now();
      let resolvedInput = input;
      if (known === 'dispatch') {
        authorize(ticket, known, actor);
        const assigneeId = input.assigneeId ?? await leastLoadedEngineer(trx, actor.tenantId, now);
        if (!assigneeId) throw new AppError('business_rule', 'No engineer is available now; choose one by assigneeId.', { action });
        await checkAssignee(trx, actor.tenantId, assigneeId);
        resolvedInput = { ...input, assigneeId };
      }
      const decision = decideAction(ticket, known, resolvedInput, actor, now);
      const updated = await store.updateTicket(trx, actor.tenantId, id, decision.changes, now, known !== 'comment');
      await store.appendEvents(trx, actor.tenantId, id, actor.userId, now, decision.events);
      return core.view(trx, actor.tenantId, updated);
    });
  };
}
