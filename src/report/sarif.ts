import { pathToFileURL } from 'node:url';
import type { Finding, Location, RuleDescriptor } from '../core/finding.js';
import { cweUrl } from '../core/references.js';
import type { ScanResult } from '../core/run.js';
import { type Severity, securitySeverityScore } from '../core/severity.js';

/**
 * SARIF 2.1.0 (OASIS Standard, https://docs.oasis-open.org/sarif/sarif/v2.1.0/) in the
 * shape GitHub code scanning ingests
 * (https://docs.github.com/en/code-security/code-scanning/integrating-with-code-scanning/sarif-support-for-code-scanning):
 * rules with `help` and `properties.security-severity`, results with
 * `partialFingerprints`, `codeFlows` for taint traces, `suppressions` for inline and
 * configured suppressions, `baselineState` when a baseline was used, and
 * `invocations[].toolExecutionNotifications` for every warning.
 */
export function toSarif(result: ScanResult, options: { baselineUsed?: boolean } = {}): SarifLog {
  const rules = collectRules(result);
  const ruleIndex = new Map(rules.map((r, i) => [r.id, i]));
  const toResult = (finding: Finding): SarifResult => {
    const out: SarifResult = {
      ruleId: finding.ruleId,
      ruleIndex: ruleIndex.get(finding.ruleId)!,
      level: sarifLevel(finding.severity),
      message: { text: finding.message },
      locations: [{ physicalLocation: physicalLocation(finding.location) }],
      partialFingerprints: { 'guardian/v1': finding.fingerprint },
      properties: {
        severity: finding.severity,
        category: finding.category,
        ...(finding.confidence ? { confidence: finding.confidence } : {}),
        ...(finding.package ? { package: finding.package } : {}),
        ...(finding.remediation.fixedVersion ? { fixedVersion: finding.remediation.fixedVersion } : {}),
        ...(finding.standards?.length ? { standards: finding.standards.map((c) => `${c.standard}#${c.section}`) } : {}),
      },
    };
    if (finding.dataFlow?.length) {
      out.codeFlows = [
        {
          threadFlows: [
            {
              locations: finding.dataFlow.map((step) => ({
                location: { physicalLocation: physicalLocation(step.location), message: { text: step.note } },
              })),
            },
          ],
        },
      ];
    }
    if (finding.suppression && finding.suppression.kind !== 'baseline') {
      out.suppressions = [
        { kind: finding.suppression.kind === 'inline' ? 'inSource' : 'external', status: 'accepted', justification: finding.suppression.reason },
      ];
    }
    if (options.baselineUsed) out.baselineState = finding.suppression?.kind === 'baseline' ? 'unchanged' : 'new';
    return out;
  };

  const end = new Date(Date.parse(result.startedAt) + result.durationMs);
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'Guardian',
            version: result.tool.version,
            semanticVersion: result.tool.version,
            rules: rules.map(toReportingDescriptor),
          },
        },
        automationDetails: { id: `guardian/scan/${result.startedAt}` },
        originalUriBaseIds: { SRCROOT: { uri: `${pathToFileURL(result.target).href.replace(/\/?$/, '/')}` } },
        invocations: [
          {
            executionSuccessful: !result.warnings.some((w) => w.code === 'internal-error'),
            startTimeUtc: result.startedAt,
            endTimeUtc: end.toISOString(),
            toolExecutionNotifications: result.warnings.map((w) => ({
              level: w.code === 'internal-error' ? 'error' : 'warning',
              message: { text: w.message },
              descriptor: { id: w.code },
              ...(w.path
                ? { locations: [{ physicalLocation: { artifactLocation: { uri: encodePath(w.path), uriBaseId: 'SRCROOT' }, ...(w.line ? { region: { startLine: w.line } } : {}) } }] }
                : {}),
            })),
          },
        ],
        results: [...result.findings, ...result.suppressed].map(toResult),
        columnKind: 'utf16CodeUnits',
      },
    ],
  };
}

/** SARIF `level` for a severity: error for critical/high, warning for medium, note below. */
export function sarifLevel(severity: Severity): 'error' | 'warning' | 'note' {
  return severity === 'critical' || severity === 'high' ? 'error' : severity === 'medium' ? 'warning' : 'note';
}

function collectRules(result: ScanResult): RuleDescriptor[] {
  const byId = new Map(result.rules.map((r) => [r.id, r]));
  for (const f of [...result.findings, ...result.suppressed]) {
    if (!byId.has(f.ruleId)) {
      byId.set(f.ruleId, { id: f.ruleId, title: f.title, description: f.message, severity: f.severity, category: f.category, cwe: f.cwe, remediation: f.remediation.text });
    }
  }
  return [...byId.values()].sort((a, b) => a.id.localeCompare(b.id));
}

function toReportingDescriptor(rule: RuleDescriptor): SarifRule {
  const helpText = [rule.description, rule.remediation ? `Fix: ${rule.remediation}` : '', ...(rule.references ?? [])].filter(Boolean).join('\n\n');
  const helpMarkdown = [
    `**${rule.title}**`,
    rule.description,
    rule.remediation ? `**Fix:** ${rule.remediation.replace(/\n\nExample:\n([\s\S]*)$/, '\n\n```\n$1\n```')}` : '',
    rule.cwe.length ? `**Weaknesses:** ${rule.cwe.map((c) => `[${c}](${cweUrl(c)})`).join(', ')}` : '',
    rule.references?.length ? `**References:**\n${rule.references.map((r) => `- ${r}`).join('\n')}` : '',
  ]
    .filter(Boolean)
    .join('\n\n');
  const score = rule.score ?? securitySeverityScore(rule.severity);
  return {
    id: rule.id,
    name: rule.id.replace(/[^A-Za-z0-9]+(.)?/g, (_, c: string | undefined) => (c ? c.toUpperCase() : '')),
    shortDescription: { text: rule.title },
    fullDescription: { text: rule.description },
    help: { text: helpText, markdown: helpMarkdown },
    ...(rule.references?.[0] ? { helpUri: rule.references[0] } : {}),
    defaultConfiguration: { level: sarifLevel(rule.severity) },
    properties: {
      tags: ['security', rule.category, ...rule.cwe.map((c) => `external/cwe/${c.toLowerCase()}`), ...(rule.owasp ?? []).map((o) => `external/owasp/${o.split('-')[0]!.toLowerCase()}`)],
      'security-severity': score.toFixed(1),
      ...(rule.precision ? { precision: rule.precision } : {}),
      'problem.severity': sarifLevel(rule.severity) === 'note' ? 'recommendation' : sarifLevel(rule.severity),
    },
  };
}

function encodePath(path: string): string {
  return path.split('/').map(encodeURIComponent).join('/');
}

function physicalLocation(location: Location): SarifPhysicalLocation {
  const region: SarifRegion = { startLine: Math.max(1, location.startLine) };
  if (location.startColumn) region.startColumn = location.startColumn;
  if (location.endLine) region.endLine = location.endLine;
  if (location.endColumn && (location.endLine ?? location.startLine) >= location.startLine) region.endColumn = location.endColumn;
  if (location.snippet) region.snippet = { text: location.snippet };
  return { artifactLocation: { uri: encodePath(location.path), uriBaseId: 'SRCROOT' }, region };
}

/* Types for the subset of SARIF 2.1.0 Guardian writes. */
export interface SarifLog {
  $schema: string;
  version: '2.1.0';
  runs: SarifRun[];
}
interface SarifRun {
  tool: { driver: { name: string; version: string; semanticVersion: string; rules: SarifRule[] } };
  automationDetails: { id: string };
  originalUriBaseIds: Record<string, { uri: string }>;
  invocations: unknown[];
  results: SarifResult[];
  columnKind: 'utf16CodeUnits';
}
interface SarifRule {
  id: string;
  name: string;
  shortDescription: { text: string };
  fullDescription: { text: string };
  help: { text: string; markdown: string };
  helpUri?: string;
  defaultConfiguration: { level: string };
  properties: Record<string, unknown>;
}
interface SarifRegion {
  startLine: number;
  startColumn?: number;
  endLine?: number;
  endColumn?: number;
  snippet?: { text: string };
}
interface SarifPhysicalLocation {
  artifactLocation: { uri: string; uriBaseId: string };
  region: SarifRegion;
}
interface SarifResult {
  ruleId: string;
  ruleIndex: number;
  level: string;
  message: { text: string };
  locations: { physicalLocation: SarifPhysicalLocation }[];
  partialFingerprints: Record<string, string>;
  codeFlows?: unknown[];
  suppressions?: { kind: string; status: string; justification: string }[];
  baselineState?: 'new' | 'unchanged';
  properties: Record<string, unknown>;
}
