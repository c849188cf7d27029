/**
 * PGlite is one Postgres session: without the dialect's mutex, concurrent transactions would
 * interleave on it (kysely-pglite 0.6 left this counter at 1 instead of 200).
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../src/platform/db/connect.ts';

let database: Database;
beforeAll(async () => {
  database = await openDatabase({});
  await sql`CREATE TABLE counter (id int PRIMARY KEY, value int NOT NULL)`.execute(database.db);
  await sql`INSERT INTO counter VALUES (1, 0)`.execute(database.db);
});
afterAll(() => database.close());

describe('the PGlite dialect', () => {
  it('runs 200 concurrent read-modify-write transactions without losing one', async () => {
    await Promise.all(Array.from({ length: 200 }, () => database.db.transaction().execute(async (trx) => {
      const { rows } = await sql<{ value: number }>`SELECT value FROM counter WHERE id = 1`.execute(trx);
      await new Promise((resolve) => setImmediate(resolve)); // give other transactions a chance to interleave
      await sql`UPDATE counter SET value = ${rows[0].value + 1} WHERE id = 1`.execute(trx);
    })));
    const { rows } = await sql<{ value: number }>`SELECT value FROM counter WHERE id = 1`.execute(database.db);
    expect(rows[0].value).toBe(200);
  });

  it('rolls back a failed transaction and keeps serving the next ones', async () => {
    await expect(database.db.transaction().execute(async (trx) => {
      await sql`UPDATE counter SET value = -1 WHERE id = 1`.execute(trx);
      throw new Error('handler failed');
    })).rejects.toThrow('handler failed');
    const { rows } = await sql<{ value: number }>`SELECT value FROM counter WHERE id = 1`.execute(database.db);
    expect(rows[0].value).toBe(200);
  });

  it('reports affected rows like pg does', async () => {
    const result = await database.db.updateTable('counter' as never).set({ value: 7 } as never).where('id' as never, '>', 0 as never).executeTakeFirst();
    expect(Number(result.numUpdatedRows)).toBe(1);
  });
});
