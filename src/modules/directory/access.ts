/** Who may do what in the directory. Roles are checked here, on the server, for every write. */
import { AppError } from '../../platform/errors.ts';
import { hasRole, isStaff, type Actor, type Role } from '../../platform/http/actor.ts';

/** Throws 403 unless the caller has one of the roles. */
export function requireRole(actor: Actor, roles: readonly Role[], doing: string): void {
  if (!hasRole(actor, ...roles)) {
    throw new AppError('forbidden', `Only ${roles.join(' or ')} may ${doing}.`, { requiredRoles: roles });
  }
}

/** Requesters (customers' people) see no one else's records: the directory is for staff. */
export function requireStaff(actor: Actor, what: string): void {
  if (!isStaff(actor)) throw new AppError('forbidden', `Requesters cannot see ${what}.`);
}

export const ADMIN_ONLY: readonly Role[] = ['admin'];
/** Customers and devices are kept up to date by the service desk as well as by admins. */
export const DESK_WRITERS: readonly Role[] = ['admin', 'dispatcher'];
/** Who may set another person's availability (anyone may set their own). */
export const AVAILABILITY_SETTERS: readonly Role[] = ['admin', 'dispatcher', 'manager'];
