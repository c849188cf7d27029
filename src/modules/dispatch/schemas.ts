/**
 * TypeBox schemas of the dispatch routes. The bodies fix the shape (names and types); the
 * ranges are checked by validateWeights and validateDispatchConfig, whose refusals say what
 * would work ("cannot be below zero; use 0 to leave it out").
 */
import { Type } from 'typebox';
import { DISPATCH_MODES } from './config.ts';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) => Type.Union([schema, Type.Null()]);

const weight = (what: string) => Type.Optional(Type.Number({ description: `${what}; zero or more, 0 leaves it out of the score` }));

export const Weights = Type.Object({
  skill: weight('Level in the required skills'),
  distance: weight('Nearness to the ticket (haversine)'),
  load: weight('Few open tickets now'),
  recent: weight('Few tickets taken in the last 7 days'),
  results: weight('Fixes of this type that stayed fixed'),
}, { additionalProperties: false });

export const WeightsAnswer = Type.Object({ weights: Type.Required(Weights) });

export const Parts = Type.Object({
  skill: Type.Number(), distance: Type.Number(), load: Type.Number(), recent: Type.Number(), results: Type.Number(),
}, { description: 'Each part 0..1; the score is their weighted mean' });

export const Candidate = Type.Object({
  userId: Type.String(),
  name: Nullable(Type.String()),
  score: Type.Number(),
  parts: Parts,
  distanceKm: Nullable(Type.Number()),
  delegateFor: Type.Optional(Type.String({ description: 'Stands in for this colleague, who is on leave' })),
  excludedBecause: Type.Optional(Type.String({ description: 'Why this person cannot take the ticket, e.g. missing_skill:plc, on_leave, declined' })),
});

const SkillRequirement = Type.Object({
  key: Type.String({ description: 'A skill key, e.g. hydraulics' }),
  minLevel: Type.Optional(Type.Integer({ description: '1 to 5; default 1' })),
}, { additionalProperties: false });

export const TypeDispatchBody = Type.Object({
  mode: Type.Optional(Type.String({ description: `${DISPATCH_MODES.join(', ')} (default propose)` })),
  offerCount: Type.Optional(Type.Integer({ description: 'offer mode: engineers asked at once, 1 to 20 (default 3)' })),
  acceptLimitSeconds: Type.Optional(Type.Integer({ description: 'Seconds to accept before the ticket moves on, 10 to 86400 (default 1800)' })),
  requiredSkills: Type.Optional(Type.Array(SkillRequirement)),
  certificates: Type.Optional(Type.Array(Type.String(), { description: 'Skill keys whose certificate must be valid' })),
}, { additionalProperties: false });

export const TypeDispatchAnswer = Type.Object({
  type: Type.String(),
  dispatch: Type.Object({
    mode: Type.String(), offerCount: Type.Integer(), acceptLimitSeconds: Type.Integer(),
    requiredSkills: Type.Array(Type.Object({ key: Type.String(), minLevel: Type.Integer() })),
    certificates: Type.Array(Type.String()),
  }),
});

export const Proposal = Type.Object({
  ticketId: Type.String(),
  mode: Type.String(),
  candidates: Type.Array(Candidate, { description: 'The best 50 eligible, best first, then up to 50 excluded with the reason' }),
  eligibleCount: Type.Integer(),
  excludedCount: Type.Integer(),
  excludedFor: Type.Record(Type.String(), Type.Integer(), { description: 'How many were excluded for each reason' }),
  weights: Type.Required(Weights),
  requirement: Type.Object({
    orgScope: Nullable(Type.String()),
    requiredSkills: Type.Array(Type.Object({ key: Type.String(), minLevel: Type.Integer() })),
    certificates: Type.Array(Type.String()),
  }),
  location: Nullable(Type.Object({ lat: Type.Number(), lng: Type.Number() })),
});

export const Decision = Type.Object({
  id: Type.String(),
  mode: Type.String({ description: 'propose, auto, offer: the engine chose; manual: a dispatcher named the assignee' }),
  trigger: Type.String({ description: 'dispatcher, auto, accept_timeout, declined, system' }),
  actorId: Nullable(Type.String()),
  chosen: Type.Array(Type.String()),
  candidates: Type.Array(Candidate),
  eligibleCount: Type.Integer(),
  excludedCount: Type.Integer(),
  weights: Type.Required(Weights),
  createdAt: Type.String({ format: 'date-time' }),
});
