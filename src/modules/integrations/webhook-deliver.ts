/**
 * webhook.deliver: the runner sends one ticket's deliveries to one subscription (a "lane"),
 * oldest first. The design, kept simple on purpose:
 *
 * - One due_work job per lane at a time (its dedupe key is `subscription:ticket`). The job sends
 *   the lane's head; on success it moves to the next; on failure it throws, so the runner retries
 *   the same head later with exponential backoff. A later event of the ticket therefore never
 *   overtakes an earlier one that still fails, while other tickets' lanes go on by themselves.
 * - A lane that runs dry completes its job while holding the subscription row FOR UPDATE; the
 *   listener holds it FOR SHARE while it writes deliveries. So a delivery written as the lane
 *   stops is either seen by the lane, or finds the job done and schedules a new one: never lost.
 * - The subscription keeps the outage's state: when its first failure was, how many attempts
 *   failed in a row. After `alertAfterFailures` the owner is told once (integration.failing);
 *   after `pauseAfterSeconds` of failures it pauses (integration.paused) and its lanes stop,
 *   leaving their deliveries in place; resuming restarts every lane from its head.
 * - The webhook-id is the delivery's message id, the same on every retry, so receivers dedupe.
 */
import type { Db } from '../../platform/context.ts';
import { schedule, type Job, type JobContext, type JobHandler } from '../../platform/runner/index.ts';
import { notify } from '../notify/index.ts';
import { laneJob, type LanePayload } from './webhook-outbox.ts';
import { sendWebhook, type WebhookOutcome } from './webhook-send.ts';
import { signatureHeaders } from './webhook-signing.ts';
import {
  getSettings, getSubscription, laneHead, recordAttempt, updateSubscription, type DeliveryRow, type SubscriptionRow, type WebhookSettings,
} from './webhook-store.ts';

/** Deliveries sent per claim of a lane before it yields (completes and schedules itself again at once). */
const LANE_BATCH = 50;

function readLane(job: Job): LanePayload {
  const { subscriptionId, ticketId } = job.payload;
  if (typeof subscriptionId !== 'string' || typeof ticketId !== 'string') throw new Error('webhook.deliver payload is malformed.');
  return { subscriptionId, ticketId };
}

/** What the log keeps of a request: everything but the secret (the signature reveals nothing of it). */
function requestRecord(url: string, headers: Record<string, string>, body: string): Record<string, unknown> {
  return { method: 'POST', url, headers: { 'content-type': 'application/json', ...headers }, body };
}

async function recordSuccess(trx: Db, job: Job, subscription: SubscriptionRow, delivery: DeliveryRow, attempt: Attempt): Promise<void> {
  await recordAttempt(trx, job.tenantId, delivery.id, { ...attempt.record, status: 'delivered' });
  if (subscription.failing_since || subscription.consecutive_failures) {
    await updateSubscription(trx, job.tenantId, subscription.id, {
      failing_since: null, consecutive_failures: 0, failure_alerted: false, last_error: null, updated_at: attempt.at,
    });
  }
}

/** Records the failure on the delivery and the outage on the subscription; returns true when it paused. */
async function recordFailure(trx: Db, job: Job, delivery: DeliveryRow, attempt: Attempt, settings: WebhookSettings): Promise<boolean> {
  await recordAttempt(trx, job.tenantId, delivery.id, { ...attempt.record, status: 'failing' });
  const subscription = await getSubscription(trx, job.tenantId, delivery.subscription_id, 'update');
  if (!subscription || subscription.status !== 'active') return false;
  const failingSince = subscription.failing_since ?? attempt.at;
  const failures = subscription.consecutive_failures + 1;
  const reason = attempt.outcome.error ?? 'unknown error';
  const outageSeconds = (attempt.at.getTime() - failingSince.getTime()) / 1000;
  const pause = outageSeconds >= settings.pauseAfterSeconds;
  const alert = !pause && failures >= settings.alertAfterFailures && !subscription.failure_alerted;
  await updateSubscription(trx, job.tenantId, subscription.id, {
    failing_since: failingSince, consecutive_failures: failures, last_error: reason, updated_at: attempt.at,
    failure_alerted: subscription.failure_alerted || alert,
    ...(pause ? { status: 'paused', paused_reason: `${Math.round(outageSeconds / 3600)} 小时内投递持续失败：${reason}` } : {}),
  });
  if (alert) {
    await notify(trx, {
      tenantId: job.tenantId, template: 'integration.failing', userIds: [subscription.owner_id], now: attempt.at,
      data: { name: subscription.name, attempts: failures, reason },
    });
  }
  if (pause) {
    await notify(trx, {
      tenantId: job.tenantId, template: 'integration.paused', userIds: [subscription.owner_id], now: attempt.at, urgent: true,
      data: { name: subscription.name, reason: `${Math.round(outageSeconds / 3600)} 小时内投递持续失败：${reason}` },
    });
  }
  return pause;
}

interface Attempt {
  at: Date;
  outcome: WebhookOutcome;
  record: Omit<Parameters<typeof recordAttempt>[3], 'status'>;
}

async function attemptDelivery(ctx: JobContext, subscription: SubscriptionRow, delivery: DeliveryRow, settings: WebhookSettings): Promise<Attempt> {
  const body = JSON.stringify(delivery.payload);
  const timestamp = Math.floor(ctx.clock.now().getTime() / 1000);
  const headers = signatureHeaders(subscription.secret, delivery.message_id, timestamp, body);
  const outcome = await sendWebhook({
    url: subscription.url, headers, body, timeoutMs: subscription.timeout_seconds * 1000,
    allowPrivateNetworks: settings.allowPrivateNetworks,
  });
  const at = ctx.clock.now();
  return {
    at, outcome,
    record: {
      request: requestRecord(subscription.url, headers, body), responseStatus: outcome.status, responseBody: outcome.responseBody,
      latencyMs: outcome.latencyMs, error: outcome.error, at,
    },
  };
}

/**
 * Ends the lane when there is nothing it may send (no subscription, not active, nothing waiting),
 * deciding under the subscription's lock (see the comment at the top): a resume or a new
 * delivery committed meanwhile is either seen here, or finds the job done and schedules another.
 */
async function stopIfIdle(ctx: JobContext, job: Job, lane: LanePayload): Promise<boolean> {
  return ctx.db.transaction().execute(async (trx) => {
    const subscription = await getSubscription(trx, job.tenantId, lane.subscriptionId, 'update');
    const idle = !subscription || subscription.status !== 'active' || !(await laneHead(trx, job.tenantId, lane.subscriptionId, lane.ticketId));
    if (idle) await ctx.complete(trx, job);
    return idle;
  });
}

export const deliverLane: JobHandler = async (ctx, job) => {
  const lane = readLane(job);
  const settings = await getSettings(ctx.db, job.tenantId);
  for (let sent = 0; sent < LANE_BATCH; sent++) {
    const subscription = await getSubscription(ctx.db, job.tenantId, lane.subscriptionId);
    const delivery = subscription?.status === 'active' ? await laneHead(ctx.db, job.tenantId, lane.subscriptionId, lane.ticketId) : undefined;
    // Removed, paused, switched off or dry: the lane stops; waiting deliveries stay for a resume.
    if (!subscription || !delivery) {
      if (await stopIfIdle(ctx, job, lane)) return;
      continue;
    }
    const attempt = await attemptDelivery(ctx, subscription, delivery, settings);
    if (attempt.outcome.ok) {
      await ctx.db.transaction().execute((trx) => recordSuccess(trx, job, subscription, delivery, attempt));
      ctx.log.debug({ delivery: delivery.id, status: attempt.outcome.status, latencyMs: attempt.outcome.latencyMs }, 'webhook delivered');
      continue;
    }
    const paused = await ctx.db.transaction().execute((trx) => recordFailure(trx, job, delivery, attempt, settings));
    if (paused) {
      ctx.log.error({ subscription: subscription.id, error: attempt.outcome.error }, 'webhook subscription paused after a long outage');
      if (await stopIfIdle(ctx, job, lane)) return;
      continue;
    }
    // The runner retries this lane with backoff; the head stays the head.
    throw new Error(`Webhook ${subscription.name}: ${attempt.outcome.error}`);
  }
  // A long lane yields so other work runs and no lease runs out; it goes on at once.
  await ctx.db.transaction().execute(async (trx) => {
    await ctx.complete(trx, job);
    await schedule(trx, laneJob(job.tenantId, lane, ctx.clock.now()));
  });
};
