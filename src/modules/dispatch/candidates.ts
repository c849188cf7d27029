/**
 * Who may take a ticket at all: the hard filters of the dispatch engine, decided without a
 * database. Every person left out keeps one reason code, so the dispatcher (and the API's
 * dispatch proposal) can say why someone was not proposed, not only who was.
 */
import type { Role } from '../../platform/http/actor.ts';
import type { Availability, Skill } from '../directory/index.ts';
import type { GeoPoint } from './geo.ts';

/** One person as dispatch sees them, loaded for one tenant (the tenant filter is the loader's). */
export interface Engineer {
  id: string;
  name: string;
  roles: readonly Role[];
  active: boolean;
  availability: Availability;
  leave?: { delegateId: string; from: Date; until: Date } | null;
  /** Their org unit and all its ancestors, so "in scope" is one membership test. */
  orgUnitIds: readonly string[];
  skills: readonly Skill[];
  location: GeoPoint | null;
  /** Tickets assigned to them and not yet resolved. */
  openLoad: number;
  takenLast7Days: number;
  /** Their past tickets of this ticket's type: resolved, and reopened after resolving. */
  typeResults: { resolved: number; reopened: number };
  /** Off automatic dispatch until then (a customer said their fix did not solve the problem). */
  pausedUntil?: Date | null;
}

export interface SkillRequirement {
  key: string;
  minLevel: number;
}

export interface Requirement {
  /** An org unit id: the engineer must belong to it or to a unit below it. */
  orgScope?: string | null;
  skills: readonly SkillRequirement[];
  /** Skill keys that must be held with a certificate that has not expired. */
  certificates: readonly string[];
  /** People who had this ticket already and declined it or let the offer lapse: not asked again. */
  passedOver?: ReadonlyMap<string, PassedOverReason>;
}

export type PassedOverReason = 'declined' | 'not_accepted';

export type ExclusionReason =
  | 'not_engineer' | 'inactive' | PassedOverReason | 'on_leave' | 'offline' | 'paused' | 'out_of_scope'
  | `missing_skill:${string}` | `skill_level:${string}`
  | `missing_certificate:${string}` | `certificate_expired:${string}`;

export interface Exclusion {
  userId: string;
  excludedBecause: ExclusionReason;
}

/** An engineer who passed the filters; `delegateFor` names the colleague on leave they stand in for. */
export type EligibleEngineer = Engineer & { delegateFor?: string };

export interface CandidatePool {
  /** In the order given. */
  eligible: EligibleEngineer[];
  /** In the order given, each with its first failed filter. */
  excluded: Exclusion[];
}

/** On leave by status, or inside a recorded leave window (the status may lag the calendar). */
export function isOnLeave(engineer: Engineer, now: Date): boolean {
  if (engineer.availability === 'on_leave') return true;
  const leave = engineer.leave;
  return !!leave && leave.from.getTime() <= now.getTime() && now.getTime() < leave.until.getTime();
}

/** Linear search: engineers hold a handful of skills, where a Map per person costs more than it saves. */
function findSkill(skills: readonly Skill[], key: string): Skill | undefined {
  for (let i = 0; i < skills.length; i++) if (skills[i].key === key) return skills[i];
  return undefined;
}

/** `now` in the two forms expiry checks compare against. */
interface Moment {
  date: Date;
  /** As toISOString() writes it, which is also how the directory sends expiresAt. */
  iso: string;
}

const momentOf = (date: Date): Moment => ({ date, iso: date.toISOString() });

/** UTC ISO 8601 with milliseconds, as toISOString() and the directory's store write it. */
const CANONICAL_ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/**
 * Whether a certificate has lapsed at `now`. No expiry date means it does not lapse, as the
 * directory's skill search reads it. Canonical timestamps compare as text, which orders them
 * as time and costs far less than Date.parse over thousands of engineers; anything else is parsed.
 */
function hasExpired(expiresAt: string | null, now: Moment): boolean {
  if (expiresAt === null) return false;
  if (CANONICAL_ISO.test(expiresAt)) return expiresAt <= now.iso;
  return Date.parse(expiresAt) <= now.date.getTime();
}

/**
 * A requirement with its reason codes built once: thousands of engineers may fail the same
 * filter, and a template string per failure would be thousands of allocations.
 */
interface PreparedRequirement {
  orgScope: string | null;
  passedOver: ReadonlyMap<string, PassedOverReason> | null;
  skills: { key: string; minLevel: number; missing: ExclusionReason; tooLow: ExclusionReason }[];
  certificates: { key: string; missing: ExclusionReason; expired: ExclusionReason }[];
}

function prepare(requirement: Requirement): PreparedRequirement {
  return {
    orgScope: requirement.orgScope || null,
    passedOver: requirement.passedOver?.size ? requirement.passedOver : null,
    skills: requirement.skills.map(({ key, minLevel }) => ({ key, minLevel, missing: `missing_skill:${key}`, tooLow: `skill_level:${key}` })),
    certificates: requirement.certificates.map((key) => ({ key, missing: `missing_certificate:${key}`, expired: `certificate_expired:${key}` })),
  };
}

/** The first filter the engineer fails, or null when they may take the ticket. */
function exclusionReason(engineer: Engineer, requirement: PreparedRequirement, now: Moment, checkScope: boolean): ExclusionReason | null {
  if (!engineer.roles.includes('engineer')) return 'not_engineer';
  if (!engineer.active) return 'inactive';
  const passedOver = requirement.passedOver?.get(engineer.id);
  if (passedOver) return passedOver;
  if (isOnLeave(engineer, now.date)) return 'on_leave';
  if (engineer.availability === 'offline') return 'offline';
  if (engineer.pausedUntil && now.date.getTime() < engineer.pausedUntil.getTime()) return 'paused';
  if (checkScope && requirement.orgScope && !engineer.orgUnitIds.includes(requirement.orgScope)) return 'out_of_scope';
  const skills = requirement.skills;
  for (let i = 0; i < skills.length; i++) {
    const skill = findSkill(engineer.skills, skills[i].key);
    if (!skill) return skills[i].missing;
    if (skill.level < skills[i].minLevel) return skills[i].tooLow;
  }
  const certificates = requirement.certificates;
  for (let i = 0; i < certificates.length; i++) {
    const skill = findSkill(engineer.skills, certificates[i].key);
    if (!skill) return certificates[i].missing;
    if (hasExpired(skill.expiresAt, now)) return certificates[i].expired;
  }
  return null;
}

/**
 * Splits `engineers` into those who may take a ticket needing `requirement` and those who may
 * not, with the reason. A person on leave is excluded ('on_leave') and their delegate is
 * considered in their place: the delegate must pass every filter but the org scope, which they
 * inherit from the colleague whose work they took over. A delegate appears once however many
 * colleagues they stand in for, flagged with the first. Delegates must be among `engineers`;
 * chains of delegates are not followed (a delegate on leave is simply excluded). Someone passed
 * over for this ticket (they declined it, or let an offer lapse) is excluded with that reason.
 */
export function filterCandidates(engineers: readonly Engineer[], needs: Requirement, now: Date): CandidatePool {
  const { eligible, reasons } = partitionCandidates(engineers, needs, now);
  const excluded: Exclusion[] = [];
  for (let i = 0; i < engineers.length; i++) {
    const reason = reasons[i];
    if (reason !== null) excluded.push({ userId: engineers[i].id, excludedBecause: reason });
  }
  return { eligible, excluded };
}

/**
 * filterCandidates without an object per excluded person: the eligible, and each person's
 * reason by position (null for the eligible). A proposal lists only the first excluded, and
 * thousands of exclusion objects per decision are garbage to collect.
 */
export function partitionCandidates(engineers: readonly Engineer[], needs: Requirement, now: Date): {
  eligible: EligibleEngineer[]; reasons: (ExclusionReason | null)[];
} {
  const clock = momentOf(now);
  const requirement = prepare(needs);
  const reasons = new Array<ExclusionReason | null>(engineers.length);
  const awayWithDelegate: Engineer[] = [];
  for (let i = 0; i < engineers.length; i++) {
    const engineer = engineers[i];
    const reason = exclusionReason(engineer, requirement, clock, true);
    reasons[i] = reason;
    if (reason === 'on_leave' && engineer.leave?.delegateId) awayWithDelegate.push(engineer);
  }

  const delegateFor = new Map<number, string>();
  if (awayWithDelegate.length) {
    // Index only the few delegates asked for: a Map of everyone would cost more than the filters.
    const wanted = new Set(awayWithDelegate.map((away) => away.leave!.delegateId));
    const indexById = new Map<string, number>();
    for (let i = 0; i < engineers.length; i++) if (wanted.has(engineers[i].id)) indexById.set(engineers[i].id, i);
    for (const away of awayWithDelegate) {
      const index = indexById.get(away.leave!.delegateId);
      if (index === undefined || delegateFor.has(index)) continue;
      if (reasons[index] === 'out_of_scope' && !exclusionReason(engineers[index], requirement, clock, false)) reasons[index] = null;
      if (reasons[index] === null) delegateFor.set(index, away.id);
    }
  }

  const eligible: EligibleEngineer[] = [];
  for (let i = 0; i < engineers.length; i++) {
    if (reasons[i] !== null) continue;
    const standingInFor = delegateFor.size ? delegateFor.get(i) : undefined;
    eligible.push(standingInFor === undefined ? engineers[i] : { ...engineers[i], delegateFor: standingInFor });
  }
  return { eligible, reasons };
}
