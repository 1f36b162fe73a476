/**
 * AWS policy evaluation logic for one request by one IAM principal
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html):
 *
 * 1. An explicit Deny in any applicable policy (SCP, resource, identity, boundary) wins.
 * 2. Every SCP level over the principal's account must allow.
 * 3. Same account: a resource-based policy can allow on its own; otherwise an
 *    identity-based policy must allow, and a permissions boundary, when present, must
 *    allow too (intersection). Cross-account: identity (within the boundary) AND the
 *    resource policy must both allow.
 * 4. Otherwise: implicit deny.
 *
 * Resource-policy nuance (https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_boundaries.html):
 * a same-account grant naming the IAM user's ARN (or `*`, which also covers a role's
 * sessions) is not limited by the boundary; a grant naming a role's ARN is; a grant
 * naming the account (`arn:aws:iam::ACCOUNT:root`) only delegates, so identity policies
 * must allow. Documented simplifications: the principal is evaluated as the role itself
 * (no session policies or session tags), each entry of `scps` is one level of the
 * organisation (several SCPs attached at one level must be merged into one Policy by the
 * caller), resource control policies and VPC endpoint policies are not modelled.
 *
 * Anything unresolved on the deciding path (an `Unknown` value, an unsupported condition
 * operator, a condition key the context does not carry) makes the decision `'unknown'`,
 * never `'allowed'`.
 */
import type { SourceRef } from '../iac/graph.js';
import { Unknown } from '../iac/graph.js';
import { type ConditionOptions, evaluateConditions } from './conditions.js';
import type { Decision, IamPrincipal, Policy, PolicyKind, Principals, Request, Statement } from './model.js';
import { type RequestContext, type Tri, and3, matchAction, matchArn, not3, or3, parseArn } from './patterns.js';

/** One statement that took part in the decision (matched the request, or may have). */
export interface EvaluationReason {
  policy: string;
  kind: PolicyKind;
  sid?: string;
  effect: 'Allow' | 'Deny';
  source?: SourceRef;
  matched: boolean | 'unknown';
}

/** The decision, the statements that matched (or may have), and one sentence saying which gate decided. */
export interface Evaluation {
  decision: Decision;
  reasons: EvaluationReason[];
  /** E.g. `no identity-based policy allows the s3:GetObject action`, in the style of AWS's AccessDenied messages. */
  because: string;
}

/** Options of `evaluate`. */
export interface EvaluateOptions extends ConditionOptions {
  /**
   * Resource-based policies attached to the requested resource. Omitted means "not known":
   * a cross-account request then evaluates `'unknown'`; `[]` means the resource has none.
   */
  resourcePolicies?: Policy[];
}

/**
 * Context keys IAM always sets for a principal, used unless the request supplies them:
 * `aws:PrincipalArn`, `aws:PrincipalAccount`, `aws:PrincipalType` and, for users, `aws:username`.
 */
export function principalContext(principal: IamPrincipal): Record<string, string> {
  const out: Record<string, string> = {};
  const account = accountOf(principal);
  if (principal.arn) out['aws:PrincipalArn'] = principal.arn;
  if (account) out['aws:PrincipalAccount'] = account;
  if (principal.type === 'user') {
    out['aws:username'] = principal.name;
    out['aws:PrincipalType'] = 'User';
  } else if (principal.type === 'role') out['aws:PrincipalType'] = 'AssumedRole';
  return out;
}

const accountOf = (principal: IamPrincipal): string | undefined =>
  principal.accountId ?? (principal.arn ? parseArn(principal.arn)?.account || undefined : undefined);

/** How a resource policy's Principal element names the requester. */
type PrincipalMatch = 'direct' | 'role-arn' | 'account';

/** Whether `principals` names `principal`, and how; `'unknown'` when an entry is unresolved. */
function matchPrincipal(principals: Principals, principal: IamPrincipal): { matched: Tri; via?: PrincipalMatch } {
  if (principals === '*') return { matched: true, via: 'direct' };
  const entries = principals.AWS ?? [];
  const account = accountOf(principal);
  let unknown = false;
  let via: PrincipalMatch | undefined;
  for (const entry of entries) {
    if (entry instanceof Unknown) unknown = true;
    else if (entry === '*') via = 'direct';
    else if (principal.arn && entry === principal.arn) via ??= principal.type === 'role' ? 'role-arn' : 'direct';
    else if (account && (entry === `arn:aws:iam::${account}:root` || entry === account)) via ??= 'account';
    if (via === 'direct') break;
  }
  if (via) return { matched: true, via };
  return { matched: unknown ? 'unknown' : false };
}

/**
 * Whether one statement applies to `request`: action (NotAction: none of them), resource
 * (NotResource; absent in a resource policy = the resource itself), principal for
 * resource policies, and every condition.
 */
export function matchStatement(
  statement: Statement,
  request: Request,
  context: RequestContext,
  options: ConditionOptions & { principal?: IamPrincipal } = {},
): { matched: Tri; via?: PrincipalMatch } {
  const actionTest = statement.actions
    ? or3(...statement.actions.map((a) => matchAction(a, request.action)))
    : not3(or3(...(statement.notActions ?? []).map((a) => matchAction(a, request.action))));
  if (actionTest === false) return { matched: false };
  const resourceTest = statement.resources
    ? or3(...statement.resources.map((r) => matchArn(r, request.resource, context)))
    : statement.notResources
      ? not3(or3(...statement.notResources.map((r) => matchArn(r, request.resource, context))))
      : true;
  if (resourceTest === false) return { matched: false };
  let principalTest: Tri = true;
  let via: PrincipalMatch | undefined;
  const principal = options.principal;
  if (principal && statement.principals) {
    ({ matched: principalTest, via } = matchPrincipal(statement.principals, principal));
  } else if (principal && statement.notPrincipals) {
    // AWS: Deny + NotPrincipal always denies a principal that has a permissions boundary.
    principalTest = statement.effect === 'Deny' && principal.boundary ? true : not3(matchPrincipal(statement.notPrincipals, principal).matched);
    via = 'direct';
  }
  if (principalTest === false) return { matched: false };
  const conditionTest = evaluateConditions(statement.conditions, context, options);
  return { matched: and3(actionTest, resourceTest, principalTest, conditionTest), ...(via ? { via } : {}) };
}

/**
 * Evaluate whether `principal` may perform `request.action` on `request.resource`.
 * Request context keys from `request.context` override `principalContext(principal)`.
 * Never throws; returns the decision with every matching statement.
 */
export function evaluate(principal: IamPrincipal, request: Request, options: EvaluateOptions = {}): Evaluation {
  const context: RequestContext = { ...principalContext(principal), ...(request.context ?? {}) };
  const reasons: EvaluationReason[] = [];
  const denies: { tri: Tri; policy: Policy; statement: Statement }[] = [];

  /** Evaluate a policy's statements, recording matches; returns OR over its Allow statements (per principal-match class for resource policies). */
  const run = (policy: Policy, withPrincipal: boolean) => {
    const allows: { tri: Tri; via?: PrincipalMatch }[] = [];
    for (const statement of policy.statements) {
      const result = matchStatement(statement, request, context, { ...options, ...(withPrincipal ? { principal } : {}) });
      if (result.matched === false) continue;
      reasons.push({
        policy: policy.name,
        kind: policy.kind,
        ...(statement.sid ? { sid: statement.sid } : {}),
        effect: statement.effect,
        ...(statement.source ?? policy.source ? { source: statement.source ?? policy.source } : {}),
        matched: result.matched,
      });
      if (statement.effect === 'Deny') denies.push({ tri: result.matched, policy, statement });
      else allows.push({ tri: result.matched, ...(result.via ? { via: result.via } : {}) });
    }
    return allows;
  };
  const anyAllow = (allows: { tri: Tri }[]): Tri => or3(...allows.map((a) => a.tri));

  const scpLevels = (principal.scps ?? []).map((policy) => ({ policy, allow: anyAllow(run(policy, false)) }));
  const resourceAllows = (options.resourcePolicies ?? []).flatMap((policy) => run(policy, true));
  const identityAllow = anyAllow(principal.identityPolicies.flatMap((policy) => run(policy, false)));
  const boundaryAllow: Tri = principal.boundary ? anyAllow(run(principal.boundary, false)) : true;

  const deny = or3(...denies.map((d) => d.tri));
  const scpAllow = and3(...scpLevels.map((l) => l.allow));
  const resourceVia = (...kinds: PrincipalMatch[]): Tri => anyAllow(resourceAllows.filter((a) => a.via && kinds.includes(a.via)));

  const principalAccount = accountOf(principal);
  const resourceAccount = parseArn(request.resource)?.account;
  const crossAccount = Boolean(principalAccount && resourceAccount && principalAccount !== resourceAccount);

  let allow: Tri;
  let resourceGate: Tri;
  if (crossAccount) {
    resourceGate = options.resourcePolicies === undefined ? 'unknown' : resourceVia('direct', 'role-arn', 'account');
    allow = and3(scpAllow, boundaryAllow, identityAllow, resourceGate);
  } else {
    resourceGate = resourceVia('direct');
    allow = and3(scpAllow, or3(resourceGate, and3(boundaryAllow, or3(identityAllow, resourceVia('role-arn')))));
  }

  const action = request.action;
  let decision: Decision;
  let because: string;
  const firstDeny = denies.find((d) => d.tri === true);
  if (deny === true && firstDeny) {
    decision = 'explicit-deny';
    because = `explicitly denied by ${describeStatement(firstDeny.policy, firstDeny.statement)}`;
  } else if (allow === false) {
    decision = 'implicit-deny';
    const scp = scpLevels.find((l) => l.allow === false);
    if (scp) because = `no statement in service control policy ${scp.policy.name} allows the ${action} action`;
    else if (crossAccount && resourceGate === false) because = `cross-account request: no resource-based policy allows the ${action} action`;
    else if (identityAllow !== false && boundaryAllow === false) because = `permissions boundary ${principal.boundary?.name ?? ''} does not allow the ${action} action`;
    else because = `no identity-based policy allows the ${action} action`;
  } else if (allow === true && deny === false) {
    decision = 'allowed';
    because = describeAllow({ crossAccount, scpCount: scpLevels.length, boundary: principal.boundary, resourceGate, identityAllow });
  } else {
    decision = 'unknown';
    const open = [
      deny === 'unknown' ? 'a Deny statement may apply' : '',
      scpAllow === 'unknown' ? 'a service control policy may not allow' : '',
      identityAllow === 'unknown' ? 'an identity-based Allow depends on unresolved values' : '',
      boundaryAllow === 'unknown' ? 'the permissions boundary depends on unresolved values' : '',
      resourceGate === 'unknown' ? 'the resource-based policy is not known or depends on unresolved values' : '',
    ].filter(Boolean);
    because = `cannot decide: ${open.join('; ') || 'unresolved values on the deciding path'}`;
  }
  return { decision, reasons, because };
}

function describeStatement(policy: Policy, statement: Statement): string {
  return `${policy.kind} policy ${policy.name}${statement.sid ? ` (statement ${statement.sid})` : ''}`;
}

function describeAllow(gate: { crossAccount: boolean; scpCount: number; boundary?: Policy; resourceGate: Tri; identityAllow: Tri }): string {
  const parts: string[] = [];
  if (!gate.crossAccount && gate.resourceGate === true && gate.identityAllow !== true) parts.push('a resource-based policy allows it for this principal');
  else parts.push(gate.crossAccount ? 'both the identity-based and the resource-based policies allow it' : 'an identity-based policy allows it');
  if (gate.boundary && gate.identityAllow === true) parts.push(`within permissions boundary ${gate.boundary.name}`);
  if (gate.scpCount) parts.push('and the service control policies allow it');
  return parts.join(' ');
}
