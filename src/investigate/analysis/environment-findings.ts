/**
 * Conclusions that need more than CloudTrail (./environment.ts):
 *
 * - what the compromised principals can do, by the IAM scanner's policy evaluation:
 *   administrator-equivalent, or the privilege-escalation paths their policies allow;
 * - which of the attacker's users, roles and instances the snapshots still show;
 * - users and roles created inside the case window that the CloudTrail evidence does not
 *   show being created (missing evidence, or a second actor);
 * - GuardDuty / Security Hub findings on the same keys, principals, addresses or instances.
 */
import { bySeverityDesc, type Severity } from '../../core/severity.js';
import { findEscalationPaths } from '../../scanners/iam/escalation/analyze.js';
import { evaluate } from '../../scanners/iam/evaluate.js';
import type { AffectedResource, ContainmentFacts, CriticalFinding, Indicators } from '../model.js';
import { outsideAccountsOfPolicy } from '../scope/scope.js';
import type { Environment, SnapshotPrincipal } from './environment.js';

/** What the environment adds to the result. */
export interface EnvironmentConclusions {
  findings: CriticalFinding[];
  limitingFactors: string[];
}

/** Input of {@link environmentConclusions}. */
export interface EnvironmentInput {
  env: Environment;
  facts: ContainmentFacts;
  indicators: Indicators;
  /** The account(s) under investigation (for "outside account" tests). */
  victimAccounts: Set<string>;
  /** Start of the case window (ISO 8601); principals created since then are checked against CloudTrail. */
  since?: string;
  /** ARNs of users and roles CloudTrail shows being created in the whole evidence (anyone's CreateUser / CreateRole). */
  createdInEvidence: Set<string>;
}

const ACTIVE_STATES = new Set(['pending', 'running', 'stopping', 'stopped']);
const list = (items: string[], max = 5) => (items.length <= max ? items.join(', ') : `${items.slice(0, max).join(', ')} and ${items.length - max} more`);

/** The conclusions, most severe first; none when no snapshot or finding was loaded. */
export function environmentConclusions(input: EnvironmentInput): EnvironmentConclusions {
  const { env, facts } = input;
  const findings: CriticalFinding[] = [];
  const limitingFactors: string[] = [];
  if (env.iamSnapshots) {
    findings.push(...blastRadius(input));
    const kept = [
      ...facts.createdUsers.filter((u) => env.principals.has(u.arn)).map((u) => `IAM user ${u.userName}`),
      ...facts.createdRoles.filter((r) => env.principals.has(r.arn)).map((r) => `role ${r.roleName}`),
    ];
    if (kept.length)
      findings.push({ title: 'The attacker’s IAM principals are still in the IAM snapshot', severity: 'critical', detail: `${list(kept)} exist in the loaded authorization details: remove them (see the containment plan).`, eventIds: [] });
    findings.push(...unseenPrincipals(input, limitingFactors));
  }
  if (env.instanceSnapshots) {
    const active = facts.launchedInstances.map((i) => env.instances.get(i.instanceId)).filter((i) => i?.state && ACTIVE_STATES.has(i.state));
    if (active.length)
      findings.push({
        title: `${active.length} instance${active.length === 1 ? '' : 's'} the attacker launched ${active.length === 1 ? 'is' : 'are'} not terminated`,
        severity: 'critical',
        detail: `${list(active.map((i) => `${i!.instanceId} (${[i!.instanceType, i!.state, i!.region].filter(Boolean).join(', ')})`))} per describe-instances: they run up cost and may hold the attacker's tools.`,
        eventIds: [],
      });
  }
  const related = relatedFindings(input);
  if (related) findings.push(related);
  return { findings: findings.sort((a, b) => bySeverityDesc(a.severity, b.severity)), limitingFactors };
}

/** Current state of the affected instances from describe-instances. */
export function withInstanceStates(resources: AffectedResource[], env: Environment): AffectedResource[] {
  if (!env.instanceSnapshots) return resources;
  return resources.map((r) => {
    if (r.type !== 'AWS::EC2::Instance') return r;
    const state = env.instances.get(r.id)?.state;
    return state ? { ...r, state } : { ...r, state: 'not in describe-instances' };
  });
}

/** Administrator-equivalent or escalation paths of each compromised principal found in the snapshot. */
function blastRadius({ env, facts }: EnvironmentInput): CriticalFinding[] {
  const byName = new Map<string, SnapshotPrincipal>();
  for (const p of env.principals.values()) byName.set(`${p.principal.type}:${p.principal.name}`, p);
  const compromised = [
    ...facts.compromisedKeys.flatMap((k) => (k.userName ? [byName.get(`user:${k.userName}`)] : [])),
    ...facts.compromisedUsers.map((u) => byName.get(`user:${u.split('/').at(-1)}`)),
    ...facts.compromisedRoles.map((r) => env.principals.get(r) ?? byName.get(`role:${r.split('/').at(-1)}`)),
  ].filter((p): p is SnapshotPrincipal => !!p);
  const findings: CriticalFinding[] = [];
  for (const p of new Set(compromised)) {
    const who = `${p.principal.type === 'user' ? 'IAM user' : 'Role'} ${p.principal.name}`;
    const policies = p.policyNames.length ? ` (${list(p.policyNames)})` : '';
    if (evaluate(p.principal, { action: 'guardian-probe:AnyAction', resource: '*' }).decision === 'allowed') {
      findings.push({ title: `${who} is administrator-equivalent`, severity: 'critical', detail: `Its policies allow every action on every resource${policies}: the compromised credentials could do anything in the account, so every service must be reviewed, not only what this evidence shows.`, eventIds: [] });
      continue;
    }
    const paths = findEscalationPaths(p.principal, (request) => evaluate(p.principal, request)).filter((path) => path.status === 'confirmed');
    if (paths.length) {
      const severity: Severity = paths.map((path) => path.severity).sort(bySeverityDesc)[0]!;
      findings.push({
        title: `${who} can escalate its privileges`,
        severity,
        detail: `Its policies${policies} allow ${list(paths.map((path) => path.method.name), 5)}: the attacker could have become an administrator without a trace in the events shown.`,
        eventIds: [],
      });
    }
  }
  return findings;
}

/** Users and roles created inside the window that CloudTrail does not show being created. */
function unseenPrincipals(input: EnvironmentInput, limitingFactors: string[]): CriticalFinding[] {
  const { env, since, createdInEvidence, victimAccounts } = input;
  if (!since) return [];
  const unseen = [...env.principals.values()].filter((p) => p.createdAt && p.createdAt >= since && !createdInEvidence.has(p.principal.arn!));
  if (!unseen.length) return [];
  limitingFactors.push(
    `The IAM snapshot has ${unseen.length} principal${unseen.length === 1 ? '' : 's'} created after the case window opened whose creation is not in the CloudTrail evidence (${list(unseen.map((p) => p.principal.name))}): CloudTrail for IAM (us-east-1) or part of the window is missing.`,
  );
  const described = unseen.map((p) => {
    const outside = p.trustPolicy ? outsideAccountsOfPolicy(p.trustPolicy, victimAccounts) : [];
    return `${p.principal.type} ${p.principal.name} (created ${p.createdAt!.slice(0, 16).replace('T', ' ')} UTC${outside.length ? `, trusts ${outside.join(', ')}` : ''})`;
  });
  return [{ title: 'IAM principals created during the incident window without a matching CloudTrail event', severity: 'high', detail: `${list(described)}: find out who created them.`, eventIds: [] }];
}

/** GuardDuty and Security Hub findings naming the scope's keys, principals, addresses or instances. */
function relatedFindings({ env, facts, indicators }: EnvironmentInput): CriticalFinding | undefined {
  if (!env.findings.length) return undefined;
  const keys = new Set(indicators.accessKeyIds.map((k) => k.value));
  const ips = new Set(indicators.ips.map((i) => i.value));
  const names = new Set([
    ...facts.compromisedKeys.flatMap((k) => (k.userName ? [k.userName] : [])),
    ...facts.compromisedUsers.map((u) => u.split('/').at(-1)!),
    ...facts.compromisedRoles.map((r) => r.split('/').at(-1)!),
    ...facts.createdUsers.map((u) => u.userName),
  ]);
  const instances = new Set([...facts.launchedInstances, ...facts.compromisedInstances].map((i) => i.instanceId));
  const related = env.findings.filter(
    (f) => (f.accessKeyId && keys.has(f.accessKeyId)) || f.ips.some((ip) => ips.has(ip)) || (f.principal && names.has(f.principal.split('/').at(-1)!)) || (f.instanceId && instances.has(f.instanceId)),
  );
  if (!related.length) return undefined;
  const types = new Map<string, number>();
  for (const f of related) types.set(f.type, (types.get(f.type) ?? 0) + 1);
  const sources = [...new Set(related.map((f) => (f.source === 'guardduty' ? 'GuardDuty' : 'Security Hub')))];
  return {
    title: `${sources.join(' and ')} ${sources.length > 1 ? 'have' : 'has'} ${related.length === 1 ? 'a finding' : `${related.length} findings`} on the same credentials, addresses or instances`,
    severity: related.map((f) => f.severity).sort(bySeverityDesc)[0]!,
    detail: `${list([...types].map(([type, n]) => (n > 1 ? `${type} ×${n}` : type)), 6)}: they corroborate this scope.`,
    eventIds: [],
  };
}
