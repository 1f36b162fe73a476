import { describe, expect, it } from 'vitest';
import { Unknown } from '../../../src/scanners/iac/graph.js';
import { and3, compilePattern, matchAction, matchArn, matchesWildcard, not3, or3, parseArn, resolvePolicyVariables } from '../../../src/scanners/iam/patterns.js';

describe('wildcards', () => {
  it('matches * and ? over the whole string', () => {
    expect(matchesWildcard('s3:Get*', 's3:GetObject')).toBe(true);
    expect(matchesWildcard('s3:Get?bject', 's3:GetObject')).toBe(true);
    expect(matchesWildcard('s3:Get?', 's3:GetObject')).toBe(false);
    expect(matchesWildcard('s3:Get*', 'xs3:GetObject')).toBe(false);
    expect(matchesWildcard('a.b', 'axb')).toBe(false); // regex characters are literal
    expect(matchesWildcard('*a*b', 'xxaxxb')).toBe(true);
    expect(matchesWildcard('a*b*c', 'abc')).toBe(true);
    expect(matchesWildcard('a*b*c', 'acb')).toBe(false);
    expect(matchesWildcard('*', '')).toBe(true);
    expect(matchesWildcard('?', '')).toBe(false);
    // would never finish with a backtracking regular expression
    expect(matchesWildcard('*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*b', 'a'.repeat(5000))).toBe(false);
  });

  it('compares actions case-insensitively', () => {
    expect(matchAction('S3:get*', 's3:GetObject')).toBe(true);
    expect(matchAction('iam:*', 's3:GetObject')).toBe(false);
    expect(matchAction('*', 'ec2:RunInstances')).toBe(true);
    expect(matchAction(new Unknown('!Ref ActionParam'), 's3:GetObject')).toBe('unknown');
  });
});

describe('ARNs', () => {
  it('parses the six segments, keeping colons in the resource', () => {
    expect(parseArn('arn:aws:lambda:eu-west-1:111122223333:function:orders:live')).toEqual({
      partition: 'aws',
      service: 'lambda',
      region: 'eu-west-1',
      account: '111122223333',
      resource: 'function:orders:live',
    });
    expect(parseArn('arn:aws:s3:::bucket/key')?.account).toBe('');
    expect(parseArn('not-an-arn')).toBeUndefined();
  });

  it('matches segment-wise and case-sensitively', () => {
    expect(matchArn('arn:aws:s3:::shop-assets/*', 'arn:aws:s3:::shop-assets/img/logo.png')).toBe(true);
    expect(matchArn('arn:aws:s3:::shop-assets/*', 'arn:aws:s3:::Shop-Assets/img/logo.png')).toBe(false);
    expect(matchArn('arn:aws:s3:::shop-assets', 'arn:aws:s3:::shop-assets/x')).toBe(false);
    // a * in the region segment does not swallow the account segment
    expect(matchArn('arn:aws:dynamodb:*:111122223333:table/Orders', 'arn:aws:dynamodb:eu-west-1:111122223333:table/Orders')).toBe(true);
    expect(matchArn('arn:aws:dynamodb:*:111122223333:table/Orders', 'arn:aws:dynamodb:eu-west-1:444455556666:table/Orders')).toBe(false);
    expect(matchArn('arn:aws:lambda:*:*:function:*', 'arn:aws:lambda:us-east-1:1:function:f:alias')).toBe(true);
    expect(matchArn('*', 'anything')).toBe(true);
    expect(matchArn(new Unknown('aws_s3_bucket.b.arn'), 'arn:aws:s3:::b')).toBe('unknown');
  });

  it('resolves policy variables from the context, unknown when missing', () => {
    const arn = 'arn:aws:iam::111122223333:user/bob';
    expect(matchArn('arn:aws:iam::111122223333:user/${aws:username}', arn, { 'aws:username': 'bob' })).toBe(true);
    expect(matchArn('arn:aws:iam::111122223333:user/${aws:username}', arn, { 'aws:username': 'alice' })).toBe(false);
    expect(matchArn('arn:aws:iam::111122223333:user/${aws:username}', arn, {})).toBe('unknown');
    expect(matchArn("arn:aws:s3:::home/${aws:userid, 'anon'}/*", 'arn:aws:s3:::home/anon/x', {})).toBe(true);
    // a substituted value is literal: a * in the value does not act as a wildcard
    expect(matchArn('arn:aws:s3:::home/${aws:username}', 'arn:aws:s3:::home/bob', { 'aws:username': '*' })).toBe(false);
    expect(resolvePolicyVariables('home/${aws:username}/${*}', { 'AWS:UserName': 'bob' })).toBe('home/bob/*');
    expect(resolvePolicyVariables('home/${aws:username}', {})).toBeInstanceOf(Unknown);
    const re = compilePattern('a${?}b');
    expect(re instanceof RegExp && re.test('a?b') && !re.test('axb')).toBe(true);
  });
});

describe('tri-state logic', () => {
  it('and/or/not', () => {
    expect(and3(true, 'unknown')).toBe('unknown');
    expect(and3('unknown', false)).toBe(false);
    expect(or3(false, 'unknown')).toBe('unknown');
    expect(or3('unknown', true)).toBe(true);
    expect(or3()).toBe(false);
    expect(and3()).toBe(true);
    expect(not3('unknown')).toBe('unknown');
  });
});
