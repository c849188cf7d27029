/**
 * Ticket types with their forms, remembered for a few seconds: every intake reads its type,
 * and types change rarely. A change in this process forgets the entry at once; another
 * process's change arrives within 5 seconds.
 */
import type { Db } from '../../platform/context.ts';
import { FreshCache } from '../../platform/fresh-cache.ts';
import * as store from './store.ts';

/** null remembers that a key names no type, so a wrong key does not reach the database each time. */
const entries = new FreshCache<string, store.TicketType | null>(5000, 5000);

export async function cachedTicketType(db: Db, tenantId: string, key: string): Promise<store.TicketType | undefined> {
  const cacheKey = `${tenantId}:${key}`;
  let type = entries.get(cacheKey);
  if (type === undefined) {
    type = (await store.getTicketType(db, tenantId, key)) ?? null;
    entries.set(cacheKey, type);
  }
  return type ?? undefined;
}

export function forgetTicketType(tenantId: string, key: string): void {
  entries.delete(`${tenantId}:${key}`);
}
