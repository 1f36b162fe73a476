/**
 * Mechanical fixes: for a finding whose rule has one, the exact edit that removes it. A fix
 * is offered only when the rewrite keeps the program's meaning apart from the weakness;
 * otherwise the answer says why there is none. Each fixer lives in src/fix/fixers.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Finding } from '../core/finding.js';
import { applyLineEdits, type LineEdit, toLineEdits, unifiedDiff } from './edits.js';
import type { CommitResolver, Fixer, NoFix } from './fixer.js';
import { pinAction } from './fixers/pin-action.js';
import { shellArgv } from './fixers/shell-argv.js';
import { sqlParameters } from './fixers/sql-parameters.js';
import { upgradePackage } from './fixers/upgrade-package.js';
import { yamlSafeLoad } from './fixers/yaml-safe-load.js';
import { githubCommitResolver } from './github.js';

export type { LineEdit } from './edits.js';
export type { CommitResolver } from './fixer.js';
export { githubCommitResolver } from './github.js';

/** A fix for one finding: whole-line edits (possibly in several files) and their unified diff. */
export interface FixSuggestion {
  ruleId: string;
  fingerprint: string;
  description: string;
  edits: LineEdit[];
  diff: string;
  /** What to do after applying it, when anything. */
  followUp?: string;
}

/** Fixers by rule id; a taint rule shares the fix of the pattern rule that reports the same sink. */
const BY_RULE: Record<string, Fixer> = {
  'python.deserialization.yaml-unsafe-load': yamlSafeLoad,
  'python.deserialization.taint': yamlSafeLoad,
  'python.sqli.taint': sqlParameters,
  'python.sqli.string-built-query': sqlParameters,
  'python.command-injection.taint': shellArgv,
  'python.command-injection.dynamic-command': shellArgv,
  'pipeline.github-actions.unpinned-action': pinAction,
};

/** What `guardian fix --help` and the docs list: rule ids, then the dependency upgrade. */
export const FIXABLE: readonly string[] = [...Object.keys(BY_RULE), 'every dependency advisory (sca) with a fixed version'];

function fixerFor(finding: Finding): Fixer | undefined {
  return BY_RULE[finding.ruleId] ?? (finding.category === 'sca' ? upgradePackage : undefined);
}

/** Does the finding's rule have a mechanical fix (which may still decline this code)? */
export function hasFix(finding: Finding): boolean {
  return fixerFor(finding) !== undefined;
}

export interface SuggestFixOptions {
  /** How action refs become SHAs; default the GitHub API ({@link githubCommitResolver}). */
  resolveCommit?: CommitResolver;
  /** The scan's other findings: a dependency goes straight to the version that fixes all its advisories. */
  findings?: readonly Finding[];
}

/**
 * The fix for `finding` in the repository at `root`, or the reason there is none (no
 * mechanical fix for the rule, the file changed since the scan, the code is not in a shape
 * the fix can rewrite safely). Never throws for repository content.
 */
export async function suggestFix(root: string, finding: Finding, options: SuggestFixOptions = {}): Promise<FixSuggestion | NoFix> {
  const fixer = fixerFor(finding);
  if (!fixer) return { reason: `${finding.ruleId} has no mechanical fix; follow the remediation: ${finding.remediation.text}` };
  const { path, startLine, snippet } = finding.location;
  let source: string;
  try {
    source = await readFile(join(root, path), 'utf8');
  } catch (error) {
    return { reason: `cannot read ${path}: ${(error as Error).message}` };
  }
  const line = source.split('\n')[startLine - 1];
  if (line === undefined || (snippet && !snippet.split('\n').some((s) => s.trim() && line.includes(s.trim())))) return { reason: `${path}:${startLine} changed since the scan; scan again` };
  let proposal;
  try {
    proposal = await fixer({ root, finding, source, resolveCommit: options.resolveCommit ?? githubCommitResolver(), related: options.findings ?? [] });
  } catch (error) {
    return { reason: `the fix could not read ${path}: ${(error as Error).message}` };
  }
  if ('reason' in proposal) return proposal;
  const edits: LineEdit[] = [];
  const diffs: string[] = [];
  for (const file of [...new Set(proposal.edits.map((e) => e.path))]) {
    const text = file === path ? source : await readFile(join(root, file), 'utf8');
    const fileEdits = toLineEdits(text, proposal.edits.filter((e) => e.path === file));
    edits.push(...fileEdits);
    diffs.push(unifiedDiff(file, text.split('\n'), fileEdits));
  }
  return { ruleId: finding.ruleId, fingerprint: finding.fingerprint, description: proposal.description, edits, diff: diffs.join(''), ...(proposal.followUp ? { followUp: proposal.followUp } : {}) };
}

/**
 * Apply fixes to the files under `root`: per file, edits bottom-up so earlier line numbers
 * stay valid. Edits of different fixes that touch the same lines are skipped (scan again
 * and re-run), and a fix identical to one already applied counts as applied; returns the
 * fingerprints of the fixes applied.
 */
export async function applyFixes(root: string, fixes: readonly FixSuggestion[]): Promise<string[]> {
  const taken = new Map<string, Array<[number, number]>>();
  const diffs = new Set<string>();
  const applied: string[] = [];
  const accepted = fixes.filter((fix) => {
    // Several advisories of one package propose the same upgrade: apply it once.
    if (diffs.has(fix.diff)) {
      applied.push(fix.fingerprint);
      return false;
    }
    const clash = fix.edits.some((e) => (taken.get(e.path) ?? []).some(([from, to]) => e.startLine <= to && e.endLine >= from));
    if (clash) return false;
    for (const e of fix.edits) taken.set(e.path, [...(taken.get(e.path) ?? []), [e.startLine, e.endLine]]);
    diffs.add(fix.diff);
    applied.push(fix.fingerprint);
    return true;
  });
  const byFile = new Map<string, LineEdit[]>();
  for (const edit of accepted.flatMap((f) => f.edits)) byFile.set(edit.path, [...(byFile.get(edit.path) ?? []), edit]);
  for (const [file, edits] of byFile) {
    const lines = (await readFile(join(root, file), 'utf8')).split('\n');
    await writeFile(join(root, file), applyLineEdits(lines, edits).join('\n'));
  }
  return applied;
}
