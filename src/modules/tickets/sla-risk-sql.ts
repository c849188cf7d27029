/**
 * "How close is this ticket to breaching its SLA", as SQL, for the at-risk list and the
 * dashboard to agree with each other and with the Ticket's own `sla.*RemainingSeconds`
 * (toTicketView): a clock runs until its goal is met (the first response; the resolve), and
 * its time left is its due time minus now. A paused clock (on hold) is not running toward a
 * breach, so a paused ticket is never at risk. Columns are unqualified: use in a query on
 * `tickets` alone.
 */
import { sql, type RawBuilder } from 'kysely';
import { OPEN_STATUSES } from './model.ts';

/** Open statuses as a SQL list, for `status IN (...)`. */
export const OPEN_STATUS_LIST = sql.join(OPEN_STATUSES.map((status) => sql.lit(status)));

/** The clock is running: the ticket is open and not on hold with its clock paused. */
export const SLA_RUNNING = sql`(status IN (${OPEN_STATUS_LIST}) AND coalesce(sla_state ->> 'paused', 'false') <> 'true')`;

/**
 * Seconds to the nearer of the ticket's running deadlines (negative once overdue), or null
 * when neither clock runs toward a due time. Only meaningful where SLA_RUNNING holds.
 */
export function secondsToBreach(now: Date): RawBuilder<number | null> {
  return sql<number | null>`least(
    CASE WHEN first_responded_at IS NULL THEN extract(epoch FROM response_due_at - ${now}::timestamptz)::float8 END,
    CASE WHEN resolved_at IS NULL THEN extract(epoch FROM resolve_due_at - ${now}::timestamptz)::float8 END)`;
}
