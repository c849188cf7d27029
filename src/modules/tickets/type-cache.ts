/**
 * Ticket types with their forms, remembered for a few seconds: every intake reads its type,
 * and types change rarely. A change in this process forgets the entry at once; another
 * process's change arrives within FRESH_MS.
 */
import type { Db } from '../../platform/context.ts';
import * as store from './store.ts';

const FRESH_MS = 5000;
const MAX_ENTRIES = 5000;
const entries = new Map<string, { type: store.TicketType | undefined; cachedAt: number }>();

export async function cachedTicketType(db: Db, tenantId: string, key: string): Promise<store.TicketType | undefined> {
  const cacheKey = `${tenantId}:${key}`;
  const entry = entries.get(cacheKey);
  if (entry && Date.now() - entry.cachedAt <= FRESH_MS) return entry.type;
  const type = await store.getTicketType(db, tenantId, key);
  if (entries.size >= MAX_ENTRIES) entries.delete(entries.keys().next().value!);
  entries.set(cacheKey, { type, cachedAt: Date.now() });
  return type;
}

export function forgetTicketType(tenantId: string, key: string): void {
  entries.delete(`${tenantId}:${key}`);
}
