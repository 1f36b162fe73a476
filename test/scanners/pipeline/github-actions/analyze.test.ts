import { describe, expect, it } from 'vitest';
import { finalizeFindings } from '../../../../src/core/fingerprint.js';
import { analyzeWorkflow, isWorkflowPath } from '../../../../src/scanners/pipeline/github-actions/index.js';

const PATH = '.github/workflows/ci.yml';

/** A pull_request_target pwn request with a script injection, every action pinned. */
const PWN = `name: Preview
on: pull_request_target
permissions:
  contents: read
jobs:
  preview:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683
        with:
          ref: \${{ github.event.pull_request.head.sha }}
      - name: Build
        run: |
          npm ci
          echo "Building \${{ github.event.pull_request.title }}"
        env:
          TOKEN: \${{ secrets.DEPLOY_TOKEN }}
`;

function summary(text: string): string[] {
  return analyzeWorkflow(PATH, text).findings.map(
    (f) => `${f.ruleId.replace('pipeline.github-actions.', '')}@${f.location.startLine}:${f.location.startColumn} ${f.severity}`,
  );
}

describe('isWorkflowPath', () => {
  it('accepts yml/yaml files directly in .github/workflows', () => {
    expect(isWorkflowPath('.github/workflows/ci.yml')).toBe(true);
    expect(isWorkflowPath('.github/workflows/release.yaml')).toBe(true);
    expect(isWorkflowPath('packages/app/.github/workflows/ci.yml')).toBe(true);
    expect(isWorkflowPath('C:\\repo\\.github\\workflows\\ci.yml')).toBe(true);
  });

  it('rejects other files', () => {
    expect(isWorkflowPath('.github/workflows/sub/ci.yml')).toBe(false);
    expect(isWorkflowPath('.github/workflows/README.md')).toBe(false);
    expect(isWorkflowPath('.github/dependabot.yml')).toBe(false);
    expect(isWorkflowPath('workflows/ci.yml')).toBe(false);
    expect(isWorkflowPath('.github/actions/setup/action.yml')).toBe(false);
  });
});

describe('analyzeWorkflow', () => {
  it('reports each rule at the exact line and column, inside multi-line run blocks too', () => {
    expect(summary(PWN).sort()).toEqual([
      'script-injection@15:26 high',
      'secrets-exposed-to-untrusted-code@17:18 high',
      'untrusted-checkout@11:16 critical',
    ]);
  });

  it('builds complete pipeline findings', () => {
    const finding = analyzeWorkflow(PATH, PWN).findings.find((f) => f.ruleId.endsWith('untrusted-checkout'))!;
    expect(finding).toMatchObject({
      category: 'pipeline',
      severity: 'critical',
      cwe: ['CWE-829', 'CWE-94'],
      location: { path: PATH, startLine: 11, startColumn: 16, endLine: 11, endColumn: 56, snippet: 'ref: ${{ github.event.pull_request.head.sha }}' },
    });
    expect(finding.message).toBe(
      "Job 'preview' runs on pull_request_target and checks out untrusted code (ref: ${{ github.event.pull_request.head.sha }}), " +
        "then runs `npm ci` (line 13): the contributor's code runs with the base repository's secrets and token.",
    );
    expect(finding.remediation.example).toContain('on: pull_request');
    expect(finding.references).toContain('https://securitylab.github.com/resources/github-actions-preventing-pwn-requests/');
  });

  it('keeps fingerprints when lines are inserted above and steps added before', () => {
    const shifted = PWN.replace('name: Preview\n', '# Preview deployments\n\nname: Preview\n').replace(
      '    steps:\n',
      '    steps:\n      - name: Say hi\n        run: echo hi\n',
    );
    const before = finalizeFindings(analyzeWorkflow(PATH, PWN).findings);
    const after = finalizeFindings(analyzeWorkflow(PATH, shifted).findings);
    expect(after.map((f) => f.location.startLine)).not.toEqual(before.map((f) => f.location.startLine));
    expect(after.map((f) => f.fingerprint).sort()).toEqual(before.map((f) => f.fingerprint).sort());
  });

  it('finds nothing once the workflow runs on pull_request instead', () => {
    expect(summary(PWN.replace('on: pull_request_target', 'on: pull_request'))).toEqual(['script-injection@15:26 high']);
  });

  it('reports a checkout followed only by a third-party action as high, not critical', () => {
    const text = PWN.replace(/ {6}- name: Build[\s\S]*$/, '      - uses: example/lint-action@0123456789abcdef0123456789abcdef01234567\n');
    expect(summary(text)).toEqual(['untrusted-checkout@11:16 high']);
  });

  it('rates unpinned first-party actions low and third-party ones medium', () => {
    const text = `on: push
permissions: {}
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: tj-actions/changed-files@v45
`;
    expect(summary(text)).toEqual(['unpinned-action@7:15 low', 'unpinned-action@8:15 medium']);
  });

  it('follows YAML anchors and aliases', () => {
    const text = `on: pull_request_target
permissions: {}
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - &checkout
        uses: actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683
        with:
          ref: \${{ github.head_ref }}
      - run: make
  b:
    runs-on: ubuntu-latest
    steps:
      - *checkout
      - run: make
`;
    // Both jobs check out the head; the alias reports at the anchored text.
    expect(summary(text)).toEqual(['untrusted-checkout@10:16 critical', 'untrusted-checkout@10:16 critical']);
  });

  it('narrows a job to the events its if: allows', () => {
    const text = PWN.replace('on: pull_request_target', 'on: [pull_request, pull_request_target]').replace(
      '    runs-on: ubuntu-latest\n',
      "    if: github.event_name == 'pull_request' || (github.event_name == 'pull_request' && false)\n    runs-on: ubuntu-latest\n",
    );
    expect(summary(text)).toEqual(['script-injection@16:26 high']);
    const unrelated = text.replace("(github.event_name == 'pull_request' && false)", 'always()');
    expect(summary(unrelated)).toContain('untrusted-checkout@12:16 critical');
  });

  it('turns malformed YAML into a parse-error warning with the line', () => {
    const result = analyzeWorkflow(PATH, 'on: push\njobs:\n  a:\n    steps: [\n      - run: x\n');
    expect(result.findings).toEqual([]);
    expect(result.warnings.length).toBeGreaterThan(0);
    expect(result.warnings[0]).toMatchObject({ code: 'parse-error', path: PATH, source: 'pipeline' });
    expect(result.warnings[0]!.line).toBeGreaterThanOrEqual(4);
    expect(result.warnings[0]!.message).toContain(PATH);
  });

  it('reports duplicate keys as parse errors', () => {
    const result = analyzeWorkflow(PATH, 'on: push\non: pull_request\njobs: {}\n');
    expect(result.warnings).toMatchObject([{ code: 'parse-error', line: 2 }]);
  });

  it('warns about YAML that is not a workflow, and never throws', () => {
    expect(analyzeWorkflow(PATH, '').warnings).toMatchObject([{ code: 'invalid-workflow', path: PATH, line: 1 }]);
    expect(analyzeWorkflow(PATH, '- a\n- b\n').warnings).toMatchObject([{ code: 'invalid-workflow' }]);
    expect(analyzeWorkflow(PATH, 'name: x\njobs: {}\n').warnings[0]!.message).toContain('no `on:`');
    expect(analyzeWorkflow(PATH, 'on: push\n\njobs: 3\n').warnings).toMatchObject([{ code: 'invalid-workflow', line: 3 }]);
    // Wrong shapes inside an otherwise valid workflow are skipped, not fatal.
    const odd = 'on: push\npermissions: {}\njobs:\n  a: 1\n  b:\n    steps: [1, null, {run: 2}]\n    runs-on: [1]\n';
    expect(analyzeWorkflow(PATH, odd)).toEqual({ findings: [], warnings: [] });
  });
});
