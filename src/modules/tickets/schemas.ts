/** TypeBox schemas of the ticket routes: validation at the edge, and the OpenAPI document. */
import { Type } from 'typebox';
import { ACTIONS, PRIORITIES, STATUSES } from './model.ts';

export const Id = Type.String({ format: 'uuid' });
export const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) => Type.Union([schema, Type.Null()]);
const Timestamp = Nullable(Type.String({ format: 'date-time' }));

export const Priority = Type.Enum([...PRIORITIES]);
export const Status = Type.Enum([...STATUSES]);
export const CHANNELS = ['web', 'mobile', 'api', 'phone', 'email', 'qr', 'wecom', 'dingtalk', 'feishu', 'connector', 'import'] as const;

export const Location = Type.Object({
  lat: Type.Number({ minimum: -90, maximum: 90 }),
  lng: Type.Number({ minimum: -180, maximum: 180 }),
  address: Type.Optional(Type.String({ maxLength: 500 })),
}, { additionalProperties: false });

export const Fields = Type.Record(Type.String(), Type.Unknown(), { description: 'Custom fields of the ticket type\'s form' });

export const CreateTicketBody = Type.Object({
  description: Type.String({ minLength: 1, maxLength: 20000, description: 'What is wrong, in a sentence or more. The only field a ticket needs.' }),
  type: Type.Optional(Type.String({ maxLength: 41 })),
  priority: Type.Optional(Priority),
  customerId: Type.Optional(Id),
  deviceId: Type.Optional(Id),
  location: Type.Optional(Location),
  fields: Type.Optional(Fields),
  channel: Type.Optional(Type.Enum([...CHANNELS])),
  requesterId: Type.Optional(Id),
}, { additionalProperties: false });

export const UpdateTicketBody = Type.Object({
  version: Type.Optional(Type.Integer({ minimum: 1 })),
  title: Type.Optional(Type.String({ maxLength: 200 })),
  description: Type.Optional(Type.String({ minLength: 1, maxLength: 20000 })),
  type: Type.Optional(Type.String({ maxLength: 41 })),
  priority: Type.Optional(Priority),
  customerId: Type.Optional(Nullable(Id)),
  deviceId: Type.Optional(Nullable(Id)),
  location: Type.Optional(Nullable(Location)),
  fields: Type.Optional(Fields),
}, { additionalProperties: false });

export const ActionBody = Type.Object({
  version: Type.Optional(Type.Integer({ minimum: 1, description: 'Refuse with 409 if the ticket is no longer at this version' })),
  comment: Type.Optional(Type.String({ maxLength: 10000 })),
  assigneeId: Type.Optional(Id),
  offerTo: Type.Optional(Type.Array(Id, { minItems: 1, maxItems: 20, description: 'dispatch: offer to these engineers at once; the first to accept takes it' })),
  reason: Type.Optional(Type.String({ maxLength: 2000 })),
  solution: Type.Optional(Type.String({ maxLength: 20000 })),
  result: Type.Optional(Type.Union([Type.Literal('satisfied'), Type.Literal('partial'), Type.Literal('unresolved')])),
  body: Type.Optional(Type.String({ maxLength: 20000 })),
  internal: Type.Optional(Type.Boolean()),
}, { additionalProperties: false });

export const ActionParams = Type.Object({
  id: Id,
  action: Type.Enum([...ACTIONS]),
});

export const ListQuery = Type.Object({
  status: Type.Optional(Type.String({ description: 'One status or several, comma-separated', maxLength: 200 })),
  assigneeId: Type.Optional(Type.String({ description: 'A user id, or "none" for unassigned', maxLength: 36 })),
  requesterId: Type.Optional(Id),
  customerId: Type.Optional(Id),
  deviceId: Type.Optional(Id),
  type: Type.Optional(Type.String({ maxLength: 41 })),
  priority: Type.Optional(Priority),
  q: Type.Optional(Type.String({ maxLength: 200 })),
  dispatchFailed: Type.Optional(Type.Boolean({ description: 'true: only the "dispatch failed" queue' })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
  cursor: Type.Optional(Type.String({ maxLength: 100 })),
});

export const Ticket = Type.Object({
  id: Id,
  number: Type.String(),
  type: Type.String(),
  status: Status,
  priority: Priority,
  title: Type.String(),
  description: Type.String(),
  assigneeId: Nullable(Id),
  customerId: Nullable(Id),
  deviceId: Nullable(Id),
  location: Nullable(Location),
  fields: Fields,
  sla: Type.Object({
    responseDueAt: Timestamp,
    resolveDueAt: Timestamp,
    firstRespondedAt: Timestamp,
    breaches: Type.Array(Type.Unknown()),
    policyId: Nullable(Id),
    paused: Type.Boolean(),
    responseRemainingSeconds: Nullable(Type.Number({ description: 'seconds to the response deadline, negative when overdue; frozen while paused' })),
    resolveRemainingSeconds: Nullable(Type.Number()),
  }),
  createdAt: Type.String({ format: 'date-time' }),
  updatedAt: Type.String({ format: 'date-time' }),
  version: Type.Integer(),
  requesterId: Nullable(Id),
  channel: Type.String(),
  duplicateOf: Nullable(Type.Object({ id: Id, number: Type.String(), status: Status, title: Type.String() })),
  holdReason: Nullable(Type.String()),
  solution: Nullable(Type.String()),
  verification: Nullable(Type.Record(Type.String(), Type.Unknown())),
  resolvedAt: Timestamp,
  closedAt: Timestamp,
  reopenCount: Type.Integer(),
  offeredTo: Type.Array(Id),
  dispatchFailure: Nullable(Type.Object({ at: Type.String({ format: 'date-time' }), reason: Nullable(Type.String()) })),
  originTicketId: Nullable(Id),
  problemId: Nullable(Id),
});

export const TicketEvent = Type.Object({
  id: Id,
  type: Type.String(),
  at: Type.String({ format: 'date-time' }),
  actorId: Nullable(Id),
  data: Type.Record(Type.String(), Type.Unknown()),
});

export const TicketTypeBody = Type.Object({
  key: Type.String({ pattern: '^[a-z][a-z0-9_]{1,40}$' }),
  nameZh: Type.String({ minLength: 1, maxLength: 100 }),
  nameEn: Type.String({ minLength: 1, maxLength: 100 }),
  defaultPriority: Type.Optional(Priority),
  formSchema: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
  active: Type.Optional(Type.Boolean()),
  position: Type.Optional(Type.Integer({ minimum: 0, maximum: 100000 })),
}, { additionalProperties: false });
