import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { SEVERITIES, type Severity } from '../../core/severity.js';
import { owaspForCwes } from '../../core/references.js';

/** Language families with their own rule folder under `rules/`. */
export const RULE_LANGUAGES = ['python', 'javascript'] as const;
export type RuleLanguage = (typeof RULE_LANGUAGES)[number];

/**
 * An ast-grep rule object (https://ast-grep.github.io/reference/rule.html) with the
 * keys Guardian adds:
 * - `focus`: metavariable name(s) whose nodes are the place to check (taint sinks) or
 *   to report (pattern rules), instead of the whole match;
 * - `constraints`: ast-grep metavariable constraints;
 * - `use`: the name of a set declared under `sets:` in any rule file of the same
 *   language (the set's matchers are used in its place);
 * - `parameters-of` (sources only): an ast-grep rule matching function definitions;
 *   every parameter of a matched function is a source (e.g. Flask route arguments).
 */
export type MatcherSpec = Record<string, unknown>;

const matcherSpec = z
  .record(z.string(), z.unknown())
  .refine((m) => Object.keys(m).length > 0, 'a matcher needs at least one key (pattern, kind, any, use, …)');

const ruleBase = {
  id: z.string().regex(/^[a-z0-9]+(\.[a-z0-9-]+)+$/, 'rule ids look like python.sqli.dbapi-execute'),
  title: z.string().min(1),
  severity: z.enum(SEVERITIES),
  confidence: z.enum(['high', 'medium', 'low']).optional(),
  cwe: z.array(z.string().regex(/^CWE-\d+$/)).min(1),
  owasp: z.array(z.string()).optional(),
  message: z.string().min(1),
  remediation: z.string().min(1),
  /** Corrected code, shown with the remediation. */
  example: z.string().optional(),
  references: z.array(z.string().url()).optional(),
  /** Drop this rule's finding when one of these rules reports the same line. */
  'superseded-by': z.array(z.string()).optional(),
  /** Globs of paths the rule does not apply to (e.g. tests for debug-mode rules). */
  'exclude-paths': z.array(z.string()).optional(),
};

const patternRule = z
  .object({ ...ruleBase, mode: z.literal('pattern').optional(), match: matcherSpec })
  .strict();
const taintRule = z
  .object({
    ...ruleBase,
    mode: z.literal('taint'),
    sources: z.array(matcherSpec).min(1),
    sinks: z.array(matcherSpec).min(1),
    sanitizers: z.array(matcherSpec).optional(),
  })
  .strict();

const ruleFile = z
  .object({
    sets: z.record(z.string(), z.array(matcherSpec)).optional(),
    rules: z.array(z.union([taintRule, patternRule])).optional(),
  })
  .strict();

interface RuleCommon {
  id: string;
  language: RuleLanguage;
  title: string;
  severity: Severity;
  confidence: 'high' | 'medium' | 'low';
  cwe: string[];
  owasp: string[];
  message: string;
  remediation: string;
  example?: string;
  references: string[];
  supersededBy: string[];
  excludePaths: string[];
  /** Rule file, relative to the rules directory (for error messages and docs). */
  file: string;
}

/** A rule that reports every match of a structural pattern. */
export interface PatternRule extends RuleCommon {
  mode: 'pattern';
  match: MatcherSpec[];
}

/** A rule that reports where data from a source reaches a sink without a sanitizer. */
export interface TaintRule extends RuleCommon {
  mode: 'taint';
  sources: MatcherSpec[];
  sinks: MatcherSpec[];
  sanitizers: MatcherSpec[];
}

export type SastRule = PatternRule | TaintRule;

/** A problem in a rule file, with the file and (when known) the rule. */
export class RuleLoadError extends Error {
  override readonly name = 'RuleLoadError';
}

/**
 * Load every `*.yml` rule file under `<dir>/<language>/`, resolve `use:` references
 * to sets, and return the rules. Throws `RuleLoadError` naming the file and key for
 * a schema violation, an unknown set or a duplicate id: rules ship with Guardian,
 * so a broken one is a bug to fail loudly on (a test loads them all).
 */
export function loadRules(dir: string): SastRule[] {
  const rules: SastRule[] = [];
  const ids = new Set<string>();
  for (const language of RULE_LANGUAGES) {
    const files = listYaml(join(dir, language));
    const sets = new Map<string, MatcherSpec[]>();
    const parsed = files.map((file) => {
      const name = relative(dir, file);
      const result = ruleFile.safeParse(parseYaml(readFileSync(file, 'utf8')));
      if (!result.success) {
        const issue = result.error.issues[0]!;
        throw new RuleLoadError(`${name}: '${issue.path.join('.')}': ${issue.message}`);
      }
      for (const [setName, matchers] of Object.entries(result.data.sets ?? {})) {
        if (sets.has(setName)) throw new RuleLoadError(`${name}: set '${setName}' is declared twice for ${language}`);
        sets.set(setName, matchers);
      }
      return { name, data: result.data };
    });
    const expand = (matchers: MatcherSpec[], where: string, seen: string[] = []): MatcherSpec[] =>
      matchers.flatMap((m) => {
        if (typeof m.use !== 'string') return [m];
        const set = sets.get(m.use);
        if (!set) throw new RuleLoadError(`${where}: unknown set '${m.use}' (declare it under sets: in a ${language} rule file)`);
        if (seen.includes(m.use)) throw new RuleLoadError(`${where}: set '${m.use}' refers to itself`);
        return expand(set, where, [...seen, m.use]);
      });

    for (const { name, data } of parsed) {
      for (const raw of data.rules ?? []) {
        const where = `${name}: rule ${raw.id}`;
        if (!raw.id.startsWith(`${language}.`)) throw new RuleLoadError(`${where}: ids in ${language}/ start with '${language}.'`);
        if (ids.has(raw.id)) throw new RuleLoadError(`${where}: duplicate rule id`);
        ids.add(raw.id);
        const common: RuleCommon = {
          id: raw.id,
          language,
          title: raw.title,
          severity: raw.severity,
          confidence: raw.confidence ?? (raw.mode === 'taint' ? 'high' : 'medium'),
          cwe: raw.cwe,
          owasp: raw.owasp ?? owaspForCwes(raw.cwe),
          message: raw.message.trim(),
          remediation: raw.remediation.trim(),
          example: raw.example?.replace(/\n+$/, ''),
          references: raw.references ?? [],
          supersededBy: raw['superseded-by'] ?? [],
          excludePaths: raw['exclude-paths'] ?? [],
          file: name,
        };
        if (raw.mode === 'taint') {
          rules.push({
            ...common,
            mode: 'taint',
            sources: expand(raw.sources, where),
            sinks: expand(raw.sinks, where),
            sanitizers: expand(raw.sanitizers ?? [], where),
          });
        } else {
          rules.push({ ...common, mode: 'pattern', match: expand([raw.match], where) });
        }
      }
    }
  }
  for (const rule of rules) {
    for (const other of rule.supersededBy) {
      if (!ids.has(other)) throw new RuleLoadError(`${rule.file}: rule ${rule.id}: superseded-by names unknown rule '${other}'`);
    }
  }
  return rules;
}

function listYaml(dir: string): string[] {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return [];
  }
  return entries
    .filter((e) => e.isFile() && /\.ya?ml$/.test(e.name))
    .map((e) => join(dir, e.name))
    .sort();
}
