import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { main } from '../../src/cli/main.js';
import type { InvestigationResult } from '../../src/investigate/model.js';

const CASE = join(import.meta.dirname, '..', '..', 'examples', 'leaked-key-case');
let stdout = '';
let stderr = '';
let root: string;
beforeEach(() => {
  stdout = '';
  stderr = '';
  root = mkdtempSync(join(tmpdir(), 'guardian-case-'));
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => ((stdout += String(chunk)), true));
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => ((stderr += String(chunk)), true));
});
afterEach(() => {
  vi.restoreAllMocks();
  rmSync(root, { recursive: true, force: true });
});

const guardian = (...args: string[]) => main(['node', 'guardian', ...args]);

describe('guardian case', () => {
  it('opens a case from a description, takes evidence, runs, shows and lists it', async () => {
    const description = 'Our reporting key AKIA5EXAMPLEREPORT3Q for IAM user svc-reporting was pushed to a public GitHub repo on 2024-06-04 around 03:00 UTC; account 111122223333.';
    expect(await guardian('case', 'new', description, '--no-input', '--root', root)).toBe(0);
    const [id] = readdirSync(join(root, '.guardian', 'cases'));
    expect(id).toMatch(/^\d{8}-[a-z0-9-]+$/);
    expect(stdout).toContain('accessKeyIds: AKIA5EXAMPLEREPORT3Q');
    expect(stdout).toContain('exposedAt: 2024-06-04T03:00:00Z');
    // Non-interactive: what the concern still needs is reported, not asked.
    expect(stdout).toContain('? Have you already rotated or deactivated the credentials?');

    stdout = '';
    expect(await guardian('case', 'add-evidence', id!, join(CASE, 'cloudtrail'), '--root', root)).toBe(0);
    expect(stdout).toContain('2,867 CloudTrail records read from 10 files, 2,867 new, 0 duplicates, 0 malformed');
    // Snapshots arrive later and are told apart by content.
    stdout = '';
    expect(await guardian('case', 'add-evidence', id!, join(CASE, 'snapshots'), '--root', root)).toBe(0);
    expect(stdout).toContain(`iam-authorization-details: ${join(CASE, 'snapshots', 'authorization-details.json')} (11 users, groups and roles)`);
    expect(stdout).toContain(`ec2-instances: ${join(CASE, 'snapshots', 'describe-instances.json')} (9 instances)`);
    expect(stdout).toContain('cost lines)');
    expect(stdout).toContain('(2 findings)');
    // Adding the same evidence again stores nothing twice.
    stdout = '';
    expect(await guardian('case', 'add-evidence', id!, join(CASE, 'cloudtrail'), '--root', root)).toBe(0);
    expect(stdout).toContain('2,867 duplicates');

    stdout = '';
    expect(await guardian('case', 'run', id!, '--root', root)).toBe(1);
    const reports = join(root, '.guardian', 'cases', id!, 'reports');
    const result = JSON.parse(readFileSync(join(reports, 'investigation.json'), 'utf8')) as InvestigationResult;
    const truth = JSON.parse(readFileSync(join(CASE, 'truth.json'), 'utf8')) as { scenarios: { eventIds: string[] }[] };
    expect(result.timeline.map((e) => e.eventId).sort()).toEqual([...truth.scenarios[0]!.eventIds].sort());
    expect(result.case.facts.exposedAt).toBe('2024-06-04T03:00:00Z');
    expect(result.case.missingFacts.map((m) => m.fact)).toEqual(['rotated']);
    expect(result.cost?.attributed.amount).toBeGreaterThan(0);
    expect(existsSync(join(reports, 'investigation.html'))).toBe(true);

    stdout = '';
    expect(await guardian('case', 'show', id!, '--root', root)).toBe(0);
    expect(stdout).toMatch(/run .+: 47 events in scope, 9 detections/);
    stdout = '';
    expect(await guardian('case', 'list', '--root', root)).toBe(0);
    expect(stdout).toContain(`${id}  leaked-credentials`);
  });

  it('refuses a run without evidence and ids that leave the cases folder', async () => {
    expect(await guardian('case', 'new', '--access-key', 'AKIA5EXAMPLEREPORT3Q', '--no-input', '--root', root)).toBe(0);
    const [id] = readdirSync(join(root, '.guardian', 'cases'));
    expect(await guardian('case', 'run', id!, '--root', root)).toBe(2);
    expect(stderr).toContain(`case ${id} has no evidence yet`);
    expect(await guardian('case', 'show', '../../etc', '--root', root)).toBe(2);
  });
});
