/**
 * Engineers taken off automatic dispatch until a time: after a customer said a fix of theirs did
 * not solve the problem, they finish the day without new tickets from the engine. The engine
 * (auto and offer modes, and the proposal) leaves them out with the reason `paused`; a
 * dispatcher naming them by hand still reaches them. A pause ends by itself at `until`.
 */
import { sql } from 'kysely';
import type { Db } from '../../platform/context.ts';

export interface DispatchPause {
  tenantId: string;
  userId: string;
  until: Date;
  /** Why, as a code: `customer_unresolved`. */
  reason: string;
  /** The ticket that caused it. */
  ticketId: string | null;
  now: Date;
}

/**
 * Pauses an engineer, or keeps an existing pause if it lasts longer: a second "not solved" the
 * same day does not shorten the first one's pause.
 */
export async function pauseAutomaticDispatch(db: Db, pause: DispatchPause): Promise<void> {
  await sql`
    INSERT INTO dispatch_pauses (tenant_id, user_id, until, reason, ticket_id, created_at)
    VALUES (${pause.tenantId}, ${pause.userId}, ${pause.until}, ${pause.reason}, ${pause.ticketId}, ${pause.now})
    ON CONFLICT (tenant_id, user_id) DO UPDATE
      SET until = excluded.until, reason = excluded.reason, ticket_id = excluded.ticket_id, created_at = excluded.created_at
      WHERE dispatch_pauses.until < excluded.until`.execute(db);
}

/** Who is paused at `now`, and until when: a tenant has a handful, read in one statement by its key. */
export async function activePauses(db: Db, tenantId: string, now: Date): Promise<Map<string, Date>> {
  const rows = await db.selectFrom('dispatch_pauses').select(['user_id', 'until'])
    .where('tenant_id', '=', tenantId).where('until', '>', now).execute();
  return new Map(rows.map((row) => [row.user_id, row.until]));
}
