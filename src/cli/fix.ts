/**
 * `guardian fix [path]`: apply (or with `--dry-run`, show) the mechanical fixes of
 * src/fix for the findings of a fresh scan. Files changed since the scan are left alone
 * and reported. Exit codes: 0 fixes applied (or nothing to fix), 1 with `--dry-run` when
 * fixes are pending, 2 usage error.
 */
import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import pc from 'picocolors';
import { loadConfig, SCANNER_IDS } from '../core/config.js';
import { UsageError } from '../core/errors.js';
import { runScan } from '../core/run.js';
import { applyFixes, FIXABLE, type FixSuggestion, githubCommitResolver, hasFix, suggestFix } from '../fix/index.js';
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
    .description(`Apply mechanical fixes to findings (${FIXABLE.join(', ')}); pinning actions asks the GitHub API ($GITHUB_API_URL, $GITHUB_TOKEN); --dry-run shows the patches.`)
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
      const resolveCommit = githubCommitResolver();
      for (const finding of wanted) {
        if (!hasFix(finding)) continue;
        const fix = await suggestFix(root, finding, { resolveCommit, findings: result.findings });
        if ('reason' in fix) skipped.push(`${finding.location.path}:${finding.location.startLine} ${finding.ruleId}: ${fix.reason}`);
        else fixes.push(fix);
      }
      const applied = flags.dryRun ? [] : await applyFixes(root, fixes);
      for (const fix of fixes) {
        const clashed = !flags.dryRun && !applied.includes(fix.fingerprint);
        process.stdout.write(`${fix.edits[0]!.path}:${fix.edits[0]!.startLine} ${fix.ruleId}: ${fix.description}${clashed ? ' (not applied: another fix changed the same lines; run guardian fix again)' : ''}\n`);
        if (flags.dryRun) process.stdout.write(`${colorDiff(fix.diff)}\n`);
        if (fix.followUp && !clashed) process.stdout.write(`  then: ${fix.followUp}\n`);
      }
      for (const line of skipped) process.stdout.write(`not fixed: ${line}\n`);
      const count = flags.dryRun ? fixes.length : applied.length;
      process.stdout.write(`${count} fix${count === 1 ? '' : 'es'} ${flags.dryRun ? 'to apply (dry run: nothing changed)' : 'applied'}, ${skipped.length} not fixable mechanically\n`);
      setExitCode(flags.dryRun && fixes.length ? 1 : 0);
    });
}

