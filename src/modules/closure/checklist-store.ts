/** SQL of checklist entries: one row per item a ticket's worker has met. */
import type { Selectable } from 'kysely';
import type { Db } from '../../platform/context.ts';
import type { ChecklistEntry } from './checklist-model.ts';
import type { EvidenceKind } from './rules-model.ts';
import type { ChecklistEntriesTable } from './tables.ts';

const toEntry = (row: Selectable<ChecklistEntriesTable>): ChecklistEntry => ({
  itemKey: row.item_key, evidence: row.evidence as EvidenceKind, attachmentIds: row.attachment_ids, text: row.text,
  value: row.value, doneBy: row.done_by, doneAt: row.done_at,
});

export async function listEntries(db: Db, tenantId: string, ticketId: string): Promise<ChecklistEntry[]> {
  const rows = await db.selectFrom('checklist_entries').selectAll()
    .where('tenant_id', '=', tenantId).where('ticket_id', '=', ticketId).execute();
  return rows.map(toEntry);
}

/** Ticking again replaces the earlier tick; the ticket's events keep both. */
export async function upsertEntry(db: Db, tenantId: string, ticketId: string, entry: ChecklistEntry): Promise<void> {
  const values = {
    evidence: entry.evidence, attachment_ids: entry.attachmentIds, text: entry.text, value: entry.value,
    done_by: entry.doneBy, done_at: entry.doneAt,
  };
  await db.insertInto('checklist_entries').values({ tenant_id: tenantId, ticket_id: ticketId, item_key: entry.itemKey, ...values })
    .onConflict((conflict) => conflict.columns(['tenant_id', 'ticket_id', 'item_key']).doUpdateSet(values))
    .execute();
}

/** The removed entry, or undefined when the item was not ticked. */
export async function deleteEntry(db: Db, tenantId: string, ticketId: string, itemKey: string): Promise<ChecklistEntry | undefined> {
  const row = await db.deleteFrom('checklist_entries')
    .where('tenant_id', '=', tenantId).where('ticket_id', '=', ticketId).where('item_key', '=', itemKey)
    .returningAll().executeTakeFirst();
  return row && toEntry(row);
}
