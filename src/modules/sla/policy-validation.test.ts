import { describe, expect, it } from 'vitest';
import { AppError } from '../../platform/errors.ts';
import { policyReferences, validatePolicy, type PolicyInput } from './policy-validation.ts';

const base: PolicyInput = { name: '  P1 紧急 ', responseSeconds: 900, resolveSeconds: 14_400 };
const step = (overrides: Record<string, unknown> = {}) => ({
  key: 'remind', name: '提醒', clock: 'response', offsetSeconds: -780, actions: [{ type: 'notify', to: { assignee: true } }], ...overrides,
});
const withStep = (overrides: Record<string, unknown>) => ({ ...base, ladder: [step(overrides)] });
const withAction = (action: unknown) => withStep({ actions: [action] });

function refusal(input: PolicyInput): AppError {
  try {
    validatePolicy(input);
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('the policy was accepted');
}

describe('validatePolicy refuses a policy that cannot work, naming the field', () => {
  it.each([
    ['an empty name', { ...base, name: '  ' }, 'name', /empty/],
    ['a negative response target', { ...base, responseSeconds: -1 }, 'responseSeconds', /more than zero/],
    ['a zero resolve target', { ...base, resolveSeconds: 0 }, 'resolveSeconds', /more than zero/],
    ['a fractional target', { ...base, resolveSeconds: 1.5 }, 'resolveSeconds', /whole number/],
    ['a target over a year', { ...base, resolveSeconds: 400 * 86_400 }, 'resolveSeconds', /366 days/],
    ['a negative position', { ...base, position: -1 }, 'position', /0 to/],
    ['a match that is a list', { ...base, match: ['P1'] }, 'match', /object/],
    ['an unknown match key', { ...base, match: { regions: ['east'] } }, 'match.regions', /not a known property/],
    ['an empty priorities list', { ...base, match: { priorities: [] } }, 'match.priorities', /match nothing/],
    ['an unknown priority', { ...base, match: { priorities: ['P0'] } }, 'match.priorities[0]', /"P0" is not a priority/],
    ['an unknown tier', { ...base, match: { tiers: ['gold', 'diamond'] } }, 'match.tiers[1]', /not a customer tier/],
    ['a type key that cannot be one', { ...base, match: { types: ['Repair!'] } }, 'match.types[0]', /not a ticket type key/],
    ['a paused status that is not a status', { ...base, pausedStatuses: ['lunch'] }, 'pausedStatuses[0]', /not a status that can pause/],
    ['a closed status as paused', { ...base, pausedStatuses: ['on_hold', 'closed'] }, 'pausedStatuses[1]', /on_hold/],
    ['a ladder that is not a list', { ...base, ladder: { remind: {} } }, 'ladder', /list of steps/],
    ['a step key with spaces', withStep({ key: 'a b' }), 'ladder[0].key', /lowercase/],
    ['a step without a name', withStep({ name: '' }), 'ladder[0].name', /1 to 100/],
    ['an unknown clock', withStep({ clock: 'close' }), 'ladder[0].clock', /"close" is not a clock/],
    ['an offset that is not an integer', withStep({ offsetSeconds: 30.5 }), 'ladder[0].offsetSeconds', /whole number/],
    ['an offset given as text', withStep({ offsetSeconds: '-60' }), 'ladder[0].offsetSeconds', /whole number/],
    ['an offset before the ticket exists', withStep({ offsetSeconds: -901 }), 'ladder[0].offsetSeconds', /-901 s before a 900 s response target/],
    ['a step without actions', withStep({ actions: [] }), 'ladder[0].actions', /1 to 10/],
    ['an unknown property on a step', withStep({ repeat: true }), 'ladder[0].repeat', /not a known property/],
    ['an unknown action', withAction({ type: 'page_everyone' }), 'ladder[0].actions[0].type', /"page_everyone" is not an action; actions: notify, reassign/],
    ['a role that does not exist', withAction({ type: 'notify', to: { role: 'supervisor' } }), 'ladder[0].actions[0].to.role', /"supervisor" is not a role; roles: admin/],
    ['a user id that is not one', withAction({ type: 'notify', to: { userId: '42' } }), 'ladder[0].actions[0].to.userId', /not a user id/],
    ['two targets at once', withAction({ type: 'notify', to: { role: 'manager', assignee: true } }), 'ladder[0].actions[0].to', /exactly one/],
    ['no target', withAction({ type: 'notify' }), 'ladder[0].actions[0].to', /one of/],
    ['assignee: false', withAction({ type: 'notify', to: { assignee: false } }), 'ladder[0].actions[0].to.assignee', /must be true/],
    ['a manager chain ten levels up', withAction({ type: 'notify', to: { managerChain: true, levels: 10 } }), 'ladder[0].actions[0].to.levels', /1 to 5/],
    ['a linked ticket of an unknown priority', withAction({ type: 'open_linked_ticket', priority: 'urgent' }), 'ladder[0].actions[0].priority', /not a priority/],
    ['a reassign with options', withAction({ type: 'reassign', to: 'anyone' }), 'ladder[0].actions[0].to', /not a known property/],
  ])('%s', (_rule, input, field, message) => {
    const error = refusal(input as PolicyInput);
    expect(error.code).toBe('invalid_input');
    expect(error.details).toEqual({ field });
    expect(error.message.startsWith(`${field}: `)).toBe(true);
    expect(error.message).toMatch(message);
  });

  it('refuses a second step with the same key', () => {
    expect(refusal({ ...base, ladder: [step(), step({ offsetSeconds: -600 })] }).details).toEqual({ field: 'ladder[1].key' });
  });

  it('checks an offset against the target of its own clock', () => {
    expect(() => validatePolicy(withStep({ clock: 'resolve', offsetSeconds: -14_400 }))).not.toThrow();
    expect(refusal(withStep({ clock: 'resolve', offsetSeconds: -14_401 })).details).toEqual({ field: 'ladder[0].offsetSeconds' });
  });
});

describe('validatePolicy accepts a working policy and normalizes it', () => {
  it('trims the name, defaults position, match, paused statuses and ladder', () => {
    expect(validatePolicy(base)).toEqual({
      name: 'P1 紧急', position: 100, match: {}, calendarId: null, responseSeconds: 900, resolveSeconds: 14_400,
      pausedStatuses: ['on_hold'], ladder: [], active: true,
    });
  });

  it('keeps a ladder of every action kind, and lists the users it names for the service to check', () => {
    const user = '01900000-0000-7000-8000-00000000ABCD';
    const policy = validatePolicy({
      ...base, match: { priorities: ['P1', 'P1'], tiers: ['platinum'] }, pausedStatuses: ['on_hold', 'dispatched'],
      ladder: [
        step(),
        step({ key: 'boss', offsetSeconds: 0, actions: [{ type: 'notify', to: { managerChain: true, levels: 2 } }, { type: 'notify', to: { userId: user } }] }),
        step({ key: 'late', clock: 'resolve', offsetSeconds: 3600, actions: [{ type: 'reassign' }, { type: 'raise_priority' }, { type: 'open_linked_ticket', priority: 'P1' }] }),
      ],
    });
    expect(policy.match).toEqual({ priorities: ['P1'], tiers: ['platinum'] });
    expect(policy.ladder[1].actions[1]).toEqual({ type: 'notify', to: { userId: user.toLowerCase() } });
    expect(policy.ladder[2].actions).toHaveLength(3);
    expect(policyReferences(policy)).toEqual({ userIds: [user.toLowerCase()], ticketTypes: [], calendarId: null });
  });
});
