/**
 * `npm run bench`: scan a large tree and print files/s, lines/s and peak memory, then
 * compare SAST on the Python half with Bandit when `bandit` is installed
 * (`apt-get install bandit`).
 *
 *   npm run bench                    # generated tree: 5,000 files, ~1M lines, application mix
 *   npm run bench -- --mix dense     # every module a request handler (worst case)
 *   npm run bench -- --files 10000   # a bigger generated tree
 *   npm run bench -- --tree <dir>    # a real repository instead
 *
 * Every measurement runs in a fresh child process so peak RSS is the scan's own.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { generateTree } from './generate.js';

const { values } = parseArgs({
  options: { files: { type: 'string', default: '5000' }, tree: { type: 'string' }, mix: { type: 'string', default: 'app' }, scanners: { type: 'string', default: 'sast,secrets,sca' } },
});
if (values.mix !== 'app' && values.mix !== 'dense') throw new Error('--mix is app or dense');
const here = import.meta.dirname;

const tree = values.tree ? resolve(values.tree) : join(here, '.work', `tree-${values.mix}-${values.files}`);
if (!values.tree && !existsSync(join(tree, '.done'))) {
  rmSync(tree, { recursive: true, force: true });
  const t0 = performance.now();
  const { files, lines } = generateTree(tree, Number(values.files), 42, values.mix);
  writeFileSync(join(tree, '.done'), new Date().toISOString());
  console.log(`generated ${files} files, ${lines.toLocaleString('en-US')} lines in ${((performance.now() - t0) / 1000).toFixed(1)} s → ${tree}`);
}

interface ChildResult {
  files: number;
  lines: number;
  findings: number;
  wallMs: number;
  maxRssMiB: number;
  scanners: Record<string, { durationMs: number; findings: number }>;
}

function measure(target: string, scanners: string): ChildResult {
  const child = spawnSync(process.execPath, [join(here, 'child-scan.mjs'), target, scanners], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (child.status !== 0) throw new Error(`bench child failed: ${child.stderr}`);
  return JSON.parse(child.stdout.trim().split('\n').pop()!) as ChildResult;
}

function report(label: string, r: ChildResult): void {
  const seconds = r.wallMs / 1000;
  console.log(`\n${label}`);
  console.log(`  files           ${r.files.toLocaleString('en-US')}`);
  console.log(`  lines           ${r.lines.toLocaleString('en-US')}`);
  console.log(`  wall time       ${seconds.toFixed(1)} s`);
  console.log(`  files/s         ${Math.round(r.files / seconds).toLocaleString('en-US')}`);
  console.log(`  lines/s         ${Math.round(r.lines / seconds).toLocaleString('en-US')}`);
  console.log(`  peak RSS        ${r.maxRssMiB.toFixed(0)} MiB`);
  console.log(`  findings        ${r.findings}`);
  for (const [id, s] of Object.entries(r.scanners)) console.log(`  ${id.padEnd(15)} ${(s.durationMs / 1000).toFixed(1)} s, ${s.findings} findings`);
}

const full = measure(tree, values.scanners);
report(`Guardian (${values.scanners}) on ${tree}`, full);

const pyDir = join(tree, 'py');
if (existsSync(pyDir)) {
  const py = measure(pyDir, 'sast');
  report(`Guardian SAST on the Python files (${pyDir})`, py);
  const bandit = spawnSync('bandit', ['--version'], { encoding: 'utf8' });
  if (bandit.status === 0) {
    const out = join(here, '.work', 'bandit.json');
    const t0 = performance.now();
    const run = spawnSync('/usr/bin/time', ['-f', '%M', 'bandit', '-r', pyDir, '-q', '-f', 'json', '-o', out], { encoding: 'utf8' });
    const wall = performance.now() - t0;
    const maxRssKiB = Number(run.stderr.trim().split('\n').pop());
    const results = existsSync(out) ? (JSON.parse(readFileSync(out, 'utf8')) as { results: unknown[] }).results.length : NaN;
    console.log(`\nBandit ${bandit.stdout.split('\n')[0]?.trim()} on the same Python files`);
    console.log(`  wall time       ${(wall / 1000).toFixed(1)} s`);
    console.log(`  peak RSS        ${Number.isFinite(maxRssKiB) ? `${(maxRssKiB / 1024).toFixed(0)} MiB` : 'n/a'}`);
    console.log(`  findings        ${results}`);
    console.log(`\n  Guardian SAST is ${(wall / py.wallMs).toFixed(1)}x Bandit's speed on these files.`);
  } else {
    console.log('\n(bandit not installed: apt-get install bandit to compare)');
  }
}
