/**
 * What a new problem is given: its number (per tenant and local day) and its owner (the
 * tenant's chosen owner, else its first active expert, else its first manager); and who may own
 * one at all.
 */
import type { Db } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import type { Role } from '../../platform/http/actor.ts';
import { getTenant, getUser, listUsers } from '../directory/index.ts';
import { localDay } from '../tickets/index.ts';
import { problemNumber } from './matching.ts';
import * as store from './store.ts';

export interface Owner {
  id: string;
  name: string;
}

/** The roles that work problems (record the root cause, close them): an owner has one of them. */
export const PROBLEM_WRITERS: readonly Role[] = ['admin', 'manager', 'expert', 'dispatcher'];

/** The owner of a new problem; undefined when the tenant has nobody to give it to. */
export async function defaultOwner(db: Db, tenantId: string, problemOwnerId: string | null): Promise<Owner | undefined> {
  if (problemOwnerId) {
    const chosen = await getUser(db, tenantId, problemOwnerId);
    // A deactivated owner in the settings must not swallow the problem: fall back.
    if (chosen?.active) return { id: chosen.id, name: chosen.name };
  }
  for (const role of ['expert', 'manager'] as const) {
    const [first] = await listUsers(db, tenantId, { role, active: true, limit: 1 });
    if (first) return { id: first.id, name: first.name };
  }
  return undefined;
}

/** A named owner must be an active person of the tenant who may work problems. */
export async function checkOwner(db: Db, tenantId: string, ownerId: string): Promise<Owner> {
  const user = await getUser(db, tenantId, ownerId);
  if (!user?.active || !user.roles.some((role) => PROBLEM_WRITERS.includes(role))) {
    throw new AppError('invalid_input', 'ownerId names no active admin, manager, expert or dispatcher of this tenant.', { field: 'ownerId' });
  }
  return { id: user.id, name: user.name };
}

/** The next problem number of the tenant's local day: PRB-20261124-001. */
export async function nextProblemNumber(db: Db, tenantId: string, now: Date): Promise<string> {
  const day = localDay(now, (await getTenant(db, tenantId)).timezone);
  return problemNumber(day, await store.nextProblemSequence(db, tenantId, day));
}
