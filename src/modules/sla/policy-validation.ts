/**
 * Checks an admin's SLA policy and returns it normalized. Pure: what needs the database (does
 * this user, ticket type or calendar exist in the tenant?) is returned as references for the
 * service to check. A policy that cannot work is refused with `invalid_input`, the message and
 * `details.field` naming the field, e.g. `ladder[1].actions[0].to.role`.
 */
import { AppError } from '../../platform/errors.ts';
import { ROLES, type Role } from '../../platform/http/actor.ts';
import { CUSTOMER_TIERS } from '../directory/index.ts';
import { OPEN_STATUSES, PRIORITIES, type Priority } from '../tickets/index.ts';
import { ACTION_TYPES, CLOCK_NAMES, type LadderAction, type LadderStep, type NotifyTarget, type PolicyMatch, type SlaPolicy } from './policy.ts';

/** A year and a day: longer targets are typing mistakes, and the columns are 32-bit integers. */
export const MAX_TARGET_SECONDS = 366 * 86_400;
export const MAX_LADDER_STEPS = 20;
const MAX_ACTIONS_PER_STEP = 10;
const MAX_MANAGER_LEVELS = 5;
const STEP_KEY = /^[a-z0-9][a-z0-9_-]{0,39}$/;
const TYPE_KEY = /^[a-z][a-z0-9_]{1,40}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface PolicyInput {
  name: string;
  position?: number;
  match?: unknown;
  calendarId?: string | null;
  responseSeconds: number;
  resolveSeconds: number;
  pausedStatuses?: unknown;
  ladder?: unknown;
  active?: boolean;
}

/** A policy as an admin may write it: everything but what the store keeps (id, version, times). */
export type ValidPolicy = Omit<SlaPolicy, 'id' | 'version' | 'createdAt' | 'updatedAt'>;

/** What the service must find in the tenant before saving. */
export interface PolicyReferences {
  userIds: string[];
  ticketTypes: string[];
  calendarId: string | null;
}

const invalid = (field: string, message: string) => new AppError('invalid_input', `${field}: ${message}`, { field });

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function onlyKeys(value: Record<string, unknown>, allowed: readonly string[], field: string): void {
  const extra = Object.keys(value).find((key) => !allowed.includes(key));
  if (extra) throw invalid(`${field}.${extra}`, `is not a known property; allowed: ${allowed.join(', ')}.`);
}

function seconds(value: unknown, field: string, options: { positive: boolean }): number {
  if (typeof value !== 'number' || !Number.isInteger(value)) throw invalid(field, `${JSON.stringify(value)} is not a whole number of seconds.`);
  if (options.positive && value <= 0) throw invalid(field, `must be more than zero seconds (got ${value}).`);
  if (Math.abs(value) > MAX_TARGET_SECONDS) throw invalid(field, `must be within ${MAX_TARGET_SECONDS} seconds (366 days).`);
  return value;
}

function listOf<T extends string>(value: unknown, field: string, allowed: readonly T[] | RegExp, what: string): T[] {
  if (!Array.isArray(value)) throw invalid(field, 'must be a list; leave it out to match every value.');
  if (value.length === 0) throw invalid(field, 'is empty and would match nothing; leave it out to match every value.');
  value.forEach((item, index) => {
    const ok = typeof item === 'string' && (Array.isArray(allowed) ? allowed.includes(item as T) : (allowed as RegExp).test(item));
    if (!ok) {
      const known = Array.isArray(allowed) ? `; one of ${allowed.join(', ')}` : '';
      throw invalid(`${field}[${index}]`, `${JSON.stringify(item)} is not a ${what}${known}.`);
    }
  });
  return [...new Set(value as T[])];
}

function validateMatch(value: unknown): PolicyMatch {
  if (value === undefined || value === null) return {};
  if (!isObject(value)) throw invalid('match', 'must be an object {types?, priorities?, tiers?}.');
  onlyKeys(value, ['types', 'priorities', 'tiers'], 'match');
  const match: PolicyMatch = {};
  if (value.types !== undefined) match.types = listOf(value.types, 'match.types', TYPE_KEY, 'ticket type key');
  if (value.priorities !== undefined) match.priorities = listOf(value.priorities, 'match.priorities', PRIORITIES, 'priority');
  if (value.tiers !== undefined) match.tiers = listOf(value.tiers, 'match.tiers', CUSTOMER_TIERS, 'customer tier');
  return match;
}

function validatePausedStatuses(value: unknown): string[] {
  if (value === undefined || value === null) return ['on_hold'];
  if (!Array.isArray(value)) throw invalid('pausedStatuses', 'must be a list of ticket statuses.');
  value.forEach((status, index) => {
    if (typeof status !== 'string' || !(OPEN_STATUSES as readonly string[]).includes(status)) {
      throw invalid(`pausedStatuses[${index}]`,
        `${JSON.stringify(status)} is not a status that can pause the clock; use one of ${OPEN_STATUSES.join(', ')}.`);
    }
  });
  return [...new Set(value as string[])];
}

function validateTarget(value: unknown, field: string): NotifyTarget {
  if (!isObject(value)) throw invalid(field, 'must be one of {role}, {userId}, {assignee: true}, {managerChain: true}.');
  const kinds = ['role', 'userId', 'assignee', 'managerChain'].filter((key) => key in value);
  if (kinds.length !== 1) throw invalid(field, 'needs exactly one of role, userId, assignee, managerChain.');
  switch (kinds[0]) {
    case 'role':
      onlyKeys(value, ['role'], field);
      if (typeof value.role !== 'string' || !(ROLES as readonly string[]).includes(value.role)) {
        throw invalid(`${field}.role`, `${JSON.stringify(value.role)} is not a role; roles: ${ROLES.join(', ')}.`);
      }
      return { role: value.role as Role };
    case 'userId':
      onlyKeys(value, ['userId'], field);
      if (typeof value.userId !== 'string' || !UUID.test(value.userId)) throw invalid(`${field}.userId`, 'is not a user id.');
      return { userId: value.userId.toLowerCase() };
    case 'assignee':
      onlyKeys(value, ['assignee'], field);
      if (value.assignee !== true) throw invalid(`${field}.assignee`, 'must be true.');
      return { assignee: true };
    default: {
      onlyKeys(value, ['managerChain', 'levels'], field);
      if (value.managerChain !== true) throw invalid(`${field}.managerChain`, 'must be true.');
      if (value.levels === undefined) return { managerChain: true };
      const levels = value.levels;
      if (typeof levels !== 'number' || !Number.isInteger(levels) || levels < 1 || levels > MAX_MANAGER_LEVELS) {
        throw invalid(`${field}.levels`, `must be a whole number from 1 to ${MAX_MANAGER_LEVELS}.`);
      }
      return { managerChain: true, levels };
    }
  }
}

function validateAction(value: unknown, field: string): LadderAction {
  if (!isObject(value)) throw invalid(field, `must be an action object with a type: ${ACTION_TYPES.join(', ')}.`);
  switch (value.type) {
    case 'notify':
      onlyKeys(value, ['type', 'to'], field);
      return { type: 'notify', to: validateTarget(value.to, `${field}.to`) };
    case 'reassign':
    case 'raise_priority':
      onlyKeys(value, ['type'], field);
      return { type: value.type };
    case 'open_linked_ticket': {
      onlyKeys(value, ['type', 'priority'], field);
      if (value.priority === undefined) return { type: 'open_linked_ticket' };
      if (!(PRIORITIES as readonly unknown[]).includes(value.priority)) {
        throw invalid(`${field}.priority`, `${JSON.stringify(value.priority)} is not a priority; one of ${PRIORITIES.join(', ')}.`);
      }
      return { type: 'open_linked_ticket', priority: value.priority as Priority };
    }
    default:
      throw invalid(`${field}.type`, `${JSON.stringify(value.type)} is not an action; actions: ${ACTION_TYPES.join(', ')}.`);
  }
}

function validateStep(value: unknown, field: string, targets: { response: number; resolve: number }): LadderStep {
  if (!isObject(value)) throw invalid(field, 'must be a step {key, name, clock, offsetSeconds, actions}.');
  onlyKeys(value, ['key', 'name', 'clock', 'offsetSeconds', 'actions'], field);
  if (typeof value.key !== 'string' || !STEP_KEY.test(value.key)) {
    throw invalid(`${field}.key`, 'must be 1 to 40 lowercase letters, digits, _ or -, e.g. "remind_assignee".');
  }
  const name = typeof value.name === 'string' ? value.name.trim() : '';
  if (!name || name.length > 100) throw invalid(`${field}.name`, 'must be a name of 1 to 100 characters.');
  if (!(CLOCK_NAMES as readonly unknown[]).includes(value.clock)) {
    throw invalid(`${field}.clock`, `${JSON.stringify(value.clock)} is not a clock; one of ${CLOCK_NAMES.join(', ')}.`);
  }
  const clock = value.clock as LadderStep['clock'];
  const offsetSeconds = seconds(value.offsetSeconds, `${field}.offsetSeconds`, { positive: false });
  if (targets[clock] + offsetSeconds < 0) {
    throw invalid(`${field}.offsetSeconds`,
      `${offsetSeconds} s before a ${targets[clock]} s ${clock} target falls before the ticket is created.`);
  }
  if (!Array.isArray(value.actions) || value.actions.length === 0 || value.actions.length > MAX_ACTIONS_PER_STEP) {
    throw invalid(`${field}.actions`, `must list 1 to ${MAX_ACTIONS_PER_STEP} actions.`);
  }
  const actions = value.actions.map((action, index) => validateAction(action, `${field}.actions[${index}]`));
  return { key: value.key, name, clock, offsetSeconds, actions };
}

function validateLadder(value: unknown, targets: { response: number; resolve: number }): LadderStep[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw invalid('ladder', 'must be a list of steps.');
  if (value.length > MAX_LADDER_STEPS) throw invalid('ladder', `has ${value.length} steps; at most ${MAX_LADDER_STEPS}.`);
  const steps = value.map((step, index) => validateStep(step, `ladder[${index}]`, targets));
  const seen = new Set<string>();
  steps.forEach((step, index) => {
    if (seen.has(step.key)) throw invalid(`ladder[${index}].key`, `"${step.key}" is used by an earlier step; keys must be unique.`);
    seen.add(step.key);
  });
  return steps;
}

export function validatePolicy(input: PolicyInput): ValidPolicy {
  const name = typeof input.name === 'string' ? input.name.trim() : '';
  if (!name) throw invalid('name', 'cannot be empty.');
  const position = input.position ?? 100;
  if (!Number.isInteger(position) || position < 0 || position > 1_000_000) throw invalid('position', 'must be a whole number from 0 to 1000000.');
  const responseSeconds = seconds(input.responseSeconds, 'responseSeconds', { positive: true });
  const resolveSeconds = seconds(input.resolveSeconds, 'resolveSeconds', { positive: true });
  return {
    name,
    position,
    match: validateMatch(input.match),
    calendarId: input.calendarId ?? null,
    responseSeconds,
    resolveSeconds,
    pausedStatuses: validatePausedStatuses(input.pausedStatuses),
    ladder: validateLadder(input.ladder, { response: responseSeconds, resolve: resolveSeconds }),
    active: input.active ?? true,
  };
}

/** The ids and keys a valid policy refers to, for the service to look up in the tenant. */
export function policyReferences(policy: ValidPolicy): PolicyReferences {
  const userIds = policy.ladder.flatMap((step) => step.actions)
    .flatMap((action) => (action.type === 'notify' && 'userId' in action.to ? [action.to.userId] : []));
  return { userIds: [...new Set(userIds)], ticketTypes: policy.match.types ?? [], calendarId: policy.calendarId };
}
