/** TypeBox schemas of the notify routes: validation at the edge, and the OpenAPI document. */
import { Type } from 'typebox';
import { CHANNEL_KINDS } from './channel-config.ts';
import { TEMPLATE_KEYS } from './templates.ts';

const Id = Type.String({ format: 'uuid' });
const Timestamp = Type.String({ format: 'date-time' });
export const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) => Type.Union([schema, Type.Null()]);
export const IdParams = Type.Object({ id: Id });

export const Notification = Type.Object({
  id: Id,
  template: Type.String({ description: `One of ${TEMPLATE_KEYS.join(', ')}` }),
  title: Type.String(),
  body: Type.String(),
  ticketId: Nullable(Id),
  data: Type.Record(Type.String(), Type.Unknown(), { description: 'The template\'s variables, for a client that renders its own text' }),
  urgent: Type.Boolean(),
  readAt: Nullable(Timestamp),
  createdAt: Timestamp,
});

export const InboxQuery = Type.Object({
  unread: Type.Optional(Type.Boolean({ description: 'true: only what has not been read' })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
  cursor: Type.Optional(Type.String({ maxLength: 100, description: 'nextCursor of the previous page' })),
});

export const InboxPage = Type.Object({ items: Type.Array(Notification), nextCursor: Nullable(Type.String()) });

export const UnreadCount = Type.Object({
  count: Type.Integer({ minimum: 0 }),
  capped: Type.Boolean({ description: 'true when there are at least this many: show "99+"' }),
});

export const ReadAll = Type.Object({ updated: Type.Integer({ minimum: 0, description: 'How many were unread' }) });

const ClockTime = (description: string) => Type.String({ maxLength: 20, description: `${description}, HH:MM in the tenant's time zone` });
const QuietHours = Type.Object({ start: ClockTime('When quiet starts, e.g. 22:00'), end: ClockTime('When it ends, e.g. 08:00') }, { additionalProperties: false });
const Channels = Type.Object({
  email: Type.Boolean({ description: 'Every notification by email too' }),
  sms: Type.Boolean({ description: 'true: every notification by SMS too; false: only urgent ones (P1 escalations), which always go' }),
}, { additionalProperties: false });

export const PreferencesBody = Type.Object({
  channels: Channels,
  quietHours: Nullable(QuietHours),
}, { additionalProperties: false });

export const Preferences = Type.Object({
  channels: Channels,
  quietHours: Nullable(QuietHours),
  available: Type.Object({
    email: Type.Boolean({ description: 'Whether the tenant has an active email channel' }),
    sms: Type.Boolean({ description: 'Whether the tenant has an active SMS channel' }),
  }),
});

const ChannelKind = Type.Enum([...CHANNEL_KINDS]);
const ChannelName = Type.String({ minLength: 1, maxLength: 100 });
const ChannelConfig = Type.Record(Type.String(), Type.Unknown(), {
  description: 'email: {host, port, secure, user?, pass?, from}; sms: {provider: "aliyun", endpoint?, accessKeyId, accessKeySecret, signName, '
    + 'templateCode, regionId?} (the approved template gets ${title} and ${content}); wecom: {url}; dingtalk and feishu: {url, secret?}. '
    + 'Secrets (pass, accessKeySecret, secret) are stored but never shown again.',
});
const Templates = Type.Array(Type.String({ maxLength: 50 }), {
  maxItems: TEMPLATE_KEYS.length, description: `Group robots only: the templates the robot posts (${TEMPLATE_KEYS.join(', ')})`,
});

export const CreateChannelBody = Type.Object({
  kind: ChannelKind,
  name: ChannelName,
  config: ChannelConfig,
  templates: Type.Optional(Templates),
  active: Type.Optional(Type.Boolean({ default: true })),
}, { additionalProperties: false });

export const UpdateChannelBody = Type.Object({
  name: Type.Optional(ChannelName),
  config: Type.Optional(ChannelConfig),
  templates: Type.Optional(Templates),
  active: Type.Optional(Type.Boolean()),
}, { additionalProperties: false, minProperties: 1 });

export const Channel = Type.Object({
  id: Id,
  kind: ChannelKind,
  name: Type.String(),
  active: Type.Boolean(),
  templates: Type.Array(Type.String()),
  config: Type.Record(Type.String(), Type.Unknown(), { description: 'The settings, without the secret' }),
  secretSet: Type.Boolean({ description: 'Whether a password or secret is stored' }),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});

export const ChannelList = Type.Object({ items: Type.Array(Channel) });

export const TestBody = Type.Object({
  to: Type.Optional(Type.String({ maxLength: 320, description: 'Email address or phone number; default: your own' })),
}, { additionalProperties: false });

export const TestSent = Type.Object({ sent: Type.Boolean(), to: Nullable(Type.String()) });
