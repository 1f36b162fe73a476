import type { Severity } from './severity.js';

/** The scanner family that produced a finding (ARCHITECTURE.md, JSON contract). */
export type Category = 'sast' | 'secrets' | 'sca' | 'iac' | 'iam' | 'pipeline';

/**
 * A place in the scanned repository.
 * `path` is repository-relative with forward slashes; lines and columns are 1-based,
 * `endColumn` is exclusive (SARIF 2.1.0 §3.30 region semantics).
 */
export interface Location {
  path: string;
  startLine: number;
  endLine?: number;
  startColumn?: number;
  endColumn?: number;
  /** Source text of the region; secrets are already masked. */
  snippet?: string;
}

/** One step of a taint trace from a source to a sink (SARIF `codeFlows`). */
export interface FlowStep {
  location: Location;
  note: string;
}

/** How to fix a finding. `fixedVersion` is set for dependency findings. */
export interface Remediation {
  text: string;
  fixedVersion?: string;
  /** A corrected code snippet, when the rule has one. */
  example?: string;
}

/** The vulnerable package of an SCA finding (package URL components, purl-spec). */
export interface PackageRef {
  ecosystem: 'npm' | 'PyPI';
  name: string;
  version: string;
  /** Declared by the project itself (true) or pulled in by another package (false). */
  direct?: boolean;
  /** Lockfile or manifest the version comes from, repository-relative. */
  manifest?: string;
}

/** The advisory behind an SCA finding (OSV schema `id` and `aliases`). */
export interface AdvisoryRef {
  id: string;
  aliases: string[];
  url?: string;
  summary?: string;
  cvss?: string;
}

/** Why a finding does not count against the gate. */
export interface Suppression {
  kind: 'inline' | 'config' | 'baseline';
  reason: string;
  expires?: string;
}

/**
 * The section of an organisation's security standard a finding violates
 * (src/standards/: `.guardian/standards/*.md` and the shipped defaults).
 */
export interface StandardCitation {
  /** The standard's id, e.g. `secrets-management`. */
  standard: string;
  /** The standard's title. */
  title: string;
  /** The section's id and title. */
  section: string;
  sectionTitle: string;
  /** Where the standard lives: repository-relative path, or `builtin:<file>`. */
  path: string;
}

/**
 * A security finding: the one model every scanner emits and every report renders.
 * The JSON shape is a public contract (ARCHITECTURE.md "Contracts"), aligned with
 * SARIF 2.1.0 `result` so it converts losslessly.
 */
export interface Finding {
  /** Unique within a report: `<ruleId>:<first 12 hex of fingerprint>`. */
  id: string;
  ruleId: string;
  category: Category;
  severity: Severity;
  confidence?: 'high' | 'medium' | 'low';
  title: string;
  message: string;
  /** CWE identifiers, `CWE-<n>`. */
  cwe: string[];
  /** OWASP Top 10 (2021) categories, e.g. `A03:2021-Injection`. */
  owasp?: string[];
  location: Location;
  /** Stable across line shifts; see core/fingerprint.ts. */
  fingerprint: string;
  remediation: Remediation;
  references?: string[];
  dataFlow?: FlowStep[];
  package?: PackageRef;
  advisory?: AdvisoryRef;
  /** Sections of the security standards in force that this finding violates. */
  standards?: StandardCitation[];
  /** Present only on findings listed under `suppressed` in a report. */
  suppression?: Suppression;
}

/**
 * Everything a report needs to describe a rule (SARIF `reportingDescriptor`).
 * Scanners return one per rule they ran, so reports never import scanner code.
 */
export interface RuleDescriptor {
  id: string;
  title: string;
  description: string;
  severity: Severity;
  category: Category;
  cwe: string[];
  owasp?: string[];
  remediation?: string;
  references?: string[];
  /** Precision of the rule (SARIF `properties.precision`). */
  precision?: 'very-high' | 'high' | 'medium' | 'low';
  /** CVSS-like score 0.0–10.0 when the rule has its own (an advisory's CVSS base score). */
  score?: number;
}
