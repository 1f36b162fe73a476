import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { type CloudTrailEvent, normaliseCloudTrailRecord, parseCloudTrailText, readCloudTrail } from '../../src/core/cloudtrail.js';

const DATA = 'test/fixtures/cloudtrail/stratus-red-team';
const PASSWORD_DATA = join(DATA, 'aws.credential-access.ec2-get-password-data.json');

async function collect(stream: AsyncIterable<CloudTrailEvent>): Promise<CloudTrailEvent[]> {
  const out: CloudTrailEvent[] = [];
  for await (const event of stream) out.push(event);
  return out;
}

describe('normaliseCloudTrailRecord', () => {
  it('keeps CloudTrail field names and types (real Stratus Red Team record)', () => {
    const [raw] = JSON.parse(readFileSync(PASSWORD_DATA, 'utf8')) as unknown[];
    const event = normaliseCloudTrailRecord(raw, { path: 'x.json', index: 0 });
    expect(event).toMatchObject({
      eventTime: new Date('2024-07-30T21:31:21Z'),
      eventSource: 'ec2.amazonaws.com',
      eventName: 'GetPasswordData',
      awsRegion: 'apiso-northsouth-3r',
      sourceIPAddress: '200.249.253.51',
      errorCode: 'Client.UnauthorizedOperation',
      eventID: '450230d4-b39e-4a18-a6a0-d07a6e2105cb',
      eventType: 'AwsApiCall',
      readOnly: true,
      recipientAccountId: '457448411975',
      requestParameters: { instanceId: 'i-i2jnm5swa59p4fxg' },
      responseElements: null,
      resources: [],
      origin: { path: 'x.json', index: 0 },
      userIdentity: {
        type: 'AssumedRole',
        arn: 'arn:aws:sts::457448411975:assumed-role/stratus-red-team-ec2-get-password-data-role/aws-go-sdk-1722375070115152000',
        accountId: '457448411975',
        accessKeyId: 'ASIANQQHHS551LWULIWD',
        principalId: 'AROAMLQ9F6KHQ07JKA0WY:aws-go-sdk-1722375070115152000',
        sessionContext: {
          sessionIssuer: { type: 'Role', arn: 'arn:aws:iam::457448411975:role/stratus-red-team-ec2-get-password-data-role', userName: 'stratus-red-team-ec2-get-password-data-role' },
          mfaAuthenticated: false,
          creationDate: new Date('2024-07-30T21:31:15Z'),
        },
      },
    });
    expect(event!.errorMessage).toMatch(/^You are not authorized/);
  });

  it('rejects records without eventTime, eventSource or eventName', () => {
    expect(normaliseCloudTrailRecord({ eventSource: 's3.amazonaws.com', eventName: 'GetObject' })).toBeUndefined();
    expect(normaliseCloudTrailRecord({ eventTime: 'yesterday', eventSource: 's3.amazonaws.com', eventName: 'GetObject' })).toBeUndefined();
    expect(normaliseCloudTrailRecord('text')).toBeUndefined();
    expect(normaliseCloudTrailRecord({ eventTime: '2026-01-01T00:00:00Z', eventSource: 's3.amazonaws.com', eventName: 'GetObject' })).toEqual({
      eventTime: new Date('2026-01-01T00:00:00Z'),
      eventSource: 's3.amazonaws.com',
      eventName: 'GetObject',
      userIdentity: {},
      requestParameters: null,
      responseElements: null,
      resources: [],
    });
  });
});

describe('parseCloudTrailText', () => {
  const record = (name: string) => ({ eventTime: '2026-01-01T00:00:00Z', eventSource: 'iam.amazonaws.com', eventName: name });
  it('reads the Records envelope, arrays and JSON lines; counts malformed records', () => {
    expect(parseCloudTrailText(JSON.stringify({ Records: [record('CreateUser'), { eventName: 'x' }] })).events.map((e) => e.eventName)).toEqual(['CreateUser']);
    expect(parseCloudTrailText(JSON.stringify({ Records: [record('CreateUser'), { eventName: 'x' }] })).malformed).toBe(1);
    expect(parseCloudTrailText(JSON.stringify([record('A'), record('B')])).events).toHaveLength(2);
    const lines = parseCloudTrailText(`${JSON.stringify(record('A'))}\n{broken\n${JSON.stringify(record('C'))}\n`);
    expect(lines.events.map((e) => e.eventName)).toEqual(['A', 'C']);
    expect(lines.malformed).toBe(1);
    expect(parseCloudTrailText('not json at all').error).toMatch(/not JSON/);
  });
});

describe('readCloudTrail', () => {
  it('reads every recorded attack file in the directory', async () => {
    const stream = readCloudTrail(DATA);
    const events = await collect(stream);
    expect(stream.stats.files).toBe(35);
    expect(stream.stats.malformed).toBe(0);
    expect(stream.stats.warnings).toEqual([]);
    expect(events.length).toBe(stream.stats.events);
    expect(events.length).toBe(310);
    expect(events.some((e) => e.eventName === 'StopLogging' && e.eventSource === 'cloudtrail.amazonaws.com')).toBe(true);
  });

  it('reads .json.gz in S3 export layout, skips other files, and warns on bad ones', async () => {
    const root = mkdtempSync(join(tmpdir(), 'guardian-ct-'));
    const day = join(root, 'AWSLogs', '111122223333', 'CloudTrail', 'eu-west-1', '2026', '05', '01');
    mkdirSync(day, { recursive: true });
    const records = JSON.parse(readFileSync(PASSWORD_DATA, 'utf8')) as unknown[];
    writeFileSync(join(day, '111122223333_CloudTrail_eu-west-1_20260501T0000Z_a.json.gz'), gzipSync(JSON.stringify({ Records: [...records.slice(0, 3), { eventName: 'no time' }] })));
    writeFileSync(join(day, 'b.json'), JSON.stringify(records.slice(3, 5)));
    writeFileSync(join(day, 'c.json.gz'), 'not gzip');
    writeFileSync(join(day, 'README.txt'), 'ignored');
    const stream = readCloudTrail(root);
    const events = await collect(stream);
    expect(events).toHaveLength(5);
    expect(stream.stats).toMatchObject({ files: 2, events: 5, malformed: 1 });
    expect(stream.stats.warnings.map((w) => w.code).sort()).toEqual(['cloudtrail-malformed', 'cloudtrail-unreadable']);
    expect(events[0]!.origin?.path).toMatch(/a\.json\.gz$/);

    const missing = readCloudTrail(join(root, 'nope'));
    expect(await collect(missing)).toEqual([]);
    expect(missing.stats.warnings[0]!.code).toBe('cloudtrail-unreadable');
  });
});
