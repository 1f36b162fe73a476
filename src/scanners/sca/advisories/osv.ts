import type { Severity } from '../../../core/severity.js';
import { severityFromCvssScore } from '../../../core/severity.js';
import { cvss3BaseScore } from './cvss.js';

/**
 * The parts of an OSV record Guardian uses (OSV schema 1.6,
 * https://ossf.github.io/osv-schema/). Unknown fields are ignored.
 */
export interface OsvRecord {
  id: string;
  modified?: string;
  published?: string;
  withdrawn?: string;
  aliases?: string[];
  summary?: string;
  details?: string;
  severity?: { type: string; score: string }[];
  affected?: OsvAffected[];
  references?: { type?: string; url: string }[];
  database_specific?: { severity?: string; cwe_ids?: string[] } & Record<string, unknown>;
}

export interface OsvAffected {
  package?: { ecosystem: string; name: string; purl?: string };
  ranges?: OsvRange[];
  versions?: string[];
  database_specific?: Record<string, unknown>;
  ecosystem_specific?: Record<string, unknown>;
}

export interface OsvRange {
  type: 'SEMVER' | 'ECOSYSTEM' | 'GIT' | string;
  events: OsvEvent[];
}

export type OsvEvent = { introduced: string } | { fixed: string } | { last_affected: string } | { limit: string };

/** Ecosystems Guardian resolves, as spelled in OSV. */
export type Ecosystem = 'npm' | 'PyPI';

/**
 * Package name as advisory databases key it: PyPI names normalised per PEP 503
 * (lowercase, runs of `-`, `_`, `.` become `-`); npm names lowercased (the registry
 * forbids new mixed-case names; some records spell them differently, e.g. `Axios`).
 */
export function normalizePackageName(ecosystem: Ecosystem, name: string): string {
  return ecosystem === 'PyPI' ? name.toLowerCase().replace(/[-_.]+/g, '-') : name.toLowerCase();
}

/** `PyPI` / `npm` for OSV ecosystem strings (case-insensitive), else undefined. */
export function toEcosystem(value: string): Ecosystem | undefined {
  const lower = value.toLowerCase();
  if (lower === 'pypi') return 'PyPI';
  if (lower === 'npm') return 'npm';
  return undefined;
}

/** Minimal structural validation of a parsed OSV document; returns a reason when invalid. */
export function validateOsv(value: unknown): string | undefined {
  if (!value || typeof value !== 'object') return 'not an object';
  const record = value as Partial<OsvRecord>;
  if (typeof record.id !== 'string' || !record.id) return "missing string 'id'";
  if (record.affected !== undefined && !Array.isArray(record.affected)) return "'affected' is not an array";
  return undefined;
}

/**
 * Severity of an advisory: the CVSS v3 base score when the record has a v3 vector
 * (computed, FIRST CVSS v3.1), else GitHub's `database_specific.severity`
 * (LOW/MODERATE/HIGH/CRITICAL), else medium ("not rated").
 */
export function advisorySeverity(record: OsvRecord): { severity: Severity; cvss?: string; rated: boolean } {
  for (const entry of record.severity ?? []) {
    if (entry.type !== 'CVSS_V3') continue;
    const score = cvss3BaseScore(entry.score);
    if (score !== undefined) return { severity: severityFromCvssScore(score), cvss: entry.score, rated: true };
  }
  const label = record.database_specific?.severity?.toUpperCase();
  const mapped: Record<string, Severity> = { LOW: 'low', MODERATE: 'medium', MEDIUM: 'medium', HIGH: 'high', CRITICAL: 'critical' };
  if (label && mapped[label]) return { severity: mapped[label], rated: true };
  return { severity: 'medium', rated: false };
}

/** CWE ids of a record (GitHub's `database_specific.cwe_ids`), in `CWE-<n>` form. */
export function advisoryCwes(record: OsvRecord): string[] {
  const ids = record.database_specific?.cwe_ids;
  return Array.isArray(ids) ? ids.filter((id): id is string => typeof id === 'string' && /^CWE-\d+$/.test(id)) : [];
}

/** The best human link for an advisory: its ADVISORY reference, else the OSV page. */
export function advisoryUrl(record: OsvRecord): string {
  const ghsa = [record.id, ...(record.aliases ?? [])].find((id) => id.startsWith('GHSA-'));
  if (ghsa) return `https://github.com/advisories/${ghsa}`;
  return `https://osv.dev/vulnerability/${record.id}`;
}
