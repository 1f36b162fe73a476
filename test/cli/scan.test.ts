import { mkdtempSync, mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import { Spec, Validation } from '@cyclonedx/cyclonedx-library';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { main } from '../../src/cli/main.js';
import { sarifSchemaErrors } from '../report/sarif-schema.js';

const FRY = join(import.meta.dirname, '..', '..', 'examples', 'fry-factory');
const tmp = (prefix = 'guardian-cli-') => mkdtempSync(join(tmpdir(), prefix));

let stdout = '';
let stderr = '';
beforeEach(() => {
  stdout = '';
  stderr = '';
  // picocolors turns colour on when CI is set, so compare plain text.
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => ((stdout += stripVTControlCharacters(String(chunk))), true));
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => ((stderr += stripVTControlCharacters(String(chunk))), true));
  // No offline database from the developer's machine, no network: tests see only what they set up.
  vi.stubEnv('XDG_CACHE_HOME', tmp('guardian-cache-'));
  vi.stubEnv('GUARDIAN_OSV_API', 'http://127.0.0.1:9');
});
afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
});

const guardian = (...args: string[]) => main(['node', 'guardian', ...args]);
const lineOf = (file: string, text: string) => readFileSync(join(FRY, file), 'utf8').split('\n').findIndex((l) => l.includes(text)) + 1;

interface JsonFinding {
  ruleId: string;
  severity: string;
  location: { path: string; startLine: number };
  remediation: { fixedVersion?: string };
  dataFlow?: unknown[];
}

describe('guardian scan examples/fry-factory', () => {
  it('finds the SQL injection, the hard-coded credentials and the vulnerable dependency, and writes every report', async () => {
    const out = tmp();
    expect(await guardian('scan', FRY, '--out-dir', out)).toBe(1);
    expect(stdout).toContain('✖ Failed:');
    expect(stdout).toMatch(/SQL injection\s+app\.py:\d+/);

    const report = JSON.parse(readFileSync(join(out, 'guardian.json'), 'utf8')) as { findings: JsonFinding[]; warnings: unknown[] };
    const at = (ruleId: string, path: string, line: number) => report.findings.find((f) => f.ruleId === ruleId && f.location.path === path && f.location.startLine === line);
    const sqli = at('python.sqli.taint', 'app.py', lineOf('app.py', 'rows = conn.execute(query)'));
    expect(sqli?.severity).toBe('high');
    expect(sqli?.dataFlow).toHaveLength(4);
    expect(at('secrets.aws-secret-access-key', 'config.py', lineOf('config.py', 'AWS_SECRET_ACCESS_KEY'))?.severity).toBe('critical');
    expect(at('secrets.aws-access-key-id', 'config.py', lineOf('config.py', 'AWS_ACCESS_KEY_ID'))).toBeDefined();
    expect(at('secrets.generic-credential', 'config.py', lineOf('config.py', 'ADMIN_PASSWORD'))).toBeDefined();
    expect(at('secrets.database-url', 'config.py', lineOf('config.py', 'DATABASE_URL'))).toBeDefined();
    expect(at('python.debug-mode.flask-debugger', 'app.py', lineOf('app.py', 'app.run('))).toBeDefined();
    expect(at('python.deserialization.yaml-unsafe-load', 'app.py', lineOf('app.py', 'yaml.load('))).toBeDefined();
    const flask = at('PYSEC-2018-66', 'requirements.txt', 1);
    expect(flask?.remediation.fixedVersion).toBe('0.12.3');
    expect(report.warnings).toEqual([]);

    for (const name of ['guardian.json', 'guardian.sarif', 'guardian.html', 'guardian.md', 'guardian.cdx.json']) {
      const text = readFileSync(join(out, name), 'utf8');
      for (const secret of ['q8Vd3uWm9XbT2yFz7KcLp1RsN6hGjE4oAiY0tB5w', 'Ketchup4Ever', 'Crispy!Fries#2024']) expect(text, `${name} leaks a secret`).not.toContain(secret);
    }
    expect(sarifSchemaErrors(JSON.parse(readFileSync(join(out, 'guardian.sarif'), 'utf8')))).toEqual([]);
    const cdx = readFileSync(join(out, 'guardian.cdx.json'), 'utf8');
    expect(await new Validation.JsonStrictValidator(Spec.Version.v1dot6).validate(cdx)).toBeNull();
    expect(JSON.parse(cdx).components.map((c: { purl: string }) => c.purl).sort()).toEqual([
      'pkg:pypi/flask@0.12.2',
      'pkg:pypi/jinja2@2.10',
      'pkg:pypi/pyyaml@5.3',
      'pkg:pypi/werkzeug@0.14.1',
    ]);
  });

  it('writes one format to stdout with --output -, the summary going to stderr', async () => {
    expect(await guardian('scan', FRY, '--format', 'json', '--output', '-', '--scanners', 'sast')).toBe(1);
    const parsed = JSON.parse(stdout) as { findings: JsonFinding[]; stats: { scanners: Record<string, unknown> } };
    expect(Object.keys(parsed.stats.scanners)).toEqual(['sast']);
    expect(parsed.findings.every((f) => f.ruleId.startsWith('python.'))).toBe(true);
    expect(stderr).toContain('Guardian');
  });

  it('passes with --fail-on critical when only the secrets scanner is off', async () => {
    expect(await guardian('scan', FRY, '--scanners', 'sast,sca', '--fail-on', 'critical', '--format', 'json', '--output', join(tmp(), 'r.json'))).toBe(0);
    expect(stdout).toContain('✔ Passed: nothing at or above critical.');
  });
});

describe('baselines', () => {
  it('fail only on findings that are new since the baseline', async () => {
    const repo = tmp();
    writeFileSync(join(repo, 'app.py'), 'import os\nfrom flask import request\n\ndef run():\n    os.system("ls " + request.args["d"])\n');
    const baseline = join(repo, '.guardian', 'baseline.json');
    expect(await guardian('scan', repo, '--scanners', 'sast', '--write-baseline', baseline, '--quiet', '--format', 'json', '--output', join(repo, 'a.json'))).toBe(1);
    expect(await guardian('scan', repo, '--scanners', 'sast', '--baseline', baseline, '--quiet', '--format', 'json', '--output', join(repo, 'b.json'))).toBe(0);
    const b = JSON.parse(readFileSync(join(repo, 'b.json'), 'utf8'));
    expect(b.findings).toEqual([]);
    expect(b.suppressed.map((f: { suppression: { kind: string } }) => f.suppression.kind)).toEqual(['baseline']);
    // Lines inserted above keep the fingerprint; a new vulnerability fails the build.
    writeFileSync(join(repo, 'app.py'), '"""Tools."""\nimport os\nfrom flask import request\n\ndef run():\n    os.system("ls " + request.args["d"])\n\ndef again():\n    eval(request.args["code"])\n');
    expect(await guardian('scan', repo, '--scanners', 'sast', '--baseline', baseline, '--quiet', '--format', 'json', '--output', join(repo, 'c.json'))).toBe(1);
    const c = JSON.parse(readFileSync(join(repo, 'c.json'), 'utf8'));
    expect(c.findings.map((f: JsonFinding) => f.location.startLine)).toEqual([9]);
    expect(c.suppressed).toHaveLength(1);
  });
});

describe('suppressions', () => {
  it('honour inline comments with a reason and guardian.yml entries', async () => {
    const repo = tmp();
    writeFileSync(
      join(repo, 'app.py'),
      [
        'import os',
        'from flask import request',
        'def a():',
        '    # guardian-ignore: python.command-injection.* the value is checked against ALLOWED above',
        '    os.system("ls " + request.args["d"])',
        'def b():',
        '    eval(request.args["code"])  # guardian-ignore: python.code-injection.*',
        '',
      ].join('\n'),
    );
    mkdirSync(join(repo, 'legacy'));
    writeFileSync(join(repo, 'legacy', 'old.py'), 'from flask import request\ndef c():\n    eval(request.form["x"])\n');
    writeFileSync(join(repo, 'guardian.yml'), 'suppressions:\n  - rule: "python.code-injection.*"\n    path: "legacy/**"\n    reason: Scheduled for deletion in Q1\n');
    await guardian('scan', repo, '--scanners', 'sast', '--format', 'json', '--output', join(repo, 'r.json'), '--quiet');
    const r = JSON.parse(readFileSync(join(repo, 'r.json'), 'utf8'));
    expect(r.suppressed.map((f: { location: { path: string }; suppression: { kind: string } }) => [f.location.path, f.suppression.kind])).toEqual([
      ['app.py', 'inline'],
      ['legacy/old.py', 'config'],
    ]);
    expect(r.findings.map((f: JsonFinding) => [f.location.path, f.location.startLine])).toEqual([['app.py', 7]]);
    expect(r.warnings.map((w: { code: string }) => w.code)).toEqual(['suppression-without-reason']);
  });
});

describe('usage errors exit 2 with a clear message', () => {
  it('unknown flag', async () => {
    expect(await guardian('scan', FRY, '--bogus')).toBe(2);
    expect(stderr).toContain("unknown option '--bogus'");
  });
  it('invalid guardian.yml names the line and key', async () => {
    const repo = tmp();
    writeFileSync(join(repo, 'guardian.yml'), 'exclude: []\nfail-on: severe\n');
    expect(await guardian('scan', repo)).toBe(2);
    expect(stderr).toMatch(/guardian\.yml:2: 'fail-on'/);
  });
  it('missing directory, bad format, bad severity, missing baseline', async () => {
    expect(await guardian('scan', join(tmp(), 'nope'))).toBe(2);
    expect(await guardian('scan', FRY, '--format', 'pdf')).toBe(2);
    expect(await guardian('scan', FRY, '--fail-on', 'severe')).toBe(2);
    expect(await guardian('scan', FRY, '--baseline', join(tmp(), 'none.json'))).toBe(2);
    expect(stderr).toContain("Unknown format 'pdf'");
    expect(stderr).toContain('Create one with --write-baseline');
  });
});

describe('bad input never crashes the scan', () => {
  it('reports broken lockfiles, invalid UTF-8 and oversized files as warnings and scans the rest', async () => {
    const repo = tmp();
    writeFileSync(join(repo, 'package-lock.json'), '{"lockfileVersion": 3, "packages": {');
    writeFileSync(join(repo, 'poetry.lock'), '[[package]]\nname = "flask"\nversion = ');
    writeFileSync(join(repo, 'requirements.txt'), 'requests==2.19.1\n');
    writeFileSync(join(repo, 'latin1.py'), Buffer.concat([Buffer.from('# caf'), Buffer.from([0xe9]), Buffer.from('\nimport os\nfrom flask import request\ndef f():\n    os.system(request.args["c"])\n')]));
    writeFileSync(join(repo, 'huge.js'), `// ${'x'.repeat(1_100_000)}\n`);
    writeFileSync(join(repo, 'image.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0]));
    writeFileSync(join(repo, 'broken.py'), 'def (:\n  eval(request.args["x"]\n');
    const code = await guardian('scan', repo, '--offline', '--format', 'json,sarif', '--out-dir', join(repo, 'out'), '--quiet');
    expect(code).toBe(1);
    const r = JSON.parse(readFileSync(join(repo, 'out', 'guardian.json'), 'utf8'));
    const codes = r.warnings.map((w: { code: string; path?: string }) => `${w.code}:${w.path ?? ''}`);
    expect(codes).toContain('lockfile-problem:package-lock.json');
    expect(codes).toContain('lockfile-problem:poetry.lock');
    expect(codes).toContain('invalid-utf8:latin1.py');
    expect(codes).toContain('file-too-large:huge.js');
    expect(codes).toContain('no-advisory-source:');
    expect(r.findings.some((f: JsonFinding) => f.location.path === 'latin1.py' && f.location.startLine === 5)).toBe(true);
    const sarif = JSON.parse(readFileSync(join(repo, 'out', 'guardian.sarif'), 'utf8'));
    expect(sarif.runs[0].invocations[0].toolExecutionNotifications.length).toBe(r.warnings.length);
    expect(existsSync(join(repo, 'out', 'guardian.html'))).toBe(false);
  });
});
