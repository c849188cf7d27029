/** TypeBox schemas of the webhook routes: validation at the edge, and the OpenAPI document. */
import { Type } from 'typebox';
import { FILTER_KEYS, WEBHOOK_EVENT_TYPES } from './webhook-events.ts';

export const Id = Type.String({ format: 'uuid' });
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) => Type.Union([schema, Type.Null()]);
const Timestamp = Type.String({ format: 'date-time' });

export const Params = Type.Object({ id: Id });
export const Secret = Type.String({ minLength: 1, maxLength: 200, description: '"whsec_" + base64 of 24 to 64 random bytes (Standard Webhooks)' });
const EventType = Type.Enum([...WEBHOOK_EVENT_TYPES]);
const Filter = Type.Object(
  Object.fromEntries(FILTER_KEYS.map((key) => [key, Type.Optional(Type.Array(Type.String({ maxLength: 100 }), { minItems: 1, maxItems: 50 }))])),
  { additionalProperties: false, description: 'Only tickets whose field is one of the listed values; every key given must match' },
);

export const CreateBody = Type.Object({
  url: Type.String({ minLength: 1, maxLength: 2000 }),
  events: Type.Array(EventType, { minItems: 1, maxItems: WEBHOOK_EVENT_TYPES.length }),
  secret: Type.Optional(Secret),
  filter: Type.Optional(Filter),
  name: Type.Optional(Type.String({ maxLength: 100 })),
  timeoutSeconds: Type.Optional(Type.Integer({ minimum: 1, maximum: 60, description: 'Per attempt; default 10' })),
}, { additionalProperties: false });

export const UpdateBody = Type.Object({
  url: Type.Optional(Type.String({ minLength: 1, maxLength: 2000 })),
  events: Type.Optional(Type.Array(EventType, { minItems: 1, maxItems: WEBHOOK_EVENT_TYPES.length })),
  filter: Type.Optional(Filter),
  name: Type.Optional(Type.String({ maxLength: 100 })),
  timeoutSeconds: Type.Optional(Type.Integer({ minimum: 1, maximum: 60 })),
  active: Type.Optional(Type.Boolean()),
}, { additionalProperties: false });

const subscriptionFields = {
  id: Id, name: Type.String(), url: Type.String(), events: Type.Array(Type.String()), filter: Type.Record(Type.String(), Type.Array(Type.String())),
  active: Type.Boolean(), status: Type.Enum(['active', 'paused', 'disabled']), pausedReason: Nullable(Type.String()), ownerId: Id,
  timeoutSeconds: Type.Integer(), failingSince: Nullable(Timestamp), consecutiveFailures: Type.Integer(), lastError: Nullable(Type.String()),
  createdAt: Timestamp, updatedAt: Timestamp,
};
export const Subscription = Type.Object(subscriptionFields);
export const SubscriptionWithSecret = Type.Object({ ...subscriptionFields, secret: Type.String() });

export const DeliveriesQuery = Type.Object({
  status: Type.Optional(Type.Enum(['pending', 'failing', 'delivered'])),
  cursor: Type.Optional(Type.String({ maxLength: 30 })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
});

export const Delivery = Type.Object({
  id: Id, webhookId: Id, replayOf: Nullable(Id), ticketId: Id, eventType: Type.String(),
  status: Type.Enum(['pending', 'failing', 'delivered']), attempts: Type.Integer(),
  request: Type.Record(Type.String(), Type.Unknown()),
  response: Nullable(Type.Object({ status: Nullable(Type.Integer()), body: Nullable(Type.String()) })),
  latencyMs: Nullable(Type.Integer()), error: Nullable(Type.String()),
  createdAt: Timestamp, lastAttemptAt: Nullable(Timestamp), deliveredAt: Nullable(Timestamp),
});

export const Settings = Type.Object({
  allowPrivateNetworks: Type.Boolean({ description: 'May webhooks reach loopback and private addresses (default true)' }),
  alertAfterFailures: Type.Integer({ minimum: 1, maximum: 100, description: 'Failed attempts in a row before the owner is alerted (default 3)' }),
  pauseAfterSeconds: Type.Integer({ minimum: 60, maximum: 2592000, description: 'Seconds of failures before the subscription pauses (default 86400)' }),
}, { additionalProperties: false });
