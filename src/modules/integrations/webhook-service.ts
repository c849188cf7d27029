/** Webhook subscriptions, their settings, log and replays: admin use cases, one transaction each. */
import type { Ctx } from '../../platform/context.ts';
import { AppError, forbidden, notFound } from '../../platform/errors.ts';
import { hasRole, type Actor } from '../../platform/http/actor.ts';
import { uuidv7 } from '../../platform/ids.ts';
import { checkWebhookUrl } from './webhook-address.ts';
import { restartLanesOf } from './webhook-lanes.ts';
import { generateSecret, secretKey } from './webhook-signing.ts';
import * as store from './webhook-store.ts';
import type { WebhookFilter, WebhookEventType } from './webhook-events.ts';
import type { DeliveryStatus } from './webhook-tables.ts';

export interface SubscriptionInput {
  url: string;
  events: WebhookEventType[];
  secret?: string;
  filter?: WebhookFilter;
  name?: string;
  timeoutSeconds?: number;
}

export function toSubscriptionView(row: store.SubscriptionRow) {
  return {
    id: row.id, name: row.name, url: row.url, events: row.events, filter: row.filter, active: row.status === 'active',
    status: row.status, pausedReason: row.paused_reason, ownerId: row.owner_id, timeoutSeconds: row.timeout_seconds,
    failingSince: row.failing_since?.toISOString() ?? null, consecutiveFailures: row.consecutive_failures, lastError: row.last_error,
    createdAt: row.created_at.toISOString(), updatedAt: row.updated_at.toISOString(),
  };
}

export function toDeliveryView(row: store.DeliveryRow) {
  return {
    id: row.id, webhookId: row.message_id, replayOf: row.replay_of, ticketId: row.ticket_id, eventType: row.event_type,
    status: row.status, attempts: row.attempts, request: row.request ?? { body: JSON.stringify(row.payload) },
    response: row.response_status === null && row.response_body === null ? null : { status: row.response_status, body: row.response_body },
    latencyMs: row.latency_ms, error: row.error, createdAt: row.created_at.toISOString(),
    lastAttemptAt: row.last_attempt_at?.toISOString() ?? null, deliveredAt: row.delivered_at?.toISOString() ?? null,
  };
}

function requireAdmin(actor: Actor): void {
  if (!hasRole(actor, 'admin')) throw forbidden('Only an admin may manage webhooks.');
}

const MAX_RANGE_REPLAY = 10_000;

export function createWebhookService(ctx: Ctx) {
  async function loadOwned(actor: Actor, id: string, lock?: 'update') {
    requireAdmin(actor);
    const row = await store.getSubscription(ctx.db, actor.tenantId, id, lock);
    if (!row) throw notFound('Webhook', id);
    return row;
  }

  async function create(actor: Actor, input: SubscriptionInput) {
    requireAdmin(actor);
    const settings = await store.getSettings(ctx.db, actor.tenantId);
    const url = await checkWebhookUrl(input.url, settings.allowPrivateNetworks);
    const secret = input.secret ?? generateSecret();
    secretKey(secret);
    const now = ctx.clock.now();
    const row = await store.insertSubscription(ctx.db, {
      tenant_id: actor.tenantId, id: uuidv7(now.getTime()), name: input.name?.trim() || url.host, url: url.toString(),
      events: [...new Set(input.events)], filter: JSON.stringify(input.filter ?? {}), secret, owner_id: actor.userId,
      timeout_seconds: input.timeoutSeconds ?? 10, created_at: now, updated_at: now,
    });
    ctx.log.info({ webhook: row.id, by: actor.userId }, 'webhook subscription created');
    return { ...toSubscriptionView(row), secret };
  }

  async function update(actor: Actor, id: string, input: Partial<Omit<SubscriptionInput, 'secret'>> & { active?: boolean }) {
    const current = await loadOwned(actor, id);
    const settings = await store.getSettings(ctx.db, actor.tenantId);
    const url = input.url === undefined ? undefined : (await checkWebhookUrl(input.url, settings.allowPrivateNetworks)).toString();
    const now = ctx.clock.now();
    return ctx.db.transaction().execute(async (trx) => {
      const resuming = input.active === true && current.status !== 'active';
      const row = await store.updateSubscription(trx, actor.tenantId, id, {
        ...(url ? { url } : {}),
        ...(input.events ? { events: [...new Set(input.events)] } : {}),
        ...(input.filter ? { filter: JSON.stringify(input.filter) } : {}),
        ...(input.name !== undefined ? { name: input.name.trim() || current.name } : {}),
        ...(input.timeoutSeconds ? { timeout_seconds: input.timeoutSeconds } : {}),
        ...(input.active === false ? { status: 'disabled' as const, paused_reason: null } : {}),
        ...(resuming ? { status: 'active' as const, paused_reason: null, failing_since: null, consecutive_failures: 0, failure_alerted: false } : {}),
        updated_at: now,
      });
      if (resuming) await restartLanesOf(trx, actor.tenantId, id, now);
      return toSubscriptionView(row);
    });
  }

  /** Always a generated secret: the old one stops signing at once, so receivers switch to the answer's. */
  async function rotateSecret(actor: Actor, id: string) {
    await loadOwned(actor, id);
    const next = generateSecret();
    const row = await store.updateSubscription(ctx.db, actor.tenantId, id, { secret: next, updated_at: ctx.clock.now() });
    ctx.log.info({ webhook: id, by: actor.userId }, 'webhook secret rotated');
    return { ...toSubscriptionView(row), secret: next };
  }

  async function remove(actor: Actor, id: string): Promise<void> {
    await loadOwned(actor, id);
    await store.deleteSubscription(ctx.db, actor.tenantId, id);
  }

  async function deliveries(actor: Actor, id: string, query: { status?: DeliveryStatus; cursor?: string; limit: number }) {
    await loadOwned(actor, id);
    if (query.cursor && !/^\d{1,19}$/.test(query.cursor)) {
      throw new AppError('invalid_input', 'The cursor is not one this server gave.', { field: 'cursor' });
    }
    const rows = await store.listDeliveries(ctx.db, actor.tenantId, id, { status: query.status, beforeSeq: query.cursor, limit: query.limit + 1 });
    const page = rows.slice(0, query.limit);
    return { items: page.map(toDeliveryView), nextCursor: rows.length > query.limit ? String(page[page.length - 1].seq) : null };
  }

  /** A replay is a new delivery row with the original's webhook-id (receivers dedupe), at the end of its ticket's lane. */
  async function replay(actor: Actor, id: string, originals: store.DeliveryRow[]) {
    const now = ctx.clock.now();
    const subscription = await loadOwned(actor, id);
    const rows = originals.map((original) => ({
      tenant_id: actor.tenantId, id: uuidv7(now.getTime()), message_id: original.message_id, replay_of: original.id,
      subscription_id: id, ticket_id: original.ticket_id, event_type: original.event_type,
      payload: JSON.stringify(original.payload), created_at: now,
    }));
    await ctx.db.transaction().execute(async (trx) => {
      // Locked first, as the listener does: a lane finishing now sees these rows or is restarted.
      await store.getSubscription(trx, actor.tenantId, id, 'update');
      await store.insertDeliveries(trx, rows);
      if (subscription.status === 'active') await restartLanesOf(trx, actor.tenantId, id, now);
    });
    ctx.log.info({ webhook: id, count: rows.length, by: actor.userId }, 'webhook deliveries replayed');
    return rows.map((row) => row.id);
  }

  async function replayOne(actor: Actor, id: string, deliveryId: string) {
    await loadOwned(actor, id);
    const original = await store.getDelivery(ctx.db, actor.tenantId, id, deliveryId);
    if (!original) throw notFound('Delivery', deliveryId);
    const [replayId] = await replay(actor, id, [original]);
    const row = await store.getDelivery(ctx.db, actor.tenantId, id, replayId);
    return toDeliveryView(row!);
  }

  async function replayRange(actor: Actor, id: string, range: { from: string; to: string }) {
    const [from, to] = [new Date(range.from), new Date(range.to)];
    if (!(from < to)) throw new AppError('invalid_input', 'from must be before to.', { field: 'from' });
    await loadOwned(actor, id);
    const originals = await store.deliveriesBetween(ctx.db, actor.tenantId, id, from, to, MAX_RANGE_REPLAY + 1);
    if (originals.length > MAX_RANGE_REPLAY) {
      throw new AppError('invalid_input', `At most ${MAX_RANGE_REPLAY} deliveries can be replayed at once; choose a shorter range.`, { field: 'to' });
    }
    const ids = await replay(actor, id, originals);
    return { replayed: ids.length, deliveryIds: ids };
  }

  async function getSettings(actor: Actor) {
    requireAdmin(actor);
    return store.getSettings(ctx.db, actor.tenantId);
  }

  async function saveSettings(actor: Actor, input: Partial<store.WebhookSettings>) {
    requireAdmin(actor);
    const settings = { ...(await store.getSettings(ctx.db, actor.tenantId)), ...input };
    await store.saveSettings(ctx.db, actor.tenantId, settings, ctx.clock.now());
    return settings;
  }

  return {
    create, update, rotateSecret, remove, deliveries, replayOne, replayRange, getSettings, saveSettings,
    get: async (actor: Actor, id: string) => toSubscriptionView(await loadOwned(actor, id)),
    list: async (actor: Actor) => {
      requireAdmin(actor);
      return { items: (await store.listSubscriptions(ctx.db, actor.tenantId)).map(toSubscriptionView) };
    },
    resume: (actor: Actor, id: string) => update(actor, id, { active: true }),
  };
}

export type WebhookService = ReturnType<typeof createWebhookService>;
