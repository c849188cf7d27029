/**
 * integrations.import_batch: writes the next batch of an import's rows, then schedules the
 * batch after it. A batch is all or nothing: its tickets, devices, customers or people, the
 * import's progress and the job's completion commit in one transaction, so a crash or a retry
 * never writes a row twice, and a row that fails takes its whole batch back.
 */
import type { Kysely, Transaction } from 'kysely';
import type { BlobStore } from '../../platform/blobs.ts';
import type { DB } from '../../platform/db/tables.ts';
import { AppError } from '../../platform/errors.ts';
import type { Actor } from '../../platform/http/actor.ts';
import { DeadLetterError, schedule, type Job, type JobContext, type JobHandler } from '../../platform/runner/index.ts';
import { getTenant, getUser } from '../directory/index.ts';
import type { TicketHooks } from '../tickets/index.ts';
import { mayImport, requireEntity, rowWriter, type ImportEntity } from './import-entities.ts';
import type { RowProblem } from './import-tables.ts';
import * as store from './import-store.ts';

export const IMPORT_BATCH = 'integrations.import_batch';

export async function scheduleBatch(db: Kysely<DB> | Transaction<DB>, tenantId: string, importId: string, now: Date) {
  await schedule(db, { tenantId, kind: IMPORT_BATCH, payload: { importId }, runAt: now, now, dedupeKey: `import:${importId}`, maxAttempts: 5 });
}

/** The person who started the import writes its rows, with the roles they have now. */
async function importer(ctx: JobContext, tenantId: string, userId: string, entity: ImportEntity): Promise<Actor> {
  const user = await getUser(ctx.db, tenantId, userId);
  if (!user || !user.active) throw new DeadLetterError(`The user who started the import (${userId}) is no longer active.`);
  const tenant = await getTenant(ctx.db, tenantId);
  const actor: Actor = { tenantId, tenantSlug: tenant.slug, userId, name: user.name, email: user.email, roles: user.roles, tokenId: `import:${userId}` };
  if (!mayImport(actor, entity)) throw new DeadLetterError(`The user who started the import (${userId}) may no longer import ${entity}.`);
  return actor;
}

const problemOf = (rowNo: number, error: AppError): RowProblem => ({
  row: rowNo, column: null, field: typeof error.details.field === 'string' ? error.details.field : null, message: error.message,
});

const batchNote = (rows: store.WaitingRow[], cause: number): RowProblem => ({
  row: rows[0].rowNo, column: null, field: null,
  message: `行 ${rows[0].rowNo}–${rows[rows.length - 1].rowNo} 未导入 (${rows.length} rows not imported): row ${cause} failed and a batch is all or nothing`,
});

export function importJobHandlers(hooks: TicketHooks, blobs: BlobStore): [string, JobHandler][] {
  async function writeBatch(ctx: JobContext, job: Job, run: store.ImportRun, rows: store.WaitingRow[], actor: Actor): Promise<RowProblem | null> {
    let current = rows[0];
    try {
      await ctx.db.transaction().execute(async (trx) => {
        const locked = await store.getImport(trx, job.tenantId, run.id, true);
        // Another run of this job already wrote the batch: only finish this one.
        if (!locked || locked.cursor !== run.cursor) return ctx.complete(trx, job);
        const write = rowWriter(requireEntity(run.entity), ctx, trx, actor, { blobs, hooks });
        const counts = { created: 0, updated: 0, skipped: 0 };
        for (const row of rows) {
          current = row;
          counts[await write(row.record!)] += 1;
        }
        const now = ctx.clock.now();
        await store.recordBatch(trx, job.tenantId, locked, {
          done: counts.created + counts.updated, updated: counts.updated, skipped: counts.skipped, failed: 0, cursor: rows[rows.length - 1].seq, problems: [],
        }, now);
        await ctx.complete(trx, job);
        await scheduleBatch(trx, job.tenantId, run.id, now);
      });
      return null;
    } catch (error) {
      // A row the service refuses fails its batch; anything else (the database gone) is retried.
      if (error instanceof AppError) return problemOf(current.rowNo, error);
      throw error;
    }
  }

  async function refuseBatch(ctx: JobContext, job: Job, run: store.ImportRun, rows: store.WaitingRow[], problems: RowProblem[]) {
    await ctx.db.transaction().execute(async (trx) => {
      const locked = await store.getImport(trx, job.tenantId, run.id, true);
      if (!locked || locked.cursor !== run.cursor) return ctx.complete(trx, job);
      const now = ctx.clock.now();
      const cause = problems[0].row;
      await store.recordBatch(trx, job.tenantId, locked, {
        done: 0, updated: 0, skipped: 0, failed: rows.length, cursor: rows[rows.length - 1].seq, problems: [...problems, batchNote(rows, cause)],
      }, now);
      await ctx.complete(trx, job);
      await scheduleBatch(trx, job.tenantId, run.id, now);
    });
  }

  const runBatch: JobHandler = async (ctx, job) => {
    const importId = job.payload.importId;
    if (typeof importId !== 'string') throw new DeadLetterError('The job names no import.');
    const run = await store.getImport(ctx.db, job.tenantId, importId);
    if (!run || run.status === 'done') return;
    const rows = await store.nextRows(ctx.db, job.tenantId, importId, run.cursor, run.batchSize);
    if (!rows.length) {
      await ctx.db.transaction().execute(async (trx) => {
        await store.finishImport(trx, job.tenantId, importId, ctx.clock.now());
        await ctx.complete(trx, job);
      });
      return;
    }
    const invalid = rows.flatMap((row) => row.problems ?? []);
    if (invalid.length) return refuseBatch(ctx, job, run, rows, invalid);
    const failure = await writeBatch(ctx, job, run, rows, await importer(ctx, job.tenantId, run.createdBy, requireEntity(run.entity)));
    if (failure) await refuseBatch(ctx, job, run, rows, [failure]);
  };

  return [[IMPORT_BATCH, runBatch]];
}
