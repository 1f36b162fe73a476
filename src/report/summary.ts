import type { Category } from '../core/finding.js';
import type { ScanResult } from '../core/run.js';
import { atLeast, SEVERITIES, type Severity } from '../core/severity.js';

/** Findings at or above the fail threshold: what makes `guardian scan` exit 1. */
export function gatingFindings(result: ScanResult): number {
  return result.findings.filter((f) => atLeast(f.severity, result.failOn)).length;
}

/** `[severity, count]` pairs, most severe first, for every level. */
export function severityCounts(result: ScanResult): [Severity, number][] {
  return SEVERITIES.map((s) => [s, result.stats.bySeverity[s]]);
}

/** "12 findings (1 critical, 3 high, …)" */
export function countsSentence(result: ScanResult): string {
  const parts = severityCounts(result)
    .filter(([, n]) => n > 0)
    .map(([s, n]) => `${n} ${s}`);
  const total = result.findings.length;
  return `${total} finding${total === 1 ? '' : 's'}${parts.length ? ` (${parts.join(', ')})` : ''}`;
}

/**
 * Reported findings (after cross-scanner de-duplication and suppressions) of each scanner
 * that ran, in run order. Scanner ids are finding categories.
 */
export function findingsByScanner(result: ScanResult): [Category, number][] {
  return Object.keys(result.stats.scanners).map((id) => [id as Category, result.stats.byCategory[id as Category] ?? 0]);
}
