import { describe, expect, it } from 'vitest';
import { Unknown } from '../../../src/scanners/iac/graph.js';
import { evaluateCondition, evaluateConditions, ipInCidr } from '../../../src/scanners/iam/conditions.js';
import type { Condition } from '../../../src/scanners/iam/model.js';

const cond = (operator: string, key: string, values: (string | Unknown)[], extra: Partial<Condition> = {}): Condition => ({ operator, key, values, ifExists: false, ...extra });

describe('string operators', () => {
  it('StringEquals / StringNotEquals / IgnoreCase / Like', () => {
    const ctx = { 'aws:PrincipalTag/team': 'Payments' };
    expect(evaluateCondition(cond('StringEquals', 'aws:PrincipalTag/team', ['Payments', 'Shop']), ctx)).toBe(true);
    expect(evaluateCondition(cond('StringEquals', 'aws:PrincipalTag/team', ['payments']), ctx)).toBe(false);
    expect(evaluateCondition(cond('StringEqualsIgnoreCase', 'aws:PrincipalTag/team', ['payments']), ctx)).toBe(true);
    expect(evaluateCondition(cond('StringNotEquals', 'aws:PrincipalTag/team', ['Shop']), ctx)).toBe(true);
    expect(evaluateCondition(cond('StringNotEquals', 'aws:PrincipalTag/team', ['Shop', 'Payments']), ctx)).toBe(false);
    expect(evaluateCondition(cond('StringLike', 'aws:PrincipalTag/team', ['Pay*']), ctx)).toBe(true);
    expect(evaluateCondition(cond('StringNotLike', 'aws:PrincipalTag/team', ['Pay*']), ctx)).toBe(false);
    // condition keys are case-insensitive
    expect(evaluateCondition(cond('StringEquals', 'AWS:principaltag/TEAM', ['Payments']), ctx)).toBe(true);
  });

  it('GitHub OIDC subject with StringLike', () => {
    const c = cond('StringLike', 'token.actions.githubusercontent.com:sub', ['repo:acme/shop:ref:refs/heads/main']);
    expect(evaluateCondition(c, { 'token.actions.githubusercontent.com:sub': 'repo:acme/shop:ref:refs/heads/main' })).toBe(true);
    expect(evaluateCondition(c, { 'token.actions.githubusercontent.com:sub': 'repo:evil/shop:ref:refs/heads/main' })).toBe(false);
  });

  it('resolves policy variables in values', () => {
    const c = cond('StringEquals', 's3:prefix', ['home/${aws:username}/']);
    expect(evaluateCondition(c, { 's3:prefix': 'home/bob/', 'aws:username': 'bob' })).toBe(true);
    expect(evaluateCondition(c, { 's3:prefix': 'home/eve/', 'aws:username': 'bob' })).toBe(false);
    expect(evaluateCondition(c, { 's3:prefix': 'home/bob/' })).toBe('unknown');
  });
});

describe('numeric, date, bool, binary, ARN', () => {
  it('compares numbers and dates', () => {
    expect(evaluateCondition(cond('NumericLessThanEquals', 's3:max-keys', ['10']), { 's3:max-keys': '10' })).toBe(true);
    expect(evaluateCondition(cond('NumericGreaterThan', 's3:max-keys', ['10']), { 's3:max-keys': '10' })).toBe(false);
    expect(evaluateCondition(cond('NumericEquals', 's3:max-keys', ['ten']), { 's3:max-keys': '10' })).toBe('unknown');
    expect(evaluateCondition(cond('DateLessThan', 'aws:CurrentTime', ['2030-01-01T00:00:00Z']), { 'aws:CurrentTime': '2026-05-01T12:00:00Z' })).toBe(true);
    expect(evaluateCondition(cond('DateGreaterThan', 'aws:EpochTime', ['2030-01-01T00:00:00Z']), { 'aws:EpochTime': '1777636800' })).toBe(false);
  });

  it('Bool and ARN operators', () => {
    const mfa = cond('Bool', 'aws:MultiFactorAuthPresent', ['true']);
    expect(evaluateCondition(mfa, { 'aws:MultiFactorAuthPresent': 'true' })).toBe(true);
    expect(evaluateCondition(mfa, { 'aws:MultiFactorAuthPresent': 'false' })).toBe(false);
    const arn = cond('ArnLike', 'aws:SourceArn', ['arn:aws:s3:::uploads-*']);
    expect(evaluateCondition(arn, { 'aws:SourceArn': 'arn:aws:s3:::uploads-prod' })).toBe(true);
    expect(evaluateCondition({ ...arn, operator: 'ArnNotEquals' }, { 'aws:SourceArn': 'arn:aws:s3:::uploads-prod' })).toBe(false);
    expect(evaluateCondition(cond('BinaryEquals', 'k', ['QmluYXJ5']), { k: 'QmluYXJ5' })).toBe(true);
  });
});

describe('IP addresses', () => {
  it('IPv4 and IPv6 CIDR ranges', () => {
    expect(ipInCidr('203.0.113.7', '203.0.113.0/24')).toBe(true);
    expect(ipInCidr('203.0.114.7', '203.0.113.0/24')).toBe(false);
    expect(ipInCidr('10.0.0.1', '10.0.0.1')).toBe(true);
    expect(ipInCidr('2001:db8::1', '2001:db8::/32')).toBe(true);
    expect(ipInCidr('2001:db9::1', '2001:db8::/32')).toBe(false);
    expect(ipInCidr('::ffff:203.0.113.7', '::ffff:203.0.113.0/120')).toBe(true);
    expect(ipInCidr('203.0.113.7', '2001:db8::/32')).toBe(false);
    expect(ipInCidr('300.1.1.1', '10.0.0.0/8')).toBe('unknown');
    const c = cond('NotIpAddress', 'aws:SourceIp', ['192.0.2.0/24', '203.0.113.0/24']);
    expect(evaluateCondition(c, { 'aws:SourceIp': '198.51.100.1' })).toBe(true);
    expect(evaluateCondition(c, { 'aws:SourceIp': '192.0.2.9' })).toBe(false);
  });
});

describe('missing keys, IfExists, Null, sets', () => {
  const absent = { missingKeys: 'absent' as const };

  it('a missing key is unknown unless the context is declared complete', () => {
    const c = cond('StringEquals', 'aws:SourceVpc', ['vpc-1']);
    expect(evaluateCondition(c, {})).toBe('unknown');
    expect(evaluateCondition(c, {}, absent)).toBe(false);
    expect(evaluateCondition(cond('StringNotEquals', 'aws:SourceVpc', ['vpc-1']), {}, absent)).toBe(true);
    expect(evaluateCondition({ ...c, ifExists: true }, {})).toBe(true);
    expect(evaluateCondition({ ...c, ifExists: true }, { 'aws:SourceVpc': 'vpc-2' })).toBe(false);
  });

  it('Null tests presence', () => {
    const c = cond('Null', 'aws:TokenIssueTime', ['true']);
    expect(evaluateCondition(c, {})).toBe('unknown');
    expect(evaluateCondition(c, {}, absent)).toBe(true);
    expect(evaluateCondition(c, { 'aws:TokenIssueTime': '2026-01-01T00:00:00Z' })).toBe(false);
    expect(evaluateCondition(cond('Null', 'aws:TokenIssueTime', ['false']), { 'aws:TokenIssueTime': 'x' })).toBe(true);
  });

  it('ForAllValues and ForAnyValue', () => {
    const all = cond('StringEquals', 'aws:TagKeys', ['env', 'team'], { set: 'ForAllValues' });
    expect(evaluateCondition(all, { 'aws:TagKeys': ['env', 'team'] })).toBe(true);
    expect(evaluateCondition(all, { 'aws:TagKeys': ['env', 'owner'] })).toBe(false);
    expect(evaluateCondition(all, {}, absent)).toBe(true);
    const any = cond('StringEquals', 'aws:TagKeys', ['env'], { set: 'ForAnyValue' });
    expect(evaluateCondition(any, { 'aws:TagKeys': ['owner', 'env'] })).toBe(true);
    expect(evaluateCondition(any, { 'aws:TagKeys': ['owner'] })).toBe(false);
    expect(evaluateCondition(any, {}, absent)).toBe(false);
    expect(evaluateCondition(cond('StringNotEquals', 'aws:TagKeys', ['secret'], { set: 'ForAllValues' }), { 'aws:TagKeys': ['env', 'team'] })).toBe(true);
  });

  it('unsupported operators and unresolved values are unknown', () => {
    expect(evaluateCondition(cond('StringMatchesRegex', 'k', ['x']), { k: 'x' })).toBe('unknown');
    expect(evaluateCondition(cond('StringEquals', 'k', [new Unknown('var.allowed')]), { k: 'x' })).toBe('unknown');
    // an Unknown alternative does not matter when another value matches
    expect(evaluateCondition(cond('StringEquals', 'k', [new Unknown('var.allowed'), 'x']), { k: 'x' })).toBe(true);
    expect(evaluateConditions([cond('StringEquals', 'k', ['x']), cond('StringEquals', 'j', ['y'])], { k: 'x', j: 'z' })).toBe(false);
  });
});
