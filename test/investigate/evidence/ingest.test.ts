import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ingestCloudTrail } from '../../../src/investigate/evidence/ingest.js';
import { EvidenceStore } from '../../../src/investigate/evidence/store.js';

const STRATUS = join(import.meta.dirname, '..', '..', 'fixtures', 'cloudtrail', 'stratus-red-team');
const ADMIN_USER = join(STRATUS, 'aws.persistence.iam-create-admin-user.json');
/** 3 records (AttachUserPolicy, CreateAccessKey, CreateUser). */
const ADMIN_USER_RECORDS = 3;
/** 56 records. */
const SEND_COMMAND = join(STRATUS, 'aws.execution.ssm-send-command.json');

let tmp: string;
let store: EvidenceStore;
/** All Stratus records, counted independently of the code under test. */
let stratus: Record<string, unknown>[];

beforeAll(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'guardian-evidence-'));
  stratus = [];
  for (const name of (await readdir(STRATUS)).filter((f) => f.endsWith('.json'))) {
    stratus.push(...(JSON.parse(await readFile(join(STRATUS, name), 'utf8')) as Record<string, unknown>[]));
  }
});
afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});
beforeEach(async () => {
  store = await EvidenceStore.open(':memory:');
});
afterEach(async () => {
  await store.close();
});

const count = async () => (await store.query<{ n: number }>('SELECT count(*) AS n FROM cloudtrail'))[0]!.n;

describe('ingestCloudTrail: Stratus Red Team recordings (JSON arrays)', () => {
  it('stores every one of the 310 recorded events exactly once', async () => {
    expect(stratus).toHaveLength(310);
    const stats = await ingestCloudTrail(store, [STRATUS]);
    expect(stats).toMatchObject({ files: 35, records: 310, inserted: 310, duplicates: 0, malformed: 0, invalidFiles: 0, problems: [], skippedFiles: [] });
    expect(await count()).toBe(310);
    const ids = await store.query<{ n: number }>('SELECT count(DISTINCT eventid) AS n FROM cloudtrail');
    expect(ids[0]!.n).toBe(new Set(stratus.map((r) => r.eventID)).size);
    expect(stats.firstEventTime).toBe(stratus.map((r) => new Date(r.eventTime as string).toISOString()).sort()[0]);
  });

  it('ingesting the same files again stores nothing new and reports duplicates', async () => {
    await ingestCloudTrail(store, [STRATUS]);
    const again = await ingestCloudTrail(store, [ADMIN_USER]);
    expect(again).toMatchObject({ files: 1, records: ADMIN_USER_RECORDS, inserted: 0, duplicates: ADMIN_USER_RECORDS, malformed: 0 });
    expect(await count()).toBe(310);
  });

  it('flattens the identity of a known event into plain columns', async () => {
    await ingestCloudTrail(store, [STRATUS]);
    // aws.persistence.iam-create-admin-user.json: christophe attaches AdministratorAccess to the new user.
    const [event] = await store.query(
      `SELECT eventtime, eventname, useridentity_type, useridentity_arn, useridentity_accountid, useridentity_accesskeyid,
              useridentity_principalid, useridentity_username, sourceipaddress, useragent, awsregion, readonly,
              requestparameters, source_file, source_index, useridentity.arn AS struct_arn
       FROM cloudtrail WHERE eventid = $1`,
      ['083dc4ad-e264-46bc-a407-d0dd31b58bdc'],
    );
    expect(event).toEqual({
      eventtime: '2024-08-01T13:33:28.000Z',
      eventname: 'AttachUserPolicy',
      useridentity_type: 'IAMUser',
      useridentity_arn: 'arn:aws:iam::229654561268:user/christophe',
      useridentity_accountid: '229654561268',
      useridentity_accesskeyid: 'AKIAOZUDECYXYM4ONAN4',
      useridentity_principalid: 'AIDAZ49AHUAJ9OEK73O5',
      useridentity_username: 'christophe',
      sourceipaddress: '075.050.255.67',
      useragent: 'stratus-red-team_6bf00313-712c-4fd2-9bdd-88f48a4b1282',
      awsregion: 'ap-isob-central-3r',
      readonly: false,
      requestparameters: { policyArn: 'arn:aws:iam::aws:policy/AdministratorAccess', userName: 'malicious-iam-user' },
      source_file: ADMIN_USER,
      source_index: 0,
      struct_arn: 'arn:aws:iam::229654561268:user/christophe',
    });
  });

  it('flattens assumed-role session issuers and MFA', async () => {
    await ingestCloudTrail(store, [join(STRATUS, 'aws.credential-access.ec2-get-password-data.json')]);
    const rows = await store.query<{ sessionissuer_arn: string; sessionissuer_username: string; mfaauthenticated: boolean; useridentity_type: string }>(
      "SELECT DISTINCT useridentity_type, sessionissuer_arn, sessionissuer_username, mfaauthenticated FROM cloudtrail WHERE useridentity_type = 'AssumedRole'",
    );
    expect(rows).toEqual([
      {
        useridentity_type: 'AssumedRole',
        sessionissuer_arn: 'arn:aws:iam::457448411975:role/stratus-red-team-ec2-get-password-data-role',
        sessionissuer_username: 'stratus-red-team-ec2-get-password-data-role',
        mfaauthenticated: false,
      },
    ]);
  });

  it('orders by eventtime as timestamps', async () => {
    await ingestCloudTrail(store, [STRATUS]);
    const rows = await store.query<{ eventtime: string }>('SELECT eventtime FROM cloudtrail ORDER BY eventtime, eventid');
    const times = rows.map((r) => r.eventtime);
    expect(times).toEqual(stratus.map((r) => new Date(r.eventTime as string).toISOString()).sort());
    expect(times[0]! < times[times.length - 1]!).toBe(true);
  });
});

describe('ingestCloudTrail: S3 export trees', () => {
  it('deduplicates the same events delivered as {"Records"} .json.gz in account and organisation trees', async () => {
    const records = JSON.parse(await readFile(SEND_COMMAND, 'utf8')) as unknown[];
    expect(records).toHaveLength(56);
    const account = join(tmp, 'export', 'AWSLogs', '123456789012', 'CloudTrail', 'us-east-1', '2024', '01', '02');
    const org = join(tmp, 'export', 'AWSLogs', 'o-abc123def4', '123456789012', 'CloudTrail', 'us-east-1', '2024', '01', '02');
    const digest = join(tmp, 'export', 'AWSLogs', '123456789012', 'CloudTrail-Digest', 'us-east-1', '2024', '01', '02');
    for (const dir of [account, org, digest]) await mkdir(dir, { recursive: true });
    const name = '123456789012_CloudTrail_us-east-1_20240102T0000Z_abcdefghijklmnop.json.gz';
    await writeFile(join(account, name), gzipSync(JSON.stringify({ Records: records })));
    await writeFile(join(org, name), gzipSync(JSON.stringify({ Records: records })));
    const digestFile = join(digest, '123456789012_CloudTrail-Digest_us-east-1_trail_us-east-1_20240102T000000Z.json.gz');
    await writeFile(digestFile, gzipSync(JSON.stringify({ awsAccountId: '123456789012', logFiles: [] })));
    await writeFile(join(tmp, 'export', 'AWSLogs', 'README.txt'), 'not a log');

    const stats = await ingestCloudTrail(store, [join(tmp, 'export')]);
    expect(stats).toMatchObject({ files: 2, records: 112, inserted: 56, duplicates: 56, malformed: 0, invalidFiles: 0 });
    expect(stats.skippedFiles).toEqual([
      { path: digestFile, reason: expect.stringContaining('digest') },
      { path: join(tmp, 'export', 'AWSLogs', 'README.txt'), reason: expect.stringContaining('not a CloudTrail log file') },
    ]);
    // The Stratus JSON array of the same events adds nothing either.
    const more = await ingestCloudTrail(store, [SEND_COMMAND]);
    expect(more).toMatchObject({ records: 56, inserted: 0, duplicates: 56 });
    const kept = await store.query<{ source_file: string }>('SELECT DISTINCT source_file FROM cloudtrail');
    // Of the copies, the one with the smallest (file, index) stays, whatever the ingest order.
    expect(kept).toEqual([{ source_file: [join(account, name), join(org, name), SEND_COMMAND].sort()[0] }]);
  });

  it('reads JSON lines and .json.gz arrays', async () => {
    const records = JSON.parse(await readFile(SEND_COMMAND, 'utf8')) as unknown[];
    const dir = join(tmp, 'formats');
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, 'a.jsonl'), records.slice(0, 4).map((r) => JSON.stringify(r)).join('\n') + '\n');
    await writeFile(join(dir, 'b.json.gz'), gzipSync(JSON.stringify(records.slice(4))));
    // One pretty-printed record on its own (neither an array, an envelope nor JSON lines).
    const single = { ...(records[0] as object), eventID: 'pretty-1' };
    await writeFile(join(dir, 'c.json'), JSON.stringify(single, null, 2));
    const stats = await ingestCloudTrail(store, [dir]);
    expect(stats).toMatchObject({ files: 3, records: 57, inserted: 57, duplicates: 0, malformed: 0 });
    const lines = await store.query('SELECT source_index, eventname FROM cloudtrail WHERE source_file = $1 ORDER BY source_index', [join(dir, 'a.jsonl')]);
    expect(lines.map((r) => r.source_index)).toEqual([0, 1, 2, 3]);
    expect(lines[0]!.eventname).toBe((records[0] as { eventName: string }).eventName);
  });
});

describe('ingestCloudTrail: bad input', () => {
  it('counts and reports malformed records with file and index, and keeps the good ones', async () => {
    const dir = join(tmp, 'malformed');
    await mkdir(dir, { recursive: true });
    const good = (id: string) => ({ eventTime: '2024-01-01T00:00:00Z', eventSource: 'iam.amazonaws.com', eventName: 'ListUsers', eventID: id });
    const array = join(dir, 'array.json');
    await writeFile(
      array,
      JSON.stringify([
        good('g1'),
        'not an object',
        { eventSource: 'iam.amazonaws.com', eventName: 'ListUsers' },
        { eventTime: 'yesterday', eventSource: 'iam.amazonaws.com', eventName: 'ListUsers' },
        { eventTime: '2024-01-01T00:00:00Z', eventName: 'ListUsers' },
        { eventTime: '2024-01-01T00:00:00Z', eventSource: 'iam.amazonaws.com', eventName: '' },
        good('g2'),
      ]),
    );
    const lines = join(dir, 'lines.jsonl');
    await writeFile(lines, `${JSON.stringify(good('g3'))}\n{broken\n${JSON.stringify(good('g4'))}\n`);
    const notJson = join(dir, 'notes.json');
    await writeFile(notJson, 'hello, this is not JSON');

    const stats = await ingestCloudTrail(store, [dir]);
    expect(stats).toMatchObject({ files: 3, records: 10, inserted: 4, malformed: 6, duplicates: 0, invalidFiles: 1 });
    expect(stats.problems).toEqual([
      { path: notJson, reason: expect.stringContaining('not JSON') },
      { path: array, index: 1, reason: expect.stringContaining('not a CloudTrail record') },
      { path: array, index: 2, reason: 'no eventTime' },
      { path: array, index: 3, reason: 'eventTime is not a valid date' },
      { path: array, index: 4, reason: 'no eventSource' },
      { path: array, index: 5, reason: 'no eventName' },
      { path: lines, index: 1, reason: expect.stringContaining('not a CloudTrail record') },
    ]);
    expect((await store.query('SELECT eventid FROM cloudtrail ORDER BY eventid')).map((r) => r.eventid)).toEqual(['g1', 'g2', 'g3', 'g4']);
  });

  it('reports a file that breaks off mid-way, and a missing path, without stopping', async () => {
    const dir = join(tmp, 'broken');
    await mkdir(dir, { recursive: true });
    const text = await readFile(ADMIN_USER, 'utf8');
    await writeFile(join(dir, 'cut.json'), text.slice(0, Math.floor(text.length / 2)));
    const stats = await ingestCloudTrail(store, [dir, join(tmp, 'nowhere'), ADMIN_USER]);
    expect(stats.invalidFiles).toBe(2);
    expect(stats.problems.map((p) => p.path)).toEqual([join(tmp, 'nowhere'), join(dir, 'cut.json')]);
    expect(stats).toMatchObject({ records: ADMIN_USER_RECORDS, inserted: ADMIN_USER_RECORDS });
  });

  it('reports progress per batch up to the number of files', async () => {
    const seen: [number, number][] = [];
    await ingestCloudTrail(store, [STRATUS], { onProgress: (done, total) => seen.push([done, total]) });
    expect(seen.at(-1)).toEqual([35, 35]);
  });
});
