/**
 * `npm run bench:iac`: load and check a large infrastructure-as-code corpus with the
 * iac, iam and pipeline scanners, and print templates/s, resources/s and peak memory.
 *
 *   npm run bench:iac                     # generated corpus: 3,000 IaC files
 *   npm run bench:iac -- --files 10000    # a bigger generated corpus
 *   npm run bench:iac -- --tree <dir>     # a real repository instead
 *
 * The scan runs in a fresh child process on the built code (bench/child-scan.mjs).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { generateIacCorpus } from './generate-iac.js';

const { values } = parseArgs({ options: { files: { type: 'string', default: '3000' }, tree: { type: 'string' }, scanners: { type: 'string', default: 'iac,iam,pipeline' } } });
const here = import.meta.dirname;
const tree = values.tree ? resolve(values.tree) : join(here, '.work', `iac-${values.files}`);
if (!values.tree && !existsSync(join(tree, '.done'))) {
  rmSync(tree, { recursive: true, force: true });
  const written = generateIacCorpus(tree, Number(values.files));
  writeFileSync(join(tree, '.done'), new Date().toISOString());
  console.log(`generated ${written} IaC files → ${tree}`);
}

interface Stats {
  durationMs: number;
  findings: number;
  templates?: number;
  resources?: number;
  principals?: number;
  projects?: number;
  workflows?: number;
}
const child = spawnSync(process.execPath, [join(here, 'child-scan.mjs'), tree, values.scanners], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
if (child.status !== 0) throw new Error(`bench child failed: ${child.stderr}`);
const result = JSON.parse(child.stdout.trim().split('\n').pop()!) as { files: number; findings: number; wallMs: number; maxRssMiB: number; scanners: Record<string, Stats> };
const iac = result.scanners.iac;
const seconds = result.wallMs / 1000;
console.log(`\nGuardian (${values.scanners}) on ${tree}`);
console.log(`  files walked    ${result.files.toLocaleString('en-US')}`);
if (iac) {
  console.log(`  templates       ${iac.templates} (stacks: templates, serverless services, Terraform root modules)`);
  console.log(`  resources       ${iac.resources}`);
  console.log(`  templates/s     ${Math.round((iac.templates ?? 0) / seconds).toLocaleString('en-US')}`);
  console.log(`  resources/s     ${Math.round((iac.resources ?? 0) / seconds).toLocaleString('en-US')}`);
}
console.log(`  wall time       ${seconds.toFixed(1)} s`);
console.log(`  peak RSS        ${result.maxRssMiB.toFixed(0)} MiB`);
console.log(`  findings        ${result.findings}`);
for (const [id, s] of Object.entries(result.scanners)) console.log(`  ${id.padEnd(15)} ${(s.durationMs / 1000).toFixed(1)} s, ${s.findings} findings`);
