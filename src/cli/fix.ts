/**
 * `guardian fix [path]`: apply (or with `--dry-run`, show) the mechanical fixes of
 * src/fix for the findings of a fresh scan. Files changed since the scan are left alone
 * and reported. Exit codes: 0 fixes applied (or nothing to fix), 1 with `--dry-run` when
 * fixes are pending, 2 usage error.
 */
import { readFile, stat, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import pc from 'picocolors';
import { loadConfig, SCANNER_IDS } from '../core/config.js';
import { UsageError } from '../core/errors.js';
import { runScan } from '../core/run.js';
import { FIXABLE_RULES, type FixSuggestion, suggestFix } from '../fix/index.js';
import { createScanners } from '../scanners/index.js';

interface FixFlags {
  dryRun?: boolean;
  rule?: string[];
  finding?: string[];
}

const colorDiff = (diff: string) =>
  process.stdout.isTTY ? diff.split('\n').map((l) => (l.startsWith('+') && !l.startsWith('+++') ? pc.green(l) : l.startsWith('-') && !l.startsWith('---') ? pc.red(l) : l.startsWith('@@') ? pc.cyan(l) : l)).join('\n') : diff;

/** Register `guardian fix`. */
export function registerFix(program: Command, setExitCode: (code: number) => void): void {
  program
    .command('fix')
    .description(`Apply mechanical fixes to findings (rules: ${FIXABLE_RULES.join(', ')}); --dry-run shows the patches.`)
    .argument('[path]', 'repository to scan and fix', '.')
    .option('--dry-run', 'print the unified diffs and change nothing')
    .option('--rule <id...>', 'only findings of these rules')
    .option('--finding <id...>', 'only these findings (id or fingerprint)')
    .action(async (path: string, flags: FixFlags) => {
      const root = resolve(path);
      if (!(await stat(root).catch(() => undefined))?.isDirectory()) throw new UsageError(`Not a directory: ${path}`);
      const { config, path: configPath } = await loadConfig(root);
      const result = await runScan({ root, config, configPath, scanners: await createScanners(SCANNER_IDS.filter((id) => config.scanners?.[id] !== false)), offline: true });
      const wanted = result.findings.filter((f) => (!flags.rule || flags.rule.includes(f.ruleId)) && (!flags.finding || flags.finding.includes(f.id) || flags.finding.includes(f.fingerprint)));
      const fixes: FixSuggestion[] = [];
      const skipped: string[] = [];
      for (const finding of wanted) {
        if (!FIXABLE_RULES.includes(finding.ruleId)) continue;
        const fix = await suggestFix(root, finding);
        if ('reason' in fix) skipped.push(`${finding.location.path}:${finding.location.startLine} ${finding.ruleId}: ${fix.reason}`);
        else fixes.push(fix);
      }
      for (const fix of fixes) process.stdout.write(`${fix.edits[0]!.path}:${fix.edits[0]!.startLine} ${fix.ruleId}: ${fix.description}\n${flags.dryRun ? `${colorDiff(fix.diff)}\n` : ''}`);
      if (!flags.dryRun) await applyFixes(root, fixes);
      for (const line of skipped) process.stdout.write(`not fixed: ${line}\n`);
      process.stdout.write(`${fixes.length} fix${fixes.length === 1 ? '' : 'es'} ${flags.dryRun ? 'to apply (dry run: nothing changed)' : 'applied'}, ${skipped.length} not fixable mechanically\n`);
      setExitCode(flags.dryRun && fixes.length ? 1 : 0);
    });
}

/** Write every edit, bottom-up within each file so earlier line numbers stay valid. */
async function applyFixes(root: string, fixes: FixSuggestion[]): Promise<void> {
  const byFile = new Map<string, FixSuggestion['edits']>();
  for (const edit of fixes.flatMap((f) => f.edits)) byFile.set(edit.path, [...(byFile.get(edit.path) ?? []), edit]);
  for (const [path, edits] of byFile) {
    const lines = (await readFile(join(root, path), 'utf8')).split('\n');
    for (const edit of [...edits].sort((a, b) => b.startLine - a.startLine)) lines.splice(edit.startLine - 1, edit.endLine - edit.startLine + 1, ...edit.replacement.split('\n'));
    await writeFile(join(root, path), lines.join('\n'));
  }
}
