/** Starting a subscription's lanes again (resume, replay): one lane job per ticket with deliveries waiting. */
import type { Db } from '../../platform/context.ts';
import { schedule } from '../../platform/runner/index.ts';
import { laneJob } from './webhook-outbox.ts';
import { pendingLanes } from './webhook-store.ts';

/**
 * Call it in the transaction that made the subscription active or added deliveries, after the
 * subscription row is updated or locked, so a lane finishing meanwhile sees it (webhook-deliver.ts).
 */
export async function restartLanesOf(db: Db, tenantId: string, subscriptionId: string, now: Date): Promise<number> {
  const tickets = await pendingLanes(db, tenantId, subscriptionId);
  for (const ticketId of tickets) await schedule(db, laneJob(tenantId, { subscriptionId, ticketId }, now));
  return tickets.length;
}
