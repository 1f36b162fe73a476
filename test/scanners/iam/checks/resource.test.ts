import { describe, expect, it } from 'vitest';
import { checkPolicy } from '../../../../src/scanners/iam/checks/check.js';
import type { IamIssue } from '../../../../src/scanners/iam/checks/issue.js';
import { type JsonStatement, policy, unresolved } from './policies.js';

const resourcePolicy = (statement: JsonStatement, name = 'arn:aws:s3:::app-assets'): IamIssue[] => checkPolicy(policy('resource', [statement], name));
const ids = (issues: IamIssue[]): string[] => issues.map((i) => i.ruleId);

describe('iam.resource-policy-public', () => {
  it('reports an S3 bucket policy open to "*" as high, naming the actions', () => {
    const issues = resourcePolicy({ Sid: 'PublicRead', Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::app-assets/*' });
    expect(ids(issues)).toEqual(['iam.resource-policy-public']);
    expect(issues[0]).toMatchObject({ severity: 'high', sid: 'PublicRead', details: { actions: ['s3:GetObject'], conditions: [] } });
    expect(issues[0]!.message).toContain('arn:aws:s3:::app-assets');
  });

  it('reports {"AWS": "*"} on an SQS queue and NotPrincipal on a KMS key', () => {
    expect(ids(resourcePolicy({ Effect: 'Allow', Principal: { AWS: '*' }, Action: 'sqs:SendMessage', Resource: 'arn:aws:sqs:us-east-1:123456789012:q' }, 'orders-queue'))).toEqual([
      'iam.resource-policy-public',
    ]);
    expect(ids(resourcePolicy({ Effect: 'Allow', NotPrincipal: { AWS: 'arn:aws:iam::123456789012:root' }, Action: 'kms:Decrypt', Resource: '*' }, 'key'))).toEqual([
      'iam.resource-policy-public',
    ]);
  });

  it('reports "*" whose only conditions do not restrict the caller', () => {
    const issues = resourcePolicy({
      Effect: 'Allow',
      Principal: '*',
      Action: 'sns:Publish',
      Resource: 'arn:aws:sns:us-east-1:123456789012:alerts',
      Condition: { Bool: { 'aws:SecureTransport': 'true' }, ArnLikeIfExists: { 'aws:SourceArn': 'arn:aws:s3:::uploads' } },
    });
    expect(ids(issues)).toEqual(['iam.resource-policy-public']);
    expect(issues[0]!.details.conditions).toEqual(['Bool aws:SecureTransport', 'ArnLikeIfExists aws:SourceArn']);
    // A source ARN that matches every ARN restricts nothing.
    expect(ids(resourcePolicy({ Effect: 'Allow', Principal: '*', Action: 'sqs:SendMessage', Condition: { ArnLike: { 'aws:SourceArn': 'arn:aws:*:*:*:*' } } }))).toEqual([
      'iam.resource-policy-public',
    ]);
  });

  it('does not report "*" restricted by source ARN, source account, organization, VPC endpoint or KMS caller account', () => {
    const open = { Effect: 'Allow', Principal: '*', Action: 'sqs:SendMessage', Resource: 'arn:aws:sqs:us-east-1:123456789012:q' };
    const conditions: JsonStatement[] = [
      { ArnEquals: { 'aws:SourceArn': 'arn:aws:sns:us-east-1:123456789012:orders' } },
      { StringEquals: { 'aws:SourceAccount': '123456789012' } },
      { StringEquals: { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' } },
      { StringEquals: { 'aws:sourcevpce': 'vpce-1a2b3c4d' } },
      { StringEquals: { 'kms:CallerAccount': '123456789012' } },
      { StringEquals: { 'aws:SourceAccount': unresolved('!Ref AWS::AccountId') } },
    ];
    for (const condition of conditions) {
      expect(resourcePolicy({ ...open, Condition: condition })).toEqual([]);
    }
  });

  it('does not report named principals, service principals or Deny statements', () => {
    expect(resourcePolicy({ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::123456789012:role/app' }, Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*' })).toEqual([]);
    expect(resourcePolicy({ Effect: 'Allow', Principal: { Service: 'cloudfront.amazonaws.com' }, Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*' })).toEqual([]);
    expect(resourcePolicy({ Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: 'arn:aws:s3:::b/*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })).toEqual([]);
  });

  it('does not run identity checks on resource policies', () => {
    expect(resourcePolicy({ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::123456789012:root' }, Action: '*', Resource: '*' })).toEqual([]);
  });
});
