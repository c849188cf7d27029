/**
 * Kysely over PGlite. PGlite is one Postgres session shared by every query, so two
 * interleaved transactions would corrupt each other (kysely-pglite 0.6 let 200 concurrent
 * read-modify-write transactions leave a counter at 1). This pool hands out its single
 * connection to one holder at a time, from acquire to release, as Kysely's SQLite driver does.
 */
import type { PGlite } from '@electric-sql/pglite';
import { PostgresDialect } from 'kysely';

interface QueryResultLike {
  command: string;
  rowCount: number;
  rows: unknown[];
}

class Mutex {
  private tail: Promise<void> = Promise.resolve();

  /** Resolves with a release function once every earlier holder has released. */
  acquire(): Promise<() => void> {
    let release!: () => void;
    const next = new Promise<void>((resolve) => (release = resolve));
    const ready = this.tail.then(() => release);
    this.tail = this.tail.then(() => next);
    return ready;
  }
}

function commandOf(sql: string): string {
  const match = /^\s*(?:with\b[\s\S]*?\)\s*)?(insert|update|delete|merge|select)\b/i.exec(sql);
  return match ? match[1].toUpperCase() : '';
}

export function pgliteDialect(pglite: PGlite): PostgresDialect {
  const mutex = new Mutex();
  const pool = {
    async connect() {
      const release = await mutex.acquire();
      return {
        async query(sql: string, parameters: readonly unknown[]): Promise<QueryResultLike> {
          if (parameters.length === 0 && /;\s*\S/.test(sql)) {
            // Several statements (a migration) need the simple protocol.
            const results = await pglite.exec(sql);
            const last = results[results.length - 1];
            return { command: commandOf(sql), rowCount: last?.affectedRows ?? 0, rows: last?.rows ?? [] };
          }
          const result = await pglite.query(sql, parameters as unknown[]);
          return {
            command: commandOf(sql),
            rowCount: result.affectedRows ?? result.rows.length,
            rows: result.rows,
          };
        },
        release,
      };
    },
    async end() {
      // The owner of the PGlite instance closes it.
    },
  };
  // The structural pool above is what PostgresDialect calls; it does not need pg's full types.
  return new PostgresDialect({ pool: pool as never });
}
