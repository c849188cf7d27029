/** `loopdesk runner`: the background runner alone. */
import type { Config } from '../platform/config.ts';
import type { Database } from '../platform/db/connect.ts';

export async function runRunner(config: Config, database: Database): Promise<void> {
  void config;
  void database;
  throw new Error('runner: not built yet');
}
