import type { NapiConfig, SgNode } from '@ast-grep/napi';
import type { MatcherSpec } from './rule.js';
import { type Requirement, mayMatch, requirementOf } from './prefilter.js';

/** Keys of a matcher spec that are Guardian's, not ast-grep's. */
const OWN_KEYS = new Set(['focus', 'constraints', 'use', 'parameters-of', 'utils']);

/**
 * A matcher ready to run: its ast-grep rule and constraints, the metavariables to
 * focus on, and a cheap text prefilter. `parametersOf` is set for `parameters-of`
 * sources (the rule matches function definitions).
 */
export interface CompiledMatcher {
  rule: Record<string, unknown>;
  constraints?: Record<string, unknown>;
  utils?: Record<string, unknown>;
  focus: string[];
  parametersOf: boolean;
  requirement: Requirement;
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

export function compileMatcher(spec: MatcherSpec): CompiledMatcher {
  const inner = (spec['parameters-of'] as MatcherSpec | undefined) ?? spec;
  const rule: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(inner)) if (!OWN_KEYS.has(key)) rule[key] = value;
  const focus = spec.focus === undefined ? [] : Array.isArray(spec.focus) ? spec.focus.map(String) : [String(spec.focus)];
  return {
    rule,
    ...(inner.constraints ? { constraints: inner.constraints as Record<string, unknown> } : {}),
    ...(inner.utils ? { utils: inner.utils as Record<string, unknown> } : {}),
    focus,
    parametersOf: spec['parameters-of'] !== undefined,
    requirement: requirementOf(spec),
  };
}

/** The ast-grep config of one matcher. */
export function configOf(matcher: CompiledMatcher): NapiConfig {
  const config: NapiConfig = { rule: matcher.rule as NapiConfig['rule'] };
  if (matcher.constraints) config.constraints = matcher.constraints as NapiConfig['constraints'];
  if (matcher.utils) config.utils = matcher.utils as NapiConfig['utils'];
  return config;
}

/**
 * Matchers that play one role in one rule (its sources, its sinks…). Each `findAll`
 * is a full traversal of the tree, so a group runs its constraint-free members that
 * pass the text prefilter as ONE ast-grep rule (`any` of the members, metavariables
 * renamed apart), and groups with the same members share results within a file.
 */
export interface MatcherGroup {
  key: string;
  members: CompiledMatcher[];
}

export function groupOf(members: CompiledMatcher[]): MatcherGroup {
  return { key: JSON.stringify(members.map((m) => [m.rule, m.constraints, m.utils, m.focus, m.parametersOf])), members };
}

/**
 * Run a group over a tree: the members applicable to `text` in one traversal
 * (`parameters-of` members and members with `utils` run on their own). Focus
 * metavariables that did not bind are skipped; `$$$` metavariables give their named
 * nodes. Results are in document order, each node once.
 */
export function runGroup(root: SgNode, text: string, group: MatcherGroup): { results: MatchResult[]; parametersOf: SgNode[] } {
  const applicable = group.members.filter((m) => mayMatch(text, m.requirement));
  const parametersOf: SgNode[] = [];
  const combinable: CompiledMatcher[] = [];
  const results: MatchResult[] = [];
  for (const m of applicable) {
    if (m.parametersOf) parametersOf.push(...root.findAll(configOf(m)));
    // Constraints apply to a whole rule: a constrained member would veto the others in an `any`.
    else if (m.utils || m.constraints) results.push(...root.findAll(configOf(m)).map((node) => ({ node, targets: focusOf(node, m.focus) })));
    else combinable.push(m);
  }
  const runEach = (members: CompiledMatcher[]) => {
    for (const m of members) results.push(...root.findAll(configOf(m)).map((node) => ({ node, targets: focusOf(node, m.focus) })));
  };
  if (combinable.length === 1) {
    runEach(combinable);
  } else if (combinable.length > 1) {
    const renamed = combinable.map((m, i) => renameMetavariables(m, `_${i}`));
    const candidates = root.findAll({ rule: { any: renamed.map((m) => m.rule) } as NapiConfig['rule'] });
    if (combinable.some((m) => m.focus.length)) {
      // `any` binds only the first member that matched a node; sinks need every member's
      // focus (spawn(cmd) and spawn(cmd, args, {shell: true}) on one call), so a hit
      // means running the members one by one.
      if (candidates.length) runEach(combinable);
    } else {
      results.push(...candidates.map((node) => ({ node, targets: [node] })));
    }
  }
  return { results, parametersOf };
}

function focusOf(node: SgNode, focus: string[]): SgNode[] {
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
 * Give a member's metavariables a suffix so members combined under one `any` cannot
 * bind each other's names: `$DB.query($Q)` → `$DB_1.query($Q_1)`, in patterns (also
 * nested in relational rules) and focus. `$$$` and `$_` stay anonymous.
 */
function renameMetavariables(m: CompiledMatcher, suffix: string): CompiledMatcher {
  const renameText = (text: string) => text.replace(METAVARIABLE, (_all, multi: string | undefined, name: string) => `$${multi ?? ''}${name}${suffix}`);
  const renameRule = (value: unknown, key?: string): unknown => {
    if (typeof value === 'string') return key === 'pattern' || key === 'context' ? renameText(value) : value;
    if (Array.isArray(value)) return value.map((v) => renameRule(v));
    if (value && typeof value === 'object') {
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, renameRule(v, k)]));
    }
    return value;
  };
  return { ...m, rule: renameRule(m.rule) as Record<string, unknown>, focus: m.focus.map((f) => `${f}${suffix}`) };
}
