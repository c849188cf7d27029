/** What the rest of Loopdesk uses of the runner: schedule work in a transaction, run it elsewhere. */
export { schedule, scheduleAll, cancel } from './sql.ts';
export { createRunner, type Runner, type RunnerOptions } from './runner.ts';
export { runnerRoutes } from './routes.ts';
export { RUNNER_CLEANUP, cleanupHandler, scheduleCleanup, scheduleCleanupForEveryTenant } from './cleanup.ts';
export {
  DeadLetterError, LeaseLostError, JOB_STATUSES,
  type Job, type JobContext, type JobHandler, type JobHandlers, type JobStatus, type NewJob,
} from './types.ts';
