import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { type ActionCatalog, loadActionCatalog } from '../../../src/scanners/iam/actions.js';
import { parseAuthorizationDetails } from '../../../src/scanners/iam/authorization-details.js';
import { type ExplainResult, explain, formatExplanation } from '../../../src/scanners/iam/explain.js';

const PATH = 'test/scanners/iam/fixtures/authorization-details.json';
const { principals } = parseAuthorizationDetails(readFileSync(PATH, 'utf8'), { path: PATH });
const ACCOUNT = '111122223333';
let catalog: ActionCatalog;
beforeAll(async () => {
  catalog = await loadActionCatalog();
});

const ok = (result: ExplainResult | { error: string }): ExplainResult => {
  if ('error' in result) throw new Error(result.error);
  return result;
};

describe('explain', () => {
  it('finds the principal by name or ARN and explains an explicit deny with file:line', () => {
    const result = ok(explain(principals, { principal: 'bob', action: 'iam:createaccesskey', resource: `arn:aws:iam::${ACCOUNT}:user/alice` }, { catalog }));
    expect(result.request.action).toBe('iam:CreateAccessKey');
    expect(result.evaluation.decision).toBe('explicit-deny');
    expect(formatExplanation(result).split('\n')).toEqual([
      `DENIED (explicit deny): user arn:aws:iam::${ACCOUNT}:user/engineering/bob → iam:CreateAccessKey on arn:aws:iam::${ACCOUNT}:user/alice`,
      '  because explicitly denied by identity policy group/developers/DenyIamChanges (statement NoIamWrites)',
      '  statements:',
      `    Deny  identity group/developers/DenyIamChanges sid=NoIamWrites ${PATH}:68`,
    ]);
    const byArn = ok(explain(principals, { principal: `arn:aws:iam::${ACCOUNT}:role/service-role/order-processor`, action: 'dynamodb:PutItem', resource: `arn:aws:dynamodb:eu-west-1:${ACCOUNT}:table/Orders` }));
    expect(byArn.evaluation.decision).toBe('allowed');
    const text = formatExplanation(byArn);
    expect(text).toContain(`ALLOWED: role arn:aws:iam::${ACCOUNT}:role/service-role/order-processor → dynamodb:PutItem`);
    expect(text).toContain(`    Allow identity role/order-processor/OrdersTable sid=Orders ${PATH}:96`);
    expect(text).toContain(`    Allow boundary arn:aws:iam::${ACCOUNT}:policy/LambdaWorkloadBoundary sid=Workload ${PATH}:`);
  });

  it('explains a boundary implicit deny and unknown decisions', () => {
    const denied = ok(explain(principals, { principal: 'order-processor', action: 's3:GetObject', resource: 'arn:aws:s3:::acme-receipts/r.pdf' }));
    expect(formatExplanation(denied)).toContain(`because permissions boundary arn:aws:iam::${ACCOUNT}:policy/LambdaWorkloadBoundary does not allow the s3:GetObject action`);
    const pass = ok(explain(principals, { principal: 'github-deploy', action: 'iam:PassRole', resource: `arn:aws:iam::${ACCOUNT}:role/service-role/order-processor` }));
    expect(pass.evaluation.decision).toBe('unknown');
    expect(formatExplanation(pass)).toContain('(may match: depends on unresolved values)');
    const withContext = ok(
      explain(principals, { principal: 'github-deploy', action: 'iam:PassRole', resource: `arn:aws:iam::${ACCOUNT}:role/service-role/order-processor`, context: { 'iam:PassedToService': 'lambda.amazonaws.com' } }),
    );
    expect(withContext.evaluation.decision).toBe('allowed');
  });

  it('returns errors for unknown, ambiguous or malformed queries', () => {
    expect(explain(principals, { principal: 'carol', action: 's3:GetObject', resource: '*' })).toEqual({ error: 'no principal named carol' });
    expect(explain(principals, { principal: 'ali', action: 's3:GetObject', resource: '*' })).toEqual({ error: `no principal named ali; did you mean arn:aws:iam::${ACCOUNT}:user/alice?` });
    expect(explain(principals, { principal: 'alice', action: 'GetObject', resource: '*' })).toEqual({ error: 'action "GetObject" is not of the form service:Action' });
    const twin = { ...principals[1]!, type: 'role' as const, arn: `arn:aws:iam::${ACCOUNT}:role/alice`, id: 'r' };
    expect(explain([...principals, twin], { principal: 'alice', action: 's3:GetObject', resource: '*' })).toEqual({
      error: `alice is ambiguous: user arn:aws:iam::${ACCOUNT}:user/alice, role arn:aws:iam::${ACCOUNT}:role/alice; give the ARN`,
    });
    const unknownAction = ok(explain(principals, { principal: 'alice', action: 's3:GetObjekt', resource: '*' }, { catalog }));
    expect(unknownAction.notes).toEqual(['s3:GetObjekt is not in the IAM action catalog; evaluated as written']);
  });
});
