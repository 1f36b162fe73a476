import { describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import { SEVERITIES } from '../../../../src/core/severity.js';
import { GITHUB_ACTIONS_RULES, RULE_CATALOG, analyzeWorkflow } from '../../../../src/scanners/pipeline/github-actions/index.js';

describe('GitHub Actions rule catalog', () => {
  it('has unique pipeline.github-actions.* ids and one descriptor per entry', () => {
    const ids = GITHUB_ACTIONS_RULES.map((r) => r.id);
    expect(new Set(ids).size).toBe(RULE_CATALOG.length);
    for (const id of ids) expect(id).toMatch(/^pipeline\.github-actions\.[a-z0-9-]+$/);
    expect(ids).toContain('pipeline.github-actions.script-injection');
  });

  it('gives every rule severity, CWE, OWASP, remediation with an example and https references', () => {
    for (const rule of RULE_CATALOG) {
      expect(SEVERITIES).toContain(rule.severity);
      expect(rule.cwe.length).toBeGreaterThan(0);
      for (const cwe of rule.cwe) expect(cwe).toMatch(/^CWE-\d+$/);
      for (const owasp of rule.owasp) expect(owasp).toMatch(/^A\d\d:2021-/);
      expect(rule.remediation.length).toBeGreaterThan(40);
      expect(rule.references.length).toBeGreaterThan(0);
      for (const url of rule.references) expect(url).toMatch(/^https:\/\//);
      if (rule.cicd) expect(rule.cicd.id).toMatch(/^CICD-SEC-\d+$/);
    }
    for (const descriptor of GITHUB_ACTIONS_RULES) {
      expect(descriptor.category).toBe('pipeline');
      expect(descriptor.remediation).toContain('\n\nExample:\n');
    }
  });

  it('has remediation examples that are valid YAML', () => {
    for (const rule of RULE_CATALOG) {
      const doc = parseDocument(rule.example);
      expect(doc.errors.map((e) => `${rule.name}: ${e.message}`)).toEqual([]);
    }
  });

  it('has a complete-workflow example for untrusted-checkout that Guardian finds nothing in', () => {
    const example = RULE_CATALOG.find((r) => r.name === 'untrusted-checkout')!.example;
    expect(analyzeWorkflow('.github/workflows/example.yml', example)).toEqual({ findings: [], warnings: [] });
  });
});
