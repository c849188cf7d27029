/**
 * The runner: claims due jobs, runs each one's handler, and records the outcome. Any number of
 * runners (processes, or instances in one process) can share one database: the claim hands each
 * due row to one of them, and completion is fenced by the claim, so every database effect that a
 * handler commits with its completion happens once; effects outside the database happen at least
 * once (a crash after the effect and before the commit runs it again).
 */
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import type { Logger } from 'pino';
import type { Ctx } from '../context.ts';
import { retryDelaySeconds } from './backoff.ts';
import { claim, completeJob, failJob } from './sql.ts';
import { DeadLetterError, LeaseLostError, type Job, type JobContext, type JobHandlers } from './types.ts';

export interface RunnerOptions {
  ctx: Ctx;
  handlers: JobHandlers;
  /** Names this runner in locked_by and the logs; unique per instance. Default host:pid:random. */
  workerId?: string;
  /** How long the loop sleeps when nothing is due. Default 500 ms. */
  pollIntervalMs?: number;
  /** Jobs claimed and run together. Default 10. */
  batchSize?: number;
  /** How long a claim holds a job before another runner may take it over. Default 300 s. */
  leaseSeconds?: number;
  /** The jitter's source; tests make it fixed. */
  random?: () => number;
}

export interface Runner {
  readonly workerId: string;
  /** Starts the polling loop in the background. */
  start(): void;
  /** Stops claiming, waits for the jobs in flight to finish, then resolves. */
  stop(): Promise<void>;
  /** Claims and runs batches until nothing is due now; returns how many jobs ran. */
  runOnce(): Promise<number>;
}

const MAX_ERROR_LENGTH = 4000;

function describeError(error: unknown): string {
  // A TypeError or a driver's error says more with its name; a dead letter's message is the story.
  const named = error instanceof Error && error.name && error.name !== 'Error' && !(error instanceof DeadLetterError);
  const text = error instanceof Error ? `${named ? `${error.name}: ` : ''}${error.message}` : String(error);
  return text.length > MAX_ERROR_LENGTH ? `${text.slice(0, MAX_ERROR_LENGTH)}…` : text;
}

export function createRunner(options: RunnerOptions): Runner {
  const { ctx, handlers } = options;
  const workerId = options.workerId ?? `${os.hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
  const pollIntervalMs = options.pollIntervalMs ?? 500;
  const batchSize = options.batchSize ?? 10;
  const leaseSeconds = options.leaseSeconds ?? 300;
  const random = options.random ?? Math.random;
  const runnerLog = ctx.log.child({ worker: workerId });

  let stopping = false;
  let loop: Promise<void> | undefined;
  let wake: (() => void) | undefined;

  async function recordFailure(job: Job, error: unknown, log: Logger): Promise<void> {
    const now = ctx.clock.now();
    const retryAt = new Date(now.getTime() + retryDelaySeconds(job.attempts, random) * 1000);
    const status = await failJob(ctx.db, job, { error: describeError(error), retryAt, dead: error instanceof DeadLetterError, now });
    if (status === 'dead') log.error({ err: error }, 'job failed and will not be retried: it is dead, an admin can retry it');
    else if (status === 'pending') log.warn({ err: error, retryAt }, 'job failed; it will be retried');
    else log.warn({ err: error }, 'job failed after its lease was lost; the worker that took it over decides');
  }

  async function runJob(job: Job): Promise<void> {
    const log = runnerLog.child({ job: job.id, kind: job.kind, tenant: job.tenantId, attempt: job.attempts });
    let completed = false;
    const jobContext: JobContext = {
      db: ctx.db,
      clock: ctx.clock,
      log,
      workerId,
      async complete(trx, target) {
        if (!(await completeJob(trx, target, ctx.clock.now()))) throw new LeaseLostError(target);
        if (target.id === job.id) completed = true;
      },
    };
    try {
      const handler = handlers.get(job.kind);
      if (!handler) {
        throw new DeadLetterError(`No handler for the job kind "${job.kind}" in this runner. Deploy a version that knows it, then retry the job.`);
      }
      if (job.attempts > job.maxAttempts) {
        // The last attempt's worker died holding the job: it gets no attempt beyond its maximum.
        throw new DeadLetterError(`${job.lastError ?? 'The last attempt did not finish.'} All ${job.maxAttempts} attempts are used.`);
      }
      await handler(jobContext, job);
      if (!completed && !(await completeJob(ctx.db, job, ctx.clock.now()))) {
        log.warn('job finished after its lease was lost; the worker that took it over decides');
        return;
      }
      log.debug('job done');
    } catch (error) {
      if (error instanceof LeaseLostError) {
        log.warn({ err: error }, 'job rolled back: its lease was lost');
        return;
      }
      // If even the failure cannot be written, the lease runs out and the job is claimed again.
      await recordFailure(job, error, log).catch((writeError: unknown) => log.error({ err: writeError }, 'could not record a job failure'));
    }
  }

  async function runOnce(): Promise<number> {
    let ran = 0;
    while (!stopping) {
      const jobs = await claim(ctx.db, { workerId, now: ctx.clock.now(), leaseSeconds, batchSize });
      if (jobs.length === 0) break;
      await Promise.all(jobs.map(runJob));
      ran += jobs.length;
      if (jobs.length < batchSize) break;
    }
    return ran;
  }

  function pause(milliseconds: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        wake = undefined;
        resolve();
      };
      const timer = setTimeout(done, milliseconds);
      wake = done;
    });
  }

  async function poll(): Promise<void> {
    while (!stopping) {
      try {
        await runOnce();
      } catch (error) {
        runnerLog.error({ err: error }, 'claiming due work failed; trying again after the poll interval');
      }
      if (!stopping) await pause(pollIntervalMs);
    }
  }

  return {
    workerId,
    start() {
      if (loop) return;
      stopping = false;
      runnerLog.info({ kinds: [...handlers.keys()], pollIntervalMs, batchSize, leaseSeconds }, 'runner started');
      loop = poll();
    },
    async stop() {
      stopping = true;
      wake?.();
      if (!loop) return;
      await loop;
      loop = undefined;
      runnerLog.info('runner stopped');
    },
    runOnce,
  };
}
