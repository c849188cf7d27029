/**
 * Earlier tickets of the same fault. The tickets module exports no look-back query of this
 * shape, so this file reads its table itself, read only (a ticket's problemId is written
 * through TicketSystem.patch). Each key is one index range: tickets_device,
 * tickets_error_code, tickets_customer_created.
 */
import { sql, type RawBuilder } from 'kysely';
import type { Db } from '../../platform/context.ts';
import { ERROR_CODE_MAX_LENGTH, type MatchKind, type RecurrenceKey } from './matching.ts';

/**
 * A ticket row's error code and the condition that it has one, word for word as migration 0010
 * indexes them (an index on an expression serves only that expression). `t` is the row's alias.
 */
export const errorCodeOf = (alias: string) => sql.raw(`upper(btrim(${alias}.fields ->> 'errorCode', E' \\t\\r\\n\\u3000'))`);
export const hasErrorCode = (alias: string) =>
  sql.raw(`${alias}.fields ? 'errorCode' AND length(${alias}.fields ->> 'errorCode') <= ${ERROR_CODE_MAX_LENGTH}`);

/**
 * Tickets that count: not cancelled, not a duplicate of another report, not an escalation
 * opened from another ticket (the same occurrence, escalated).
 */
export const countsAsReport = (alias: string) =>
  sql.raw(`${alias}.status <> 'cancelled' AND ${alias}.duplicate_of_id IS NULL AND ${alias}.origin_ticket_id IS NULL`);

export interface SimilarTicket {
  kind: MatchKind;
  id: string;
  createdAt: Date;
  title: string;
  /** Only for the customer key, whose tickets are compared by their text. */
  description: string | null;
  problemId: string | null;
}

export interface Probe {
  /** The ticket compared (left out of the answer). */
  id: string;
  type: string;
  since: Date;
  until: Date;
}

function branch(tenantId: string, key: RecurrenceKey, probe: Probe, limit: number): RawBuilder<unknown> {
  const common = sql`t.tenant_id = ${tenantId} AND t.id <> ${probe.id} AND ${countsAsReport('t')}
    AND t.created_at >= ${probe.since} AND t.created_at <= ${probe.until}`;
  const columns = (description: RawBuilder<unknown>) =>
    sql`SELECT ${key.kind}::text AS kind, t.id, t.created_at AS "createdAt", t.title, ${description} AS description, t.problem_id AS "problemId"
        FROM tickets t`;
  switch (key.kind) {
    case 'device':
      return sql`(${columns(sql`NULL::text`)} WHERE ${common} AND t.device_id = ${key.value} AND t.type = ${probe.type}
        ORDER BY t.id DESC LIMIT ${limit})`;
    case 'error_code':
      return sql`(${columns(sql`NULL::text`)} WHERE ${common} AND ${hasErrorCode('t')} AND ${errorCodeOf('t')} = ${key.value}
        ORDER BY t.created_at DESC LIMIT ${limit})`;
    case 'customer':
      return sql`(${columns(sql`t.description`)} WHERE ${common} AND t.customer_id = ${key.value} AND t.type = ${probe.type}
        ORDER BY t.created_at DESC LIMIT ${limit})`;
  }
}

/**
 * The latest earlier tickets of each key within the probe's window, up to each key's limit,
 * in one statement: intake pays one round trip whatever the number of keys. A customer's
 * tickets come with their descriptions for the caller to compare.
 */
export async function findSimilar(db: Db, tenantId: string, keys: readonly RecurrenceKey[], probe: Probe,
  limitOf: (kind: MatchKind) => number): Promise<SimilarTicket[]> {
  if (!keys.length) return [];
  const branches = keys.map((key) => branch(tenantId, key, probe, limitOf(key.kind)));
  const result = await sql<SimilarTicket>`${sql.join(branches, sql` UNION ALL `)}`.execute(db);
  return result.rows;
}
