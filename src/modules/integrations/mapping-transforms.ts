/**
 * The transforms a mapping rule applies, in order, to the value it selected. Each is pure and
 * either returns the new value or throws a TransformError saying what did not fit.
 */

export type Transform =
  | 'trim' | 'upper' | 'lower' | 'number' | 'integer' | 'boolean' | 'string'
  | { op: 'trim' | 'upper' | 'lower' | 'number' | 'integer' | 'boolean' | 'string' }
  | { op: 'regex'; pattern: string; group?: number | string; flags?: string }
  | { op: 'map'; values: Record<string, unknown>; default?: unknown }
  | { op: 'default'; value: unknown }
  | { op: 'split'; separator: string; index: number };

export const TRANSFORM_OPS = ['trim', 'upper', 'lower', 'number', 'integer', 'boolean', 'string', 'regex', 'map', 'default', 'split'] as const;

export class TransformError extends Error {}

export type CompiledTransform = (value: unknown) => unknown;

/** An XML element with attributes carries its text under `#text`: transforms work on that text. */
function scalar(value: unknown): unknown {
  if (value && typeof value === 'object' && !Array.isArray(value) && Object.hasOwn(value, '#text')) {
    return (value as Record<string, unknown>)['#text'];
  }
  return value;
}

const absent = (value: unknown) => value === undefined || value === null;

function asText(value: unknown, op: string): string {
  const plain = scalar(value);
  if (typeof plain === 'string') return plain;
  if (typeof plain === 'number' || typeof plain === 'boolean') return String(plain);
  throw new TransformError(`${op} needs text, got ${Array.isArray(plain) ? 'a list' : typeof plain}`);
}

const TRUE_WORDS = new Set(['true', '1', 'yes', 'y', 'on', '是', '真']);
const FALSE_WORDS = new Set(['false', '0', 'no', 'n', 'off', '否', '假']);

/** Checks a transform once, when the mapping is saved, and returns its function. */
export function compileTransform(transform: Transform): CompiledTransform {
  if (typeof transform !== 'string' && (!transform || typeof transform !== 'object' || Array.isArray(transform))) {
    throw new TransformError('a transform is a name such as "trim" or an object with an op');
  }
  const spec = typeof transform === 'string' ? { op: transform } : transform;
  switch (spec.op) {
    case 'trim':
      return (value) => (absent(value) ? value : asText(value, 'trim').trim());
    case 'upper':
      return (value) => (absent(value) ? value : asText(value, 'upper').toUpperCase());
    case 'lower':
      return (value) => (absent(value) ? value : asText(value, 'lower').toLowerCase());
    case 'string':
      return (value) => (absent(value) ? value : asText(value, 'string'));
    case 'number':
    case 'integer': {
      const op = spec.op;
      return (value) => {
        if (absent(value)) return value;
        const text = asText(value, op).trim();
        const number = Number(text);
        if (text === '' || !Number.isFinite(number)) throw new TransformError(`${op}: "${text}" is not a number`);
        if (op === 'integer' && !Number.isInteger(number)) throw new TransformError(`integer: "${text}" is not a whole number`);
        return number;
      };
    }
    case 'boolean':
      return (value) => {
        if (absent(value) || typeof value === 'boolean') return value;
        const text = asText(value, 'boolean').trim().toLowerCase();
        if (TRUE_WORDS.has(text)) return true;
        if (FALSE_WORDS.has(text)) return false;
        throw new TransformError(`boolean: "${text}" is neither true nor false`);
      };
    case 'regex': {
      let pattern: RegExp;
      try {
        pattern = new RegExp(spec.pattern, (spec.flags ?? '').replace(/[gy]/g, ''));
      } catch (error) {
        throw new TransformError(`regex: the pattern does not compile (${(error as Error).message})`);
      }
      const group = spec.group ?? (pattern.source.includes('(') ? 1 : 0);
      return (value) => {
        if (absent(value)) return value;
        const text = asText(value, 'regex');
        const match = pattern.exec(text);
        if (!match) throw new TransformError(`regex: "${text}" does not match /${spec.pattern}/`);
        const picked = typeof group === 'number' ? match[group] : match.groups?.[group];
        if (picked === undefined) throw new TransformError(`regex: group ${group} did not match in "${text}"`);
        return picked;
      };
    }
    case 'map': {
      const values = new Map(Object.entries(spec.values));
      const hasDefault = Object.hasOwn(spec, 'default');
      return (value) => {
        if (absent(value) && !hasDefault) return value;
        const key = absent(value) ? '' : asText(value, 'map');
        if (values.has(key)) return values.get(key);
        if (hasDefault) return spec.default;
        throw new TransformError(`map: "${key}" is not one of ${[...values.keys()].map((known) => `"${known}"`).join(', ')} and there is no default`);
      };
    }
    case 'default':
      return (value) => (absent(value) || value === '' ? spec.value : value);
    case 'split': {
      if (!spec.separator) throw new TransformError('split needs a separator');
      if (!Number.isInteger(spec.index)) throw new TransformError('split needs a whole-number index');
      return (value) => {
        if (absent(value)) return value;
        const parts = asText(value, 'split').split(spec.separator);
        // Negative indexes count from the end: -1 is "the rest after the last separator".
        return parts.at(spec.index);
      };
    }
    default:
      throw new TransformError(`unknown transform "${(spec as { op: string }).op}"; known: ${TRANSFORM_OPS.join(', ')}`);
  }
}
