/**
 * How well each eligible engineer fits a ticket: five parts, each normalised to 0..1, mixed by
 * the tenant's weights. The parts are kept beside the score so the API can show "why this
 * engineer", and the ranking is deterministic so the same inputs always propose the same person.
 */
import { AppError } from '../../platform/errors.ts';
import type { EligibleEngineer, Engineer, Exclusion, Requirement, SkillRequirement } from './candidates.ts';
import { filterCandidates } from './candidates.ts';
import { distanceFrom, type GeoPoint } from './geo.ts';

export const WEIGHT_NAMES = ['skill', 'distance', 'load', 'recent', 'results'] as const;
export type WeightName = (typeof WEIGHT_NAMES)[number];
export type Weights = Record<WeightName, number>;
export type ScoreParts = Record<WeightName, number>;

/** Fast response first: the right skill and the shortest trip count most, then a free pair of hands. */
export const DEFAULT_WEIGHTS: Readonly<Weights> = Object.freeze({ skill: 3, distance: 3, load: 2, recent: 1, results: 1 });

/** Skill levels run 1–5 (the directory's scale). */
const MAX_SKILL_LEVEL = 5;
/** At this distance the distance part is 0.5: a trip across a city. */
const HALF_DISTANCE_KM = 20;
/** At this many tickets in the last 7 days the recent part is 0.5, spreading work over the week. */
const HALF_RECENT_TICKETS = 5;
/** The part given when it cannot tell candidates apart (no skill required, no ticket location). */
const NEUTRAL = 0.5;

export interface DispatchTicket {
  location: GeoPoint | null;
  requiredSkills: readonly SkillRequirement[];
}

export interface RankedCandidate {
  userId: string;
  /** Σ weight·part / Σ weights, rounded to 4 decimals (the ranking used the exact value). */
  score: number;
  parts: ScoreParts;
  distanceKm: number | null;
  delegateFor?: string;
}

export interface ProposedCandidate extends RankedCandidate {
  excludedBecause?: Exclusion['excludedBecause'];
}

/**
 * Admin input for a tenant's weights. A weight left out keeps its default; each given one must
 * be a finite number of zero or more, and at least one must be above zero.
 */
export function validateWeights(input: unknown): Weights {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw new AppError('invalid_input', `Dispatch weights must be an object with the numbers ${WEIGHT_NAMES.join(', ')}.`);
  }
  const given = input as Record<string, unknown>;
  const stray = Object.keys(given).find((key) => !(WEIGHT_NAMES as readonly string[]).includes(key));
  if (stray) {
    throw new AppError('invalid_input', `"${stray}" is not a dispatch weight; the weights are ${WEIGHT_NAMES.join(', ')}.`, { field: stray });
  }
  const weights: Weights = { ...DEFAULT_WEIGHTS };
  for (const name of WEIGHT_NAMES) {
    const value = given[name];
    if (value === undefined) continue;
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      throw new AppError('invalid_input', `The weight "${name}" must be a number, got ${JSON.stringify(value)}.`, { field: name });
    }
    if (value < 0) {
      throw new AppError('invalid_input', `The weight "${name}" cannot be below zero (got ${value}); use 0 to leave it out of the score.`, { field: name });
    }
    weights[name] = value;
  }
  if (WEIGHT_NAMES.every((name) => weights[name] === 0)) {
    throw new AppError('invalid_input', 'At least one dispatch weight must be above zero, or every engineer would score the same.', { field: 'weights' });
  }
  return weights;
}

const round4 = (value: number) => Math.round(value * 10_000) / 10_000;

/** Mean level of the required skills on a 0..1 scale; a skill not held counts as level 0. */
function skillPart(engineer: Engineer, required: readonly SkillRequirement[]): number {
  if (!required.length) return NEUTRAL;
  let sum = 0;
  for (const need of required) {
    for (const skill of engineer.skills) {
      if (skill.key === need.key) {
        sum += Math.min(skill.level, MAX_SKILL_LEVEL) / MAX_SKILL_LEVEL;
        break;
      }
    }
  }
  return sum / required.length;
}

const KEY_RANGE = 2 ** 32;

/**
 * Working arrays of one ranking, views of the first `count` slots of buffers kept between calls,
 * so ranking 10,000 does not allocate (and later collect) ~700 kB of typed arrays each time; the
 * buffers stay at the largest size seen. Reuse is safe: a ranking runs to completion synchronously.
 */
interface Scratch {
  skill: Float64Array; distance: Float64Array; distanceKm: Float64Array; load: Float64Array;
  recent: Float64Array; results: Float64Array; score: Float64Array;
  keys: Uint32Array; order: Uint32Array; spare: Uint32Array; buckets: Uint32Array;
}

const FLOAT_COLUMNS = 7;
const INDEX_COLUMNS = 3;
let floats = new Float64Array(0);
let indices = new Uint32Array(0);
const buckets = new Uint32Array(256);

function scratchFor(count: number): Scratch {
  if (floats.length < count * FLOAT_COLUMNS) {
    const capacity = Math.max(count, 1024);
    floats = new Float64Array(capacity * FLOAT_COLUMNS);
    indices = new Uint32Array(capacity * INDEX_COLUMNS);
  }
  const capacity = floats.length / FLOAT_COLUMNS;
  const float = (column: number) => floats.subarray(column * capacity, column * capacity + count);
  const index = (column: number) => indices.subarray(column * capacity, column * capacity + count);
  return {
    skill: float(0), distance: float(1), distanceKm: float(2), load: float(3), recent: float(4), results: float(5), score: float(6),
    keys: index(0), order: index(1), spare: index(2), buckets,
  };
}

/**
 * Candidate indices ordered by `compare`, which must order by descending score first. A
 * comparison sort of 10,000 indices alone took ~3 ms here, most of the time budget, so the
 * indices are radix-sorted on the score quantised to 32 bits (linear, no comparisons) and only
 * runs that share a quantised score, which are rare and short, go through `compare`. The
 * quantising is monotone, so the result is exactly what sorting everything by `compare` gives.
 */
/** The indices of the best `limit` of `count` items in order, by insertion into a short sorted list. */
function bestOf(count: number, limit: number, compare: (a: number, b: number) => number): number[] {
  const best: number[] = [];
  for (let i = 0; i < count; i++) {
    if (best.length === limit && compare(i, best[limit - 1]) >= 0) continue;
    let at = best.length;
    while (at > 0 && compare(i, best[at - 1]) < 0) at--;
    best.splice(at, 0, i);
    if (best.length > limit) best.pop();
  }
  return best;
}

function rankOrder(scratch: Scratch, compare: (a: number, b: number) => number): Uint32Array {
  const { score, keys, buckets } = scratch;
  let { order, spare } = scratch;
  const count = score.length;
  // Descending score is ascending key; scores are within 0..1.
  for (let i = 0; i < count; i++) {
    keys[i] = KEY_RANGE - 1 - Math.min(KEY_RANGE - 1, Math.floor(score[i] * KEY_RANGE));
    order[i] = i;
  }
  // Least significant byte first; each pass is stable, so after the 4th the keys are in order.
  for (let shift = 0; shift < 32; shift += 8) {
    buckets.fill(0);
    for (let i = 0; i < count; i++) buckets[(keys[order[i]] >>> shift) & 255]++;
    for (let bucket = 0, start = 0; bucket < 256; bucket++) {
      const size = buckets[bucket];
      buckets[bucket] = start;
      start += size;
    }
    for (let i = 0; i < count; i++) spare[buckets[(keys[order[i]] >>> shift) & 255]++] = order[i];
    [order, spare] = [spare, order];
  }
  for (let start = 0; start < count;) {
    let end = start + 1;
    while (end < count && keys[order[end]] === keys[order[start]]) end++;
    if (end - start > 1) order.subarray(start, end).sort(compare);
    start = end;
  }
  return order;
}

/**
 * Ranks eligible engineers for a ticket, best first. Weights must have passed validateWeights.
 * Ties on the exact score go to the one with fewer open tickets, then to the smaller id.
 *
 * Written for 10,000 candidates in a few milliseconds (bench/dispatch.ts): the parts go into
 * typed arrays, the indices are sorted (rankOrder), and the output objects are built once, in order.
 */
/**
 * Ranks the eligible engineers, best first. With a limit, only the best `limit` are ordered and
 * returned: every engineer is still scored, but the sort and the output objects (most of the
 * cost at 10,000 engineers) shrink to what a dispatcher can read.
 */
export function rankCandidates(eligible: readonly EligibleEngineer[], ticket: DispatchTicket, weights: Weights, limit = Infinity): RankedCandidate[] {
  const total = weights.skill + weights.distance + weights.load + weights.recent + weights.results;
  if (!(total > 0)) throw new AppError('invalid_input', 'At least one dispatch weight must be above zero.', { field: 'weights' });
  const count = eligible.length;
  const scratch = scratchFor(count);
  const { skill, distance, distanceKm, load, recent, results, score } = scratch;
  const measure = ticket.location ? distanceFrom(ticket.location) : null;

  for (let i = 0; i < count; i++) {
    const engineer = eligible[i];
    skill[i] = skillPart(engineer, ticket.requiredSkills);
    if (!measure) {
      distance[i] = NEUTRAL;
      distanceKm[i] = Number.NaN;
    } else if (!engineer.location) {
      // Somebody we cannot place ranks as if far away, behind everyone we can.
      distance[i] = 0;
      distanceKm[i] = Number.NaN;
    } else {
      distanceKm[i] = measure(engineer.location);
      distance[i] = 1 / (1 + distanceKm[i] / HALF_DISTANCE_KM);
    }
    load[i] = 1 / (1 + engineer.openLoad);
    recent[i] = 1 / (1 + engineer.takenLast7Days / HALF_RECENT_TICKETS);
    const { resolved, reopened } = engineer.typeResults;
    // Laplace-smoothed share of fixes that stayed fixed, a reopen counting as a failure twice over.
    results[i] = (resolved + 1) / (resolved + reopened * 2 + 2);
    score[i] = (weights.skill * skill[i] + weights.distance * distance[i] + weights.load * load[i]
      + weights.recent * recent[i] + weights.results * results[i]) / total;
  }

  const compare = (a: number, b: number) => {
    const byScore = score[b] - score[a];
    if (byScore !== 0) return byScore;
    const byLoad = eligible[a].openLoad - eligible[b].openLoad;
    if (byLoad !== 0) return byLoad;
    const idA = eligible[a].id;
    const idB = eligible[b].id;
    return idA < idB ? -1 : idA > idB ? 1 : 0;
  };
  const order = limit < count ? bestOf(count, Math.max(0, Math.floor(limit)), compare) : rankOrder(scratch, compare);

  const size = Math.min(count, order.length);
  const ranked = new Array<RankedCandidate>(size);
  for (let rank = 0; rank < size; rank++) {
    const i = order[rank];
    const candidate: RankedCandidate = {
      userId: eligible[i].id,
      score: round4(score[i]),
      parts: { skill: round4(skill[i]), distance: round4(distance[i]), load: round4(load[i]), recent: round4(recent[i]), results: round4(results[i]) },
      distanceKm: Number.isNaN(distanceKm[i]) ? null : Math.round(distanceKm[i] * 10) / 10,
    };
    if (eligible[i].delegateFor !== undefined) candidate.delegateFor = eligible[i].delegateFor;
    ranked[rank] = candidate;
  }
  return ranked;
}

/** Shared by every excluded candidate (thousands per proposal), hence frozen. */
const NO_PARTS: Readonly<ScoreParts> = Object.freeze({ skill: 0, distance: 0, load: 0, recent: 0, results: 0 });

/**
 * The dispatch proposal of API.md: the eligible engineers ranked best first, then everyone
 * excluded, with score 0, zero parts and the reason, so "why not this engineer" is answered too.
 */
/**
 * The proposal of API.md: the best `limit` eligible engineers with their score parts, then up
 * to `limit` of the excluded with the reason, and how many were eligible and excluded in all.
 */
export function proposeDispatch(
  engineers: readonly Engineer[], requirement: Requirement, ticket: DispatchTicket, weights: Weights, now: Date,
  limit = PROPOSAL_LIMIT,
): { candidates: ProposedCandidate[]; eligibleCount: number; excludedCount: number } {
  const { eligible, excluded } = filterCandidates(engineers, requirement, now);
  const candidates: ProposedCandidate[] = rankCandidates(eligible, ticket, weights, limit);
  for (const { userId, excludedBecause } of excluded.slice(0, limit)) {
    candidates.push({ userId, score: 0, parts: NO_PARTS, distanceKm: null, excludedBecause });
  }
  return { candidates, eligibleCount: eligible.length, excludedCount: excluded.length };
}

/** How many candidates a proposal lists: more than a dispatcher reads, few enough to store with each decision. */
export const PROPOSAL_LIMIT = 50;
