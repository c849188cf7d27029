/** The harness of a test that runs the runner over time: the real app, a manual clock and a runner. */
import { ManualClock } from '../../src/platform/clock.ts';
import { createRunner, type Runner } from '../../src/platform/runner/index.ts';
import { openRunnerTestDatabase } from '../../src/platform/runner/testing.ts';
import { startTestApp, type TestApp } from './app.ts';
import { openTestDatabase } from './database.ts';

export interface RunnerTestApp {
  clock: ManualClock;
  /** Its close also closes (on PostgreSQL: drops) the runner's database. */
  app: TestApp;
  /** With the app's own job handlers, as `loopdesk runner` has. */
  runner: Runner;
}

/**
 * The app on a database of its own (see openRunnerTestDatabase: another file's runner must not
 * take this file's jobs), its clock set to `startAt`, and a runner named `workerId`.
 */
export async function startRunnerTestApp(startAt: string, workerId: string): Promise<RunnerTestApp> {
  const clock = new ManualClock(startAt);
  const database = await openRunnerTestDatabase(openTestDatabase);
  const app = await startTestApp({ clock, database });
  const runner = createRunner({ ctx: app.ctx, handlers: app.services.domain.handlers, workerId, pollIntervalMs: 20 });
  return {
    clock,
    runner,
    app: {
      ...app,
      async close() {
        await app.close();
        await database.close();
      },
    },
  };
}
