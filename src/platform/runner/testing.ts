/**
 * For tests that run a runner. A claim takes the due jobs of every tenant, so two test files
 * running runners against one shared PostgreSQL would run (or dead-letter, as unknown kinds)
 * each other's jobs. On PostgreSQL such a test gets a private database of its own, dropped at
 * close; on PGlite every test file has its own in-memory database already.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openDatabase, type Database } from '../db/connect.ts';
import { migrate } from '../db/migrate.ts';

export interface PrivatePostgres {
  url: string;
  drop(): Promise<void>;
}

async function onServer(url: string, statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

/** A new, migrated database on the server of `url`. */
export async function createPrivatePostgres(url: string): Promise<PrivatePostgres> {
  const name = `loopdesk_runner_${randomBytes(6).toString('hex')}`;
  await onServer(url, `CREATE DATABASE ${name}`);
  const privateUrl = new URL(url);
  privateUrl.pathname = `/${name}`;
  const database = await openDatabase({ databaseUrl: privateUrl.toString(), poolSize: 2 });
  try {
    await migrate(database.db);
  } finally {
    await database.close();
  }
  return { url: privateUrl.toString(), drop: () => onServer(url, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}

/**
 * The database for a runner test: a private one on PostgreSQL (TEST_DATABASE_URL), otherwise
 * what `shared` opens (the test suite's PGlite snapshot).
 */
export async function openRunnerTestDatabase(shared: () => Promise<Database>): Promise<Database> {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) return shared();
  const server = await createPrivatePostgres(url);
  const database = await openDatabase({ databaseUrl: server.url, poolSize: 8 });
  return {
    ...database,
    async close() {
      await database.close();
      await server.drop();
    },
  };
}
