/**
 * How well each eligible engineer fits a ticket: five parts, each normalised to 0..1, mixed by
 * the tenant's weights. The parts are kept beside the score so the API can show "why this
 * engineer", and the ranking is deterministic so the same inputs always propose the same person.
 */
import { AppError } from '../../platform/errors.ts';
import type { EligibleEngineer, Engineer, Exclusion, ExclusionReason, Requirement, SkillRequirement } from './candidates.ts';
import { partitionCandidates } from './candidates.ts';
import { distanceFrom, latitudeGapFrom, type GeoPoint } from './geo.ts';
import { BestList, fullOrder } from './order.ts';
import {
  RESULTS_CEILING, distanceCeiling, distanceKm, distancePart, loadPart, recentPart, resultsPart, skillCeiling, skillPart, type Measuring,
} from './parts.ts';

export const WEIGHT_NAMES = ['skill', 'distance', 'load', 'recent', 'results'] as const;
export type WeightName = (typeof WEIGHT_NAMES)[number];
export type Weights = Record<WeightName, number>;
export type ScoreParts = Record<WeightName, number>;

/** Fast response first: the right skill and the shortest trip count most, then a free pair of hands. */
export const DEFAULT_WEIGHTS: Readonly<Weights> = Object.freeze({ skill: 3, distance: 3, load: 2, recent: 1, results: 1 });

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

/**
 * Working arrays of one ranking: views of the first `count` slots of buffers kept between calls,
 * so ranking 10,000 does not allocate (and later collect) typed arrays each time; the buffers
 * stay at the largest size seen. Reuse is safe: a ranking runs to completion synchronously.
 */
let floats = new Float64Array(0);
let indices = new Uint32Array(0);

const FLOAT_COLUMNS = 7;

function scratchFor(count: number) {
  if (indices.length < count * 3) {
    const capacity = Math.max(count, 1024);
    floats = new Float64Array(capacity * FLOAT_COLUMNS);
    indices = new Uint32Array(capacity * 3);
  }
  const capacity = indices.length / 3;
  const float = (column: number) => floats.subarray(column * capacity, column * capacity + count);
  const index = (column: number) => indices.subarray(column * capacity, column * capacity + count);
  return {
    score: float(0), skill: float(1), distance: float(2), load: float(3), recent: float(4), results: float(5), km: float(6),
    keys: index(0), order: index(1), spare: index(2),
  };
}

/**
 * Ranks eligible engineers for a ticket, best first. Weights must have passed validateWeights.
 * Ties on the exact score go to the one with fewer open tickets, then to the smaller id. With a
 * limit, only the best `limit` are ordered and returned.
 *
 * Written for 10,000 candidates in a millisecond or two (bench/dispatch.ts). The loop allocates
 * nothing: scores go into reused typed arrays. With a limit it also skips work
 * that cannot matter: once `limit` candidates are kept, an engineer whose score could not reach
 * the worst of them is passed over before the costly parts are measured, judged by the score
 * with those parts at their ceiling (skill 1 before the skills are searched; the distance part
 * of the latitude gap, a lower bound of the distance, before the haversine). Floating-point
 * addition, multiplication and division are monotone, so the bound is never below the score,
 * and the result is exactly the full ranking's first `limit`.
 */
export function rankCandidates(eligible: readonly EligibleEngineer[], ticket: DispatchTicket, weights: Weights, limit = Infinity): RankedCandidate[] {
  const total = weights.skill + weights.distance + weights.load + weights.recent + weights.results;
  if (!(total > 0)) throw new AppError('invalid_input', 'At least one dispatch weight must be above zero.', { field: 'weights' });
  const count = eligible.length;
  const scratch = scratchFor(count);
  // The parts are kept beside the score for the output, so nothing is measured twice.
  const { score, km: kms } = scratch;
  const parts = { skill: scratch.skill, distance: scratch.distance, load: scratch.load, recent: scratch.recent, results: scratch.results };
  const measuring: Measuring = {
    required: ticket.requiredSkills,
    distance: ticket.location ? distanceFrom(ticket.location) : null,
    nearest: ticket.location ? latitudeGapFrom(ticket.location) : null,
  };
  const { skill: wSkill, distance: wDistance, load: wLoad, recent: wRecent, results: wResults } = weights;
  const required = measuring.required;

  const compare = (a: number, b: number) => {
    const byScore = score[b] - score[a];
    if (byScore !== 0) return byScore;
    const byLoad = eligible[a].openLoad - eligible[b].openLoad;
    if (byLoad !== 0) return byLoad;
    const idA = eligible[a].id;
    const idB = eligible[b].id;
    return idA < idB ? -1 : idA > idB ? 1 : 0;
  };
  const best = limit < count ? new BestList(Math.max(0, Math.floor(limit)), score, compare) : null;
  const skillMost = skillCeiling(measuring);
  const mix = (skill: number, distance: number, load: number, recent: number, results: number) =>
    (wSkill * skill + wDistance * distance + wLoad * load + wRecent * recent + wResults * results) / total;

  for (let i = 0; i < count; i++) {
    const engineer = eligible[i];
    const load = loadPart(engineer);
    const recent = recentPart(engineer);
    let skill: number;
    let results: number;
    if (best) {
      // The score with the parts not yet read at their ceiling is an upper bound of it. Most
      // engineers far from the ticket fail the first bound, before their history and skills
      // (two more objects each) are read at all.
      const distanceMost = distanceCeiling(engineer, measuring);
      if (mix(skillMost, distanceMost, load, recent, RESULTS_CEILING) < best.floor) continue;
      results = resultsPart(engineer);
      skill = skillPart(engineer.skills, required);
      if (mix(skill, distanceMost, load, recent, results) < best.floor) continue;
    } else {
      results = resultsPart(engineer);
      skill = skillPart(engineer.skills, required);
    }
    const km = distanceKm(engineer, measuring);
    const distance = distancePart(km, measuring);
    score[i] = mix(skill, distance, load, recent, results);
    parts.skill[i] = skill;
    parts.distance[i] = distance;
    parts.load[i] = load;
    parts.recent[i] = recent;
    parts.results[i] = results;
    kms[i] = km;
    best?.offer(i);
  }
  const order = best ? best.items : fullOrder(score, compare, scratch);

  const ranked = new Array<RankedCandidate>(order.length);
  for (let rank = 0; rank < order.length; rank++) {
    const i = order[rank];
    const engineer = eligible[i];
    const km = kms[i];
    const candidate: RankedCandidate = {
      userId: engineer.id,
      score: round4(score[i]),
      parts: {
        skill: round4(parts.skill[i]), distance: round4(parts.distance[i]), load: round4(parts.load[i]),
        recent: round4(parts.recent[i]), results: round4(parts.results[i]),
      },
      distanceKm: Number.isNaN(km) ? null : Math.round(km * 10) / 10,
    };
    if (engineer.delegateFor !== undefined) candidate.delegateFor = engineer.delegateFor;
    ranked[rank] = candidate;
  }
  return ranked;
}

/** Shared by every excluded candidate (thousands per proposal), hence frozen. */
const NO_PARTS: Readonly<ScoreParts> = Object.freeze({ skill: 0, distance: 0, load: 0, recent: 0, results: 0 });

export interface Proposal {
  /** The best `limit` eligible engineers, ranked, then up to `limit` of the excluded. */
  candidates: ProposedCandidate[];
  eligibleCount: number;
  excludedCount: number;
  /** How many were excluded for each reason, over everyone (not only those listed). */
  excludedFor: Partial<Record<ExclusionReason, number>>;
}

/**
 * The proposal of API.md: the best `limit` eligible engineers with their score parts, then up
 * to `limit` of the excluded with score 0, zero parts and the reason, so "why not this
 * engineer" is answered too; and how many were eligible and excluded in all.
 */
export function proposeDispatch(
  engineers: readonly Engineer[], requirement: Requirement, ticket: DispatchTicket, weights: Weights, now: Date,
  limit = PROPOSAL_LIMIT,
): Proposal {
  const { eligible, reasons } = partitionCandidates(engineers, requirement, now);
  const candidates: ProposedCandidate[] = rankCandidates(eligible, ticket, weights, limit);
  const excludedFor: Proposal['excludedFor'] = {};
  let excluded = 0;
  for (let i = 0; i < engineers.length; i++) {
    const excludedBecause = reasons[i];
    if (excludedBecause === null) continue;
    excludedFor[excludedBecause] = (excludedFor[excludedBecause] ?? 0) + 1;
    if (excluded++ < limit) candidates.push({ userId: engineers[i].id, score: 0, parts: NO_PARTS, distanceKm: null, excludedBecause });
  }
  return { candidates, eligibleCount: eligible.length, excludedCount: excluded, excludedFor };
}

/** How many candidates a proposal lists: more than a dispatcher reads, few enough to store with each decision. */
export const PROPOSAL_LIMIT = 50;
