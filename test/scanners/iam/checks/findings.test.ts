import { describe, expect, it } from 'vitest';
import { finalizeFindings } from '../../../../src/core/fingerprint.js';
import { IAM_CHECK_RULES, parseCheckCatalog } from '../../../../src/scanners/iam/checks/catalog.js';
import { checkPolicy } from '../../../../src/scanners/iam/checks/check.js';
import { iamRuleDescriptors, toFindingDrafts } from '../../../../src/scanners/iam/checks/findings.js';
import { ESCALATION_CATALOG } from '../../../../src/scanners/iam/escalation/catalog.js';
import { findEscalationPaths } from '../../../../src/scanners/iam/escalation/analyze.js';
import { evaluate } from '../../../../src/scanners/iam/evaluate.js';
import type { IamPrincipal } from '../../../../src/scanners/iam/model.js';
import { policy } from './policies.js';

describe('IAM rule descriptors', () => {
  it('describe every policy check and every escalation method once', () => {
    const descriptors = iamRuleDescriptors();
    expect(descriptors).toHaveLength(IAM_CHECK_RULES.length + ESCALATION_CATALOG.methods.length);
    expect(new Set(descriptors.map((d) => d.id)).size).toBe(descriptors.length);
    expect(descriptors.every((d) => d.category === 'iam' && d.cwe.length > 0 && (d.references ?? []).length > 0)).toBe(true);
    expect(descriptors.find((d) => d.id === 'iam.escalation.iam-create-policy-version')).toMatchObject({
      severity: 'critical',
      cwe: ['CWE-269'],
      references: expect.arrayContaining(['https://attack.mitre.org/techniques/T1098/003/']),
    });
    expect(descriptors.find((d) => d.id === 'iam.trust-public-principal')).toMatchObject({ severity: 'critical', cwe: ['CWE-284', 'CWE-732'], precision: 'very-high' });
  });

  it('every policy check has a corrected JSON example that parses', () => {
    for (const rule of IAM_CHECK_RULES) {
      const text = rule.example.trim();
      // Examples are a statement or a policy fragment: both are JSON objects.
      expect(() => JSON.parse(text), rule.id).not.toThrow();
    }
  });

  it('rejects a catalog with a malformed rule id', () => {
    expect(() =>
      parseCheckCatalog(`rules:
  - { id: wildcard, title: t, severity: high, cwe: [CWE-250], precision: high, applies-to: [identity], rationale: r, remediation: r, example: '{}', references: [https://docs.aws.amazon.com/] }
admin-managed-policies: []
restricting-condition-keys: []
`),
    ).toThrow(/iam\.wildcard-action/);
  });
});

describe('toFindingDrafts', () => {
  const bucketPolicy = (line: number) => {
    const p = policy('resource', [{ Sid: 'Public', Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::assets/*' }], 'AssetsBucketPolicy');
    return { ...p, statements: p.statements.map((s) => ({ ...s, source: { path: 'template.yml', line } })) };
  };

  it('turns an issue into a located iam finding with the rule’s remediation example', () => {
    const [draft] = toFindingDrafts({ issues: checkPolicy(bucketPolicy(42)) });
    expect(draft).toMatchObject({
      ruleId: 'iam.resource-policy-public',
      category: 'iam',
      severity: 'high',
      cwe: ['CWE-732', 'CWE-284'],
      owasp: ['A01:2021-Broken Access Control'],
      location: { path: 'template.yml', startLine: 42 },
      remediation: { example: expect.stringContaining('aws:SourceArn') },
    });
    expect(draft!.message).toMatch(/^Statement "Public" of AssetsBucketPolicy allows s3:GetObject to any principal/);
  });

  it('keeps fingerprints when the statement moves to another line', () => {
    const at = (line: number) => finalizeFindings(toFindingDrafts({ issues: checkPolicy(bucketPolicy(line)) }))[0]!.fingerprint;
    expect(at(42)).toBe(at(57));
  });

  it('separates two wildcard issues of one statement', () => {
    const issues = checkPolicy(policy('identity', [{ Effect: 'Allow', Action: ['s3:*', 'sqs:*'], Resource: 'arn:aws:s3:::b' }]));
    const keys = toFindingDrafts({ issues }).map((d) => d.fingerprintKey);
    expect(new Set(keys).size).toBe(2);
  });

  it('turns an escalation path into a finding at the principal, naming the granting statement', () => {
    const principal: IamPrincipal = {
      id: 'BuildRole',
      type: 'role',
      name: 'build',
      arn: 'arn:aws:iam::123456789012:role/build',
      identityPolicies: [policy('identity', [{ Sid: 'EditPolicies', Effect: 'Allow', Action: 'iam:CreatePolicyVersion', Resource: '*' }], 'BuildPolicy')],
      source: { path: 'template.yml', line: 12 },
    };
    const paths = findEscalationPaths(principal, (r) => evaluate(principal, r));
    const drafts = toFindingDrafts({ paths });
    expect(drafts).toHaveLength(1);
    expect(drafts[0]).toMatchObject({
      ruleId: 'iam.escalation.iam-create-policy-version',
      category: 'iam',
      severity: 'critical',
      confidence: 'medium',
      location: { path: 'template.yml', startLine: 12 },
      fingerprintKey: 'BuildRole\u0000iam-create-policy-version',
    });
    expect(drafts[0]!.message).toContain('The role build can escalate its privileges (CreatePolicyVersion)');
    expect(drafts[0]!.message).toContain('granted by BuildPolicy (EditPolicies) at infra/policy.json:10');
    expect(drafts[0]!.remediation.text).toContain('Limit iam:CreatePolicyVersion');
  });

  it('falls back to the given path when nothing has a source', () => {
    const p = { ...policy('trust', [{ Effect: 'Allow', Principal: '*', Action: 'sts:AssumeRole' }]), source: undefined };
    const statements = p.statements.map(({ source: _source, ...s }) => s);
    const [draft] = toFindingDrafts({ issues: checkPolicy({ ...p, statements }) }, { fallbackPath: 'account/authorization.json' });
    expect(draft!.location).toEqual({ path: 'account/authorization.json', startLine: 1 });
  });
});
