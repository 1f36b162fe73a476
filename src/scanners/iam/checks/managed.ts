/**
 * Attached AWS managed policies that alone make a principal administrator-equivalent
 * (listed under `admin-managed-policies` in rules.yml): AdministratorAccess grants `*` on
 * `*`; IAMFullAccess grants `iam:*`, enough to attach AdministratorAccess to oneself.
 * ARN format: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_identifiers.html#identifiers-arns
 */
import type { SourceRef } from '../../iac/graph.js';
import type { PolicyString } from '../model.js';
import { IAM_CHECK_CATALOG } from './catalog.js';
import type { IamIssue } from './issue.js';

const AWS_MANAGED = /^arn:aws(?:-cn|-us-gov)?:iam::aws:policy\/(?:.*\/)?([^/]+)$/;

/**
 * The name of the administrator-equivalent AWS managed policy `arn` refers to
 * (`arn:aws:iam::aws:policy/AdministratorAccess` → `AdministratorAccess`), or `undefined`
 * for any other policy, a customer managed policy of the same name, or an `Unknown`.
 */
export function adminManagedPolicy(arn: PolicyString, names: readonly string[] = IAM_CHECK_CATALOG.adminManagedPolicies): string | undefined {
  if (typeof arn !== 'string') return undefined;
  const name = AWS_MANAGED.exec(arn.trim())?.[1];
  return name !== undefined && names.includes(name) ? name : undefined;
}

/**
 * `iam.admin-equivalent` issues for the administrator-equivalent managed policies among
 * `arns` attached to `owner` (a user, group or role name; `undefined` when the policy is
 * checked on its own), located at `source`.
 */
export function checkAttachedManagedPolicies(owner: string | undefined, arns: readonly PolicyString[], source?: SourceRef): IamIssue[] {
  return arns.flatMap((arn) => {
    const name = adminManagedPolicy(arn);
    if (!name || typeof arn !== 'string') return [];
    const issue: IamIssue = {
      ruleId: 'iam.admin-equivalent',
      severity: 'critical',
      message: `${owner ? `${owner} has the AWS managed policy ${name} attached` : `The AWS managed policy ${name} is attached`}, which ${
        name === 'AdministratorAccess' ? 'allows every action on every resource' : 'allows every IAM action, enough to grant itself administrator access'
      }.`,
      policy: arn,
      policyKind: 'identity',
      ...(source ? { source } : {}),
      details: { managedPolicy: name, ...(owner ? { owner } : {}) },
    };
    return [issue];
  });
}
