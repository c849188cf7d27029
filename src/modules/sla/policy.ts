/**
 * SLA policies and escalation ladders: their shapes, and the pure first-match rule that picks a
 * ticket's policy. Validation of admin input lives in policy-validation.ts.
 */
import type { Role } from '../../platform/http/actor.ts';
import type { CustomerTier } from '../directory/index.ts';
import type { Priority } from '../tickets/index.ts';

export const CLOCK_NAMES = ['response', 'resolve'] as const;
export type ClockName = (typeof CLOCK_NAMES)[number];

/** Which tickets a policy applies to; an absent list matches every value. */
export interface PolicyMatch {
  types?: string[];
  priorities?: Priority[];
  tiers?: CustomerTier[];
}

/** Who a notify action reaches. */
export type NotifyTarget =
  | { role: Role }
  | { userId: string }
  | { assignee: true }
  /** The assignee's managers up the org tree, nearest first: `levels` of them (default 1). */
  | { managerChain: true; levels?: number };

export type LadderAction =
  | { type: 'notify'; to: NotifyTarget }
  /** Let the dispatch engine pick the next engineer. */
  | { type: 'reassign' }
  /** One level up: P4 → P3 → P2 → P1. */
  | { type: 'raise_priority' }
  /** An escalation ticket linked to the original. */
  | { type: 'open_linked_ticket'; priority?: Priority };

export const ACTION_TYPES = ['notify', 'reassign', 'raise_priority', 'open_linked_ticket'] as const;

/**
 * One rung of the ladder: it fires once, when the clock's business time reaches the target plus
 * `offsetSeconds` (negative: before the deadline). A response step is skipped once someone
 * responded; a resolve step once the ticket is resolved.
 */
export interface LadderStep {
  key: string;
  name: string;
  clock: ClockName;
  offsetSeconds: number;
  actions: LadderAction[];
}

export interface SlaPolicy {
  id: string;
  name: string;
  /** First match wins, lowest position first. */
  position: number;
  match: PolicyMatch;
  /** Null: 24×7. */
  calendarId: string | null;
  responseSeconds: number;
  resolveSeconds: number;
  /** Statuses that stop both clocks until the ticket leaves them. */
  pausedStatuses: string[];
  ladder: LadderStep[];
  active: boolean;
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

/** What the matcher reads of a ticket. */
export interface MatchSubject {
  type: string;
  priority: string;
  /** The ticket's customer's tier; null without a customer. */
  tier: string | null;
}

function listMatches(list: readonly string[] | undefined, value: string | null): boolean {
  return list === undefined || (value !== null && list.includes(value));
}

export function policyMatches(policy: SlaPolicy, subject: MatchSubject): boolean {
  return policy.active
    && listMatches(policy.match.types, subject.type)
    && listMatches(policy.match.priorities, subject.priority)
    && listMatches(policy.match.tiers, subject.tier);
}

/** The tenant's policies in first-match order: position, then id (creation order). */
export function inMatchOrder(policies: readonly SlaPolicy[]): SlaPolicy[] {
  return [...policies].sort((a, b) => a.position - b.position || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** The first active policy, by position, that matches the ticket; undefined when none does. */
export function matchPolicy(policies: readonly SlaPolicy[], subject: MatchSubject): SlaPolicy | undefined {
  return inMatchOrder(policies).find((policy) => policyMatches(policy, subject));
}

/** Whether matching needs the customer's tier: only when an active policy asks for one. */
export const matchNeedsTier = (policies: readonly SlaPolicy[]) =>
  policies.some((policy) => policy.active && policy.match.tiers !== undefined);

/** The clock target of a policy in business seconds. */
export const targetOf = (policy: Pick<SlaPolicy, 'responseSeconds' | 'resolveSeconds'>, clock: ClockName) =>
  (clock === 'response' ? policy.responseSeconds : policy.resolveSeconds);
