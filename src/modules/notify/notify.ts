/**
 * notify(): what the SLA and dispatch modules call, inside their own transaction, when something
 * needs people's attention. It writes the in-app rows and schedules every delivery outside the
 * app as a notify.deliver job, so the notifications commit with the change that caused them, or
 * not at all; nothing leaves the database until the runner picks the jobs up after the commit.
 */
import type { Db } from '../../platform/context.ts';
import { uuidv7, isUuid } from '../../platform/ids.ts';
import { schedule } from '../../platform/runner/index.ts';
import { getTenant, getUsersByIds } from '../directory/index.ts';
import { NOTIFY_DELIVER, DELIVERY_MAX_ATTEMPTS, type DeliveryPayload } from './delivery.ts';
import { planNotification, type Recipient } from './plan.ts';
import { insertNotifications, listActiveChannelRoutes, loadPreferences } from './store.ts';
import { isTemplateKey, ticketLink, type TemplateKey } from './templates.ts';
import { safeTimeZone } from './zoned-time.ts';

export interface NotifyRequest {
  tenantId: string;
  template: TemplateKey;
  /** Recipients, already resolved by the caller; duplicates and unknown or inactive users are skipped. */
  userIds: readonly string[];
  ticketId?: string | null;
  /** Template variables: number, title, priority, assigneeName, reason, dueAt, minutesOverdue, stepName, offeredTo, url. */
  data: Record<string, unknown>;
  /** Ignores quiet hours and sends SMS to everyone with a phone (P1 escalations). */
  urgent?: boolean;
  /** The caller's injected clock. */
  now: Date;
}

/** Runs in the caller's transaction (db may be a Kysely Transaction): writes the in-app rows and schedules deliveries. */
export async function notify(db: Db, request: NotifyRequest): Promise<{ notificationIds: string[] }> {
  if (!isTemplateKey(request.template)) throw new Error(`Unknown notification template "${request.template}".`);
  const recipients = await loadRecipients(db, request.tenantId, request.userIds);
  const tenant = await getTenant(db, request.tenantId);
  const timeZone = safeTimeZone(tenant.timezone);
  const urgent = request.urgent === true;
  const plan = planNotification({
    template: request.template, data: request.data, urgent, now: request.now, timeZone, recipients,
    channels: await listActiveChannelRoutes(db, request.tenantId),
  });

  // Ids from the wall clock, not the caller's: the live feed reads them as the time of writing (feed.ts).
  const ids = new Map(plan.notifications.map((notification) => [notification.userId, uuidv7()]));
  await insertNotifications(db, plan.notifications.map((notification) => ({
    tenantId: request.tenantId, id: ids.get(notification.userId)!, userId: notification.userId, ticketId: request.ticketId ?? null,
    template: request.template, title: notification.title, body: notification.body, data: request.data, urgent,
    createdAt: request.now,
  })));

  const url = ticketLink(request.data);
  for (const delivery of plan.deliveries) {
    const payload: DeliveryPayload = {
      channelId: delivery.channelId, kind: delivery.kind, to: delivery.to, language: delivery.language,
      title: delivery.title, body: delivery.body, url, template: request.template,
      notificationId: delivery.userId ? ids.get(delivery.userId)! : null, ticketId: request.ticketId ?? null,
    };
    await schedule(db, {
      tenantId: request.tenantId, kind: NOTIFY_DELIVER, payload: { ...payload }, runAt: delivery.runAt, now: request.now,
      maxAttempts: DELIVERY_MAX_ATTEMPTS,
    });
  }
  return { notificationIds: plan.notifications.map((notification) => ids.get(notification.userId)!) };
}

/**
 * The active people among the ids, each once, in the order given. A malformed id is skipped
 * before it reaches SQL, where it would abort the caller's transaction.
 */
async function loadRecipients(db: Db, tenantId: string, userIds: readonly string[]): Promise<Recipient[]> {
  const ids = [...new Set(userIds.filter((id) => typeof id === 'string' && isUuid(id)).map((id) => id.toLowerCase()))];
  const preferences = await loadPreferences(db, tenantId, ids);
  const users = new Map((await getUsersByIds(db, tenantId, ids)).map((user) => [user.id, user]));
  const recipients: Recipient[] = [];
  for (const id of ids) {
    const user = users.get(id);
    if (!user?.active) continue;
    recipients.push({ userId: user.id, email: user.email || null, phone: user.phone, locale: user.locale, preferences: preferences.get(user.id) ?? null });
  }
  return recipients;
}
