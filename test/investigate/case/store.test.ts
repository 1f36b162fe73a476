import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { UsageError } from '../../../src/core/errors.js';
import { assertCaseId, isCaseId, newCaseId, slugify } from '../../../src/investigate/case/case-id.js';
import { caseDir, caseSummary, createCase, evidenceStorePath, listCases, loadCase, recordEvidence, recordRun, saveCase, titleFrom } from '../../../src/investigate/case/store.js';

const now = new Date('2024-06-05T10:30:00Z');
const description =
  'Our key AKIAIOSFODNN7EXAMPLE for IAM user svc-reporting was pushed to a public GitHub repo on 2024-06-04 around 02:00 UTC; account 111122223333. We saw calls from 203.0.113.66.';
let root: string;

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'guardian-case-'));
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('createCase', () => {
  it('opens a case from a description: entities, inferred concern, facts, title, id and case.json', async () => {
    const file = await createCase(root, { description, now });
    expect(file.id).toMatch(/^20240605-our-key-akiaiosfodnn7example-for-iam-[0-9a-z]{4}$/);
    expect(file.title).toBe('Our key AKIAIOSFODNN7EXAMPLE for IAM user svc-reporting was pushed to a public GitHub repo on…');
    expect(file.concern).toBe('leaked-credentials');
    expect(file.entities.accessKeyIds).toEqual(['AKIAIOSFODNN7EXAMPLE']);
    expect(file.entities.userNames).toEqual(['svc-reporting']);
    expect(file.facts).toEqual({ exposedAt: '2024-06-04T02:00:00Z', account: '111122223333' });
    expect(file.notes).toEqual(['exposedAt 2024-06-04T02:00:00Z is the earliest time named in the description', 'account 111122223333 is the only account id named in the description']);
    expect([file.createdAt, file.updatedAt, file.evidence, file.runs]).toEqual(['2024-06-05T10:30:00Z', '2024-06-05T10:30:00Z', [], []]);
    expect(caseSummary(file).missingFacts.map((m) => m.fact)).toEqual(['rotated']);
    const onDisk = JSON.parse(await readFile(join(root, '.guardian', 'cases', file.id, 'case.json'), 'utf8')) as unknown;
    expect(onDisk).toEqual(file);
  });

  it('lets flags win and lists flag entities first', async () => {
    const file = await createCase(root, {
      description: 'Calls from 198.51.100.23 yesterday. We rotated the key.',
      concern: 'suspicious-ip',
      title: 'Odd calls',
      entities: { ips: ['203.0.113.66'] },
      facts: { since: '2024-06-01T00:00:00Z', knownIps: ['192.0.2.10'] },
      now,
    });
    expect(file.id).toMatch(/^20240605-odd-calls-[0-9a-z]{4}$/);
    expect(file.entities.ips).toEqual(['203.0.113.66', '198.51.100.23']);
    expect(file.facts).toEqual({ since: '2024-06-01T00:00:00Z', knownIps: ['192.0.2.10'], rotated: true });
    expect(caseSummary(file).missingFacts).toEqual([]);
  });

  it('defaults to unusual-activity and a title from the concern and flags', async () => {
    const file = await createCase(root, { entities: { userNames: ['ci-bot'] }, now });
    expect([file.concern, file.title, file.description]).toEqual(['unusual-activity', 'Unusual activity: ci-bot', undefined]);
    expect(file.id).toMatch(/^20240605-unusual-activity-ci-bot-[0-9a-z]{4}$/);
  });

  it('gives the same inputs distinct ids in one folder', async () => {
    const a = await createCase(root, { description, now });
    const b = await createCase(root, { description, now });
    expect(a.id).not.toBe(b.id);
    expect((await readdir(join(root, '.guardian', 'cases'))).sort()).toEqual([a.id, b.id].sort());
  });

  it('rejects an unknown concern', async () => {
    await expect(createCase(root, { concern: 'ransom' as never, now })).rejects.toThrow(/unknown concern 'ransom'/);
  });
});

describe('loadCase, saveCase, listCases', () => {
  it('round-trips a case with evidence and runs, stamping updatedAt', async () => {
    const created = await createCase(root, { description, now });
    const later = new Date('2024-06-05T11:00:00Z');
    let file = recordEvidence(created, [join(root, 'cloudtrail'), 'relative/dir'], ['cloudtrail'], { now: later });
    file = recordEvidence(file, [join(root, 'cloudtrail')], ['cloudtrail'], { now: later });
    file = recordRun(file, { at: '2024-06-05T11:01:00Z', inScope: 42, detections: 7 });
    const saved = await saveCase(root, file, { now: later });
    expect(saved.updatedAt).toBe('2024-06-05T11:00:00Z');
    const loaded = await loadCase(root, created.id);
    expect(loaded).toEqual(saved);
    expect(loaded.evidence).toEqual([
      { path: join(root, 'cloudtrail'), kind: 'cloudtrail', addedAt: '2024-06-05T11:00:00Z' },
      { path: join(process.cwd(), 'relative/dir'), kind: 'cloudtrail', addedAt: '2024-06-05T11:00:00Z' },
    ]);
    expect(loaded.runs).toEqual([{ at: '2024-06-05T11:01:00Z', inScope: 42, detections: 7 }]);
    // The atomic write leaves no temp file behind.
    expect(await readdir(caseDir(root, created.id))).toEqual(['case.json']);
  });

  it('names the file when case.json is corrupted or invalid', async () => {
    const file = await createCase(root, { description, now });
    const path = join(root, '.guardian', 'cases', file.id, 'case.json');
    await writeFile(path, '{"version": 1, "id": ');
    await expect(loadCase(root, file.id)).rejects.toThrow(new UsageError(`${path}: not valid JSON (Unexpected end of JSON input)`));
    await writeFile(path, JSON.stringify({ ...file, concern: 'ransom', entities: { ...file.entities, ips: 'x' } }));
    await expect(loadCase(root, file.id)).rejects.toThrow(`${path}: not a valid case file: concern:`);
    await expect(loadCase(root, file.id)).rejects.toThrow(/entities\.ips: /);
    await writeFile(path, JSON.stringify({ ...file, id: '20240101-other-abcd' }));
    await expect(loadCase(root, file.id)).rejects.toThrow(`${path}: the file says id 20240101-other-abcd but lives in the folder of case ${file.id}`);
  });

  it('says which case is missing', async () => {
    await expect(loadCase(root, '20240605-nothing-here-abcd')).rejects.toThrow(/case 20240605-nothing-here-abcd not found: .*case\.json does not exist/);
  });

  it('refuses to save an invalid case', async () => {
    const file = await createCase(root, { description, now });
    await expect(saveCase(root, { ...file, runs: [{ at: 'x', inScope: -1, detections: 0 }] }, { now })).rejects.toThrow(/runs\.0\.inScope/);
  });

  it('lists valid cases oldest first and warns about broken ones', async () => {
    const first = await createCase(root, { description: 'First case: unusual calls.', now });
    const second = await createCase(root, { description: 'Second case: key leaked.', now: new Date('2024-06-06T00:00:00Z') });
    const broken = await createCase(root, { description: 'Broken case.', now });
    await writeFile(join(root, '.guardian', 'cases', broken.id, 'case.json'), 'not json');
    await writeFile(join(root, '.guardian', 'cases', 'README.txt'), 'a stray file');
    const warnings: string[] = [];
    const cases = await listCases(root, { onWarning: (w) => warnings.push(w) });
    expect(cases.map((c) => [c.id, c.concern])).toEqual([
      [first.id, 'unusual-activity'],
      [second.id, 'leaked-credentials'],
    ]);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain(join(broken.id, 'case.json'));
  });

  it('lists nothing when there is no cases folder', async () => {
    expect(await listCases(root)).toEqual([]);
  });
});

describe('case ids', () => {
  it.each(['../etc', '..', '.', '', '20240605-a/../../b', '/tmp/x', '20240605-UPPER-abcd', '20240605--x', 'x'.repeat(81), '20240605-a\u0000b', 'case-20240605'])('rejects %j everywhere', async (id) => {
    expect(isCaseId(id)).toBe(false);
    expect(() => caseDir(root, id)).toThrow(UsageError);
    expect(() => evidenceStorePath(root, id)).toThrow(/invalid case id/);
    await expect(loadCase(root, id)).rejects.toThrow(/invalid case id/);
  });

  it('accepts what createCase makes and places the store beside case.json', () => {
    const id = newCaseId('2024-06-05T10:30:00Z', 'Leaked key of svc-reporting!', 'leaked-credentials', 0);
    expect(id).toMatch(/^20240605-leaked-key-of-svc-reporting-[0-9a-z]{4}$/);
    expect(assertCaseId(id)).toBe(id);
    expect(newCaseId('2024-06-05T10:30:00Z', 'Leaked key of svc-reporting!', 'leaked-credentials', 0)).toBe(id);
    expect(newCaseId('2024-06-05T10:30:00Z', 'Leaked key of svc-reporting!', 'leaked-credentials', 1)).not.toBe(id);
    expect(evidenceStorePath(root, id)).toBe(join(root, '.guardian', 'cases', id, 'evidence.duckdb'));
    expect(newCaseId('2024-06-05T10:30:00Z', '日本語のみ', 'data-access', 0)).toMatch(/^20240605-data-access-[0-9a-z]{4}$/);
  });

  it('slugs titles to at most 40 characters at a word boundary', () => {
    expect(slugify('Our key AKIAIOSFODNN7EXAMPLE for IAM user svc-reporting was pushed')).toBe('our-key-akiaiosfodnn7example-for-iam');
    expect(slugify('  Café — déjà vu  ')).toBe('cafe-deja-vu');
  });
});

describe('titleFrom', () => {
  it('takes the first sentence, without its full stop, cut at a word', () => {
    expect(titleFrom('Key leaked. Then more.')).toBe('Key leaked');
    expect(titleFrom('Calls from 203.0.113.66 at night! Odd.')).toBe('Calls from 203.0.113.66 at night');
    const long = titleFrom(`${'word '.repeat(40)}end.`);
    expect(long.length).toBeLessThanOrEqual(100);
    expect(long.endsWith('word…')).toBe(true);
  });
});
