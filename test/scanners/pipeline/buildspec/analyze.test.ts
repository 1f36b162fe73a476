import { describe, expect, it } from 'vitest';
import { finalizeFindings, type FindingDraft } from '../../../../src/core/fingerprint.js';
import { analyzeBuildspec, isBuildspecPath } from '../../../../src/scanners/pipeline/buildspec/analyze.js';

const AWS_KEY_ID = ['AK', 'IA', 'Q7RZ4M2WX9TB3KLP'].join('');

const brief = (findings: FindingDraft[]) => findings.map((f) => `${f.location.startLine} ${f.ruleId.replace('pipeline.buildspec.', '')} ${f.severity}`);

describe('isBuildspecPath', () => {
  it.each(['buildspec.yml', 'buildspec.yaml', 'ci/buildspec-release.yml', 'infra/BuildSpec.yml', 'a\\b\\buildspec_test.yaml'])('%s is a buildspec', (path) => {
    expect(isBuildspecPath(path)).toBe(true);
  });
  it.each(['buildspec.json', 'my-buildspec.yml', 'buildspec.yml.bak', 'buildspec/other.yml', 'template.yaml'])('%s is not', (path) => {
    expect(isBuildspecPath(path)).toBe(false);
  });
});

describe('analyzeBuildspec', () => {
  it('flags credential-shaped values in env.variables whatever the name, masked, at the value line', () => {
    const r = analyzeBuildspec('buildspec.yml', `version: 0.2\nenv:\n  variables:\n    REGION: eu-west-1\n    DEPLOY: ${AWS_KEY_ID}\n`);
    expect(brief(r.findings)).toEqual(['5 plaintext-secret high']);
    expect(r.findings[0]!.message).toContain('an AWS access key ID (AKIA********)');
    expect(r.findings[0]!.location.snippet).toBe('DEPLOY: AKIA********');
    expect(JSON.stringify(r.findings)).not.toContain(AWS_KEY_ID);
  });

  it('flags exporting a variable loaded from Parameter Store or Secrets Manager, not other exports', () => {
    const text = 'version: 0.2\nenv:\n  parameter-store:\n    SIGNING: /ci/signing\n  secrets-manager:\n    DB: prod/db:password\n  exported-variables:\n    - IMAGE_TAG\n    - SIGNING\n    - DB\n    - GITHUB_TOKEN\n';
    const r = analyzeBuildspec('buildspec.yml', text);
    expect(brief(r.findings)).toEqual(['9 exported-secret medium', '10 exported-secret medium', '11 exported-secret medium']);
    expect(r.findings[0]!.message).toContain('SIGNING, which is loaded from Parameter Store / Secrets Manager');
    expect(r.findings[2]!.message).toContain('GITHUB_TOKEN, which is named like a secret');
  });

  it('checks the env of each batch build-list entry', () => {
    const text = 'version: 0.2\nbatch:\n  build-list:\n    - identifier: linux\n      env:\n        variables:\n          NPM_TOKEN: 4f1c9e7a2b8d6f30c5e1\n';
    const r = analyzeBuildspec('buildspec.yml', text);
    expect(brief(r.findings)).toEqual(['7 plaintext-secret high']);
    expect(r.findings[0]!.message).toMatch(/^batch\.build-list\[0\]\.env\.variables\.NPM_TOKEN /);
  });

  it('does not flag placeholders, references, non-secret names or numbers', () => {
    const text = 'version: 0.2\nenv:\n  variables:\n    DB_PASSWORD: $DB_PASSWORD_FROM_SSM\n    API_KEY: changeme\n    KEY_ID: abc123def456ghi\n    SECRET_KEY: 20240101\n    TOKEN: ""\n';
    expect(analyzeBuildspec('buildspec.yml', text)).toEqual({ findings: [], warnings: [] });
  });

  it('has fingerprints that survive inserted lines', () => {
    const text = 'version: 0.2\nenv:\n  variables:\n    DB_PASSWORD: s3cr3t-Value-x9\n';
    const a = finalizeFindings(analyzeBuildspec('buildspec.yml', text).findings);
    const b = finalizeFindings(analyzeBuildspec('buildspec.yml', `# ci\n\n${text}`).findings);
    expect(b[0]!.location.startLine).toBe(a[0]!.location.startLine + 2);
    expect(b[0]!.fingerprint).toBe(a[0]!.fingerprint);
  });

  it('turns bad input into warnings, never exceptions', () => {
    expect(analyzeBuildspec('buildspec.yml', 'version: 0.2\nenv:\n  variables: [a, b]\n')).toEqual({
      findings: [],
      warnings: [expect.objectContaining({ code: 'invalid-buildspec', path: 'buildspec.yml', line: 3 })],
    });
    const broken = analyzeBuildspec('buildspec.yml', 'version: 0.2\nenv:\n  variables:\n    A: "unterminated\n');
    expect(broken.findings).toEqual([]);
    expect(broken.warnings).toEqual([expect.objectContaining({ code: 'parse-error', path: 'buildspec.yml' })]);
    expect(analyzeBuildspec('buildspec.yml', '- just\n- a list\n')).toEqual({ findings: [], warnings: [] });
    expect(analyzeBuildspec('buildspec.yml', '')).toEqual({ findings: [], warnings: [] });
  });
});
