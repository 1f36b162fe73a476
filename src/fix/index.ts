/**
 * Mechanical fixes: for a finding whose rule has one, the exact edit that removes it.
 * A fix is offered only when the rewrite is certain to keep the program's meaning apart
 * from the weakness; otherwise the answer says why there is none.
 *
 * Fixes so far:
 * - `python.deserialization.yaml-unsafe-load` (and `python.deserialization.taint` when its
 *   sink is PyYAML): `yaml.load(x[, Loader=…])`,
 *   `yaml.unsafe_load(x)`, `yaml.full_load(x)` and their `_all` forms → `yaml.safe_load(x)` /
 *   `yaml.safe_load_all(x)` (PyYAML's documented safe loader:
 *   https://pyyaml.org/wiki/PyYAMLDocumentation).
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Finding } from '../core/finding.js';
import { unifiedDiff } from './diff.js';

/** One proposed change: replace lines `startLine..endLine` of `path` with `replacement`. */
export interface FixEdit {
  path: string;
  startLine: number;
  endLine: number;
  replacement: string;
}

/** A fix for one finding. `diff` is a unified diff of `edits`. */
export interface FixSuggestion {
  ruleId: string;
  fingerprint: string;
  description: string;
  edits: FixEdit[];
  diff: string;
  /** What to do after applying it, when anything. */
  followUp?: string;
}

/** A first argument: anything without a top-level comma, allowing one level of brackets. */
const ARG = String.raw`((?:[^,()\[\]]|\([^()]*\)|\[[^\[\]]*\])+?)`;
const UNSAFE_YAML = new RegExp(String.raw`\byaml\.(load|unsafe_load|full_load)(_all)?\(\s*${ARG}\s*(?:,\s*Loader\s*=\s*[\w.]+\s*)?\)`);

type Fixer = (line: string) => { replacement: string; description: string } | { reason: string };

const safeYamlLoad: Fixer = (line) => {
  const match = UNSAFE_YAML.exec(line);
  if (!match) return { reason: 'the line has no plain yaml.load(x[, Loader=…]) call (other deserialisers such as pickle have no safe drop-in replacement), so it is left for a person to rewrite' };
  const safe = `yaml.safe_load${match[2] ?? ''}(${match[3]!.trim()})`;
  return { replacement: line.slice(0, match.index) + safe + line.slice(match.index + match[0].length), description: `Use ${safe.split('(')[0]}, which builds only plain YAML types and never runs constructors from the document.` };
};

const FIXERS: Record<string, Fixer> = {
  'python.deserialization.yaml-unsafe-load': safeYamlLoad,
  // The taint rule reports the same sink when untrusted data reaches it.
  'python.deserialization.taint': safeYamlLoad,
};

/** Rule ids that have a mechanical fix. */
export const FIXABLE_RULES: readonly string[] = Object.keys(FIXERS);

/**
 * The fix for `finding` in the repository at `root`, or the reason there is none (no
 * mechanical fix for the rule, the file changed since the scan, the code is not in a
 * shape the fix can rewrite safely). Never throws for repository content.
 */
export async function suggestFix(root: string, finding: Finding): Promise<FixSuggestion | { reason: string }> {
  const fixer = FIXERS[finding.ruleId];
  if (!fixer) return { reason: `${finding.ruleId} has no mechanical fix; follow the remediation: ${finding.remediation.text}` };
  let lines: string[];
  try {
    lines = (await readFile(join(root, finding.location.path), 'utf8')).split('\n');
  } catch (error) {
    return { reason: `cannot read ${finding.location.path}: ${(error as Error).message}` };
  }
  const line = lines[finding.location.startLine - 1];
  if (line === undefined || (finding.location.snippet && !finding.location.snippet.split('\n').some((s) => s.trim() && line.includes(s.trim()))))
    return { reason: `${finding.location.path}:${finding.location.startLine} changed since the scan; scan again` };
  const fixed = fixer(line);
  if ('reason' in fixed) return fixed;
  const edit: FixEdit = { path: finding.location.path, startLine: finding.location.startLine, endLine: finding.location.startLine, replacement: fixed.replacement };
  return {
    ruleId: finding.ruleId,
    fingerprint: finding.fingerprint,
    description: fixed.description,
    edits: [edit],
    diff: unifiedDiff(finding.location.path, lines, edit.startLine, edit.endLine, [fixed.replacement]),
  };
}
