/**
 * SQL of second-line review rounds (双签), always scoped by tenant. The queue also reads (never
 * writes) a few columns of the reviewed tickets, so an expert's list costs one query.
 */
import { sql, type Selectable } from 'kysely';
import type { Db } from '../../platform/context.ts';
import type { ClosureReviewsTable } from './tables.ts';

export type ReviewState = ClosureReviewsTable['state'];
export const REVIEW_STATES: readonly ReviewState[] = ['pending', 'approved', 'sent_back'];

export interface ReviewRound {
  id: string;
  ticketId: string;
  round: number;
  state: ReviewState;
  requestedAt: Date;
  requestedBy: string | null;
  decidedAt: Date | null;
  decidedBy: string | null;
  /** The reviewer's words: why it was sent back, or the comment on an approval. */
  reason: string | null;
}

const toRound = (row: Selectable<ClosureReviewsTable>): ReviewRound => ({
  id: row.id, ticketId: row.ticket_id, round: row.round, state: row.state, requestedAt: row.requested_at,
  requestedBy: row.requested_by, decidedAt: row.decided_at, decidedBy: row.decided_by, reason: row.reason,
});

export async function listRounds(db: Db, tenantId: string, ticketId: string): Promise<ReviewRound[]> {
  const rows = await db.selectFrom('closure_reviews').selectAll().where('tenant_id', '=', tenantId).where('ticket_id', '=', ticketId)
    .orderBy('round').execute();
  return rows.map(toRound);
}

/** The ticket's newest round; forUpdate locks it (lock the ticket first: that is the order everywhere). */
export async function latestRound(db: Db, tenantId: string, ticketId: string, options: { forUpdate?: boolean } = {}) {
  let query = db.selectFrom('closure_reviews').selectAll().where('tenant_id', '=', tenantId).where('ticket_id', '=', ticketId)
    .orderBy('round', 'desc').limit(1);
  if (options.forUpdate) query = query.forUpdate();
  const row = await query.executeTakeFirst();
  return row && toRound(row);
}

export async function insertRound(db: Db, tenantId: string, round: ReviewRound): Promise<void> {
  await db.insertInto('closure_reviews').values({
    tenant_id: tenantId, id: round.id, ticket_id: round.ticketId, round: round.round, state: round.state,
    requested_at: round.requestedAt, requested_by: round.requestedBy,
  }).execute();
}

/** Decides a pending round; false when it was no longer pending. */
export async function decideRound(db: Db, tenantId: string, id: string, decision: {
  state: Exclude<ReviewState, 'pending'>; decidedAt: Date; decidedBy: string | null; reason: string | null;
}): Promise<boolean> {
  const result = await db.updateTable('closure_reviews')
    .set({ state: decision.state, decided_at: decision.decidedAt, decided_by: decision.decidedBy, reason: decision.reason })
    .where('tenant_id', '=', tenantId).where('id', '=', id).where('state', '=', 'pending').executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

export interface QueueRow extends ReviewRound {
  number: string;
  title: string;
  priority: string;
  status: string;
  assigneeId: string | null;
  solution: string | null;
  resolvedAt: Date | null;
}

/** Where a page ends: the sort time and id of its last row. */
export interface QueueCursor {
  at: Date;
  id: string;
}

/**
 * A page of the review queue. Pending rounds oldest first (the one waiting longest is next);
 * decided rounds newest decision first.
 */
export async function listQueue(db: Db, tenantId: string, state: ReviewState, limit: number, after?: QueueCursor): Promise<QueueRow[]> {
  const pending = state === 'pending';
  const at = pending ? sql.ref('r.requested_at') : sql.ref('r.decided_at');
  const page = after ? (pending ? sql`AND (${at}, r.id) > (${after.at}, ${after.id})` : sql`AND (${at}, r.id) < (${after.at}, ${after.id})`) : sql``;
  const order = pending ? sql`${at} ASC, r.id ASC` : sql`${at} DESC, r.id DESC`;
  const result = await sql<Selectable<ClosureReviewsTable> & {
    number: string; title: string; priority: string; status: string; assignee_id: string | null; solution: string | null; resolved_at: Date | null;
  }>`
    SELECT r.*, t.number, t.title, t.priority, t.status, t.assignee_id, t.solution, t.resolved_at
    FROM closure_reviews r JOIN tickets t ON t.tenant_id = r.tenant_id AND t.id = r.ticket_id
    WHERE r.tenant_id = ${tenantId} AND r.state = ${state} ${page}
    ORDER BY ${order}
    LIMIT ${limit}`.execute(db);
  return result.rows.map((row) => ({
    ...toRound(row), number: row.number, title: row.title, priority: row.priority, status: row.status, assigneeId: row.assignee_id,
    solution: row.solution, resolvedAt: row.resolved_at && new Date(row.resolved_at),
  }));
}
