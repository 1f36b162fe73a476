import type { Severity } from '../../../core/severity.js';
import type { SourceRef } from '../../iac/graph.js';
import type { Policy, Statement } from '../model.js';

/** Facts behind an issue, for messages and machine consumers: action names, ARNs, keys. */
export type IssueDetails = Record<string, string | string[] | number | boolean>;

/**
 * One problem a policy check found in one statement (or, for attached managed policies,
 * in one attachment). Converted to a Finding by `toFindingDrafts`.
 */
export interface IamIssue {
  /** `iam.<name>`, an id from rules.yml. */
  ruleId: string;
  /** This issue's severity: the rule's default or lower when the grant is narrower. */
  severity: Severity;
  /** What is wrong, naming the actions / principals / keys involved. */
  message: string;
  /** `Policy.name`. */
  policy: string;
  policyKind: Policy['kind'];
  /** 0-based index of the statement in `Policy.statements`; absent for attachment issues. */
  statementIndex?: number;
  sid?: string;
  /** Where the statement (else the policy) was declared. */
  source?: SourceRef;
  details: IssueDetails;
}

/** An issue about `statement` (index `index`) of `policy`, located at the statement. */
export function statementIssue(
  policy: Policy,
  statement: Statement,
  index: number,
  issue: { ruleId: string; severity: Severity; message: string; details?: IssueDetails },
): IamIssue {
  return {
    ruleId: issue.ruleId,
    severity: issue.severity,
    message: issue.message,
    policy: policy.name,
    policyKind: policy.kind,
    statementIndex: index,
    ...(statement.sid !== undefined ? { sid: statement.sid } : {}),
    ...(statement.source ?? policy.source ? { source: statement.source ?? policy.source } : {}),
    details: issue.details ?? {},
  };
}
