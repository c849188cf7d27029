/** The shapes of background work: a job row, what schedules one, and what runs one. */
import type { Ctx, Db } from '../context.ts';

export const JOB_STATUSES = ['pending', 'running', 'done', 'dead'] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];

/** One due_work row, as a handler and the admin API see it. */
export interface Job<Payload = Record<string, unknown>> {
  tenantId: string;
  /** The same on every attempt: the idempotency key to send to a receiver outside the database. */
  id: string;
  /** `module.action`, e.g. `sla.response_due`: the key of its handler. */
  kind: string;
  payload: Payload;
  payloadVersion: number;
  runAt: Date;
  status: JobStatus;
  /** Claims so far, this one included: 1 on the first run. */
  attempts: number;
  maxAttempts: number;
  /** The worker running it now (or that ran it last). */
  lockedBy: string | null;
  /** The end of the running worker's lease; another worker may take the job after it. */
  lockedUntil: Date | null;
  lastError: string | null;
  dedupeKey: string | null;
  createdAt: Date;
  updatedAt: Date;
  doneAt: Date | null;
}

export interface NewJob {
  tenantId: string;
  kind: string;
  payload: Record<string, unknown>;
  /** Bump it when the payload's shape changes, so a handler can read old rows. Default 1. */
  payloadVersion?: number;
  runAt: Date;
  /** The caller's clock: created_at and updated_at. */
  now: Date;
  /** At most one not-done job per tenant, kind and key: scheduling it again does nothing. */
  dedupeKey?: string;
  /** Runs before the job goes dead. Default 10. */
  maxAttempts?: number;
}

/** What a handler gets: the app's context, and the way to finish its job in its own transaction. */
export interface JobContext extends Ctx {
  workerId: string;
  /**
   * Marks the job done inside the handler's transaction, so the job's database effects and its
   * completion commit together. Throws LeaseLostError when this worker no longer holds the job
   * (its lease expired and another worker took it): the transaction then rolls back.
   */
  complete(trx: Db, job: Job): Promise<void>;
}

/**
 * Runs one job. Returning marks it done (when the handler did not complete it in a transaction);
 * throwing retries it with backoff, or ends it dead after maxAttempts.
 */
export type JobHandler = (ctx: JobContext, job: Job) => Promise<void>;

/** Handlers by kind. A job whose kind has no handler goes dead with a clear error. */
export type JobHandlers = Map<string, JobHandler>;

/** Thrown by complete() when another worker holds the job now; the handler's work is undone. */
export class LeaseLostError extends Error {
  constructor(job: Job) {
    super(`Job ${job.id} (${job.kind}) is no longer held by ${job.lockedBy}: its lease expired and another worker took it.`);
    this.name = 'LeaseLostError';
  }
}

/** Throw it from a handler when retrying cannot help (an unknown payload version): the job goes dead now. */
export class DeadLetterError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DeadLetterError';
  }
}
