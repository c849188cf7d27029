/**
 * Who a token belongs to, remembered for a few seconds: resolving it is a join on every request,
 * and a burst of requests with one token is the common case (measured: the token lookup was
 * the most expensive read of an intake). Revocations and user changes in this process forget
 * the entries at once; another process's change reaches this one within 5 seconds.
 */
import type { Actor } from '../../platform/http/actor.ts';
import { FreshCache } from '../../platform/fresh-cache.ts';

const entries = new FreshCache<string, { actor: Actor; expiresAt: number | null }>(5000, 10_000);

/** The cached caller of a token hash, if fresh and the token has not expired by `now`. */
export function cachedActor(tokenHash: string, now: Date): Actor | undefined {
  const entry = entries.get(tokenHash);
  if (!entry) return undefined;
  if (entry.expiresAt !== null && entry.expiresAt <= now.getTime()) {
    entries.delete(tokenHash);
    return undefined;
  }
  return entry.actor;
}

export function rememberActor(tokenHash: string, actor: Actor, expiresAt: Date | null): void {
  entries.set(tokenHash, { actor, expiresAt: expiresAt?.getTime() ?? null });
}

/** Forgets one token (by its id) or every token of a user: after a logout, revocation or user change. */
export function forgetTokens(match: { tenantId: string; userId: string; tokenId?: string }): void {
  entries.deleteWhere(({ actor }) => actor.tenantId === match.tenantId && actor.userId === match.userId
    && (!match.tokenId || actor.tokenId === match.tokenId));
}
