/**
 * Plain SQL migrations, applied in file-name order, each in its own transaction. On PostgreSQL
 * an advisory lock lets several processes start at once without racing.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql, type Kysely } from 'kysely';
import type { DB } from './tables.ts';

const MIGRATIONS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations');
const LOCK_KEY = 7_262_017; // arbitrary, constant: "loopdesk migrations"

export function listMigrations(): { name: string; sql: string }[] {
  return fs.readdirSync(MIGRATIONS_DIR)
    .filter((name) => name.endsWith('.sql'))
    .sort()
    .map((name) => ({ name, sql: fs.readFileSync(path.join(MIGRATIONS_DIR, name), 'utf8') }));
}

/** Applies what is missing; returns the names applied now. */
export async function migrate(db: Kysely<DB>): Promise<string[]> {
  await sql`CREATE TABLE IF NOT EXISTS schema_migrations (
    name text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())`.execute(db);
  const applied: string[] = [];
  for (const migration of listMigrations()) {
    await db.transaction().execute(async (trx) => {
      await sql`SELECT pg_advisory_xact_lock(${LOCK_KEY})`.execute(trx);
      const done = await trx.selectFrom('schema_migrations').select('name')
        .where('name', '=', migration.name).executeTakeFirst();
      if (done) return;
      await sql.raw(migration.sql).execute(trx);
      await trx.insertInto('schema_migrations').values({ name: migration.name, applied_at: new Date() }).execute();
      applied.push(migration.name);
    });
  }
  return applied;
}
