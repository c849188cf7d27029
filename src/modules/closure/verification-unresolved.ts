/**
 * A customer said "not solved". The lifecycle has already reopened the ticket to its engineer;
 * here, in the same transaction, the ticket becomes one step more urgent, the engineer's manager
 * and the engineer hear why, and (when the tenant wants it) the engineer gets no new ticket from
 * the dispatch engine for the rest of the tenant's day: they first fix this one.
 */
import type { Db } from '../../platform/context.ts';
import { getOrgUnit, getTenant, getUser, listUsers } from '../directory/index.ts';
import { pauseAutomaticDispatch } from '../dispatch/index.ts';
import { notify } from '../notify/index.ts';
import { appendTicketEvents, type TicketChange, type TicketEventInput, type TicketState } from '../tickets/index.ts';
import { getClosureSettings } from './settings.ts';
import { endOfLocalDay, raisedPriority } from './verification-model.ts';

/** Org trees are a few levels deep; the bound only stops a cycle a bug might leave. */
const MAX_TREE_DEPTH = 20;
/** The fallback reaches at most this many managers. */
const MAX_FALLBACK_MANAGERS = 20;
export const PAUSE_REASON = 'customer_unresolved';

/**
 * The engineer's manager: the manager of their org unit, or of the nearest unit above that has
 * an active one other than the engineer. When the tree names nobody (a small tenant without
 * org units), the tenant's managers, so the news is not lost.
 */
export async function managersOf(db: Db, tenantId: string, engineerId: string | null): Promise<string[]> {
  const engineer = engineerId ? await getUser(db, tenantId, engineerId) : undefined;
  let unitId = engineer?.orgUnitId ?? null;
  for (let depth = 0; unitId && depth < MAX_TREE_DEPTH; depth++) {
    const unit = await getOrgUnit(db, tenantId, unitId);
    if (!unit) break;
    if (unit.managerId && unit.managerId !== engineerId) {
      const manager = await getUser(db, tenantId, unit.managerId);
      if (manager?.active) return [manager.id];
    }
    unitId = unit.parentId;
  }
  const managers = await listUsers(db, tenantId, { role: 'manager', active: true, limit: MAX_FALLBACK_MANAGERS });
  return managers.map((manager) => manager.id).filter((id) => id !== engineerId);
}

/** The effects of a "not solved"; returns the raised priority for the ticket row. */
export async function handleNotSolved(db: Db, change: TicketChange, comment: string | null): Promise<Partial<TicketState> | undefined> {
  const { tenantId, now } = change;
  const ticket = change.after;
  const engineerId = change.before?.assigneeId ?? ticket.assigneeId;
  const priority = raisedPriority(ticket.priority);
  const events: TicketEventInput[] = [];
  if (priority !== ticket.priority) {
    events.push({ type: 'priority_raised', data: { from: ticket.priority, to: priority, reason: PAUSE_REASON } });
  }

  const settings = await getClosureSettings(db, tenantId);
  if (engineerId && settings.pauseEngineerOnUnresolved) {
    const until = endOfLocalDay(now, (await getTenant(db, tenantId)).timezone);
    await pauseAutomaticDispatch(db, { tenantId, userId: engineerId, until, reason: PAUSE_REASON, ticketId: ticket.id, now });
    events.push({ type: 'dispatch_paused', data: { userId: engineerId, until: until.toISOString(), reason: PAUSE_REASON } });
  }
  if (events.length) await appendTicketEvents(db, tenantId, ticket.id, null, now, events);

  const engineer = engineerId ? await getUser(db, tenantId, engineerId) : undefined;
  const recipients = [...await managersOf(db, tenantId, engineerId), ...(engineerId ? [engineerId] : [])];
  if (recipients.length) {
    await notify(db, {
      tenantId, template: 'closure.not_solved', userIds: recipients, ticketId: ticket.id, urgent: priority === 'P1', now,
      data: {
        number: ticket.number, title: ticket.title, priority, ...(engineer ? { assigneeName: engineer.name } : {}),
        ...(comment ? { reason: comment } : {}),
      },
    });
  }
  return priority !== ticket.priority ? { priority } : undefined;
}
