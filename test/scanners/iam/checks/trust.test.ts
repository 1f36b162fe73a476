import { describe, expect, it } from 'vitest';
import { checkPolicy } from '../../../../src/scanners/iam/checks/check.js';
import type { IamIssue } from '../../../../src/scanners/iam/checks/issue.js';
import { principalAccount, subjectBreadth } from '../../../../src/scanners/iam/checks/trust.js';
import { type JsonStatement, policy, unresolved } from './policies.js';

const ACCOUNT = '123456789012';
const trust = (statement: JsonStatement, context: { accountId?: string } = { accountId: ACCOUNT }): IamIssue[] => checkPolicy(policy('trust', [statement]), context);
const ids = (issues: IamIssue[]): string[] => issues.map((i) => i.ruleId);

const GITHUB = `arn:aws:iam::${ACCOUNT}:oidc-provider/token.actions.githubusercontent.com`;
const github = (condition?: JsonStatement): JsonStatement => ({
  Effect: 'Allow',
  Principal: { Federated: GITHUB },
  Action: 'sts:AssumeRoleWithWebIdentity',
  ...(condition ? { Condition: condition } : {}),
});
const AUD = { 'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com' };

describe('iam.trust-public-principal', () => {
  it('reports "Principal": "*", {"AWS": "*"} and NotPrincipal without a restricting condition as critical', () => {
    const statements: JsonStatement[] = [
      { Effect: 'Allow', Principal: '*', Action: 'sts:AssumeRole' },
      { Effect: 'Allow', Principal: { AWS: '*' }, Action: 'sts:AssumeRole' },
      { Effect: 'Allow', NotPrincipal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: 'sts:AssumeRole' },
    ];
    for (const statement of statements) {
      const issues = trust(statement);
      expect(ids(issues)).toEqual(['iam.trust-public-principal']);
      expect(issues[0]!.severity).toBe('critical');
    }
  });

  it('does not count negated, IfExists or wildcard conditions as restricting', () => {
    const base = { Effect: 'Allow', Principal: '*', Action: 'sts:AssumeRole' };
    expect(ids(trust({ ...base, Condition: { StringNotEquals: { 'aws:PrincipalOrgID': 'o-abc123' } } }))).toEqual(['iam.trust-public-principal']);
    expect(ids(trust({ ...base, Condition: { StringEqualsIfExists: { 'aws:PrincipalOrgID': 'o-abc123' } } }))).toEqual(['iam.trust-public-principal']);
    expect(ids(trust({ ...base, Condition: { StringLike: { 'aws:PrincipalArn': '*' } } }))).toEqual(['iam.trust-public-principal']);
    expect(ids(trust({ ...base, Condition: { Bool: { 'aws:SecureTransport': 'true' } } }))).toEqual(['iam.trust-public-principal']);
  });

  it('does not report "*" restricted to an organization, named principals, services or unresolved principals', () => {
    expect(trust({ Effect: 'Allow', Principal: '*', Action: 'sts:AssumeRole', Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-abc123' } } })).toEqual([]);
    expect(trust({ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' })).toEqual([]);
    expect(trust({ Effect: 'Allow', Principal: { AWS: unresolved('!Ref TrustedPrincipal') }, Action: 'sts:AssumeRole' })).toEqual([]);
    expect(trust({ Effect: 'Deny', Principal: '*', Action: 'sts:AssumeRole' })).toEqual([]);
  });
});

describe('iam.trust-cross-account-no-external-id', () => {
  it('reports another account trusted without sts:ExternalId as medium', () => {
    const issues = trust({ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::444455556666:root' }, Action: 'sts:AssumeRole' });
    expect(ids(issues)).toEqual(['iam.trust-cross-account-no-external-id']);
    expect(issues[0]).toMatchObject({ severity: 'medium', details: { accounts: ['444455556666'] } });
    expect(ids(trust({ Effect: 'Allow', Principal: { AWS: ['444455556666'] }, Action: ['sts:AssumeRole', 'sts:TagSession'] }))).toEqual(['iam.trust-cross-account-no-external-id']);
  });

  it('reports at low severity when the role’s own account is not known', () => {
    const issues = trust({ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::444455556666:role/vendor' }, Action: 'sts:AssumeRole' }, {});
    expect(issues.map((i) => i.severity)).toEqual(['low']);
  });

  it('does not report the same account, an external ID, or a wildcard-free unresolved principal', () => {
    expect(trust({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: 'sts:AssumeRole' })).toEqual([]);
    expect(trust({ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::444455556666:root' }, Action: 'sts:AssumeRole', Condition: { StringEquals: { 'sts:ExternalId': 'b7c1-49f0' } } })).toEqual([]);
    expect(trust({ Effect: 'Allow', Principal: { AWS: unresolved('!Sub arn:aws:iam::${VendorAccount}:root') }, Action: 'sts:AssumeRole' })).toEqual([]);
  });

  it('does not accept an external ID that matches anything', () => {
    const issues = trust({ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::444455556666:root' }, Action: 'sts:AssumeRole', Condition: { StringLike: { 'sts:ExternalId': '*' } } });
    expect(ids(issues)).toEqual(['iam.trust-cross-account-no-external-id']);
  });

  it('reads the account of account ids and principal ARNs', () => {
    expect(principalAccount('444455556666')).toBe('444455556666');
    expect(principalAccount('arn:aws:iam::444455556666:user/ci')).toBe('444455556666');
    expect(principalAccount('arn:aws:iam::aws:policy/x')).toBeUndefined();
    expect(principalAccount(unresolved('x'))).toBeUndefined();
  });
});

describe('iam.trust-github-oidc-subject', () => {
  it('reports GitHub OIDC trust without a sub condition as critical', () => {
    const issues = trust(github({ StringEquals: AUD }));
    expect(ids(issues)).toEqual(['iam.trust-github-oidc-subject']);
    expect(issues[0]!.severity).toBe('critical');
  });

  it('treats a negated sub condition as no sub condition', () => {
    expect(trust(github({ StringEquals: AUD, StringNotLike: { 'token.actions.githubusercontent.com:sub': 'repo:evil/*' } })).map((i) => i.severity)).toEqual(['critical']);
  });

  it('reports wildcards over the owner as critical and over the repository as high', () => {
    const sub = (value: string) => trust(github({ StringEquals: AUD, StringLike: { 'token.actions.githubusercontent.com:sub': value } }));
    expect(sub('*').map((i) => i.severity)).toEqual(['critical']);
    expect(sub('repo:*').map((i) => i.severity)).toEqual(['critical']);
    expect(sub('repo:my-*/app:*').map((i) => i.severity)).toEqual(['critical']);
    expect(sub('repo:my-org/*').map((i) => i.severity)).toEqual(['high']);
    expect(sub('repo:my-org/*:ref:refs/heads/main').map((i) => i.severity)).toEqual(['high']);
    expect(sub('repo:my-org/app-*:*')[0]!.details.subjects).toEqual(['repo:my-org/app-*:*']);
  });

  it('does not report a pinned repository, a wildcard after the repository, or * under StringEquals', () => {
    const sub = (operator: string, value: string | string[] | ReturnType<typeof unresolved>) =>
      trust(github(operator === 'StringEquals' ? { StringEquals: { ...AUD, 'token.actions.githubusercontent.com:sub': value } } : { StringEquals: AUD, [operator]: { 'token.actions.githubusercontent.com:sub': value } }));
    expect(sub('StringEquals', 'repo:my-org/app:ref:refs/heads/main')).toEqual([]);
    expect(sub('StringLike', 'repo:my-org/app:*')).toEqual([]);
    expect(sub('StringLike', ['repo:my-org/app:ref:refs/heads/main', 'repo:my-org/app:environment:prod'])).toEqual([]);
    // StringEquals compares literally: "repo:my-org/*" matches only that exact text.
    expect(sub('StringEquals', 'repo:my-org/*')).toEqual([]);
    expect(sub('StringLike', unresolved('!Sub repo:${GitHubOrg}/${Repo}:*'))).toEqual([]);
  });

  it('recognises GitHub trust through an unresolved provider reference by its condition keys', () => {
    const issues = trust({
      Effect: 'Allow',
      Principal: { Federated: unresolved('!Ref GitHubOidcProvider') },
      Action: 'sts:AssumeRoleWithWebIdentity',
      Condition: { StringEquals: AUD, StringLike: { 'token.actions.githubusercontent.com:sub': 'repo:acme/*' } },
    });
    expect(issues.map((i) => [i.ruleId, i.severity])).toEqual([['iam.trust-github-oidc-subject', 'high']]);
  });

  it('leaves other OIDC providers and other actions alone', () => {
    expect(trust({ Effect: 'Allow', Principal: { Federated: 'cognito-identity.amazonaws.com' }, Action: 'sts:AssumeRoleWithWebIdentity' })).toEqual([]);
    expect(trust({ Effect: 'Allow', Principal: { Federated: GITHUB }, Action: 'sts:TagSession' })).toEqual([]);
  });

  it('rates subject values', () => {
    const like = { operator: 'StringLike', ifExists: false, key: 'token.actions.githubusercontent.com:sub', values: [] };
    expect(subjectBreadth(like, 'repo:o/r:pull_request')).toBe(0);
    expect(subjectBreadth(like, 'repo:o/?:*')).toBe(1);
    expect(subjectBreadth(like, 'repo:/r')).toBe(2);
    expect(subjectBreadth({ ...like, operator: 'StringEquals' }, '*')).toBe(0);
  });
});

describe('iam.trust-github-oidc-audience', () => {
  const SUB = { 'token.actions.githubusercontent.com:sub': 'repo:my-org/app:ref:refs/heads/main' };

  it('reports a missing or wildcard audience as low', () => {
    expect(trust(github({ StringEquals: SUB })).map((i) => [i.ruleId, i.severity])).toEqual([['iam.trust-github-oidc-audience', 'low']]);
    expect(ids(trust(github({ StringEquals: SUB, StringLike: { 'token.actions.githubusercontent.com:aud': '*' } })))).toEqual(['iam.trust-github-oidc-audience']);
  });

  it('does not report sts.amazonaws.com or a custom audience', () => {
    expect(trust(github({ StringEquals: { ...SUB, ...AUD } }))).toEqual([]);
    expect(trust(github({ StringEquals: { ...SUB, 'token.actions.githubusercontent.com:aud': 'https://github.com/my-org' } }))).toEqual([]);
  });
});
