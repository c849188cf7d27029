/** TypeBox schemas of the problem and eradication routes: validation at the edge, and the OpenAPI document. */
import { Type } from 'typebox';
import { ERADICATION_DIMENSIONS } from './eradication-store.ts';
import { MATCH_KINDS } from './matching.ts';
import { PROBLEM_STATUSES } from './store.ts';

const Id = Type.String({ format: 'uuid' });
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) => Type.Union([schema, Type.Null()]);
const Timestamp = Type.String({ format: 'date-time' });
const Title = Type.String({ minLength: 1, maxLength: 200 });
const LongText = Type.String({ maxLength: 10000 });

export const IdParams = Type.Object({ id: Id });
export const TicketParams = Type.Object({ id: Id, ticketId: Id });

export const Problem = Type.Object({
  id: Id,
  number: Type.String({ description: 'PRB-YYYYMMDD-NNN, per tenant and local day' }),
  title: Type.String(),
  status: Type.Enum([...PROBLEM_STATUSES]),
  ownerId: Nullable(Id),
  matchKind: Nullable(Type.Enum([...MATCH_KINDS], { description: 'What its tickets share; null when opened by hand' })),
  matchValue: Nullable(Type.String({ description: 'The device or customer id, or the error code' })),
  ticketType: Nullable(Type.String()),
  rootCause: Nullable(Type.String()),
  correctiveAction: Nullable(Type.String()),
  ticketCount: Type.Integer(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
  closedAt: Nullable(Timestamp),
  closedBy: Nullable(Id),
  version: Type.Integer(),
});

export const ProblemDetail = Type.Object({
  ...Problem.properties,
  tickets: Type.Array(Type.Object({
    id: Id, number: Type.String(), title: Type.String(), status: Type.String(), createdAt: Timestamp, closedAt: Nullable(Timestamp),
    linkedAt: Timestamp, linkedBy: Nullable(Id),
  }), { description: 'Oldest first' }),
});

export const ProblemList = Type.Object({ items: Type.Array(Problem), nextCursor: Nullable(Type.String()) });

export const ListQuery = Type.Object({
  status: Type.Optional(Type.Enum([...PROBLEM_STATUSES])),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
  cursor: Type.Optional(Type.String({ maxLength: 100 })),
});

export const CreateBody = Type.Object({
  title: Title,
  ticketIds: Type.Array(Id, { minItems: 1, maxItems: 200, description: 'Tickets to link; none may belong to another problem' }),
  ownerId: Type.Optional(Id),
}, { additionalProperties: false });

export const UpdateBody = Type.Object({
  title: Type.Optional(Title),
  ownerId: Type.Optional(Id),
  status: Type.Optional(Type.Enum(['open', 'investigating'], { description: 'Close it with POST …/close' })),
  rootCause: Type.Optional(Nullable(LongText)),
  correctiveAction: Type.Optional(Nullable(LongText)),
  version: Type.Optional(Type.Integer({ minimum: 1, description: 'Refuse with 409 if the problem is no longer at this version' })),
}, { additionalProperties: false, minProperties: 1 });

export const CloseBody = Type.Object({
  rootCause: Type.Optional(LongText),
  correctiveAction: Type.Optional(LongText),
  version: Type.Optional(Type.Integer({ minimum: 1 })),
}, { additionalProperties: false });

export const EradicationQuery = Type.Object({
  by: Type.Optional(Type.Enum([...ERADICATION_DIMENSIONS], { default: 'type' })),
  from: Type.Optional(Type.String({ format: 'date-time', description: 'Tickets closed from (inclusive); default 90 days before to' })),
  to: Type.Optional(Type.String({ format: 'date-time', description: 'Tickets closed before (exclusive); default now' })),
});

const Counts = {
  closed: Type.Integer({ description: 'Closed tickets whose window has ended' }),
  eradicated: Type.Integer({ description: 'Of those, the ones no similar ticket followed within the window' }),
  rate: Nullable(Type.Number({ description: 'eradicated / closed, 0..1; null when closed is 0' })),
};

export const Eradication = Type.Object({
  by: Type.Enum([...ERADICATION_DIMENSIONS]),
  from: Timestamp,
  to: Timestamp,
  windowDays: Type.Integer(),
  groups: Type.Array(Type.Object({
    key: Nullable(Type.String({ description: 'The type key, engineer id or device model; null: unassigned, no device' })),
    label: Type.String(),
    labelEn: Type.String(),
    ...Counts,
    pending: Type.Integer({ description: 'Closed tickets still inside their window' }),
  })),
  pending: Type.Integer({ description: 'Closed tickets still inside their window, not counted yet' }),
  total: Type.Object(Counts),
});
