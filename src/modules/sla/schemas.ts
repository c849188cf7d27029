/**
 * TypeBox schemas of the SLA routes. They check the request's shape; the rules that need words
 * (a calendar with no working hours, a ladder step naming a role that does not exist, a target
 * below one second) are checked by validateCalendar and validatePolicy, whose messages name the
 * field and say why.
 */
import { Type } from 'typebox';

export const Id = Type.String({ format: 'uuid' });
export const IdParams = Type.Object({ id: Id });
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) => Type.Union([schema, Type.Null()]);
const Timestamp = Type.String({ format: 'date-time' });

const Window = Type.Object({
  start: Type.String({ description: 'HH:MM, local time' }),
  end: Type.String({ description: 'HH:MM, local time; 24:00 allowed' }),
}, { additionalProperties: false });
const Windows = Type.Array(Window, { maxItems: 24 });
const Days = Type.Array(Type.String({ description: 'YYYY-MM-DD' }), { maxItems: 2000 });

const calendarFields = {
  timeZone: Type.Optional(Type.String({ maxLength: 64, description: 'IANA zone; default Asia/Shanghai' })),
  week: Type.Optional(Type.Record(Type.String(), Windows, { description: 'weekday 0 (Sunday) … 6 (Saturday) → working windows' })),
  holidays: Type.Optional(Days),
  workdays: Type.Optional(Type.Array(Type.String(), { maxItems: 2000, description: 'make-up workdays (调休上班), YYYY-MM-DD' })),
  makeUpHours: Type.Optional(Nullable(Windows)),
};
const CalendarName = Type.String({ minLength: 1, maxLength: 200 });

export const CreateCalendarBody = Type.Object({ name: CalendarName, ...calendarFields }, { additionalProperties: false });
export const UpdateCalendarBody = Type.Object({ name: Type.Optional(CalendarName), ...calendarFields }, { additionalProperties: false });
export const ChinaHolidaysBody = Type.Object({
  years: Type.Array(Type.Integer(), { minItems: 1, maxItems: 10, description: 'years whose official schedule to add, e.g. [2025, 2026]' }),
}, { additionalProperties: false });

export const Calendar = Type.Object({
  id: Id,
  name: Type.String(),
  timeZone: Type.String(),
  week: Type.Record(Type.String(), Windows),
  holidays: Type.Array(Type.String()),
  workdays: Type.Array(Type.String()),
  makeUpHours: Type.Optional(Windows),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});

const Match = Type.Object({
  types: Type.Optional(Type.Array(Type.String({ maxLength: 41 }), { maxItems: 100 })),
  priorities: Type.Optional(Type.Array(Type.String(), { maxItems: 10 })),
  tiers: Type.Optional(Type.Array(Type.String(), { maxItems: 10 })),
}, { additionalProperties: false, description: 'an absent list matches every value' });

const policyFields = {
  position: Type.Optional(Type.Integer({ description: 'first match wins, lowest first; default 100' })),
  match: Type.Optional(Match),
  calendarId: Type.Optional(Nullable(Id)),
  pausedStatuses: Type.Optional(Type.Array(Type.String(), { maxItems: 10, description: 'default ["on_hold"]' })),
  ladder: Type.Optional(Type.Array(Type.Unknown(), {
    maxItems: 100,
    description: 'steps {key, name, clock: response|resolve, offsetSeconds (negative: before the deadline), actions: '
      + '[{type: notify, to: {role}|{userId}|{assignee: true}|{managerChain: true, levels?}} | {type: reassign} | '
      + '{type: raise_priority} | {type: open_linked_ticket, priority?}]}',
  })),
  active: Type.Optional(Type.Boolean()),
};
const PolicyName = Type.String({ minLength: 1, maxLength: 200 });
const Seconds = Type.Number({ description: 'business seconds, a whole number above zero' });

export const CreatePolicyBody = Type.Object({
  name: PolicyName, responseSeconds: Seconds, resolveSeconds: Seconds, ...policyFields,
}, { additionalProperties: false });
export const UpdatePolicyBody = Type.Object({
  name: Type.Optional(PolicyName), responseSeconds: Type.Optional(Seconds), resolveSeconds: Type.Optional(Seconds), ...policyFields,
}, { additionalProperties: false });

export const Policy = Type.Object({
  id: Id,
  name: Type.String(),
  position: Type.Integer(),
  match: Match,
  calendarId: Nullable(Id),
  responseSeconds: Type.Integer(),
  resolveSeconds: Type.Integer(),
  pausedStatuses: Type.Array(Type.String()),
  ladder: Type.Array(Type.Unknown()),
  active: Type.Boolean(),
  version: Type.Integer(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});

const Clock = {
  targetSeconds: Type.Integer(),
  elapsedSeconds: Type.Integer(),
  remainingSeconds: Type.Integer({ description: 'negative once overdue' }),
  dueAt: Nullable(Timestamp),
  paused: Type.Boolean(),
  stopped: Type.Boolean({ description: 'responded to (response), or resolved, closed or cancelled (resolve)' }),
  breached: Type.Boolean(),
};

const LadderEntry = Type.Object({
  key: Type.String(),
  name: Nullable(Type.String()),
  clock: Nullable(Type.String()),
  offsetSeconds: Nullable(Type.Integer()),
  actions: Type.Optional(Type.Array(Type.Unknown())),
  plannedAt: Nullable(Timestamp),
  firedAt: Nullable(Timestamp),
  results: Type.Optional(Type.Array(Type.Unknown(), { description: 'what each action did (staff only)' })),
  snapshot: Type.Optional(Type.Unknown({ description: 'the delay snapshot: events so far, offers, related open tickets (staff only)' })),
});

export const TicketSla = Type.Object({
  ticketId: Id,
  policy: Nullable(Type.Object({ id: Id, name: Type.String(), version: Type.Integer(), calendarId: Nullable(Id), timeZone: Type.String() })),
  paused: Type.Boolean(),
  clocks: Nullable(Type.Object({
    response: Type.Object({ ...Clock, respondedAt: Nullable(Timestamp) }),
    resolve: Type.Object(Clock),
  })),
  breaches: Type.Array(Type.Unknown()),
  ladder: Type.Array(LadderEntry),
});
