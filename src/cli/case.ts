import { resolve, sep } from 'node:path';
import type { Command } from 'commander';
import { UsageError } from '../core/errors.js';
import { askClarifyingQuestions, caseSummary, createCase, evidenceStorePath, listCases, loadCase, mergeEntities, recordEvidence, recordRun, saveCase } from '../investigate/case/index.js';
import { type EvidenceKind, loadEvidence } from '../investigate/evidence/load.js';
import { EvidenceStore } from '../investigate/evidence/store.js';
import { type InvestigationFormat } from '../investigate/report/index.js';
import { investigate } from '../investigate/run.js';
import { type CaseFlags, caseFromFlags, investigationExitCode, parseFormats, terminalSummary, withCaseFlags, writeReports } from './investigate.js';
import { wantsProgress } from './progress.js';

/** What the item count of each other evidence kind counts. */
const OTHER_ITEMS: Record<Exclude<EvidenceKind, 'cloudtrail'>, string> = {
  'iam-authorization-details': 'users, groups and roles',
  'ec2-instances': 'instances',
  findings: 'findings',
  cost: 'cost lines',
};

interface NewFlags extends CaseFlags {
  title?: string;
  input: boolean;
  root: string;
}

/** `guardian case new|add-evidence|run|show|list`: an investigation kept in `.guardian/cases/<id>/` and re-run as evidence arrives. */
export function registerCase(program: Command, setExitCode: (code: number) => void): void {
  const cases = program.command('case').description('Incident cases: open one from a description, add evidence as it arrives, run and re-run the investigation.');
  const root = (flags: { root?: string }) => resolve(flags.root ?? '.');

  withCaseFlags(
    cases
      .command('new')
      .description('Open a case. Identifiers in the description (keys, ARNs, IPs, accounts, times) are extracted; what the concern still needs is asked on a terminal.')
      .argument('[description...]', 'what happened, in plain language'),
  )
    .option('--title <text>', 'case title (default: the first sentence of the description)')
    .option('--no-input', 'never ask: report missing facts instead')
    .option('--root <dir>', 'directory holding .guardian/cases', '.')
    .action(async (words: string[], flags: NewFlags) => {
      const description = [flags.description, ...words].filter(Boolean).join(' ') || undefined;
      const parsed = caseFromFlags(flags);
      let file = await createCase(root(flags), { description, concern: parsed.concern, title: flags.title, entities: parsed.entities, facts: parsed.facts });
      const missing = caseSummary(file).missingFacts;
      if (missing.length && flags.input && process.stdin.isTTY && process.stdout.isTTY) {
        const answers = await askClarifyingQuestions(missing, { input: process.stdin, output: process.stdout });
        const { entities, ...facts } = answers;
        file = { ...file, facts: { ...file.facts, ...facts }, entities: mergeEntities(file.entities, entities ?? {}) };
        await saveCase(root(flags), file);
      }
      printCase(file);
    });

  cases
    .command('add-evidence')
    .description('Load evidence into a case: CloudTrail files or directories, IAM authorization details, describe-instances, cost exports (CSV), GuardDuty / Security Hub findings; re-adding the same files adds nothing twice.')
    .argument('<id>', 'case id')
    .argument('<paths...>', 'evidence files or directories')
    .option('--root <dir>', 'directory holding .guardian/cases', '.')
    .action(async (id: string, paths: string[], flags: { root: string }) => {
      const file = await loadCase(root(flags), id);
      const store = await EvidenceStore.open(evidenceStorePath(root(flags), id));
      try {
        const progress = wantsProgress() ? (done: number, total: number) => process.stderr.write(`\rguardian: reading evidence ${done}/${total} files`) : undefined;
        const load = await loadEvidence(store, paths.map((p) => resolve(p)), { onProgress: progress });
        if (progress) process.stderr.write('\n');
        const absolute = paths.map((p) => resolve(p));
        const kinds = absolute.map((p) => {
          const found = new Set<EvidenceKind>(load.other.filter((o) => o.path === p || o.path.startsWith(`${p}${sep}`)).map((o) => o.kind));
          if (load.ingest.files && !load.other.some((o) => o.path === p)) found.add('cloudtrail');
          return [...found].join('+') || 'cloudtrail';
        });
        await saveCase(root(flags), recordEvidence(file, absolute, kinds));
        const s = load.ingest;
        process.stdout.write(`case ${id}: ${s.records.toLocaleString('en')} CloudTrail records read from ${s.files} files, ${s.inserted.toLocaleString('en')} new, ${s.duplicates.toLocaleString('en')} duplicates, ${s.malformed.toLocaleString('en')} malformed\n`);
        for (const o of load.other) process.stdout.write(`  ${o.kind}: ${o.path} (${o.items.toLocaleString('en')} ${OTHER_ITEMS[o.kind]})\n`);
        for (const w of load.warnings.slice(0, 10)) process.stdout.write(`  ${w.path ? `${w.path}: ` : ''}${w.message}\n`);
      } finally {
        await store.close();
      }
    });

  cases
    .command('run')
    .description('Investigate the case over all its evidence and write the reports (default: .guardian/cases/<id>/reports/).')
    .argument('<id>', 'case id')
    .option('-f, --format <list>', 'report formats, comma-separated: json, md, html, terminal', 'json,md,html')
    .option('--out-dir <dir>', 'directory for the reports')
    .option('--root <dir>', 'directory holding .guardian/cases', '.')
    .action(async (id: string, flags: { format: string; outDir?: string; root: string }) => {
      const file = await loadCase(root(flags), id);
      if (!file.evidence.length) throw new UsageError(`case ${id} has no evidence yet: run 'guardian case add-evidence ${id} <paths...>' first`);
      const formats: InvestigationFormat[] = parseFormats(flags.format, ['json', 'md', 'html']);
      const store = await EvidenceStore.open(evidenceStorePath(root(flags), id));
      try {
        const result = await investigate(store, caseSummary(file));
        const written = await writeReports(result, formats, undefined, flags.outDir ?? resolve(root(flags), '.guardian', 'cases', id, 'reports'));
        await saveCase(root(flags), recordRun(file, { at: result.generatedAt, inScope: result.stats.inScope, detections: result.detections.length }));
        process.stdout.write(terminalSummary(result));
        for (const w of written) process.stdout.write(`  wrote ${w}\n`);
        setExitCode(investigationExitCode(result));
      } finally {
        await store.close();
      }
    });

  cases
    .command('show')
    .description('Show a case: entities, facts, missing facts, evidence and runs.')
    .argument('<id>', 'case id')
    .option('--root <dir>', 'directory holding .guardian/cases', '.')
    .action(async (id: string, flags: { root: string }) => printCase(await loadCase(root(flags), id)));

  cases
    .command('list')
    .description('List the cases in this directory.')
    .option('--root <dir>', 'directory holding .guardian/cases', '.')
    .action(async (flags: { root: string }) => {
      const all = await listCases(root(flags));
      if (!all.length) process.stdout.write('no cases (open one with guardian case new "…")\n');
      for (const c of all) process.stdout.write(`${c.id}  ${c.concern}  ${c.title}\n`);
    });
}

function printCase(file: Awaited<ReturnType<typeof loadCase>>): void {
  const summary = caseSummary(file);
  const lines = [`case ${file.id} · ${file.concern} · ${file.title}`];
  const entities = Object.entries(file.entities).filter(([, v]) => v.length);
  for (const [k, v] of entities) lines.push(`  ${k}: ${v.join(', ')}`);
  const facts = Object.entries(file.facts).filter(([, v]) => v !== undefined);
  for (const [k, v] of facts) lines.push(`  ${k}: ${Array.isArray(v) ? v.join(', ') : String(v)}`);
  for (const note of file.notes ?? []) lines.push(`  note: ${note}`);
  if (summary.missingFacts.length) {
    lines.push('  missing facts:');
    for (const m of summary.missingFacts) lines.push(`    ? ${m.question}`);
  }
  lines.push(`  evidence: ${file.evidence.length ? file.evidence.map((e) => e.path).join(', ') : `none yet (guardian case add-evidence ${file.id} <paths...>)`}`);
  for (const r of file.runs) lines.push(`  run ${r.at}: ${r.inScope} events in scope, ${r.detections} detections`);
  process.stdout.write(`${lines.join('\n')}\n`);
}
