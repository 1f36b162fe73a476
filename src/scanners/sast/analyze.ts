import { Lang, parse } from '@ast-grep/napi';
import picomatch from 'picomatch';
import { registerAstLanguages } from '../../core/ast-languages.js';
import type { FindingDraft } from '../../core/fingerprint.js';
import type { FlowStep } from '../../core/finding.js';
import { type Language, languageFamily } from '../../core/languages.js';
import { severityRank } from '../../core/severity.js';
import { isTestPath } from '../../core/test-paths.js';
import { type FileMatches, MatcherCatalog, type MemberId } from './catalog.js';
import type { CompiledMatcher } from './matcher.js';
import { type AstNode, NodeCache } from './tree.js';
import { type Requirement, TextIndex, mayMatch } from './prefilter.js';
import type { SastRule } from './rule.js';
import { kindOf, syntaxFor } from './syntax.js';
import { type TaintHit, analyzeTaint, functionsByName } from './taint.js';

registerAstLanguages();

const AST_GREP_LANG: Record<Language, string> = {
  python: 'python',
  javascript: Lang.JavaScript,
  typescript: Lang.TypeScript,
  tsx: Lang.Tsx,
};

/** A rule with its matchers registered in its language's catalog, and its text prefilter. */
export interface CompiledRule {
  rule: SastRule;
  catalog: MatcherCatalog;
  /** Every requirement must hold for the rule to run on a file. */
  requirements: Requirement[];
  match: MemberId[];
  sources: MemberId[];
  sinks: MemberId[];
  sanitizers: MemberId[];
  excluded: (path: string) => boolean;
}

/**
 * Compile rules once per run: every matcher goes into one catalog per language, so a
 * file is traversed once for all the rules that apply to it.
 */
export function compileRules(rules: SastRule[]): CompiledRule[] {
  const catalogs = new Map<string, MatcherCatalog>();
  return rules.map((rule) => {
    let catalog = catalogs.get(rule.language);
    if (!catalog) catalogs.set(rule.language, (catalog = new MatcherCatalog()));
    const excluded = rule.excludePaths.length ? picomatch(rule.excludePaths, { dot: true }) : () => false;
    const requirementOfIds = (ids: MemberId[]) => anyOf(ids.map((id) => catalog.members[id]!));
    if (rule.mode === 'pattern') {
      const match = catalog.add(rule.match, `${rule.id}#match`);
      return { rule, catalog, requirements: [requirementOfIds(match)], match, sources: [], sinks: [], sanitizers: [], excluded };
    }
    const sources = catalog.add(rule.sources, `${rule.id}#sources`);
    const sinks = catalog.add(rule.sinks, `${rule.id}#sinks`);
    const sanitizers = catalog.add(rule.sanitizers, `${rule.id}#sanitizers`);
    return { rule, catalog, requirements: [requirementOfIds(sinks), requirementOfIds(sources)], match: [], sources, sinks, sanitizers, excluded };
  });
}

function anyOf(matchers: CompiledMatcher[]): Requirement {
  const alternatives: string[][] = [];
  for (const m of matchers) {
    if (!m.requirement) return undefined;
    alternatives.push(...m.requirement);
  }
  return alternatives;
}

/** A rule that failed on a file (a bug in the rule or in ast-grep), reported as a warning. */
export interface RuleFailure {
  ruleId: string;
  message: string;
}

/**
 * Run the rules of `language`'s family over one file's text.
 * Returns finding drafts (location, message, trace) and rule failures; never throws
 * for the file's content (tree-sitter recovers from syntax errors).
 */
export function analyzeSource(
  path: string,
  text: string,
  language: Language,
  rules: readonly CompiledRule[],
): { findings: FindingDraft[]; failures: RuleFailure[] } {
  const family = languageFamily(language);
  const index = new TextIndex(text);
  const applicable = rules.filter((r) => r.rule.language === family && !r.excluded(path) && r.requirements.every((req) => mayMatch(index, req)));
  if (!applicable.length) return { findings: [], failures: [] };

  const lang = AST_GREP_LANG[language];
  const root = parse(lang, text).root();
  const syntax = syntaxFor(family);
  const lines = text.split('\n');
  const failures: RuleFailure[] = [];
  const catalog = applicable[0]!.catalog;
  // Two passes: pattern rules and taint sources first; sinks and sanitizers only for the
  // taint rules that found a source (most files handle no request data at all).
  const matches: FileMatches = { byMember: new Map() };
  try {
    const first = catalog.matchFile(root, index, lang, applicable.flatMap((r) => [...r.match, ...r.sources]));
    const sourced = applicable.filter((r) => r.sources.some((id) => first.byMember.has(id)));
    const second = sourced.length ? catalog.matchFile(root, index, lang, sourced.flatMap((r) => [...r.sinks, ...r.sanitizers])) : undefined;
    for (const pass of [first, second]) for (const [id, list] of pass?.byMember ?? []) matches.byMember.set(id, [...(matches.byMember.get(id) ?? []), ...list]);
  } catch (error) {
    return { findings: [], failures: applicable.map((r) => ({ ruleId: r.rule.id, message: (error as Error).message })) };
  }
  const nodes = new NodeCache();
  const tree = nodes.wrap(root);
  const of = (ids: MemberId[]): { node: AstNode; targets: AstNode[] }[] =>
    ids.flatMap((id) => (matches.byMember.get(id) ?? []).map((m) => ({ node: nodes.wrap(m.node), targets: m.targets.map((t) => nodes.wrap(t)) })));
  let functions: Map<string, AstNode[]> | undefined;

  const findings: (FindingDraft & { line: number; width: number })[] = [];
  for (const compiled of applicable) {
    const { rule } = compiled;
    try {
      if (rule.mode === 'pattern') {
        const seen = new Set<string>();
        for (const { node, targets } of of(compiled.match)) {
          const at = targets[0] ?? node;
          const key = rangeKey(at);
          if (seen.has(key)) continue;
          seen.add(key);
          findings.push(draft(rule, path, lines, at, { match: shortText(node) }, []));
        }
        continue;
      }
      const sinks = new Map<number, { node: AstNode; targets: AstNode[] }>();
      for (const { node, targets } of of(compiled.sinks)) sinks.set(node.id(), { node, targets: [...(sinks.get(node.id())?.targets ?? []), ...targets] });
      if (!sinks.size) continue;
      const sources = new Map<number, AstNode>();
      const parameterSources = new Set<number>();
      for (const id of compiled.sources) {
        const parametersOf = catalog.members[id]!.parametersOf;
        for (const { node } of matches.byMember.get(id) ?? []) {
          if (parametersOf) parameterSources.add(node.id());
          else sources.set(node.id(), nodes.wrap(node));
        }
      }
      if (!sources.size && !parameterSources.size) continue;
      const sanitizers = new Set<number>(of(compiled.sanitizers).map(({ node }) => node.id()));
      const hits = analyzeTaint({
        root: tree,
        syntax,
        sources,
        parameterSources,
        sinks,
        sanitizers,
        functions: () => (functions ??= functionsByName(tree, syntax)),
      });
      for (const hit of hits) findings.push(taintDraft(rule, path, lines, hit));
    } catch (error) {
      failures.push({ ruleId: rule.id, message: (error as Error).message });
    }
  }
  return { findings: dropSuperseded(findings, rules), failures };
}

/**
 * One finding per rule and line (the narrowest match: `text(q)` rather than
 * `session.execute(text(q))`), and none for a rule whose `superseded-by` rule reported
 * the same line.
 */
function dropSuperseded(findings: (FindingDraft & { line: number; width: number })[], rules: readonly CompiledRule[]): FindingDraft[] {
  const byId = new Map(rules.map((r) => [r.rule.id, r.rule]));
  const narrowest = new Map<string, FindingDraft & { line: number; width: number }>();
  for (const f of findings) {
    const key = `${f.ruleId}:${f.line}`;
    const kept = narrowest.get(key);
    if (!kept || f.width < kept.width) narrowest.set(key, f);
  }
  return [...narrowest.values()]
    .filter((f) => !(byId.get(f.ruleId)?.supersededBy ?? []).some((other) => narrowest.has(`${other}:${f.line}`)))
    .map(({ line: _line, width: _width, ...rest }) => rest);
}

function rangeKey(node: AstNode): string {
  const { start, end } = node.range();
  return `${start.index}:${end.index}`;
}

function shortText(node: AstNode, max = 80): string {
  const text = node.text().replace(/\s+/g, ' ').trim();
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** The enclosing function's name, so identical statements in different functions differ. */
function enclosingName(node: AstNode): string {
  for (let cur = node.parent(); cur; cur = cur.parent()) {
    const name = cur.field('name');
    if (name && /function|method|class/.test(kindOf(cur))) return name.text();
  }
  return '';
}

function fill(template: string, values: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (all, key: string) => values[key] ?? all);
}

function draft(
  rule: SastRule,
  path: string,
  lines: string[],
  node: AstNode,
  values: Record<string, string>,
  dataFlow: FlowStep[],
): FindingDraft & { line: number; width: number } {
  const { start, end } = node.range();
  const startLine = start.line + 1;
  // Test code does not run in production: report it, but low.
  const inTests = isTestPath(path) && severityRank(rule.severity) > severityRank('low');
  const endLine = end.line + 1;
  const snippet = lines.slice(start.line, Math.min(end.line, start.line + 4) + 1).join('\n').replace(/\s+$/, '');
  return {
    ruleId: rule.id,
    category: 'sast',
    severity: inTests ? 'low' : rule.severity,
    confidence: inTests ? 'low' : rule.confidence,
    title: rule.title,
    message: fill(rule.message, values) + (inTests ? ` (In test code, so reported as low instead of ${rule.severity}.)` : ''),
    cwe: rule.cwe,
    owasp: rule.owasp,
    location: { path, startLine, endLine, startColumn: start.column + 1, endColumn: end.column + 1, snippet },
    remediation: { text: rule.remediation, ...(rule.example ? { example: rule.example } : {}) },
    references: rule.references,
    ...(dataFlow.length ? { dataFlow } : {}),
    fingerprintKey: `${node.text()}\u0000${enclosingName(node)}`,
    line: startLine,
    width: end.index - start.index,
  };
}

function taintDraft(rule: SastRule, path: string, lines: string[], hit: TaintHit): FindingDraft & { line: number; width: number } {
  const dataFlow: FlowStep[] = hit.trace.map((step) => ({
    location: { path, startLine: step.line, startColumn: step.column, snippet: lines[step.line - 1]?.trim() },
    note: step.note,
  }));
  const sourceLine = hit.trace[0]?.line;
  return draft(rule, path, lines, hit.sink, { source: sourceLine ? `${hit.sourceText} (line ${sourceLine})` : hit.sourceText, sink: shortText(hit.sink) }, dataFlow);
}
