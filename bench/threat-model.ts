/**
 * `npm run bench:threat-model`: time `guardian threat-model` (architecture extraction, the
 * evidence scan and the STRIDE engine) on a generated ~100k-line application with a large
 * SAM template, in a fresh process on the built CLI. Prints wall time and peak memory.
 *
 *   npm run bench:threat-model                  # ~100k lines + a 200-function template
 *   npm run bench:threat-model -- --tree <dir>  # a real repository instead
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { generateTree } from './generate.js';

const { values } = parseArgs({ options: { tree: { type: 'string' }, files: { type: 'string', default: '510' }, functions: { type: 'string', default: '200' } } });
const here = import.meta.dirname;
const tree = values.tree ? resolve(values.tree) : join(here, '.work', `threat-model-${values.files}-${values.functions}`);

/** A SAM template with `n` functions, each behind an API route and writing its own table. */
function largeTemplate(n: number): string {
  const lines = ['AWSTemplateFormatVersion: "2010-09-09"', 'Transform: AWS::Serverless-2016-10-31', 'Resources:', '  Api:', '    Type: AWS::Serverless::Api', '    Properties:', '      StageName: prod'];
  for (let i = 0; i < n; i++) {
    lines.push(
      `  Fn${i}:`, '    Type: AWS::Serverless::Function', '    Properties:', '      Runtime: python3.12', `      Handler: handlers/h${i}.handler`,
      '      Policies:', `        - DynamoDBCrudPolicy: { TableName: !Ref Table${i} }`, '      Events:',
      `        Call: { Type: Api, Properties: { RestApiId: !Ref Api, Path: "/items${i}/{id}", Method: ${i % 3 ? 'get' : 'post'}${i % 5 ? '' : ', Auth: { Authorizer: NONE }'} } }`,
      `  Table${i}:`, '    Type: AWS::DynamoDB::Table', '    Properties:', `      TableName: ${i % 4 ? 'items' : 'customers'}-${i}`, '      BillingMode: PAY_PER_REQUEST',
      '      KeySchema: [{ AttributeName: id, KeyType: HASH }]', '      AttributeDefinitions: [{ AttributeName: id, AttributeType: S }]',
    );
  }
  return `${lines.join('\n')}\n`;
}

if (!values.tree && !existsSync(join(tree, '.done'))) {
  rmSync(tree, { recursive: true, force: true });
  const { files, lines } = generateTree(tree, Number(values.files), 7, 'app');
  mkdirSync(join(tree, 'infra'), { recursive: true });
  writeFileSync(join(tree, 'infra', 'template.yaml'), largeTemplate(Number(values.functions)));
  writeFileSync(join(tree, '.done'), new Date().toISOString());
  console.log(`generated ${files} files, ${lines.toLocaleString('en-US')} lines and a ${values.functions}-function template → ${tree}`);
}

const out = join(here, '.work', 'threat-model-out');

/** One run of the built CLI in a fresh process: wall time (s), peak RSS (MiB) and its summary lines. */
function timed(formats: string, ...extra: string[]): { wall: number; rssMiB: number; summary: string[] } {
  const t0 = performance.now();
  const run = spawnSync('/usr/bin/time', ['-f', '%M', process.execPath, join(here, '..', 'bin', 'guardian.js'), 'threat-model', tree, '--out', out, '--format', formats, ...extra], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const wall = (performance.now() - t0) / 1000;
  if (run.status !== 0) throw new Error(`threat-model failed: ${run.stderr}`);
  return { wall, rssMiB: Number(run.stderr.trim().split('\n').pop()) / 1024, summary: run.stdout.split('\n').slice(1, 3).map((l) => l.trim()) };
}

// The model and its text exports, then every format (the HTML and PDF add the diagram layout and pdfmake),
// then the model from an earlier scan's JSON report (a CI job that has just scanned).
const model = timed('md,tc.json,json,mermaid');
const all = timed('md,html,pdf,tc.json,json,mermaid');
const report = join(here, '.work', 'threat-model-scan.json');
spawnSync(process.execPath, [join(here, '..', 'bin', 'guardian.js'), 'scan', tree, '--only', 'sast,secrets,iac,iam,pipeline', '--offline', '--format', 'json', '--output', report, '--quiet']);
const reused = timed('md,tc.json,json,mermaid', '--findings', report);
console.log(`\nguardian threat-model on ${tree}`);
console.log(model.summary.map((l) => `  ${l}`).join('\n'));
for (const [name, r] of [['model (md, tc.json, json, mermaid)', model], ['all formats (+ html, pdf)', all], ['model, --findings from a scan report', reused]] as const) {
  console.log(`  ${name.padEnd(36)} ${r.wall.toFixed(1).padStart(5)} s   peak RSS ${Number.isFinite(r.rssMiB) ? `${r.rssMiB.toFixed(0)} MiB` : 'n/a'}`);
}
