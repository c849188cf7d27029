/** What every service needs: the database, the clock and a logger. Passed in, never global. */
import type { Kysely, Transaction } from 'kysely';
import type { Logger } from 'pino';
import type { Clock } from './clock.ts';
import type { DB } from './db/tables.ts';

export interface Ctx {
  db: Kysely<DB>;
  clock: Clock;
  log: Logger;
}

/** A connection or a transaction: the caller owns the transaction. */
export type Db = Kysely<DB> | Transaction<DB>;
