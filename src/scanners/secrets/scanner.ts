import type { RuleDescriptor } from '../../core/finding.js';
import { type FindingDraft, secretDigest } from '../../core/fingerprint.js';
import { cweUrl, owaspForCwes } from '../../core/references.js';
import type { Scanner, ScanContext, ScannerOutput } from '../../core/scanner.js';
import { type Severity, severityRank } from '../../core/severity.js';
import type { WorkspaceFile } from '../../core/workspace.js';
import { dedupeHits } from './dedupe.js';
import { detectOwn, ownKeywords } from './detect.js';
import type { SecretHit } from './hit.js';
import { KeywordMatcher, KeywordText } from './keywords.js';
import { type MaskRegion, maskSecret, maskSlice } from './mask.js';
import { isTestPath } from '../../core/test-paths.js';
import { describeSecretRule, remediationText } from './remediation.js';
import { SECRET_RULES, type SecretRule, fallbackRule, secretRule } from './rules.js';
import { SecretlintEngine } from './secretlint.js';
import { secretlintKeywords } from './secretlint-rules.js';

/**
 * Files never scanned for secrets: lockfiles (their integrity hashes look random but are
 * not secrets), SVG images and source maps (embedded data, generated).
 */
export const SKIPPED_FILES =
  /(^|\/)(package-lock\.json|npm-shrinkwrap\.json|yarn\.lock|pnpm-lock\.yaml|poetry\.lock|Pipfile\.lock|uv\.lock|Cargo\.lock|composer\.lock|Gemfile\.lock|go\.sum)$|\.(svg|map)$/i;

/** Longest snippet kept around a secret, in characters. */
const SNIPPET_MAX = 200;

/** Offsets of line starts, for offset → line/column conversion. */
class LineIndex {
  private readonly starts: number[] = [0];

  constructor(readonly text: string) {
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) this.starts.push(i + 1);
  }

  /** 0-based line containing `offset`. */
  lineOf(offset: number): number {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  /** `[start, end)` of 0-based `line`, without its line break. */
  bounds(line: number): [number, number] {
    const start = this.starts[line]!;
    let end = line + 1 < this.starts.length ? this.starts[line + 1]! - 1 : this.text.length;
    if (end > start && this.text[end - 1] === '\r') end--;
    return [start, end];
  }

  /** 1-based line and column of `offset`. */
  position(offset: number): { line: number; column: number } {
    const line = this.lineOf(offset);
    return { line: line + 1, column: offset - this.starts[line]! + 1 };
  }
}

function ruleOf(id: string): SecretRule {
  return secretRule(id) ?? fallbackRule(id);
}

function confidence(rule: SecretRule): 'high' | 'medium' | 'low' {
  return rule.precision === 'very-high' || rule.precision === 'high' ? 'high' : rule.precision;
}

/** The line of `offset`, secrets masked, trimmed, cut to SNIPPET_MAX around the secret. */
function snippet(lines: LineIndex, hit: SecretHit, regions: readonly MaskRegion[]): string {
  const [start, end] = lines.bounds(lines.lineOf(hit.start));
  const masked = maskSlice(lines.text, start, end, regions);
  const indent = masked.length - masked.trimStart().length;
  const line = masked.trim();
  if (line.length <= SNIPPET_MAX) return line;
  const at = maskSlice(lines.text, start, Math.max(start, Math.min(hit.secretStart, end)), regions).length - indent;
  const from = Math.max(0, at - 80);
  return `${from > 0 ? '…' : ''}${line.slice(from, from + SNIPPET_MAX)}${from + SNIPPET_MAX < line.length ? '…' : ''}`;
}

/** What the message shows for a hit: the masked secret, or the masked region (a URL) when it is short. */
function shown(lines: LineIndex, hit: SecretHit, rule: SecretRule, regions: readonly MaskRegion[]): string {
  const secret = lines.text.slice(hit.secretStart, hit.secretEnd);
  if (hit.start === hit.secretStart && hit.end === hit.secretEnd) return maskSecret(secret, rule.visible);
  const firstLineEnd = lines.bounds(lines.lineOf(hit.start))[1];
  const region = maskSlice(lines.text, hit.start, Math.min(hit.end, firstLineEnd), regions);
  return region.length > 120 ? `${region.slice(0, 117)}…` : region;
}

function severityOf(hit: SecretHit, rule: SecretRule, path: string): Severity {
  if (hit.example) return 'info';
  let severity = hit.severity ?? rule.severity;
  if (rule.downgradeInTests && isTestPath(path) && severityRank(severity) > severityRank('low')) severity = 'low';
  return severity;
}

/**
 * Turn the kept hits of one file into finding drafts. `all` are every hit before
 * de-duplication: each of their secrets is masked wherever it appears in a snippet.
 */
export function hitsToDrafts(path: string, text: string, kept: readonly SecretHit[], all: readonly SecretHit[]): FindingDraft[] {
  if (!kept.length) return [];
  const lines = new LineIndex(text);
  // Kept hits first: where a dropped duplicate covers the same secret, the kept rule's mask shows.
  const regions: MaskRegion[] = [...kept, ...all.filter((h) => !kept.includes(h))].map((h) => ({
    start: h.secretStart,
    end: h.secretEnd,
    replacement: maskSecret(text.slice(h.secretStart, h.secretEnd), ruleOf(h.ruleId).visible),
  }));
  return kept.map((hit) => {
    const rule = ruleOf(hit.ruleId);
    const severity = severityOf(hit, rule, path);
    const start = lines.position(hit.start);
    const end = lines.position(hit.end);
    const what = `${rule.title}${hit.detail ? ` (${hit.detail})` : ''}: ${shown(lines, hit, rule, regions)}`;
    const note = hit.example
      ? ' — this looks like a documentation example or filler value, not a live credential; reported for information.'
      : severity === 'low' && severityRank(rule.severity) > severityRank('low')
        ? ' — in test code, fixtures or documentation, so reported as low; make sure it is not a real credential.'
        : ' — hard-coded in the repository and in its git history. Revoke it, then load it from a secret manager at runtime.';
    const secret = text.slice(hit.secretStart, hit.secretEnd).replace(/\s+|\\[nr]/g, '');
    return {
      ruleId: rule.id,
      category: 'secrets',
      severity,
      confidence: hit.example ? 'low' : confidence(rule),
      title: rule.title,
      message: `${what}${note}`,
      cwe: rule.cwe,
      owasp: owaspForCwes(rule.cwe),
      location: { path, startLine: start.line, endLine: end.line, startColumn: start.column, endColumn: end.column, snippet: snippet(lines, hit, regions) },
      remediation: { text: remediationText(rule) },
      references: [...(rule.references ?? []), ...rule.cwe.map(cweUrl)],
      fingerprintKey: secretDigest(secret),
    } satisfies FindingDraft;
  });
}

/** Options for tests and benchmarks. */
export interface SecretsScannerOptions {
  /** Run secretlint on every file, bypassing its prefilter (to check the prefilter loses nothing). */
  secretlintOnEveryFile?: boolean;
  /** Do not use secretlint at all (Guardian's own detectors only). */
  withoutSecretlint?: boolean;
}

/**
 * Hard-coded secrets: secretlint's recommended preset plus Guardian's own detectors
 * (patterns.ts, generic.ts), merged to one finding per secret, secrets masked in all
 * output. Every text file is scanned except lockfiles, SVGs and source maps.
 */
export class SecretsScanner implements Scanner {
  readonly id = 'secrets' as const;
  readonly title = 'Secrets';
  private readonly secretlint: SecretlintEngine | undefined;
  private readonly keywords: KeywordMatcher;

  constructor(private readonly options: SecretsScannerOptions = {}) {
    this.secretlint = options.withoutSecretlint ? undefined : new SecretlintEngine();
    this.keywords = new KeywordMatcher([...ownKeywords(), ...secretlintKeywords()]);
  }

  /** Descriptors of every rule this scanner can report. */
  ruleDescriptors(reported: Iterable<string> = []): RuleDescriptor[] {
    const ids = new Set(SECRET_RULES.map((r) => r.id));
    const extra = [...new Set([...(this.secretlint?.mappedRuleIds ?? []), ...reported])].filter((id) => !ids.has(id)).map((id) => ruleOf(id));
    return [...SECRET_RULES, ...extra].map(describeSecretRule);
  }

  async scan(ctx: ScanContext): Promise<ScannerOutput> {
    const candidates: WorkspaceFile[] = ctx.files.filter((f) => !SKIPPED_FILES.test(f.path));
    const findings: FindingDraft[] = [];
    const failedRules = new Set<string>();
    let scanned = 0;
    let secretlintFiles = 0;
    for (const [i, file] of candidates.entries()) {
      if (i % 50 === 0) {
        ctx.progress.update(i, candidates.length, file.path);
        await new Promise((resolve) => setImmediate(resolve));
      }
      const text = await ctx.workspace.readText(file);
      if (text === undefined) continue;
      scanned++;
      const source = new KeywordText(text, this.keywords);
      const own = detectOwn(source, file.path);
      for (const failure of own.failures) {
        if (failedRules.has(failure.rule)) continue;
        failedRules.add(failure.rule);
        ctx.warnings.add({ source: 'secrets', code: 'rule-error', path: file.path, message: `Rule ${failure.rule} failed and was skipped for this file: ${failure.message}` });
      }
      const hits = own.hits;
      if (this.secretlint) {
        try {
          const result = await this.secretlint.detect(source, file.path, this.options.secretlintOnEveryFile);
          if (result.rulesRun) secretlintFiles++;
          hits.push(...result.hits);
        } catch (error) {
          ctx.warnings.add({ source: 'secrets', code: 'secretlint-error', path: file.path, message: `secretlint failed on this file; only Guardian's own secret rules ran: ${(error as Error).message}` });
        }
      }
      findings.push(...hitsToDrafts(file.path, text, dedupeHits(hits), hits));
    }
    ctx.progress.update(candidates.length, candidates.length);
    const rules = this.ruleDescriptors(findings.map((f) => f.ruleId));
    return {
      findings,
      rules,
      stats: { files: scanned, skipped: ctx.files.length - candidates.length, secretlintFiles, rules: rules.length },
    };
  }
}
