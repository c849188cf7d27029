/**
 * SQL of customer verification: the verification_links rows, and the counts of the statistics.
 * Every statement is scoped by tenant. The statistics read the tickets module's ticket_events
 * and tickets (read only), as the dispatch module does for its history.
 */
import { sql, type Selectable } from 'kysely';
import type { Db } from '../../platform/context.ts';
import type { VerificationLinksTable } from './tables.ts';
import type { LinkRow } from './verification-model.ts';

const toLink = (row: Selectable<VerificationLinksTable>): LinkRow => ({
  id: row.id, ticketId: row.ticket_id, expiresAt: row.expires_at, usedAt: row.used_at, result: row.result,
  answered: row.answered, createdAt: row.created_at,
});

export async function insertLink(db: Db, tenantId: string, link: { id: string; ticketId: string; expiresAt: Date; createdBy: string | null; now: Date }) {
  await db.insertInto('verification_links').values({
    tenant_id: tenantId, id: link.id, ticket_id: link.ticketId, expires_at: link.expiresAt, created_by: link.createdBy, created_at: link.now,
  }).execute();
}

/** One link; `forUpdate` holds it to the end of the transaction, so two answers through it run one after the other. */
export async function getLink(db: Db, tenantId: string, id: string, options: { forUpdate?: boolean } = {}): Promise<LinkRow | undefined> {
  let query = db.selectFrom('verification_links').selectAll().where('tenant_id', '=', tenantId).where('id', '=', id);
  if (options.forUpdate) query = query.forUpdate();
  const row = await query.executeTakeFirst();
  return row && toLink(row);
}

/** A ticket's links, newest first. */
export async function listLinks(db: Db, tenantId: string, ticketId: string): Promise<LinkRow[]> {
  const rows = await db.selectFrom('verification_links').selectAll().where('tenant_id', '=', tenantId).where('ticket_id', '=', ticketId)
    .orderBy('created_at', 'desc').orderBy('id', 'desc').execute();
  return rows.map(toLink);
}

/** Uses up every link of the ticket still waiting, with how the wait ended. */
export async function closeOpenLinks(db: Db, tenantId: string, ticketId: string, result: string, now: Date): Promise<void> {
  await db.updateTable('verification_links').set({ used_at: now, result })
    .where('tenant_id', '=', tenantId).where('ticket_id', '=', ticketId).where('used_at', 'is', null).execute();
}

/** Marks the link the customer answered through. */
export async function markAnswered(db: Db, tenantId: string, id: string): Promise<void> {
  await db.updateTable('verification_links').set({ answered: true }).where('tenant_id', '=', tenantId).where('id', '=', id).execute();
}

/** Whether the customer answered through any link of the ticket since `since`. */
export async function answeredSince(db: Db, tenantId: string, ticketId: string, since: Date): Promise<boolean> {
  const row = await db.selectFrom('verification_links').select('id')
    .where('tenant_id', '=', tenantId).where('ticket_id', '=', ticketId).where('answered', '=', true).where('used_at', '>=', since)
    .limit(1).executeTakeFirst();
  return !!row;
}

export interface VerificationCounts {
  satisfied: number;
  partial: number;
  unresolved: number;
  autoVerified: number;
  closedWithoutVerification: number;
}

/**
 * What happened to verifications in [from, to), from the event chain: customers' answers (or
 * staff's on their behalf) by result, the system's auto-verifications apart, and closes that
 * skipped verification. One pass over a partial index of those two event types.
 */
export async function countVerificationEvents(db: Db, tenantId: string, from: Date, to: Date): Promise<VerificationCounts> {
  const result = await sql<Record<keyof VerificationCounts, number>>`
    SELECT
      count(*) FILTER (WHERE type = 'verified' AND data->>'auto' IS NULL AND data->>'result' = 'satisfied')::int AS satisfied,
      count(*) FILTER (WHERE type = 'verified' AND data->>'auto' IS NULL AND data->>'result' = 'partial')::int AS partial,
      count(*) FILTER (WHERE type = 'verified' AND data->>'auto' IS NULL AND data->>'result' = 'unresolved')::int AS unresolved,
      count(*) FILTER (WHERE type = 'verified' AND data->>'auto' = 'true')::int AS "autoVerified",
      count(*) FILTER (WHERE type = 'closed')::int AS "closedWithoutVerification"
    FROM ticket_events
    WHERE tenant_id = ${tenantId} AND type IN ('verified', 'closed') AND at >= ${from} AND at < ${to}`.execute(db);
  return result.rows[0];
}

/** Tickets resolved and waiting for their customer now: not those an expert still has to review. */
export async function countAwaitingVerification(db: Db, tenantId: string): Promise<number> {
  const result = await sql<{ count: number }>`
    SELECT count(*)::int AS count FROM tickets t
    WHERE t.tenant_id = ${tenantId} AND t.status = 'resolved'
      AND NOT EXISTS (SELECT 1 FROM closure_reviews r WHERE r.tenant_id = t.tenant_id AND r.ticket_id = t.id AND r.state = 'pending')`
    .execute(db);
  return result.rows[0].count;
}
