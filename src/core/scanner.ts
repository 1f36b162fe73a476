import type { GuardianConfig, ScannerId } from './config.js';
import type { RuleDescriptor } from './finding.js';
import type { FindingDraft } from './fingerprint.js';
import type { Component } from './inventory.js';
import type { WarningSink } from './warnings.js';
import type { Workspace, WorkspaceFile } from './workspace.js';

/** Progress of one scanner, for the TTY display. `total` may be unknown. */
export interface ScannerProgress {
  update(done: number, total?: number, detail?: string): void;
}

/** What a scanner receives: the walked files, the configuration and shared sinks. */
export interface ScanContext {
  /** Absolute path of the scanned root. */
  root: string;
  workspace: Workspace;
  files: readonly WorkspaceFile[];
  config: GuardianConfig;
  /** Directory `guardian.yml` came from, to resolve relative paths in it. */
  configDir: string;
  warnings: WarningSink;
  progress: ScannerProgress;
  /** Never use the network (SCA advisories from local sources only). */
  offline: boolean;
  /** Clock for date-dependent decisions, injectable in tests. */
  now: Date;
}

/** What a scanner returns. Findings are drafts: core assigns fingerprints and ids. */
export interface ScannerOutput {
  findings: FindingDraft[];
  /** Descriptors of the rules that ran (or produced findings, for advisory-driven rules). */
  rules: RuleDescriptor[];
  /** Packages found (SCA), for the SBOM. */
  components?: Component[];
  /** Counters shown in `stats.scanners.<id>`, e.g. `{ files: 120, rules: 64 }`. */
  stats?: Record<string, number>;
}

/**
 * The contract every scanner implements. A scanner knows nothing about reports or the
 * CLI; it reads the workspace and returns findings. It must not throw for bad input in
 * the repository: it records a warning and goes on. A thrown error is reported as an
 * `internal-error` warning for that scanner and the other scanners still run.
 */
export interface Scanner {
  readonly id: ScannerId;
  /** Short human name for progress and summaries, e.g. "Code (SAST)". */
  readonly title: string;
  scan(context: ScanContext): Promise<ScannerOutput>;
}
