import type { MatcherSpec } from './rule.js';

/**
 * Words a file must contain for a matcher to possibly match, as alternatives:
 * `[["execute"], ["executemany"]]` means "contains execute, or contains executemany".
 * `undefined` means no cheap necessary condition is known (always run the matcher).
 *
 * ast-grep compares the leaf tokens of a pattern verbatim, so every identifier written
 * literally in a `pattern` must occur in a matching file; so must the words of the
 * patterns in `inside`/`has`/`follows`/`precedes` (the related node is in the same
 * file), and one of the words of a constraint regex that is a plain alternation
 * (`^(req|request)$`). `any` gives alternatives, `all` and relations combine with AND,
 * `not` adds nothing.
 */
export type Requirement = string[][] | undefined;

const KEYWORDS = new Set(['async', 'await', 'def', 'function', 'return', 'lambda', 'new', 'this', 'self', 'None', 'True', 'False', 'null', 'undefined', 'true', 'false', 'const', 'let', 'var', 'import', 'from', 'as', 'in', 'of', 'not', 'and', 'or']);
const RELATIONS = ['inside', 'has', 'follows', 'precedes'] as const;
/** Past this many alternatives a requirement is simplified (still necessary, less precise). */
const MAX_ALTERNATIVES = 32;

export function requirementOf(spec: MatcherSpec): Requirement {
  const parts: Requirement[] = [];
  if (spec['parameters-of'] && typeof spec['parameters-of'] === 'object') parts.push(requirementOf(spec['parameters-of'] as MatcherSpec));
  const pattern = typeof spec.pattern === 'string' ? spec.pattern : (spec.pattern as { context?: unknown } | undefined)?.context;
  if (typeof pattern === 'string') {
    const words = wordsOf(pattern);
    if (words.length) parts.push([words]);
  }
  if (Array.isArray(spec.any)) {
    const alternatives: string[][] = [];
    let bounded = true;
    for (const sub of spec.any as MatcherSpec[]) {
      const req = requirementOf(sub);
      if (!req) bounded = false;
      else alternatives.push(...req);
    }
    if (bounded && alternatives.length) parts.push(alternatives);
  }
  if (Array.isArray(spec.all)) for (const sub of spec.all as MatcherSpec[]) parts.push(requirementOf(sub));
  for (const relation of RELATIONS) {
    const sub = spec[relation];
    if (sub && typeof sub === 'object') parts.push(requirementOf(sub as MatcherSpec));
  }
  if (spec.constraints && typeof spec.constraints === 'object') {
    for (const constraint of Object.values(spec.constraints as Record<string, MatcherSpec>)) {
      parts.push(constraint && typeof constraint === 'object' ? requirementOf(constraint) : undefined);
    }
  }
  if (typeof spec.regex === 'string') parts.push(alternationWords(spec.regex));
  return parts.reduce<Requirement>(both, undefined);
}

/** Both requirements must hold: the cross product of their alternatives, kept small. */
function both(a: Requirement, b: Requirement): Requirement {
  if (!a) return b;
  if (!b) return a;
  if (a.length * b.length > MAX_ALTERNATIVES) return a.length <= b.length ? a : b;
  return a.flatMap((x) => b.map((y) => [...new Set([...x, ...y])]));
}

/** `^(req|request|ctx\.request)$` → [[req], [request], [ctx.request]]; anything fancier → undefined. */
function alternationWords(regex: string): Requirement {
  // One unambiguous alternation of words (no nested optional repetition: linear time).
  const match = /^\^?\(?([A-Za-z_]\w*(?:\\\.[A-Za-z_]\w*)*(?:\|[A-Za-z_]\w*(?:\\\.[A-Za-z_]\w*)*)*)\)?\$?$/.exec(regex);
  if (!match) return undefined;
  const words = match[1]!.split('|').filter(Boolean).map((w) => w.replace(/\\\./g, '.'));
  return words.length ? words.map((w) => [w]) : undefined;
}

/** Identifiers of a pattern that are not metavariables or keywords (3+ characters). */
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
