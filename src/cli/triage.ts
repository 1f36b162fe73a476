import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { UsageError } from '../core/errors.js';
import { createCase } from '../investigate/case/index.js';
import { readFindings } from '../investigate/triage/findings.js';
import { caseSeedFromFinding, triageFindings } from '../investigate/triage/triage.js';

interface TriageFlags {
  knownIps?: string;
  knownPrincipals?: string;
  knownAccounts?: string;
  format: string;
  output?: string;
  openCase?: boolean;
  root: string;
}

const list = (value: string | undefined) => (value ?? '').split(',').map((s) => s.trim()).filter(Boolean);

/** `guardian triage`: GuardDuty / Security Hub findings against expected behaviour. */
export function registerTriage(program: Command, setExitCode: (code: number) => void): void {
  program
    .command('triage')
    .description('Triage GuardDuty and Security Hub (ASFF) findings: archive what expected addresses and principals explain, escalate the rest with reasons.')
    .argument('<findings...>', 'output files of aws guardduty get-findings or aws securityhub get-findings')
    .option('--known-ips <list>', 'comma-separated addresses or IPv4 CIDRs that are yours (offices, VPN, NAT, scanners)')
    .option('--known-principals <list>', 'comma-separated user/role names, ARNs or globs that are expected (auditors, CI)')
    .option('--known-accounts <list>', 'comma-separated account ids that are yours')
    .option('--format <format>', 'text or json', 'text')
    .option('-o, --output <file>', 'write the result to this file instead of stdout')
    .option('--open-case', 'open a case (guardian case) for each escalated finding')
    .option('--root <dir>', 'directory holding .guardian/cases (with --open-case)', '.')
    .addHelpText('after', '\nExit codes: 0 everything archived; 1 something escalated; 2 usage error.')
    .action(async (paths: string[], flags: TriageFlags) => {
      if (flags.format !== 'text' && flags.format !== 'json') throw new UsageError(`--format: '${flags.format}' is not text or json`);
      const { findings, problems } = await readFindings(paths.map((p) => resolve(p)));
      const result = triageFindings(findings, { knownIps: list(flags.knownIps), knownPrincipals: list(flags.knownPrincipals), knownAccounts: list(flags.knownAccounts) });
      const cases: { finding: string; caseId: string }[] = [];
      if (flags.openCase)
        for (const { finding } of result.escalated) {
          const seed = caseSeedFromFinding(finding);
          const file = await createCase(resolve(flags.root), { description: seed.description, concern: seed.concern, entities: seed.entities, facts: seed.since ? { since: seed.since } : {} });
          cases.push({ finding: finding.id, caseId: file.id });
        }
      const text =
        flags.format === 'json'
          ? `${JSON.stringify({ archived: result.archived.map((a) => ({ id: a.finding.id, type: a.finding.type, rule: a.rule, reason: a.reason })), escalated: result.escalated.map((e) => ({ id: e.finding.id, type: e.finding.type, severity: e.finding.severity, title: e.finding.title, reasons: e.reasons, case: cases.find((c) => c.finding === e.finding.id)?.caseId })), problems }, null, 2)}\n`
          : [
              `Guardian triage · ${findings.length} finding${findings.length === 1 ? "" : "s"}: ${result.escalated.length} escalated, ${result.archived.length} archived${problems.length ? `, ${problems.length} unreadable` : ''}`,
              ...(result.escalated.length ? ['', 'Escalated'] : []),
              ...result.escalated.flatMap((e) => [`  ${e.finding.severity.toUpperCase().padEnd(8)} ${e.finding.type}  ${e.finding.title}`, ...e.reasons.map((r) => `           - ${r}`), ...cases.filter((c) => c.finding === e.finding.id).map((c) => `           → case ${c.caseId} (guardian case add-evidence ${c.caseId} <cloudtrail>)`)]),
              ...(result.archived.length ? ['', 'Archived'] : []),
              ...result.archived.map((a) => `  ${a.finding.type}  ${a.finding.title}\n           - ${a.reason}`),
              ...problems.map((p) => `  ! ${p.path}${p.index !== undefined ? ` finding ${p.index}` : ''}: ${p.reason}`),
              '',
            ].join('\n');
      if (flags.output) await writeFile(resolve(flags.output), text);
      else process.stdout.write(text);
      setExitCode(result.escalated.length ? 1 : 0);
    });
}
