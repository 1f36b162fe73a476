/**
 * The generated attack scenarios, investigated end to end from the case's one known
 * fact (the compromised access key): the timeline is exactly the attacker's events and
 * the containment plan is exactly the scenario's ground truth, in order.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaseSummary, Concern, InvestigationResult } from '../../src/investigate/model.js';
import { investigate } from '../../src/investigate/run.js';
import type { Dataset } from '../../src/investigate/simulate/index.js';
import { type ScenarioEvidence, openScenarioEvidence } from './scenario-dataset.js';

let evidence: ScenarioEvidence;
let dataset: Dataset;
const results = new Map<string, InvestigationResult>();
const CONCERN: Record<string, Concern> = {
  'leaked-access-key': 'leaked-credentials',
  'stolen-instance-credentials': 'compromised-instance',
  'insider-s3-exfiltration': 'data-access',
};

beforeAll(async () => {
  evidence = await openScenarioEvidence();
  dataset = evidence.dataset;
  const { store, ingest } = evidence;
  for (const truth of dataset.truth) {
    const theCase: CaseSummary = {
      id: truth.scenario,
      title: truth.description,
      concern: CONCERN[truth.scenario]!,
      entities: { accessKeyIds: [truth.compromised!.accessKeyId], principals: [], userNames: [], roleNames: [], ips: [], accountIds: [], regions: [], instanceIds: [], buckets: [], times: [] },
      facts: { exposedAt: `${truth.window.start.slice(0, 13)}:00:00Z` },
      missingFacts: [],
    };
    const load = { eventsRead: ingest.records, duplicates: ingest.duplicates, malformed: ingest.malformed, warnings: [] };
    results.set(truth.scenario, await investigate(store, theCase, { load, now: new Date('2024-06-06T00:00:00Z') }));
  }
}, 120_000);

afterAll(async () => {
  await evidence?.close();
});

describe('generated scenarios, investigated', () => {
  for (const name of ['leaked-access-key', 'stolen-instance-credentials', 'insider-s3-exfiltration']) {
    it(`${name}: the timeline is exactly the attacker's events, in time order`, () => {
      const truth = dataset.truth.find((t) => t.scenario === name)!;
      const result = results.get(name)!;
      expect(result.timeline.map((e) => e.eventId).sort()).toEqual([...truth.eventIds].sort());
      const times = result.timeline.map((e) => e.time);
      expect([...times].sort()).toEqual(times);
      expect(result.stats.inScope).toBe(truth.eventIds.length);
      expect(result.stats.eventsStored).toBe(dataset.records.length);
    });

    it(`${name}: the containment plan is the full ground truth, in order, with commands`, () => {
      const truth = dataset.truth.find((t) => t.scenario === name)!;
      const result = results.get(name)!;
      const plan = result.containment.map((s) => ({ action: s.action, target: s.target, ...(s.region ? { region: s.region } : {}), ...(s.detail ? { detail: s.detail } : {}) }));
      expect(plan).toEqual(truth.expectedContainment);
      expect(result.containment.map((s) => s.step)).toEqual(result.containment.map((_, i) => i + 1));
      for (const step of result.containment) {
        expect(step.command).toMatch(/^(aws |VPC=|for u in)/);
        expect(step.verify.length).toBeGreaterThan(10);
      }
    });

    it(`${name}: indicators are the attacker's addresses and user agents`, () => {
      const truth = dataset.truth.find((t) => t.scenario === name)!;
      const result = results.get(name)!;
      expect(result.indicators.ips.map((i) => i.value).sort()).toEqual([...truth.attacker.ips].sort());
      expect(result.indicators.userAgents.map((i) => i.value).sort()).toEqual([...truth.attacker.userAgents].sort());
    });
  }

  it('leaked-access-key: detections, created resources, critical findings and summary', () => {
    const result = results.get('leaked-access-key')!;
    const truth = dataset.truth.find((t) => t.scenario === 'leaked-access-key')!;
    expect(result.detections.map((d) => d.id)).toEqual([
      'aws.defense-evasion.cloudtrail-stopped',
      'aws.discovery.recon-burst',
      'aws.discovery.access-denied-burst',
      'aws.discovery.whoami-from-long-term-key',
      'aws.execution.gpu-instances',
      'aws.persistence.iam-create-user',
      'aws.persistence.iam-access-key-for-other-user',
      'aws.persistence.iam-admin-policy-attached',
      'aws.persistence.iam-role-trusts-outside-account',
    ]);
    const created = result.affectedResources.filter((r) => r.change === 'created').map((r) => `${r.type} ${r.id}`);
    for (const resource of truth.createdResources) expect(created).toContain(`${resource.type} ${resource.id}`);
    expect(result.criticalFindings[0]!.severity).toBe('critical');
    expect(result.summary).toMatch(/^Access key AKIA\w+ of IAM user svc-reporting was used from 2 unfamiliar addresses \(203\.0\.113\.66, 203\.0\.113\.141\)/);
    expect(result.summary).toContain('launched 6 instances in ap-southeast-1');
    expect(result.summary).toContain('tried and failed to disable logging (cloudtrail)');
    expect(result.indicators.accounts.map((a) => a.value)).toEqual(['777788889999']);
    // The insider's and the instance thief's events are other people's cases.
    expect(result.otherDetections.map((d) => d.id)).toContain('aws.collection.bulk-s3-reads');
  });

  it('every timeline entry says why it is in scope and which detections fired on it', () => {
    const result = results.get('leaked-access-key')!;
    const stop = result.timeline.find((e) => e.eventName === 'StopLogging')!;
    expect(stop.detectionIds).toEqual(['aws.defense-evasion.cloudtrail-stopped']);
    expect(stop.error).toMatch(/^AccessDenied: /);
    expect(stop.scope.kind).toBe('created-user');
    expect(result.timeline.every((e) => e.scope.text.length > 0)).toBe(true);
  });
});
