/**
 * A tenant's policies and calendars, as the intake path reads them: remembered for a few
 * seconds, since every new ticket needs them and they change rarely. An admin's change in this
 * process forgets the entry at once; another process sees it within 5 seconds, and the
 * recompute job it schedules runs after that (RECOMPUTE_DELAY_SECONDS). The runner's handlers
 * read fresh rows instead (policyContext).
 */
import type { Db } from '../../platform/context.ts';
import { FreshCache } from '../../platform/fresh-cache.ts';
import { ALWAYS_OPEN, type Calendar } from './calendar.ts';
import { inMatchOrder, type SlaPolicy } from './policy.ts';
import * as store from './store.ts';

export interface TenantSla {
  /** Every policy, inactive ones included (their tickets keep them), in first-match order. */
  policies: SlaPolicy[];
  calendars: Map<string, Calendar>;
}

const CACHE_FRESH_MS = 5000;
const entries = new FreshCache<string, TenantSla>(CACHE_FRESH_MS, 2000);

export async function tenantSla(db: Db, tenantId: string): Promise<TenantSla> {
  let sla = entries.get(tenantId);
  if (!sla) {
    const policies = await store.listPolicies(db, tenantId);
    const calendars = await store.listCalendars(db, tenantId);
    sla = { policies: inMatchOrder(policies), calendars: new Map(calendars.map((row) => [row.id, row.calendar])) };
    entries.set(tenantId, sla);
  }
  return sla;
}

export function forgetTenantSla(tenantId: string): void {
  entries.delete(tenantId);
}

/** The calendar a policy counts business time on: its own, or 24×7 when it names none. */
export function calendarOf(calendars: ReadonlyMap<string, Calendar>, policy: Pick<SlaPolicy, 'calendarId'>): Calendar {
  if (policy.calendarId === null) return ALWAYS_OPEN;
  const calendar = calendars.get(policy.calendarId);
  // The foreign key keeps a policy's calendar in place; a miss is a cache older than the policy.
  if (!calendar) throw new Error(`Calendar ${policy.calendarId} of an SLA policy is not loaded.`);
  return calendar;
}

/**
 * A policy and its calendar read fresh, for the runner's handlers; undefined when the policy is
 * gone. `forShare` keeps the policy from changing until the caller's transaction ends.
 */
export async function policyContext(db: Db, tenantId: string, policyId: string, options: { forShare?: boolean } = {}): Promise<{ policy: SlaPolicy; calendar: Calendar } | undefined> {
  const policy = await store.getPolicy(db, tenantId, policyId, options);
  if (!policy) return undefined;
  if (policy.calendarId === null) return { policy, calendar: ALWAYS_OPEN };
  const calendar = await store.getCalendar(db, tenantId, policy.calendarId);
  return calendar && { policy, calendar: calendar.calendar };
}
