/**
 * Availability and leave, decided without a database. Someone going on leave names a
 * delegate who takes over their work, so nothing waits on a person who is away
 * ("the assignee is on leave" is how tickets sit for hours).
 */
import { AppError } from '../../platform/errors.ts';

export const AVAILABILITIES = ['online', 'busy', 'offline', 'on_leave'] as const;
export type Availability = (typeof AVAILABILITIES)[number];

export interface AvailabilityInput {
  availability: Availability;
  delegateId?: string;
  from?: string;
  until?: string;
}

/** What the rules need to know of the proposed delegate; undefined when no such user is in the tenant. */
export interface DelegateCandidate {
  id: string;
  name: string;
  active: boolean;
  availability: string;
}

export interface AvailabilityState {
  availability: Availability;
  delegateId: string | null;
  from: Date | null;
  until: Date | null;
}

/**
 * The new availability of `userId`. Leave needs a window that ends after it starts and has
 * not ended yet, and a delegate who is another active person of the tenant, not away themself.
 */
export function decideAvailability(userId: string, input: AvailabilityInput, delegate: DelegateCandidate | undefined, now: Date): AvailabilityState {
  if (input.availability !== 'on_leave') {
    const stray = (['delegateId', 'from', 'until'] as const).find((field) => input[field] !== undefined);
    if (stray) throw new AppError('invalid_input', `${stray} goes only with availability "on_leave".`, { field: stray });
    return { availability: input.availability, delegateId: null, from: null, until: null };
  }
  if (!input.delegateId) {
    throw new AppError('invalid_input', 'Going on leave needs a delegate: send delegateId, the person who takes over meanwhile.', { field: 'delegateId' });
  }
  if (!input.from || !input.until) {
    throw new AppError('invalid_input', 'Going on leave needs its window: send from and until.', { field: input.from ? 'until' : 'from' });
  }
  const from = new Date(input.from);
  const until = new Date(input.until);
  if (until.getTime() <= from.getTime()) throw new AppError('invalid_input', 'The leave must end after it starts.', { field: 'until' });
  if (until.getTime() <= now.getTime()) throw new AppError('invalid_input', 'This leave window is already over.', { field: 'until' });
  if (input.delegateId === userId) {
    throw new AppError('business_rule', 'A person on leave cannot be their own delegate.', { field: 'delegateId' });
  }
  if (!delegate) throw new AppError('invalid_input', 'delegateId names no user of this tenant.', { field: 'delegateId' });
  if (!delegate.active) {
    throw new AppError('business_rule', `${delegate.name} is deactivated and cannot be a delegate.`, { field: 'delegateId' });
  }
  if (delegate.availability === 'on_leave') {
    throw new AppError('business_rule', `${delegate.name} is on leave too and cannot be a delegate.`, { field: 'delegateId' });
  }
  return { availability: 'on_leave', delegateId: delegate.id, from, until };
}
