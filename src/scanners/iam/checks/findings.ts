/**
 * IAM results as Guardian findings: policy-check issues and escalation paths become
 * `FindingDraft`s (category `iam`), and every IAM rule — each policy check of rules.yml
 * and one rule per escalation method of methods.yml (`iam.escalation.<method-id>`) —
 * a `RuleDescriptor` for the reports.
 */
import type { Location, RuleDescriptor } from '../../../core/finding.js';
import type { FindingDraft } from '../../../core/fingerprint.js';
import type { SourceRef } from '../../iac/graph.js';
import { attackUrl, ESCALATION_CATALOG, type EscalationMethod } from '../escalation/catalog.js';
import type { EscalationPath, ProbedPermission } from '../escalation/analyze.js';
import { IAM_CHECK_RULES, checkRule } from './catalog.js';
import type { IamIssue } from './issue.js';

/** Rule id of an escalation method. */
export const escalationRuleId = (methodId: string): string => `iam.escalation.${methodId}`;

/** CWE of every escalation rule: Improper Privilege Management. */
const ESCALATION_CWE = ['CWE-269'];
const ACCESS_CONTROL = ['A01:2021-Broken Access Control'];

/** Descriptors of every IAM rule: the policy checks, then one per escalation method. */
export function iamRuleDescriptors(methods: readonly EscalationMethod[] = ESCALATION_CATALOG.methods): RuleDescriptor[] {
  const checks = IAM_CHECK_RULES.map(
    (rule): RuleDescriptor => ({
      id: rule.id,
      title: rule.title,
      description: rule.rationale,
      severity: rule.severity,
      category: 'iam',
      cwe: rule.cwe,
      owasp: rule.owasp,
      remediation: rule.remediation,
      references: rule.references,
      precision: rule.precision,
    }),
  );
  const escalations = methods.map(
    (method): RuleDescriptor => ({
      id: escalationRuleId(method.id),
      title: `Privilege escalation: ${method.title}`,
      description: `Permissions ${method.permissions.map((p) => p.action).join(' + ')} allow privilege escalation. ${method.result} Requires: ${method.preconditions}`,
      severity: method.severity,
      category: 'iam',
      cwe: ESCALATION_CWE,
      owasp: ACCESS_CONTROL,
      remediation: `${method.remediation} ${method.stop}`,
      references: [...method.references, ...method.attack.map(attackUrl)],
      // Whether the path pays off depends on resources (a privileged role to pass) the probe does not see.
      precision: 'medium',
    }),
  );
  return [...checks, ...escalations];
}

/** Options of `toFindingDrafts`. */
export interface DraftOptions {
  /** Repository-relative path used when an issue or path has no source; default `.`. */
  fallbackPath?: string;
}

const location = (source: SourceRef | undefined, fallbackPath: string): Location =>
  source
    ? { path: source.path, startLine: source.line, ...(source.endLine !== undefined ? { endLine: source.endLine } : {}) }
    : { path: fallbackPath, startLine: 1 };

/** A policy-check issue as a finding draft. */
export function issueToDraft(issue: IamIssue, options: DraftOptions = {}): FindingDraft {
  const rule = checkRule(issue.ruleId);
  const statement = issue.sid ?? (issue.statementIndex !== undefined ? `#${issue.statementIndex}` : '');
  // What tells two issues of one rule in one statement apart (one per wildcard pattern, one per owner).
  const discriminator = [issue.details.action, issue.details.owner].filter((v) => typeof v === 'string').join('/');
  return {
    ruleId: issue.ruleId,
    category: 'iam',
    severity: issue.severity,
    confidence: rule.precision === 'very-high' || rule.precision === 'high' ? 'high' : 'medium',
    title: rule.title,
    message: `${issue.message} ${firstSentence(rule.rationale)}`,
    cwe: rule.cwe,
    owasp: rule.owasp,
    location: location(issue.source, options.fallbackPath ?? '.'),
    remediation: { text: rule.remediation, example: rule.example },
    references: rule.references,
    fingerprintKey: [issue.policy, issue.ruleId, statement, discriminator].join('\u0000'),
  };
}

const describePermission = (p: ProbedPermission): string => {
  const on = p.resource === '*' ? '' : ` on ${p.resource}`;
  const grants = p.grantedBy.map((g) => `${g.policy}${g.sid ? ` (${g.sid})` : ''}${g.source ? ` at ${g.source.path}:${g.source.line}` : ''}`);
  const why = p.decision === 'allowed' ? (grants.length ? `granted by ${grants.join(', ')}` : 'allowed') : 'decision unknown';
  return `${p.action}${on} [${why}]`;
};

/** An escalation path as a finding draft, located at the principal (else the first granting statement). */
export function pathToDraft(path: EscalationPath, options: DraftOptions = {}): FindingDraft {
  const { method, principal } = path;
  const who = `${principal.type} ${principal.name}`;
  const verb = path.status === 'confirmed' ? 'can' : 'may be able to';
  const source = principal.source ?? path.permissions.flatMap((p) => p.grantedBy).find((g) => g.source)?.source;
  return {
    ruleId: escalationRuleId(method.id),
    category: 'iam',
    severity: path.severity,
    confidence: path.status === 'confirmed' ? 'medium' : 'low',
    title: `Privilege escalation: ${method.title}`,
    message: `The ${who} ${verb} escalate its privileges (${method.name}): ${path.permissions.map(describePermission).join('; ')}. ${method.result} Requires: ${method.preconditions}`,
    cwe: ESCALATION_CWE,
    owasp: ACCESS_CONTROL,
    location: location(source, options.fallbackPath ?? '.'),
    remediation: { text: `${method.remediation} ${path.stop}` },
    references: [...method.references, ...method.attack.map(attackUrl)],
    fingerprintKey: [principal.id, method.id].join('\u0000'),
  };
}

/** Issues and escalation paths as finding drafts, issues first. */
export function toFindingDrafts(results: { issues?: readonly IamIssue[]; paths?: readonly EscalationPath[] }, options: DraftOptions = {}): FindingDraft[] {
  return [...(results.issues ?? []).map((issue) => issueToDraft(issue, options)), ...(results.paths ?? []).map((path) => pathToDraft(path, options))];
}

const firstSentence = (text: string): string => {
  const end = text.search(/\.\s/);
  return end === -1 ? text : text.slice(0, end + 1);
};
