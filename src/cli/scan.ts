import { mkdir, rm, stat, writeFile } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import type { Command } from 'commander';
import { readBaseline, writeBaseline } from '../core/baseline.js';
import { SCANNER_IDS, type ScannerId, loadConfig } from '../core/config.js';
import { EXIT, UsageError } from '../core/errors.js';
import type { Finding } from '../core/finding.js';
import { GitError, changedSince, checkoutStaged, repositoryRoot, revision, stagedFiles, trackedFiles } from '../core/git.js';
import { runScan } from '../core/run.js';
import { type Severity, SEVERITIES, isSeverity, severityRank } from '../core/severity.js';
import { DEFAULT_FORMATS, FORMATS, formatById } from '../report/formats.js';
import { gatingFindings } from '../report/summary.js';
import { toJson } from '../report/json.js';
import { toTerminal } from '../report/terminal.js';
import { createScanners } from '../scanners/index.js';
import { uploadReport } from '../server/client.js';
import { TtyProgress, wantsProgress } from './progress.js';

interface ScanOptions {
  format?: string;
  output?: string;
  outDir?: string;
  failOn?: string;
  scanners?: string;
  only?: string;
  offline?: boolean;
  baseline?: string;
  writeBaseline?: string;
  config?: string;
  exclude?: string[];
  progress: boolean;
  quiet?: boolean;
  changedSince?: string;
  staged?: boolean;
  upload?: string;
  token?: string;
  repository?: string;
}

/** `guardian scan [path]`: argument parsing and output wiring; the work is in core/run. */
export function registerScan(program: Command, setExitCode: (code: number) => void): void {
  program
    .command('scan')
    .description('Scan a repository: code (SAST), secrets, dependencies (SCA, SBOM), infrastructure as code, IAM and CI/CD pipelines.')
    .argument('[path]', 'directory to scan', '.')
    .option('-f, --format <list>', `report formats, comma-separated: ${FORMATS.map((f) => f.id).join(', ')} (default: all, written to --out-dir)`)
    .option('-o, --output <file>', "write the one --format to this file ('-' for stdout)")
    .option('--out-dir <dir>', 'directory for report files (default: <path>/.guardian/reports)')
    .option('--fail-on <severity>', `exit 1 when a finding is at or above: ${SEVERITIES.join(', ')} (default: high, or fail-on in guardian.yml)`)
    .option('--scanners <list>', `scanners to run, comma-separated: ${SCANNER_IDS.join(', ')} (default: all enabled in guardian.yml)`)
    .option('--only <list>', 'same as --scanners, e.g. --only iac,iam,pipeline')
    .option('--offline', 'never use the network: SCA uses the local advisory database (guardian db update)')
    .option('--baseline <file>', 'fail only on findings not in this baseline file')
    .option('--write-baseline <file>', 'write the current findings as a baseline file')
    .option('-c, --config <file>', 'configuration file (default: <path>/guardian.yml)')
    .option('--exclude <glob...>', 'paths to leave out, in addition to guardian.yml exclude')
    .option('--changed-since <ref>', 'report only findings in files changed since the merge base with <ref> (PR diff mode), plus uncommitted ones')
    .option('--staged', 'scan the content staged for commit (the pre-commit hook); writes no report files unless --format is given')
    .option('--upload <server>', 'upload the results to a Guardian server (token in GUARDIAN_TOKEN, or --token)')
    .option('--token <token>', 'API token for --upload (prefer the GUARDIAN_TOKEN environment variable: arguments show in process lists)')
    .option('--repository <name>', 'repository name for --upload (default: owner/name of the origin remote, else the directory name)')
    .option('--no-progress', 'no live progress display')
    .option('-q, --quiet', 'print nothing but errors (exit code only)')
    .addHelpText(
      'after',
      `
Exit codes: 0 nothing at or above --fail-on; 1 findings at or above it; 2 usage or configuration error; 3 internal error.

Examples:
  guardian scan                                   scan the current directory, write all reports
  guardian scan app --format sarif -o app.sarif   one SARIF file (GitHub code scanning)
  guardian scan --format json --output -          JSON on stdout
  guardian scan --baseline .guardian/baseline.json   fail only on new findings
  guardian scan --changed-since origin/main       only what this branch changed
  guardian scan --staged --only secrets,sast      what the next commit adds (see guardian hook install)
  GUARDIAN_TOKEN=gdn_… guardian scan --upload https://guardian.example.com   send the results to the server`,
    )
    .action(async (path: string, options: ScanOptions) => {
      setExitCode(await scanCommand(path, options));
    });
}

async function scanCommand(path: string, options: ScanOptions): Promise<number> {
  const root = resolve(path);
  const info = await stat(root).catch(() => undefined);
  if (!info?.isDirectory()) throw new UsageError(`Not a directory: ${path}`);
  if (options.staged && options.changedSince) throw new UsageError('--staged and --changed-since cannot be combined');
  const uploadToken = options.upload ? (options.token ?? process.env.GUARDIAN_TOKEN) : undefined;
  if (options.upload && !uploadToken) throw new UsageError('--upload needs an API token: set GUARDIAN_TOKEN (or pass --token)');

  const { config, path: configPath } = await loadConfig(root, options.config);
  if (options.exclude?.length) config.exclude = [...(config.exclude ?? []), ...options.exclude];
  const failOn = parseFailOn(options.failOn);
  const scannerIds = parseScanners(options.scanners ?? options.only, config.scanners);
  const formats = parseFormats(options.format ?? (options.staged && !options.output ? '' : undefined), options.output);
  const baselinePath = options.baseline ?? (config.baseline ? resolve(root, config.baseline) : undefined);
  const baseline = baselinePath ? await readBaseline(baselinePath) : undefined;
  const selection = await selectFiles(root, options);
  if (selection?.files.length === 0) {
    if (!options.quiet) process.stderr.write(`guardian: ${options.staged ? 'nothing staged' : `no file changed since ${options.changedSince}`}, nothing to scan\n`);
    await selection.cleanup();
    return EXIT.ok;
  }

  const toStdout = options.output === '-';
  const progress = !options.quiet && options.progress && wantsProgress() ? new TtyProgress() : undefined;
  let result;
  try {
    result = await runScan({
      root: selection?.scanRoot ?? root,
      config,
      configPath: configPath ?? (selection ? join(root, 'guardian.yml') : undefined),
      scanners: await createScanners(scannerIds),
      offline: options.offline,
      baseline,
      failOn,
      observer: progress,
      ...(selection ? { reportOnly: new Set(selection.files) } : {}),
    });
  } finally {
    progress?.stop();
    await selection?.cleanup();
  }
  if (selection) result.target = root;
  const written: { format: string; path: string }[] = [];
  for (const format of formats) {
    const text = format.render(result, { baselineUsed: baseline !== undefined });
    if (toStdout) {
      process.stdout.write(text);
      continue;
    }
    const target = options.output ? resolve(options.output) : join(resolve(options.outDir ?? join(root, '.guardian', 'reports')), format.fileName);
    await mkdir(resolve(target, '..'), { recursive: true });
    await writeFile(target, text);
    written.push({ format: format.id, path: target });
  }
  if (options.writeBaseline) {
    await writeBaseline(resolve(options.writeBaseline), [...result.findings, ...result.suppressed.filter((f) => f.suppression?.kind === 'baseline')], new Date());
    written.push({ format: 'baseline', path: resolve(options.writeBaseline) });
  }
  if (!options.quiet) (toStdout ? process.stderr : process.stdout).write(`${toTerminal(result, written)}\n`);
  if (options.upload) {
    const origin = await revision(root);
    const answer = await uploadReport({ server: options.upload, token: uploadToken!, repository: options.repository ?? origin.name ?? basename(root), report: JSON.parse(toJson(result)), commit: origin.commit, branch: origin.branch, full: !selection });
    if (!options.quiet) {
      const { new: added, fixed, reopened, unchanged } = answer.counts;
      process.stderr.write(`Uploaded to ${new URL(options.upload).origin}: ${added} new, ${reopened} reopened, ${fixed} fixed, ${unchanged} unchanged (scan ${answer.scan})\n`);
    }
  }
  if (result.warnings.some((w) => w.code === 'internal-error')) return EXIT.internal;
  const blocking = gatingFindings(result);
  if (blocking && options.staged && !options.quiet) process.stderr.write(commitBlockedHelp(result.findings.find((f) => severityRank(f.severity) >= severityRank(result.failOn))));
  return blocking ? EXIT.findings : EXIT.ok;
}

/**
 * The files a diff-aware scan reports on, and where to read them: `--changed-since` reads
 * the working tree and reports on the branch's changes; `--staged` reads the staged
 * content from a temporary checkout of the index (what the commit will contain), with the
 * committed standards beside it. Undefined for a whole-repository scan.
 */
async function selectFiles(root: string, options: ScanOptions): Promise<{ files: string[]; scanRoot: string; cleanup(): Promise<void> } | undefined> {
  try {
    if (options.changedSince) return { files: await changedSince(root, options.changedSince), scanRoot: root, cleanup: async () => undefined };
    if (!options.staged) return undefined;
    const top = await repositoryRoot(root);
    if (resolve(top) !== root) throw new UsageError(`--staged scans a whole commit: run it at the repository root (${top})`);
    const files = await stagedFiles(top);
    if (!files.length) return { files, scanRoot: top, cleanup: async () => undefined };
    const scanRoot = await checkoutStaged(top, [...new Set([...files, ...(await trackedFiles(top, '.guardian/standards'))])]);
    return { files, scanRoot, cleanup: () => rm(scanRoot, { recursive: true, force: true }) };
  } catch (error) {
    if (error instanceof GitError) throw new UsageError(error.message);
    throw error;
  }
}

/** What to do when the pre-commit scan blocks a commit. */
function commitBlockedHelp(example: Finding | undefined): string {
  const rule = example?.ruleId ?? '<rule id>';
  return [
    '',
    'guardian: commit blocked by the findings above.',
    '  Fix them (a leaked secret must also be rotated: it may already be in your history or a remote), or,',
    `  when a finding is safe, suppress it with a reason on its line or the line above:   # guardian-ignore: ${rule} <why this is safe>`,
    '  or in guardian.yml (suppressions: rule, path, reason, expires).',
    '  To skip the hook once: git commit --no-verify (nothing records that it was skipped).',
    '',
  ].join('\n');
}

function parseFailOn(value: string | undefined): Severity | undefined {
  if (value === undefined) return undefined;
  if (!isSeverity(value)) throw new UsageError(`--fail-on must be one of ${SEVERITIES.join(', ')} (got '${value}')`);
  return value;
}

function parseScanners(value: string | undefined, enabled: Partial<Record<ScannerId, boolean | undefined>> = {}): ScannerId[] {
  if (value === undefined) return SCANNER_IDS.filter((id) => enabled[id] !== false);
  const ids = value.split(',').map((s) => s.trim()).filter(Boolean);
  const unknown = ids.filter((id) => !(SCANNER_IDS as readonly string[]).includes(id));
  if (unknown.length) throw new UsageError(`Unknown scanner '${unknown[0]}'; choose from ${SCANNER_IDS.join(', ')}`);
  return ids as ScannerId[];
}

function parseFormats(value: string | undefined, output: string | undefined) {
  const ids = value !== undefined ? value.split(',').map((s) => s.trim()).filter(Boolean) : output ? [] : DEFAULT_FORMATS;
  if (output && ids.length !== 1) throw new UsageError('--output writes one report: give exactly one --format (use --out-dir for several)');
  return ids.map((id) => {
    const format = formatById(id);
    if (!format) throw new UsageError(`Unknown format '${id}'; choose from ${FORMATS.map((f) => f.id).join(', ')}`);
    return format;
  });
}
