/**
 * The five parts of a dispatch score, each 0..1, defined once: the ranking loop and the output
 * both compute them here, so what the API shows is what was ranked.
 */
import type { Skill } from '../directory/index.ts';
import type { Engineer, SkillRequirement } from './candidates.ts';
import type { GeoPoint } from './geo.ts';

/** Skill levels run 1–5 (the directory's scale). */
const MAX_SKILL_LEVEL = 5;
/** At this distance the distance part is 0.5: a trip across a city. */
const HALF_DISTANCE_KM = 20;
/** At this many tickets in the last 7 days the recent part is 0.5, spreading work over the week. */
const HALF_RECENT_TICKETS = 5;
/** The part given when it cannot tell candidates apart (no skill required, no ticket location). */
export const NEUTRAL = 0.5;

/** What the parts of one ranking measure against. */
export interface Measuring {
  required: readonly SkillRequirement[];
  /** Kilometres from the ticket; null when the ticket has no location. */
  distance: ((point: GeoPoint) => number) | null;
  /** A cheap lower bound of `distance` (latitudeGapFrom the ticket); null when the ticket has no location. */
  nearest: ((point: GeoPoint) => number) | null;
}

/** Mean level of the required skills on a 0..1 scale; a skill not held counts as level 0. */
export function skillPart(skills: readonly Skill[], required: readonly SkillRequirement[]): number {
  if (!required.length) return NEUTRAL;
  let sum = 0;
  for (let need = 0; need < required.length; need++) {
    const key = required[need].key;
    for (let held = 0; held < skills.length; held++) {
      if (skills[held].key === key) {
        sum += Math.min(skills[held].level, MAX_SKILL_LEVEL) / MAX_SKILL_LEVEL;
        break;
      }
    }
  }
  return sum / required.length;
}

/** Kilometres from the ticket, or NaN when either place is unknown. */
export function distanceKm(engineer: Engineer, measuring: Measuring): number {
  return measuring.distance && engineer.location ? measuring.distance(engineer.location) : Number.NaN;
}

/** Nearness from distanceKm: 1 at the ticket, 0.5 at 20 km. */
export function distancePart(km: number, measuring: Measuring): number {
  if (!measuring.distance) return NEUTRAL;
  // Somebody we cannot place ranks as if far away, behind everyone we can.
  if (Number.isNaN(km)) return 0;
  return 1 / (1 + km / HALF_DISTANCE_KM);
}

export const loadPart = (engineer: Engineer): number => 1 / (1 + engineer.openLoad);

export const recentPart = (engineer: Engineer): number => 1 / (1 + engineer.takenLast7Days / HALF_RECENT_TICKETS);

/** Laplace-smoothed share of fixes of this type that stayed fixed, a reopen counting as a failure twice over. */
export function resultsPart(engineer: Engineer): number {
  const { resolved, reopened } = engineer.typeResults;
  return (resolved + 1) / (resolved + reopened * 2 + 2);
}

/** More than resultsPart can give: (resolved + 1) / (resolved + 2·reopened + 2) stays below 1. */
export const RESULTS_CEILING = 1;

/** The most the skill part can give in this ranking, before the engineer's skills are read. */
export const skillCeiling = (measuring: Measuring): number => (measuring.required.length ? 1 : NEUTRAL);

/** At least distancePart, from a bound of the distance that needs no trigonometry. */
export function distanceCeiling(engineer: Engineer, measuring: Measuring): number {
  if (!measuring.nearest) return NEUTRAL;
  if (!engineer.location) return 0;
  return 1 / (1 + measuring.nearest(engineer.location) / HALF_DISTANCE_KM);
}
