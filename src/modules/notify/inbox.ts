/** A person's in-app notifications: list, count, mark read. Nobody sees another person's. */
import type { Ctx } from '../../platform/context.ts';
import { AppError, notFound } from '../../platform/errors.ts';
import type { Actor } from '../../platform/http/actor.ts';
import { isUuid } from '../../platform/ids.ts';
import { countUnread, listInbox, markAllRead, markRead, type Notification } from './store.ts';

/** The badge shows "99+" past this; counting stops there so it stays cheap. */
export const UNREAD_COUNT_CAP = 100;

export function toNotificationView(notification: Notification) {
  return {
    id: notification.id,
    template: notification.template,
    title: notification.title,
    body: notification.body,
    ticketId: notification.ticketId,
    data: notification.data,
    urgent: notification.urgent,
    readAt: notification.readAt ? notification.readAt.toISOString() : null,
    createdAt: notification.createdAt.toISOString(),
  };
}
export type NotificationView = ReturnType<typeof toNotificationView>;

const encodeCursor = (id: string) => Buffer.from(id, 'utf8').toString('base64url');

function decodeCursor(cursor: string | undefined): string | undefined {
  if (cursor === undefined) return undefined;
  const id = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!isUuid(id)) throw new AppError('invalid_input', 'The cursor is not one this server gave.', { field: 'cursor' });
  return id;
}

export function createInboxService(ctx: Ctx) {
  return {
    async list(actor: Actor, query: { unread: boolean; limit: number; cursor?: string }) {
      const rows = await listInbox(ctx.db, actor.tenantId, actor.userId, { unread: query.unread, before: decodeCursor(query.cursor), limit: query.limit + 1 });
      const page = rows.slice(0, query.limit);
      return {
        items: page.map(toNotificationView),
        nextCursor: rows.length > query.limit ? encodeCursor(page[page.length - 1].id) : null,
      };
    },

    async unreadCount(actor: Actor) {
      const count = await countUnread(ctx.db, actor.tenantId, actor.userId, UNREAD_COUNT_CAP);
      return { count, capped: count >= UNREAD_COUNT_CAP };
    },

    async read(actor: Actor, id: string): Promise<NotificationView> {
      const notification = await markRead(ctx.db, actor.tenantId, actor.userId, id, ctx.clock.now());
      if (!notification) throw notFound('Notification', id);
      return toNotificationView(notification);
    },

    async readAll(actor: Actor) {
      return { updated: await markAllRead(ctx.db, actor.tenantId, actor.userId, ctx.clock.now()) };
    },
  };
}
export type InboxService = ReturnType<typeof createInboxService>;
