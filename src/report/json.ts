import type { ScanResult } from '../core/run.js';

/**
 * The JSON report (ARCHITECTURE.md "Contracts"): `{ tool, target, startedAt,
 * durationMs, failOn, findings, suppressed, warnings, stats, rules }`. The SBOM's
 * component list is written by the CycloneDX report, not here.
 */
export function toJson(result: ScanResult): string {
  const { components: _components, ...rest } = result;
  return `${JSON.stringify(rest, null, 2)}\n`;
}
