/**
 * Uploaded results as one shape, whatever produced them: Guardian's JSON report, or any
 * SARIF 2.1.0 log (Guardian, Semgrep, Checkov, CodeQL, ASH, …;
 * https://docs.oasis-open.org/sarif/sarif/v2.1.0/sarif-v2.1.0.html). Malformed results are
 * skipped and counted with the reason, never fatal.
 */
import { createHash } from 'node:crypto';
import { isSeverity, type Severity } from '../../core/severity.js';

/** One result to store, keyed by `(tool, fingerprint)` within a repository. */
export interface IncomingFinding {
  tool: string;
  fingerprint: string;
  ruleId: string;
  category: string;
  severity: Severity;
  title: string;
  message: string;
  path: string;
  startLine: number;
  snippet: string | null;
  cwe: string[];
  remediation: string | null;
}

/** One tool's results and the categories its scan covered. */
export interface IncomingRun {
  tool: string;
  categories: string[];
  findings: IncomingFinding[];
}

export interface IncomingScan {
  runs: IncomingRun[];
  startedAt?: string;
  /** `result[3]: no ruleId` and the like, at most 20, plus the count. */
  skipped: { count: number; reasons: string[] };
}

const CATEGORY_BY_TOOL: [RegExp, string][] = [
  [/checkov|tfsec|kics|cfn[-_ ]?(lint|nag)|terrascan|trivy config/i, 'iac'],
  [/gitleaks|trufflehog|detect-secrets|secretlint/i, 'secrets'],
  [/grype|osv|dependency|npm audit|pip-audit|snyk|trivy/i, 'sca'],
];
const CATEGORIES = new Set(['sast', 'secrets', 'sca', 'iac', 'iam', 'pipeline']);

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() ? v : undefined);

/** SARIF `security-severity` (CVSS-like 0–10, GitHub's convention) or `level` to a severity. */
function severityOf(score: unknown, level: unknown, explicit: unknown): Severity {
  if (isSeverity(explicit)) return explicit;
  const n = typeof score === 'string' ? Number(score) : typeof score === 'number' ? score : NaN;
  if (Number.isFinite(n)) return n >= 9 ? 'critical' : n >= 7 ? 'high' : n >= 4 ? 'medium' : n > 0 ? 'low' : 'info';
  return level === 'error' ? 'high' : level === 'note' ? 'low' : level === 'none' ? 'info' : 'medium';
}

/** A fingerprint independent of line numbers, for tools that give none: tool, rule, path and the flagged text. */
function derivedFingerprint(tool: string, ruleId: string, path: string, text: string): string {
  return createHash('sha256').update(`${tool}\0${ruleId}\0${path}\0${text.replace(/\s+/g, ' ').trim()}`).digest('hex').slice(0, 32);
}

/** Repository-relative path from a SARIF artifact URI (`file:///src/app.py` with `%SRCROOT%`, or relative). */
function pathOf(uri: string): string {
  let path = uri;
  try {
    path = decodeURIComponent(uri.replace(/^file:\/\//, ''));
  } catch {
    // Keep an undecodable URI as written.
  }
  return path.replace(/^\.?\//, '').replaceAll('\\', '/');
}

function cweOf(values: unknown[]): string[] {
  const out = new Set<string>();
  for (const v of values) {
    const match = typeof v === 'string' ? /cwe[-/](\d+)/i.exec(v) : null;
    if (match) out.add(`CWE-${match[1]}`);
  }
  return [...out];
}

/** The runs of a SARIF log. Throws only when the document is not a SARIF log at all. */
export function fromSarif(log: unknown): IncomingScan {
  if (!isObject(log) || !Array.isArray(log.runs)) throw new Error('not a SARIF log: no "runs" array');
  const skipped = { count: 0, reasons: [] as string[] };
  const skip = (reason: string) => {
    skipped.count++;
    if (skipped.reasons.length < 20) skipped.reasons.push(reason);
  };
  let startedAt: string | undefined;
  const runs: IncomingRun[] = log.runs.map((run, r) => {
    const driver = isObject(run) && isObject(run.tool) && isObject(run.tool.driver) ? run.tool.driver : {};
    const tool = str(driver.name) ?? 'unknown';
    const rules = new Map<string, Json>();
    for (const rule of Array.isArray(driver.rules) ? driver.rules : []) if (isObject(rule) && str(rule.id)) rules.set(rule.id as string, rule);
    const invocation = isObject(run) && Array.isArray(run.invocations) && isObject(run.invocations[0]) ? run.invocations[0] : undefined;
    startedAt ??= str(invocation?.startTimeUtc);
    const fallbackCategory = CATEGORY_BY_TOOL.find(([pattern]) => pattern.test(tool))?.[1] ?? 'sast';
    const findings: IncomingFinding[] = [];
    const results = isObject(run) && Array.isArray(run.results) ? run.results : [];
    results.forEach((result, i) => {
      const where = `runs[${r}].results[${i}]`;
      if (!isObject(result)) return skip(`${where}: not an object`);
      const ruleIndex = typeof result.ruleIndex === 'number' && Array.isArray(driver.rules) ? (driver.rules[result.ruleIndex] as Json | undefined) : undefined;
      const ruleId = str(result.ruleId) ?? (isObject(result.rule) ? str(result.rule.id) : undefined) ?? str(ruleIndex?.id);
      if (!ruleId) return skip(`${where}: no ruleId`);
      const rule = rules.get(ruleId) ?? ruleIndex ?? {};
      const location = Array.isArray(result.locations) && isObject(result.locations[0]) ? result.locations[0] : undefined;
      const physical = isObject(location?.physicalLocation) ? location.physicalLocation : undefined;
      const uri = isObject(physical?.artifactLocation) ? str(physical.artifactLocation.uri) : undefined;
      if (!uri) return skip(`${where} (${ruleId}): no physicalLocation.artifactLocation.uri`);
      const region = isObject(physical?.region) ? physical.region : {};
      const message = (isObject(result.message) && str(result.message.text)) || (isObject(rule.shortDescription) && str(rule.shortDescription.text)) || ruleId;
      const props = isObject(result.properties) ? result.properties : {};
      const ruleProps = isObject(rule.properties) ? rule.properties : {};
      const snippet = isObject(region.snippet) ? str(region.snippet.text) ?? null : null;
      const path = pathOf(uri);
      const prints = isObject(result.partialFingerprints) ? Object.values(result.partialFingerprints).find((v) => typeof v === 'string') : undefined;
      const fingerprints = isObject(result.fingerprints) ? Object.values(result.fingerprints).find((v) => typeof v === 'string') : undefined;
      const category = typeof props.category === 'string' && CATEGORIES.has(props.category) ? props.category : fallbackCategory;
      const level = result.level ?? (isObject(rule.defaultConfiguration) ? rule.defaultConfiguration.level : undefined);
      findings.push({
        tool,
        fingerprint: (fingerprints as string | undefined) ?? (prints as string | undefined) ?? derivedFingerprint(tool, ruleId, path, snippet ?? message),
        ruleId,
        category,
        severity: severityOf(props['security-severity'] ?? ruleProps['security-severity'], level, props.severity),
        title: (isObject(rule.shortDescription) && str(rule.shortDescription.text)) || ruleId,
        message: message.slice(0, 4000),
        path,
        startLine: typeof region.startLine === 'number' && region.startLine > 0 ? region.startLine : 1,
        snippet: snippet?.slice(0, 2000) ?? null,
        cwe: cweOf([...(Array.isArray(ruleProps.tags) ? ruleProps.tags : []), ...(Array.isArray(props.tags) ? props.tags : []), ...(Array.isArray(ruleProps.cwe) ? ruleProps.cwe : [])]),
        remediation: (isObject(rule.help) && str(rule.help.text)?.slice(0, 4000)) || null,
      });
    });
    const categories = [...new Set(findings.map((f) => f.category))];
    return { tool, categories: categories.length ? categories : [fallbackCategory], findings };
  });
  return { runs, startedAt, skipped };
}

/** A Guardian JSON report (`guardian scan --format json`): its findings, and the scanners that ran as the categories covered. */
export function fromGuardianReport(report: unknown): IncomingScan {
  if (!isObject(report) || !Array.isArray(report.findings) || !isObject(report.tool)) throw new Error('not a Guardian JSON report: no "tool" and "findings"');
  const skipped = { count: 0, reasons: [] as string[] };
  const findings: IncomingFinding[] = [];
  report.findings.forEach((f, i) => {
    const location = isObject(f) && isObject(f.location) ? f.location : undefined;
    if (!isObject(f) || !str(f.ruleId) || !str(f.fingerprint) || !location || !str(location.path)) {
      skipped.count++;
      if (skipped.reasons.length < 20) skipped.reasons.push(`findings[${i}]: needs ruleId, fingerprint and location.path`);
      return;
    }
    const remediation = isObject(f.remediation) ? str(f.remediation.text) ?? null : null;
    findings.push({
      tool: 'Guardian',
      fingerprint: f.fingerprint as string,
      ruleId: f.ruleId as string,
      category: typeof f.category === 'string' && CATEGORIES.has(f.category) ? f.category : 'sast',
      severity: severityOf(undefined, undefined, f.severity),
      title: str(f.title) ?? (f.ruleId as string),
      message: (str(f.message) ?? '').slice(0, 4000),
      path: location.path as string,
      startLine: typeof location.startLine === 'number' ? location.startLine : 1,
      snippet: str(location.snippet)?.slice(0, 2000) ?? null,
      cwe: Array.isArray(f.cwe) ? f.cwe.filter((c): c is string => typeof c === 'string') : [],
      remediation,
    });
  });
  const scanners = isObject(report.stats) && isObject(report.stats.scanners) ? Object.keys(report.stats.scanners).filter((c) => CATEGORIES.has(c)) : [];
  return { runs: [{ tool: 'Guardian', categories: scanners.length ? scanners : [...new Set(findings.map((f) => f.category))], findings }], startedAt: str(report.startedAt), skipped };
}
