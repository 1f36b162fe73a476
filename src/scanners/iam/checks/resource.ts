/**
 * Checks of resource policies (S3 bucket, SQS queue, SNS topic, KMS key, Lambda
 * permission, ...): an Allow for any principal without a condition that restricts the
 * caller. What counts as restricting follows IAM Access Analyzer's notion of public
 * access (https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-resources.html).
 */
import type { Policy, Statement } from '../model.js';
import { type IamIssue, statementIssue } from './issue.js';
import { isRestricting, label, literals, publicPrincipal, shown } from './statements.js';

/** Issues of one Allow statement of a resource policy; `keys`: lower-cased restricting condition keys. */
export function checkResourceStatement(policy: Policy, statement: Statement, index: number, keys: ReadonlySet<string>): IamIssue[] {
  const open = publicPrincipal(statement);
  if (!open || statement.conditions.some((c) => isRestricting(c, keys))) return [];
  const actions = statement.actions ? statement.actions.map(shown) : [`every action except ${(statement.notActions ?? []).map(shown).join(', ')}`];
  const conditions = statement.conditions.map((c) => `${c.operator}${c.ifExists ? 'IfExists' : ''} ${c.key}`);
  return [
    statementIssue(policy, statement, index, {
      ruleId: 'iam.resource-policy-public',
      severity: 'high',
      message: `Statement ${label(statement, index)} of ${policy.name} allows ${actions.join(', ')} to any principal (${open})${
        conditions.length ? ` with only non-restricting conditions (${conditions.join('; ')})` : ' with no condition'
      }.`,
      details: { principal: open, actions, resources: literals(statement.resources), conditions },
    }),
  ];
}
