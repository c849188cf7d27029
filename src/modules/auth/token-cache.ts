/**
 * Who a token belongs to, remembered for a few seconds: resolving it is a join on every request,
 * and a burst of requests with one token is the common case (measured: the token lookup was
 * the most expensive read of an intake). Revocations and user changes in this process forget
 * the entries at once; another process's change reaches this one within FRESH_MS.
 */
import type { Actor } from '../../platform/http/actor.ts';

const FRESH_MS = 5000;
const MAX_ENTRIES = 10_000;

interface Entry {
  actor: Actor;
  expiresAt: number | null;
  cachedAt: number;
}

const entries = new Map<string, Entry>();

/** The cached caller of a token hash, if fresh and the token has not expired by `now`. */
export function cachedActor(tokenHash: string, now: Date): Actor | undefined {
  const entry = entries.get(tokenHash);
  if (!entry) return undefined;
  if (Date.now() - entry.cachedAt > FRESH_MS || (entry.expiresAt !== null && entry.expiresAt <= now.getTime())) {
    entries.delete(tokenHash);
    return undefined;
  }
  return entry.actor;
}

export function rememberActor(tokenHash: string, actor: Actor, expiresAt: Date | null): void {
  if (entries.size >= MAX_ENTRIES) entries.delete(entries.keys().next().value!);
  entries.set(tokenHash, { actor, expiresAt: expiresAt?.getTime() ?? null, cachedAt: Date.now() });
}

/** Forgets one token (by its id) or every token of a user: after a logout, revocation or user change. */
export function forgetTokens(match: { tenantId: string; userId: string; tokenId?: string }): void {
  for (const [hash, entry] of entries) {
    const { actor } = entry;
    if (actor.tenantId === match.tenantId && actor.userId === match.userId && (!match.tokenId || actor.tokenId === match.tokenId)) {
      entries.delete(hash);
    }
  }
}
