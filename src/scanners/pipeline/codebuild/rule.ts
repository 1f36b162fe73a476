import type { RuleDescriptor } from '../../../core/finding.js';
import type { FindingDraft } from '../../../core/fingerprint.js';
import { cweUrl, owaspForCwes } from '../../../core/references.js';
import type { Severity } from '../../../core/severity.js';
import type { CicdRisk } from '../cicd-sec.js';

/**
 * A pipeline rule as data: what it finds, why it matters, how to fix it (with a
 * corrected configuration), and the CWE and OWASP CI/CD risk it belongs to.
 */
export interface PipelineRule {
  /** `pipeline.codebuild.<name>` or `pipeline.buildspec.<name>`. */
  id: string;
  title: string;
  /** Default severity; a finding may lower it (e.g. for self-hosted source providers). */
  severity: Severity;
  cwe: string[];
  /** The OWASP Top 10 CI/CD Security Risk the rule belongs to. */
  cicd: CicdRisk;
  /** Why it matters, in one or two sentences. */
  rationale: string;
  /** What to change. */
  remediation: string;
  /** The corrected configuration (CloudFormation YAML or buildspec). */
  example: string;
  precision: NonNullable<RuleDescriptor['precision']>;
  references: string[];
}

/** SARIF-ready descriptor of a pipeline rule (category `pipeline`). */
export function describePipelineRule(rule: PipelineRule): RuleDescriptor {
  return {
    id: rule.id,
    title: rule.title,
    description: `${rule.rationale} (OWASP ${rule.cicd.id}: ${rule.cicd.name})`,
    severity: rule.severity,
    category: 'pipeline',
    cwe: rule.cwe,
    owasp: owaspForCwes(rule.cwe),
    remediation: `${rule.remediation}\n\n${rule.example}`,
    references: referencesOf(rule),
    precision: rule.precision,
  };
}

function referencesOf(rule: PipelineRule): string[] {
  return [...rule.references, rule.cicd.url, ...rule.cwe.map(cweUrl)];
}

/** Where and what one finding of `rule` says. */
export interface Occurrence {
  path: string;
  line: number;
  message: string;
  /** Content the fingerprint derives from: never a line number, never a raw secret. */
  fingerprintKey: string;
  severity?: Severity;
  /** Source text of the line, secrets already masked. */
  snippet?: string;
}

/** A finding draft of `rule` at `occurrence`. */
export function pipelineFinding(rule: PipelineRule, occurrence: Occurrence): FindingDraft {
  return {
    ruleId: rule.id,
    category: 'pipeline',
    severity: occurrence.severity ?? rule.severity,
    confidence: rule.precision === 'very-high' || rule.precision === 'high' ? 'high' : rule.precision,
    title: rule.title,
    message: occurrence.message,
    cwe: rule.cwe,
    owasp: owaspForCwes(rule.cwe),
    location: { path: occurrence.path, startLine: occurrence.line, ...(occurrence.snippet ? { snippet: occurrence.snippet } : {}) },
    remediation: { text: rule.remediation, example: rule.example },
    references: referencesOf(rule),
    fingerprintKey: `${rule.id}\u0000${occurrence.fingerprintKey}`,
  };
}
