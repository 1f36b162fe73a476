/**
 * The CI integrations shipped in the repository: the GitHub Action and this repository's
 * workflow validate with GitHub's own parser; every example passes Guardian's own
 * pipeline checks; and every `guardian scan` flag they use exists, so they cannot drift
 * from the CLI.
 */
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { parseAction } from '@actions/workflow-parser/actions/action-parser';
import { NoOperationTraceWriter, parseWorkflow } from '@actions/workflow-parser';
import { Command } from 'commander';
import { parse as parseYaml } from 'yaml';
import { describe, expect, it } from 'vitest';
import { registerScan } from '../../src/cli/scan.js';
import { runScan } from '../../src/core/run.js';
import { createScanners } from '../../src/scanners/index.js';

const REPO = join(import.meta.dirname, '..', '..');
const FILES = ['action.yml', '.github/workflows/guardian.yml', 'examples/ci/codebuild/buildspec.yml', 'examples/ci/gitlab/.gitlab-ci.yml'];
const read = (path: string) => readFileSync(join(REPO, path), 'utf8');

describe('CI integrations', () => {
  it('action.yml and the workflow are valid for GitHub Actions', () => {
    const trace = new NoOperationTraceWriter();
    const workflow = parseWorkflow({ name: '.github/workflows/guardian.yml', content: read('.github/workflows/guardian.yml') }, trace);
    expect(workflow.context.errors.getErrors().map((e) => e.message)).toEqual([]);
    const action = parseAction({ name: 'action.yml', content: read('action.yml') }, trace);
    expect(action.context.errors.getErrors().map((e) => e.message)).toEqual([]);
    // The parser does report mistakes.
    const broken = parseWorkflow({ name: 'broken.yml', content: 'on: push\njobs:\n  scan:\n    steps:\n      - uses: ./\n    runs-on: [\n' }, trace);
    expect(broken.context.errors.getErrors().length).toBeGreaterThan(0);
    // The workflow runs this repository's action.
    expect(read('.github/workflows/guardian.yml')).toMatch(/uses: \.\/\n/);
  });

  it('every example passes Guardian’s own pipeline checks', async () => {
    const root = mkdtempSync(join(tmpdir(), 'guardian-ci-'));
    try {
      for (const file of FILES) {
        mkdirSync(dirname(join(root, file)), { recursive: true });
        cpSync(join(REPO, file), join(root, file));
      }
      const result = await runScan({ root, config: { standards: { defaults: false } }, scanners: await createScanners(['pipeline', 'secrets']), offline: true });
      expect(result.findings.map((f) => `${f.ruleId} ${f.location.path}:${f.location.startLine}`)).toEqual([]);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('the examples use only flags guardian scan has, and formats it writes', () => {
    const program = new Command();
    registerScan(program, () => undefined);
    const scan = program.commands.find((c) => c.name() === 'scan')!;
    const known = new Set(scan.options.flatMap((o) => [o.long, o.short].filter((f): f is string => !!f)));
    // Flags of npx (--yes) and git fetch (--depth, --no-tags) in the same scripts.
    const others = new Set(['--yes', '--depth', '--no-tags']);
    for (const file of FILES.filter((f) => !f.startsWith('.github/'))) {
      const text = read(file);
      const scanFlags = [...text.matchAll(/(?<![\w-])(--[a-z][a-z-]*)/g)].map((m) => m[1]!).filter((flag) => !others.has(flag));
      expect(scanFlags.length, file).toBeGreaterThan(2);
      for (const flag of scanFlags) expect(known.has(flag), `${file}: ${flag}`).toBe(true);
      for (const match of text.matchAll(/--format ([a-z,]+)/g)) for (const format of match[1]!.split(',')) expect(['sarif', 'junit', 'json', 'html', 'md', 'cyclonedx'], `${file}: ${format}`).toContain(format);
    }
  });

  it('the CodeBuild example reads its secret from Secrets Manager and publishes the JUnit report', () => {
    const spec = parseYaml(read('examples/ci/codebuild/buildspec.yml')) as { env: { 'secrets-manager': Record<string, string>; variables: Record<string, string> }; reports: Record<string, { 'file-format': string; files: string[] }> };
    expect(Object.keys(spec.env['secrets-manager'])).toEqual(['GUARDIAN_UPLOAD_TOKEN']);
    expect(Object.keys(spec.env.variables).sort()).toEqual(['FAIL_ON', 'GUARDIAN_VERSION']);
    expect(spec.reports.guardian).toEqual({ files: ['guardian.junit.xml'], 'base-directory': 'reports', 'file-format': 'JUNITXML' });
    const gitlab = parseYaml(read('examples/ci/gitlab/.gitlab-ci.yml')) as { guardian: { artifacts: { reports: { junit: string } } } };
    expect(gitlab.guardian.artifacts.reports.junit).toBe('reports/guardian.junit.xml');
  });
});
