/**
 * A tenant's closure settings, kept under `tenants.settings.closure`: how long a customer's
 * verification link lives, when silence counts as verified, when the survey goes out, who hears
 * about a low score, and what counts as a recurring fault. Every value has a default; reading
 * them is pure, writing validates each one and names the field it refuses.
 */
import type { Db } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import type { Actor } from '../../platform/http/actor.ts';
import { hasRole } from '../../platform/http/actor.ts';
import { isUuid } from '../../platform/ids.ts';
import { getTenant, getUsersByIds } from '../directory/index.ts';
import { sql } from 'kysely';

export interface ClosureSettings {
  /** Hours a customer's verification link works. */
  verificationLinkHours: number;
  /** Days without an answer after which the system verifies the ticket itself; 0 never. */
  autoVerifyDays: number;
  /** A "not solved" answer takes the engineer off automatic dispatch for the rest of the day. */
  pauseEngineerOnUnresolved: boolean;
  /** Hours after closing that the follow-up survey goes out; 0 sends none. */
  surveyDelayHours: number;
  /** Days a survey link stays open. */
  surveyExpiryDays: number;
  /** A survey score below this alerts the service director. */
  surveyAlertBelow: number;
  /** The service directors; empty means the tenant's managers. */
  directorIds: string[];
  /** The Nth similar ticket within the window opens a problem. */
  recurrenceThreshold: number;
  recurrenceWindowDays: number;
  /** A closed ticket counts as eradicated when no similar one follows within this many days. */
  eradicationWindowDays: number;
  /** Who owns new problems; null means the tenant's first expert, else its first manager. */
  problemOwnerId: string | null;
}

export const DEFAULT_CLOSURE_SETTINGS: ClosureSettings = {
  verificationLinkHours: 7 * 24,
  autoVerifyDays: 7,
  pauseEngineerOnUnresolved: true,
  surveyDelayHours: 72,
  surveyExpiryDays: 14,
  surveyAlertBelow: 3,
  directorIds: [],
  recurrenceThreshold: 3,
  recurrenceWindowDays: 15,
  eradicationWindowDays: 30,
  problemOwnerId: null,
};

type Rule = { min: number; max: number };
const NUMBERS: Partial<Record<keyof ClosureSettings, Rule>> = {
  verificationLinkHours: { min: 1, max: 24 * 90 },
  autoVerifyDays: { min: 0, max: 90 },
  surveyDelayHours: { min: 0, max: 24 * 90 },
  surveyExpiryDays: { min: 1, max: 90 },
  surveyAlertBelow: { min: 1, max: 6 },
  recurrenceThreshold: { min: 2, max: 100 },
  recurrenceWindowDays: { min: 1, max: 365 },
  eradicationWindowDays: { min: 1, max: 365 },
};

/** The stored settings over the defaults; anything malformed in storage falls back to its default. */
export function readClosureSettings(stored: unknown): ClosureSettings {
  const raw = (stored && typeof stored === 'object' ? stored : {}) as Record<string, unknown>;
  const settings = { ...DEFAULT_CLOSURE_SETTINGS };
  for (const [key, rule] of Object.entries(NUMBERS) as [keyof ClosureSettings, Rule][]) {
    const value = raw[key];
    if (typeof value === 'number' && Number.isInteger(value) && value >= rule.min && value <= rule.max) (settings as any)[key] = value;
  }
  if (typeof raw.pauseEngineerOnUnresolved === 'boolean') settings.pauseEngineerOnUnresolved = raw.pauseEngineerOnUnresolved;
  if (Array.isArray(raw.directorIds) && raw.directorIds.every(isUuid)) settings.directorIds = raw.directorIds as string[];
  if (typeof raw.problemOwnerId === 'string' && isUuid(raw.problemOwnerId)) settings.problemOwnerId = raw.problemOwnerId;
  return settings;
}

export async function getClosureSettings(db: Db, tenantId: string): Promise<ClosureSettings> {
  const tenant = await getTenant(db, tenantId);
  return readClosureSettings(tenant.settings.closure);
}

/** Checks a change against the rules; returns the settings it makes. Pure. */
export function applySettingsChange(current: ClosureSettings, change: Record<string, unknown>): ClosureSettings {
  const next = { ...current };
  for (const [key, value] of Object.entries(change)) {
    if (!(key in DEFAULT_CLOSURE_SETTINGS)) throw new AppError('unknown_field', `Unknown closure setting "${key}".`, { field: key });
    const rule = NUMBERS[key as keyof ClosureSettings];
    if (rule) {
      if (typeof value !== 'number' || !Number.isInteger(value) || value < rule.min || value > rule.max) {
        throw new AppError('invalid_input', `${key} must be a whole number from ${rule.min} to ${rule.max}.`, { field: key });
      }
    } else if (key === 'pauseEngineerOnUnresolved') {
      if (typeof value !== 'boolean') throw new AppError('invalid_input', `${key} must be true or false.`, { field: key });
    } else if (key === 'directorIds') {
      if (!Array.isArray(value) || !value.every(isUuid) || value.length > 50) {
        throw new AppError('invalid_input', 'directorIds must be a list of up to 50 user ids.', { field: key });
      }
    } else if (key === 'problemOwnerId') {
      if (value !== null && (typeof value !== 'string' || !isUuid(value))) throw new AppError('invalid_input', 'problemOwnerId must be a user id or null.', { field: key });
    }
    (next as any)[key] = value;
  }
  return next;
}

/** PUT /admin/closure/settings: admins only; named people must be active users of the tenant. */
export async function updateClosureSettings(db: Db, actor: Actor, change: Record<string, unknown>): Promise<ClosureSettings> {
  if (!hasRole(actor, 'admin')) throw new AppError('forbidden', 'Only an admin may change closure settings.');
  const next = applySettingsChange(await getClosureSettings(db, actor.tenantId), change);
  const named = [...next.directorIds, ...(next.problemOwnerId ? [next.problemOwnerId] : [])];
  const users = await getUsersByIds(db, actor.tenantId, named);
  const missing = named.find((id) => !users.some((user) => user.id === id && user.active));
  if (missing) {
    const field = next.directorIds.includes(missing) ? 'directorIds' : 'problemOwnerId';
    throw new AppError('invalid_input', `${field} names ${missing}, which is no active user of this tenant.`, { field, id: missing });
  }
  await sql`UPDATE tenants SET settings = jsonb_set(settings, '{closure}', ${JSON.stringify(next)}::jsonb)
    WHERE id = ${actor.tenantId}`.execute(db);
  return next;
}
