/**
 * JUnit XML for CI test reports (GitHub test reporters, GitLab `artifacts:reports:junit`,
 * AWS CodeBuild report groups, Jenkins), in the common schema those tools read
 * (https://github.com/testmoapp/junitxml, after Ant's JUnit task):
 *
 * - one `<testsuite>` per category (`sast`, `secrets`, …), named `guardian.<category>`;
 * - one failing `<testcase>` per finding (classname = rule id, name = `path:line`), whose
 *   `<failure>` carries severity, rule, CWE and the message; a finding below the fail
 *   threshold is still a failure but typed `warning` so reporters can tell them apart;
 * - one `<skipped>` test case per suppressed finding, with the reason;
 * - one passing test case per rule that ran and found nothing, so a clean scan reads as
 *   passed tests rather than an empty report.
 *
 * Secrets are masked in findings already. Characters XML 1.0 forbids are dropped.
 */
import type { Category, Finding } from '../core/finding.js';
import type { ScanResult } from '../core/run.js';
import { severityRank } from '../core/severity.js';

// XML 1.0 Char production: tab, newline, carriage return and U+0020 upward, without surrogates halves or U+FFFE/U+FFFF.
const INVALID_XML = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;
const xml = (text: string) => text.replace(INVALID_XML, '').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');

interface Case {
  classname: string;
  name: string;
  body: string;
  failed: boolean;
  skipped: boolean;
}

const where = (f: Finding) => `${f.location.path}:${f.location.startLine}`;

function failureCase(f: Finding, failOn: ScanResult['failOn']): Case {
  const gating = severityRank(f.severity) >= severityRank(failOn);
  const detail = [`${f.severity.toUpperCase()} ${f.ruleId}${f.cwe.length ? ` (${f.cwe.join(', ')})` : ''} at ${where(f)}`, f.message, f.location.snippet ? `\n${f.location.snippet}` : '', `\nFix: ${f.remediation.text}`].filter(Boolean).join('\n');
  return { classname: f.ruleId, name: where(f), failed: true, skipped: false, body: `<failure message="${xml(`${f.title} (${f.severity})`)}" type="${gating ? f.severity : 'warning'}">${xml(detail)}</failure>` };
}

/** The scan as JUnit XML. */
export function toJunit(result: ScanResult): string {
  const suites = new Map<Category, Case[]>();
  const add = (category: Category, c: Case) => suites.set(category, [...(suites.get(category) ?? []), c]);
  for (const f of result.findings) add(f.category, failureCase(f, result.failOn));
  for (const f of result.suppressed) add(f.category, { classname: f.ruleId, name: where(f), failed: false, skipped: true, body: `<skipped message="${xml(`suppressed (${f.suppression?.kind}): ${f.suppression?.reason ?? ''}`)}"/>` });
  const reported = new Set([...result.findings, ...result.suppressed].map((f) => f.ruleId));
  for (const rule of result.rules) if (!reported.has(rule.id)) add(rule.category, { classname: rule.id, name: rule.title, failed: false, skipped: false, body: '' });

  const seconds = (result.durationMs / 1000).toFixed(3);
  const suiteXml = [...suites.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([category, cases]) => {
      const failures = cases.filter((c) => c.failed).length;
      const skipped = cases.filter((c) => c.skipped).length;
      const body = cases.map((c) => `    <testcase classname="${xml(c.classname)}" name="${xml(c.name)}" time="0"${c.body ? `>\n      ${c.body}\n    </testcase>` : '/>'}`).join('\n');
      return `  <testsuite name="guardian.${category}" tests="${cases.length}" failures="${failures}" errors="0" skipped="${skipped}" time="0" timestamp="${result.startedAt}">\n${body}\n  </testsuite>`;
    })
    .join('\n');
  const all = [...suites.values()].flat();
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="guardian ${xml(result.tool.version)}" tests="${all.length}" failures="${all.filter((c) => c.failed).length}" errors="0" skipped="${all.filter((c) => c.skipped).length}" time="${seconds}">\n${suiteXml}\n</testsuites>\n`;
}
