/**
 * `checkPolicy`: run the IAM policy checks that apply to a policy's kind (identity, trust,
 * resource) over each of its statements. Permissions boundaries, SCPs and session
 * policies only limit access, so wildcards there are not findings.
 */
import type { ScanWarning } from '../../../core/warnings.js';
import type { ActionCatalog } from '../actions.js';
import type { Policy, Statement } from '../model.js';
import { UNRESOLVED_OPERATOR } from '../parse.js';
import { IAM_CHECK_CATALOG } from './catalog.js';
import { checkIdentityStatement } from './identity.js';
import type { IamIssue } from './issue.js';
import { checkAttachedManagedPolicies } from './managed.js';
import { checkResourceStatement } from './resource.js';
import { checkTrustStatement } from './trust.js';

/** What the checks may know beyond the policy. */
export interface CheckContext {
  /** The account the policy lives in: decides whether a trusted account is "another" one. */
  accountId?: string;
  /**
   * The action catalog (`await loadActionCatalog()` from ../actions.ts). Without it,
   * service wildcards are rated `medium` and `iam.resource-star-write` cannot run.
   */
  actions?: ActionCatalog;
  /** Receives a warning for each statement the checks could not inspect (malformed input). */
  onWarning?: (warning: ScanWarning) => void;
}

/** Statements parse.ts made up for a part of a policy it could not read: not the author's grants. */
const isPlaceholder = (statement: Statement): boolean => statement.conditions.some((c) => c.operator === UNRESOLVED_OPERATOR);

/**
 * The issues of `policy`, in statement order. Identity policies get the wildcard,
 * NotAction/NotResource, Resource `*` and PassRole checks (and an attached
 * AdministratorAccess / IAMFullAccess, recognised by the policy's ARN name); trust
 * policies the public, cross-account and GitHub OIDC checks; resource policies the
 * public-principal check. Never throws: a statement that breaks a check is skipped with
 * a warning through `context.onWarning`.
 */
export function checkPolicy(policy: Policy, context: CheckContext = {}): IamIssue[] {
  const issues: IamIssue[] = [];
  const keys = IAM_CHECK_CATALOG.restrictingConditionKeys;
  const statements = Array.isArray(policy.statements) ? policy.statements : [];
  statements.forEach((statement, index) => {
    try {
      if (isPlaceholder(statement)) return;
      if (policy.kind === 'identity') issues.push(...checkIdentityStatement(policy, statement, index, context.actions));
      else if (policy.kind === 'trust') issues.push(...checkTrustStatement(policy, statement, index, keys, context.accountId));
      else if (policy.kind === 'resource') issues.push(...checkResourceStatement(policy, statement, index, keys));
    } catch (error) {
      context.onWarning?.({
        code: 'iam-check-error',
        message: `${policy.name}: statement ${index + 1} could not be checked: ${(error as Error).message}`,
        ...(statement?.source ?? policy.source ? { path: (statement?.source ?? policy.source)!.path, line: (statement?.source ?? policy.source)!.line } : {}),
        source: 'iam',
      });
    }
  });
  if (policy.kind === 'identity' && !issues.some((i) => i.ruleId === 'iam.admin-equivalent')) {
    issues.push(...checkAttachedManagedPolicies(undefined, [policy.name], policy.source));
  }
  return issues;
}
