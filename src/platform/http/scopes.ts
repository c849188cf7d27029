/**
 * Scopes: what a scoped token (an OAuth2 client's access token, a scoped personal token) may
 * reach, on top of what its user's roles allow. Every authenticated route has exactly one
 * required scope, found here from its path and method when the route is registered; a route
 * this table does not cover stops the server from starting, so no route is ever unscoped.
 *
 * An area's `write` scope includes its `read`: an integration that creates tickets reads them back.
 */
export const SCOPE_AREAS = {
  tickets: 'Tickets: create, read, act; attachments, checklists, reviews, verification links, SLA clocks, dispatch proposals, problems',
  directory: 'Users, org units, customers, devices',
  knowledge: 'Knowledge articles and suggestions',
  analytics: 'Statistics and analytics',
  notifications: 'The caller\'s own notifications and preferences',
  integrations: 'Webhooks, connectors, imports and import templates',
  admin: 'Configuration: ticket types, SLA, dispatch, closure rules and settings, notification channels, runner jobs',
} as const;

export type ScopeArea = keyof typeof SCOPE_AREAS;

/** Scopes an API client or a scoped personal token may be given. */
export const GRANTABLE_SCOPES: readonly string[] = Object.keys(SCOPE_AREAS)
  .flatMap((area) => (area === 'analytics' ? [`${area}:read`] : [`${area}:read`, `${area}:write`]));

/**
 * Managing one's own credentials (personal tokens, API clients). No scoped token can hold it, so
 * a leaked integration token can never mint itself a broader one.
 */
export const ACCOUNT_SCOPE = 'account';

/** Any valid token may call it: who am I, log this token out. */
export const ANY_SCOPE = 'any';

interface Rule {
  prefix: string;
  /** Only the path itself, not what is under it. */
  exact?: boolean;
  read: string;
  write: string;
}

const area = (prefix: string, name: ScopeArea): Rule => ({ prefix, read: `${name}:read`, write: `${name}:write` });

/** First match wins, so the more specific prefixes come first. */
const RULES: readonly Rule[] = [
  { prefix: '/api/v1/auth/logout', read: ANY_SCOPE, write: ANY_SCOPE },
  { prefix: '/api/v1/me/tokens', read: ACCOUNT_SCOPE, write: ACCOUNT_SCOPE },
  { prefix: '/api/v1/admin/api-clients', read: ACCOUNT_SCOPE, write: ACCOUNT_SCOPE },
  area('/api/v1/me/notification-preferences', 'notifications'),
  // An engineer's position feeds dispatch like the rest of the directory.
  area('/api/v1/me/location', 'directory'),
  { prefix: '/api/v1/me', exact: true, read: ANY_SCOPE, write: ANY_SCOPE },
  area('/api/v1/notifications', 'notifications'),
  area('/api/v1/admin/', 'admin'),
  // Reading the types is part of filing a ticket; changing them is configuration.
  { prefix: '/api/v1/ticket-types', read: 'tickets:read', write: 'admin:write' },
  area('/api/v1/tickets', 'tickets'),
  area('/api/v1/attachments', 'tickets'),
  area('/api/v1/reviews', 'tickets'),
  area('/api/v1/problems', 'tickets'),
  { prefix: '/api/v1/closure/', read: 'analytics:read', write: 'analytics:write' },
  area('/api/v1/analytics', 'analytics'),
  area('/api/v1/users', 'directory'),
  area('/api/v1/org-units', 'directory'),
  area('/api/v1/customers', 'directory'),
  area('/api/v1/devices', 'directory'),
  area('/api/v1/knowledge', 'knowledge'),
  area('/api/v1/webhooks', 'integrations'),
  area('/api/v1/connectors', 'integrations'),
  area('/api/v1/import-templates', 'integrations'),
  area('/api/v1/imports', 'integrations'),
];

/** `/api/v1/me` matches itself and its sub-paths, never `/api/v1/metrics`; a prefix ending in / matches all under it. */
const matches = (url: string, { prefix, exact }: Rule) =>
  exact ? url === prefix : prefix.endsWith('/') ? url.startsWith(prefix) : url === prefix || url.startsWith(`${prefix}/`);

/** The scope a route needs, or undefined when the table does not cover it. */
export function requiredScope(method: string, url: string): string | undefined {
  const rule = RULES.find((candidate) => matches(url, candidate));
  if (!rule) return undefined;
  return method === 'GET' || method === 'HEAD' ? rule.read : rule.write;
}

/** Whether a token with these scopes (null: unscoped) may call a route needing `required`. */
export function scopeAllows(scopes: readonly string[] | null | undefined, required: string): boolean {
  if (!scopes || required === ANY_SCOPE) return true;
  if (scopes.includes(required)) return true;
  return required.endsWith(':read') && scopes.includes(required.replace(/:read$/, ':write'));
}
