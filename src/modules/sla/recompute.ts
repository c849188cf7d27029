/**
 * sla.recompute: a policy (or its calendar) changed, so its open tickets' deadlines and timers
 * are derived again, in the background and in batches by ticket id, never in the admin's
 * request. Each batch is one transaction that ends by scheduling the next with a cursor.
 *
 * A policy has one chain at a time (the dedupe key). Each batch holds the policy row FOR SHARE,
 * so an admin's change waits for the batch in flight; a batch that finds the policy at a newer
 * version than its chain started with starts the chain over, so no change is left half applied,
 * whether or not the change itself asked for a re-computation.
 */
import type { Db } from '../../platform/context.ts';
import { schedule, type Job, type JobContext, type JobHandler } from '../../platform/runner/index.ts';
import { OPEN_STATUSES, type TicketSystem } from '../tickets/index.ts';
import { readPayload } from './payloads.ts';
import * as store from './store.ts';
import { slaFieldsDiffer, syncTicketSla } from './sync.ts';
import { policyContext } from './tenant-sla.ts';
import { SLA_RECOMPUTE } from './timers.ts';

export const RECOMPUTE_BATCH_SIZE = 200;
/**
 * A chain starts when every process's cached copy of the policy is stale (5 s), so a ticket
 * created under the old version meanwhile is still ahead of the cursor.
 */
export const RECOMPUTE_DELAY_SECONDS = 6;

interface RecomputePayload {
  policyId: string;
  /** The policy version the chain applies. */
  version: number;
  /** The last ticket id done; null for the first batch. */
  after: string | null;
}

async function scheduleBatch(db: Db, tenantId: string, payload: RecomputePayload, runAt: Date, now: Date): Promise<void> {
  await schedule(db, { tenantId, kind: SLA_RECOMPUTE, payload: { ...payload }, runAt, now, dedupeKey: payload.policyId });
}

const afterDelay = (now: Date) => new Date(now.getTime() + RECOMPUTE_DELAY_SECONDS * 1000);

/**
 * Starts the background re-computation of a policy's open tickets, in the caller's transaction.
 * A chain already waiting for its next batch is left to pick the new version up itself.
 */
export async function scheduleRecompute(db: Db, tenantId: string, policyId: string, version: number, now: Date): Promise<void> {
  await scheduleBatch(db, tenantId, { policyId, version, after: null }, afterDelay(now), now);
}

async function recomputeBatch(ctx: JobContext, trx: Db, job: Job, system: TicketSystem): Promise<void> {
  const payload = readPayload<RecomputePayload>(job, ['policyId']);
  const { tenantId } = job;
  const now = ctx.clock.now();
  const context = await policyContext(trx, tenantId, payload.policyId, { forShare: true });
  if (!context) return ctx.complete(trx, job);
  if (context.policy.version !== payload.version) {
    // Changed again since this chain began: start over with what it is now.
    await ctx.complete(trx, job);
    return scheduleBatch(trx, tenantId, { ...payload, version: context.policy.version, after: null }, afterDelay(now), now);
  }

  const ids = await store.openTicketIdsOfPolicy(trx, tenantId, payload.policyId, payload.after, RECOMPUTE_BATCH_SIZE);
  for (const id of ids) {
    const ticket = await system.load(trx, tenantId, id);
    if (!ticket || ticket.slaPolicyId !== payload.policyId || !OPEN_STATUSES.includes(ticket.status)) continue;
    const fields = await syncTicketSla(trx, tenantId, ticket, context, now);
    if (!slaFieldsDiffer(ticket, fields)) continue;
    const moved = ticket.responseDueAt?.getTime() !== fields.responseDueAt?.getTime()
      || ticket.resolveDueAt?.getTime() !== fields.resolveDueAt?.getTime();
    await system.patch(trx, tenantId, id, fields, moved ? [{
      type: 'sla_recomputed',
      data: {
        policyId: payload.policyId, policyVersion: payload.version,
        before: { responseDueAt: ticket.responseDueAt, resolveDueAt: ticket.resolveDueAt },
        after: { responseDueAt: fields.responseDueAt, resolveDueAt: fields.resolveDueAt },
      },
    }] : [], now);
  }
  await ctx.complete(trx, job);
  if (ids.length === RECOMPUTE_BATCH_SIZE) await scheduleBatch(trx, tenantId, { ...payload, after: ids[ids.length - 1] }, now, now);
}

export function recomputeHandler(system: TicketSystem): JobHandler {
  return (ctx, job) => ctx.db.transaction().execute((trx) => recomputeBatch(ctx, trx, job, system));
}
