/**
 * Severity scale shared by every scanner and report.
 *
 * The five levels follow GitHub code scanning's `security-severity` bands
 * (critical > 9.0, high 7.0–8.9, medium 4.0–6.9, low 0.1–3.9) and CVSS v3.1's
 * qualitative ratings (FIRST, CVSS v3.1 specification §5), plus `info` for
 * observations that are not vulnerabilities (e.g. documentation example keys).
 */
export const SEVERITIES = ['critical', 'high', 'medium', 'low', 'info'] as const;

export type Severity = (typeof SEVERITIES)[number];

const RANK: Record<Severity, number> = { critical: 4, high: 3, medium: 2, low: 1, info: 0 };

/** Numeric rank: critical = 4 … info = 0. */
export function severityRank(s: Severity): number {
  return RANK[s];
}

/** True when `s` is at or above `threshold`. */
export function atLeast(s: Severity, threshold: Severity): boolean {
  return RANK[s] >= RANK[threshold];
}

/** Sort comparator: most severe first. */
export function bySeverityDesc(a: Severity, b: Severity): number {
  return RANK[b] - RANK[a];
}

export function isSeverity(value: unknown): value is Severity {
  return typeof value === 'string' && (SEVERITIES as readonly string[]).includes(value);
}

/**
 * Representative `security-severity` score (0.0–10.0) for a level, used in SARIF rule
 * properties so GitHub code scanning buckets results into the same level.
 */
export function securitySeverityScore(s: Severity): number {
  return { critical: 9.5, high: 8.0, medium: 5.5, low: 3.0, info: 0.0 }[s];
}

/** CVSS v3.x base score (0.0–10.0) to qualitative severity (CVSS v3.1 spec, Table 14). */
export function severityFromCvssScore(score: number): Severity {
  if (score >= 9.0) return 'critical';
  if (score >= 7.0) return 'high';
  if (score >= 4.0) return 'medium';
  if (score >= 0.1) return 'low';
  return 'info';
}
