/**
 * The eradication rate in one set-based statement: the tickets closed in a period, each judged
 * by NOT EXISTS look-ups of a later similar ticket on the recurrence indexes, counted per group.
 * Reads tickets, ticket types, users and devices, read only.
 */
import { sql, type RawBuilder } from 'kysely';
import type { Db } from '../../platform/context.ts';
import { countsAsReport, errorCodeOf, hasErrorCode } from './similar-store.ts';

export const ERADICATION_DIMENSIONS = ['type', 'engineer', 'deviceModel'] as const;
export type EradicationDimension = (typeof ERADICATION_DIMENSIONS)[number];

export interface EradicationGroupRow {
  key: string | null;
  label: string | null;
  labelEn: string | null;
  /** Closed tickets whose window has ended. */
  closed: number;
  eradicated: number;
  /** Closed tickets still inside their window. */
  pending: number;
}

/** Per dimension: the group's key, its labels, and the join that names it. */
function grouping(tenantId: string, by: EradicationDimension): { key: RawBuilder<unknown>; label: RawBuilder<unknown>; labelEn: RawBuilder<unknown>; join: RawBuilder<unknown> } {
  switch (by) {
    case 'type':
      return {
        key: sql`j.type`, label: sql`coalesce(g.name_zh, j.type)`, labelEn: sql`coalesce(g.name_en, j.type)`,
        join: sql`LEFT JOIN ticket_types g ON g.tenant_id = ${tenantId} AND g.key = j.type`,
      };
    case 'engineer':
      return {
        key: sql`j.assignee_id::text`, label: sql`g.name`, labelEn: sql`g.name`,
        join: sql`LEFT JOIN users g ON g.tenant_id = ${tenantId} AND g.id = j.assignee_id`,
      };
    case 'deviceModel':
      return {
        key: sql`g.model`, label: sql`g.model`, labelEn: sql`g.model`,
        join: sql`LEFT JOIN devices g ON g.tenant_id = ${tenantId} AND g.id = j.device_id`,
      };
  }
}

export async function eradicationByGroup(db: Db, tenantId: string, query: {
  by: EradicationDimension; from: Date; to: Date; windowDays: number; now: Date;
}): Promise<EradicationGroupRow[]> {
  const group = grouping(tenantId, query.by);
  // A later ticket counts when it is its own report, created after the close and within the window.
  const later = sql`n.tenant_id = ${tenantId} AND n.id <> c.id AND n.created_at > c.closed_at AND n.created_at <= c.window_end
    AND ${countsAsReport('n')}`;
  const result = await sql<{ key: string | null; label: string | null; labelEn: string | null; closed: string; eradicated: string; pending: string }>`
    WITH closed AS (
      SELECT t.id, t.type, t.assignee_id, t.device_id, t.customer_id, t.closed_at,
             t.closed_at + make_interval(days => ${query.windowDays}) AS window_end,
             CASE WHEN ${hasErrorCode('t')} THEN ${errorCodeOf('t')} END AS error_code
      FROM tickets t
      WHERE t.tenant_id = ${tenantId} AND t.status = 'closed' AND t.closed_at >= ${query.from} AND t.closed_at < ${query.to}
    ),
    -- Materialised, so each ticket's look-ups run once, not once per count that reads them.
    judged AS MATERIALIZED (
      -- Null while the window is still open: neither eradicated nor not, yet.
      SELECT c.*, CASE WHEN c.window_end <= ${query.now} THEN
          NOT EXISTS (SELECT 1 FROM tickets n WHERE ${later} AND c.device_id IS NOT NULL AND n.device_id = c.device_id)
          AND NOT EXISTS (SELECT 1 FROM tickets n WHERE ${later} AND c.error_code IS NOT NULL
                            AND ${hasErrorCode('n')} AND ${errorCodeOf('n')} = c.error_code)
          AND NOT EXISTS (SELECT 1 FROM tickets n WHERE ${later} AND c.customer_id IS NOT NULL
                            AND n.customer_id = c.customer_id AND n.type = c.type)
        END AS eradicated
      FROM closed c
    )
    SELECT ${group.key} AS key, ${group.label} AS label, ${group.labelEn} AS "labelEn",
           count(j.eradicated) AS closed,
           count(*) FILTER (WHERE j.eradicated) AS eradicated,
           count(*) FILTER (WHERE j.eradicated IS NULL) AS pending
    FROM judged j ${group.join}
    GROUP BY 1, 2, 3
    ORDER BY count(j.eradicated) DESC, 2`.execute(db);
  return result.rows.map((row) => ({
    key: row.key, label: row.label, labelEn: row.labelEn,
    closed: Number(row.closed), eradicated: Number(row.eradicated), pending: Number(row.pending),
  }));
}
