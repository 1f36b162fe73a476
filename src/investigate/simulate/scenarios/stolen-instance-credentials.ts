/**
 * `stolen-instance-credentials`: the temporary credentials of an EC2 instance role (taken
 * from the instance metadata service, e.g. through SSRF) are used from outside AWS while
 * the instance keeps using them from its NAT address. The attacker's calls carry the
 * instance's session (`sessionContext.ec2RoleDelivery`, session name = instance id) but an
 * external IP and a different user agent: recon, bucket listing, object reads on sensitive
 * buckets and a secret read. Compare GuardDuty's
 * `UnauthorizedAccess:IAMUser/InstanceCredentialExfiltration.OutsideAWS`
 * (https://docs.aws.amazon.com/guardduty/latest/ug/guardduty_finding-types-iam.html).
 */
import { roleSessionAt } from '../background.js';
import type { ContainmentStep, ScenarioContext, ScenarioModule, StepInput } from './context.js';

interface StolenData {
  victimPrincipal: string;
  ips: { external: string };
  userAgents: { cli: string };
  sensitiveBuckets: string[];
  secretArn: string;
  deniedSecretArn: string;
}

const SECOND = 1000;

export const stolenInstanceCredentials: ScenarioModule = {
  name: 'stolen-instance-credentials',
  description:
    'Temporary credentials of an EC2 instance role are used from an external IP: reconnaissance, S3 listing and object reads on sensitive buckets, and secret reads, while the instance keeps using the same credentials.',
  run(ctx: ScenarioContext) {
    const d = ctx.data as unknown as StolenData;
    const p = ctx.principal(d.victimPrincipal);
    const region = p.regions.items[0] ?? 'us-east-1';
    const session = roleSessionAt(ctx.world, p, ctx.at, region);
    const prng = ctx.prng;
    let t = 0;
    const step = (s: Partial<StepInput> = {}): StepInput => ({ actor: session.actor, after: t, region, ip: d.ips.external, userAgent: d.userAgents.cli, ...s });
    const roleArn = `arn:aws:iam::${ctx.account}:role/${p.roleName}`;

    ctx.emit('sts:GetCallerIdentity', step());
    const recon: [string, boolean, Record<string, unknown>?][] = [
      ['iam:ListRoles', true],
      ['iam:ListAttachedRolePolicies', true, { iamRole: p.roleName }],
      ['iam:GetRole', true, { iamRole: p.roleName }],
      ['ec2:DescribeInstances', true],
      ['secretsmanager:ListSecrets', true],
      ['s3:ListBuckets', false],
    ];
    for (const [key, denied, overrides] of recon) {
      t += prng.int(2, 15) * SECOND;
      ctx.emit(key, step({ denied, overrides }));
    }
    const [readable, forbidden] = d.sensitiveBuckets;
    t += prng.int(20, 60) * SECOND;
    if (forbidden) ctx.emit('s3:ListObjects', step({ denied: true, overrides: { bucket: forbidden, prefix: '' } }));
    t += prng.int(5, 20) * SECOND;
    if (readable) {
      ctx.emit('s3:ListObjects', step({ overrides: { bucket: readable, prefix: 'uploads/' } }));
      const reads = prng.int(20, 35);
      for (let i = 0; i < reads; i++) {
        t += prng.int(400, 3000);
        ctx.emit('s3:GetObject', step({ overrides: { bucket: readable, objectKey: `uploads/${prng.uuid()}.png` } }));
      }
    }
    t += prng.int(30, 120) * SECOND;
    ctx.emit('secretsmanager:GetSecretValue', step({ overrides: { secretArn: d.secretArn } }));
    t += prng.int(3, 10) * SECOND;
    ctx.emit('secretsmanager:GetSecretValue', step({ denied: true, overrides: { secretArn: d.deniedSecretArn } }));

    const instanceId = session.sessionName;
    const containment: ContainmentStep[] = [
      { action: 'revoke-role-sessions', target: roleArn },
      { action: 'isolate-instance', target: instanceId, region },
      { action: 'rotate-secret', target: d.secretArn, region: d.secretArn.split(':')[3] },
      { action: 'enforce-imdsv2', target: instanceId, region },
    ];
    return { compromised: { accessKeyId: session.accessKeyId, principal: session.actor.arn }, createdResources: [], expectedContainment: containment };
  },
};
