import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseAuthorizationDetails } from '../../../src/scanners/iam/authorization-details.js';
import { evaluate } from '../../../src/scanners/iam/evaluate.js';
import type { IamPrincipal } from '../../../src/scanners/iam/model.js';

const PATH = 'test/scanners/iam/fixtures/authorization-details.json';
const TEXT = readFileSync(PATH, 'utf8');
const ACCOUNT = '111122223333';

function byName(principals: IamPrincipal[], name: string): IamPrincipal {
  const found = principals.find((p) => p.name === name);
  if (!found) throw new Error(`no ${name}`);
  return found;
}

describe('parseAuthorizationDetails', () => {
  const details = parseAuthorizationDetails(TEXT, { path: PATH });

  it('reads users, groups and roles with ARNs, accounts and lines', () => {
    expect(details.warnings).toEqual([]);
    expect(details.principals.map((p) => `${p.type}:${p.name}`)).toEqual(['group:developers', 'user:alice', 'user:bob', 'role:order-processor', 'role:github-deploy']);
    const alice = byName(details.principals, 'alice');
    expect(alice).toMatchObject({ id: `arn:aws:iam::${ACCOUNT}:user/alice`, accountId: ACCOUNT, source: { path: PATH, line: 7 } });
    expect(alice.identityPolicies.map((p) => p.name)).toEqual(['arn:aws:iam::aws:policy/AdministratorAccess']);
  });

  it('users carry their groups\u2019 inline and managed policies; managed policies use the default version', () => {
    const bob = byName(details.principals, 'bob');
    expect(bob.identityPolicies.map((p) => p.name)).toEqual([
      'user/bob/ManageOwnAccessKeys',
      'group/developers/DenyIamChanges',
      `arn:aws:iam::${ACCOUNT}:policy/ShopDeveloperAccess`,
    ]);
    const shop = bob.identityPolicies[2]!;
    expect(shop.statements.map((s) => s.sid)).toEqual(['ShopLambdas', 'ShopAssets']);
    expect(shop.statements[0]!.source).toEqual({ path: PATH, line: 244 });
    // URL-encoded inline group policy decoded
    expect(bob.identityPolicies[1]!.statements[0]).toMatchObject({ sid: 'NoIamWrites', effect: 'Deny' });
  });

  it('roles carry boundaries and trust policies (object or URL-encoded)', () => {
    const lambda = byName(details.principals, 'order-processor');
    expect(lambda.boundary?.name).toBe(`arn:aws:iam::${ACCOUNT}:policy/LambdaWorkloadBoundary`);
    expect(lambda.boundary?.kind).toBe('boundary');
    expect(lambda.trustPolicy?.statements[0]).toMatchObject({ effect: 'Allow', principals: { Service: ['lambda.amazonaws.com'] }, actions: ['sts:AssumeRole'] });
    const deploy = byName(details.principals, 'github-deploy');
    expect(deploy.trustPolicy?.statements[0]).toMatchObject({
      sid: 'GitHubActionsMain',
      actions: ['sts:AssumeRoleWithWebIdentity'],
      principals: { Federated: [`arn:aws:iam::${ACCOUNT}:oidc-provider/token.actions.githubusercontent.com`] },
    });
    expect(deploy.trustPolicy?.statements[0]!.conditions.map((c) => `${c.operator} ${c.key}`)).toEqual([
      'StringEquals token.actions.githubusercontent.com:aud',
      'StringLike token.actions.githubusercontent.com:sub',
    ]);
    expect(deploy.trustPolicy?.statements[0]!.source?.line).toBe(140);
  });

  it('feeds the evaluator: group deny, default version, boundary intersection', () => {
    const p = details.principals;
    const bob = byName(p, 'bob');
    const ownKey = { action: 'iam:CreateAccessKey', resource: `arn:aws:iam::${ACCOUNT}:user/engineering/bob` };
    expect(evaluate(bob, ownKey).decision).toBe('allowed');
    expect(evaluate(bob, { ...ownKey, resource: `arn:aws:iam::${ACCOUNT}:user/alice` }).decision).toBe('explicit-deny');
    // v1 (not default) allowed everything; v2 does not
    expect(evaluate(bob, { action: 'ec2:RunInstances', resource: '*' }).decision).toBe('implicit-deny');
    expect(evaluate(bob, { action: 'lambda:UpdateFunctionCode', resource: `arn:aws:lambda:eu-west-1:${ACCOUNT}:function:shop-checkout` }).decision).toBe('allowed');

    const lambda = byName(p, 'order-processor');
    const table = `arn:aws:dynamodb:eu-west-1:${ACCOUNT}:table/Orders`;
    expect(evaluate(lambda, { action: 'dynamodb:PutItem', resource: table }).decision).toBe('allowed');
    expect(evaluate(lambda, { action: 'dynamodb:DeleteTable', resource: table }).decision).toBe('implicit-deny');
    expect(evaluate(lambda, { action: 's3:GetObject', resource: 'arn:aws:s3:::acme-receipts/r.pdf' }).decision).toBe('implicit-deny');
    expect(evaluate(lambda, { action: 'logs:PutLogEvents', resource: '*' }).decision).toBe('allowed');
  });

  it('an attached policy missing from the file makes decisions unknown, with a warning', () => {
    const data = JSON.parse(TEXT) as { GroupDetailList: { AttachedManagedPolicies: unknown[] }[] };
    data.GroupDetailList[0]!.AttachedManagedPolicies.push({ PolicyName: 'ReadOnlyAccess', PolicyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' });
    const partial = parseAuthorizationDetails(data, { path: PATH });
    expect(partial.warnings.map((w) => w.message)).toEqual([
      'managed policy arn:aws:iam::aws:policy/ReadOnlyAccess is attached but its document is not in the file; decisions involving it are unknown',
      'arn:aws:iam::aws:policy/ReadOnlyAccess: policy document is unresolved (document of arn:aws:iam::aws:policy/ReadOnlyAccess not in the authorization details)',
    ]);
    expect(evaluate(byName(partial.principals, 'bob'), { action: 'ec2:DescribeInstances', resource: '*' }).decision).toBe('unknown');
  });

  it('bad input becomes warnings', () => {
    expect(parseAuthorizationDetails('{"UserDetailList": [').warnings[0]!.message).toMatch(/not valid JSON/);
    expect(parseAuthorizationDetails([]).warnings[0]!.message).toMatch(/expected the JSON object/);
    const odd = parseAuthorizationDetails({ UserDetailList: [{ UserName: 'x' }, 7], RoleDetailList: [{ RoleName: 'r', Arn: 'arn:aws:iam::1:role/r', RolePolicyList: [{ PolicyDocument: {} }] }] });
    expect(odd.principals.map((p) => p.name)).toEqual(['r']);
    expect(odd.warnings.map((w) => w.message)).toEqual(['UserDetailList.0 has no UserName or Arn', 'UserDetailList.1 is not an object', 'role/r: RolePolicyList[0] has no PolicyName']);
  });
});
