/** Availability, leave with a delegate, and last known location: what dispatch reads about people. */
import type { Ctx } from '../../platform/context.ts';
import { AppError, notFound } from '../../platform/errors.ts';
import type { Actor } from '../../platform/http/actor.ts';
import { AVAILABILITY_SETTERS, requireRole } from './access.ts';
import { decideAvailability, type AvailabilityInput } from './leave.ts';
import * as store from './users-store.ts';

export function createAvailabilityService(ctx: Ctx) {
  /** People set their own availability; dispatchers, managers and admins set anyone's. */
  async function setAvailability(actor: Actor, userId: string, input: AvailabilityInput): Promise<store.User> {
    if (userId !== actor.userId) requireRole(actor, AVAILABILITY_SETTERS, 'set another person\'s availability');
    const { tenantId } = actor;
    const now = ctx.clock.now();
    return ctx.db.transaction().execute(async (trx) => {
      // Both rows are locked: two people naming each other as delegate at the same moment
      // would otherwise both see the other still at work and both go on leave.
      const ids = input.delegateId && input.delegateId !== userId ? [userId, input.delegateId] : [userId];
      const people = await store.standingOf(trx, tenantId, ids, { lock: true });
      const target = people.find((person) => person.id === userId);
      if (!target) throw notFound('User', userId);
      if (!target.active) throw new AppError('business_rule', `${target.name} is deactivated; reactivate the account first.`);
      const delegate = people.find((person) => person.id === input.delegateId && person.id !== userId);
      const state = decideAvailability(userId, input, delegate, now);
      await store.setAvailability(trx, tenantId, userId, state, now);
      return (await store.getUser(trx, tenantId, userId))!;
    });
  }

  /** The caller's last known position, stamped with the server's clock rather than the device's. */
  async function setMyLocation(actor: Actor, location: { lat: number; lng: number }) {
    const now = ctx.clock.now();
    await store.setLocation(ctx.db, actor.tenantId, actor.userId, location, now);
    return { lat: location.lat, lng: location.lng, at: now.toISOString() };
  }

  return { setAvailability, setMyLocation };
}

export type AvailabilityService = ReturnType<typeof createAvailabilityService>;
