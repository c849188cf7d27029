/**
 * Opens the database: PostgreSQL through `pg` when a URL is given, otherwise PGlite in a data
 * directory (or in memory, for tests). Both speak the same SQL, so everything above this file
 * is the same code.
 */
import fs from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { Kysely } from 'kysely';
import pg from 'pg';
import type { DB } from './tables.ts';
import { pgliteDialect } from './pglite-dialect.ts';
import { acquireDataDirLock } from './data-dir-lock.ts';

export interface Database {
  db: Kysely<DB>;
  /** The embedded instance, when the database is PGlite (tests snapshot it). */
  pglite?: PGlite;
  kind: 'pglite' | 'postgres';
  /** Answers whether the database can run a query now. */
  ping(): Promise<boolean>;
  close(): Promise<void>;
}

export interface OpenOptions {
  databaseUrl?: string;
  /** PGlite's directory; omitted means in memory. */
  pgliteDir?: string;
  /** A tarball from PGlite's dumpDataDir to start from (tests use a migrated snapshot). */
  pgliteSnapshot?: Blob;
  poolSize?: number;
}

const INT8_OID = 20;

export async function openDatabase(options: OpenOptions): Promise<Database> {
  if (options.databaseUrl) return openPostgres(options.databaseUrl, options.poolSize ?? 16);
  return openPglite(options.pgliteDir, options.pgliteSnapshot);
}

async function openPostgres(url: string, poolSize: number): Promise<Database> {
  const pool = new pg.Pool({
    connectionString: url,
    max: poolSize,
    // bigint counts arrive as numbers, as they do from PGlite.
    types: {
      getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
        oid === INT8_OID ? (value: string) => Number(value) : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
    },
  });
  // An idle client that loses its server must not crash the process; the next query reports it.
  pool.on('error', () => undefined);
  const db = new Kysely<DB>({ dialect: new (await import('kysely')).PostgresDialect({ pool }) });
  return {
    db,
    kind: 'postgres',
    ping: async () => {
      try {
        await pool.query('SELECT 1');
        return true;
      } catch {
        return false;
      }
    },
    close: () => db.destroy(),
  };
}

async function openPglite(dir: string | undefined, snapshot: Blob | undefined): Promise<Database> {
  let releaseLock = () => undefined as void;
  if (dir) {
    fs.mkdirSync(path.dirname(path.resolve(dir)), { recursive: true });
    releaseLock = acquireDataDirLock(dir);
  }
  let pglite: PGlite;
  try {
    pglite = await PGlite.create({ dataDir: dir, loadDataDir: snapshot });
  } catch (error) {
    releaseLock();
    throw error;
  }
  const db = new Kysely<DB>({ dialect: pgliteDialect(pglite) });
  return {
    db,
    pglite,
    kind: 'pglite',
    ping: async () => !pglite.closed,
    close: async () => {
      await db.destroy();
      if (!pglite.closed) await pglite.close();
      releaseLock();
    },
  };
}
