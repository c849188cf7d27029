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
  /** What a scoped token may reach beyond its roles' limits; absent or null: unscoped. */
  scopes?: readonly string[] | null;
  /** Set when the token is an OAuth2 client's access token (the api_clients row id). */
  clientId?: string | null;
  /** The client's requests a minute (its quota), with clientId. */
  clientRateLimit?: number | null;
}

export const hasRole = (actor: Actor, ...roles: Role[]) => actor.roles.some((role) => roles.includes(role));

/** Staff see every ticket of their tenant; requesters see only their own. */
export const isStaff = (actor: Actor) => hasRole(actor, 'admin', 'dispatcher', 'manager', 'expert', 'finance', 'engineer');
