import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaseEntities } from '../../../src/investigate/model.js';
import { outsideAccountsOfPolicy, scopeInvestigation } from '../../../src/investigate/scope/scope.js';
import type { Dataset, ScenarioTruth } from '../../../src/investigate/simulate/index.js';
import type { EvidenceStore } from '../../../src/investigate/evidence/store.js';
import { type ScenarioEvidence, openScenarioEvidence } from '../scenario-dataset.js';

const NONE: CaseEntities = { accessKeyIds: [], principals: [], userNames: [], roleNames: [], ips: [], accountIds: [], regions: [], instanceIds: [], buckets: [], times: [] };

let evidence: ScenarioEvidence;
let dataset: Dataset;
let store: EvidenceStore;
const truth = (name: string): ScenarioTruth => evidence.truth(name);

beforeAll(async () => {
  evidence = await openScenarioEvidence();
  ({ dataset, store } = evidence);
}, 60_000);

afterAll(async () => {
  await evidence?.close();
});

describe('scopeInvestigation on the generated scenarios', () => {
  for (const name of ['leaked-access-key', 'stolen-instance-credentials', 'insider-s3-exfiltration']) {
    for (const since of [false, true]) {
      it(`${name}, ${since ? 'with' : 'without'} a start time: exactly the attacker's events`, async () => {
        const t = truth(name);
        const result = await scopeInvestigation(store, {
          entities: { ...NONE, accessKeyIds: [t.compromised!.accessKeyId] },
          facts: since ? { since: `${t.window.start.slice(0, 13)}:00:00Z` } : {},
        });
        expect(result.events.map((e) => e.row.eventid).sort()).toEqual([...t.eventIds].sort());
        // The legitimate owner's use of the same key is left out by network, and said so.
        expect(result.baselines.map((b) => b.rule)).toEqual([since ? `used before ${t.window.start.slice(0, 13)}:00:00Z` : 'used on two or more days']);
        expect(result.notes.some((n) => n.startsWith('No start time'))).toBe(!since);
      });
    }
  }

  it('follows the leaked key through minted, created and trusted credentials, each event with its reason', async () => {
    const t = truth('leaked-access-key');
    const result = await scopeInvestigation(store, { entities: { ...NONE, accessKeyIds: [t.compromised!.accessKeyId] }, facts: {} });
    const kinds = result.threads.map((x) => x.kind);
    expect(kinds).toEqual(['seed-access-key', 'minted-credentials', 'created-user', 'created-access-key', 'created-role', 'trusted-account', 'trusted-account', 'minted-credentials']);
    expect(result.outsideAccounts).toEqual(['777788889999']);
    const assume = result.events.find((e) => e.row.eventname === 'AssumeRole')!;
    expect(assume.reason.kind).toBe('trusted-account');
    expect(assume.reason.text).toMatch(/^Assumes AWSSupportOpsRole, whose trust policy CreateRole \(event .+\) opened to 777788889999\.$/);
    const backdoorCalls = result.events.filter((e) => e.reason.kind === 'created-user');
    expect(backdoorCalls.length).toBe(5);
    expect(backdoorCalls.every((e) => e.row.useridentity_username === 'svc-backup-sync')).toBe(true);
  });

  it('reaches the outside account an insider granted the bucket to', async () => {
    const t = truth('insider-s3-exfiltration');
    const result = await scopeInvestigation(store, { entities: { ...NONE, userNames: ['dana.kim'] }, facts: {} });
    const granted = result.events.filter((e) => e.reason.kind === 'granted-account');
    expect(granted.length).toBe(40);
    expect(granted[0]!.reason.text).toMatch(/^Made by account 777700001111, granted bucket acme-data-lake-111122223333 by PutBucketPolicy/);
    expect(result.events.length).toBe(t.eventIds.length);
  });

  it('an IP seed takes everything from that address, with no owner baseline', async () => {
    const result = await scopeInvestigation(store, { entities: { ...NONE, ips: ['203.0.113.200'] }, facts: {} });
    expect(result.events.length).toBe(truth('stolen-instance-credentials').eventIds.length);
    expect(result.baselines).toEqual([]);
  });

  it('known IPs are never the attacker’s', async () => {
    const t = truth('stolen-instance-credentials');
    const result = await scopeInvestigation(store, { entities: { ...NONE, accessKeyIds: [t.compromised!.accessKeyId] }, facts: { knownIps: ['203.0.113.200'] } });
    expect(result.events).toEqual([]);
  });

  it('a case naming nothing starts from high and critical detections, and says so', async () => {
    const t = truth('leaked-access-key');
    const create = dataset.records.find((r) => r.eventName === 'CreateUser' && t.eventIds.includes(r.eventID))!;
    const hit = { id: 'x.create-user', title: 'IAM user created', severity: 'high' as const, tactic: 'Persistence', tacticId: 'TA0003', technique: 'T1136.003', techniqueName: 'Create Account: Cloud Account', rationale: '', eventIds: [create.eventID] };
    const result = await scopeInvestigation(store, { entities: NONE, facts: {}, detections: [hit] });
    expect(result.threads[0]).toMatchObject({ kind: 'detection', via: t.compromised!.accessKeyId });
    expect(result.events.map((e) => e.row.eventid).sort()).toEqual([...t.eventIds].sort());
    const quiet = await scopeInvestigation(store, { entities: NONE, facts: {}, detections: [{ ...hit, severity: 'medium' }] });
    expect(quiet.events).toEqual([]);
    expect(quiet.notes[0]).toMatch(/no high or critical detection fired/);
  });
});

describe('outsideAccountsOfPolicy', () => {
  const victim = new Set(['111122223333']);
  it('finds outside accounts in Allow statements, URL-encoded or not', () => {
    const doc = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: ['arn:aws:iam::777788889999:root', '444455556666'] }, Action: 'sts:AssumeRole' }] });
    expect(outsideAccountsOfPolicy(doc, victim)).toEqual(['777788889999', '444455556666']);
    expect(outsideAccountsOfPolicy(encodeURIComponent(doc), victim)).toEqual(['777788889999', '444455556666']);
  });
  it('ignores the same account, Deny statements, services and garbage', () => {
    const doc = JSON.stringify({ Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:root' } }, { Effect: 'Deny', Principal: { AWS: '999988887777' } }, { Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' } }] });
    expect(outsideAccountsOfPolicy(doc, victim)).toEqual([]);
    expect(outsideAccountsOfPolicy('{not json', victim)).toEqual([]);
    expect(outsideAccountsOfPolicy(undefined, victim)).toEqual([]);
  });
  it('reports a public grant as *', () => {
    expect(outsideAccountsOfPolicy(JSON.stringify({ Statement: { Effect: 'Allow', Principal: '*' } }), victim)).toEqual(['*']);
  });
});
