import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import type { Command } from 'commander';
import { UsageError } from '../core/errors.js';
import { THREAT_MODEL_FILES, THREAT_MODEL_FORMATS, type ThreatModelFormat, renderThreatModel } from '../threatmodel/outputs.js';
import { readFindingsReport } from '../threatmodel/findings-file.js';
import { runThreatModel } from '../threatmodel/run.js';
import { WarningSink } from '../core/warnings.js';

interface ThreatModelOptions {
  design?: string[];
  previous?: string;
  findings?: string;
  format: string;
  out?: string;
}

/** `guardian threat-model [path]`: the Four Question Frame for a repository. */
export function registerThreatModel(program: Command): void {
  program
    .command('threat-model')
    .description('Threat model of a repository: its architecture (DFD) from IaC, code and design documents, STRIDE threats with evidence from the scan, mitigations and a review.')
    .argument('[path]', 'repository to model', '.')
    .option('--design <files...>', 'design documents in Markdown (component and flow tables, lists)')
    .option('--previous <file>', 'previous Threat Composer file: its human decisions (status, priority, comments) carry over and the review says what changed')
    .option('--findings <report.json>', 'use the findings of an earlier `guardian scan --format json` report as evidence instead of scanning')
    .option('-f, --format <list>', `outputs, comma-separated: ${THREAT_MODEL_FORMATS.join(', ')}`, THREAT_MODEL_FORMATS.join(','))
    .option('--out <dir>', 'output directory (default: <path>/.guardian/threat-model)')
    .addHelpText(
      'after',
      '\nThe same repository gives byte-identical outputs. Text in the repository cannot remove threats; only guardian-model.yml entries with a reason can remove elements or accept and remove threats.',
    )
    .action(async (path: string, options: ThreatModelOptions) => {
      await threatModelCommand(path, options);
    });
}

async function readOrFail(path: string, option: string): Promise<string> {
  return readFile(resolve(path), 'utf8').catch(() => {
    throw new UsageError(`${option}: cannot read ${path}`);
  });
}

function findingsOption(text: string, path: string, warnings: WarningSink) {
  try {
    return readFindingsReport(text, path, warnings);
  } catch (error) {
    throw new UsageError(`--findings: ${(error as Error).message}`);
  }
}

async function threatModelCommand(path: string, options: ThreatModelOptions): Promise<void> {
  const root = resolve(path);
  if (!(await stat(root).catch(() => undefined))?.isDirectory()) throw new UsageError(`Not a directory: ${path}`);
  const formats = [...new Set(options.format.split(',').map((f) => f.trim()).filter(Boolean))];
  const unknown = formats.find((f) => !(THREAT_MODEL_FORMATS as readonly string[]).includes(f));
  if (unknown) throw new UsageError(`Unknown format '${unknown}'; choose from ${THREAT_MODEL_FORMATS.join(', ')}`);
  const previous = options.previous ? { path: options.previous, text: await readOrFail(options.previous, '--previous') } : undefined;

  const warnings = new WarningSink();
  const findings = options.findings ? findingsOption(await readOrFail(options.findings, '--findings'), options.findings, warnings) : undefined;
  const run = await runThreatModel({ root, ...(options.design ? { design: options.design } : {}), ...(previous ? { previous } : {}), ...(findings ? { findings } : {}) });
  run.warnings.unshift(...warnings.items);
  const out = resolve(options.out ?? join(root, '.guardian', 'threat-model'));
  await mkdir(out, { recursive: true });
  const written: string[] = [];
  for (const format of formats as ThreatModelFormat[]) {
    const target = join(out, THREAT_MODEL_FILES[format]);
    await writeFile(target, await renderThreatModel(format, run.report));
    written.push(target);
  }

  const { architecture, review } = run.report;
  const changes = review.changes ? `  since the previous model: ${review.changes.added.length} new, ${review.changes.gone.length} gone, ${review.changes.reprioritised.length} re-prioritised` : undefined;
  const lines = [
    `Guardian threat model · ${basename(root)}`,
    `  ${architecture.elements.length} elements, ${architecture.flows.length} flows, ${architecture.boundaries.length} trust boundaries`,
    `  ${review.counts.threats} threats (${review.counts.High} high, ${review.openHigh.length} open with no mitigation in place) from ${run.findings} findings as evidence`,
    ...(changes ? [changes] : []),
    ...(run.warnings.length ? [`  ${run.warnings.length} warnings: ${run.warnings.slice(0, 3).map((w) => `${w.path ?? w.source}${w.line ? `:${w.line}` : ''}: ${w.message}`).join('; ')}`] : []),
    '  Outputs',
    ...written.map((w) => `    ${w}`),
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}
