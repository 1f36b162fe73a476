import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { main } from '../../src/cli/main.js';

const FITNESS = join(import.meta.dirname, '..', '..', 'examples', 'fitness-tracker');
let stdout = '';
let stderr = '';
beforeEach(() => {
  stdout = '';
  stderr = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => ((stdout += stripVTControlCharacters(String(chunk))), true));
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => ((stderr += stripVTControlCharacters(String(chunk))), true));
});
afterEach(() => vi.restoreAllMocks());

const guardian = (...args: string[]) => main(['node', 'guardian', ...args]);
const TABLE = 'arn:aws:dynamodb:eu-west-1:123456789012:table/fitness-ActivitiesTable';

describe('guardian iam explain on the fitness tracker', () => {
  // The talk's example: wildcard identity policy, boundary allowing three actions.
  it('a permissions boundary limits a wildcard identity policy to exactly what both allow', async () => {
    for (const action of ['lambda:InvokeFunction', 'dynamodb:UpdateItem', 'apigateway:PUT']) {
      stdout = '';
      expect(await guardian('iam', 'explain', FITNESS, '--principal', 'heeki', '--action', action, '--resource', '*')).toBe(0);
      expect(stdout).toMatch(/^ALLOWED: user arn:aws:iam::123456789012:user\/heeki/);
    }
    stdout = '';
    expect(await guardian('iam', 'explain', FITNESS, '--principal', 'heeki', '--action', 'dynamodb:DeleteTable', '--resource', TABLE)).toBe(1);
    expect(stdout).toContain('DENIED (implicit deny)');
    expect(stdout).toContain('permissions boundary arn:aws:iam::123456789012:policy/activities-boundary does not allow the dynamodb:DeleteTable action');
    expect(stdout).toMatch(/Allow identity user\/heeki\/activities-move-fast sid=DynamoFull account\/authorization-details\.json:\d+/);
  });

  it('explains roles declared in the SAM template, with the statement that grants', async () => {
    expect(await guardian('iam', 'explain', FITNESS, '--principal', 'SocialsFunctionRole', '--action', 'dynamodb:DeleteTable', '--resource', TABLE)).toBe(0);
    const line = readFileSync(join(FITNESS, 'template.yaml'), 'utf8').split('\n').findIndex((l) => l.includes('Action: dynamodb:*')) + 1;
    expect(stdout).toContain(`Allow identity SocialsFunctionRole/SocialsFunctionRolePolicy0 template.yaml:${line - 1}`);
  });

  it('JSON output carries the decision and its reasons', async () => {
    expect(await guardian('iam', 'explain', FITNESS, '--principal', 'chris', '--action', 'iam:CreateAccessKey', '--resource', 'arn:aws:iam::123456789012:user/chris', '--json')).toBe(0);
    const result = JSON.parse(stdout) as { evaluation: { decision: string; reasons: { sid?: string }[] } };
    expect(result.evaluation.decision).toBe('allowed');
    expect(result.evaluation.reasons.map((r) => r.sid)).toContain('OwnAccessKeys');
  });

  it('names an unknown principal as a usage error', async () => {
    expect(await guardian('iam', 'explain', FITNESS, '--principal', 'nobody', '--action', 's3:GetObject')).toBe(2);
    expect(stderr).toContain('no principal named nobody');
  });
});

describe('guardian iam generate on the fitness tracker', () => {
  it('writes a least-privilege policy from the function role\'s CloudTrail events', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'guardian-iam-')), 'policy.json');
    expect(await guardian('iam', 'generate', '--cloudtrail', join(FITNESS, 'account', 'cloudtrail'), '--principal', 'arn:aws:iam::123456789012:role/fitness-ActivitiesFunctionRole', '-o', out)).toBe(0);
    const policy = JSON.parse(readFileSync(out, 'utf8')) as { Statement: { Action: string[]; Resource: string | string[] }[] };
    expect(policy.Statement).toEqual([
      expect.objectContaining({ Action: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query'], Resource: TABLE }),
      expect.objectContaining({ Action: ['secretsmanager:GetSecretValue'], Resource: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:fitness/strava-client-AbCdEf' }),
    ]);
    expect(stderr).toContain('not granted (denied in the logs 1×): dynamodb:DeleteTable');
  });

  it('rejects a principal that is not an ARN', async () => {
    expect(await guardian('iam', 'generate', '--cloudtrail', join(FITNESS, 'account', 'cloudtrail'), '--principal', 'heeki')).toBe(2);
  });
});
