/**
 * The JSONPath-like selectors of a mapping: `$.a.b`, `$.items[0].code`, `$['故障代码']`.
 * Only plain member and index steps: no filters or wildcards, so a selector can never run
 * for long on an inbound payload and always names one value.
 */

export type Step = string | number;

/** Parses a selector into its steps; throws an Error saying where it stopped making sense. */
export function parseSelector(selector: string): Step[] {
  const text = selector.trim();
  if (!text.startsWith('$')) throw new Error(`selector "${selector}" must start with $`);
  const steps: Step[] = [];
  let at = 1;
  while (at < text.length) {
    const char = text[at];
    if (char === '.') {
      const match = /^[^.[\]\s]+/.exec(text.slice(at + 1));
      if (!match) throw new Error(`selector "${selector}" has an empty name at position ${at + 1}`);
      steps.push(match[0]);
      at += 1 + match[0].length;
    } else if (char === '[') {
      const rest = text.slice(at);
      const index = /^\[(\d+)\]/.exec(rest);
      const quoted = /^\[\s*(['"])((?:\\.|(?!\1).)*)\1\s*\]/.exec(rest);
      if (index) {
        steps.push(Number(index[1]));
        at += index[0].length;
      } else if (quoted) {
        steps.push(quoted[2].replace(/\\(.)/g, '$1'));
        at += quoted[0].length;
      } else {
        throw new Error(`selector "${selector}" has a bracket that is neither [number] nor ['name'] at position ${at}`);
      }
    } else {
      throw new Error(`selector "${selector}" has an unexpected "${char}" at position ${at}`);
    }
  }
  return steps;
}

/**
 * The value at the steps, or undefined. Index 0 of a value that is not a list is the value
 * itself: an XML element that happens to appear once is not turned into a list by the parser.
 */
export function selectValue(document: unknown, steps: readonly Step[]): unknown {
  let current = document;
  for (const step of steps) {
    if (current === null || current === undefined) return undefined;
    if (typeof step === 'number') {
      if (Array.isArray(current)) current = current[step];
      else current = step === 0 ? current : undefined;
    } else if (typeof current === 'object' && !Array.isArray(current) && Object.hasOwn(current, step)) {
      current = (current as Record<string, unknown>)[step];
    } else {
      return undefined;
    }
  }
  return current;
}
