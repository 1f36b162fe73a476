/**
 * The generated scenarios investigated with the whole evidence an analyst collects: IAM
 * authorization details, describe-instances, a Cost and Usage Report and GuardDuty
 * findings (src/investigate/simulate/snapshots.ts). Each conclusion is checked against the
 * snapshot files themselves, not against hard-coded figures.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadEvidence } from '../../../src/investigate/evidence/load.js';
import { EvidenceStore } from '../../../src/investigate/evidence/store.js';
import type { CaseSummary, InvestigationResult } from '../../../src/investigate/model.js';
import { investigate } from '../../../src/investigate/run.js';
import type { ScenarioTruth } from '../../../src/investigate/simulate/index.js';
import { type ScenarioEvidence, openScenarioEvidence } from '../scenario-dataset.js';

let evidence: ScenarioEvidence;
const results = new Map<string, InvestigationResult>();

const caseFor = (truth: ScenarioTruth): CaseSummary => ({
  id: truth.scenario,
  title: truth.description,
  concern: 'leaked-credentials',
  entities: { accessKeyIds: [truth.compromised!.accessKeyId], principals: [], userNames: [], roleNames: [], ips: [], accountIds: [], regions: [], instanceIds: [], buckets: [], times: [] },
  facts: { exposedAt: `${truth.window.start.slice(0, 13)}:00:00Z` },
  missingFacts: [],
});

beforeAll(async () => {
  evidence = await openScenarioEvidence();
  for (const truth of evidence.dataset.truth) results.set(truth.scenario, await investigate(evidence.store, caseFor(truth), { now: new Date('2024-06-06T00:00:00Z') }));
}, 120_000);
afterAll(async () => {
  await evidence?.close();
});

/** Cost of the CUR lines of `resources` from `since` (a day), summed from the CSV text. */
function curCost(resources: string[], since: string): number {
  const [header, ...lines] = readFileSync(join(evidence.dir, 'snapshots', 'cost-and-usage.csv'), 'utf8').trim().split('\n');
  const column = (name: string) => header!.split(',').indexOf(name);
  let sum = 0;
  for (const line of lines) {
    const cells = line.split(',');
    if (resources.includes(cells[column('lineItem/ResourceId')]!) && cells[column('lineItem/UsageStartDate')]!.slice(0, 10) >= since) sum += Number(cells[column('lineItem/UnblendedCost')]);
  }
  return Math.round(sum * 100) / 100;
}

describe('investigation with IAM, EC2, cost and GuardDuty evidence', () => {
  it('loads every snapshot as its kind', () => {
    expect(evidence.load.other.map((o) => [o.path.split('/').at(-1), o.kind, o.items])).toEqual([
      ['authorization-details.json', 'iam-authorization-details', 11],
      ['cost-and-usage.csv', 'cost', 17 * 7 + 6 * 2],
      ['describe-instances.json', 'ec2-instances', 9],
      ['guardduty-findings.json', 'findings', 4],
    ]);
    expect(evidence.load.warnings).toEqual([]);
  });

  it('leaked key: the owner can escalate (IAMFullAccess), and the backdoors are still in the snapshot', () => {
    const findings = results.get('leaked-access-key')!.criticalFindings;
    const escalation = findings.find((f) => f.title === 'IAM user svc-reporting can escalate its privileges');
    expect(escalation?.severity).toBe('critical');
    expect(escalation?.detail).toContain('IAMFullAccess');
    expect(escalation?.detail).toContain('AttachUserPolicy');
    const kept = findings.find((f) => f.title === 'The attacker’s IAM principals are still in the IAM snapshot');
    expect(kept?.detail).toBe('IAM user svc-backup-sync, role AWSSupportOpsRole exist in the loaded authorization details: remove them (see the containment plan).');
  });

  it('leaked key: the launched instances are running, and their cost is the CUR lines of exactly those instances', () => {
    const result = results.get('leaked-access-key')!;
    const truth = evidence.truth('leaked-access-key');
    const launched = truth.createdResources.filter((r) => r.type === 'AWS::EC2::Instance').map((r) => r.id);
    expect(launched).toHaveLength(6);
    const instances = result.affectedResources.filter((r) => r.type === 'AWS::EC2::Instance');
    expect(instances.map((r) => [r.id, r.state]).sort()).toEqual(launched.map((id) => [id, 'running']).sort());
    expect(result.criticalFindings.find((f) => f.title === '6 instances the attacker launched are not terminated')?.severity).toBe('critical');

    const cost = result.cost!;
    expect(cost.since).toBe(truth.window.start.slice(0, 10));
    expect(cost.until).toBe('2024-06-05');
    expect(cost.attributed.resources).toEqual([...launched].sort());
    expect(cost.attributed.amount).toBeCloseTo(curCost(launched, cost.since), 2);
    expect(cost.anomalies.map((a) => [a.service, a.region, a.baselineDaily])).toEqual([['Amazon Elastic Compute Cloud', 'ap-southeast-1', 0]]);
    expect(cost.baselineDaily).toBeGreaterThan(30);
    expect(result.criticalFindings.some((f) => f.title === `Cost impact: USD ${cost.attributed.amount.toFixed(2)} from the attacker's resources`)).toBe(true);
  });

  it('GuardDuty findings are cited only where they name the scope’s keys, addresses or instances', () => {
    const related = (name: string) => results.get(name)!.criticalFindings.find((f) => f.title.startsWith('GuardDuty'))?.detail;
    expect(related('leaked-access-key')).toBe('Persistence:IAMUser/AnomalousBehavior: they corroborate this scope.');
    expect(related('insider-s3-exfiltration')).toBe('Exfiltration:S3/AnomalousBehavior: they corroborate this scope.');
    // The port probe is on the instance whose credentials were stolen, so that case cites it too.
    expect(related('stolen-instance-credentials')).toBe('UnauthorizedAccess:IAMUser/InstanceCredentialExfiltration.OutsideAWS, Recon:EC2/PortProbeUnprotectedPort: they corroborate this scope.');
  });

  it('a case that launched nothing reports the account-wide cost rise without attributing it', () => {
    const result = results.get('insider-s3-exfiltration')!;
    expect(result.cost?.attributed).toEqual({ amount: 0, resources: [] });
    const finding = result.criticalFindings.find((f) => f.title.startsWith('Cost rose from'));
    expect(finding?.severity).toBe('medium');
    expect(result.criticalFindings.some((f) => f.title.startsWith('Cost impact'))).toBe(false);
  });

  it('a principal created inside the window without a CloudTrail event is flagged, with its outside trust', async () => {
    const path = join(evidence.dir, 'snapshots', 'authorization-details.json');
    const details = JSON.parse(readFileSync(path, 'utf8')) as { RoleDetailList: Record<string, unknown>[] };
    details.RoleDetailList.push({
      RoleName: 'shadow-admin',
      RoleId: 'AROASHADOWADMIN00001',
      Arn: 'arn:aws:iam::111122223333:role/shadow-admin',
      CreateDate: '2024-06-04T05:00:00Z',
      AssumeRolePolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::999988887777:root' }, Action: 'sts:AssumeRole' }] },
      AttachedManagedPolicies: [],
      RolePolicyList: [],
    });
    const changed = join(evidence.dir, 'authorization-details-later.json');
    writeFileSync(changed, JSON.stringify(details));
    const store = await EvidenceStore.open(':memory:');
    try {
      await loadEvidence(store, [join(evidence.dir, 'AWSLogs'), changed]);
      const result = await investigate(store, caseFor(evidence.truth('leaked-access-key')));
      const finding = result.criticalFindings.find((f) => f.title === 'IAM principals created during the incident window without a matching CloudTrail event');
      expect(finding?.detail).toBe('role shadow-admin (created 2024-06-04 05:00 UTC, trusts 999988887777): find out who created them.');
      expect(result.limitingFactors.some((l) => l.includes('(shadow-admin)'))).toBe(true);
    } finally {
      await store.close();
    }
  });
});
