/**
 * How a ticket type is dispatched (ticket_types.dispatch): who chooses, how many are asked at
 * once, how long they have to accept, and what skills and certificates the work needs. Pure.
 */
import { AppError } from '../../platform/errors.ts';
import type { SkillRequirement } from './candidates.ts';

/**
 * propose: the engine ranks and waits for a dispatcher (who may let it pick the best);
 * auto: the engine assigns the best engineer as soon as the ticket arrives;
 * offer: the engine offers it to the best N at once, and the first to accept takes it.
 */
export const DISPATCH_MODES = ['propose', 'auto', 'offer'] as const;
export type DispatchMode = (typeof DISPATCH_MODES)[number];

export interface DispatchConfig {
  mode: DispatchMode;
  /** How many engineers an offer goes to at once (mode offer). */
  offerCount: number;
  /** How long an assignee (or the offered engineers) have to accept before it moves on. */
  acceptLimitSeconds: number;
  requiredSkills: SkillRequirement[];
  /** Skill keys whose certificate must be held and not expired. */
  certificates: string[];
}

export const DEFAULT_DISPATCH_CONFIG: Readonly<DispatchConfig> = Object.freeze({
  mode: 'propose', offerCount: 3, acceptLimitSeconds: 1800, requiredSkills: [], certificates: [],
});

export const OFFER_COUNT_RANGE = { min: 1, max: 20 } as const;
export const ACCEPT_LIMIT_RANGE = { min: 10, max: 86_400 } as const;
export const SKILL_LEVEL_RANGE = { min: 1, max: 5 } as const;
/** The directory's skill key format. */
export const SKILL_KEY = /^[a-z0-9][a-z0-9_.-]{0,63}$/;
const MAX_LISTED = 20;

const FIELDS = ['mode', 'offerCount', 'acceptLimitSeconds', 'requiredSkills', 'certificates'] as const;

const refuse = (field: string, message: string): never => {
  throw new AppError('invalid_input', message, { field });
};

function wholeIn(value: unknown, field: string, range: { min: number; max: number }, unit = ''): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < range.min || value > range.max) {
    refuse(field, `${field} must be a whole number from ${range.min} to ${range.max}${unit}, got ${JSON.stringify(value)}.`);
  }
  return value as number;
}

function skillKey(value: unknown, field: string): string {
  if (typeof value !== 'string' || !SKILL_KEY.test(value)) {
    refuse(field, `${field} must be a skill key such as "hydraulics" or "plc.siemens", got ${JSON.stringify(value)}.`);
  }
  return value as string;
}

function list(value: unknown, field: string): unknown[] {
  if (!Array.isArray(value)) return refuse(field, `${field} must be a list.`);
  if (value.length > MAX_LISTED) refuse(field, `${field} may name at most ${MAX_LISTED} skills.`);
  return value;
}

/**
 * An admin's dispatch settings for a type, checked field by field; a field left out keeps its
 * default. Each refusal names the field and says what would work.
 */
export function validateDispatchConfig(input: unknown): DispatchConfig {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    return refuse('dispatch', `Dispatch settings must be an object with ${FIELDS.join(', ')}.`);
  }
  const given = input as Record<string, unknown>;
  const stray = Object.keys(given).find((key) => !(FIELDS as readonly string[]).includes(key));
  if (stray) refuse(stray, `"${stray}" is not a dispatch setting; the settings are ${FIELDS.join(', ')}.`);

  const config: DispatchConfig = { ...DEFAULT_DISPATCH_CONFIG, requiredSkills: [], certificates: [] };
  if (given.mode !== undefined) {
    if (!(DISPATCH_MODES as readonly unknown[]).includes(given.mode)) {
      refuse('mode', `mode must be one of ${DISPATCH_MODES.join(', ')}, got ${JSON.stringify(given.mode)}.`);
    }
    config.mode = given.mode as DispatchMode;
  }
  if (given.offerCount !== undefined) config.offerCount = wholeIn(given.offerCount, 'offerCount', OFFER_COUNT_RANGE, ' engineers');
  if (given.acceptLimitSeconds !== undefined) {
    config.acceptLimitSeconds = wholeIn(given.acceptLimitSeconds, 'acceptLimitSeconds', ACCEPT_LIMIT_RANGE, ' seconds (10 s to 24 h)');
  }
  if (given.requiredSkills !== undefined) {
    const seen = new Set<string>();
    config.requiredSkills = list(given.requiredSkills, 'requiredSkills').map((entry, index) => {
      const field = `requiredSkills[${index}]`;
      if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) return refuse(field, `${field} must be {key, minLevel}.`);
      const { key, minLevel, ...rest } = entry as Record<string, unknown>;
      const extra = Object.keys(rest)[0];
      if (extra) refuse(`${field}.${extra}`, `${field} has "${extra}"; a required skill is {key, minLevel}.`);
      const checkedKey = skillKey(key, `${field}.key`);
      if (seen.has(checkedKey)) refuse(`${field}.key`, `The skill "${checkedKey}" is required twice; name it once with its lowest level.`);
      seen.add(checkedKey);
      return { key: checkedKey, minLevel: minLevel === undefined ? 1 : wholeIn(minLevel, `${field}.minLevel`, SKILL_LEVEL_RANGE) };
    });
  }
  if (given.certificates !== undefined) {
    const keys = list(given.certificates, 'certificates').map((key, index) => skillKey(key, `certificates[${index}]`));
    config.certificates = [...new Set(keys)];
  }
  return config;
}

/**
 * The settings as stored. Only validateDispatchConfig writes them, so they are valid; a row
 * edited by hand into something invalid falls back to the defaults rather than stopping intake.
 */
export function readDispatchConfig(stored: Record<string, unknown> | null | undefined): DispatchConfig {
  try {
    return validateDispatchConfig(stored ?? {});
  } catch {
    return { ...DEFAULT_DISPATCH_CONFIG, requiredSkills: [], certificates: [] };
  }
}
