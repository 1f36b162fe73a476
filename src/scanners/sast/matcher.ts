import type { NapiConfig, SgNode } from '@ast-grep/napi';
import type { MatcherSpec } from './rule.js';
import { type Requirement, requirementOf } from './prefilter.js';

/** Keys of a matcher spec that are Guardian's, not ast-grep's. */
const OWN_KEYS = new Set(['focus', 'constraints', 'use', 'parameters-of', 'utils']);

/**
 * A matcher ready to run: the ast-grep config, the metavariables to focus on, and a
 * cheap text prefilter. `parametersOf` is set for `parameters-of` sources.
 */
export interface CompiledMatcher {
  config: NapiConfig;
  focus: string[];
  parametersOf: boolean;
  requirement: Requirement;
}

/** One match: the matched node and the focused nodes (the node itself without focus). */
export interface MatchResult {
  node: SgNode;
  targets: SgNode[];
}

export function compileMatcher(spec: MatcherSpec): CompiledMatcher {
  const inner = (spec['parameters-of'] as MatcherSpec | undefined) ?? spec;
  const rule: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(inner)) if (!OWN_KEYS.has(key)) rule[key] = value;
  const config: NapiConfig = { rule };
  if (inner.constraints) config.constraints = inner.constraints as NapiConfig['constraints'];
  if (inner.utils) config.utils = inner.utils as NapiConfig['utils'];
  const focus = spec.focus === undefined ? [] : Array.isArray(spec.focus) ? spec.focus.map(String) : [String(spec.focus)];
  return { config, focus, parametersOf: spec['parameters-of'] !== undefined, requirement: requirementOf(spec) };
}

/**
 * Run a matcher over a tree. Metavariables named in `focus` that did not bind (an
 * optional part of a pattern) are skipped; `$$$` metavariables give their named nodes.
 */
export function findMatches(root: SgNode, matcher: CompiledMatcher): MatchResult[] {
  return root.findAll(matcher.config).map((node) => {
    if (!matcher.focus.length) return { node, targets: [node] };
    const targets: SgNode[] = [];
    for (const name of matcher.focus) {
      const single = node.getMatch(name);
      if (single) targets.push(single);
      else targets.push(...node.getMultipleMatches(name).filter((n) => n.isNamed()));
    }
    return { node, targets };
  });
}
