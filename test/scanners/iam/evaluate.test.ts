import { describe, expect, it } from 'vitest';
import { Unknown } from '../../../src/scanners/iac/graph.js';
import { evaluate } from '../../../src/scanners/iam/evaluate.js';
import type { IamPrincipal, Policy, PolicyKind } from '../../../src/scanners/iam/model.js';
import { parsePolicyDocument } from '../../../src/scanners/iam/parse.js';

const ACCOUNT = '111122223333';
const policy = (name: string, kind: PolicyKind, statement: unknown): Policy => ({
  name,
  kind,
  statements: parsePolicyDocument({ Version: '2012-10-17', Statement: statement }, { path: `policies/${name}.json`, line: 1 }).statements,
});
const user = (name: string, identityPolicies: Policy[], extra: Partial<IamPrincipal> = {}): IamPrincipal => ({
  id: name,
  type: 'user',
  name,
  arn: `arn:aws:iam::${ACCOUNT}:user/${name}`,
  accountId: ACCOUNT,
  identityPolicies,
  ...extra,
});
const role = (name: string, identityPolicies: Policy[], extra: Partial<IamPrincipal> = {}): IamPrincipal => ({
  ...user(name, identityPolicies, extra),
  type: 'role',
  arn: `arn:aws:iam::${ACCOUNT}:role/${name}`,
});
const allowAll = policy('AdministratorAccess', 'identity', { Effect: 'Allow', Action: '*', Resource: '*' });

describe('permissions boundaries (access_policies_boundaries.html)', () => {
  // The doc's example: Shirley's boundary allows only S3, CloudWatch and EC2; an identity
  // policy allowing iam:CreateUser therefore grants nothing.
  const shirleyBoundary = policy('ShirleyBoundary', 'boundary', { Effect: 'Allow', Action: ['s3:*', 'cloudwatch:*', 'ec2:*'], Resource: '*' });

  it('an identity Allow outside the boundary is implicitly denied', () => {
    const shirley = user('Shirley', [policy('CreateUser', 'identity', { Effect: 'Allow', Action: 'iam:CreateUser', Resource: '*' })], { boundary: shirleyBoundary });
    const result = evaluate(shirley, { action: 'iam:CreateUser', resource: '*' });
    expect(result.decision).toBe('implicit-deny');
    expect(result.because).toBe('permissions boundary ShirleyBoundary does not allow the iam:CreateUser action');
    // the identity statement that matched is still shown
    expect(result.reasons).toEqual([{ policy: 'CreateUser', kind: 'identity', effect: 'Allow', source: { path: 'policies/CreateUser.json', line: 1 }, matched: true }]);
  });

  it('identity * intersected with a narrow boundary allows exactly the intersection', () => {
    const boundary = policy('LambdaBoundary', 'boundary', { Effect: 'Allow', Action: ['lambda:InvokeFunction', 'dynamodb:UpdateItem', 'apigateway:PUT'], Resource: '*' });
    const broad = policy('Broad', 'identity', [
      { Effect: 'Allow', Action: ['s3:*', 'cloudwatch:*', 'ec2:*'], Resource: '*' },
      { Effect: 'Allow', Action: ['lambda:*', 'dynamodb:*', 'apigateway:*'], Resource: '*' },
    ]);
    for (const principal of [user('dev', [allowAll], { boundary }), user('dev2', [broad], { boundary })]) {
      const decide = (action: string) => evaluate(principal, { action, resource: '*' }).decision;
      expect(['lambda:InvokeFunction', 'dynamodb:UpdateItem', 'apigateway:PUT'].map(decide)).toEqual(['allowed', 'allowed', 'allowed']);
      expect(['s3:GetObject', 'ec2:RunInstances', 'lambda:CreateFunction', 'dynamodb:DeleteTable', 'apigateway:DELETE'].map(decide)).toEqual(Array(5).fill('implicit-deny'));
    }
  });

  it('a boundary without identity policy grants nothing', () => {
    expect(evaluate(user('nobody', [], { boundary: shirleyBoundary }), { action: 's3:GetObject', resource: 'arn:aws:s3:::b/k' }).decision).toBe('implicit-deny');
  });
});

describe('explicit deny, SCPs, NotAction', () => {
  it('an explicit deny overrides any allow', () => {
    const deny = policy('DenyBilling', 'identity', { Sid: 'NoDelete', Effect: 'Deny', Action: 's3:DeleteBucket', Resource: 'arn:aws:s3:::prod-*' });
    const alice = user('alice', [allowAll, deny]);
    const result = evaluate(alice, { action: 's3:DeleteBucket', resource: 'arn:aws:s3:::prod-data' });
    expect(result.decision).toBe('explicit-deny');
    expect(result.because).toBe('explicitly denied by identity policy DenyBilling (statement NoDelete)');
    expect(result.reasons.map((r) => [r.policy, r.effect])).toEqual([
      ['AdministratorAccess', 'Allow'],
      ['DenyBilling', 'Deny'],
    ]);
    expect(evaluate(alice, { action: 's3:DeleteBucket', resource: 'arn:aws:s3:::dev-data' }).decision).toBe('allowed');
  });

  it('SCPs must allow; a Deny in an SCP wins', () => {
    const fullAccess = policy('FullAWSAccess', 'scp', { Effect: 'Allow', Action: '*', Resource: '*' });
    const regionLock = policy('DenyOutsideEU', 'scp', [
      { Effect: 'Allow', Action: '*', Resource: '*' },
      { Effect: 'Deny', NotAction: ['iam:*', 'sts:*'], Resource: '*', Condition: { StringNotEquals: { 'aws:RequestedRegion': ['eu-west-1'] } } },
    ]);
    const onlyS3 = policy('OnlyS3', 'scp', { Effect: 'Allow', Action: 's3:*', Resource: '*' });
    const admin = user('admin', [allowAll], { scps: [fullAccess, onlyS3] });
    expect(evaluate(admin, { action: 's3:GetObject', resource: 'arn:aws:s3:::b/k' }).decision).toBe('allowed');
    const ec2 = evaluate(admin, { action: 'ec2:RunInstances', resource: '*' });
    expect(ec2.decision).toBe('implicit-deny');
    expect(ec2.because).toBe('no statement in service control policy OnlyS3 allows the ec2:RunInstances action');

    const eu = user('eu', [allowAll], { scps: [regionLock] });
    expect(evaluate(eu, { action: 'ec2:RunInstances', resource: '*', context: { 'aws:RequestedRegion': 'us-east-1' } }).decision).toBe('explicit-deny');
    expect(evaluate(eu, { action: 'ec2:RunInstances', resource: '*', context: { 'aws:RequestedRegion': 'eu-west-1' } }).decision).toBe('allowed');
    expect(evaluate(eu, { action: 'iam:CreateRole', resource: '*', context: { 'aws:RequestedRegion': 'us-east-1' } }).decision).toBe('allowed');
    // the region is not known: the deny may apply
    expect(evaluate(eu, { action: 'ec2:RunInstances', resource: '*' }).decision).toBe('unknown');
  });

  it('NotAction with Allow grants everything except the listed actions', () => {
    const powerUser = policy('PowerUserAccess', 'identity', { Effect: 'Allow', NotAction: ['iam:*', 'organizations:*'], Resource: '*' });
    const p = user('power', [powerUser]);
    expect(evaluate(p, { action: 'ec2:RunInstances', resource: '*' }).decision).toBe('allowed');
    expect(evaluate(p, { action: 'iam:CreateUser', resource: '*' }).decision).toBe('implicit-deny');
    expect(evaluate(p, { action: 'IAM:createuser', resource: '*' }).decision).toBe('implicit-deny');
  });

  it('NotResource with Deny', () => {
    const p = user('p', [allowAll, policy('OnlyLogs', 'identity', { Effect: 'Deny', Action: 's3:*', NotResource: ['arn:aws:s3:::logs', 'arn:aws:s3:::logs/*'] })]);
    expect(evaluate(p, { action: 's3:PutObject', resource: 'arn:aws:s3:::logs/2026/a.gz' }).decision).toBe('allowed');
    expect(evaluate(p, { action: 's3:PutObject', resource: 'arn:aws:s3:::payroll/a.csv' }).decision).toBe('explicit-deny');
  });
});

describe('conditions', () => {
  const ipRestricted = policy('OfficeOnly', 'identity', [
    { Effect: 'Allow', Action: 's3:*', Resource: '*' },
    { Effect: 'Deny', Action: '*', Resource: '*', Condition: { NotIpAddress: { 'aws:SourceIp': ['192.0.2.0/24', '203.0.113.0/24'] } } },
  ]);
  const mfaOnly = policy('MfaForEc2', 'identity', { Effect: 'Allow', Action: 'ec2:StopInstances', Resource: '*', Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } } });

  it('aws:SourceIp', () => {
    const p = user('office', [ipRestricted]);
    expect(evaluate(p, { action: 's3:GetObject', resource: 'arn:aws:s3:::b/k', context: { 'aws:SourceIp': '203.0.113.10' } }).decision).toBe('allowed');
    expect(evaluate(p, { action: 's3:GetObject', resource: 'arn:aws:s3:::b/k', context: { 'aws:SourceIp': '198.51.100.10' } }).decision).toBe('explicit-deny');
    expect(evaluate(p, { action: 's3:GetObject', resource: 'arn:aws:s3:::b/k' }).decision).toBe('unknown');
  });

  it('aws:MultiFactorAuthPresent, with a complete context for the absent key', () => {
    const p = user('ops', [mfaOnly]);
    const request = { action: 'ec2:StopInstances', resource: 'arn:aws:ec2:eu-west-1:111122223333:instance/i-1' };
    expect(evaluate(p, { ...request, context: { 'aws:MultiFactorAuthPresent': 'true' } }).decision).toBe('allowed');
    expect(evaluate(p, { ...request, context: { 'aws:MultiFactorAuthPresent': 'false' } }).decision).toBe('implicit-deny');
    expect(evaluate(p, request).decision).toBe('unknown');
    // long-term access keys carry no MFA key at all
    expect(evaluate(p, request, { missingKeys: 'absent' }).decision).toBe('implicit-deny');
  });

  it('policy variables from the principal (aws:username)', () => {
    const self = policy('ManageOwnKeys', 'identity', { Effect: 'Allow', Action: 'iam:CreateAccessKey', Resource: 'arn:aws:iam::111122223333:user/${aws:username}' });
    const bob = user('bob', [self]);
    expect(evaluate(bob, { action: 'iam:CreateAccessKey', resource: 'arn:aws:iam::111122223333:user/bob' }).decision).toBe('allowed');
    expect(evaluate(bob, { action: 'iam:CreateAccessKey', resource: 'arn:aws:iam::111122223333:user/alice' }).decision).toBe('implicit-deny');
  });

  it('an unsupported condition operator makes the decision unknown, never allowed', () => {
    const odd = policy('Odd', 'identity', { Effect: 'Allow', Action: 's3:GetObject', Resource: '*', Condition: { StringMatchesRegex: { 'aws:PrincipalTag/team': 'pay.*' } } });
    const result = evaluate(user('u', [odd]), { action: 's3:GetObject', resource: 'arn:aws:s3:::b/k', context: { 'aws:PrincipalTag/team': 'payments' } });
    expect(result.decision).toBe('unknown');
    expect(result.reasons[0]!.matched).toBe('unknown');
    expect(result.because).toMatch(/identity-based Allow depends on unresolved values/);
  });

  it('Unknown values: an unresolved Deny blocks "allowed", an unresolved Allow cannot grant', () => {
    const unresolvedDeny = policy('MaybeDeny', 'identity', { Effect: 'Deny', Action: 's3:*', Resource: new Unknown('!Ref SensitiveBucketArn') });
    expect(evaluate(user('a', [allowAll, unresolvedDeny]), { action: 's3:GetObject', resource: 'arn:aws:s3:::b/k' }).decision).toBe('unknown');
    const unresolvedAllow = policy('MaybeAllow', 'identity', { Effect: 'Allow', Action: 's3:GetObject', Resource: new Unknown('aws_s3_bucket.b.arn') });
    expect(evaluate(user('b', [unresolvedAllow]), { action: 's3:GetObject', resource: 'arn:aws:s3:::b/k' }).decision).toBe('unknown');
    // not the action: the unresolved resource does not matter
    expect(evaluate(user('b', [unresolvedAllow]), { action: 's3:PutObject', resource: 'arn:aws:s3:::b/k' }).decision).toBe('implicit-deny');
  });
});

describe('resource-based policies', () => {
  const bucket = 'arn:aws:s3:::shared-reports';
  const grant = (principal: unknown) => policy('shared-reports-policy', 'resource', { Effect: 'Allow', Principal: principal, Action: 's3:GetObject', Resource: `${bucket}/*` });
  const request = { action: 's3:GetObject', resource: `${bucket}/q1.csv` };
  const boundary = policy('OnlyLambda', 'boundary', { Effect: 'Allow', Action: 'lambda:*', Resource: '*' });

  it('same account: a grant to the user ARN allows without identity policy, even past the boundary', () => {
    const carol = user('carol', [], { boundary });
    const result = evaluate(carol, request, { resourcePolicies: [grant({ AWS: carol.arn })] });
    expect(result.decision).toBe('allowed');
    expect(result.because).toMatch(/resource-based policy allows it/);
  });

  it('same account: a grant to the role ARN is limited by the role boundary', () => {
    const r = role('reporter', [], { boundary });
    expect(evaluate(r, request, { resourcePolicies: [grant({ AWS: r.arn })] }).decision).toBe('implicit-deny');
    expect(evaluate(role('reporter', []), request, { resourcePolicies: [grant({ AWS: r.arn })] }).decision).toBe('allowed');
  });

  it('a grant to the account only delegates: identity policies must allow', () => {
    const dave = user('dave', []);
    expect(evaluate(dave, request, { resourcePolicies: [grant({ AWS: ACCOUNT })] }).decision).toBe('implicit-deny');
    expect(evaluate(user('erin', [allowAll]), request, { resourcePolicies: [grant({ AWS: ACCOUNT })] }).decision).toBe('allowed');
  });

  it('cross-account: both sides must allow; an unknown resource policy is unknown', () => {
    const other = { ...user('frank', [allowAll]), accountId: '444455556666', arn: 'arn:aws:iam::444455556666:user/frank' };
    const queue = 'arn:aws:sqs:eu-west-1:111122223333:orders';
    const send = { action: 'sqs:SendMessage', resource: queue };
    const queuePolicy = policy('orders-queue-policy', 'resource', { Effect: 'Allow', Principal: { AWS: '444455556666' }, Action: 'sqs:SendMessage', Resource: queue });
    expect(evaluate(other, send, { resourcePolicies: [queuePolicy] }).decision).toBe('allowed');
    expect(evaluate(other, send, { resourcePolicies: [] }).decision).toBe('implicit-deny');
    expect(evaluate(other, send, { resourcePolicies: [] }).because).toMatch(/cross-account request: no resource-based policy/);
    expect(evaluate(other, send).decision).toBe('unknown');
    expect(evaluate({ ...other, identityPolicies: [] }, send, { resourcePolicies: [queuePolicy] }).decision).toBe('implicit-deny');
  });

  it('Deny with NotPrincipal always denies a principal with a boundary', () => {
    const denyOthers = policy('lockdown', 'resource', { Effect: 'Deny', NotPrincipal: { AWS: `arn:aws:iam::${ACCOUNT}:user/gina` }, Action: 's3:*', Resource: `${bucket}/*` });
    expect(evaluate(user('gina', [allowAll]), request, { resourcePolicies: [denyOthers] }).decision).toBe('allowed');
    const gina = user('gina', [allowAll], { boundary: policy('All', 'boundary', { Effect: 'Allow', Action: '*', Resource: '*' }) });
    expect(evaluate(gina, request, { resourcePolicies: [denyOthers] }).decision).toBe('explicit-deny');
    expect(evaluate(user('hank', [allowAll]), request, { resourcePolicies: [denyOthers] }).decision).toBe('explicit-deny');
  });
});
