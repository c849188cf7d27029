/** Who may do what with SLA settings, checked on the server for every route. */
import { AppError } from '../../platform/errors.ts';
import { hasRole, type Actor, type Role } from '../../platform/http/actor.ts';

/** Admins change calendars and policies; the people who run the queue may read them. */
export const SLA_WRITERS: readonly Role[] = ['admin'];
export const SLA_READERS: readonly Role[] = ['admin', 'dispatcher', 'manager'];

export function requireRole(actor: Actor, roles: readonly Role[], doing: string): void {
  if (!hasRole(actor, ...roles)) throw new AppError('forbidden', `Only ${roles.join(' or ')} may ${doing}.`, { requiredRoles: roles });
}
