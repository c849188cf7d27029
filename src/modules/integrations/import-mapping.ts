/**
 * The connectors' mapping language for rows of devices, customers and people: the same
 * selectors (`$['客户名称']`), transforms and `required` flag, each entity with its own targets.
 * Values come out as the transforms left them; the entity's checker turns them into the
 * directory's input.
 */
import { AppError } from '../../platform/errors.ts';
import type { RowProblem } from './import-tables.ts';
import { parseSelector, selectValue, type Step } from './mapping-select.ts';
import { compileTransform, TransformError, type CompiledTransform } from './mapping-transforms.ts';
import { MappingError, type MappingProblem, type MappingRule } from './mapping.ts';

/** The column a selector reads, for `$.名称` or `$['名称']`; null for deeper selectors and constants. */
export function columnOf(selector: string | null | undefined): string | null {
  if (!selector) return null;
  const match = /^\$(?:\.([^.[\]]+)|\[(['"])(.+)\2\])$/.exec(selector);
  return match ? (match[1] ?? match[3]) : null;
}

/** An entity's targets: plain names, and optionally `<prefix><key>` names (`skills.cnc`). */
export interface TargetSet {
  names: readonly string[];
  keyed?: { prefix: string; key: RegExp; example: string };
  /** Targets refused with a reason (a password column). */
  refused?: Record<string, string>;
}

interface CompiledRule {
  index: number;
  rule: MappingRule;
  steps: Step[] | null;
  transforms: CompiledTransform[];
}

export interface RowMapping {
  rules: CompiledRule[];
  /** The column each target reads, when its selector names one. */
  columns: Map<string, string | null>;
}

function targetProblem(target: string, targets: TargetSet): string | null {
  if (targets.refused && Object.hasOwn(targets.refused, target)) return targets.refused[target];
  if (targets.names.includes(target)) return null;
  if (targets.keyed && target.startsWith(targets.keyed.prefix) && targets.keyed.key.test(target.slice(targets.keyed.prefix.length))) return null;
  const keyed = targets.keyed ? ` or ${targets.keyed.prefix}<key> (e.g. ${targets.keyed.example})` : '';
  return `unknown target; use one of ${targets.names.join(', ')}${keyed}`;
}

/** Checks every rule once (targets exist, selectors parse, regexes compile); a 400 naming each bad rule. */
export function compileRowMapping(rules: readonly MappingRule[], targets: TargetSet): RowMapping {
  const problems: MappingProblem[] = [];
  const compiled: CompiledRule[] = [];
  rules.forEach((rule, index) => {
    const fail = (message: string) => problems.push({ rule: index, to: String(rule.to), from: rule.from ?? null, message });
    const wrong = targetProblem(String(rule.to), targets);
    if (wrong) return fail(wrong);
    if (rule.from === undefined && rule.value === undefined) return fail('a rule needs a selector (from) or a constant (value)');
    try {
      compiled.push({ index, rule, steps: rule.from === undefined ? null : parseSelector(rule.from), transforms: (rule.transforms ?? []).map(compileTransform) });
    } catch (error) {
      fail((error as Error).message);
    }
  });
  if (problems.length) {
    const error = new MappingError(problems);
    throw new AppError('invalid_input', `The mapping is invalid: ${error.message}`, { field: 'mapping', problems });
  }
  return { rules: compiled, columns: new Map(rules.map((rule) => [rule.to, columnOf(rule.from)])) };
}

/** One row through the rules: target → value, blanks left out. Every rule is tried; the problems come back together. */
export function mapRow(mapping: RowMapping, rowNo: number, values: Record<string, unknown>): { mapped: Record<string, unknown>; problems: RowProblem[] } {
  const mapped: Record<string, unknown> = {};
  const problems: RowProblem[] = [];
  for (const { rule, steps, transforms } of mapping.rules) {
    try {
      let value = steps ? selectValue(values, steps) : rule.value;
      for (const transform of transforms) value = transform(value);
      if (value === undefined || value === null || value === '') {
        if (rule.required) throw new TransformError('is required but the row has no value there');
        continue;
      }
      mapped[rule.to] = value;
    } catch (error) {
      if (!(error instanceof TransformError)) throw error;
      problems.push({ row: rowNo, column: columnOf(rule.from), field: rule.to, message: error.message });
    }
  }
  return { mapped, problems };
}
