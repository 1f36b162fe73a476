import { relative } from 'node:path';
import pc from 'picocolors';
import type { ScanResult } from '../core/run.js';
import type { Severity } from '../core/severity.js';
import { atLeast } from '../core/severity.js';
import { gatingFindings, severityCounts } from './summary.js';

const PAINT: Record<Severity, (s: string) => string> = {
  critical: (s) => pc.bold(pc.red(s)),
  high: pc.red,
  medium: pc.yellow,
  low: pc.blue,
  info: pc.dim,
};

/** How many findings the summary lists before pointing to the reports. */
export const TOP_FINDINGS = 10;

/**
 * The human summary printed after a scan: counts by severity, the most severe
 * findings with file:line and rule, warnings, where the reports went, and the verdict.
 * Colours follow picocolors' detection (off for NO_COLOR, non-TTY and CI logs without colour).
 */
export function toTerminal(result: ScanResult, written: { format: string; path: string }[], cwd: string = process.cwd()): string {
  const out: string[] = [];
  const target = relative(cwd, result.target) || '.';
  out.push('', `${pc.bold('Guardian')} ${result.tool.version} · ${target} · ${result.stats.files} files · ${(result.durationMs / 1000).toFixed(1)} s`, '');
  out.push(`  ${severityCounts(result).map(([s, n]) => (n ? PAINT[s](`${n} ${s}`) : pc.dim(`${n} ${s}`))).join('  ')}`);

  if (result.findings.length) {
    out.push('', pc.bold('  Top findings'));
    const width = Math.min(48, Math.max(...result.findings.slice(0, TOP_FINDINGS).map((f) => f.title.length)));
    for (const f of result.findings.slice(0, TOP_FINDINGS)) {
      const where = `${f.location.path}:${f.location.startLine}`;
      out.push(`  ${PAINT[f.severity](f.severity.toUpperCase().padEnd(8))} ${truncate(f.title, width).padEnd(width)}  ${pc.cyan(where)}  ${pc.dim(f.ruleId)}`);
    }
    if (result.findings.length > TOP_FINDINGS) out.push(pc.dim(`  … and ${result.findings.length - TOP_FINDINGS} more in the reports`));
  }
  if (result.suppressed.length) out.push(pc.dim(`  ${result.suppressed.length} suppressed (inline, guardian.yml or baseline)`));

  if (result.warnings.length) {
    out.push('', pc.yellow(`  ${result.warnings.length} warning${result.warnings.length === 1 ? '' : 's'}:`));
    for (const w of result.warnings.slice(0, 5)) out.push(pc.yellow(`  ! ${w.path ? `${w.path}${w.line ? `:${w.line}` : ''}: ` : ''}${truncate(w.message.split('\n')[0]!, 140)}`));
    if (result.warnings.length > 5) out.push(pc.dim(`  … and ${result.warnings.length - 5} more in the reports`));
  }
  if (written.length) {
    out.push('', pc.bold('  Reports'));
    for (const w of written) out.push(`  ${w.format.padEnd(10)} ${relative(cwd, w.path) || w.path}`);
  }
  const gate = gatingFindings(result);
  out.push(
    '',
    gate
      ? pc.red(pc.bold(`  ✖ Failed: ${gate} finding${gate === 1 ? '' : 's'} at or above ${result.failOn}.`))
      : pc.green(pc.bold(`  ✔ Passed: nothing at or above ${result.failOn}.`)) +
          (result.findings.some((f) => !atLeast(f.severity, result.failOn)) ? pc.dim(' (lower-severity findings are listed above)') : ''),
    '',
  );
  return out.join('\n');
}

function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
