import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { main } from '../../../src/cli/main.js';
import { readFindings } from '../../../src/investigate/triage/findings.js';
import { caseSeedFromFinding, globMatcher, ipMatches, principalMatches, triageFindings } from '../../../src/investigate/triage/triage.js';

const FIXTURES = join(import.meta.dirname, '..', '..', 'fixtures', 'investigate', 'findings');
const FILES = [join(FIXTURES, 'guardduty.json'), join(FIXTURES, 'securityhub-asff.json')];
const EXPECTED = { knownIps: ['198.51.100.0/24'], knownPrincipals: ['org-security-audit', 'dana.kim'] };

describe('readFindings', () => {
  it('reads GuardDuty and ASFF findings into one shape and reports the broken one', async () => {
    const { findings, problems } = await readFindings(FILES);
    expect(findings.map((f) => [f.source, f.type, f.severity])).toEqual([
      ['guardduty', 'Discovery:IAMUser/AnomalousBehavior', 'medium'],
      ['guardduty', 'Discovery:IAMUser/AnomalousBehavior', 'low'],
      ['guardduty', 'UnauthorizedAccess:IAMUser/InstanceCredentialExfiltration.OutsideAWS', 'high'],
      ['guardduty', 'UnauthorizedAccess:S3/MaliciousIPCaller.Custom', 'medium'],
      ['securityhub', 'TTPs/Defense Evasion/Stealth:IAMUser-CloudTrailLoggingDisabled', 'low'],
      ['securityhub', 'Software and Configuration Checks/Industry and Regulatory Standards/AWS-Foundational-Security-Best-Practices', 'medium'],
    ]);
    expect(findings[0]).toMatchObject({ accessKeyId: 'AKIA5EXAMPLEREPORT3Q', principal: 'svc-reporting', ips: ['203.0.113.66'], api: 'ListRoles', account: '111122223333' });
    expect(findings[2]!.instanceId).toBe('i-0a3f9c2e7b14d5681');
    expect(findings[4]).toMatchObject({ accessKeyId: 'AKIAZPKD47PKRDIRY3UA', principal: 'svc-backup-sync', ips: ['198.51.100.10'], api: 'StopLogging' });
    expect(problems).toEqual([{ path: FILES[1], index: 2, reason: 'ASFF finding without Id, Types or Title' }]);
  });

  it('never throws on files that are not findings', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'guardian-triage-'));
    try {
      writeFileSync(join(dir, 'broken.json'), '{"Findings": [');
      writeFileSync(join(dir, 'other.json'), '{"Reservations": []}');
      const { findings, problems } = await readFindings([join(dir, 'broken.json'), join(dir, 'other.json'), join(dir, 'missing.json')]);
      expect(findings).toEqual([]);
      expect(problems.map((p) => p.reason.split(':')[0])).toEqual(['cannot read as JSON', 'no Findings array (expected the output of aws guardduty get-findings or aws securityhub get-findings)', 'cannot read as JSON']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('triageFindings', () => {
  it('archives what expected addresses and principals explain, and escalates the rest with reasons', async () => {
    const { findings } = await readFindings(FILES);
    const result = triageFindings(findings, EXPECTED);
    expect(result.archived.map((a) => [a.finding.principal, a.rule, a.reason])).toEqual([
      ['org-security-audit', 'expected-caller', 'the remote address (198.51.100.200) is in --known-ips and the principal (org-security-audit) is in --known-principals'],
      ['dana.kim', 'expected-caller', 'the remote address (198.51.100.23) is in --known-ips and the principal (dana.kim) is in --known-principals'],
      ['arn:aws:iam::111122223333:user/svc-reporting', 'posture-control', 'a configuration control check, not an incident; it belongs to the posture backlog'],
    ]);
    expect(result.escalated.map((e) => [e.finding.principal, e.reasons])).toEqual([
      ['svc-reporting', ['remote address 203.0.113.66 is not in --known-ips', 'principal svc-reporting is not in --known-principals']],
      ['web-app-ec2-role', ['UnauthorizedAccess:IAMUser/InstanceCredentialExfiltration.OutsideAWS is never archived on expected behaviour alone']],
      // Logging stopped from a known address by an unknown principal: never archived.
      ['svc-backup-sync', ['TTPs/Defense Evasion/Stealth:IAMUser-CloudTrailLoggingDisabled is never archived on expected behaviour alone']],
    ]);
  });

  it('escalates everything when nothing is expected, and archives low discovery by a known scanner from anywhere', async () => {
    const { findings } = await readFindings(FILES);
    expect(triageFindings(findings, { knownIps: [], knownPrincipals: [] }).archived.map((a) => a.rule)).toEqual(['posture-control']);
    const scanner = triageFindings(findings, { knownIps: [], knownPrincipals: ['org-security-*'] });
    expect(scanner.archived.map((a) => `${a.rule}: ${a.reason}`)).toContain('known-scanner-discovery: low-severity discovery by a known principal (org-security-audit), such as an auditor or scanner');
  });

  it('opens a case seed from an escalated finding', async () => {
    const { findings } = await readFindings(FILES);
    expect(caseSeedFromFinding(findings[0]!)).toEqual({
      concern: 'leaked-credentials',
      description: 'GuardDuty finding Discovery:IAMUser/AnomalousBehavior: Unusual reconnaissance APIs were invoked by svc-reporting.',
      entities: { accessKeyIds: ['AKIA5EXAMPLEREPORT3Q'], ips: ['203.0.113.66'], accountIds: ['111122223333'] },
      since: '2024-06-03T03:20:11Z',
    });
    expect(caseSeedFromFinding(findings[2]!)).toMatchObject({ concern: 'compromised-instance', entities: { instanceIds: ['i-0a3f9c2e7b14d5681'] } });
  });
});

describe('matching helpers', () => {
  it('matches IPv4 CIDRs and exact addresses only', () => {
    expect(ipMatches('198.51.100.23', ['198.51.100.0/24'])).toBe(true);
    expect(ipMatches('198.51.101.23', ['198.51.100.0/24'])).toBe(false);
    expect(ipMatches('10.1.2.3', ['0.0.0.0/0'])).toBe(true);
    expect(ipMatches('2001:db8::1', ['2001:db8::1'])).toBe(true);
    expect(ipMatches('not-an-ip', ['198.51.100.0/24'])).toBe(false);
  });
  it('matches principals by name, ARN or glob, and globs across / and :', () => {
    expect(principalMatches('arn:aws:iam::111122223333:role/ci-deploy', ['ci-*'])).toBe(true);
    expect(principalMatches('svc-reporting', ['ci-*'])).toBe(false);
    expect(principalMatches(undefined, ['*'])).toBe(false);
    expect(globMatcher(['PrivilegeEscalation:*'])('PrivilegeEscalation:IAMUser/AnomalousBehavior')).toBe(true);
    expect(globMatcher(['a.b'])('aXb')).toBe(false);
  });
});

describe('guardian triage', () => {
  let stdout = '';
  let root: string;
  beforeEach(() => {
    stdout = '';
    root = mkdtempSync(join(tmpdir(), 'guardian-triage-cli-'));
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => ((stdout += String(chunk)), true));
    vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
  });
  afterEach(() => {
    vi.restoreAllMocks();
    rmSync(root, { recursive: true, force: true });
  });

  it('prints escalations with reasons, exits 1, and opens a case per escalated finding', async () => {
    const code = await main(['node', 'guardian', 'triage', ...FILES, '--known-ips', '198.51.100.0/24', '--known-principals', 'org-security-audit,dana.kim', '--format', 'json', '--open-case', '--root', root]);
    expect(code).toBe(1);
    const out = JSON.parse(stdout) as { escalated: { case?: string }[]; archived: unknown[] };
    expect(out.escalated.length).toBe(3);
    expect(out.archived.length).toBe(3);
    const cases = readdirSync(join(root, '.guardian', 'cases')).sort();
    expect(cases.length).toBe(3);
    expect(out.escalated.map((e) => e.case).sort()).toEqual(cases);
    const opened = JSON.parse(readFileSync(join(root, '.guardian', 'cases', out.escalated[0]!.case!, 'case.json'), 'utf8')) as { concern: string; entities: { accessKeyIds: string[] } };
    expect(opened.concern).toBe('leaked-credentials');
    expect(opened.entities.accessKeyIds).toEqual(['AKIA5EXAMPLEREPORT3Q']);
  });

  it('exits 0 when everything is archived', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'guardian-triage-one-'));
    try {
      const only = JSON.parse(readFileSync(FILES[0]!, 'utf8')) as { Findings: unknown[] };
      writeFileSync(join(dir, 'one.json'), JSON.stringify({ Findings: [only.Findings[1]] }));
      expect(await main(['node', 'guardian', 'triage', join(dir, 'one.json'), '--known-ips', '198.51.100.0/24', '--known-principals', 'org-security-audit'])).toBe(0);
      expect(stdout).toContain('1 finding: 0 escalated, 1 archived');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
