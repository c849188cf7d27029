/**
 * The background runner with the app's job handlers: alone as `loopdesk runner` (any number of
 * them against one PostgreSQL), or inside `loopdesk start` (always so with PGlite, which is one
 * process). The job kinds and their handlers come from the domain wiring (wiring.ts).
 */
import type { Config } from '../platform/config.ts';
import type { Ctx } from '../platform/context.ts';
import { systemClock } from '../platform/clock.ts';
import type { Database } from '../platform/db/connect.ts';
import { migrate } from '../platform/db/migrate.ts';
import { createLogger } from '../platform/logger.ts';
import { createRunner, scheduleCleanupForEveryTenant, type Runner } from '../platform/runner/index.ts';
import { createDomain, type Domain } from './wiring.ts';
import path from 'node:path';
import { BlobStore } from '../platform/blobs.ts';

const FORCED_EXIT_MS = 30_000;

/**
 * Makes sure every tenant has its daily cleanup, then starts polling with the domain's handlers
 * (in `loopdesk start`, the same domain the HTTP app uses).
 */
export async function startBackgroundRunner(ctx: Ctx, domain: Domain): Promise<Runner> {
  const scheduled = await scheduleCleanupForEveryTenant(ctx.db, ctx.clock.now());
  if (scheduled) ctx.log.info({ tenants: scheduled }, 'scheduled the daily cleanup of background jobs');
  const runner = createRunner({ ctx, handlers: domain.handlers });
  runner.start();
  return runner;
}

function nextStopSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const onSignal = (signal: NodeJS.Signals) => {
      process.off('SIGTERM', onSignal);
      process.off('SIGINT', onSignal);
      resolve(signal);
    };
    process.on('SIGTERM', onSignal);
    process.on('SIGINT', onSignal);
  });
}

/** `loopdesk runner`: migrate, run until SIGTERM or SIGINT, finish the jobs in flight, close. */
export async function runRunner(config: Config, database: Database): Promise<void> {
  const logger = createLogger(config.logLevel);
  try {
    const applied = await migrate(database.db);
    if (applied.length) logger.info({ applied }, 'schema migrated');
    const ctx: Ctx = { db: database.db, clock: systemClock, log: logger };
    const runner = await startBackgroundRunner(ctx, createDomain(ctx, { secret: config.secret, publicUrl: config.publicUrl }, new BlobStore(path.join(config.dataDir, 'blobs'))));
    logger.info({ database: database.kind, worker: runner.workerId }, 'loopdesk runner is running; SIGTERM or Ctrl-C stops it');
    const signal = await nextStopSignal();
    logger.info({ signal }, 'stopping: finishing the jobs in flight');
    // A handler stuck past this is abandoned: its lease runs out and another runner retries it.
    const force = setTimeout(() => {
      logger.error('jobs still running after 30 s; exiting without them');
      process.exit(1);
    }, FORCED_EXIT_MS);
    force.unref();
    await runner.stop();
  } finally {
    await database.close();
  }
  logger.info('runner stopped');
}
