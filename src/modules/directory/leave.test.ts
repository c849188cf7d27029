import { describe, expect, it } from 'vitest';
import { decideAvailability, type AvailabilityInput, type DelegateCandidate } from './leave.ts';

const now = new Date('2026-11-24T02:00:00Z');
const colleague: DelegateCandidate = { id: 'b', name: '工程师乙', active: true, availability: 'online' };
const leave = (overrides: Partial<AvailabilityInput> = {}): AvailabilityInput =>
  ({ availability: 'on_leave', delegateId: 'b', from: '2026-11-24T00:00:00Z', until: '2026-11-30T00:00:00Z', ...overrides });

describe('decideAvailability', () => {
  it('clears any leave when someone is back', () => {
    expect(decideAvailability('a', { availability: 'busy' }, undefined, now)).toEqual({ availability: 'busy', delegateId: null, from: null, until: null });
  });

  it('records leave with its delegate and window', () => {
    expect(decideAvailability('a', leave(), colleague, now)).toEqual({
      availability: 'on_leave', delegateId: 'b', from: new Date('2026-11-24T00:00:00Z'), until: new Date('2026-11-30T00:00:00Z'),
    });
  });

  const refusals: [string, AvailabilityInput, DelegateCandidate | undefined, string, string][] = [
    ['a delegate without leave', { availability: 'online', delegateId: 'b' }, colleague, 'invalid_input', 'delegateId'],
    ['leave without a delegate', leave({ delegateId: undefined }), undefined, 'invalid_input', 'delegateId'],
    ['leave without a start', leave({ from: undefined }), colleague, 'invalid_input', 'from'],
    ['leave that ends when it starts', leave({ until: '2026-11-24T00:00:00Z' }), colleague, 'invalid_input', 'until'],
    ['leave that is already over', leave({ from: '2026-11-20T00:00:00Z', until: '2026-11-24T02:00:00Z' }), colleague, 'invalid_input', 'until'],
    ['oneself as delegate', leave({ delegateId: 'a' }), undefined, 'business_rule', 'delegateId'],
    ['a delegate not of the tenant', leave(), undefined, 'invalid_input', 'delegateId'],
    ['a deactivated delegate', leave(), { ...colleague, active: false }, 'business_rule', 'delegateId'],
    ['a delegate on leave', leave(), { ...colleague, availability: 'on_leave' }, 'business_rule', 'delegateId'],
  ];
  for (const [what, input, delegate, code, field] of refusals) {
    it(`refuses ${what}`, () => {
      expect(() => decideAvailability('a', input, delegate, now)).toThrow(expect.objectContaining({ code, details: { field } }));
    });
  }
});
