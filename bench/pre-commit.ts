/**
 * Pre-commit hook latency: the built CLI's `guardian scan --staged --only secrets,sast`
 * (what `guardian hook install` runs) on a typical commit — a few changed files in a
 * mid-size repository (a copy of this repository's src/ and examples/ as one git repo).
 *
 *   npm run bench:pre-commit [-- --files 3 --runs 5]
 *
 * Prints the wall time of each run, the median and the slowest. Target: under 2 s.
 */
import { execFile } from 'node:child_process';
import { appendFileSync, cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const FILES = arg('files', 3);
const RUNS = arg('runs', 5);
const CLI = join(import.meta.dirname, '..', 'bin', 'guardian.js');

const repo = mkdtempSync(join(tmpdir(), 'guardian-bench-precommit-'));
try {
  for (const dir of ['src', 'examples']) cpSync(join(import.meta.dirname, '..', dir), join(repo, dir), { recursive: true });
  const git = (...args: string[]) => run('git', args, { cwd: repo, maxBuffer: 64 * 1024 * 1024 });
  await git('init', '-q');
  await git('-c', 'user.email=b@example.com', '-c', 'user.name=bench', 'add', '-A');
  await git('-c', 'user.email=b@example.com', '-c', 'user.name=bench', 'commit', '-q', '-m', 'base');
  const tracked = (await git('ls-files')).stdout.trim().split('\n');
  const changed = tracked.filter((f) => /\.(ts|py|js)$/.test(f)).slice(0, FILES);
  for (const file of changed) appendFileSync(join(repo, file), '\n// touched\n'.replace('//', file.endsWith('.py') ? '#' : '//'));
  await git('add', ...changed);
  console.log(`repository: ${tracked.length.toLocaleString('en')} files; staged: ${changed.join(', ')}`);

  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now();
    await run(process.execPath, [CLI, 'scan', '--staged', '--only', 'secrets,sast', '--fail-on', 'high', '--no-progress', '-q'], { cwd: repo }).catch((e: { code?: number }) => {
      if (e.code !== 1) throw e;
    });
    times.push(performance.now() - t);
    console.log(`run ${i + 1}: ${(times.at(-1)! / 1000).toFixed(2)} s`);
  }
  const sorted = [...times].sort((a, b) => a - b);
  console.log(`median ${(sorted[Math.floor(sorted.length / 2)]! / 1000).toFixed(2)} s, slowest ${(sorted.at(-1)! / 1000).toFixed(2)} s (target < 2 s)`);
} finally {
  rmSync(repo, { recursive: true, force: true });
}
