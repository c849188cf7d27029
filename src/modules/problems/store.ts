/** SQL of problems and their tickets; every statement scoped by tenant. */
import { sql, type Selectable } from 'kysely';
import type { Db } from '../../platform/context.ts';
import type { ProblemsTable } from './tables.ts';
import type { MatchKind } from './matching.ts';

export const PROBLEM_STATUSES = ['open', 'investigating', 'closed'] as const;
export type ProblemStatus = (typeof PROBLEM_STATUSES)[number];

export interface Problem {
  id: string;
  number: string;
  title: string;
  status: ProblemStatus;
  ownerId: string | null;
  matchKind: MatchKind | null;
  matchValue: string | null;
  ticketType: string | null;
  rootCause: string | null;
  correctiveAction: string | null;
  createdAt: Date;
  updatedAt: Date;
  closedAt: Date | null;
  closedBy: string | null;
  version: number;
}

function toProblem(row: Selectable<ProblemsTable>): Problem {
  return {
    id: row.id, number: row.number, title: row.title, status: row.status, ownerId: row.owner_id,
    matchKind: row.match_kind, matchValue: row.match_value, ticketType: row.ticket_type, rootCause: row.root_cause,
    correctiveAction: row.corrective_action, createdAt: row.created_at, updatedAt: row.updated_at, closedAt: row.closed_at,
    closedBy: row.closed_by, version: row.version,
  };
}

/**
 * The next number of a tenant's local day. Unlike ticket numbers it runs in the opening
 * transaction: problems are rare, and a number then never goes missing.
 */
export async function nextProblemSequence(db: Db, tenantId: string, day: string): Promise<number> {
  const result = await sql<{ last: number }>`
    INSERT INTO problem_counters (tenant_id, day, last) VALUES (${tenantId}, ${day}, 1)
    ON CONFLICT (tenant_id, day) DO UPDATE SET last = problem_counters.last + 1
    RETURNING last`.execute(db);
  return result.rows[0].last;
}

export interface NewProblem {
  id: string;
  number: string;
  title: string;
  ownerId: string | null;
  matchKind: MatchKind | null;
  matchValue: string | null;
  ticketType: string | null;
  now: Date;
}

export async function insertProblem(db: Db, tenantId: string, problem: NewProblem): Promise<Problem> {
  const row = await db.insertInto('problems').values({
    tenant_id: tenantId, id: problem.id, number: problem.number, title: problem.title, status: 'open', owner_id: problem.ownerId,
    match_kind: problem.matchKind, match_value: problem.matchValue, ticket_type: problem.ticketType,
    created_at: problem.now, updated_at: problem.now,
  }).returningAll().executeTakeFirstOrThrow();
  return toProblem(row);
}

export async function getProblem(db: Db, tenantId: string, id: string, options: { forUpdate?: boolean } = {}): Promise<Problem | undefined> {
  let query = db.selectFrom('problems').selectAll().where('tenant_id', '=', tenantId).where('id', '=', id);
  if (options.forUpdate) query = query.forUpdate();
  const row = await query.executeTakeFirst();
  return row && toProblem(row);
}

/** The problem not yet closed that a recurring key already has, locked for linking. */
export async function findOpenProblem(db: Db, tenantId: string, kind: MatchKind, value: string): Promise<Problem | undefined> {
  const row = await db.selectFrom('problems').selectAll()
    .where('tenant_id', '=', tenantId).where('match_kind', '=', kind).where('match_value', '=', value).where('status', '<>', 'closed')
    .forUpdate().executeTakeFirst();
  return row && toProblem(row);
}

export interface ProblemListItem extends Problem {
  ticketCount: number;
}

export async function listProblems(db: Db, tenantId: string, filter: { status?: ProblemStatus; before?: string; limit: number }): Promise<ProblemListItem[]> {
  let query = db.selectFrom('problems as p').selectAll('p')
    .select((eb) => eb.selectFrom('problem_tickets as pt').select(eb.fn.countAll<string>().as('n'))
      .whereRef('pt.tenant_id', '=', 'p.tenant_id').whereRef('pt.problem_id', '=', 'p.id').as('ticket_count'))
    .where('p.tenant_id', '=', tenantId);
  if (filter.status) query = query.where('p.status', '=', filter.status);
  if (filter.before) query = query.where('p.id', '<', filter.before);
  const rows = await query.orderBy('p.id', 'desc').limit(filter.limit).execute();
  return rows.map((row) => ({ ...toProblem(row), ticketCount: Number(row.ticket_count ?? 0) }));
}

export interface ProblemChanges {
  title?: string;
  ownerId?: string | null;
  status?: ProblemStatus;
  rootCause?: string | null;
  correctiveAction?: string | null;
  closedAt?: Date;
  closedBy?: string | null;
}

/** Writes the changes and bumps the version (with no changes: its tickets changed). */
export async function updateProblem(db: Db, tenantId: string, id: string, changes: ProblemChanges, now: Date): Promise<Problem> {
  const row = await db.updateTable('problems').set({
    ...(changes.title !== undefined && { title: changes.title }),
    ...(changes.ownerId !== undefined && { owner_id: changes.ownerId }),
    ...(changes.status !== undefined && { status: changes.status }),
    ...(changes.rootCause !== undefined && { root_cause: changes.rootCause }),
    ...(changes.correctiveAction !== undefined && { corrective_action: changes.correctiveAction }),
    ...(changes.closedAt !== undefined && { closed_at: changes.closedAt }),
    ...(changes.closedBy !== undefined && { closed_by: changes.closedBy }),
    updated_at: now,
    version: sql`version + 1`,
  }).where('tenant_id', '=', tenantId).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
  return toProblem(row);
}

export async function insertProblemTickets(db: Db, tenantId: string, problemId: string, ticketIds: readonly string[],
  linkedBy: string | null, now: Date): Promise<void> {
  if (!ticketIds.length) return;
  await db.insertInto('problem_tickets').values(ticketIds.map((ticketId) => ({
    tenant_id: tenantId, problem_id: problemId, ticket_id: ticketId, linked_at: now, linked_by: linkedBy,
  }))).execute();
}

export async function deleteProblemTicket(db: Db, tenantId: string, problemId: string, ticketId: string): Promise<boolean> {
  const result = await db.deleteFrom('problem_tickets')
    .where('tenant_id', '=', tenantId).where('problem_id', '=', problemId).where('ticket_id', '=', ticketId).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

/** Which problem each of these tickets belongs to, where one does. */
export async function problemsOfTickets(db: Db, tenantId: string, ticketIds: readonly string[]): Promise<Map<string, { id: string; number: string }>> {
  if (!ticketIds.length) return new Map();
  const rows = await db.selectFrom('problem_tickets as pt')
    .innerJoin('problems as p', (join) => join.onRef('p.tenant_id', '=', 'pt.tenant_id').onRef('p.id', '=', 'pt.problem_id'))
    .select(['pt.ticket_id', 'p.id', 'p.number'])
    .where('pt.tenant_id', '=', tenantId).where('pt.ticket_id', 'in', [...ticketIds]).execute();
  return new Map(rows.map((row) => [row.ticket_id, { id: row.id, number: row.number }]));
}

export interface LinkedTicket {
  id: string;
  number: string;
  title: string;
  status: string;
  createdAt: Date;
  closedAt: Date | null;
  linkedAt: Date;
  linkedBy: string | null;
}

/** The problem's tickets, oldest first (reads the tickets table, read only, for their summaries). */
export async function listProblemTickets(db: Db, tenantId: string, problemId: string): Promise<LinkedTicket[]> {
  return db.selectFrom('problem_tickets as pt')
    .innerJoin('tickets as t', (join) => join.onRef('t.tenant_id', '=', 'pt.tenant_id').onRef('t.id', '=', 'pt.ticket_id'))
    .select(['t.id', 't.number', 't.title', 't.status', 't.created_at as createdAt', 't.closed_at as closedAt',
      'pt.linked_at as linkedAt', 'pt.linked_by as linkedBy'])
    .where('pt.tenant_id', '=', tenantId).where('pt.problem_id', '=', problemId)
    .orderBy('t.created_at').orderBy('t.id').execute();
}

export async function countProblemTickets(db: Db, tenantId: string, problemId: string): Promise<number> {
  const row = await db.selectFrom('problem_tickets').select((eb) => eb.fn.countAll<string>().as('n'))
    .where('tenant_id', '=', tenantId).where('problem_id', '=', problemId).executeTakeFirstOrThrow();
  return Number(row.n);
}
