/**
 * connector.callback: the runner sends one ticket's callbacks to one connector (a "lane"),
 * oldest first, the way webhook-deliver.ts sends webhooks:
 *
 * - One due_work job per lane at a time (dedupe key `connector:ticket`). It sends the head; on
 *   success it moves on; on failure it throws and the runner retries the same head with
 *   exponential backoff, so a later state never overtakes an earlier one that still fails.
 * - Each callback has its own bound: after MAX_CALLBACK_ATTEMPTS failed attempts it is `failed`
 *   (a dead letter the admin sees in the connector's callback log and can replay), and the lane
 *   goes on with the next one. The job then starts afresh, so the next callback's backoff does too.
 * - A lane that runs dry completes its job while holding the connector row FOR UPDATE; the
 *   listener holds it FOR SHARE while it writes callbacks. A callback written as the lane stops
 *   is therefore either seen by the lane, or finds the job done and schedules a new one.
 * - The connector keeps its outage: attempts failed in a row. At the tenant's webhook setting
 *   `alertAfterFailures` (3 by default) its admins are told once (integration.failing); a success
 *   ends the outage. The setting `allowPrivateNetworks` applies to callbacks as to webhooks.
 * - The webhook-id is the callback's message id, the same on every retry and replay.
 */
import type { Db } from '../../platform/context.ts';
import { schedule, type Job, type JobContext, type JobHandler } from '../../platform/runner/index.ts';
import { listUsers } from '../directory/index.ts';
import { notify } from '../notify/index.ts';
import { callbackLaneJob, type CallbackLane } from './callback-outbox.ts';
import { sendCallback } from './callback-send.ts';
import { getCallbackTarget, laneHead, recordAttempt, setCallbackOutage, type AttemptRecord, type CallbackRow, type CallbackTarget } from './callback-store.ts';
import { signatureHeaders } from './webhook-signing.ts';
import { getSettings, type WebhookSettings } from './webhook-store.ts';
import type { WebhookOutcome } from './webhook-send.ts';

/** With the runner's backoff (5 s doubling, capped at 1 h) the last attempt comes about 1.5–3 h after the first. */
export const MAX_CALLBACK_ATTEMPTS = 12;
/** Callbacks sent per claim of a lane before it yields (completes and schedules itself again at once). */
const LANE_BATCH = 20;

export const NO_SECRET_ERROR = '此连接器还没有回调签名密钥，回调不会未签名发出：请管理员调用 rotate-callback-secret 生成。'
  + ' The connector has no callback secret yet (it predates callbacks): an admin must rotate it.';

function readLane(job: Job): CallbackLane {
  const { connectorId, ticketId } = job.payload;
  if (typeof connectorId !== 'string' || typeof ticketId !== 'string') throw new Error('connector.callback payload is malformed.');
  return { connectorId, ticketId };
}

interface Attempt {
  outcome: WebhookOutcome;
  record: Omit<AttemptRecord, 'status' | 'counted'>;
}

async function attemptCallback(ctx: JobContext, settings: WebhookSettings, connector: CallbackTarget & { callbackUrl: string }, callback: CallbackRow): Promise<Attempt> {
  let outcome: WebhookOutcome;
  if (!connector.callbackSecret) {
    outcome = { ok: false, status: null, responseBody: null, latencyMs: 0, error: NO_SECRET_ERROR };
  } else {
    const body = JSON.stringify(callback.payload);
    const headers = signatureHeaders(connector.callbackSecret, callback.message_id, Math.floor(ctx.clock.now().getTime() / 1000), body);
    outcome = await sendCallback({ url: connector.callbackUrl, headers, body, allowPrivateNetworks: settings.allowPrivateNetworks });
  }
  return {
    outcome,
    record: {
      url: connector.callbackUrl, responseStatus: outcome.status, responseBody: outcome.responseBody, latencyMs: outcome.latencyMs,
      error: outcome.error, at: ctx.clock.now(),
    },
  };
}

async function recordSuccess(trx: Db, tenantId: string, connector: CallbackTarget, callback: CallbackRow, attempt: Attempt): Promise<void> {
  const locked = await getCallbackTarget(trx, tenantId, connector.id, 'update');
  await recordAttempt(trx, tenantId, callback.id, { ...attempt.record, status: 'delivered', counted: true });
  if (locked && (locked.failures || locked.alerted)) await setCallbackOutage(trx, tenantId, connector.id, { failures: 0, alerted: false });
}

/** Records the failure and the connector's outage, alerting the admins once; true when the callback gave up. */
async function recordFailure(trx: Db, tenantId: string, callback: CallbackRow, attempt: Attempt, settings: WebhookSettings): Promise<boolean> {
  const connector = await getCallbackTarget(trx, tenantId, callback.connector_id, 'update');
  const gaveUp = callback.attempts + 1 >= MAX_CALLBACK_ATTEMPTS;
  await recordAttempt(trx, tenantId, callback.id, { ...attempt.record, status: gaveUp ? 'failed' : 'failing', counted: true });
  if (!connector) return gaveUp;
  const failures = connector.failures + 1;
  const alert = failures >= settings.alertAfterFailures && !connector.alerted;
  await setCallbackOutage(trx, tenantId, connector.id, { failures, alerted: connector.alerted || alert });
  if (alert) {
    const admins = await listUsers(trx, tenantId, { role: 'admin', active: true, limit: 100 });
    if (admins.length) {
      await notify(trx, {
        tenantId, template: 'integration.failing', userIds: admins.map((admin) => admin.id), now: attempt.record.at,
        data: { name: `${connector.name}（回调）`, attempts: failures, reason: attempt.outcome.error ?? 'unknown error' },
      });
    }
  }
  return gaveUp;
}

/** A switched-off connector, or one whose URL was removed: nothing is sent, the admin may replay it later. */
async function giveUpUnsendable(ctx: JobContext, tenantId: string, connector: CallbackTarget, callback: CallbackRow): Promise<void> {
  const error = connector.active ? '连接器的回调地址已删除，未发送。The callback URL was removed.' : '连接器已停用，未发送。The connector is disabled.';
  await ctx.db.transaction().execute((trx) => recordAttempt(trx, tenantId, callback.id, {
    status: 'failed', url: connector.callbackUrl, responseStatus: null, responseBody: null, latencyMs: 0, error, at: ctx.clock.now(), counted: false,
  }));
}

/** Ends the lane when nothing is left to send, deciding under the connector's lock (see the top). */
async function stopIfIdle(ctx: JobContext, job: Job, lane: CallbackLane): Promise<boolean> {
  return ctx.db.transaction().execute(async (trx) => {
    const connector = await getCallbackTarget(trx, job.tenantId, lane.connectorId, 'update');
    const idle = !connector || !(await laneHead(trx, job.tenantId, lane.connectorId, lane.ticketId));
    if (idle) await ctx.complete(trx, job);
    return idle;
  });
}

/** Completes this job and schedules the lane again at once: a fresh job, fresh backoff. */
async function yieldLane(ctx: JobContext, job: Job, lane: CallbackLane): Promise<void> {
  await ctx.db.transaction().execute(async (trx) => {
    await ctx.complete(trx, job);
    await schedule(trx, callbackLaneJob(job.tenantId, lane, ctx.clock.now()));
  });
}

export const deliverCallbacks: JobHandler = async (ctx, job) => {
  const lane = readLane(job);
  const settings = await getSettings(ctx.db, job.tenantId);
  for (let sent = 0; sent < LANE_BATCH; sent++) {
    const connector = await getCallbackTarget(ctx.db, job.tenantId, lane.connectorId);
    const callback = connector ? await laneHead(ctx.db, job.tenantId, lane.connectorId, lane.ticketId) : undefined;
    if (!connector || !callback) {
      if (await stopIfIdle(ctx, job, lane)) return;
      continue;
    }
    if (!connector.active || !connector.callbackUrl) {
      await giveUpUnsendable(ctx, job.tenantId, connector, callback);
      continue;
    }
    const attempt = await attemptCallback(ctx, settings, { ...connector, callbackUrl: connector.callbackUrl }, callback);
    if (attempt.outcome.ok) {
      await ctx.db.transaction().execute((trx) => recordSuccess(trx, job.tenantId, connector, callback, attempt));
      ctx.log.debug({ callback: callback.id, status: attempt.outcome.status, latencyMs: attempt.outcome.latencyMs }, 'callback delivered');
      // After a retried success the next callback starts with a fresh job (and a short first backoff).
      if (job.attempts > 1) return yieldLane(ctx, job, lane);
      continue;
    }
    const gaveUp = await ctx.db.transaction().execute((trx) => recordFailure(trx, job.tenantId, callback, attempt, settings));
    if (gaveUp) {
      ctx.log.error({ callback: callback.id, connector: connector.key, error: attempt.outcome.error }, 'callback failed for good; it is in the connector\'s callback log');
      return yieldLane(ctx, job, lane);
    }
    // The runner retries this lane with backoff; the head stays the head.
    throw new Error(`Callback to ${connector.name}: ${attempt.outcome.error}`);
  }
  await yieldLane(ctx, job, lane);
};
