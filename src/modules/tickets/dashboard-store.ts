/**
 * The dashboard's figures, each one set-based statement over the tenant's tickets: the database
 * counts, the browser only draws. Days are the tenant's (`AT TIME ZONE`), see dashboard-periods.
 * Engineer load also reads the directory's users table, read only (as the eradication rate does).
 *
 * "Done" is when a ticket left the backlog: resolved, or closed or cancelled without a resolve.
 * A reopened ticket has lost its earlier done time (the row keeps the current state), so the
 * backlog of past days counts it as open from its creation: the events hold the full story,
 * and a slower, exact trend can replay them if that ever matters.
 */
import { sql } from 'kysely';
import type { Db } from '../../platform/context.ts';
import type { DayRange } from './dashboard-periods.ts';
import { PRIORITIES, type Priority } from './model.ts';
import { OPEN_STATUS_LIST, SLA_RUNNING, secondsToBreach } from './sla-risk-sql.ts';

const DONE_AT = sql`least(resolved_at, closed_at)`;
/** Local midnight opening a day, and the one closing the last day of a range. */
const startOf = (day: string, timeZone: string) => sql`((${day}::date)::timestamp AT TIME ZONE ${timeZone})`;
const endOf = (day: string, timeZone: string) => sql`((${day}::date + 1)::timestamp AT TIME ZONE ${timeZone})`;
const localDate = (column: ReturnType<typeof sql>, timeZone: string) => sql`to_char(${column} AT TIME ZONE ${timeZone}, 'YYYY-MM-DD')`;

const count = (value: string | number | null | undefined) => Number(value ?? 0);
const seconds = (value: string | number | null | undefined) => (value === null || value === undefined ? null : Math.round(Number(value)));

export interface BacklogNow {
  open: number;
  unassigned: number;
  dispatchFailed: number;
  onHold: number;
  createdToday: number;
  resolvedToday: number;
}

/** The open backlog now, and today's arrivals and resolves. */
export async function backlogNow(db: Db, tenantId: string, today: string, timeZone: string): Promise<BacklogNow> {
  const todayStarts = startOf(today, timeZone);
  const result = await sql<Record<keyof BacklogNow, string>>`
    SELECT count(*) FILTER (WHERE status IN (${OPEN_STATUS_LIST})) AS open,
           count(*) FILTER (WHERE status IN (${OPEN_STATUS_LIST}) AND assignee_id IS NULL) AS unassigned,
           count(*) FILTER (WHERE status IN (${OPEN_STATUS_LIST}) AND dispatch_failed_at IS NOT NULL) AS "dispatchFailed",
           count(*) FILTER (WHERE status = 'on_hold') AS "onHold",
           count(*) FILTER (WHERE created_at >= ${todayStarts}) AS "createdToday",
           count(*) FILTER (WHERE resolved_at >= ${todayStarts}) AS "resolvedToday"
    FROM tickets
    WHERE tenant_id = ${tenantId}
      AND (status IN (${OPEN_STATUS_LIST}) OR created_at >= ${todayStarts} OR resolved_at >= ${todayStarts})`.execute(db);
  const row = result.rows[0];
  return {
    open: count(row?.open), unassigned: count(row?.unassigned), dispatchFailed: count(row?.dispatchFailed),
    onHold: count(row?.onHold), createdToday: count(row?.createdToday), resolvedToday: count(row?.resolvedToday),
  };
}

export interface BacklogDay {
  day: string;
  created: number;
  resolved: number;
  /** Open when the day ended (or now, for today). */
  open: number;
}

/**
 * Per day: tickets created, resolved, and the backlog at the day's end. The backlog is the
 * count open when the period began plus, day by day, arrivals minus departures.
 */
export async function backlogByDay(db: Db, tenantId: string, range: DayRange, timeZone: string): Promise<BacklogDay[]> {
  const starts = startOf(range.from, timeZone);
  const ends = endOf(range.to, timeZone);
  const result = await sql<{ day: string | null; created: string; done: string; resolved: string; before: string }>`
    WITH relevant AS (
      SELECT created_at, resolved_at, ${DONE_AT} AS done_at
      FROM tickets
      WHERE tenant_id = ${tenantId} AND created_at < ${ends}
        AND (${DONE_AT} IS NULL OR ${DONE_AT} >= ${starts} OR resolved_at >= ${starts})
    ),
    moves AS (
      SELECT created_at AS moved_at, 1 AS created, 0 AS done, 0 AS resolved FROM relevant WHERE created_at >= ${starts}
      UNION ALL SELECT done_at, 0, 1, 0 FROM relevant WHERE done_at >= ${starts} AND done_at < ${ends}
      UNION ALL SELECT resolved_at, 0, 0, 1 FROM relevant WHERE resolved_at >= ${starts} AND resolved_at < ${ends}
    )
    SELECT ${localDate(sql`moved_at`, timeZone)} AS day, sum(created) AS created, sum(done) AS done, sum(resolved) AS resolved, 0 AS before
    FROM moves GROUP BY 1
    UNION ALL
    SELECT NULL, 0, 0, 0, count(*) FROM relevant WHERE created_at < ${starts} AND (done_at IS NULL OR done_at >= ${starts})`.execute(db);
  const byDay = new Map(result.rows.filter((row) => row.day !== null).map((row) => [row.day!, row]));
  let open = count(result.rows.find((row) => row.day === null)?.before);
  return daysOf(range).map((day) => {
    const row = byDay.get(day);
    open += count(row?.created) - count(row?.done);
    return { day, created: count(row?.created), resolved: count(row?.resolved), open };
  });
}

/** Every day of a range, in order. */
export function daysOf(range: DayRange): string[] {
  const days: string[] = [];
  for (let at = Date.parse(`${range.from}T00:00:00Z`); at <= Date.parse(`${range.to}T00:00:00Z`); at += 24 * 3600 * 1000) {
    days.push(new Date(at).toISOString().slice(0, 10));
  }
  return days;
}

export interface SlaRiskRow {
  priority: Priority;
  overdue: number;
  dueSoon: number;
}

/** Open tickets with a running clock, overdue or due within the window, per priority (all four, in order). */
export async function slaRiskByPriority(db: Db, tenantId: string, now: Date, withinSeconds: number): Promise<SlaRiskRow[]> {
  const result = await sql<{ priority: string; overdue: string; dueSoon: string }>`
    SELECT priority, count(*) FILTER (WHERE left_seconds <= 0) AS overdue,
           count(*) FILTER (WHERE left_seconds > 0 AND left_seconds <= ${withinSeconds}) AS "dueSoon"
    FROM (SELECT priority, ${secondsToBreach(now)} AS left_seconds FROM tickets WHERE tenant_id = ${tenantId} AND ${SLA_RUNNING}) clocks
    WHERE left_seconds <= ${withinSeconds}
    GROUP BY priority`.execute(db);
  const byPriority = new Map(result.rows.map((row) => [row.priority, row]));
  return PRIORITIES.map((priority) => {
    const row = byPriority.get(priority);
    return { priority, overdue: count(row?.overdue), dueSoon: count(row?.dueSoon) };
  });
}

export interface FirstResponseRow {
  /** null for the whole period. */
  day: string | null;
  responded: number;
  /** Open tickets nobody has answered yet. */
  waiting: number;
  medianSeconds: number | null;
  p90Seconds: number | null;
  /** Of the responded tickets that had a response deadline, how many met it. */
  withTarget: number;
  met: number;
}

/** Time from report to first response of the tickets created each day, and over the period. */
export async function firstResponseByDay(db: Db, tenantId: string, range: DayRange, timeZone: string): Promise<FirstResponseRow[]> {
  const result = await sql<Record<keyof FirstResponseRow, string | null>>`
    SELECT day, count(first_responded_at) AS responded,
           count(*) FILTER (WHERE first_responded_at IS NULL AND status IN (${OPEN_STATUS_LIST})) AS waiting,
           percentile_cont(0.5) WITHIN GROUP (ORDER BY wait) AS "medianSeconds",
           percentile_cont(0.9) WITHIN GROUP (ORDER BY wait) AS "p90Seconds",
           count(*) FILTER (WHERE first_responded_at IS NOT NULL AND response_due_at IS NOT NULL) AS "withTarget",
           count(*) FILTER (WHERE first_responded_at <= response_due_at) AS met
    FROM (
      SELECT ${localDate(sql`created_at`, timeZone)} AS day, status, first_responded_at, response_due_at,
             extract(epoch FROM first_responded_at - created_at) AS wait
      FROM tickets
      WHERE tenant_id = ${tenantId} AND created_at >= ${startOf(range.from, timeZone)} AND created_at < ${endOf(range.to, timeZone)}
        AND duplicate_of_id IS NULL
    ) reports
    GROUP BY GROUPING SETS ((day), ())`.execute(db);
  return result.rows.map((row) => ({
    day: row.day, responded: count(row.responded), waiting: count(row.waiting), medianSeconds: seconds(row.medianSeconds),
    p90Seconds: seconds(row.p90Seconds), withTarget: count(row.withTarget), met: count(row.met),
  }));
}

export interface FaultTypeRow {
  type: string;
  nameZh: string;
  nameEn: string;
  count: number;
}

/** The ticket types reported most in the period, most first, and the period's total of reports. */
export async function topFaultTypes(db: Db, tenantId: string, range: DayRange, timeZone: string, limit: number): Promise<{ items: FaultTypeRow[]; total: number }> {
  const result = await sql<{ type: string; nameZh: string; nameEn: string; count: string; total: string }>`
    SELECT t.type, coalesce(g.name_zh, t.type) AS "nameZh", coalesce(g.name_en, t.type) AS "nameEn",
           count(*) AS count, sum(count(*)) OVER () AS total
    FROM tickets t LEFT JOIN ticket_types g ON g.tenant_id = t.tenant_id AND g.key = t.type
    WHERE t.tenant_id = ${tenantId} AND t.created_at >= ${startOf(range.from, timeZone)} AND t.created_at < ${endOf(range.to, timeZone)}
      -- A report of its own: not cancelled, not a duplicate, not an escalation of another ticket.
      AND t.status <> 'cancelled' AND t.duplicate_of_id IS NULL AND t.origin_ticket_id IS NULL
    GROUP BY 1, 2, 3
    ORDER BY count(*) DESC, 1
    LIMIT ${limit}`.execute(db);
  return {
    items: result.rows.map((row) => ({ type: row.type, nameZh: row.nameZh, nameEn: row.nameEn, count: count(row.count) })),
    total: count(result.rows[0]?.total),
  };
}

export interface EngineerLoadRow {
  userId: string;
  name: string;
  availability: string;
  dispatched: number;
  accepted: number;
  inProgress: number;
  onHold: number;
  /** All four: what dispatch calls the engineer's open load. */
  open: number;
}

/**
 * Active engineers with their assigned tickets not yet resolved, by status, most loaded first
 * (then by name, so the order is stable); `limit` keeps the top of a large team.
 */
export async function engineerLoad(db: Db, tenantId: string, limit: number): Promise<EngineerLoadRow[]> {
  const result = await sql<Record<keyof EngineerLoadRow, string>>`
    SELECT u.id AS "userId", u.name, u.availability,
           count(t.id) FILTER (WHERE t.status = 'dispatched') AS dispatched,
           count(t.id) FILTER (WHERE t.status = 'accepted') AS accepted,
           count(t.id) FILTER (WHERE t.status = 'in_progress') AS "inProgress",
           count(t.id) FILTER (WHERE t.status = 'on_hold') AS "onHold",
           count(t.id) AS open
    FROM users u
    LEFT JOIN tickets t ON t.tenant_id = u.tenant_id AND t.assignee_id = u.id
      AND t.status IN ('dispatched', 'accepted', 'in_progress', 'on_hold')
    WHERE u.tenant_id = ${tenantId} AND u.active AND 'engineer' = ANY (u.roles)
    GROUP BY u.id, u.name, u.availability
    ORDER BY count(t.id) DESC, u.name, u.id
    LIMIT ${limit}`.execute(db);
  return result.rows.map((row) => ({
    userId: row.userId, name: row.name, availability: row.availability, dispatched: count(row.dispatched),
    accepted: count(row.accepted), inProgress: count(row.inProgress), onHold: count(row.onHold), open: count(row.open),
  }));
}

export interface EngineerTeam {
  /** Active engineers by availability (online, busy, offline, on_leave). */
  byAvailability: Record<string, number>;
  engineers: number;
  /** Their open tickets together. */
  open: number;
}

export async function engineerTeam(db: Db, tenantId: string): Promise<EngineerTeam> {
  const result = await sql<{ availability: string; people: string; open: string }>`
    SELECT availability, count(*) AS people, sum(open) AS open
    FROM (
      SELECT u.availability,
             (SELECT count(*) FROM tickets t WHERE t.tenant_id = u.tenant_id AND t.assignee_id = u.id
                AND t.status IN ('dispatched', 'accepted', 'in_progress', 'on_hold')) AS open
      FROM users u WHERE u.tenant_id = ${tenantId} AND u.active AND 'engineer' = ANY (u.roles)
    ) engineers
    GROUP BY availability`.execute(db);
  return {
    byAvailability: Object.fromEntries(result.rows.map((row) => [row.availability, count(row.people)])),
    engineers: result.rows.reduce((sum, row) => sum + count(row.people), 0),
    open: result.rows.reduce((sum, row) => sum + count(row.open), 0),
  };
}
