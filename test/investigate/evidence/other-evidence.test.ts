/**
 * Evidence other than CloudTrail: files are recognised by shape (not by name), stored, and
 * bad files become warnings naming the file; cost exports in each supported layout give
 * the same daily lines.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { documentKindOf, readDocuments } from '../../../src/investigate/evidence/documents.js';
import { loadEvidence } from '../../../src/investigate/evidence/load.js';
import { EvidenceStore } from '../../../src/investigate/evidence/store.js';

const dir = mkdtempSync(join(tmpdir(), 'guardian-other-evidence-'));
const write = (name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};
let store: EvidenceStore;
beforeEach(async () => {
  store = await EvidenceStore.open(':memory:');
});
afterEach(async () => {
  await store.close();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const costLines = () => store.query<{ day: string; service: string; region: string | null; amount: number; currency: string }>('SELECT day::VARCHAR AS day, service, region, round(amount, 4) AS amount, currency FROM cost_lines ORDER BY day, service, region');

describe('documentKindOf', () => {
  it('recognises each AWS CLI output by its first key, and findings arrays by their schema', () => {
    expect(documentKindOf('{\n    "UserDetailList": [\n')).toBe('iam-authorization-details');
    expect(documentKindOf('{"RoleDetailList": []}')).toBe('iam-authorization-details');
    expect(documentKindOf('\uFEFF{ "Reservations": [ {')).toBe('ec2-instances');
    expect(documentKindOf('{"Findings": [{"SchemaVersion": "2.0"}]}')).toBe('findings');
    expect(documentKindOf('[{"SchemaVersion": "2018-10-08", "ProductArn": "arn:aws:securityhub:::"}]')).toBe('findings');
    expect(documentKindOf('[{"Service": {"ServiceName": "guardduty"}, "Type": "Recon:EC2/PortProbeUnprotectedPort"}]')).toBe('findings');
  });

  it('leaves CloudTrail and unknown JSON to the CloudTrail ingest', () => {
    expect(documentKindOf('{"Records": [{"eventTime": "2024-06-04T00:00:00Z"}]}')).toBeUndefined();
    expect(documentKindOf('[{"eventVersion": "1.09", "eventTime": "2024-06-04T00:00:00Z", "Service": {"ServiceName": "guardduty"}}]')).toBeUndefined();
    expect(documentKindOf('{"something": 1}')).toBeUndefined();
  });
});

describe('loadEvidence with documents', () => {
  it('stores snapshots beside CloudTrail, whatever the file names, and counts their items', async () => {
    const iam = write('snapshot-a.json', JSON.stringify({ UserDetailList: [{ UserName: 'u', Arn: 'arn:aws:iam::111122223333:user/u' }], GroupDetailList: [], RoleDetailList: [{ RoleName: 'r', Arn: 'arn:aws:iam::111122223333:role/r' }], Policies: [] }));
    const ec2 = write('instances.json', JSON.stringify({ Reservations: [{ Instances: [{ InstanceId: 'i-1' }, { InstanceId: 'i-2' }] }, { Instances: [{ InstanceId: 'i-3' }] }] }));
    const trail = write('trail.json', JSON.stringify({ Records: [{ eventTime: '2024-06-04T00:00:00Z', eventSource: 'sts.amazonaws.com', eventName: 'GetCallerIdentity', eventID: 'e1' }] }));
    const load = await loadEvidence(store, [iam, ec2, trail]);
    expect(load.other).toEqual([
      { path: iam, kind: 'iam-authorization-details', items: 2 },
      { path: ec2, kind: 'ec2-instances', items: 3 },
    ]);
    expect(load.eventsRead).toBe(1);
    expect(load.warnings).toEqual([]);
    expect((await readDocuments(store, 'ec2-instances')).map((d) => d.path)).toEqual([ec2]);
  });

  it('loading a snapshot again replaces it instead of adding a copy', async () => {
    const path = write('again.json', JSON.stringify({ Reservations: [{ Instances: [{ InstanceId: 'i-1' }] }] }));
    await loadEvidence(store, [path]);
    await loadEvidence(store, [path]);
    expect(await readDocuments(store, 'ec2-instances')).toHaveLength(1);
  });

  it('reports a document of the wrong shape and an unreadable cost file, naming each, and goes on', async () => {
    const bad = write('bad-instances.json', '{"Reservations": 5}');
    const csv = write('not-cost.csv', 'a,b\n1,2\n');
    const findings = write('findings.json', JSON.stringify({ Findings: [{ Id: 'x', Type: 'Recon:EC2/PortProbeUnprotectedPort', Title: 'probe', Severity: 2 }, { Id: 'y' }] }));
    const load = await loadEvidence(store, [bad, csv, findings]);
    expect(load.warnings).toEqual([
      { path: bad, message: 'no Reservations array (expected aws ec2 describe-instances output)' },
      { path: csv, message: expect.stringMatching(/^not a cost export/) },
      { path: findings, message: 'finding 1: not a GuardDuty or ASFF finding' },
    ]);
    expect(load.other).toEqual([{ path: findings, kind: 'findings', items: 1 }]);
  });
});

describe('cost exports', () => {
  it('reads a legacy Cost and Usage Report, summing hourly lines per day and reporting bad lines', async () => {
    const path = write(
      'cur.csv',
      [
        'identity/LineItemId,lineItem/UsageStartDate,lineItem/ProductCode,lineItem/UnblendedCost,lineItem/CurrencyCode,product/ProductName,product/region,lineItem/ResourceId',
        'a,2024-06-04T00:00:00Z,AmazonEC2,1.50,USD,Amazon Elastic Compute Cloud,us-east-1,i-1',
        'b,2024-06-04T01:00:00Z,AmazonEC2,2.25,USD,Amazon Elastic Compute Cloud,us-east-1,i-1',
        'c,2024-06-05T00:00:00Z,AmazonS3,0.10,USD,"Amazon Simple Storage Service",us-east-1,',
        'd,not-a-date,AmazonS3,0.10,USD,Amazon Simple Storage Service,us-east-1,',
      ].join('\n'),
    );
    const load = await loadEvidence(store, [path]);
    expect(load.other).toEqual([{ path, kind: 'cost', items: 2 }]);
    expect(load.warnings).toEqual([{ path, message: '1 cost lines without a valid date or amount skipped' }]);
    expect(await costLines()).toEqual([
      { day: '2024-06-04', service: 'Amazon Elastic Compute Cloud', region: 'us-east-1', amount: 3.75, currency: 'USD' },
      { day: '2024-06-05', service: 'Amazon Simple Storage Service', region: 'us-east-1', amount: 0.1, currency: 'USD' },
    ]);
  });

  it('reads CUR 2.0 columns', async () => {
    const path = write('cur2.csv', 'line_item_usage_start_date,line_item_unblended_cost,line_item_product_code,product_region_code,line_item_currency_code\n2024-06-04 00:00:00,4.5,AmazonEC2,ap-southeast-1,USD\n');
    await loadEvidence(store, [path]);
    expect(await costLines()).toEqual([{ day: '2024-06-04', service: 'AmazonEC2', region: 'ap-southeast-1', amount: 4.5, currency: 'USD' }]);
  });

  it('reads the Cost Explorer console CSV, skipping the total row and column', async () => {
    const path = write('ce.csv', '"Service","EC2-Instances($)","S3($)","Total costs($)"\n"Service total","130.5","6","136.5"\n"2024-06-04","10.5","3","13.5"\n"2024-06-05","120","3","123"\n');
    await loadEvidence(store, [path]);
    expect(await costLines()).toEqual([
      { day: '2024-06-04', service: 'EC2-Instances', region: null, amount: 10.5, currency: 'USD' },
      { day: '2024-06-04', service: 'S3', region: null, amount: 3, currency: 'USD' },
      { day: '2024-06-05', service: 'EC2-Instances', region: null, amount: 120, currency: 'USD' },
      { day: '2024-06-05', service: 'S3', region: null, amount: 3, currency: 'USD' },
    ]);
  });

  it('reads aws ce get-cost-and-usage output grouped by service and region', async () => {
    const body = {
      GroupDefinitions: [
        { Type: 'DIMENSION', Key: 'SERVICE' },
        { Type: 'DIMENSION', Key: 'REGION' },
      ],
      ResultsByTime: [
        { TimePeriod: { Start: '2024-06-04', End: '2024-06-05' }, Groups: [{ Keys: ['Amazon Elastic Compute Cloud - Compute', 'ap-southeast-1'], Metrics: { UnblendedCost: { Amount: '412.7', Unit: 'USD' } } }], Total: {}, Estimated: false },
      ],
    };
    const path = write('ce.json', JSON.stringify(body));
    const load = await loadEvidence(store, [path]);
    expect(load.other).toEqual([{ path, kind: 'cost', items: 1 }]);
    expect(await costLines()).toEqual([{ day: '2024-06-04', service: 'Amazon Elastic Compute Cloud - Compute', region: 'ap-southeast-1', amount: 412.7, currency: 'USD' }]);
  });
});
