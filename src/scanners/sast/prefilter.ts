import type { MatcherSpec } from './rule.js';

/**
 * Words a file must contain for a matcher to possibly match, as alternatives:
 * `[["execute"], ["executemany"]]` means "contains execute, or contains executemany".
 * `undefined` means no cheap necessary condition is known (always run the matcher).
 *
 * Derived from the identifiers written literally in `pattern` strings: ast-grep
 * compares leaf tokens of a pattern verbatim, so each such identifier must occur in the
 * file text. `any` gives alternatives, `all` takes its first constrained member,
 * relational and negative keys add nothing.
 */
export type Requirement = string[][] | undefined;

const KEYWORDS = new Set(['async', 'await', 'def', 'function', 'return', 'lambda', 'new', 'this', 'self', 'None', 'True', 'False', 'null', 'undefined', 'true', 'false', 'const', 'let', 'var', 'import', 'from', 'as', 'in', 'of', 'not', 'and', 'or']);

export function requirementOf(spec: MatcherSpec): Requirement {
  if (spec['parameters-of'] && typeof spec['parameters-of'] === 'object') {
    return requirementOf(spec['parameters-of'] as MatcherSpec);
  }
  if (typeof spec.pattern === 'string' || (spec.pattern && typeof spec.pattern === 'object')) {
    const text = typeof spec.pattern === 'string' ? spec.pattern : String((spec.pattern as { context?: unknown }).context ?? '');
    const words = wordsOf(text);
    return words.length ? [words] : undefined;
  }
  if (Array.isArray(spec.any)) {
    const alternatives: string[][] = [];
    for (const sub of spec.any as MatcherSpec[]) {
      const req = requirementOf(sub);
      if (!req) return undefined;
      alternatives.push(...req);
    }
    return alternatives.length ? alternatives : undefined;
  }
  if (Array.isArray(spec.all)) {
    for (const sub of spec.all as MatcherSpec[]) {
      const req = requirementOf(sub);
      if (req) return req;
    }
  }
  return undefined;
}

/** Identifiers of a pattern that are not metavariables, keywords or inside string quotes' delimiters. */
function wordsOf(pattern: string): string[] {
  const words = new Set<string>();
  for (const match of pattern.matchAll(/\$*[A-Za-z_][A-Za-z0-9_]*/g)) {
    const word = match[0];
    if (word.startsWith('$') || KEYWORDS.has(word) || word.length < 3) continue;
    words.add(word);
  }
  return [...words];
}

/** True when `text` satisfies `requirement`. */
export function mayMatch(text: string, requirement: Requirement): boolean {
  if (!requirement) return true;
  return requirement.some((words) => words.every((w) => text.includes(w)));
}
