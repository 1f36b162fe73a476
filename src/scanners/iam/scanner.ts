import type { FindingDraft } from '../../core/fingerprint.js';
import type { Scanner, ScanContext, ScannerOutput } from '../../core/scanner.js';
import type { ScanWarning } from '../../core/warnings.js';
import { resourceGraphOf } from '../iac/context.js';
import { type SourceRef, type Unknown, lineOf } from '../iac/graph.js';
import { loadActionCatalog } from './actions.js';
import { parseAuthorizationDetails } from './authorization-details.js';
import { type IamIssue, checkAttachedManagedPolicies, checkPolicy, iamRuleDescriptors, toFindingDrafts } from './checks/index.js';
import { type EscalationPath, findEscalationPaths } from './escalation/analyze.js';
import { evaluate } from './evaluate.js';
import { iamFromGraph } from './from-graph.js';
import type { IamPrincipal, Policy } from './model.js';
import { parseServiceControlPolicy } from './organizations.js';

/** JSON exports worth parsing: authorization details and Organizations policies, recognised by content. */
const AUTHORIZATION_DETAILS = /"(UserDetailList|RoleDetailList|GroupDetailList)"/;
const AWS_MANAGED_ARN = /^arn:aws[a-z-]*:iam::aws:policy\//;
const SERVICE_CONTROL_POLICY = /"PolicySummary"[\s\S]*"Type"\s*:\s*"SERVICE_CONTROL_POLICY"/;

/**
 * IAM analysis of every policy found: the policies and principals of the ResourceGraph
 * (CloudFormation, SAM, CDK, Terraform, serverless.yml) and of `aws iam
 * get-account-authorization-details` exports, with the SCPs of `aws organizations
 * describe-policy` exports applied to the latter. Reports policy-check issues (IAM Access
 * Analyzer style) and privilege-escalation paths found with the evaluation engine.
 */
export class IamScanner implements Scanner {
  readonly id = 'iam' as const;
  readonly title = 'Identity (IAM)';

  async scan(ctx: ScanContext): Promise<ScannerOutput> {
    const principals = await collectPrincipals(ctx);
    const actions = await loadActionCatalog();
    const onWarning = (warning: ScanWarning) => ctx.warnings.add(warning);
    const issues: IamIssue[] = [];
    for (const { policy, accountId } of principals.policies) issues.push(...checkPolicy(policy, { actions, onWarning, ...(accountId ? { accountId } : {}) }));
    for (const attached of principals.managed) issues.push(...checkAttachedManagedPolicies(attached.owner, attached.arns, attached.source));

    const paths: EscalationPath[] = [];
    let done = 0;
    ctx.progress.update(0, principals.all.length, 'escalation paths');
    for (const principal of principals.all) {
      paths.push(...findEscalationPaths(principal, (request) => evaluate(principal, request), principal.accountId ? { accountId: principal.accountId } : {}));
      ctx.progress.update(++done, principals.all.length);
    }
    const findings: FindingDraft[] = toFindingDrafts({ issues, paths });
    return {
      findings,
      rules: iamRuleDescriptors(),
      stats: { principals: principals.all.length, policies: principals.policies.length, paths: paths.length },
    };
  }
}

/** Everything IAM analysis reads in one scan. */
export interface CollectedIam {
  all: IamPrincipal[];
  policies: { policy: Policy; accountId?: string }[];
  managed: { owner: string; arns: (string | Unknown)[]; source: SourceRef }[];
}

/**
 * Principals and policies of a scan: from the ResourceGraph and from authorization
 * details exports (with SCP exports applied). Shared with `guardian iam explain`.
 */
export async function collectPrincipals(ctx: ScanContext): Promise<CollectedIam> {
  const { graph } = await resourceGraphOf(ctx);
  const fromGraph = iamFromGraph(graph);
  const collected: CollectedIam = {
    all: [...fromGraph.principals],
    policies: fromGraph.policies.map(({ policy }) => ({ policy })),
    managed: fromGraph.managedArns.map(({ principal, arns, resource }) => ({ owner: principal.name, arns, source: { path: resource.source.path, line: lineOf(resource, ['ManagedPolicyArns']) } })),
  };

  const exports: { path: string; text: string }[] = [];
  const scps: Policy[] = [];
  for (const file of ctx.files) {
    if (!file.path.endsWith('.json')) continue;
    const text = await ctx.workspace.readText(file);
    if (text === undefined) continue;
    if (AUTHORIZATION_DETAILS.test(text)) exports.push({ path: file.path, text });
    else if (SERVICE_CONTROL_POLICY.test(text)) {
      const scp = parseServiceControlPolicy(file.path, text);
      if (scp && 'policy' in scp) scps.push(scp.policy);
      else if (scp) ctx.warnings.add({ code: 'iam-scp', source: 'iam', path: file.path, message: scp.error });
    }
  }
  for (const { path, text } of exports) {
    const details = parseAuthorizationDetails(text, { path, scps });
    for (const warning of details.warnings) ctx.warnings.add(warning);
    for (const principal of details.principals) {
      collected.all.push(principal);
      const policies = [principal.trustPolicy, ...principal.identityPolicies].filter((p): p is Policy => p !== undefined && p.source?.path === path);
      // AWS managed policies are AWS's to write: what matters is that one is attached (checked by ARN).
      const own = policies.filter((p) => !AWS_MANAGED_ARN.test(p.name));
      for (const policy of own) collected.policies.push({ policy, ...(principal.accountId ? { accountId: principal.accountId } : {}) });
      const managed = principal.identityPolicies.map((p) => p.name).filter((name) => AWS_MANAGED_ARN.test(name));
      if (managed.length && principal.source) collected.managed.push({ owner: principal.name, arns: managed, source: principal.source });
    }
  }
  collected.policies = dedupe(collected.policies);
  collected.all = collected.all.filter((p) => p.type !== 'group');
  return collected;
}

/** A managed policy attached to several principals is checked once. */
function dedupe(policies: CollectedIam['policies']): CollectedIam['policies'] {
  const seen = new Set<string>();
  return policies.filter(({ policy }) => {
    const key = `${policy.name}\u0000${policy.source?.path ?? ''}\u0000${policy.source?.line ?? ''}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
