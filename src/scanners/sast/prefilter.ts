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
  return requirement(spec, false);
}

/**
 * Words the matched node's own text must contain: like `requirementOf`, but only from
 * what the node itself must match (pattern, regex, any/all of those), not from
 * relations to other nodes or from constraints.
 */
export function nodeRequirementOf(spec: MatcherSpec): Requirement {
  return requirement(spec, true);
}

function requirement(spec: MatcherSpec, nodeOnly: boolean): Requirement {
  const requirementOf = (sub: MatcherSpec) => requirement(sub, nodeOnly);
  const parts: Requirement[] = [];
  if (!nodeOnly && spec['parameters-of'] && typeof spec['parameters-of'] === 'object') parts.push(requirementOf(spec['parameters-of'] as MatcherSpec));
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
  // A `has` target lies inside the node, so its words are in the node's text too.
  for (const relation of nodeOnly ? (['has'] as const) : RELATIONS) {
    const sub = spec[relation];
    if (sub && typeof sub === 'object') parts.push(requirementOf(sub as MatcherSpec));
  }
  if (!nodeOnly && spec.constraints && typeof spec.constraints === 'object') {
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

const WORD = String.raw`[A-Za-z_]\w*(?:\\\.[A-Za-z_]\w*)*`;
// An anchored alternation of words, alone or leading the regex: `^(req|request)$`,
// `^(fetch|axios)\b.*`, `md5`. Unambiguous, so matching it takes linear time.
const WHOLE = new RegExp(String.raw`^\^?\(?(${WORD}(?:\|${WORD})*)\)?\$?$`);
const LEADING = new RegExp(String.raw`^\^\((${WORD}(?:\|${WORD})*)\)(?![?*{])`);

/** Words one of which the text matched by `regex` must contain; undefined when unknown. */
function alternationWords(regex: string): Requirement {
  const leading = LEADING.exec(regex);
  const match = WHOLE.exec(regex) ?? (leading && !hasTopLevelAlternation(regex.slice(leading[0].length)) ? leading : null);
  if (!match) return undefined;
  const words = match[1]!.split('|').filter(Boolean).map((w) => w.replace(/\\\./g, '.'));
  return words.length ? words.map((w) => [w]) : undefined;
}

/** Does `rest` contain `|` outside groups and classes (`^(a|b)x|y` does not need a or b)? */
function hasTopLevelAlternation(rest: string): boolean {
  let depth = 0;
  let inClass = false;
  for (let i = 0; i < rest.length; i++) {
    const c = rest[i];
    if (c === '\\') i++;
    else if (inClass) inClass = c !== ']';
    else if (c === '[') inClass = true;
    else if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (c === '|' && depth <= 0) return true;
  }
  return false;
}

/**
 * Identifiers of a pattern that are not metavariables or keywords (3+ characters).
 * Metavariables are `$` + uppercase (`$X`, `$$$ARGS`); `$where` is a literal name.
 */
function wordsOf(pattern: string): string[] {
  const words = new Set<string>();
  for (const match of pattern.matchAll(/\$*[A-Za-z_][A-Za-z0-9_]*/g)) {
    const word = match[0];
    if (/^\$+[A-Z_][A-Z0-9_]*$/.test(word) || KEYWORDS.has(word) || word.replace(/^\$+/, '').length < 3) continue;
    words.add(word);
  }
  return [...words];
}

/**
 * A text and the answers to "does it contain this word?", each computed once: a file
 * is checked against a few hundred requirements that share most of their words.
 */
export class TextIndex {
  private readonly seen = new Map<string, boolean>();

  constructor(readonly text: string) {}

  has(word: string): boolean {
    let found = this.seen.get(word);
    if (found === undefined) this.seen.set(word, (found = this.text.includes(word)));
    return found;
  }
}

/** True when the text satisfies `requirement`. */
export function mayMatch(text: string | TextIndex, requirement: Requirement): boolean {
  if (!requirement) return true;
  const has = typeof text === 'string' ? (w: string) => text.includes(w) : (w: string) => text.has(w);
  return requirement.some((words) => words.every(has));
}
