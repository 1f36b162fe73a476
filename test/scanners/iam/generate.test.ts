import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { type CloudTrailEvent, normaliseCloudTrailRecord, parseCloudTrailText, readCloudTrail } from '../../../src/core/cloudtrail.js';
import { type ActionCatalog, loadActionCatalog } from '../../../src/scanners/iam/actions.js';
import { EVENT_MAPPING, actionForEvent, eventMatchesPrincipal, generatePolicy, parameterValues } from '../../../src/scanners/iam/generate.js';

const DATA = 'test/fixtures/cloudtrail/stratus-red-team';
const events = (technique: string): CloudTrailEvent[] => parseCloudTrailText(readFileSync(join(DATA, `aws.${technique}.json`), 'utf8')).events;
let catalog: ActionCatalog;
beforeAll(async () => {
  catalog = await loadActionCatalog();
});

describe('principal matching', () => {
  const [session] = events('credential-access.ec2-get-password-data');
  it('matches an assumed-role session to its role, with or without a path', () => {
    expect(eventMatchesPrincipal(session!, 'arn:aws:iam::457448411975:role/stratus-red-team-ec2-get-password-data-role')).toBe(true);
    expect(eventMatchesPrincipal(session!, 'arn:aws:iam::457448411975:role/some/path/stratus-red-team-ec2-get-password-data-role')).toBe(true);
    expect(eventMatchesPrincipal(session!, 'arn:aws:sts::457448411975:assumed-role/stratus-red-team-ec2-get-password-data-role')).toBe(true);
    expect(eventMatchesPrincipal(session!, 'arn:aws:iam::457448411975:role/other-role')).toBe(false);
    expect(eventMatchesPrincipal(session!, 'arn:aws:iam::999999999999:role/stratus-red-team-ec2-get-password-data-role')).toBe(false);
    expect(eventMatchesPrincipal(session!, 'arn:aws:iam::457448411975:user/christophe')).toBe(false);
  });
});

describe('event → action', () => {
  const at = (eventSource: string, eventName: string) =>
    actionForEvent(normaliseCloudTrailRecord({ eventTime: '2026-01-01T00:00:00Z', eventSource, eventName })!, catalog);
  it('maps endpoint names, version suffixes and renamed S3 operations', () => {
    expect(at('monitoring.amazonaws.com', 'PutMetricData')).toMatchObject({ action: 'cloudwatch:PutMetricData' });
    expect(at('email.amazonaws.com', 'SendEmail')).toMatchObject({ action: 'ses:SendEmail' });
    expect(at('lambda.amazonaws.com', 'UpdateFunctionCode20150331v2')).toMatchObject({ action: 'lambda:UpdateFunctionCode' });
    expect(at('s3.amazonaws.com', 'ListBuckets')).toMatchObject({ action: 's3:ListAllMyBuckets' });
    expect(at('s3.amazonaws.com', 'HeadObject')).toMatchObject({ action: 's3:GetObject' });
    expect(at('s3.amazonaws.com', 'PutBucketCors')).toMatchObject({ action: 's3:PutBucketCORS' });
    expect(at('apigateway.amazonaws.com', 'CreateRestApi')).toEqual({ reason: expect.stringMatching(/HTTP verbs/) });
    expect(at('nothing.amazonaws.com', 'Do')).toEqual({ reason: 'no IAM service prefix for event source nothing.amazonaws.com' });
    expect(at('s3.amazonaws.com', 'Teleport')).toEqual({ reason: 'no IAM action s3:Teleport in the catalog' });
  });

  it('every exception in the data file names a real service and action', () => {
    for (const prefix of Object.values(EVENT_MAPPING.servicePrefixes)) expect(catalog.hasService(prefix), prefix).toBe(true);
    for (const [service, names] of Object.entries(EVENT_MAPPING.actionNames))
      for (const action of Object.values(names)) expect(catalog.lookup(`${service}:${action}`), `${service}:${action}`).toBeDefined();
    for (const [service, params] of Object.entries(EVENT_MAPPING.resourceParameters)) {
      const formats = catalog
        .services()
        .filter((s) => s === service)
        .flatMap(() => [...new Set(catalog.expand(`${service}:*`).actions.flatMap((a) => a.resourceTypes))].map((t) => catalog.arnFormat(service, t) ?? ''));
      for (const target of Object.values(params)) expect(formats.join(' '), `${service} ${target}`).toContain(`\${${target.split(':').pop()}}`);
    }
  });

  it('reads nested request parameters', () => {
    expect(parameterValues({ instancesSet: { items: [{ instanceId: 'i-1' }, { instanceId: 'i-2' }] } }, 'instancesSet.items.instanceId')).toEqual(['i-1', 'i-2']);
    expect(parameterValues({ names: ['/a', '/b', 3] }, 'names')).toEqual(['/a', '/b']);
    expect(parameterValues(null, 'x')).toEqual([]);
  });
});

describe('generatePolicy on real Stratus Red Team recordings', () => {
  it('AccessDenied calls are listed apart, never granted', async () => {
    const result = await generatePolicy(events('credential-access.ec2-get-password-data'), 'arn:aws:iam::457448411975:role/stratus-red-team-ec2-get-password-data-role', { catalog });
    expect(result.matchedEvents).toBe(30);
    expect(result.actions).toEqual([]);
    expect(result.policy.Statement).toEqual([]);
    expect(result.denied).toEqual([{ action: 'ec2:GetPasswordData', count: 30, resources: expect.arrayContaining(['arn:aws:ec2:apiso-northsouth-3r:457448411975:instance/i-i2jnm5swa59p4fxg']) }]);

    const user = await generatePolicy(events('credential-access.ec2-get-password-data'), 'arn:aws:iam::457448411975:user/christophe', { catalog });
    expect(user.actions).toEqual([{ action: 'sts:AssumeRole', count: 2, resources: ['arn:aws:iam::457448411975:role/stratus-red-team-ec2-get-password-data-role'] }]);
    expect(user.denied.map((d) => [d.action, d.count])).toEqual([['sts:AssumeRole', 2]]);
  });

  it('narrows IAM actions to the users named in the requests', async () => {
    const result = await generatePolicy(events('persistence.iam-create-admin-user'), 'arn:aws:iam::229654561268:user/christophe', { catalog });
    const user = 'arn:aws:iam::229654561268:user/malicious-iam-user';
    expect(result.actions).toEqual([
      { action: 'iam:AttachUserPolicy', count: 1, resources: [user] },
      { action: 'iam:CreateAccessKey', count: 1, resources: [user] },
      { action: 'iam:CreateUser', count: 1, resources: [user] },
    ]);
    expect(result.policy).toEqual({
      Version: '2012-10-17',
      Statement: [{ Sid: 'IamScoped', Effect: 'Allow', Action: ['iam:AttachUserPolicy', 'iam:CreateAccessKey', 'iam:CreateUser'], Resource: user }],
    });
  });

  it('uses ARNs given as parameters, SSM parameter names, and * for list actions', async () => {
    const secrets = await generatePolicy(events('credential-access.secretsmanager-retrieve-secrets'), 'arn:aws:iam::903144391865:user/christophe', { catalog });
    const get = secrets.actions.find((a) => a.action === 'secretsmanager:GetSecretValue')!;
    expect(get.count).toBe(20);
    expect(get.resources).toHaveLength(20);
    expect(get.resources.every((r) => r.startsWith('arn:aws:secretsmanager:cn-centraleast-1r:903144391865:secret:stratus-red-team-retrieve-secret-'))).toBe(true);
    expect(secrets.actions.find((a) => a.action === 'secretsmanager:ListSecrets')!.resources).toEqual(['*']);
    expect(secrets.policy.Statement.map((s) => s.Sid)).toEqual(['SecretsmanagerScoped', 'SecretsmanagerAll']);

    const ssm = await generatePolicy(events('credential-access.ssm-retrieve-securestring-parameters'), 'arn:aws:iam::933175858973:user/christophe', { catalog });
    const params = ssm.actions.find((a) => a.action === 'ssm:GetParameters')!;
    expect(params.resources).toContain('arn:aws:ssm:cn-west-3r:933175858973:parameter/credentials/stratus-red-team/credentials-1');
    expect(params.resources.every((r) => r.startsWith('arn:aws:ssm:cn-west-3r:933175858973:parameter/credentials/'))).toBe(true);
    expect(ssm.actions.find((a) => a.action === 'ssm:DescribeParameters')!.resources).toEqual(['*']);
  });

  it('Lambda version suffixes, EC2 instance sets and Bedrock models', async () => {
    const lambda = await generatePolicy(events('persistence.lambda-overwrite-code'), 'arn:aws:iam::266106314375:user/christophe', { catalog });
    expect(lambda.actions).toEqual([{ action: 'lambda:UpdateFunctionCode', count: 1, resources: [expect.stringMatching(/^arn:aws:lambda:ap-westeast-2r:266106314375:function:stratus-red-team-olc-func-/)] }]);

    const ec2 = await generatePolicy(events('execution.ec2-user-data'), 'arn:aws:iam::309303190113:user/christophe', { catalog });
    const instance = 'arn:aws:ec2:ca-northsouth-2r:309303190113:instance/i-DDd6c7B0e18F0E35f';
    expect(ec2.actions).toEqual([
      { action: 'ec2:DescribeInstances', count: 32, resources: ['*'] },
      { action: 'ec2:ModifyInstanceAttribute', count: 1, resources: [instance] },
      { action: 'ec2:StartInstances', count: 1, resources: [instance] },
      { action: 'ec2:StopInstances', count: 1, resources: [instance] },
    ]);

    const bedrock = await generatePolicy(events('impact.bedrock-invoke-model'), 'arn:aws:iam::494659789341:role/test-role', { catalog });
    expect(bedrock.actions.find((a) => a.action === 'bedrock:InvokeModel')!.resources).toEqual([
      'arn:aws:bedrock:megov-northeast-1r::foundation-model/anthropic.claude-3-sonnet-20240229-v1:0',
    ]);
  });

  it('console sign-in is skipped with a reason; other principals are ignored; reads a stream', async () => {
    const login = await generatePolicy(events('initial-access.console-login-without-mfa'), 'arn:aws:iam::562283505220:user/stratus-red-team-nmfalu-jfzdtsvchl', { catalog });
    expect(login.actions).toEqual([]);
    expect(login.skipped).toEqual([{ eventID: expect.any(String), eventSource: 'signin.amazonaws.com', eventName: 'ConsoleLogin', reason: expect.stringMatching(/AwsConsoleSignIn|sign-in/) }]);

    const all = await generatePolicy(readCloudTrail(DATA), 'arn:aws:iam::143434273843:user/christophe', { catalog });
    expect(all.matchedEvents).toBe(1);
    expect(all.actions).toEqual([{ action: 'cloudtrail:StopLogging', count: 1, resources: ['arn:aws:cloudtrail:apiso-centralnorth-2r:143434273843:trail/stratus-red-team-ct-stop-trail-buykxbqejv'] }]);
  });
});
