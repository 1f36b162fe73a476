/**
 * IAM policy checks and privilege-escalation findings: the entry points the IAM scanner
 * wires together. See check.ts (policy checks), ../escalation/analyze.ts (escalation
 * paths) and findings.ts (FindingDrafts and RuleDescriptors).
 */
export { type CheckContext, checkPolicy } from './check.js';
export { IAM_CHECK_RULES, type IamCheckRule } from './catalog.js';
export { type DraftOptions, escalationRuleId, iamRuleDescriptors, issueToDraft, pathToDraft, toFindingDrafts } from './findings.js';
export type { IamIssue, IssueDetails } from './issue.js';
export { adminManagedPolicy, checkAttachedManagedPolicies } from './managed.js';
export {
  type EscalationOptions,
  type EscalationPath,
  type Oracle,
  type OracleAnswer,
  findEscalationPaths,
} from '../escalation/analyze.js';
export { ESCALATION_CATALOG, type EscalationMethod } from '../escalation/catalog.js';
