/** The database a test file runs on: PostgreSQL when TEST_DATABASE_URL is set, else PGlite. */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { openDatabase, type Database } from '../../src/platform/db/connect.ts';
import { listMigrations } from '../../src/platform/db/migrate.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** The migrated PGlite snapshot, named by a hash of the migrations so a new one replaces it. */
export function snapshotPath(): string {
  const hash = createHash('sha256');
  for (const migration of listMigrations()) hash.update(migration.name).update(migration.sql);
  return path.join(ROOT, 'tests/.tmp', `pglite-${hash.digest('hex').slice(0, 16)}.tar`);
}

export const testDatabaseKind = (): 'postgres' | 'pglite' => (process.env.TEST_DATABASE_URL ? 'postgres' : 'pglite');

export async function openTestDatabase(): Promise<Database> {
  const url = process.env.TEST_DATABASE_URL;
  if (url) return openDatabase({ databaseUrl: url, poolSize: 8 });
  const snapshot = new Blob([fs.readFileSync(snapshotPath())]);
  return openDatabase({ pgliteSnapshot: snapshot });
}
