import { readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import type { GuardianConfig, ScannerId } from './config.js';
import type { Category, Finding, RuleDescriptor } from './finding.js';
import { type FindingDraft, finalizeFindings } from './fingerprint.js';
import type { Component } from './inventory.js';
import type { Scanner, ScannerProgress } from './scanner.js';
import { type Severity, SEVERITIES, bySeverityDesc, severityRank } from './severity.js';
import { activeSuppressions, configMatcher, inlineSuppression } from './suppressions.js';
import { type ScanWarning, WarningSink } from './warnings.js';
import { type SkipReason, Workspace, type WorkspaceFile } from './workspace.js';
import { TOOL } from './tool.js';
import { loadStandards } from '../standards/load.js';
import { applyStandards, forbiddenPatternFindings } from '../standards/enforce.js';

/** Per-scanner figures in `stats.scanners`. */
export interface ScannerStats {
  durationMs: number;
  findings: number;
  [counter: string]: number;
}

/** Counts and timings of a run (the `stats` object of the JSON report). */
export interface ScanStats {
  files: number;
  skipped: Partial<Record<SkipReason, number>>;
  bySeverity: Record<Severity, number>;
  byCategory: Partial<Record<Category, number>>;
  suppressed: number;
  scanners: Partial<Record<ScannerId, ScannerStats>>;
}

/**
 * The outcome of `guardian scan`: the JSON report's shape (ARCHITECTURE.md "Contracts").
 * `findings` are the ones that count against the gate; `suppressed` keeps the rest so
 * nothing is lost.
 */
export interface ScanResult {
  tool: { name: string; version: string };
  /** Absolute path of the scanned directory. */
  target: string;
  startedAt: string;
  durationMs: number;
  failOn: Severity;
  findings: Finding[];
  suppressed: Finding[];
  warnings: ScanWarning[];
  stats: ScanStats;
  rules: RuleDescriptor[];
  components: Component[];
}

/** Hooks for showing progress; every method is optional. */
export interface RunObserver {
  scannerStarted?(scanner: Scanner): void;
  scannerProgress?(scanner: Scanner, done: number, total?: number, detail?: string): void;
  scannerFinished?(scanner: Scanner, stats: ScannerStats): void;
}

export interface RunOptions {
  root: string;
  config: GuardianConfig;
  /** Path of the config file, if any: relative paths in it resolve from its directory. */
  configPath?: string;
  scanners: Scanner[];
  offline?: boolean;
  /** Fingerprints from a baseline: matching findings move to `suppressed`. */
  baseline?: Set<string>;
  /** Override `fail-on` from the config. */
  failOn?: Severity;
  observer?: RunObserver;
  now?: Date;
  /**
   * Report findings only in these repository-relative paths (PR diff mode). The scan still
   * reads everything, so cross-file analysis (taint through imports) stays whole.
   */
  reportOnly?: ReadonlySet<string>;
}

/**
 * Run the scanners over `root` and return the result:
 * workspace → scanners → findings → severity overrides → suppressions (inline,
 * config, baseline) → sorted result. A scanner that throws becomes an
 * `internal-error` warning; the others still run.
 */
/** Walk `root` as a scan does (exclusions and size limit from `config`), collecting warnings. */
export async function openWorkspace(root: string, config: GuardianConfig): Promise<{ warnings: WarningSink; workspace: Workspace; files: WorkspaceFile[] }> {
  const warnings = new WarningSink();
  const workspace = new Workspace(root, warnings, { exclude: config.exclude, maxFileSize: config['max-file-size'] });
  return { warnings, workspace, files: await workspace.files() };
}

export async function runScan(options: RunOptions): Promise<ScanResult> {
  const now = options.now ?? new Date();
  const started = performance.now();
  const root = resolve(options.root);
  const { config } = options;
  const { warnings, workspace, files } = await openWorkspace(root, config);

  const drafts: FindingDraft[] = [];
  const rules = new Map<string, RuleDescriptor>();
  const components: Component[] = [];
  const scannerStats: Partial<Record<ScannerId, ScannerStats>> = {};
  const observer = options.observer ?? {};

  await Promise.all(
    options.scanners.map(async (scanner) => {
      const t0 = performance.now();
      observer.scannerStarted?.(scanner);
      const progress: ScannerProgress = { update: (done, total, detail) => observer.scannerProgress?.(scanner, done, total, detail) };
      let found = 0;
      let extra: Record<string, number> = {};
      try {
        const out = await scanner.scan({
          root,
          workspace,
          files,
          config,
          configDir: options.configPath ? dirname(resolve(options.configPath)) : root,
          warnings,
          progress,
          offline: options.offline ?? config.sca?.offline ?? false,
          now,
        });
        drafts.push(...out.findings);
        for (const rule of out.rules) rules.set(rule.id, rule);
        components.push(...(out.components ?? []));
        found = out.findings.length;
        extra = out.stats ?? {};
      } catch (error) {
        warnings.add({
          source: scanner.id,
          code: 'internal-error',
          message: `The ${scanner.title} scanner failed and its results are missing: ${(error as Error).stack ?? String(error)}`,
        });
      }
      const stats: ScannerStats = { ...extra, durationMs: Math.round(performance.now() - t0), findings: found };
      scannerStats[scanner.id] = stats;
      observer.scannerFinished?.(scanner, stats);
    }),
  );

  const { standards, warnings: standardWarnings } = await loadStandards({ root, config, configDir: options.configPath ? dirname(resolve(options.configPath)) : root, offline: options.offline });
  standardWarnings.forEach((w) => warnings.add(w));
  const forbidden = await forbiddenPatternFindings(standards, workspace, files);
  drafts.push(...forbidden.drafts);
  for (const rule of forbidden.rules) rules.set(rule.id, rule);
  applyStandards(drafts, standards);

  const overrides = config['severity-overrides'] ?? {};
  for (const draft of drafts) {
    const override = overrides[draft.ruleId];
    if (override) draft.severity = override;
  }
  for (const [id, severity] of Object.entries(overrides)) {
    const rule = rules.get(id);
    if (rule) rules.set(id, { ...rule, severity });
  }

  const all = finalizeFindings(dropCrossScannerDuplicates(options.reportOnly ? drafts.filter((d) => options.reportOnly!.has(d.location.path)) : drafts));
  const { findings, suppressed } = await applySuppressions(all, root, config, options.baseline, now, warnings);
  findings.sort(compareFindings);
  suppressed.sort(compareFindings);

  const bySeverity = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
  const byCategory: Partial<Record<Category, number>> = {};
  for (const f of findings) {
    bySeverity[f.severity]++;
    byCategory[f.category] = (byCategory[f.category] ?? 0) + 1;
  }

  return {
    tool: TOOL,
    target: root,
    startedAt: new Date(now.getTime()).toISOString(),
    durationMs: Math.round(performance.now() - started),
    failOn: options.failOn ?? config['fail-on'] ?? 'high',
    findings,
    suppressed,
    warnings: warnings.items,
    stats: {
      files: files.length,
      skipped: Object.fromEntries(workspace.skipped),
      bySeverity,
      byCategory,
      suppressed: suppressed.length,
      scanners: scannerStats,
    },
    rules: [...rules.values()].sort((a, b) => a.id.localeCompare(b.id)),
    components,
  };
}

async function applySuppressions(
  all: Finding[],
  root: string,
  config: GuardianConfig,
  baseline: Set<string> | undefined,
  now: Date,
  warnings: WarningSink,
): Promise<{ findings: Finding[]; suppressed: Finding[] }> {
  const { active, warnings: expiry } = activeSuppressions(config.suppressions ?? [], now);
  expiry.forEach((w) => warnings.add(w));
  const matchConfig = configMatcher(active);
  const lines = await linesOfFilesWithFindings(root, all);

  const findings: Finding[] = [];
  const suppressed: Finding[] = [];
  for (const finding of all) {
    const inline = inlineSuppression(lines.get(finding.location.path) ?? [], finding.location.startLine, finding.ruleId);
    if (inline && 'missingReason' in inline) {
      warnings.add({
        source: 'config',
        code: 'suppression-without-reason',
        path: finding.location.path,
        line: finding.location.startLine,
        message: `guardian-ignore for ${finding.ruleId} has no reason, so it does not apply. Write: guardian-ignore: ${finding.ruleId} <why this is safe>`,
      });
    }
    const configRule = matchConfig(finding);
    if (inline && 'reason' in inline) {
      suppressed.push({ ...finding, suppression: { kind: 'inline', reason: inline.reason } });
    } else if (configRule) {
      suppressed.push({ ...finding, suppression: { kind: 'config', reason: configRule.reason, expires: configRule.expires } });
    } else if (baseline?.has(finding.fingerprint)) {
      suppressed.push({ ...finding, suppression: { kind: 'baseline', reason: 'Present in the baseline.' } });
    } else {
      findings.push(finding);
    }
  }
  return { findings, suppressed };
}

async function linesOfFilesWithFindings(root: string, findings: Finding[]): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  for (const path of new Set(findings.map((f) => f.location.path))) {
    try {
      out.set(path, (await readFile(join(root, path), 'utf8')).split('\n'));
    } catch {
      // The scanner already reported an unreadable file; no inline comments to honour.
    }
  }
  return out;
}

const CATEGORY_PREFERENCE: Category[] = ['secrets', 'sca', 'iac', 'iam', 'pipeline', 'sast'];

/**
 * The same weakness on the same line from two scanners (a hard-coded key seen by a SAST
 * rule and by the secrets scanner) is reported once: the most severe finding stays,
 * and on a tie the more specialised scanner's (secrets before SAST).
 */
export function dropCrossScannerDuplicates(drafts: FindingDraft[]): FindingDraft[] {
  const rank = (d: FindingDraft) => severityRank(d.severity) * 10 + (CATEGORY_PREFERENCE.length - CATEGORY_PREFERENCE.indexOf(d.category));
  const byLine = new Map<string, FindingDraft[]>();
  for (const d of drafts) {
    const key = `${d.location.path}\u0000${d.location.startLine}`;
    byLine.set(key, [...(byLine.get(key) ?? []), d]);
  }
  const dropped = new Set<FindingDraft>();
  for (const group of byLine.values()) {
    if (group.length < 2) continue;
    const ordered = [...group].sort((a, b) => rank(b) - rank(a));
    for (const [i, d] of ordered.entries()) {
      if (dropped.has(d)) continue;
      for (const other of ordered.slice(i + 1)) {
        if (other.category !== d.category && other.cwe.some((c) => d.cwe.includes(c))) dropped.add(other);
      }
    }
  }
  return drafts.filter((d) => !dropped.has(d));
}

/** Most severe first, then by path and line. */
export function compareFindings(a: Finding, b: Finding): number {
  return (
    bySeverityDesc(a.severity, b.severity) ||
    a.location.path.localeCompare(b.location.path) ||
    a.location.startLine - b.location.startLine ||
    a.ruleId.localeCompare(b.ruleId)
  );
}
