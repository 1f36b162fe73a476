import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { extractEntities, extractEntitiesWithNotes, mergeEntities } from '../../../src/investigate/case/entities.js';
import type { CaseEntities } from '../../../src/investigate/model.js';

const now = new Date('2024-06-05T10:30:00Z');
const only = (e: Partial<CaseEntities>): CaseEntities => mergeEntities(e);
const extract = (text: string) => extractEntities(text, { now });

interface Record {
  eventTime: string;
  sourceIPAddress: string;
  awsRegion: string;
  errorMessage?: string;
  userIdentity: { arn: string; accessKeyId: string; accountId: string };
}
const stratus = (name: string): Record[] => JSON.parse(readFileSync(new URL(`../../fixtures/cloudtrail/stratus-red-team/${name}.json`, import.meta.url), 'utf8')) as Record[];

describe('extractEntities on realistic descriptions', () => {
  it('reads the leaked-key report of the brief', () => {
    const text =
      'Our key AKIAIOSFODNN7EXAMPLE for IAM user svc-reporting was pushed to a public GitHub repo on 2024-06-04 around 02:00 UTC; account 111122223333. We saw calls from 203.0.113.66.';
    expect(extract(text)).toEqual(
      only({ accessKeyIds: ['AKIAIOSFODNN7EXAMPLE'], userNames: ['svc-reporting'], ips: ['203.0.113.66'], accountIds: ['111122223333'], times: ['2024-06-04T02:00:00Z'] }),
    );
  });

  it('reads a GuardDuty instance-credential finding pasted as text', () => {
    const text =
      'GuardDuty raised UnauthorizedAccess:IAMUser/InstanceCredentialExfiltration.OutsideAWS for arn:aws:sts::111122223333:assumed-role/WebAppRole/i-0abc1234def567890, used from 198.51.100.23 in eu-west-1 since June 4, 2024 at 02:13 UTC.';
    expect(extract(text)).toEqual(
      only({
        principals: ['arn:aws:sts::111122223333:assumed-role/WebAppRole/i-0abc1234def567890'],
        roleNames: ['WebAppRole'],
        accountIds: ['111122223333'],
        instanceIds: ['i-0abc1234def567890'],
        ips: ['198.51.100.23'],
        regions: ['eu-west-1'],
        times: ['2024-06-04T02:13:00Z'],
      }),
    );
  });

  it('reads IPv6, the console account format and a relative day with a clock', () => {
    const text = 'Someone logged in as the root user from 2001:db8:85a3::8a2e:370:7334 yesterday at 23:10; the account is 4444-5555-6666 and the trail in us-west-2 was stopped.';
    const { entities, notes } = extractEntitiesWithNotes(text, { now });
    expect(entities).toEqual(only({ ips: ['2001:db8:85a3::8a2e:370:7334'], times: ['2024-06-04T23:10:00Z'], accountIds: ['444455556666'], regions: ['us-west-2'] }));
    expect(notes).toEqual(['"yesterday at 23:10" read against now (2024-06-05T10:30:00Z), time read as UTC']);
  });

  it('takes role names from quotes, ARNs with paths and "named", and resolves "2 hours ago"', () => {
    const text = 'Our CI role `gha-deploy` (arn:aws:iam::111122223333:role/ci/gha-deploy) assumed the role named AdminRole in account 999988887777 about 2 hours ago.';
    expect(extract(text)).toEqual(
      only({
        principals: ['arn:aws:iam::111122223333:role/ci/gha-deploy'],
        roleNames: ['gha-deploy', 'AdminRole'],
        accountIds: ['111122223333', '999988887777'],
        times: ['2024-06-05T08:30:00Z'],
      }),
    );
  });

  it('reads buckets introduced as such and offsets, and says a zone-less time is UTC', () => {
    const text = 'The user `dana` downloaded thousands of objects from bucket acme-payroll-exports and s3://acme-hr-archive/2024/06/ between 2024-06-03T22:00:00+02:00 and 2024-06-04 01:30.';
    const { entities, notes } = extractEntitiesWithNotes(text, { now });
    expect(entities).toEqual(only({ userNames: ['dana'], buckets: ['acme-payroll-exports', 'acme-hr-archive'], times: ['2024-06-03T20:00:00Z', '2024-06-04T01:30:00Z'] }));
    expect(notes).toEqual(['"2024-06-04 01:30" has no time zone: read as UTC']);
  });

  it('reads a short instance id, an address with a port and "last night"', () => {
    const text = 'Instance i-0123abcd in ap-southeast-2 is mining crypto; it talks to 45.33.32.156:3333 since last night.';
    expect(extract(text)).toEqual(only({ instanceIds: ['i-0123abcd'], regions: ['ap-southeast-2'], ips: ['45.33.32.156'], times: ['2024-06-04T18:00:00Z'] }));
  });

  it('finds keys inside backticks and quotes, in text order', () => {
    const text = 'Keys `ASIAY34FZKBOKMUTVV7A` and "AKIAJ3TQ3ZB2XEXAMPLE" (and again AKIAJ3TQ3ZB2XEXAMPLE) appeared in a pastebin post on 4 June 2024.';
    expect(extract(text)).toEqual(only({ accessKeyIds: ['ASIAY34FZKBOKMUTVV7A', 'AKIAJ3TQ3ZB2XEXAMPLE'], times: ['2024-06-04T00:00:00Z'] }));
  });

  it('takes user names from an ARN with a path and from "for user"', () => {
    const text = 'arn:aws:iam::111122223333:user/division/ops/mallory created access keys for user bob.';
    expect(extract(text)).toEqual(only({ principals: ['arn:aws:iam::111122223333:user/division/ops/mallory'], userNames: ['mallory', 'bob'], accountIds: ['111122223333'] }));
  });

  it('keeps a /32 address, drops a range, and maps an availability zone to its Region', () => {
    const text = 'The key AKIAIOSFODNN7EXAMPLE, leaked 3 days ago, was used from 203.0.113.7/32 and the range 10.0.0.0/8 in us-east-1a.';
    expect(extract(text)).toEqual(only({ accessKeyIds: ['AKIAIOSFODNN7EXAMPLE'], ips: ['203.0.113.7'], regions: ['us-east-1'], times: ['2024-06-02T10:30:00Z'] }));
  });

  it('reads an English date with a 12-hour clock and a US zone', () => {
    const text = 'Cost spike: 24 p3.16xlarge instances in us-east-1 and eu-north-1 launched on Jun 4th 2024 2:13pm PDT.';
    expect(extract(text)).toEqual(only({ regions: ['us-east-1', 'eu-north-1'], times: ['2024-06-04T21:13:00Z'] }));
  });

  it('reads the identity, key, address and time of a real recorded attack (Stratus cloudtrail-stop)', () => {
    const [event] = stratus('aws.defense-evasion.cloudtrail-stop');
    if (!event) throw new Error('fixture is empty');
    const text = `CloudTrail was stopped by ${event.userIdentity.arn} with key ${event.userIdentity.accessKeyId} from ${event.sourceIPAddress} at ${event.eventTime}.`;
    expect(extract(text)).toEqual(
      only({
        principals: ['arn:aws:iam::143434273843:user/christophe'],
        userNames: ['christophe'],
        accountIds: ['143434273843'],
        accessKeyIds: ['AKIAGGWFBBHBE7D3M9WI'],
        ips: ['86.245.153.234'],
        times: ['2024-07-31T13:06:24Z'],
      }),
    );
  });

  it('reads only the principal and account from a pasted AccessDenied message, not its encoded blob or invented Region', () => {
    const [event] = stratus('aws.credential-access.ec2-get-password-data');
    if (!event?.errorMessage) throw new Error('fixture has no errorMessage');
    expect(extract(event.errorMessage)).toEqual(
      only({
        principals: ['arn:aws:sts::751353041310:assumed-role/stratus-red-team-ec2-get-password-data-role/aws-go-sdk-1722375070115152000'],
        roleNames: ['stratus-red-team-ec2-get-password-data-role'],
        accountIds: ['751353041310'],
      }),
    );
  });

  it('keeps zero-padded addresses of anonymised recordings as written', () => {
    expect(extract('calls from 08.1.250.216 and 251.234.045.249').ips).toEqual(['08.1.250.216', '251.234.045.249']);
  });
});

describe('extractEntities leaves unrelated text alone', () => {
  it('does not read version numbers as addresses', () => {
    expect(extract('Upgraded aws-cli/2.15.0 and boto3 1.34.2 to version 10.0.0.1 (v1.2.3.4 build), then 1.2.3.').ips).toEqual([]);
  });

  it('does not read telephone numbers as account ids', () => {
    expect(extract('Call the on-call at +1 555 010 0199 or +441234567890, tel 123456789012.').accountIds).toEqual([]);
  });

  it('does not read 12 digits inside longer numbers', () => {
    expect(extract('Order 1234567890123, epoch ms 1717467180000, amount 123456789012.50, file 111122223333_CloudTrail_us-east-1.json').accountIds).toEqual([]);
  });

  it('does not read key-like strings inside longer words or in lower case', () => {
    expect(extract('XAKIAIOSFODNN7EXAMPLE AKIAIOSFODNN7EXAMPLEX akiaiosfodnn7example AKIAIOSFODNN7EXAMPL').accessKeyIds).toEqual([]);
  });

  it('does not read impossible dates or a modal "may" as times', () => {
    expect(extract('Release 1.2.3 shipped on 2024-13-45; the key 5 may have leaked, on February 30, 2024.').times).toEqual([]);
  });

  it('does not take common words after "user", "role" and "bucket" as names', () => {
    const e = extract('The user agent was aws-cli/2.15.0, the user was created by the role that was assumed, and the bucket policy changed.');
    expect([e.userNames, e.roleNames, e.buckets]).toEqual([[], [], []]);
  });

  it('does not read numbers inside an ARN twice, nor made-up Regions', () => {
    expect(extract('arn:aws:ec2:us-east-1:111122223333:instance/i-0abc1234def567890 in moon-east-1')).toEqual(
      only({ accountIds: ['111122223333'], regions: ['us-east-1'], instanceIds: ['i-0abc1234def567890'] }),
    );
  });

  it('never throws on odd input', () => {
    expect(extractEntities(undefined as unknown as string)).toEqual(only({}));
    expect(extractEntities('')).toEqual(only({}));
    expect(() => extractEntities('arn:aws:iam:::'.repeat(2000) + '1.'.repeat(5000), { now: new Date(Number.NaN) })).not.toThrow();
  });
});

describe('mergeEntities', () => {
  it('keeps the first-seen order and drops duplicates and non-strings', () => {
    expect(mergeEntities({ ips: ['1.1.1.1'] }, { ips: ['2.2.2.2', '1.1.1.1', 3 as unknown as string] }).ips).toEqual(['1.1.1.1', '2.2.2.2']);
  });
});
