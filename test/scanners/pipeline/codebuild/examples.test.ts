import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { finalizeFindings, type FindingDraft } from '../../../../src/core/fingerprint.js';
import { analyzeCodeBuildApiOutput, analyzeCodeBuildProjects, CODEBUILD_RULE_DESCRIPTORS } from '../../../../src/scanners/pipeline/codebuild/analyze.js';
import { analyzeBuildspec, BUILDSPEC_RULE_DESCRIPTORS } from '../../../../src/scanners/pipeline/buildspec/analyze.js';
import { loadTemplate, resourcesFromTemplate } from './helpers.js';

const DIR = 'examples/pipelines/cloudformation';
const API = 'examples/pipelines/api/batch-get-projects.json';

/** `line ruleId severity`, sorted by line. */
const brief = (findings: FindingDraft[]) =>
  [...findings].sort((a, b) => a.location.startLine - b.location.startLine).map((f) => `${f.location.startLine} ${f.ruleId} ${f.severity}`);

/** Expected findings of each example template (see examples/pipelines/README.md). */
const EXPECTED: Record<string, string[]> = {
  '01-pr-builds-for-anyone.yaml': ['32 pipeline.codebuild.privileged-untrusted-builds high', '40 pipeline.codebuild.untrusted-pull-request-builds critical'],
  '02-no-filter-groups.yaml': ['36 pipeline.codebuild.webhook-without-filter-groups critical'],
  '03-push-only.yaml': [],
  '04-branch-filtered.yaml': [],
  '05-actor-filtered-anchored.yaml': [],
  '06-actor-filtered-unanchored.yaml': ['41 pipeline.codebuild.unanchored-actor-filter high'],
  '07-pr-comment-approval.yaml': [],
  '08-shared-admin-role.yaml': ['23 pipeline.codebuild.overbroad-service-role medium', '29 pipeline.codebuild.shared-service-role medium'],
};

describe('examples/pipelines CloudFormation templates', () => {
  it('has an expectation for every template', () => {
    expect(readdirSync(DIR).sort()).toEqual(Object.keys(EXPECTED).sort());
  });

  for (const [file, expected] of Object.entries(EXPECTED)) {
    it(`${file} → ${expected.length ? expected.map((e) => e.split(' ')[1]).join(', ') : 'no finding'}`, () => {
      const result = analyzeCodeBuildProjects(loadTemplate(`${DIR}/${file}`));
      expect(result.warnings).toEqual([]);
      expect(brief(result.findings)).toEqual(expected);
      for (const f of result.findings) expect(f.location.path).toBe(`${DIR}/${file}`);
    });
  }

  it('gives the same findings when all templates are analysed together (same logical ids in several stacks)', () => {
    const all = Object.keys(EXPECTED).flatMap((file) => loadTemplate(`${DIR}/${file}`));
    const findings = analyzeCodeBuildProjects(all).findings;
    const byFile = Object.keys(EXPECTED).flatMap((file) => brief(findings.filter((f) => f.location.path.endsWith(file))).map((b) => `${file} ${b}`));
    expect(byFile).toEqual(Object.entries(EXPECTED).flatMap(([file, lines]) => lines.map((l) => `${file} ${l}`)));
  });

  it('explains the CodeBreach case in the message and points to the fix', () => {
    const [finding] = analyzeCodeBuildProjects(loadTemplate(`${DIR}/06-actor-filtered-unanchored.yaml`)).findings;
    expect(finding!.message).toContain('"1234567|7654321"');
    expect(finding!.message).toContain('"1234567", "7654321" not anchored');
    expect(finding!.remediation.example).toContain('^(1234567|7654321)$');
    expect(finding!.cwe).toEqual(['CWE-625']);
    expect(finding!.category).toBe('pipeline');
    expect(finding!.references).toContain('https://owasp.org/www-project-top-10-ci-cd-security-risks/CICD-SEC-04-Poisoned-Pipeline-Execution');
  });

  it('keeps fingerprints when lines are inserted above', () => {
    const file = `${DIR}/01-pr-builds-for-anyone.yaml`;
    const text = readFileSync(file, 'utf8');
    const shifted = text.replace('Resources:\n', '# a comment\n\n# another\nResources:\n');
    const before = finalizeFindings(analyzeCodeBuildProjects(resourcesFromTemplate(file, text)).findings);
    const after = finalizeFindings(analyzeCodeBuildProjects(resourcesFromTemplate(file, shifted)).findings);
    expect(after.map((f) => f.location.startLine)).toEqual(before.map((f) => f.location.startLine + 3));
    expect(after.map((f) => f.fingerprint)).toEqual(before.map((f) => f.fingerprint));
    expect(new Set(before.map((f) => f.fingerprint)).size).toBe(before.length);
  });
});

describe('examples/pipelines batch-get-projects output', () => {
  it('reports the unanchored actor filter, privileged mode, unanchored branch filter, plaintext token and shared role at their JSON lines', () => {
    const result = analyzeCodeBuildApiOutput(API, readFileSync(API, 'utf8'));
    expect(result?.warnings).toEqual([]);
    expect(brief(result!.findings)).toEqual([
      '26 pipeline.codebuild.privileged-untrusted-builds high',
      '29 pipeline.codebuild.shared-service-role medium',
      '47 pipeline.codebuild.unanchored-actor-filter high',
      '79 pipeline.codebuild.plaintext-secret-variable high',
      '106 pipeline.codebuild.unanchored-ref-filter high',
    ]);
  });

  it('masks the plaintext token in the message', () => {
    const result = analyzeCodeBuildApiOutput(API, readFileSync(API, 'utf8'))!;
    const secret = result.findings.find((f) => f.ruleId === 'pipeline.codebuild.plaintext-secret-variable')!;
    expect(secret.message).toContain('NPM_PUBLISH_TOKEN');
    expect(secret.message).toContain('Zq**********');
    expect(JSON.stringify(secret)).not.toContain('Zq8v3Lr1Wm6Tx0Kp4Hs9');
  });
});

describe('examples/pipelines buildspecs', () => {
  it('plaintext-secret/buildspec.yml: plaintext secret and its export', () => {
    const path = 'examples/pipelines/buildspec/plaintext-secret/buildspec.yml';
    const result = analyzeBuildspec(path, readFileSync(path, 'utf8'));
    expect(result.warnings).toEqual([]);
    expect(brief(result.findings)).toEqual(['10 pipeline.buildspec.plaintext-secret high', '13 pipeline.buildspec.exported-secret medium']);
    expect(JSON.stringify(result.findings)).not.toContain('Tr0ub4dor-3xQ9-prod');
  });

  it('parameter-store/buildspec.yml: no finding', () => {
    const path = 'examples/pipelines/buildspec/parameter-store/buildspec.yml';
    expect(analyzeBuildspec(path, readFileSync(path, 'utf8'))).toEqual({ findings: [], warnings: [] });
  });
});

describe('rule catalog', () => {
  const rules = [...CODEBUILD_RULE_DESCRIPTORS, ...BUILDSPEC_RULE_DESCRIPTORS];

  it('describes every rule completely', () => {
    expect(rules).toHaveLength(10);
    expect(new Set(rules.map((r) => r.id)).size).toBe(rules.length);
    for (const rule of rules) {
      expect(rule.id).toMatch(/^pipeline\.(codebuild|buildspec)\.[a-z-]+$/);
      expect(rule.category).toBe('pipeline');
      expect(rule.cwe.length).toBeGreaterThan(0);
      for (const cwe of rule.cwe) expect(cwe).toMatch(/^CWE-\d+$/);
      expect(rule.description).toMatch(/OWASP CICD-SEC-\d+: /);
      expect(rule.references!.some((r) => r.startsWith('https://docs.aws.amazon.com/'))).toBe(true);
      expect(rule.references!.some((r) => r.startsWith('https://owasp.org/www-project-top-10-ci-cd-security-risks/CICD-SEC-'))).toBe(true);
      expect(rule.remediation!.length).toBeGreaterThan(40);
    }
  });

  it('has every rule demonstrated by an example', () => {
    const found = new Set<string>();
    for (const file of Object.keys(EXPECTED)) for (const f of analyzeCodeBuildProjects(loadTemplate(`${DIR}/${file}`)).findings) found.add(f.ruleId);
    for (const f of analyzeCodeBuildApiOutput(API, readFileSync(API, 'utf8'))!.findings) found.add(f.ruleId);
    const path = 'examples/pipelines/buildspec/plaintext-secret/buildspec.yml';
    for (const f of analyzeBuildspec(path, readFileSync(path, 'utf8')).findings) found.add(f.ruleId);
    expect([...found].sort()).toEqual(rules.map((r) => r.id).sort());
  });
});
