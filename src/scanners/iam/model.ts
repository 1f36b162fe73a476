/**
 * The IAM policy model shared by the evaluation engine, the policy checks, the
 * privilege-escalation analysis and the policy generator. Shapes follow the IAM JSON
 * policy element reference (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements.html),
 * normalised: single values become arrays, and every statement keeps the line it came from.
 *
 * Strings a loader could not resolve (a `!Sub` with an unknown parameter, a Terraform
 * attribute known only after apply) are `Unknown`: they match nothing for certain and
 * make a decision `unknown`, never `allowed`.
 */
import type { SourceRef, Unknown } from '../iac/graph.js';

/** A policy string: an action, resource ARN, principal or condition value, possibly unresolved. */
export type PolicyString = string | Unknown;

/** One condition test: `"StringEquals": {"aws:SourceAccount": ["123456789012"]}`. */
export interface Condition {
  /** Operator without the `IfExists` suffix or set prefix, e.g. `StringLike`, `ArnEquals`, `Bool`. */
  operator: string;
  ifExists: boolean;
  /** `ForAllValues` / `ForAnyValue` set operators, when present. */
  set?: 'ForAllValues' | 'ForAnyValue';
  /** Condition key as written, e.g. `aws:SourceArn`, `token.actions.githubusercontent.com:sub`. */
  key: string;
  values: PolicyString[];
}

/**
 * Principals of a resource or trust policy: `'*'` for `"Principal": "*"`, otherwise the
 * map by kind (`AWS`, `Service`, `Federated`, `CanonicalUser`).
 */
export type Principals = '*' | Partial<Record<'AWS' | 'Service' | 'Federated' | 'CanonicalUser', PolicyString[]>>;

/** A normalised policy statement. Exactly one of `actions`/`notActions` is set, likewise resources. */
export interface Statement {
  sid?: string;
  effect: 'Allow' | 'Deny';
  actions?: PolicyString[];
  notActions?: PolicyString[];
  resources?: PolicyString[];
  notResources?: PolicyString[];
  principals?: Principals;
  notPrincipals?: Principals;
  conditions: Condition[];
  /** Where the statement was declared (its `Effect` or first key), when known. */
  source?: SourceRef;
}

/** What a policy is for, which decides how it takes part in evaluation. */
export type PolicyKind =
  | 'identity' // inline or managed policy attached to a user, group or role
  | 'resource' // S3 bucket policy, SQS queue policy, Lambda permission, KMS key policy, ...
  | 'trust' // a role's AssumeRolePolicyDocument
  | 'boundary' // permissions boundary
  | 'scp' // AWS Organizations service control policy
  | 'session'; // session policy

/** A named policy document and where it came from. */
export interface Policy {
  /** Policy name, ARN or the id of the declaring resource. */
  name: string;
  kind: PolicyKind;
  statements: Statement[];
  source?: SourceRef;
}

/** The kinds of IAM principal Guardian reasons about. */
export type PrincipalType = 'user' | 'group' | 'role';

/**
 * An IAM principal with everything that decides what it may do: its own and its groups'
 * identity policies, its permissions boundary, the SCPs over its account, and for roles
 * the trust policy that says who may assume it.
 */
export interface IamPrincipal {
  /** Graph resource id, or the ARN for principals from account authorization details. */
  id: string;
  type: PrincipalType;
  name: string;
  arn?: string;
  accountId?: string;
  identityPolicies: Policy[];
  boundary?: Policy;
  trustPolicy?: Policy;
  /** Service control policies that apply to the principal's account, outermost first. */
  scps?: Policy[];
  source?: SourceRef;
}

/** The result of evaluating one request (AWS policy evaluation logic). */
export type Decision = 'allowed' | 'explicit-deny' | 'implicit-deny' | 'unknown';

/** A request to evaluate: who does what to which resource, in which context. */
export interface Request {
  action: string;
  resource: string;
  /** Request context keys (`aws:SourceIp`, `aws:PrincipalArn`, ...) → values. */
  context?: Record<string, string | string[]>;
}
