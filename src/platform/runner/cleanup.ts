/**
 * The runner's own built-in kind, `runner.cleanup`: once a day per tenant, delete the jobs that
 * have been done for more than a week, so due_work holds what is pending plus a week of history.
 * Dead jobs stay until an admin retries them or their owner cancels them.
 */
import { sql } from 'kysely';
import type { Db } from '../context.ts';
import { deleteDoneBefore, schedule } from './sql.ts';
import type { JobHandler } from './types.ts';

export const RUNNER_CLEANUP = 'runner.cleanup';
const DEDUPE_KEY = 'daily';
const KEEP_DONE_SECONDS = 7 * 24 * 3600;
const DAY_SECONDS = 24 * 3600;
/** Deleted per run, so one transaction stays short; when there is more, the next run is now. */
export const CLEANUP_BATCH = 5000;

const later = (from: Date, seconds: number) => new Date(from.getTime() + seconds * 1000);

/** Schedules a tenant's daily cleanup, once: a tenant that has one already keeps it. */
export async function scheduleCleanup(db: Db, tenantId: string, now: Date): Promise<void> {
  await schedule(db, { tenantId, kind: RUNNER_CLEANUP, payload: {}, runAt: now, dedupeKey: DEDUPE_KEY, now });
}

/**
 * Gives every tenant without a daily cleanup its first one; the runner does this when it starts.
 * It reads only the tenants' ids, which due_work references anyway.
 */
export async function scheduleCleanupForEveryTenant(db: Db, now: Date): Promise<number> {
  const missing = await sql<{ id: string }>`
    SELECT id FROM tenants
    WHERE NOT EXISTS (
      SELECT 1 FROM due_work
      WHERE due_work.tenant_id = tenants.id AND kind = ${RUNNER_CLEANUP} AND dedupe_key = ${DEDUPE_KEY} AND status <> 'done')`
    .execute(db);
  for (const tenant of missing.rows) await scheduleCleanup(db, tenant.id, now);
  return missing.rows.length;
}

export const cleanupHandler: JobHandler = async (ctx, job) => {
  const now = ctx.clock.now();
  await ctx.db.transaction().execute(async (trx) => {
    const deleted = await deleteDoneBefore(trx, job.tenantId, later(now, -KEEP_DONE_SECONDS), CLEANUP_BATCH);
    // Done first: the dedupe key is free again once this row is done, for the next day's run.
    await ctx.complete(trx, job);
    const runAt = deleted === CLEANUP_BATCH ? now : later(now, DAY_SECONDS);
    await schedule(trx, { tenantId: job.tenantId, kind: RUNNER_CLEANUP, payload: {}, runAt, dedupeKey: DEDUPE_KEY, now });
    if (deleted) ctx.log.info({ deleted }, 'deleted jobs done more than a week ago');
  });
};
