/**
 * The mapping language: a list of rules, each selecting one value from an inbound document,
 * transforming it, and writing it to one target (a ticket field, the source's id, its state).
 * Pure: connectors use it for events, imports for rows. Errors name the rule and the field.
 */
import { parseSelector, selectValue, type Step } from './mapping-select.ts';
import { compileTransform, TransformError, type CompiledTransform, type Transform } from './mapping-transforms.ts';

export interface MappingRule {
  /** The target: a ticket field, `fields.<name>`, `externalId`, `status`, `externalState`, `externalNote`. */
  to: string;
  /** A selector such as `$.fault.code`; without it the rule starts from `value`. */
  from?: string;
  /** A constant, used when there is no selector. */
  value?: unknown;
  transforms?: Transform[];
  /** A missing value is an error instead of leaving the target unset. */
  required?: boolean;
}

export const MAPPING_TARGETS = [
  'description', 'title', 'type', 'priority', 'customerId', 'deviceId', 'deviceSerial',
  'externalId', 'status', 'externalState', 'externalNote',
] as const;
type Target = (typeof MAPPING_TARGETS)[number];

/** Statuses a source may set: each is reached by a lifecycle action. */
export const MAPPABLE_STATUSES = ['resolved', 'closed', 'cancelled'] as const;
const PRIORITIES = ['P1', 'P2', 'P3', 'P4'];
const FIELD_NAME = /^fields\.([A-Za-z_][A-Za-z0-9_]{0,63})$/;

export interface MappingProblem {
  rule: number;
  to: string;
  from: string | null;
  message: string;
}

export class MappingError extends Error {
  constructor(readonly problems: MappingProblem[]) {
    super(problems.map(describeProblem).join('; '));
  }
}

export const describeProblem = (problem: MappingProblem) =>
  `rule ${problem.rule + 1} (${problem.to}${problem.from ? ` ← ${problem.from}` : ''}): ${problem.message}`;

/** What a document maps to. Unset targets are absent, not null. */
export interface MappedRecord {
  externalId?: string;
  description?: string;
  title?: string;
  type?: string;
  priority?: 'P1' | 'P2' | 'P3' | 'P4';
  customerId?: string;
  deviceId?: string;
  deviceSerial?: string;
  status?: (typeof MAPPABLE_STATUSES)[number];
  externalState?: string;
  externalNote?: string;
  fields: Record<string, unknown>;
}

interface CompiledRule {
  index: number;
  rule: MappingRule;
  steps: Step[] | null;
  transforms: CompiledTransform[];
  field: string | null;
}

export interface CompiledMapping {
  rules: CompiledRule[];
}

/** Checks every rule once (selectors parse, regexes compile, targets exist); throws MappingError. */
export function compileMapping(rules: readonly MappingRule[]): CompiledMapping {
  const problems: MappingProblem[] = [];
  const compiled: CompiledRule[] = [];
  rules.forEach((rule, index) => {
    const fail = (message: string) => problems.push({ rule: index, to: String(rule.to), from: rule.from ?? null, message });
    const field = FIELD_NAME.exec(rule.to)?.[1] ?? null;
    if (!field && !(MAPPING_TARGETS as readonly string[]).includes(rule.to)) {
      fail(`unknown target; use one of ${MAPPING_TARGETS.join(', ')} or fields.<name>`);
      return;
    }
    if (rule.from === undefined && rule.value === undefined) {
      fail('a rule needs a selector (from) or a constant (value)');
      return;
    }
    try {
      const steps = rule.from === undefined ? null : parseSelector(rule.from);
      compiled.push({ index, rule, steps, transforms: (rule.transforms ?? []).map(compileTransform), field });
    } catch (error) {
      fail((error as Error).message);
    }
  });
  if (!compiled.some((rule) => rule.rule.to === 'externalId') && !problems.length) {
    problems.push({ rule: rules.length, to: 'externalId', from: null, message: 'a mapping needs a rule for externalId, the source\'s own id' });
  }
  if (problems.length) throw new MappingError(problems);
  return { rules: compiled };
}

function checkTarget(target: Target, value: unknown): unknown {
  if (target === 'priority') {
    const text = typeof value === 'string' ? value.trim().toUpperCase() : value;
    if (typeof text !== 'string' || !PRIORITIES.includes(text)) throw new TransformError(`"${String(value)}" is not a priority (P1-P4)`);
    return text;
  }
  if (target === 'status') {
    if (typeof value !== 'string' || !(MAPPABLE_STATUSES as readonly string[]).includes(value)) {
      throw new TransformError(`"${String(value)}" is not a status a source may set (${MAPPABLE_STATUSES.join(', ')})`);
    }
    return value;
  }
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (typeof value !== 'string') throw new TransformError(`needs text, got ${Array.isArray(value) ? 'a list' : typeof value}`);
  return value;
}

/** Applies a compiled mapping to one document; every rule is tried, and all problems are reported together. */
export function applyMapping(mapping: CompiledMapping, document: unknown): MappedRecord {
  const record: MappedRecord = { fields: {} };
  const problems: MappingProblem[] = [];
  for (const { index, rule, steps, transforms, field } of mapping.rules) {
    try {
      let value = steps ? selectValue(document, steps) : rule.value;
      for (const transform of transforms) value = transform(value);
      if (value === undefined || value === null || value === '') {
        if (rule.required) throw new TransformError('is required but the event has no value there');
        continue;
      }
      if (field) record.fields[field] = value;
      else (record as unknown as Record<string, unknown>)[rule.to] = checkTarget(rule.to as Target, value);
    } catch (error) {
      if (!(error instanceof TransformError)) throw error;
      problems.push({ rule: index, to: rule.to, from: rule.from ?? null, message: error.message });
    }
  }
  if (!problems.length && !record.externalId) {
    const rule = mapping.rules.find((candidate) => candidate.rule.to === 'externalId')!;
    problems.push({ rule: rule.index, to: 'externalId', from: rule.rule.from ?? null, message: 'the event has no value for the source\'s id' });
  }
  if (problems.length) throw new MappingError(problems);
  return record;
}
