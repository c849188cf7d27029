/** What an admin may do with a tenant's background work: look at it, and retry what went dead. */
import type { Ctx } from '../context.ts';
import { AppError, forbidden, notFound } from '../errors.ts';
import { hasRole, type Actor } from '../http/actor.ts';
import { getJob, listJobs, retryDeadJob } from './sql.ts';
import type { Job, JobStatus } from './types.ts';

export function toJobView(job: Job) {
  const iso = (at: Date | null) => (at ? at.toISOString() : null);
  return {
    id: job.id, kind: job.kind, status: job.status, payload: job.payload, payloadVersion: job.payloadVersion,
    runAt: job.runAt.toISOString(), attempts: job.attempts, maxAttempts: job.maxAttempts, lastError: job.lastError,
    lockedBy: job.lockedBy, lockedUntil: iso(job.lockedUntil), dedupeKey: job.dedupeKey,
    createdAt: job.createdAt.toISOString(), updatedAt: job.updatedAt.toISOString(), doneAt: iso(job.doneAt),
  };
}
export type JobView = ReturnType<typeof toJobView>;

function requireAdmin(actor: Actor): void {
  if (!hasRole(actor, 'admin')) throw forbidden('Only an admin may see or retry background jobs.');
}

export async function listJobsPage(ctx: Ctx, actor: Actor, query: { status?: JobStatus; kind?: string; limit: number; cursor?: string }) {
  requireAdmin(actor);
  let before: string | undefined;
  if (query.cursor) {
    before = Buffer.from(query.cursor, 'base64url').toString('utf8');
    if (!/^[0-9a-f-]{36}$/.test(before)) throw new AppError('invalid_input', 'The cursor is not one this server gave.', { field: 'cursor' });
  }
  const jobs = await listJobs(ctx.db, actor.tenantId, { status: query.status, kind: query.kind, before, limit: query.limit + 1 });
  const page = jobs.slice(0, query.limit);
  return {
    items: page.map(toJobView),
    nextCursor: jobs.length > query.limit ? Buffer.from(page[page.length - 1].id).toString('base64url') : null,
  };
}

export async function retryJob(ctx: Ctx, actor: Actor, id: string): Promise<JobView> {
  requireAdmin(actor);
  const retried = await retryDeadJob(ctx.db, actor.tenantId, id, ctx.clock.now());
  if (retried) {
    ctx.log.info({ job: id, kind: retried.kind, by: actor.userId }, 'dead job retried by an admin');
    return toJobView(retried);
  }
  const job = await getJob(ctx.db, actor.tenantId, id);
  if (!job) throw notFound('Job', id);
  throw new AppError('illegal_transition', `Only a dead job can be retried; this one is ${job.status}.`, { status: job.status });
}
