/**
 * A ticket's closure checklist: what its rule asks for, what has been proven, by whom and when.
 * Only the engineer working the ticket ticks items, while the work is open; each tick and
 * un-tick is an event on the ticket, in the transaction that writes it.
 */
import type { Ctx, Db } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { hasRole, isStaff, type Actor } from '../../platform/http/actor.ts';
import { getUsersByIds } from '../directory/index.ts';
import { appendTicketEvents, canSee, listAttachments, type Attachment, type Status, type TicketState, type TicketSystem } from '../tickets/index.ts';
import { checkEvidence, checklistIncomplete, entrySatisfies, missingItems, type ChecklistEntry, type EvidenceFile } from './checklist-model.ts';
import * as store from './checklist-store.ts';
import { closureRuleFor } from './rules-service.ts';
import type { ChecklistItem } from './rules-model.ts';

/** The work is under way: the worker is gathering proof. Resolved or closed work is not re-proven. */
const TICKABLE: readonly Status[] = ['accepted', 'in_progress', 'on_hold'];

export interface TickInput {
  attachmentIds?: string[];
  text?: string;
  value?: number;
}

const itemView = (item: ChecklistItem) => ({
  key: item.key, label: item.label, labelEn: item.labelEn, evidence: item.evidence, required: item.required,
  unit: item.unit, min: item.min, max: item.max,
});

/** The checklist of a ticket as the API answers it. */
export async function checklistOf(db: Db, tenantId: string, ticket: TicketState) {
  const rule = await closureRuleFor(db, tenantId, ticket);
  if (!rule) return { ruleId: null, reviewRequired: false, items: [], missing: [], complete: true };
  const entries = new Map((await store.listEntries(db, tenantId, ticket.id)).map((entry) => [entry.itemKey, entry]));
  const done = rule.items.filter((item) => entrySatisfies(item, entries.get(item.key))).map((item) => entries.get(item.key)!);
  const files = new Map<string, Attachment>(done.some((entry) => entry.attachmentIds.length)
    ? (await listAttachments(db, tenantId, [ticket.id])).map((file) => [file.id, file])
    : []);
  const people = new Map((await getUsersByIds(db, tenantId, [...new Set(done.map((entry) => entry.doneBy))])).map((user) => [user.id, user]));
  const doneView = (entry: ChecklistEntry) => ({
    attachments: entry.attachmentIds.filter((id) => files.has(id))
      .map((id) => ({ id, name: files.get(id)!.name, mime: files.get(id)!.mime })),
    text: entry.text, value: entry.value, by: entry.doneBy, byName: people.get(entry.doneBy)?.name ?? null, at: entry.doneAt.toISOString(),
  });
  const missing = missingItems(rule.items, [...entries.values()]).map((item) => item.key);
  return {
    ruleId: rule.id,
    reviewRequired: rule.reviewRequired,
    items: rule.items.map((item) => {
      const entry = entries.get(item.key);
      return { ...itemView(item), done: entrySatisfies(item, entry) ? doneView(entry!) : null };
    }),
    missing,
    complete: missing.length === 0,
  };
}
export type ChecklistView = Awaited<ReturnType<typeof checklistOf>>;

/** The guard on `resolve`: every required item met, or a 422 naming each one missing. */
export async function checkChecklistMet(db: Db, tenantId: string, ticket: TicketState): Promise<void> {
  const rule = await closureRuleFor(db, tenantId, ticket);
  if (!rule) return;
  const missing = missingItems(rule.items, await store.listEntries(db, tenantId, ticket.id));
  if (missing.length) throw checklistIncomplete(missing);
}

/**
 * Only the ticket's assignee ticks. Staff of the tenant are told why they may not; a requester
 * learns nothing of a ticket that is not theirs.
 */
function checkWorker(actor: Actor, ticket: TicketState): void {
  if (hasRole(actor, 'engineer', 'expert') && ticket.assigneeId === actor.userId) return;
  if (!isStaff(actor) && !canSee(actor, ticket)) throw new AppError('not_found', 'Ticket not found.', { id: ticket.id });
  throw new AppError('forbidden',
    '只有处理该工单的工程师可以勾选结案清单。Only the engineer working this ticket (its assignee) may tick its checklist.',
    { assigneeId: ticket.assigneeId });
}

function checkTickable(ticket: TicketState): void {
  if (!TICKABLE.includes(ticket.status)) {
    throw new AppError('illegal_transition',
      `A ticket that is ${ticket.status} takes no checklist changes; the checklist is worked while the ticket is ${TICKABLE.join(', ')}.`,
      { status: ticket.status, allowedFrom: TICKABLE });
  }
}

function itemOf(rule: { items: ChecklistItem[] } | undefined, key: string): ChecklistItem {
  const item = rule?.items.find((candidate) => candidate.key === key);
  if (!item) throw new AppError('not_found', `The closure checklist of this ticket has no item "${key}".`, { key });
  return item;
}

/** The named attachments, each of which must belong to this very ticket. */
async function evidenceFiles(db: Db, tenantId: string, ticketId: string, ids: readonly string[]): Promise<EvidenceFile[]> {
  if (!ids.length) return [];
  const ofTicket = new Map((await listAttachments(db, tenantId, [ticketId])).map((file) => [file.id, file]));
  return [...new Set(ids.map((id) => id.toLowerCase()))].map((id) => {
    const file = ofTicket.get(id);
    if (!file) {
      throw new AppError('invalid_input', `attachmentIds: ${id} is not an attachment of this ticket; upload the evidence to it first.`,
        { field: 'attachmentIds', id });
    }
    return { id: file.id, name: file.name, mime: file.mime };
  });
}

export function createChecklistService(ctx: Ctx, system: TicketSystem) {
  async function loadTicket(db: Db, actor: Actor, id: string, forUpdate: boolean): Promise<TicketState> {
    const ticket = await system.load(db, actor.tenantId, id, forUpdate);
    if (!ticket) throw new AppError('not_found', 'Ticket not found.', { id });
    return ticket;
  }

  async function get(actor: Actor, ticketId: string): Promise<ChecklistView> {
    const ticket = await loadTicket(ctx.db, actor, ticketId, false);
    if (!canSee(actor, ticket)) throw new AppError('not_found', 'Ticket not found.', { id: ticketId });
    return checklistOf(ctx.db, actor.tenantId, ticket);
  }

  /** Records proof for one item, replacing an earlier tick of it. */
  async function tick(actor: Actor, ticketId: string, key: string, input: TickInput): Promise<ChecklistView> {
    return ctx.db.transaction().execute(async (trx) => {
      // Locked: a resolve cannot pass its guard between this check and this write.
      const ticket = await loadTicket(trx, actor, ticketId, true);
      checkWorker(actor, ticket);
      checkTickable(ticket);
      const item = itemOf(await closureRuleFor(trx, actor.tenantId, ticket), key);
      const files = await evidenceFiles(trx, actor.tenantId, ticket.id, input.attachmentIds ?? []);
      const text = input.text ?? null;
      const value = input.value ?? null;
      checkEvidence(item, { files, text, value });
      const now = ctx.clock.now();
      const attachmentIds = files.map((file) => file.id);
      await store.upsertEntry(trx, actor.tenantId, ticket.id, {
        itemKey: item.key, evidence: item.evidence, attachmentIds, text, value, doneBy: actor.userId, doneAt: now,
      });
      await appendTicketEvents(trx, actor.tenantId, ticket.id, actor.userId, now, [{
        type: 'checklist_item_done',
        data: { key: item.key, evidence: item.evidence, attachmentIds, ...(value !== null && { value }), ...(text !== null && { text }) },
      }]);
      return checklistOf(trx, actor.tenantId, ticket);
    });
  }

  /** Takes a tick back; un-ticking an item that was not ticked changes nothing. */
  async function untick(actor: Actor, ticketId: string, key: string): Promise<ChecklistView> {
    return ctx.db.transaction().execute(async (trx) => {
      const ticket = await loadTicket(trx, actor, ticketId, true);
      checkWorker(actor, ticket);
      checkTickable(ticket);
      const removed = await store.deleteEntry(trx, actor.tenantId, ticket.id, key);
      if (!removed) {
        itemOf(await closureRuleFor(trx, actor.tenantId, ticket), key);
      } else {
        await appendTicketEvents(trx, actor.tenantId, ticket.id, actor.userId, ctx.clock.now(), [{
          type: 'checklist_item_undone', data: { key, evidence: removed.evidence },
        }]);
      }
      return checklistOf(trx, actor.tenantId, ticket);
    });
  }

  return { get, tick, untick };
}
