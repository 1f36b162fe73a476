import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { UsageError } from '../core/errors.js';
import { emptyEntities, extractEntities, inferConcern, mergeEntities, missingFacts, parseTime } from '../investigate/case/index.js';
import { athenaQueries } from '../investigate/detections/engine.js';
import { ATHENA_CLOUDTRAIL_DDL } from '../investigate/evidence/schema.js';
import { loadEvidence } from '../investigate/evidence/load.js';
import { EvidenceStore } from '../investigate/evidence/store.js';
import { CONCERNS, type CaseEntities, type CaseFacts, type CaseSummary, type Concern, type InvestigationResult } from '../investigate/model.js';
import { INVESTIGATION_FORMATS, type InvestigationFormat, renderInvestigation, renderTerminal, writeInvestigationReports } from '../investigate/report/index.js';
import { investigate } from '../investigate/run.js';
import { wantsProgress } from './progress.js';

/** Flags shared by `guardian investigate` and `guardian case new`. */
export interface CaseFlags {
  description?: string;
  concern?: string;
  accessKey?: string[];
  principal?: string[];
  ip?: string[];
  account?: string;
  instance?: string[];
  since?: string;
  until?: string;
  exposedAt?: string;
  rotated?: boolean;
  knownIps?: string;
}

interface InvestigateFlags extends CaseFlags {
  evidence?: string[];
  format?: string;
  output?: string;
  outDir?: string;
  engine: string;
  store?: string;
  failOn: string;
}

/** Add the case flags to a command. */
export function withCaseFlags(command: Command): Command {
  return command
    .option('-d, --description <text>', 'what happened, in plain language (keys, ARNs, IPs, accounts and times in it are used)')
    .option('--concern <concern>', `what you are worried about: ${CONCERNS.join(', ')}`)
    .option('--access-key <ids...>', 'access key ids (AKIA…, ASIA…) known or suspected to be compromised')
    .option('--principal <arns...>', 'IAM users or roles (ARNs or names) involved')
    .option('--ip <ips...>', 'source IP addresses involved')
    .option('--instance <ids...>', 'EC2 instance ids whose role credentials may be stolen')
    .option('--account <id>', 'the AWS account under investigation')
    .option('--since <time>', 'start of the window to investigate (ISO 8601, UTC)')
    .option('--until <time>', 'end of the window (ISO 8601, UTC)')
    .option('--exposed-at <time>', 'when the credentials were first exposed (ISO 8601, UTC)')
    .option('--rotated', 'the credentials were already rotated or deactivated')
    .option('--known-ips <list>', "comma-separated addresses that are the organisation's own (never the attacker's)");
}

/** Parse a time flag (ISO 8601, "June 4, 2024 02:13 UTC", "yesterday"; no zone = UTC); a bad value is a usage error naming the flag. */
function time(value: string | undefined, flag: string): string | undefined {
  if (value === undefined) return undefined;
  const iso = parseTime(value);
  if (!iso) throw new UsageError(`${flag}: not a date/time: '${value}' (use ISO 8601, e.g. 2024-06-04T02:13:00Z)`);
  return iso;
}

/**
 * The case facts and entities the flags give, plus the identifiers in the description.
 * Principals that are not ARNs are taken as IAM user names.
 */
export function caseFromFlags(flags: CaseFlags): { concern?: Concern; entities: CaseEntities; facts: CaseFacts } {
  if (flags.concern !== undefined && !(CONCERNS as readonly string[]).includes(flags.concern)) throw new UsageError(`--concern: unknown concern '${flags.concern}'; choose from ${CONCERNS.join(', ')}`);
  const entities = emptyEntities();
  for (const key of flags.accessKey ?? []) {
    if (!/^(AKIA|ASIA)[A-Z0-9]{16}$/.test(key)) throw new UsageError(`--access-key: '${key}' is not an access key id (AKIA or ASIA and 16 characters)`);
    entities.accessKeyIds.push(key);
  }
  for (const p of flags.principal ?? []) (p.startsWith('arn:') ? entities.principals : entities.userNames).push(p);
  for (const ip of flags.ip ?? []) {
    if (!/^[\d.]+$|^[0-9a-fA-F:]+$/.test(ip)) throw new UsageError(`--ip: '${ip}' is not an IP address`);
    entities.ips.push(ip);
  }
  for (const id of flags.instance ?? []) {
    if (!/^i-[0-9a-f]{8,17}$/.test(id)) throw new UsageError(`--instance: '${id}' is not an EC2 instance id`);
    entities.instanceIds.push(id);
  }
  if (flags.account !== undefined && !/^\d{12}$/.test(flags.account)) throw new UsageError(`--account: '${flags.account}' is not a 12-digit account id`);
  const facts: CaseFacts = {
    ...(flags.account ? { account: flags.account } : {}),
    ...(flags.since ? { since: time(flags.since, '--since') } : {}),
    ...(flags.until ? { until: time(flags.until, '--until') } : {}),
    ...(flags.exposedAt ? { exposedAt: time(flags.exposedAt, '--exposed-at') } : {}),
    ...(flags.rotated ? { rotated: true } : {}),
    ...(flags.knownIps ? { knownIps: flags.knownIps.split(',').map((s) => s.trim()).filter(Boolean) } : {}),
  };
  const described = flags.description ? extractEntities(flags.description) : emptyEntities();
  const concern = (flags.concern as Concern | undefined) ?? (flags.description ? inferConcern(flags.description) : undefined);
  return { ...(concern ? { concern } : {}), entities: mergeEntities(entities, described), facts };
}

/** Parse `--format`: known formats, deduplicated. */
export function parseFormats(list: string | undefined, fallback: InvestigationFormat[]): InvestigationFormat[] {
  if (!list) return fallback;
  const formats = [...new Set(list.split(',').map((f) => f.trim()).filter(Boolean))];
  const unknown = formats.find((f) => !(INVESTIGATION_FORMATS as readonly string[]).includes(f));
  if (unknown) throw new UsageError(`--format: unknown format '${unknown}'; choose from ${INVESTIGATION_FORMATS.join(', ')}`);
  return formats as InvestigationFormat[];
}

/**
 * Write the reports: one format to `output` ('-' = stdout), or every format into
 * `outDir`; with neither, the terminal summary on stdout. Returns the files written.
 */
export async function writeReports(result: InvestigationResult, formats: InvestigationFormat[], output: string | undefined, outDir: string | undefined): Promise<string[]> {
  if (output !== undefined) {
    if (formats.length !== 1) throw new UsageError('--output takes exactly one --format; use --out-dir for several');
    const text = renderInvestigation(result, formats[0]!);
    if (output === '-') process.stdout.write(text);
    else await writeFile(resolve(output), text);
    return output === '-' ? [] : [resolve(output)];
  }
  return outDir === undefined ? [] : writeInvestigationReports(result, formats, outDir);
}

/** Exit code of an investigation: 1 when a high or critical detection fired on the case's events. */
export function investigationExitCode(result: InvestigationResult): number {
  return result.detections.some((d) => d.severity === 'critical' || d.severity === 'high') ? 1 : 0;
}

/** The terminal summary for stdout, coloured on a TTY unless NO_COLOR. */
export function terminalSummary(result: InvestigationResult): string {
  const tty = process.stdout.isTTY === true;
  return renderTerminal(result, { color: tty && !process.env.NO_COLOR, width: tty ? process.stdout.columns || 100 : 100 });
}

/** `guardian investigate`: a whole case in one non-interactive run, for scripts and CI. */
export function registerInvestigate(program: Command, setExitCode: (code: number) => void): void {
  const command = program
    .command('investigate')
    .description('Investigate exported AWS evidence (CloudTrail) in one run: detections, scope, timeline, affected resources, indicators and a containment plan.')
    .option('-e, --evidence <paths...>', 'evidence files or directories: CloudTrail (S3 export trees, .json, .json.gz, JSON lines), IAM authorization details, describe-instances, cost exports (CUR / Cost Explorer CSV or JSON), GuardDuty / Security Hub findings');
  withCaseFlags(command)
    .option('-f, --format <list>', `report formats, comma-separated: ${INVESTIGATION_FORMATS.join(', ')}`)
    .option('-o, --output <file>', "write the one --format to this file ('-' for stdout)")
    .option('--out-dir <dir>', 'directory for the report files (default: .guardian/investigation; formats json, md, html)')
    .option('--engine <engine>', 'duckdb (run here) or athena (print the Athena DDL and detection SQL)', 'duckdb')
    .option('--store <file>', 'keep the evidence database in this DuckDB file (default: a temporary one)')
    .option('--fail-on <when>', 'exit 1 when: detections (high or critical in scope) or never', 'detections')
    .addHelpText(
      'after',
      `
Examples:
  guardian investigate --evidence AWSLogs/ --access-key AKIA5EXAMPLEREPORT3Q --exposed-at 2024-06-04T03:00:00Z
  guardian investigate --evidence trail.json.gz --format json --output investigation.json
  guardian investigate --engine athena --since 2024-06-04T00:00:00Z --output detections.sql

Exit codes: 0 nothing high or critical in scope; 1 high or critical detections in scope (--fail-on never: always 0);
2 usage error; 3 internal error.`,
    )
    .action(async (flags: InvestigateFlags) => setExitCode(await investigateCommand(flags)));
}

async function investigateCommand(flags: InvestigateFlags): Promise<number> {
  if (flags.engine !== 'duckdb' && flags.engine !== 'athena') throw new UsageError(`--engine: '${flags.engine}' is not duckdb or athena`);
  if (!['detections', 'never'].includes(flags.failOn)) throw new UsageError(`--fail-on: '${flags.failOn}' is not detections or never`);
  const parsed = caseFromFlags(flags);
  if (flags.engine === 'athena') {
    const window = { since: parsed.facts.since ?? parsed.facts.exposedAt, until: parsed.facts.until };
    const sql = [
      '-- Guardian detections for Amazon Athena (Trino SQL) over the standard CloudTrail table.',
      '-- Create the table once (replace the LOCATION), then run each query.',
      `${ATHENA_CLOUDTRAIL_DDL};`,
      ...athenaQueries(window).map((q) => `\n-- ${q.id}: ${q.title}\n${q.sql};`),
    ].join('\n');
    if (flags.output && flags.output !== '-') await writeFile(resolve(flags.output), `${sql}\n`);
    else process.stdout.write(`${sql}\n`);
    return 0;
  }
  if (!flags.evidence?.length) throw new UsageError('--evidence: give at least one CloudTrail file or directory');
  const formats = parseFormats(flags.format, flags.output !== undefined ? ['json'] : ['json', 'md', 'html']);
  const outDir = flags.output === undefined ? (flags.outDir ?? '.guardian/investigation') : undefined;
  const temp = flags.store ? undefined : await mkdtemp(join(tmpdir(), 'guardian-investigate-'));
  const store = await EvidenceStore.open(flags.store ? resolve(flags.store) : join(temp!, 'evidence.duckdb'));
  try {
    const progress = wantsProgress() ? (done: number, total: number) => process.stderr.write(`\rguardian: reading evidence ${done}/${total} files`) : undefined;
    const load = await loadEvidence(store, flags.evidence.map((p) => resolve(p)), { onProgress: progress });
    if (progress) process.stderr.write('\n');
    const named = [...parsed.entities.accessKeyIds, ...parsed.entities.principals, ...parsed.entities.userNames, ...parsed.entities.instanceIds, ...parsed.entities.ips];
    const concern = parsed.concern ?? (parsed.entities.accessKeyIds.length ? 'leaked-credentials' : 'unusual-activity');
    const theCase: CaseSummary = {
      id: 'one-shot',
      title: flags.description?.split(/(?<=[.!?])\s/)[0]?.slice(0, 120) ?? `${concern.replace('-', ' ')}${named.length ? `: ${named.slice(0, 3).join(', ')}` : ''}`,
      ...(flags.description ? { description: flags.description } : {}),
      concern,
      entities: parsed.entities,
      facts: parsed.facts,
      missingFacts: [],
    };
    theCase.missingFacts = missingFacts(theCase);
    const result = await investigate(store, theCase, { load });
    const written = await writeReports(result, formats, flags.output, outDir);
    if (flags.output !== '-') {
      process.stdout.write(terminalSummary(result));
      for (const file of written) process.stdout.write(`  wrote ${file}\n`);
    }
    return flags.failOn === 'never' ? 0 : investigationExitCode(result);
  } finally {
    await store.close();
    if (temp) await rm(temp, { recursive: true, force: true });
  }
}
