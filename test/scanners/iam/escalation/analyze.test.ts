/**
 * Escalation analysis against the real evaluation engine: the oracle is evaluate() bound
 * to the principal under test, and policies go through the real parser.
 */
import { describe, expect, it } from 'vitest';
import { evaluate } from '../../../../src/scanners/iam/evaluate.js';
import { ESCALATION_CATALOG, type EscalationMethod } from '../../../../src/scanners/iam/escalation/catalog.js';
import { type EscalationPath, type Oracle, findEscalationPaths, probeArn, probeTarget } from '../../../../src/scanners/iam/escalation/analyze.js';
import type { IamPrincipal, PrincipalType } from '../../../../src/scanners/iam/model.js';
import { type JsonStatement, policy, unresolved } from '../checks/policies.js';

const ACCOUNT = '123456789012';

function principal(type: PrincipalType, statements: JsonStatement[], name = 'app'): IamPrincipal {
  return {
    id: `${type}/${name}`,
    type,
    name,
    arn: `arn:aws:iam::${ACCOUNT}:${type}/${name}`,
    accountId: ACCOUNT,
    identityPolicies: [policy('identity', statements, `${name}-policy`)],
    source: { path: 'infra/iam.yml', line: 4 },
  };
}

const oracleFor = (p: IamPrincipal): Oracle => (request) => evaluate(p, request);
const paths = (p: IamPrincipal): EscalationPath[] => findEscalationPaths(p, oracleFor(p));
const methodIds = (found: EscalationPath[]): string[] => found.map((path) => path.method.id);
const method = (id: string): EscalationMethod => ESCALATION_CATALOG.methods.find((m) => m.id === id)!;
const actionsOf = (m: EscalationMethod): string[] => [...new Set(m.permissions.map((p) => p.action))];
const typeFor = (m: EscalationMethod): PrincipalType => m.principalTypes?.[0] ?? 'role';

/** Methods whose every action is in `granted` and that apply to `type`: what a grant of exactly those actions on "*" enables. */
const enabledBy = (granted: readonly string[], type: PrincipalType): string[] =>
  ESCALATION_CATALOG.methods.filter((m) => (!m.principalTypes || m.principalTypes.includes(type)) && actionsOf(m).every((a) => granted.includes(a))).map((m) => m.id);

describe('findEscalationPaths: every catalog method', () => {
  it.each(ESCALATION_CATALOG.methods.map((m) => [m.id, m] as const))('%s: its permissions on "*" enable it (confirmed)', (_, m) => {
    const granted = actionsOf(m);
    const found = paths(principal(typeFor(m), [{ Sid: 'Grant', Effect: 'Allow', Action: granted, Resource: '*' }]));
    expect(methodIds(found)).toEqual(enabledBy(granted, typeFor(m)));
    const path = found.find((p) => p.method.id === m.id)!;
    expect(path.status).toBe('confirmed');
    expect(path.severity).toBe(m.severity);
    expect(path.permissions.every((p) => p.decision === 'allowed' && p.grantedBy[0]?.sid === 'Grant')).toBe(true);
    expect(path.stop).toBe(m.stop);
  });

  it.each(ESCALATION_CATALOG.methods.map((m) => [m.id, m] as const))('%s: the same actions on one named resource do not enable it', (_, m) => {
    const found = paths(principal(typeFor(m), [{ Effect: 'Allow', Action: actionsOf(m), Resource: `arn:aws:iam::${ACCOUNT}:role/only-this-role` }]));
    expect(methodIds(found)).not.toContain(m.id);
  });

  it.each(ESCALATION_CATALOG.methods.filter((m) => actionsOf(m).length > 1).map((m) => [m.id, m] as const))('%s: missing one permission does not enable it', (_, m) => {
    const actions = actionsOf(m);
    for (const missing of actions) {
      const found = paths(principal(typeFor(m), [{ Effect: 'Allow', Action: actions.filter((a) => a !== missing), Resource: '*' }]));
      expect(methodIds(found)).not.toContain(m.id);
    }
  });
});

describe('findEscalationPaths: resource constraints and conditions', () => {
  it('iam-create-access-key: self-service on ${aws:username} does not reach other users', () => {
    const self = principal('user', [{ Effect: 'Allow', Action: ['iam:CreateAccessKey', 'iam:UpdateLoginProfile'], Resource: `arn:aws:iam::${ACCOUNT}:user/\${aws:username}` }], 'alice');
    expect(paths(self)).toEqual([]);
    const everyone = principal('user', [{ Effect: 'Allow', Action: 'iam:CreateAccessKey', Resource: `arn:aws:iam::${ACCOUNT}:user/*` }], 'alice');
    expect(methodIds(paths(everyone))).toEqual(['iam-create-access-key']);
  });

  it('iam-attach-user-policy: applies to users attaching to themselves, not to roles', () => {
    const grant = [{ Effect: 'Allow', Action: 'iam:AttachUserPolicy', Resource: `arn:aws:iam::${ACCOUNT}:user/bob` }];
    expect(methodIds(paths(principal('user', grant, 'bob')))).toEqual(['iam-attach-user-policy']);
    expect(paths(principal('user', grant, 'alice'))).toEqual([]);
    expect(paths(principal('role', [{ Effect: 'Allow', Action: 'iam:AttachUserPolicy', Resource: '*' }]))).toEqual([]);
  });

  it('iam-attach-role-policy-self: a role that may attach policies to itself', () => {
    const found = paths(principal('role', [{ Effect: 'Allow', Action: 'iam:AttachRolePolicy', Resource: `arn:aws:iam::${ACCOUNT}:role/app` }]));
    expect(methodIds(found)).toEqual(['iam-attach-role-policy-self']);
    expect(found[0]!.permissions[0]!.resource).toBe(`arn:aws:iam::${ACCOUNT}:role/app`);
  });

  it('lambda-create-invoke: an iam:PassedToService condition for another service stops it', () => {
    const statements = (service: string): JsonStatement[] => [
      { Effect: 'Allow', Action: 'iam:PassRole', Resource: '*', Condition: { StringEquals: { 'iam:PassedToService': service } } },
      { Effect: 'Allow', Action: ['lambda:CreateFunction', 'lambda:InvokeFunction', 'ec2:RunInstances'], Resource: '*' },
    ];
    expect(methodIds(paths(principal('role', statements('ecs-tasks.amazonaws.com'))))).not.toContain('lambda-create-invoke');
    expect(methodIds(paths(principal('role', statements('lambda.amazonaws.com'))))).toContain('lambda-create-invoke');
    expect(methodIds(paths(principal('role', statements('lambda.amazonaws.com'))))).not.toContain('ec2-run-instances');
  });

  it('an explicit Deny on one permission rules the method out', () => {
    const found = paths(
      principal('role', [
        { Effect: 'Allow', Action: ['iam:PassRole', 'ec2:RunInstances'], Resource: '*' },
        { Effect: 'Deny', Action: 'iam:PassRole', Resource: `arn:aws:iam::${ACCOUNT}:role/*` },
      ]),
    );
    expect(methodIds(found)).not.toContain('ec2-run-instances');
  });

  it('ssm-send-command needs both the instance and the shell document', () => {
    const instancesOnly = [{ Effect: 'Allow', Action: 'ssm:SendCommand', Resource: `arn:aws:ec2:*:${ACCOUNT}:instance/*` }];
    expect(methodIds(paths(principal('role', instancesOnly)))).toEqual([]);
    const both = [...instancesOnly, { Effect: 'Allow', Action: 'ssm:SendCommand', Resource: 'arn:aws:ssm:*::document/AWS-RunShellScript' }];
    expect(methodIds(paths(principal('role', both)))).toEqual(['ssm-send-command']);
  });

  it('a permissions boundary without IAM writes stops policy-editing methods', () => {
    const p = principal('role', [{ Effect: 'Allow', Action: ['iam:PutRolePolicy', 'iam:CreatePolicyVersion'], Resource: '*' }]);
    expect(methodIds(paths(p))).toEqual(['iam-create-policy-version', 'iam-put-role-policy-self']);
    p.boundary = policy('boundary', [{ Effect: 'Allow', Action: ['s3:*'], Resource: '*' }]);
    expect(paths(p)).toEqual([]);
  });
});

describe('findEscalationPaths: unknowns, administrators and oracles', () => {
  it('reports a path as possible, one level lower, when a permission is unknown and the others allowed', () => {
    const p = principal('role', [
      { Effect: 'Allow', Action: 'iam:PassRole', Resource: unresolved('!GetAtt DeployRole.Arn') },
      { Effect: 'Allow', Action: ['lambda:CreateFunction', 'lambda:InvokeFunction'], Resource: '*' },
    ]);
    const found = paths(p).find((path) => path.method.id === 'lambda-create-invoke')!;
    expect(found).toMatchObject({ status: 'possible', severity: 'medium' });
    expect(found.permissions.map((perm) => perm.decision)).toEqual(['unknown', 'allowed', 'allowed']);
  });

  it('does not report methods whose permissions are all unknown', () => {
    const p = principal('role', [{ Effect: 'Allow', Action: 'iam:CreatePolicyVersion', Resource: unresolved('!Ref ManagedPolicy') }]);
    expect(paths(p)).toEqual([]);
  });

  it('skips administrators unless asked, since every method would match', () => {
    const admin = principal('role', [{ Effect: 'Allow', Action: '*', Resource: '*' }]);
    expect(paths(admin)).toEqual([]);
    const all = findEscalationPaths(admin, oracleFor(admin), { includeAdministrators: true });
    expect(all.length).toBe(ESCALATION_CATALOG.methods.filter((m) => !m.principalTypes || m.principalTypes.includes('role')).length);
  });

  it('treats a NotAction iam:* principal as not an administrator', () => {
    const power = principal('role', [{ Effect: 'Allow', NotAction: 'iam:*', Resource: '*' }]);
    const found = methodIds(paths(power));
    expect(found).toContain('lambda-update-function-code');
    expect(found).not.toContain('lambda-create-invoke');
    expect(found.some((id) => id.startsWith('iam-'))).toBe(false);
  });

  it('accepts an oracle returning a bare decision, and treats a throwing oracle as unknown', () => {
    const p = principal('user', [], 'carol');
    const bare = findEscalationPaths(p, (r) => (r.action === 'iam:CreateLoginProfile' ? 'allowed' : 'implicit-deny'));
    expect(methodIds(bare)).toEqual(['iam-create-login-profile']);
    expect(bare[0]!.permissions[0]!.grantedBy).toEqual([]);
    const throwing = findEscalationPaths(p, (r) => {
      if (r.action === 'iam:PassRole') throw new Error('boom');
      return r.action.startsWith('lambda:') ? 'allowed' : 'implicit-deny';
    });
    expect(throwing.find((x) => x.method.id === 'lambda-create-invoke')?.status).toBe('possible');
  });

  it('probes ARNs in the principal account, or the given account and region', () => {
    const p = principal('role', []);
    expect(probeArn(ESCALATION_CATALOG.probes.role!, probeTarget(p))).toBe(`arn:aws:iam::${ACCOUNT}:role/guardian-probe-role`);
    const other = probeTarget({ ...p, arn: undefined, accountId: undefined }, { accountId: '999988887777', region: 'eu-west-1' });
    expect(probeArn(ESCALATION_CATALOG.probes['lambda-function']!, other)).toBe('arn:aws:lambda:eu-west-1:999988887777:function:guardian-probe-function');
    expect(other.self).toBe('arn:aws:iam::999988887777:role/app');
    const requested: string[] = [];
    findEscalationPaths(principal('user', [], 'dave'), (r) => (requested.push(`${r.action} ${r.resource}`), 'implicit-deny'));
    expect(requested).toContain(`iam:AttachUserPolicy arn:aws:iam::${ACCOUNT}:user/dave`);
    expect(requested).toContain(`iam:CreateAccessKey arn:aws:iam::${ACCOUNT}:user/guardian-probe-other-user`);
  });

  it('names the principal and its source in every path', () => {
    const found = paths(principal('user', [{ Effect: 'Allow', Action: 'iam:AddUserToGroup', Resource: '*' }], 'erin'));
    expect(found).toHaveLength(1);
    expect(found[0]!.principal).toEqual({ id: 'user/erin', type: 'user', name: 'erin', arn: `arn:aws:iam::${ACCOUNT}:user/erin`, source: { path: 'infra/iam.yml', line: 4 } });
    expect(method('iam-add-user-to-group').attack).toEqual(['T1098.003']);
  });
});
