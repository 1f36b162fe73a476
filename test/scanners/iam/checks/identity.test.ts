import { beforeAll, describe, expect, it } from 'vitest';
import { type ActionCatalog, loadActionCatalog } from '../../../../src/scanners/iam/actions.js';
import { checkPolicy } from '../../../../src/scanners/iam/checks/check.js';
import type { IamIssue } from '../../../../src/scanners/iam/checks/issue.js';
import { adminManagedPolicy, checkAttachedManagedPolicies } from '../../../../src/scanners/iam/checks/managed.js';
import type { Policy } from '../../../../src/scanners/iam/model.js';
import { parsePolicyDocument } from '../../../../src/scanners/iam/parse.js';
import { type JsonStatement, policy, unresolved } from './policies.js';

let actions: ActionCatalog;
beforeAll(async () => {
  actions = await loadActionCatalog();
});

const identity = (...statements: JsonStatement[]): Policy => policy('identity', statements);
const run = (p: Policy): IamIssue[] => checkPolicy(p, { actions });
const ids = (issues: IamIssue[]): string[] => issues.map((i) => i.ruleId);
const only = (issues: IamIssue[], ruleId: string): IamIssue[] => issues.filter((i) => i.ruleId === ruleId);

describe('iam.admin-equivalent', () => {
  it('reports "*" on "*" as critical, with the statement Sid, index and line', () => {
    const issues = run(identity({ Sid: 'Everything', Effect: 'Allow', Action: '*', Resource: '*' }));
    expect(ids(issues)).toEqual(['iam.admin-equivalent']);
    expect(issues[0]).toMatchObject({ severity: 'critical', sid: 'Everything', statementIndex: 0, policy: 'test-identity-policy', source: { path: 'infra/policy.json' } });
    expect(issues[0]!.message).toContain('"Everything"');
  });

  it('reports an all-wildcard ARN resource as every resource', () => {
    expect(ids(run(identity({ Effect: 'Allow', Action: ['*'], Resource: 'arn:aws:*:*:*:*' })))).toEqual(['iam.admin-equivalent']);
  });

  it('does not report "*" scoped to one bucket, a Deny, or an unresolved resource', () => {
    expect(ids(run(identity({ Effect: 'Allow', Action: '*', Resource: 'arn:aws:s3:::logs/*' })))).toEqual(['iam.wildcard-action']);
    expect(run(identity({ Effect: 'Deny', Action: '*', Resource: '*' }))).toEqual([]);
    expect(ids(run(identity({ Effect: 'Allow', Action: '*', Resource: unresolved('!GetAtt Bucket.Arn') })))).not.toContain('iam.admin-equivalent');
  });

  it('ignores the placeholder statements parse.ts makes for an unresolved document', () => {
    const parsed = parsePolicyDocument(unresolved('!Ref PolicyDocumentParameter'), { path: 't.yml', line: 3 });
    expect(parsed.statements.length).toBeGreaterThan(0);
    expect(run({ name: 'unresolved', kind: 'identity', statements: parsed.statements })).toEqual([]);
  });

  it('recognises attached AdministratorAccess and IAMFullAccess by ARN in every partition', () => {
    expect(adminManagedPolicy('arn:aws:iam::aws:policy/AdministratorAccess')).toBe('AdministratorAccess');
    expect(adminManagedPolicy('arn:aws-us-gov:iam::aws:policy/IAMFullAccess')).toBe('IAMFullAccess');
    expect(adminManagedPolicy('arn:aws:iam::aws:policy/ReadOnlyAccess')).toBeUndefined();
    // A customer managed policy that borrows the name is not the AWS one.
    expect(adminManagedPolicy('arn:aws:iam::123456789012:policy/AdministratorAccess')).toBeUndefined();
    expect(adminManagedPolicy(unresolved('!Ref AdminPolicy'))).toBeUndefined();
    const issues = checkAttachedManagedPolicies('role/deployer', ['arn:aws:iam::aws:policy/ReadOnlyAccess', 'arn:aws:iam::aws:policy/AdministratorAccess'], { path: 't.yml', line: 7 });
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ ruleId: 'iam.admin-equivalent', severity: 'critical', source: { line: 7 }, details: { managedPolicy: 'AdministratorAccess', owner: 'role/deployer' } });
  });

  it('reports an identity policy named by an admin managed ARN, even when its document is unresolved', () => {
    const parsed = parsePolicyDocument(unresolved('document not in file'));
    const issues = run({ name: 'arn:aws:iam::aws:policy/IAMFullAccess', kind: 'identity', statements: parsed.statements });
    expect(ids(issues)).toEqual(['iam.admin-equivalent']);
    expect(issues[0]!.message).toContain('IAMFullAccess');
  });
});

describe('iam.wildcard-action', () => {
  it('rates a service wildcard by the access levels it grants', () => {
    const write = only(run(identity({ Effect: 'Allow', Action: 's3:*', Resource: '*' })), 'iam.wildcard-action');
    expect(write).toHaveLength(1);
    expect(write[0]!.severity).toBe('high');
    expect(write[0]!.details.accessLevels).toContain('Permissions management');
    const readOnly = only(run(identity({ Effect: 'Allow', Action: 'pricing:*', Resource: '*' })), 'iam.wildcard-action');
    expect(readOnly.map((i) => i.severity)).toEqual(['low']);
    expect(readOnly[0]!.details.accessLevels).toEqual(['Read']);
  });

  it('lowers the severity one level when the resources are named', () => {
    const issues = only(run(identity({ Effect: 'Allow', Action: 's3:*', Resource: 'arn:aws:s3:::app-uploads/*' })), 'iam.wildcard-action');
    expect(issues.map((i) => i.severity)).toEqual(['medium']);
  });

  it('rates a service the catalog does not know as medium, and without a catalog everything as medium', () => {
    expect(only(run(identity({ Effect: 'Allow', Action: 'notaservice:*', Resource: '*' })), 'iam.wildcard-action').map((i) => i.severity)).toEqual(['medium']);
    expect(checkPolicy(identity({ Effect: 'Allow', Action: 's3:*', Resource: '*' })).map((i) => i.severity)).toEqual(['medium']);
  });

  it('does not report partial wildcards, specific actions, Deny or unresolved actions', () => {
    expect(only(run(identity({ Effect: 'Allow', Action: ['s3:Get*', 's3:ListBucket'], Resource: '*' })), 'iam.wildcard-action')).toEqual([]);
    expect(run(identity({ Effect: 'Deny', Action: 's3:*', Resource: '*' }))).toEqual([]);
    expect(run(identity({ Effect: 'Allow', Action: unresolved('!Ref ActionParameter'), Resource: '*' }))).toEqual([]);
  });
});

describe('iam.resource-star-write', () => {
  it('reports write actions that support resource-level permissions on "*"', () => {
    const issues = only(run(identity({ Effect: 'Allow', Action: ['sqs:SendMessage', 'dynamodb:PutItem', 'ec2:DescribeInstances'], Resource: '*' })), 'iam.resource-star-write');
    expect(issues).toHaveLength(1);
    expect(issues[0]!.severity).toBe('medium');
    expect(issues[0]!.details.actions).toEqual(['dynamodb:PutItem', 'sqs:SendMessage']);
  });

  it('expands partial wildcards and keeps only write / permissions-management actions', () => {
    const issues = only(run(identity({ Effect: 'Allow', Action: 'sqs:Delete*', Resource: '*' })), 'iam.resource-star-write');
    expect(issues[0]!.details.actions).toEqual(expect.arrayContaining(['sqs:DeleteMessage', 'sqs:DeleteQueue']));
  });

  it('does not report reads, actions without resource types, named resources or service wildcards', () => {
    expect(run(identity({ Effect: 'Allow', Action: ['ec2:DescribeInstances', 'sts:GetCallerIdentity'], Resource: '*' }))).toEqual([]);
    // lambda:CreateEventSourceMapping has no resource types: "*" is the only choice.
    expect(run(identity({ Effect: 'Allow', Action: 'lambda:CreateEventSourceMapping', Resource: '*' }))).toEqual([]);
    expect(run(identity({ Effect: 'Allow', Action: 'sqs:SendMessage', Resource: 'arn:aws:sqs:us-east-1:123456789012:orders' }))).toEqual([]);
    expect(ids(run(identity({ Effect: 'Allow', Action: 'sqs:*', Resource: '*' })))).toEqual(['iam.wildcard-action']);
  });
});

describe('iam.allow-not-action and iam.allow-not-resource', () => {
  it('reports Allow with NotAction and Allow with NotResource as high', () => {
    const notAction = run(identity({ Effect: 'Allow', NotAction: ['iam:*', 'organizations:*'], Resource: 'arn:aws:s3:::bucket' }));
    expect(ids(notAction)).toEqual(['iam.allow-not-action']);
    expect(notAction[0]!.severity).toBe('high');
    expect(notAction[0]!.message).toContain('iam:*, organizations:*');
    const notResource = run(identity({ Effect: 'Allow', Action: 's3:GetObject', NotResource: 'arn:aws:s3:::secrets/*' }));
    expect(ids(notResource)).toEqual(['iam.allow-not-resource']);
  });

  it('does not report the Deny forms, which are the safe pattern', () => {
    expect(run(identity({ Effect: 'Deny', NotAction: 'iam:*', Resource: '*' }))).toEqual([]);
    expect(run(identity({ Effect: 'Deny', Action: 's3:*', NotResource: 'arn:aws:s3:::bucket/*' }))).toEqual([]);
  });
});

describe('iam.passrole-star', () => {
  it('reports iam:PassRole on "*", on every role, and through iam:* or NotAction', () => {
    expect(only(run(identity({ Effect: 'Allow', Action: 'iam:PassRole', Resource: '*' })), 'iam.passrole-star').map((i) => i.severity)).toEqual(['high']);
    expect(ids(run(identity({ Effect: 'Allow', Action: 'iam:PassRole', Resource: 'arn:aws:iam::123456789012:role/*' })))).toEqual(['iam.passrole-star']);
    expect(ids(run(identity({ Effect: 'Allow', Action: 'iam:*', Resource: '*' })))).toEqual(['iam.wildcard-action', 'iam.passrole-star']);
    expect(ids(run(identity({ Effect: 'Allow', NotAction: 's3:*', Resource: '*' })))).toEqual(['iam.allow-not-action', 'iam.passrole-star']);
  });

  it('does not report a named role, a role path prefix, a Deny, or "*" on "*" (already admin-equivalent)', () => {
    expect(run(identity({ Effect: 'Allow', Action: 'iam:PassRole', Resource: 'arn:aws:iam::123456789012:role/app-lambda' }))).toEqual([]);
    expect(run(identity({ Effect: 'Allow', Action: 'iam:PassRole', Resource: 'arn:aws:iam::123456789012:role/service-role/*' }))).toEqual([]);
    expect(run(identity({ Effect: 'Deny', Action: 'iam:PassRole', Resource: '*' }))).toEqual([]);
    expect(ids(run(identity({ Effect: 'Allow', Action: '*', Resource: '*' })))).toEqual(['iam.admin-equivalent']);
    expect(run(identity({ Effect: 'Allow', Action: 'iam:PassRole', Resource: unresolved('!GetAtt LambdaRole.Arn') }))).toEqual([]);
  });
});

describe('policy kinds', () => {
  it('does not apply identity checks to permissions boundaries, SCPs or session policies', () => {
    for (const kind of ['boundary', 'scp', 'session'] as const) {
      expect(checkPolicy(policy(kind, [{ Effect: 'Allow', Action: '*', Resource: '*' }]), { actions })).toEqual([]);
    }
  });

  it('turns a statement that breaks a check into a warning instead of throwing', () => {
    const broken = { name: 'broken', kind: 'identity', statements: [{ effect: 'Allow', actions: ['s3:*'], resources: ['*'] }] } as unknown as Policy;
    const warnings: string[] = [];
    expect(() => checkPolicy(broken, { actions, onWarning: (w) => warnings.push(w.message) })).not.toThrow();
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('broken: statement 1');
  });
});
