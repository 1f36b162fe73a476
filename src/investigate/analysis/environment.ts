/**
 * The account as the non-CloudTrail evidence shows it: IAM principals from
 * `get-account-authorization-details` (parsed by the IAM scanner's reader, so the same
 * policy model and evaluation answer "what can this principal do"), EC2 instances from
 * `describe-instances`, and GuardDuty / Security Hub findings. Several snapshots of one kind
 * are merged, a later load overriding an earlier one for the same ARN or instance id.
 */
import { parseAuthorizationDetails } from '../../scanners/iam/authorization-details.js';
import type { IamPrincipal } from '../../scanners/iam/model.js';
import { readDocuments } from '../evidence/documents.js';
import type { EvidenceStore } from '../evidence/store.js';
import { findingsOf, type SecurityFinding } from '../triage/findings.js';

/** An IAM user or role from a snapshot, with what the policy model does not keep. */
export interface SnapshotPrincipal {
  principal: IamPrincipal;
  /** `CreateDate` (ISO 8601). */
  createdAt?: string;
  /** Names of attached managed and inline policies, as listed. */
  policyNames: string[];
  /** The trust policy as JSON text (roles). */
  trustPolicy?: string;
}

/** One EC2 instance from `describe-instances` (https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_Instance.html). */
export interface InstanceRecord {
  instanceId: string;
  /** From `Placement.AvailabilityZone` (the output does not name the region). */
  region?: string;
  /** `State.Name`: pending, running, shutting-down, terminated, stopping, stopped. */
  state?: string;
  instanceType?: string;
  launchTime?: string;
  publicIp?: string;
  privateIp?: string;
  instanceProfileArn?: string;
}

/** What the other evidence says about the account; empty lists when none was loaded. */
export interface Environment {
  /** Users and roles by ARN. */
  principals: Map<string, SnapshotPrincipal>;
  iamSnapshots: number;
  instances: Map<string, InstanceRecord>;
  instanceSnapshots: number;
  findings: SecurityFinding[];
  /** Problems met reading the stored documents (named by file). */
  warnings: { path: string; message: string }[];
}

type Json = Record<string, unknown>;
const obj = (v: unknown): Json => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : {});
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);
/** A policy document as JSON text: the CLI prints objects, the raw API URL-encoded strings. */
const documentText = (v: unknown): string | undefined => (typeof v === 'string' ? v : v && typeof v === 'object' ? JSON.stringify(v) : undefined);

/** Read every stored snapshot and finding file. Never throws for odd documents. */
export async function readEnvironment(store: EvidenceStore): Promise<Environment> {
  const env: Environment = { principals: new Map(), iamSnapshots: 0, instances: new Map(), instanceSnapshots: 0, findings: [], warnings: [] };
  for (const { path, body } of await readDocuments(store, 'iam-authorization-details')) {
    env.iamSnapshots++;
    const parsed = parseAuthorizationDetails(body, { path });
    env.warnings.push(...parsed.warnings.slice(0, 10).map((w) => ({ path, message: w.message })));
    const raw = new Map<string, Json>();
    for (const entry of [...arr(obj(body).UserDetailList), ...arr(obj(body).RoleDetailList)].map(obj)) if (str(entry.Arn)) raw.set(entry.Arn as string, entry);
    for (const principal of parsed.principals) {
      if (principal.type === 'group' || !principal.arn) continue;
      const entry = raw.get(principal.arn) ?? {};
      const listed = [...arr(entry.AttachedManagedPolicies).map((p) => str(obj(p).PolicyName)), ...[...arr(entry.UserPolicyList), ...arr(entry.RolePolicyList)].map((p) => str(obj(p).PolicyName))];
      env.principals.set(principal.arn, {
        principal,
        ...(str(entry.CreateDate) ? { createdAt: new Date(entry.CreateDate as string).toISOString().replace('.000Z', 'Z') } : {}),
        policyNames: listed.filter((n): n is string => !!n),
        ...(documentText(entry.AssumeRolePolicyDocument) ? { trustPolicy: documentText(entry.AssumeRolePolicyDocument) } : {}),
      });
    }
  }
  for (const { body } of await readDocuments(store, 'ec2-instances')) {
    env.instanceSnapshots++;
    for (const reservation of arr(obj(body).Reservations))
      for (const raw of arr(obj(reservation).Instances).map(obj)) {
        const id = str(raw.InstanceId);
        if (!id) continue;
        const zone = str(obj(raw.Placement).AvailabilityZone);
        env.instances.set(id, {
          instanceId: id,
          ...(zone ? { region: zone.replace(/[a-z]$/, '') } : {}),
          ...optional('state', str(obj(raw.State).Name)),
          ...optional('instanceType', str(raw.InstanceType)),
          ...optional('launchTime', str(raw.LaunchTime)),
          ...optional('publicIp', str(raw.PublicIpAddress)),
          ...optional('privateIp', str(raw.PrivateIpAddress)),
          ...optional('instanceProfileArn', str(obj(raw.IamInstanceProfile).Arn)),
        });
      }
  }
  for (const { path, body } of await readDocuments(store, 'findings')) env.findings.push(...findingsOf(body, path).findings);
  return env;
}

function optional<K extends string>(key: K, value: string | undefined): { [P in K]?: string } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: string };
}

/**
 * The organisation's own instance addresses: instances launched before `before` (the
 * case window's start), whose calls are the workload's, not the attacker's. Instances
 * launched later may be the attacker's and are left out.
 */
export function ownInstanceIps(env: Environment, before: string | undefined): string[] {
  if (!before) return [];
  const cutoff = Date.parse(before);
  const ips = new Set<string>();
  for (const instance of env.instances.values()) {
    if (!instance.launchTime || !(Date.parse(instance.launchTime) < cutoff)) continue;
    if (instance.publicIp) ips.add(instance.publicIp);
    if (instance.privateIp) ips.add(instance.privateIp);
  }
  return [...ips];
}
