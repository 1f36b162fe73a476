import { parse, type NapiConfig, type SgNode } from '@ast-grep/napi';
import { type CompiledMatcher, type MatchResult, compileMatcher, configOf, expandConstraints, focusOf, renamedRule } from './matcher.js';
import { type TextIndex, mayMatch } from './prefilter.js';
import type { MatcherSpec } from './rule.js';

/** A matcher's index in its catalog. */
export type MemberId = number;

/** What one file's matching found: matches by member, and `parameters-of` functions. */
export interface FileMatches {
  byMember: Map<MemberId, MatchResult[]>;
}

/**
 * Every distinct matcher of a language's rules, so that a file is traversed ONCE for
 * all of them. ast-grep's `findAll` walks the whole tree (≈ 3–10 ms per 1,000 lines),
 * so one `any` over the members that pass the text prefilter replaces dozens of walks.
 *
 * Each member is wrapped with a marker metavariable (`$GMK_<i>`) to tell which member
 * matched a node. An `any` reports only its first matching member, so the other
 * members that could also match a matched node and would give it a role it lacks —
 * same node kind, their pattern's words in the node's text, another rule or other
 * focus — run once more over the tree, keeping their matches on those nodes.
 * Members with constraints (config-level in ast-grep: they would veto the other
 * members), members without literal words (candidates on almost every node) and
 * `parameters-of` members run on their own.
 */
export class MatcherCatalog {
  readonly members: CompiledMatcher[] = [];
  /** Per member: the roles it plays (`<rule>#<role>`, with the focus names for sinks). */
  private readonly coverage: Set<string>[] = [];
  private readonly byKey = new Map<string, MemberId>();
  private readonly rootKinds = new Map<string, (Set<string> | null)[]>();

  /**
   * Add the specs of one role of one rule (`role` like `python.sqli.taint#sinks`),
   * expanding literal constraints, and return their member ids.
   */
  add(specs: MatcherSpec[], role: string): MemberId[] {
    const ids: MemberId[] = [];
    for (const spec of specs.flatMap(expandConstraints)) {
      const compiled = compileMatcher(spec);
      let id = this.byKey.get(compiled.key);
      if (id === undefined) {
        id = this.members.length;
        this.members.push(compiled);
        this.coverage.push(new Set());
        this.byKey.set(compiled.key, id);
      }
      this.coverage[id]!.add(`${role}|${compiled.focus.join(',')}`);
      if (!ids.includes(id)) ids.push(id);
    }
    return ids;
  }

  /**
   * Match the given members (already known to be relevant to the file) against a tree.
   * `lang` is the ast-grep language of the tree, used to learn pattern node kinds.
   */
  matchFile(root: SgNode, text: TextIndex, lang: string, wanted: Iterable<MemberId>): FileMatches {
    const byMember = new Map<MemberId, MatchResult[]>();
    const add = (id: MemberId, result: MatchResult) => {
      const list = byMember.get(id);
      if (list) list.push(result);
      else byMember.set(id, [result]);
    };
    const combined: MemberId[] = [];
    for (const id of new Set(wanted)) {
      const m = this.members[id]!;
      if (!mayMatch(text, m.requirement)) continue;
      if (m.parametersOf || m.constraints || !m.requirement) {
        for (const node of root.findAll(configOf(m))) add(id, { node, targets: m.parametersOf ? [node] : focusOf(node, m.focus) });
      } else {
        combined.push(id);
      }
    }
    if (combined.length === 1) {
      const m = this.members[combined[0]!]!;
      for (const node of root.findAll(configOf(m))) add(combined[0]!, { node, targets: focusOf(node, m.focus) });
    } else if (combined.length > 1) {
      const renamed = combined.map((id, i) => renamedRule(this.members[id]!, `_${i}`));
      const config: NapiConfig = {
        rule: { any: renamed.map((r, i) => ({ all: [r.rule, { pattern: `$GMK_${i}` }] })) } as NapiConfig['rule'],
      };
      const utils = Object.assign({}, ...renamed.map((r) => r.utils)) as Record<string, unknown>;
      if (Object.keys(utils).length) config.utils = utils as NapiConfig['utils'];
      const kinds = this.kindsFor(lang);
      // Members that may also match a node another member matched first: member → nodes.
      const toCheck = new Map<MemberId, Set<number>>();
      for (const node of root.findAll(config)) {
        const first = renamed.findIndex((_, i) => node.getMatch(`GMK_${i}`) !== null);
        if (first < 0) continue;
        add(combined[first]!, { node, targets: focusOf(node, renamed[first]!.focus) });
        const kind = node.kind() as string;
        let nodeText: string | undefined;
        for (const [i, id] of combined.entries()) {
          // Only members that would give the node a role it lacks (another rule, other focus).
          if (i === first || [...this.coverage[id]!].every((c) => this.coverage[combined[first]!]!.has(c))) continue;
          const m = this.members[id]!;
          const memberKinds = kinds[id];
          if (memberKinds && !memberKinds.has(kind)) continue;
          if (m.nodeRequirement && !mayMatch((nodeText ??= node.text()), m.nodeRequirement)) continue;
          let nodes = toCheck.get(id);
          if (!nodes) toCheck.set(id, (nodes = new Set()));
          nodes.add(node.id());
        }
      }
      // Each such member runs once over the tree (compiling a rule costs as much as a
      // small traversal), and its matches on the candidate nodes are kept.
      for (const [id, nodeIds] of toCheck) {
        const m = this.members[id]!;
        for (const node of root.findAll(configOf(m))) {
          if (nodeIds.has(node.id())) add(id, { node, targets: focusOf(node, m.focus) });
        }
      }
    }
    return { byMember };
  }

  /** Node kinds each member's top-level pattern can match in `lang` (null: unknown, any). */
  private kindsFor(lang: string): (Set<string> | null)[] {
    let kinds = this.rootKinds.get(lang);
    if (!kinds) this.rootKinds.set(lang, (kinds = []));
    for (let id = kinds.length; id < this.members.length; id++) kinds.push(patternKinds(this.members[id]!, lang));
    return kinds;
  }
}

/**
 * The node kind a pattern matches: parse it as code and step through the wrappers
 * ast-grep strips (program/module, expression statement). `any` unions its members,
 * `kind:` gives itself; anything else is unknown (null). A test checks these kinds
 * against every match in the rule fixtures.
 */
function patternKinds(m: CompiledMatcher, lang: string): Set<string> | null {
  const fromRule = (rule: Record<string, unknown>): Set<string> | null => {
    if (typeof rule.kind === 'string') return new Set([rule.kind]);
    if (typeof rule.pattern === 'string') {
      const kind = kindOfPattern(rule.pattern, lang);
      return kind ? new Set([kind]) : null;
    }
    if (Array.isArray(rule.any)) {
      const out = new Set<string>();
      for (const sub of rule.any as Record<string, unknown>[]) {
        const kinds = fromRule(sub);
        if (!kinds) return null;
        kinds.forEach((k) => out.add(k));
      }
      return out;
    }
    if (Array.isArray(rule.all)) {
      for (const sub of rule.all as Record<string, unknown>[]) {
        const kinds = fromRule(sub);
        if (kinds) return kinds;
      }
    }
    return null;
  };
  return fromRule(m.rule);
}

const WRAPPERS = new Set(['program', 'module', 'expression_statement']);

function kindOfPattern(pattern: string, lang: string): string | undefined {
  if (/^\s*\$+[A-Z_][A-Z0-9_]*\s*$/.test(pattern)) return undefined;
  // Python's grammar has no `$`: ast-grep writes metavariables with its expando char.
  const source = lang === 'python' ? pattern.replace(/\$/g, 'µ') : pattern;
  let node: SgNode | null;
  try {
    node = parse(lang, source).root();
  } catch {
    return undefined;
  }
  while (node && WRAPPERS.has(node.kind() as string)) {
    const named: SgNode[] = node.children().filter((c: SgNode) => c.isNamed() && c.kind() !== 'comment');
    if (named.length !== 1) break;
    node = named[0]!;
  }
  const kind = node?.kind() as string | undefined;
  if (!kind || kind === 'ERROR' || kind === 'program' || kind === 'module') return undefined;
  return kind;
}
