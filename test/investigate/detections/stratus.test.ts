/**
 * Every Stratus Red Team technique recording is detected by a detection with the right
 * ATT&CK technique, on the technique's own events; simulated benign activity stays quiet;
 * and the Athena rendering of every detection selects exactly what the DuckDB one does.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DetectionRule, loadDetections, renderDetection, runDetections } from '../../../src/investigate/detections/engine.js';
import { ingestCloudTrail } from '../../../src/investigate/evidence/ingest.js';
import { EvidenceStore } from '../../../src/investigate/evidence/store.js';
import { generateDataset, writeS3Export } from '../../../src/investigate/simulate/index.js';

const STRATUS = join(import.meta.dirname, '..', '..', 'fixtures', 'cloudtrail', 'stratus-red-team');

/** Stratus technique → [detection id, ATT&CK technique, events it must cover (eventName)]. */
const EXPECTED: Record<string, [string, string, string]> = {
  'aws.credential-access.ec2-get-password-data': ['aws.credential-access.ec2-password-data', 'T1552', 'GetPasswordData'],
  'aws.credential-access.ec2-steal-instance-credentials': ['aws.credential-access.instance-credentials-outside', 'T1552.005', 'GetCallerIdentity'],
  'aws.credential-access.secretsmanager-batch-retrieve-secrets': ['aws.credential-access.secrets-batch-read', 'T1555.006', 'BatchGetSecretValue'],
  'aws.credential-access.secretsmanager-retrieve-secrets': ['aws.credential-access.secrets-read-burst', 'T1555.006', 'GetSecretValue'],
  'aws.credential-access.ssm-retrieve-securestring-parameters': ['aws.credential-access.ssm-parameters-decrypted', 'T1555.006', 'GetParameters'],
  'aws.defense-evasion.cloudtrail-delete': ['aws.defense-evasion.cloudtrail-deleted', 'T1562.008', 'DeleteTrail'],
  'aws.defense-evasion.cloudtrail-event-selectors': ['aws.defense-evasion.cloudtrail-modified', 'T1562.008', 'PutEventSelectors'],
  'aws.defense-evasion.cloudtrail-stop': ['aws.defense-evasion.cloudtrail-stopped', 'T1562.008', 'StopLogging'],
  'aws.defense-evasion.dns-delete-logs': ['aws.defense-evasion.dns-query-logging-deleted', 'T1562.008', 'DeleteResolverQueryLogConfig'],
  'aws.defense-evasion.organizations-leave': ['aws.defense-evasion.leave-organization', 'T1562', 'LeaveOrganization'],
  'aws.defense-evasion.vpc-remove-flow-logs': ['aws.defense-evasion.flow-logs-deleted', 'T1562.008', 'DeleteFlowLogs'],
  'aws.discovery.ec2-download-user-data': ['aws.discovery.instance-user-data', 'T1580', 'DescribeInstanceAttribute'],
  'aws.execution.ec2-launch-unusual-instances': ['aws.execution.gpu-instances', 'T1496', 'RunInstances'],
  'aws.execution.ec2-user-data': ['aws.execution.instance-user-data-changed', 'T1059.009', 'ModifyInstanceAttribute'],
  'aws.execution.ssm-send-command': ['aws.execution.ssm-send-command', 'T1651', 'SendCommand'],
  'aws.execution.ssm-start-session': ['aws.execution.ssm-start-session', 'T1651', 'StartSession'],
  'aws.exfiltration.ec2-security-group-open-port-22-ingress': ['aws.exfiltration.security-group-open-to-internet', 'T1562.007', 'AuthorizeSecurityGroupIngress'],
  'aws.exfiltration.ec2-share-ami': ['aws.exfiltration.ami-shared', 'T1537', 'ModifyImageAttribute'],
  'aws.exfiltration.ec2-share-ebs-snapshot': ['aws.exfiltration.ebs-snapshot-shared', 'T1537', 'ModifySnapshotAttribute'],
  'aws.exfiltration.rds-share-snapshot': ['aws.exfiltration.rds-snapshot-shared', 'T1537', 'ModifyDBSnapshotAttribute'],
  'aws.impact.bedrock-invoke-model': ['aws.impact.bedrock-model-access-enabled', 'T1496', 'PutUseCaseForModelAccess'],
  'aws.initial-access.console-login-without-mfa': ['aws.initial-access.console-login-without-mfa', 'T1078.004', 'ConsoleLogin'],
  'aws.lateral-movement.ec2-instance-connect': ['aws.lateral-movement.ec2-instance-connect', 'T1021.008', 'SendSSHPublicKey'],
  'aws.lateral-movement.ec2-serial-console-send-ssh-public-key': ['aws.lateral-movement.ec2-serial-console', 'T1021.008', 'SendSerialConsoleSSHPublicKey'],
  'aws.persistence.iam-backdoor-role': ['aws.persistence.iam-role-trusts-outside-account', 'T1098.003', 'UpdateAssumeRolePolicy'],
  'aws.persistence.iam-backdoor-user': ['aws.persistence.iam-access-key-for-other-user', 'T1098.001', 'CreateAccessKey'],
  'aws.persistence.iam-create-admin-user': ['aws.persistence.iam-admin-policy-attached', 'T1098.003', 'AttachUserPolicy'],
  'aws.persistence.iam-create-backdoor-role': ['aws.persistence.iam-role-trusts-outside-account', 'T1098.003', 'CreateRole'],
  'aws.persistence.iam-create-user-login-profile': ['aws.persistence.iam-login-profile', 'T1098', 'CreateLoginProfile'],
  'aws.persistence.lambda-backdoor-function': ['aws.persistence.lambda-public-invoke-permission', 'T1546', 'AddPermission20150331v2'],
  'aws.persistence.lambda-layer-extension': ['aws.persistence.lambda-layer-added', 'T1546', 'UpdateFunctionConfiguration20150331v2'],
  'aws.persistence.lambda-overwrite-code': ['aws.persistence.lambda-code-from-user', 'T1546', 'UpdateFunctionCode20150331v2'],
  'aws.persistence.rolesanywhere-create-trust-anchor': ['aws.persistence.rolesanywhere-trust-anchor', 'T1098.003', 'CreateTrustAnchor'],
  'aws.persistence.sts-federation-token': ['aws.persistence.sts-federation-token', 'T1550.001', 'GetFederationToken'],
  'aws.privilege-escalation.iam-update-user-login-profile': ['aws.privilege-escalation.iam-login-profile-changed', 'T1098', 'UpdateLoginProfile'],
};

interface Recorded {
  eventID: string;
  eventName: string;
}

const files = readdirSync(STRATUS).filter((f) => f.endsWith('.json')).sort();

describe('Stratus Red Team recordings', () => {
  it('covers all 35 techniques', () => {
    expect(files.map((f) => f.replace(/\.json$/, ''))).toEqual(Object.keys(EXPECTED).sort());
  });

  for (const file of files) {
    const technique = file.replace(/\.json$/, '');
    it(`${technique} is detected`, async () => {
      const [detection, attackId, eventName] = EXPECTED[technique]!;
      const raw = JSON.parse(readFileSync(join(STRATUS, file), 'utf8')) as Recorded[] | { Records: Recorded[] };
      const records = Array.isArray(raw) ? raw : raw.Records;
      const store = await EvidenceStore.open(':memory:');
      try {
        await ingestCloudTrail(store, [join(STRATUS, file)]);
        const { hits, warnings } = await runDetections(store);
        expect(warnings).toEqual([]);
        const hit = hits.find((h) => h.id === detection);
        expect(hit, `${detection} did not fire; fired: ${hits.map((h) => h.id).join(', ')}`).toBeDefined();
        expect(hit!.technique).toBe(attackId);
        const ofTechnique = records.filter((r) => r.eventName === eventName).map((r) => r.eventID);
        expect(ofTechnique.length).toBeGreaterThan(0);
        // The hit names the technique's own events (at least one of them, and nothing that is not in the file).
        expect(hit!.eventIds.some((id) => ofTechnique.includes(id))).toBe(true);
        expect(hit!.eventIds.every((id) => records.some((r) => r.eventID === id))).toBe(true);
      } finally {
        await store.close();
      }
    });
  }
});

describe('benign activity', () => {
  let store: EvidenceStore;
  let dir: string;
  beforeAll(async () => {
    // A week of a busy account: CI roles, console users with MFA, auditors, data analysts, instance roles, services.
    const dataset = generateDataset({ seed: 3, start: new Date('2024-06-03T00:00:00Z'), days: 7, eventsPerDay: 8000 });
    dir = mkdtempSync(join(tmpdir(), 'guardian-benign-'));
    await writeS3Export(dataset, dir);
    store = await EvidenceStore.open(':memory:');
    await ingestCloudTrail(store, [join(dir, 'AWSLogs')]);
  }, 120_000);
  afterAll(async () => {
    await store?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('stays quiet: no detection fires on a week of normal activity', async () => {
    const [count] = await store.query<{ n: number }>('SELECT count(*) AS n FROM cloudtrail');
    expect(count!.n).toBeGreaterThan(30_000);
    const { hits, warnings } = await runDetections(store);
    expect(warnings).toEqual([]);
    expect(hits.map((h) => `${h.id} (${h.eventIds.length})`)).toEqual([]);
  });
});

describe('Athena dialect', () => {
  /**
   * DuckDB standing in for Athena: a `cloudtrail` table with the Athena column types
   * (JSON columns and eventtime as strings, readonly as 'true'/'false'), and macros for the
   * Trino functions the rendering uses. Same rows, same answers, or the rendering is wrong.
   */
  const TRINO_MACROS = [
    'CREATE MACRO json_extract_scalar(j, p) AS json_extract_string(j, p)',
    'CREATE MACRO json_format(j) AS CAST(j AS VARCHAR)',
    'CREATE MACRO from_iso8601_timestamp(s) AS CAST(s AS TIMESTAMP)',
    'CREATE MACRO to_unixtime(t) AS epoch(t)',
    'CREATE MACRO regexp_like(s, p) AS regexp_matches(s, p)',
    'CREATE MACRO cardinality(l) AS len(l)',
  ];
  const rules: DetectionRule[] = loadDetections();

  for (const file of files) {
    it(`${file.replace(/\.json$/, '')}: Athena SQL selects what DuckDB SQL selects`, async () => {
      const store = await EvidenceStore.open(':memory:');
      try {
        await ingestCloudTrail(store, [join(STRATUS, file)]);
        await store.execute('CREATE SCHEMA athena');
        await store.execute(`CREATE TABLE athena.cloudtrail AS SELECT *
          EXCLUDE (useridentity_type, useridentity_arn, useridentity_accountid, useridentity_accesskeyid, useridentity_principalid,
            useridentity_username, useridentity_invokedby, sessionissuer_arn, sessionissuer_username, mfaauthenticated)
          REPLACE (
            CAST(requestparameters AS VARCHAR) AS requestparameters, CAST(responseelements AS VARCHAR) AS responseelements,
            CAST(additionaleventdata AS VARCHAR) AS additionaleventdata, CAST(serviceeventdetails AS VARCHAR) AS serviceeventdetails,
            strftime(eventtime, '%Y-%m-%dT%H:%M:%SZ') AS eventtime, CAST(readonly AS VARCHAR) AS readonly)
          FROM main.cloudtrail`);
        for (const macro of TRINO_MACROS) await store.execute(macro);
        for (const rule of rules) {
          const duck = await idsOf(store, renderDetection(rule, 'duckdb'));
          await store.execute("SET search_path = 'athena'");
          const athena = await idsOf(store, renderDetection(rule, 'athena'));
          await store.execute("SET search_path = 'main'");
          expect(athena, rule.id).toEqual(duck);
        }
      } finally {
        await store.close();
      }
    });
  }

  it('uses Trino functions and the struct paths of the Athena table', () => {
    const rule = rules.find((r) => r.id === 'aws.persistence.iam-access-key-for-other-user')!;
    const sql = renderDetection(rule, 'athena', { since: '2024-06-04T00:00:00Z' });
    expect(sql).toContain("json_extract_scalar(requestparameters, '$.userName')");
    expect(sql).toContain('useridentity.type');
    expect(sql).not.toContain('useridentity_');
    expect(sql).toContain("from_iso8601_timestamp(eventtime) >= from_iso8601_timestamp('2024-06-04T00:00:00.000Z')");
    const burst = renderDetection(rules.find((r) => r.id === 'aws.discovery.recon-burst')!, 'athena');
    expect(burst).toContain('array_agg(eventid ORDER BY eventtime, eventid)');
    expect(burst).toContain('floor(to_unixtime(from_iso8601_timestamp(eventtime)) / 600)');
  });
});

async function idsOf(store: EvidenceStore, sql: string): Promise<string[]> {
  const rows = await store.query<{ eventid?: string; eventids?: string[] }>(sql);
  return [...new Set(rows.flatMap((r) => r.eventids ?? (r.eventid ? [r.eventid] : [])))].sort();
}
