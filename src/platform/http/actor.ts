/** Who is calling: resolved from the bearer token or session cookie before any handler runs. */
export const ROLES = ['admin', 'dispatcher', 'engineer', 'expert', 'manager', 'finance', 'requester'] as const;
export type Role = (typeof ROLES)[number];

export interface Actor {
  tenantId: string;
  tenantSlug: string;
  userId: string;
  name: string;
  email: string;
  roles: Role[];
  tokenId: string;
}

export const hasRole = (actor: Actor, ...roles: Role[]) => actor.roles.some((role) => roles.includes(role));

/** Staff see every ticket of their tenant; requesters see only their own. */
export const isStaff = (actor: Actor) => hasRole(actor, 'admin', 'dispatcher', 'manager', 'expert', 'finance', 'engineer');
