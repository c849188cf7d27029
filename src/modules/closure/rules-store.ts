/** SQL of closure rules, always scoped by tenant. */
import { sql, type Selectable } from 'kysely';
import type { Db } from '../../platform/context.ts';
import type { ChecklistItem, ClosureRule, ValidRule } from './rules-model.ts';
import type { ClosureRulesTable } from './tables.ts';

const toRule = (row: Selectable<ClosureRulesTable>): ClosureRule => ({
  id: row.id, ticketType: row.ticket_type, category: row.category, items: row.items as ChecklistItem[],
  reviewRequired: row.review_required, version: row.version, createdAt: row.created_at, updatedAt: row.updated_at,
});

/** A tenant's rules, by type then category (the type's own rule first). A tenant has tens. */
export async function listRules(db: Db, tenantId: string): Promise<ClosureRule[]> {
  const rows = await db.selectFrom('closure_rules').selectAll().where('tenant_id', '=', tenantId)
    .orderBy('ticket_type').orderBy(sql`category NULLS FIRST`).execute();
  return rows.map(toRule);
}

export async function getRule(db: Db, tenantId: string, id: string, options: { forUpdate?: boolean } = {}): Promise<ClosureRule | undefined> {
  let query = db.selectFrom('closure_rules').selectAll().where('tenant_id', '=', tenantId).where('id', '=', id);
  if (options.forUpdate) query = query.forUpdate();
  const row = await query.executeTakeFirst();
  return row && toRule(row);
}

/** The rules one ticket could fall under: its type's, with its category or with none. */
export async function rulesForScope(db: Db, tenantId: string, ticketType: string, category: string | null): Promise<ClosureRule[]> {
  const rows = await db.selectFrom('closure_rules').selectAll().where('tenant_id', '=', tenantId).where('ticket_type', '=', ticketType)
    .where((eb) => (category === null ? eb('category', 'is', null) : eb.or([eb('category', 'is', null), eb('category', '=', category)])))
    .execute();
  return rows.map(toRule);
}

/** Another rule of the same (type, category), which the unique index would refuse. */
export async function findSameScope(db: Db, tenantId: string, rule: Pick<ValidRule, 'ticketType' | 'category'>, exceptId?: string) {
  let query = db.selectFrom('closure_rules').select('id').where('tenant_id', '=', tenantId).where('ticket_type', '=', rule.ticketType)
    .where(sql<boolean>`coalesce(category, '') = ${rule.category ?? ''}`);
  if (exceptId) query = query.where('id', '<>', exceptId);
  return query.executeTakeFirst();
}

export async function insertRule(db: Db, tenantId: string, id: string, rule: ValidRule, now: Date): Promise<void> {
  await db.insertInto('closure_rules').values({
    tenant_id: tenantId, id, ticket_type: rule.ticketType, category: rule.category, items: JSON.stringify(rule.items),
    review_required: rule.reviewRequired, created_at: now, updated_at: now,
  }).execute();
}

export async function updateRule(db: Db, tenantId: string, id: string, rule: ValidRule, now: Date): Promise<void> {
  await db.updateTable('closure_rules').set({
    ticket_type: rule.ticketType, category: rule.category, items: JSON.stringify(rule.items), review_required: rule.reviewRequired,
    version: sql`version + 1`, updated_at: now,
  }).where('tenant_id', '=', tenantId).where('id', '=', id).execute();
}

export async function deleteRule(db: Db, tenantId: string, id: string): Promise<boolean> {
  const result = await db.deleteFrom('closure_rules').where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}
