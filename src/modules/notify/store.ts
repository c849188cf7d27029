/** SQL of the notify module: the inbox, preferences and channels. Every statement is scoped by tenant, except the live feed's. */
import { sql, type Selectable } from 'kysely';
import type { Db } from '../../platform/context.ts';
import type { Channel, ChannelKind, ChannelSettings } from './channel-config.ts';
import type { ChannelRoute, Preferences } from './plan.ts';
import type { NotificationChannelsTable, NotificationsTable } from './tables.ts';
import type { TemplateKey } from './templates.ts';

// --- notifications -------------------------------------------------------------------------

export interface Notification {
  tenantId: string;
  id: string;
  userId: string;
  ticketId: string | null;
  template: string;
  title: string;
  body: string;
  data: Record<string, unknown>;
  urgent: boolean;
  readAt: Date | null;
  createdAt: Date;
}

function toNotification(row: Selectable<NotificationsTable>): Notification {
  return {
    tenantId: row.tenant_id, id: row.id, userId: row.user_id, ticketId: row.ticket_id, template: row.template,
    title: row.title, body: row.body, data: row.data, urgent: row.urgent, readAt: row.read_at, createdAt: row.created_at,
  };
}

export type NewNotification = Omit<Notification, 'readAt'>;

export async function insertNotifications(db: Db, notifications: readonly NewNotification[]): Promise<void> {
  if (!notifications.length) return;
  await db.insertInto('notifications').values(notifications.map((notification) => ({
    tenant_id: notification.tenantId, id: notification.id, user_id: notification.userId, ticket_id: notification.ticketId,
    template: notification.template, title: notification.title, body: notification.body,
    data: JSON.stringify(notification.data), urgent: notification.urgent, read_at: null, created_at: notification.createdAt,
  }))).execute();
}

/** A page of a person's inbox, newest first, before the `before` id. */
export async function listInbox(db: Db, tenantId: string, userId: string, filter: { unread: boolean; before?: string; limit: number }): Promise<Notification[]> {
  let query = db.selectFrom('notifications').selectAll().where('tenant_id', '=', tenantId).where('user_id', '=', userId);
  if (filter.unread) query = query.where('read_at', 'is', null);
  if (filter.before) query = query.where('id', '<', filter.before);
  return (await query.orderBy('id', 'desc').limit(filter.limit).execute()).map(toNotification);
}

/** Unread notifications, counted up to `cap`: a badge shows "99+", and the count stays an index range. */
export async function countUnread(db: Db, tenantId: string, userId: string, cap: number): Promise<number> {
  const result = await sql<{ count: number }>`
    SELECT count(*)::int AS count FROM (
      SELECT 1 FROM notifications
      WHERE tenant_id = ${tenantId} AND user_id = ${userId} AND read_at IS NULL
      LIMIT ${cap}) AS unread`.execute(db);
  return result.rows[0]?.count ?? 0;
}

/** Marks one of the person's notifications read (once: a second call keeps the first time). */
export async function markRead(db: Db, tenantId: string, userId: string, id: string, now: Date): Promise<Notification | undefined> {
  const row = await db.updateTable('notifications').set({ read_at: sql`coalesce(read_at, ${now})` })
    .where('tenant_id', '=', tenantId).where('user_id', '=', userId).where('id', '=', id)
    .returningAll().executeTakeFirst();
  return row && toNotification(row);
}

export async function markAllRead(db: Db, tenantId: string, userId: string, now: Date): Promise<number> {
  const result = await db.updateTable('notifications').set({ read_at: now })
    .where('tenant_id', '=', tenantId).where('user_id', '=', userId).where('read_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** A person's notifications after an id, oldest first: what a reconnecting live feed missed. */
export async function listInboxAfter(db: Db, tenantId: string, userId: string, after: string, limit: number): Promise<Notification[]> {
  const rows = await db.selectFrom('notifications').selectAll()
    .where('tenant_id', '=', tenantId).where('user_id', '=', userId).where('id', '>', after)
    .orderBy('id').limit(limit).execute();
  return rows.map(toNotification);
}

/** The newest notification id of all tenants: where a live feed starts. */
export async function latestNotificationId(db: Db): Promise<string | undefined> {
  const row = await db.selectFrom('notifications').select('id').orderBy('id', 'desc').limit(1).executeTakeFirst();
  return row?.id;
}

/**
 * The live feed's one query: notifications after an id for the people listening, across
 * tenants, oldest first. It reads the id index from `after` on, so its cost is what is new.
 */
export async function listFeed(db: Db, after: string, userIds: readonly string[], limit: number): Promise<Notification[]> {
  if (!userIds.length) return [];
  const rows = await db.selectFrom('notifications').selectAll()
    .where('id', '>', after).where('user_id', 'in', userIds)
    .orderBy('id').limit(limit).execute();
  return rows.map(toNotification);
}

// --- preferences ---------------------------------------------------------------------------

export async function loadPreferences(db: Db, tenantId: string, userIds: readonly string[]): Promise<Map<string, Preferences>> {
  const found = new Map<string, Preferences>();
  if (!userIds.length) return found;
  const rows = await db.selectFrom('notification_preferences').selectAll()
    .where('tenant_id', '=', tenantId).where('user_id', 'in', userIds).execute();
  for (const row of rows) {
    found.set(row.user_id, {
      email: row.email,
      sms: row.sms,
      quietHours: row.quiet_start_minute !== null && row.quiet_end_minute !== null
        ? { startMinute: row.quiet_start_minute, endMinute: row.quiet_end_minute }
        : null,
    });
  }
  return found;
}

export async function savePreferences(db: Db, tenantId: string, userId: string, preferences: Preferences, now: Date): Promise<void> {
  const values = {
    email: preferences.email,
    sms: preferences.sms,
    quiet_start_minute: preferences.quietHours?.startMinute ?? null,
    quiet_end_minute: preferences.quietHours?.endMinute ?? null,
    updated_at: now,
  };
  await db.insertInto('notification_preferences').values({ tenant_id: tenantId, user_id: userId, ...values })
    .onConflict((conflict) => conflict.columns(['tenant_id', 'user_id']).doUpdateSet(values))
    .execute();
}

// --- channels ------------------------------------------------------------------------------

type ChannelRow = Selectable<NotificationChannelsTable>;

function toChannel(row: ChannelRow): Channel {
  return {
    id: row.id, kind: row.kind as ChannelKind, name: row.name, settings: row.settings as unknown as ChannelSettings,
    secret: row.secret, templates: row.templates as TemplateKey[], active: row.active, createdAt: row.created_at, updatedAt: row.updated_at,
  };
}

export async function listChannels(db: Db, tenantId: string): Promise<Channel[]> {
  const rows = await db.selectFrom('notification_channels').selectAll().where('tenant_id', '=', tenantId).orderBy('id').execute();
  return rows.map(toChannel);
}

/** The active channels' ids, kinds and templates: what notify() routes by (no settings, no secrets). */
export async function listActiveChannelRoutes(db: Db, tenantId: string): Promise<ChannelRoute[]> {
  const rows = await db.selectFrom('notification_channels').select(['id', 'kind', 'templates'])
    .where('tenant_id', '=', tenantId).where('active', '=', true).orderBy('id').execute();
  return rows.map((row) => ({ id: row.id, kind: row.kind as ChannelKind, templates: row.templates }));
}

/** One channel; `lock` holds its row until the transaction ends, for a read-modify-write. */
export async function getChannel(db: Db, tenantId: string, id: string, options: { lock?: boolean } = {}): Promise<Channel | undefined> {
  let query = db.selectFrom('notification_channels').selectAll().where('tenant_id', '=', tenantId).where('id', '=', id);
  if (options.lock) query = query.forUpdate();
  const row = await query.executeTakeFirst();
  return row && toChannel(row);
}

/** Another active channel of a personal kind (email, SMS), which would stand in the way of this one. */
export async function findOtherActiveChannel(db: Db, tenantId: string, kind: ChannelKind, exceptId: string | null): Promise<string | undefined> {
  let query = db.selectFrom('notification_channels').select('id')
    .where('tenant_id', '=', tenantId).where('kind', '=', kind).where('active', '=', true);
  if (exceptId) query = query.where('id', '<>', exceptId);
  return (await query.executeTakeFirst())?.id;
}

export async function insertChannel(db: Db, tenantId: string, channel: Channel): Promise<void> {
  await db.insertInto('notification_channels').values({
    tenant_id: tenantId, id: channel.id, kind: channel.kind, name: channel.name, settings: JSON.stringify(channel.settings),
    secret: channel.secret, templates: channel.templates, active: channel.active, created_at: channel.createdAt, updated_at: channel.updatedAt,
  }).execute();
}

export async function updateChannel(db: Db, tenantId: string, channel: Channel): Promise<void> {
  await db.updateTable('notification_channels').set({
    name: channel.name, settings: JSON.stringify(channel.settings), secret: channel.secret, templates: channel.templates,
    active: channel.active, updated_at: channel.updatedAt,
  }).where('tenant_id', '=', tenantId).where('id', '=', channel.id).execute();
}

export async function deleteChannel(db: Db, tenantId: string, id: string): Promise<boolean> {
  const result = await db.deleteFrom('notification_channels').where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}
