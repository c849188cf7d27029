/** HTTP routes of notifications: my inbox and its live stream, my preferences, and the admin's channels. */
import type { Ctx } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import type { App } from '../../platform/http/server.ts';
import { createChannelService } from './channels.ts';
import { NotificationFeed } from './feed.ts';
import { createInboxService } from './inbox.ts';
import { createPreferencesService } from './preferences.ts';
import * as schemas from './schemas.ts';
import { NotificationStreams } from './stream.ts';

const tags = ['notifications'];
const adminTags = ['notification channels'];

export function notifyRoutes(app: App, ctx: Ctx): void {
  const inbox = createInboxService(ctx);
  const preferences = createPreferencesService(ctx);
  const channels = createChannelService(ctx);
  const feed = new NotificationFeed(ctx.db, ctx.log.child({ module: 'notify' }));
  const streams = new NotificationStreams(feed, ctx.log.child({ module: 'notify' }));
  // Open streams would keep the server from closing: end them first, then stop the poller.
  app.addHook('preClose', async () => streams.endAll());
  app.addHook('onClose', async () => feed.close());

  // --- my inbox ------------------------------------------------------------------------------
  app.get('/api/v1/notifications', {
    schema: {
      tags,
      summary: 'My notifications, newest first, by cursor; unread=true for only the unread',
      querystring: schemas.InboxQuery,
      response: { 200: schemas.InboxPage },
    },
  }, async (request) => inbox.list(request.actor, {
    unread: request.query.unread === true, limit: request.query.limit ?? 50, cursor: request.query.cursor,
  }));

  app.get('/api/v1/notifications/unread-count', {
    schema: { tags, summary: 'How many of my notifications are unread (counted up to 100)', response: { 200: schemas.UnreadCount } },
  }, async (request) => inbox.unreadCount(request.actor));

  app.post('/api/v1/notifications/:id/read', {
    schema: { tags, summary: 'Mark one of my notifications read', params: schemas.IdParams, response: { 200: schemas.Notification } },
  }, async (request) => inbox.read(request.actor, request.params.id));

  app.post('/api/v1/notifications/read-all', {
    schema: {
      tags,
      summary: 'Mark all my notifications read',
      response: { 200: schemas.ReadAll },
    },
  }, async (request) => inbox.readAll(request.actor));

  app.get('/api/v1/notifications/stream', {
    schema: {
      tags,
      summary: 'My new notifications as server-sent events (text/event-stream): event "notification", id = the notification\'s id; '
        + 'send Last-Event-ID to resume. The session cookie is accepted, so a browser\'s EventSource works.',
    },
  }, async (request, reply) => streams.serve(request, reply));

  // --- my preferences ------------------------------------------------------------------------
  app.get('/api/v1/me/notification-preferences', {
    schema: { tags, summary: 'My notification preferences; defaults until I save them', response: { 200: schemas.Preferences } },
  }, async (request) => preferences.get(request.actor));

  app.put('/api/v1/me/notification-preferences', {
    schema: {
      tags,
      summary: 'Set my channels and quiet hours (in-app is always on; quiet hours hold email and SMS, except urgent ones)',
      body: schemas.PreferencesBody,
      response: { 200: schemas.Preferences },
    },
  }, async (request) => preferences.save(request.actor, request.body));

  // --- the admin's channels ------------------------------------------------------------------
  app.get('/api/v1/admin/notification-channels', {
    schema: { tags: adminTags, summary: 'The tenant\'s notification channels, secrets never shown (admin)', response: { 200: schemas.ChannelList } },
  }, async (request) => ({ items: await channels.list(request.actor) }));

  app.post('/api/v1/admin/notification-channels', {
    schema: {
      tags: adminTags,
      summary: 'Add a channel: email (SMTP), SMS (Aliyun), or a WeCom, DingTalk or Feishu group robot (admin)',
      body: schemas.CreateChannelBody,
      response: { 201: schemas.Channel },
    },
  }, async (request, reply) => reply.status(201).send(await channels.create(request.actor, request.body)));

  app.get('/api/v1/admin/notification-channels/:id', {
    schema: { tags: adminTags, summary: 'One channel (admin)', params: schemas.IdParams, response: { 200: schemas.Channel } },
  }, async (request) => channels.get(request.actor, request.params.id));

  app.patch('/api/v1/admin/notification-channels/:id', {
    schema: {
      tags: adminTags,
      summary: 'Change a channel; config fields left out keep their value, the secret too (admin)',
      params: schemas.IdParams,
      body: schemas.UpdateChannelBody,
      response: { 200: schemas.Channel },
    },
  }, async (request) => channels.update(request.actor, request.params.id, request.body));

  app.delete('/api/v1/admin/notification-channels/:id', {
    schema: { tags: adminTags, summary: 'Remove a channel; what it still had to send is dropped (admin)', params: schemas.IdParams },
  }, async (request, reply) => {
    await channels.remove(request.actor, request.params.id);
    return reply.status(204).send();
  });

  app.post('/api/v1/admin/notification-channels/:id/test', {
    schema: {
      tags: adminTags,
      summary: 'Send a test message through the channel now: 200 when the provider took it, 502 with its error otherwise (admin)',
      params: schemas.IdParams,
      body: schemas.TestBody,
      response: { 200: schemas.TestSent },
    },
    // The body is optional: a bare POST tests with the admin's own address.
    preValidation: async (request) => {
      request.body ??= {};
    },
  }, async (request) => {
    const result = await channels.test(request.actor, request.params.id, request.body.to);
    if (!result.sent) throw new AppError('delivery_failed', result.error, { channelId: request.params.id });
    return result;
  });
}
