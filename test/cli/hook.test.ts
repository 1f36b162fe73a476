/**
 * The pre-commit hook and diff-aware scans, on real temporary git repositories: the
 * installed hook runs this checkout's CLI through `git commit`, blocks a commit that adds
 * an AWS secret key and lets a clean one through; `--staged` scans what the commit will
 * contain (not the working tree); `--changed-since` reports only a branch's changes.
 */
import { execFile } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { main } from '../../src/cli/main.js';
import { hookScript } from '../../src/cli/hook.js';

const REPO = join(import.meta.dirname, '..', '..');
const run = promisify(execFile);
// A made-up key pair shaped like a real one (AWS's documented example keys are reported at info).
const SECRET = 'aws_secret_access_key = "k9Xq3vLm2Rt8Yp1Wz7Nc4Bd6Gh0Js5Fa+Qe/Uo3i"\naws_access_key_id = "AKIA2E0A8F3B244C9986"\n';
const CLEAN = 'def add(a, b):\n    return a + b\n';

let repo: string;
let stdout = '';
let stderr = '';
const git = (...args: string[]) => run('git', args, { cwd: repo, encoding: 'utf8' });
const guardian = (...args: string[]) => main(['node', 'guardian', ...args]);

beforeEach(async () => {
  repo = mkdtempSync(join(tmpdir(), 'guardian-hook-'));
  await git('init', '-q', '-b', 'main');
  await git('config', 'user.email', 'dev@example.com');
  await git('config', 'user.name', 'Dev');
  await git('config', 'commit.gpgsign', 'false');
  writeFileSync(join(repo, 'app.py'), CLEAN);
  await git('add', 'app.py');
  await git('commit', '-q', '--no-verify', '-m', 'initial');
  stdout = '';
  stderr = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => ((stdout += String(chunk)), true));
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => ((stderr += String(chunk)), true));
});
afterEach(() => {
  vi.restoreAllMocks();
  rmSync(repo, { recursive: true, force: true });
});

describe('guardian hook', () => {
  it('blocks a commit that adds a secret, says how to suppress it, and lets a clean commit through', async () => {
    // The hook runs this checkout's CLI (TypeScript, through tsx) instead of an installed one.
    const runner = join(repo, '.git', 'guardian-runner.mts');
    writeFileSync(runner, `import { main } from ${JSON.stringify(pathToFileURL(join(REPO, 'src', 'cli', 'main.ts')).href)};\nprocess.exitCode = await main(process.argv);\n`);
    const command = `${JSON.stringify(process.execPath)} --import ${JSON.stringify(pathToFileURL(join(REPO, 'node_modules', 'tsx', 'dist', 'loader.mjs')).href)} ${JSON.stringify(runner)}`;
    expect(await guardian('hook', 'install', '--repo', repo, '--command', command)).toBe(0);
    expect(readFileSync(join(repo, '.git', 'hooks', 'pre-commit'), 'utf8')).toContain('scan --staged --only secrets,sast --fail-on high');

    writeFileSync(join(repo, 'settings.py'), SECRET);
    await git('add', 'settings.py');
    const blocked = await git('commit', '-q', '-m', 'add settings').then(
      () => undefined,
      (error: { code: number; stderr: string; stdout: string }) => error,
    );
    expect(blocked?.code).toBe(1);
    expect(`${blocked?.stdout}${blocked?.stderr}`).toContain('settings.py');
    expect(blocked?.stderr).toContain('guardian: commit blocked by the findings above.');
    expect(blocked?.stderr).toContain('# guardian-ignore: secrets.');
    expect((await git('log', '--oneline')).stdout.trim().split('\n')).toHaveLength(1);

    await git('rm', '-q', '--cached', 'settings.py');
    writeFileSync(join(repo, 'util.py'), CLEAN);
    await git('add', 'util.py');
    await git('commit', '-q', '-m', 'add util');
    expect((await git('log', '--oneline')).stdout.trim().split('\n')).toHaveLength(2);
  }, 120_000);

  it('refuses to overwrite a foreign hook without --force, keeps it as a backup, and restores it on uninstall', async () => {
    const path = join(repo, '.git', 'hooks', 'pre-commit');
    mkdirSync(join(repo, '.git', 'hooks'), { recursive: true });
    writeFileSync(path, '#!/bin/sh\necho mine\n');
    chmodSync(path, 0o755);
    expect(await guardian('hook', 'install', '--repo', repo)).toBe(2);
    expect(stderr).toContain("is not Guardian's hook; run with --force");
    expect(await guardian('hook', 'install', '--repo', repo, '--force')).toBe(0);
    expect(readFileSync(path, 'utf8')).toBe(hookScript());
    expect(readFileSync(`${path}.guardian-backup`, 'utf8')).toBe('#!/bin/sh\necho mine\n');
    expect(await guardian('hook', 'uninstall', '--repo', repo)).toBe(0);
    expect(readFileSync(path, 'utf8')).toBe('#!/bin/sh\necho mine\n');
  });

  it('honours core.hooksPath', async () => {
    await git('config', 'core.hooksPath', '.githooks');
    expect(await guardian('hook', 'install', '--repo', repo)).toBe(0);
    expect(readFileSync(join(repo, '.githooks', 'pre-commit'), 'utf8')).toContain('# guardian pre-commit hook v1');
  });
});

describe('guardian scan --staged', () => {
  const scanStaged = () => guardian('scan', repo, '--staged', '--only', 'secrets', '--format', 'json', '--output', '-', '--no-progress');
  const reported = () => (JSON.parse(stdout) as { findings: { location: { path: string } }[] }).findings.map((f) => f.location.path);

  it('scans the staged content: an unstaged secret is not reported, a staged one removed from the working tree is', async () => {
    writeFileSync(join(repo, 'staged.py'), SECRET);
    await git('add', 'staged.py');
    rmSync(join(repo, 'staged.py'));
    writeFileSync(join(repo, 'app.py'), CLEAN + SECRET); // changed in the working tree only
    expect(await scanStaged()).toBe(1);
    expect([...new Set(reported())]).toEqual(['staged.py']);
  });

  it('with nothing staged, scans nothing and passes', async () => {
    writeFileSync(join(repo, 'app.py'), CLEAN + SECRET);
    expect(await guardian('scan', repo, '--staged', '--no-progress')).toBe(0);
    expect(stderr).toContain('guardian: nothing staged, nothing to scan');
  });
});

describe('guardian scan --changed-since', () => {
  it('reports findings in the files the branch changed, not in the others', async () => {
    writeFileSync(join(repo, 'old.py'), SECRET);
    await git('add', 'old.py');
    await git('commit', '-q', '--no-verify', '-m', 'old secret');
    await git('checkout', '-q', '-b', 'feature');
    writeFileSync(join(repo, 'new.py'), SECRET.replace('Uo3i', 'Uo3j'));
    await git('add', 'new.py');
    await git('commit', '-q', '--no-verify', '-m', 'new secret');
    writeFileSync(join(repo, 'untracked.py'), SECRET.replace('Uo3i', 'Uo3k'));
    expect(await guardian('scan', repo, '--changed-since', 'main', '--only', 'secrets', '--format', 'json', '--output', '-', '--no-progress')).toBe(1);
    const paths = (JSON.parse(stdout) as { findings: { location: { path: string } }[] }).findings.map((f) => f.location.path);
    expect([...new Set(paths)].sort()).toEqual(['new.py', 'untracked.py']);
  });

  it('an unknown ref and a directory outside git are usage errors (exit 2) that say so', async () => {
    expect(await guardian('scan', repo, '--changed-since', 'no-such-branch', '--no-progress')).toBe(2);
    expect(stderr).toContain("--changed-since: unknown ref 'no-such-branch'");
    const plain = mkdtempSync(join(tmpdir(), 'guardian-nogit-'));
    try {
      expect(await guardian('scan', plain, '--changed-since', 'main', '--no-progress')).toBe(2);
      expect(stderr).toContain('is not inside a git repository');
    } finally {
      rmSync(plain, { recursive: true, force: true });
    }
  });
});
