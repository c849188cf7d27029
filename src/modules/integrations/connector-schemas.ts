/** TypeBox schemas of the connector routes: validation at the edge, and the OpenAPI document. */
import { Type } from 'typebox';

const Id = Type.String({ format: 'uuid' });
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) => Type.Union([schema, Type.Null()]);

export const KeyParams = Type.Object({ key: Type.String({ pattern: '^[a-z][a-z0-9_-]{1,40}$' }) });
export const DeadLetterParams = Type.Object({ key: KeyParams.properties.key, id: Id });
export const TicketParams = Type.Object({ id: Id });

const Rule = Type.Object({
  to: Type.String({ minLength: 1, maxLength: 80, description: 'description, title, type, priority, customerId, deviceId, deviceSerial, externalId, status, externalState, externalNote or fields.<name>' }),
  from: Type.Optional(Type.String({ minLength: 1, maxLength: 300, description: "JSONPath-like: $.a.b, $.items[0].code, $['故障代码']" })),
  value: Type.Optional(Type.Unknown()),
  transforms: Type.Optional(Type.Array(Type.Unknown(), { maxItems: 20, description: 'trim, upper, lower, number, integer, boolean, string, {op:regex,pattern,group}, {op:map,values,default}, {op:default,value}, {op:split,separator,index}' })),
  required: Type.Optional(Type.Boolean()),
});
const Mapping = Type.Array(Rule, { minItems: 1, maxItems: 200 });
const Schema = Type.Record(Type.String(), Type.Unknown(), { description: 'A JSON Schema the events must satisfy' });
const CallbackUrl = Nullable(Type.String({ maxLength: 2000 }));

export const CreateBody = Type.Object({
  key: KeyParams.properties.key,
  name: Type.String({ minLength: 1, maxLength: 100 }),
  schema: Type.Optional(Nullable(Schema)),
  mapping: Mapping,
  callbackUrl: Type.Optional(CallbackUrl),
}, { additionalProperties: false });

export const UpdateBody = Type.Object({
  name: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
  schema: Type.Optional(Nullable(Schema)),
  mapping: Type.Optional(Mapping),
  callbackUrl: Type.Optional(CallbackUrl),
  active: Type.Optional(Type.Boolean()),
}, { additionalProperties: false });

export const TokenAnswer = Type.Object({ id: Id, key: Type.String(), token: Type.String({ description: 'Shown once; only its hash is kept' }) });
const CallbackSecret = Type.String({ description: 'whsec_…: verifies the signature of callbacks (Standard Webhooks). Shown at creation and rotation only' });
export const CreateAnswer = Type.Object({ ...TokenAnswer.properties, callbackSecret: CallbackSecret });
export const CallbackSecretAnswer = Type.Object({ id: Id, key: Type.String(), callbackSecret: CallbackSecret });

export const Connector = Type.Object({
  id: Id, key: Type.String(), name: Type.String(), schema: Nullable(Schema), mapping: Type.Array(Type.Unknown()), callbackUrl: Nullable(Type.String()),
  callbackSecretSet: Type.Boolean({ description: 'false for a connector made before callbacks: rotate-callback-secret gives it one' }),
  active: Type.Boolean(), userId: Id, version: Type.Integer(), createdAt: Type.String(), updatedAt: Type.String(),
});
export const ConnectorList = Type.Object({ items: Type.Array(Connector) });

export const EventAnswer = Type.Object({ ticketId: Id, externalId: Type.String(), created: Type.Boolean() });
export const EventQuery = Type.Object({ dryRun: Type.Optional(Type.Boolean()) });
export const DryRunAnswer = Type.Object({
  format: Type.String(), mapped: Type.Record(Type.String(), Type.Unknown()), ticketId: Nullable(Id), wouldCreate: Type.Boolean(),
});

const ErrorShape = Type.Object({ code: Type.String(), message: Type.String(), details: Type.Record(Type.String(), Type.Unknown()) });
export const DeadLetter = Type.Object({
  id: Id, contentType: Type.String(), body: Type.String(), error: ErrorShape, status: Type.String(), ticketId: Nullable(Id),
  receivedAt: Type.String(), replayedAt: Nullable(Type.String()),
});
export const DeadLetterList = Type.Object({ items: Type.Array(DeadLetter) });
export const DeadLetterQuery = Type.Object({
  status: Type.Optional(Type.Union([Type.Literal('pending'), Type.Literal('replayed')])),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })),
});
export const ReplayAllAnswer = Type.Object({
  items: Type.Array(Type.Object({
    id: Id, ok: Type.Boolean(), ticketId: Type.Optional(Id), externalId: Type.Optional(Type.String()), created: Type.Optional(Type.Boolean()),
    error: Type.Optional(ErrorShape),
  })),
});

const CallbackStatus = Type.Union([Type.Literal('pending'), Type.Literal('failing'), Type.Literal('delivered'), Type.Literal('failed')]);

export const ExternalLinks = Type.Array(Type.Object({
  system: Type.String(), externalId: Type.String(), state: Nullable(Type.String()), stateAt: Nullable(Type.String()), note: Nullable(Type.String()),
  callback: Nullable(Type.Object({
    id: Id, type: Type.String(), status: CallbackStatus, at: Type.String({ description: 'the last attempt, or when it was queued' }),
    attempts: Type.Integer(), responseStatus: Nullable(Type.Integer()), latencyMs: Nullable(Type.Integer()), lastError: Nullable(Type.String()),
  }, { description: 'the latest callback to this record\'s source, null when none was sent' })),
}));

export const CallbackParams = Type.Object({ key: KeyParams.properties.key, id: Id });
export const CallbackQuery = Type.Object({
  status: Type.Optional(CallbackStatus),
  ticketId: Type.Optional(Id),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })),
  cursor: Type.Optional(Type.String({ maxLength: 20 })),
});
export const Callback = Type.Object({
  id: Id, webhookId: Id, replayOf: Nullable(Id), ticketId: Id, system: Type.String(), externalId: Type.String(), type: Type.String(),
  status: CallbackStatus, attempts: Type.Integer(), url: Nullable(Type.String()), payload: Type.Record(Type.String(), Type.Unknown()),
  response: Nullable(Type.Object({ status: Nullable(Type.Integer()), body: Nullable(Type.String()) })),
  latencyMs: Nullable(Type.Integer()), error: Nullable(Type.String()), createdAt: Type.String(), lastAttemptAt: Nullable(Type.String()),
  deliveredAt: Nullable(Type.String()),
});
export const CallbackList = Type.Object({ items: Type.Array(Callback), nextCursor: Nullable(Type.String()) });
