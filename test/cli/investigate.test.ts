import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { main } from '../../src/cli/main.js';
import type { InvestigationResult } from '../../src/investigate/model.js';
import type { ScenarioTruth } from '../../src/investigate/simulate/index.js';

const CASE = join(import.meta.dirname, '..', '..', 'examples', 'leaked-key-case');
const truth = (JSON.parse(readFileSync(join(CASE, 'truth.json'), 'utf8')) as { scenarios: ScenarioTruth[] }).scenarios[0]!;
let stdout = '';
let stderr = '';
beforeEach(() => {
  stdout = '';
  stderr = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => ((stdout += String(chunk)), true));
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => ((stderr += String(chunk)), true));
});
afterEach(() => vi.restoreAllMocks());

describe('guardian investigate', () => {
  it('investigates the leaked-key example exactly and writes every report', async () => {
    const out = mkdtempSync(join(tmpdir(), 'guardian-investigate-'));
    try {
      const code = await main(['node', 'guardian', 'investigate', '--evidence', join(CASE, 'cloudtrail'), '--access-key', 'AKIA5EXAMPLEREPORT3Q', '--exposed-at', '2024-06-04T03:00:00Z', '--out-dir', out, '--format', 'json,md,html,terminal']);
      expect(code).toBe(1); // critical detections in scope
      const result = JSON.parse(readFileSync(join(out, 'investigation.json'), 'utf8')) as InvestigationResult;
      expect(result.timeline.map((e) => e.eventId).sort()).toEqual([...truth.eventIds].sort());
      expect(result.containment.map((s) => ({ action: s.action, target: s.target, ...(s.region ? { region: s.region } : {}), ...(s.detail ? { detail: s.detail } : {}) }))).toEqual(truth.expectedContainment);
      expect(result.containment[0]!.command).toBe('aws iam update-access-key --user-name svc-reporting --access-key-id AKIA5EXAMPLEREPORT3Q --status Inactive');
      expect(result.stats).toMatchObject({ eventsRead: 2867, eventsStored: 2867, malformed: 0, duplicates: 0, inScope: truth.eventIds.length });
      expect(readFileSync(join(out, 'investigation.md'), 'utf8')).toContain('aws iam update-access-key --user-name svc-reporting --access-key-id AKIA5EXAMPLEREPORT3Q --status Inactive');
      expect(readFileSync(join(out, 'investigation.html'), 'utf8')).toMatch(/^<!doctype html>[\s\S]*<svg/);
      expect(stdout).toContain('AKIA5EXAMPLEREPORT3Q');
      expect(stdout).toContain(`wrote ${join(out, 'investigation.json')}`);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });

  it('reads the example snapshots beside CloudTrail: IAM blast radius, instance states, cost, GuardDuty', async () => {
    const code = await main(['node', 'guardian', 'investigate', '-e', join(CASE, 'cloudtrail'), join(CASE, 'snapshots'), '--access-key', 'AKIA5EXAMPLEREPORT3Q', '--exposed-at', '2024-06-04T03:00:00Z', '--format', 'json', '--output', '-']);
    expect(code).toBe(1);
    const result = JSON.parse(stdout) as InvestigationResult;
    const launched = truth.createdResources.filter((r) => r.type === 'AWS::EC2::Instance').map((r) => r.id);
    expect(result.timeline.map((e) => e.eventId).sort()).toEqual([...truth.eventIds].sort());
    expect(result.criticalFindings.map((f) => f.title)).toEqual(
      expect.arrayContaining(['IAM user svc-reporting can escalate its privileges', 'The attacker’s IAM principals are still in the IAM snapshot', '6 instances the attacker launched are not terminated']),
    );
    expect(result.affectedResources.filter((r) => r.type === 'AWS::EC2::Instance').map((r) => r.state)).toEqual(launched.map(() => 'running'));
    expect(result.cost?.attributed.resources).toEqual([...launched].sort());
    expect(result.criticalFindings.find((f) => f.title.startsWith('GuardDuty'))?.detail).toBe('Persistence:IAMUser/AnomalousBehavior: they corroborate this scope.');
    expect(result.warnings).toEqual([]);
  });

  it('writes JSON to stdout with --output - and nothing else', async () => {
    const code = await main(['node', 'guardian', 'investigate', '-e', join(CASE, 'cloudtrail'), '--access-key', 'AKIA5EXAMPLEREPORT3Q', '--format', 'json', '--output', '-', '--fail-on', 'never']);
    expect(code).toBe(0);
    const result = JSON.parse(stdout) as InvestigationResult;
    expect(result.case.concern).toBe('leaked-credentials');
    expect(result.detections.map((d) => d.id)).toContain('aws.persistence.iam-role-trusts-outside-account');
  });

  it('prints the Athena DDL and every detection as Trino SQL', async () => {
    expect(await main(['node', 'guardian', 'investigate', '--engine', 'athena', '--since', '2024-06-04T00:00:00Z'])).toBe(0);
    expect(stdout).toContain('CREATE EXTERNAL TABLE cloudtrail');
    expect(stdout).toContain('-- aws.defense-evasion.cloudtrail-stopped: CloudTrail logging stopped (or attempted)');
    expect(stdout).toContain("from_iso8601_timestamp(eventtime) >= from_iso8601_timestamp('2024-06-04T00:00:00.000Z')");
  });

  it('rejects bad flags with exit 2 and a message naming the flag', async () => {
    expect(await main(['node', 'guardian', 'investigate', '-e', CASE, '--access-key', 'AKIA-nope'])).toBe(2);
    expect(stderr).toContain("--access-key: 'AKIA-nope' is not an access key id");
    expect(await main(['node', 'guardian', 'investigate', '-e', CASE, '--since', 'last tuesday'])).toBe(2);
    expect(stderr).toContain("--since: not a date/time: 'last tuesday'");
    expect(await main(['node', 'guardian', 'investigate'])).toBe(2);
    expect(stderr).toContain('--evidence: give at least one CloudTrail file or directory');
  });

  it('reports unreadable evidence and goes on', async () => {
    const code = await main(['node', 'guardian', 'investigate', '-e', join(CASE, 'README.md'), join(CASE, 'cloudtrail'), '--access-key', 'AKIA5EXAMPLEREPORT3Q', '--format', 'json', '--output', '-', '--fail-on', 'never']);
    expect(code).toBe(0);
    const result = JSON.parse(stdout) as InvestigationResult;
    expect(result.warnings.some((w) => w.path?.endsWith('README.md') && w.message.startsWith('skipped:'))).toBe(true);
    expect(result.stats.eventsStored).toBe(2867);
  });
});
