/**
 * `leaked-access-key`: a service user's long-term key (AKIA) leaks and is used from an
 * unfamiliar host: GetCallerIdentity, a recon burst with some AccessDenied, a session
 * token, a backdoor user with its own key and AdministratorAccess, a role trusting the
 * attacker's account (then assumed from it), GPU instances in a region the account never
 * uses (first attempt over the vCPU quota), and a StopLogging refused by an SCP.
 * The pattern follows public incident write-ups of leaked keys (e.g. the AWS Customer
 * Incident Response Team playbooks, https://github.com/aws-samples/aws-customer-playbook-framework).
 */
import { assumedRole, iamUser, otherAccount } from '../identity.js';
import type { ContainmentStep, CreatedResource, ScenarioContext, ScenarioModule, StepInput } from './context.js';

interface GpuAttempt {
  instanceType: string;
  count: number;
  error?: { code: string; message: string };
}

interface LeakedKeyData {
  victimPrincipal: string;
  outsideAccount: string;
  ips: { recon: string; operator: string };
  userAgents: { recon: string; cli: string };
  backdoorUser: string;
  backdoorRole: string;
  keyPair: string;
  gpu: { region: string; imageId: string; attempts: GpuAttempt[] };
}

const ADMIN = 'arn:aws:iam::aws:policy/AdministratorAccess';
const SECOND = 1000;
const MINUTE = 60 * SECOND;

/** Recon calls of the first minutes: [api, denied?, region?]. */
const RECON: [string, boolean, string?][] = [
  ['iam:GetUser', false],
  ['iam:ListAttachedUserPolicies', false],
  ['iam:ListUsers', false],
  ['iam:ListRoles', false],
  ['iam:ListPolicies', false],
  ['iam:ListGroups', false],
  ['iam:GetAccountAuthorizationDetails', true],
  ['iam:GetAccountSummary', false],
  ['s3:ListBuckets', false],
  ['ec2:DescribeRegions', false],
  ['ec2:DescribeInstances', false, 'us-east-1'],
  ['ec2:DescribeInstances', false, 'us-east-2'],
  ['ec2:DescribeInstances', false, 'us-west-1'],
  ['ec2:DescribeInstances', false, 'us-west-2'],
  ['ec2:DescribeInstances', false, 'eu-west-1'],
  ['ec2:DescribeInstances', false, 'eu-central-1'],
  ['ec2:DescribeInstances', false, 'ap-southeast-1'],
  ['ec2:DescribeSecurityGroups', false],
  ['ec2:DescribeVpcs', false],
  ['ec2:DescribeKeyPairs', false],
  ['ec2:DescribeAccountAttributes', false],
  ['secretsmanager:ListSecrets', true],
  ['dynamodb:ListTables', true],
  ['lambda:ListFunctions20150331', true],
  ['cloudtrail:DescribeTrails', false],
  ['cloudtrail:GetTrailStatus', false],
  ['cloudwatch:DescribeAlarms', true],
  ['kms:ListKeys', true],
];

export const leakedAccessKey: ScenarioModule = {
  name: 'leaked-access-key',
  description:
    'A long-term access key of a service user is used from an unfamiliar host: reconnaissance, a backdoor IAM user with its own key and AdministratorAccess, a role trusting an outside account, GPU instances in an unused region, and a refused StopLogging.',
  run(ctx: ScenarioContext) {
    const d = ctx.data as unknown as LeakedKeyData;
    const victim = ctx.principal(d.victimPrincipal);
    const account = ctx.account;
    const trailArn = `arn:aws:cloudtrail:${ctx.world.profile.trail.homeRegion}:${account}:trail/${ctx.world.profile.trail.name}`;
    const leakedKey = victim.accessKeyId as string;
    const leaked = iamUser(account, victim.userName as string, victim.principalId, leakedKey);
    const prng = ctx.prng;
    const home = 'us-east-1';
    let t = 0;
    const step = (s: Partial<StepInput> & Pick<StepInput, 'actor'>): StepInput => ({ after: t, region: home, ip: d.ips.recon, userAgent: d.userAgents.recon, ...s });

    // 1. Who am I, then a recon burst a second or two apart.
    ctx.emit('sts:GetCallerIdentity', step({ actor: leaked }));
    t += prng.int(20, 90) * SECOND;
    for (const [key, denied, region] of RECON) {
      ctx.emit(key, step({ actor: leaked, region: region ?? home, denied, overrides: { iamUser: victim.userName, trailArn } }));
      t += prng.int(300, 2500);
    }

    // 2. A session token: temporary credentials that outlive a key deactivation.
    t += prng.int(2, 5) * MINUTE;
    const sessionKey = ctx.newId('ASIA');
    const sessionStart = ctx.at + t;
    ctx.emit('sts:GetSessionToken', step({ actor: leaked, overrides: { mintedKey: sessionKey } }));
    const session = iamUser(account, victim.userName as string, victim.principalId, sessionKey, { creationMs: sessionStart, mfa: false });
    t += prng.int(5, 20) * SECOND;
    ctx.emit('sts:GetCallerIdentity', step({ actor: session }));
    t += prng.int(1, 4) * SECOND;
    ctx.emit('s3:ListBuckets', step({ actor: session }));

    // 3. Persistence: a backdoor user with a key and AdministratorAccess (the CLI this time).
    t += prng.int(3, 8) * MINUTE;
    const backdoorKey = ctx.newId('AKIA');
    const backdoorId = ctx.newId('AIDA');
    const backdoorArn = `arn:aws:iam::${account}:user/${d.backdoorUser}`;
    const persist = { newUserName: d.backdoorUser, newUserId: backdoorId, newAccessKeyId: backdoorKey, policyArn: ADMIN };
    ctx.emit('iam:CreateUser', step({ actor: leaked, userAgent: d.userAgents.cli, overrides: persist }));
    t += prng.int(2, 6) * SECOND;
    ctx.emit('iam:CreateAccessKey', step({ actor: leaked, userAgent: d.userAgents.cli, overrides: persist }));
    t += prng.int(2, 6) * SECOND;
    ctx.emit('iam:AttachUserPolicy', step({ actor: leaked, userAgent: d.userAgents.cli, overrides: persist }));

    // 4. The backdoor key from a second host: a role trusting the attacker's account.
    t += prng.int(6, 15) * MINUTE;
    const backdoor = iamUser(account, d.backdoorUser, backdoorId, backdoorKey);
    const op = (s: Partial<StepInput>) => step({ actor: backdoor, ip: d.ips.operator, userAgent: d.userAgents.cli, ...s });
    ctx.emit('sts:GetCallerIdentity', op({}));
    t += prng.int(10, 40) * SECOND;
    const roleId = ctx.newId('AROA');
    const roleArn = `arn:aws:iam::${account}:role/${d.backdoorRole}`;
    const trust = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${d.outsideAccount}:root` }, Action: 'sts:AssumeRole' }] });
    const role = { newRoleName: d.backdoorRole, newRoleId: roleId, trustPolicy: trust, trustPolicyEncoded: encodeURIComponent(trust), roleDescription: 'Support operations', policyArn: ADMIN };
    ctx.emit('iam:CreateRole', op({ overrides: role }));
    t += prng.int(2, 6) * SECOND;
    ctx.emit('iam:AttachRolePolicy', op({ overrides: role }));

    // 5. Defense evasion, refused by an organisation SCP.
    t += prng.int(1, 3) * MINUTE;
    ctx.emit('cloudtrail:DescribeTrails', op({}));
    t += prng.int(3, 10) * SECOND;
    ctx.emit(
      'cloudtrail:StopLogging',
      op({
        overrides: { trailArn },
        error: { code: 'AccessDenied', message: `User: ${backdoorArn} is not authorized to perform: cloudtrail:StopLogging on resource: ${trailArn} with an explicit deny in a service control policy` },
      }),
    );

    // 6. The outside account assumes the backdoor role and launches GPU instances far away.
    t += prng.int(4, 12) * MINUTE;
    const outside = otherAccount(d.outsideAccount, ctx.newId('AIDA'));
    const roleKey = ctx.newId('ASIA');
    const roleSession = 'ops';
    const roleStart = ctx.at + t;
    ctx.emit('sts:AssumeRole', {
      actor: outside,
      after: t,
      region: home,
      ip: d.ips.operator,
      userAgent: d.userAgents.cli,
      overrides: { targetRoleArn: roleArn, targetRoleId: roleId, targetSessionName: roleSession, targetSessionArn: `arn:aws:sts::${account}:assumed-role/${d.backdoorRole}/${roleSession}`, mintedKey: roleKey },
    });
    const asRole = assumedRole({ account, roleName: d.backdoorRole, roleId, sessionName: roleSession, accessKeyId: roleKey, creationMs: roleStart });
    const gpu = d.gpu;
    const inGpu = (s: Partial<StepInput>) => step({ actor: asRole, ip: d.ips.operator, userAgent: d.userAgents.cli, region: gpu.region, ...s });
    t += prng.int(20, 60) * SECOND;
    ctx.emit('ec2:DescribeImages', inGpu({}));
    t += prng.int(5, 20) * SECOND;
    ctx.emit('ec2:CreateKeyPair', inGpu({ overrides: { keyName: d.keyPair, fingerprint: prng.hex(40).replace(/(..)(?!$)/g, '$1:') } }));
    const created: CreatedResource[] = [
      { type: 'AWS::IAM::User', id: d.backdoorUser, arn: backdoorArn },
      { type: 'AWS::IAM::AccessKey', id: backdoorKey, arn: backdoorArn },
      { type: 'AWS::IAM::Role', id: d.backdoorRole, arn: roleArn },
      { type: 'AWS::EC2::KeyPair', id: d.keyPair, region: gpu.region },
    ];
    const instances: string[] = [];
    for (const attempt of gpu.attempts) {
      t += prng.int(10, 45) * SECOND;
      const ids = attempt.error ? [] : Array.from({ length: attempt.count }, () => 'i-0' + prng.hex(16));
      const instancesSet = {
        items: ids.map((instanceId, amiLaunchIndex) => ({ instanceId, imageId: gpu.imageId, instanceState: { code: 0, name: 'pending' }, amiLaunchIndex, instanceType: attempt.instanceType, keyName: d.keyPair, placement: { availabilityZone: `${gpu.region}a`, tenancy: 'default' }, monitoring: { state: 'disabled' } })),
      };
      ctx.emit('ec2:RunInstances', inGpu({ overrides: { imageId: gpu.imageId, instanceCount: attempt.count, keyName: d.keyPair, instanceType: attempt.instanceType, instancesSet }, error: attempt.error }));
      for (const id of ids) {
        instances.push(id);
        created.push({ type: 'AWS::EC2::Instance', id, arn: `arn:aws:ec2:${gpu.region}:${account}:instance/${id}`, region: gpu.region });
      }
    }
    t += prng.int(30, 90) * SECOND;
    ctx.emit('ec2:DescribeInstances', inGpu({}));

    const victimArn = `arn:aws:iam::${account}:user/${victim.userName}`;
    const containment: ContainmentStep[] = [
      { action: 'deactivate-access-key', target: leakedKey, detail: victim.userName },
      { action: 'revoke-user-sessions', target: victimArn },
      { action: 'deactivate-access-key', target: backdoorKey, detail: d.backdoorUser },
      { action: 'revoke-role-sessions', target: roleArn },
      { action: 'terminate-instances', target: instances.join(' '), region: gpu.region },
      { action: 'delete-key-pair', target: d.keyPair, region: gpu.region },
      { action: 'delete-access-key', target: backdoorKey, detail: d.backdoorUser },
      { action: 'detach-user-policy', target: backdoorArn, detail: ADMIN },
      { action: 'delete-user', target: backdoorArn },
      { action: 'detach-role-policy', target: roleArn, detail: ADMIN },
      { action: 'delete-role', target: roleArn },
      { action: 'verify-trail-logging', target: trailArn },
      { action: 'review-access-keys', target: `arn:aws:iam::${account}:root` },
      { action: 'rotate-access-key', target: leakedKey, detail: victim.userName },
    ];
    return { compromised: { accessKeyId: leakedKey, principal: victimArn }, createdResources: created, expectedContainment: containment };
  },
};
