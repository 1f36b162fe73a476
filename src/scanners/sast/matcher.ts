import type { NapiConfig, SgNode } from '@ast-grep/napi';
import type { MatcherSpec } from './rule.js';
import { type Requirement, nodeRequirementOf, requirementOf } from './prefilter.js';

/** Keys of a matcher spec that are Guardian's, not ast-grep's. */
const OWN_KEYS = new Set(['focus', 'constraints', 'use', 'parameters-of', 'utils']);

/**
 * A matcher ready to run: its ast-grep rule and constraints, the metavariables to
 * focus on, and cheap prefilters. `parametersOf` is set for `parameters-of` sources
 * (the rule matches function definitions).
 */
export interface CompiledMatcher {
  /** Identity for de-duplication across rules (same rule, constraints and focus). */
  key: string;
  rule: Record<string, unknown>;
  constraints?: Record<string, unknown>;
  utils?: Record<string, unknown>;
  focus: string[];
  parametersOf: boolean;
  /** Words the file must contain (see prefilter.ts). */
  requirement: Requirement;
  /** Words the matched node itself must contain: those of the top-level pattern. */
  nodeRequirement: Requirement;
  /** The top-level pattern, for working out which node kind it can match. */
  pattern?: string;
}

/** One match: the matched node and the focused nodes (the node itself without focus). */
export interface MatchResult {
  node: SgNode;
  targets: SgNode[];
}

/** Past this many patterns an expansion is not worth it; the matcher runs on its own. */
const MAX_EXPANSION = 24;

/**
 * Rewrite a matcher whose constraints are plain alternations into constraint-free
 * matchers: `$REQ.query` with `REQ: ^(req|request)$` becomes `req.query` and
 * `request.query`. ast-grep checks constraints only after a whole rule matched, so a
 * constrained member inside a combined `any` would veto the other members; expanded
 * members can be combined, and their literal words sharpen the text prefilter.
 * Matchers that cannot be expanded are returned unchanged.
 */
export function expandConstraints(spec: MatcherSpec): MatcherSpec[] {
  const constraints = spec.constraints as Record<string, MatcherSpec> | undefined;
  if (!constraints || typeof spec.pattern !== 'string' || spec['parameters-of'] || spec.utils) return [spec];
  const focus = new Set(spec.focus === undefined ? [] : Array.isArray(spec.focus) ? spec.focus.map(String) : [String(spec.focus)]);
  let patterns = [spec.pattern];
  for (const [name, constraint] of Object.entries(constraints)) {
    const keys = Object.keys(constraint ?? {});
    const alternatives = keys.length === 1 && typeof constraint.regex === 'string' ? literalAlternatives(constraint.regex) : undefined;
    if (!alternatives || focus.has(name) || patterns.length * alternatives.length > MAX_EXPANSION) return [spec];
    const token = new RegExp(`(?<!\\$)\\$${name}(?![A-Z0-9_])`, 'g');
    patterns = patterns.flatMap((p) => alternatives.map((alt) => p.replace(token, alt)));
  }
  const { constraints: _constraints, ...rest } = spec;
  return patterns.map((pattern) => ({ ...rest, pattern }));
}

/** `^(a|b\.c)$` → ['a', 'b.c'] when the regex is exactly an anchored list of identifiers/paths. */
function literalAlternatives(regex: string): string[] | undefined {
  const match = /^\^\(?([A-Za-z_]\w*(?:\\\.[A-Za-z_]\w*)*(?:\|[A-Za-z_]\w*(?:\\\.[A-Za-z_]\w*)*)*)\)?\$$/.exec(regex);
  return match ? match[1]!.split('|').map((w) => w.replace(/\\\./g, '.')) : undefined;
}

const ASCII_CLASSES: Record<string, [string, string]> = {
  // escape: [outside a class, inside a class]
  w: ['[0-9A-Za-z_]', '0-9A-Za-z_'],
  d: ['[0-9]', '0-9'],
  s: ['[\\t\\n\\x0B\\f\\r ]', '\\t\\n\\x0B\\f\\r '],
  b: ['(?-u:\\b)', ''],
  B: ['(?-u:\\B)', ''],
};

/**
 * The same regex with ASCII word, digit, space and boundary classes, and `(?i)` as
 * `(?i-u)` when nothing else in it can match non-ASCII text. ast-grep compiles every
 * regex on every search, and Unicode classes and case folding make that compilation
 * several times slower (≈ 500 µs for one `\w`). Code identifiers and the texts rules
 * look for are ASCII, so the matches are the same.
 */
export function asciiRegex(regex: string): string {
  let out = '';
  let inClass = false;
  for (let i = 0; i < regex.length; i++) {
    const c = regex[i]!;
    if (c === '\\' && i + 1 < regex.length) {
      const next = regex[i + 1]!;
      const ascii = ASCII_CLASSES[next];
      if (ascii && (!inClass || ascii[1])) {
        out += inClass ? ascii[1] : ascii[0];
        i++;
        continue;
      }
      out += c + next;
      i++;
      continue;
    }
    if (c === '[' && !inClass) inClass = true;
    else if (c === ']' && inClass) inClass = false;
    out += c;
  }
  if (out.startsWith('(?i)') && !/\.|\[\^|\\[WSDPp]/.test(out.slice(4))) out = `(?i-u)${out.slice(4)}`;
  return out;
}

function asciiRegexes(value: unknown, key?: string): unknown {
  if (typeof value === 'string') return key === 'regex' ? asciiRegex(value) : value;
  if (Array.isArray(value)) return value.map((v) => asciiRegexes(v));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, asciiRegexes(v, k)]));
  return value;
}

export function compileMatcher(original: MatcherSpec): CompiledMatcher {
  const spec = asciiRegexes(original) as MatcherSpec;
  const inner = (spec['parameters-of'] as MatcherSpec | undefined) ?? spec;
  const rule: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(inner)) if (!OWN_KEYS.has(key)) rule[key] = value;
  const focus = spec.focus === undefined ? [] : Array.isArray(spec.focus) ? spec.focus.map(String) : [String(spec.focus)];
  const constraints = inner.constraints as Record<string, unknown> | undefined;
  const utils = inner.utils as Record<string, unknown> | undefined;
  const parametersOf = spec['parameters-of'] !== undefined;
  const pattern = typeof inner.pattern === 'string' ? inner.pattern : undefined;
  return {
    key: JSON.stringify([rule, constraints, utils, focus, parametersOf]),
    rule,
    ...(constraints ? { constraints } : {}),
    ...(utils ? { utils } : {}),
    focus,
    parametersOf,
    requirement: requirementOf(spec),
    nodeRequirement: nodeRequirementOf(rule),
    ...(pattern ? { pattern } : {}),
  };
}

/** The ast-grep config of one matcher. */
export function configOf(matcher: CompiledMatcher): NapiConfig {
  const config: NapiConfig = { rule: matcher.rule as NapiConfig['rule'] };
  if (matcher.constraints) config.constraints = matcher.constraints as NapiConfig['constraints'];
  if (matcher.utils) config.utils = matcher.utils as NapiConfig['utils'];
  return config;
}

/** The nodes a match focuses on; the node itself when the matcher has no focus. */
export function focusOf(node: SgNode, focus: string[]): SgNode[] {
  if (!focus.length) return [node];
  const targets: SgNode[] = [];
  for (const name of focus) {
    const single = node.getMatch(name);
    if (single) targets.push(single);
    else targets.push(...node.getMultipleMatches(name).filter((n) => n.isNamed()));
  }
  return targets;
}

const METAVARIABLE = /\$(\$\$)?([A-Z][A-Z0-9_]*)/g;

/**
 * A matcher's rule with its metavariables and utility-rule names given a suffix, so
 * members combined under one `any` cannot bind each other's names: `$DB.query($Q)` →
 * `$DB_1.query($Q_1)` in patterns (also nested in relational rules and utils), and
 * `matches: built-string` → `matches: built-string_1`. `$$$` and `$_` stay anonymous.
 */
export function renamedRule(m: CompiledMatcher, suffix: string): { rule: Record<string, unknown>; focus: string[]; utils: Record<string, unknown> } {
  const renameText = (text: string) => text.replace(METAVARIABLE, (_all, multi: string | undefined, name: string) => `$${multi ?? ''}${name}${suffix}`);
  const renameRule = (value: unknown, key?: string): unknown => {
    if (typeof value === 'string') {
      if (key === 'pattern' || key === 'context') return renameText(value);
      return key === 'matches' ? `${value}${suffix}` : value;
    }
    if (Array.isArray(value)) return value.map((v) => renameRule(v));
    if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, renameRule(v, k)]));
    return value;
  };
  const utils = Object.fromEntries(Object.entries(m.utils ?? {}).map(([name, rule]) => [`${name}${suffix}`, renameRule(rule)]));
  return { rule: renameRule(m.rule) as Record<string, unknown>, focus: m.focus.map((f) => `${f}${suffix}`), utils };
}
