/**
 * Recurrence detection on intake's hot path, inside the new ticket's transaction and before
 * its row is inserted: it only reads earlier tickets and schedules `problems.recurrence`,
 * which opens or joins the problem after the commit. A ticket with no device, error code or
 * customer costs no query; one with keys costs one statement.
 */
import type { Db } from '../../platform/context.ts';
import { FreshCache } from '../../platform/fresh-cache.ts';
import { schedule } from '../../platform/runner/index.ts';
import { getClosureSettings, type ClosureSettings } from '../closure/index.ts';
import type { TicketListener, TicketState } from '../tickets/index.ts';
import { recurrenceKeys, recurringKey, similarCounts, type RecurrenceKey } from './matching.ts';
import { findSimilar } from './similar-store.ts';

export const PROBLEMS_RECURRENCE = 'problems.recurrence';

export interface RecurrencePayload {
  ticketId: string;
  kind: RecurrenceKey['kind'];
  value: string;
}

/** How many of a customer's latest tickets intake compares by text. */
const CUSTOMER_CANDIDATES = 200;

const DAY_MS = 24 * 3600 * 1000;

/** The look-back window of a ticket: [created − window days, created]. */
export const windowOf = (ticket: Pick<TicketState, 'createdAt'>, days: number) =>
  ({ since: new Date(ticket.createdAt.getTime() - days * DAY_MS), until: ticket.createdAt });

/** Reports that are no occurrence of their own: duplicates, cancelled reports, escalations of another ticket. */
export const isOwnReport = (ticket: Pick<TicketState, 'duplicateOfId' | 'status' | 'originTicketId'>): boolean =>
  !ticket.duplicateOfId && ticket.status !== 'cancelled' && !ticket.originTicketId;

export type SettingsReader = (db: Db, tenantId: string) => Promise<ClosureSettings>;

/** Settings change rarely and intake reads them per ticket with a key: a few seconds of caching. */
export function cachedSettings(): SettingsReader {
  const cache = new FreshCache<string, ClosureSettings>(10_000, 5000);
  return async (db, tenantId) => {
    let settings = cache.get(tenantId);
    if (!settings) {
      settings = await getClosureSettings(db, tenantId);
      cache.set(tenantId, settings);
    }
    return settings;
  };
}

export function recurrenceListener(settingsOf: SettingsReader): TicketListener {
  return async (db, change) => {
    if (change.action !== 'create') return;
    const ticket = change.after;
    if (!isOwnReport(ticket)) return;
    const keys = recurrenceKeys(ticket);
    if (!keys.length) return;
    const { tenantId, now } = change;
    const settings = await settingsOf(db, tenantId);
    const threshold = settings.recurrenceThreshold;
    // Counting stops where the threshold is reached; a customer's tickets are compared by text.
    const rows = await findSimilar(db, tenantId, keys, { id: ticket.id, type: ticket.type, ...windowOf(ticket, settings.recurrenceWindowDays) },
      (kind) => (kind === 'customer' ? CUSTOMER_CANDIDATES : threshold - 1));
    const key = recurringKey(keys, similarCounts(ticket.description, keys, rows), threshold);
    if (!key) return;
    const payload: RecurrencePayload = { ticketId: ticket.id, kind: key.kind, value: key.value };
    await schedule(db, { tenantId, kind: PROBLEMS_RECURRENCE, payload: { ...payload }, runAt: now, now, dedupeKey: ticket.id });
  };
}
