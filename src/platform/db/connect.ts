/**
 * Opens the database: PostgreSQL through `pg` when a URL is given, otherwise PGlite in a data
 * directory (or in memory, for tests). Both speak the same SQL, so everything above this file
 * is the same code.
 */
import fs from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { createHash } from 'node:crypto';
import { Kysely, PostgresDialect } from 'kysely';
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
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool: preparingPool(pool) }) });
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

const MAX_NAMED_STATEMENTS = 2000;

/**
 * Sends parameterised queries as named (prepared) statements, so PostgreSQL parses and plans
 * each distinct SQL text once per connection instead of on every call: it cut the database's
 * CPU per intake from 2.9 to 1.2 ms (bench/RESULTS.md). Kysely builds the same text for the
 * same query shape; past MAX_NAMED_STATEMENTS distinct texts, queries go unnamed.
 */
function preparingPool(pool: pg.Pool) {
  const names = new Map<string, string>();
  const nameOf = (text: string): string | undefined => {
    let name = names.get(text);
    if (!name && names.size < MAX_NAMED_STATEMENTS) {
      name = `ld_${createHash('sha1').update(text).digest('hex').slice(0, 24)}`;
      names.set(text, name);
    }
    return name;
  };
  return {
    async connect() {
      const client = await pool.connect();
      return {
        query(text: string, values?: unknown[]) {
          const name = values?.length ? nameOf(text) : undefined;
          return name ? client.query({ name, text, values }) : client.query(text, values);
        },
        // Kysely passes true to discard a connection left in an unknown state.
        release: (discard?: boolean) => client.release(discard),
      };
    },
    end: () => pool.end(),
  } as unknown as pg.Pool;
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
