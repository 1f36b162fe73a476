/**
 * The shapes an investigation is made of, shared by cases, scoping, detections,
 * containment and the reports. Field names follow CloudTrail's record contents
 * (https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-record-contents.html)
 * and MITRE ATT&CK for Cloud (IaaS) (https://attack.mitre.org/matrices/enterprise/cloud/iaas/).
 * Times are ISO 8601 strings in UTC (`2024-06-04T02:13:00Z`).
 */
import type { Severity } from '../core/severity.js';

/** What the analyst is worried about; each concern has its own required facts (case/concerns.yaml). */
export const CONCERNS = ['leaked-credentials', 'suspicious-ip', 'unusual-activity', 'data-access', 'compromised-instance'] as const;
export type Concern = (typeof CONCERNS)[number];

/** Identifiers named in a case (from its description or flags), each list deduplicated, in first-seen order. */
export interface CaseEntities {
  /** `AKIA…` (long-term) and `ASIA…` (temporary) access key ids. */
  accessKeyIds: string[];
  /** IAM/STS ARNs: users, roles, assumed-role sessions, root. */
  principals: string[];
  /** IAM user names (without ARN). */
  userNames: string[];
  /** IAM role names (without ARN). */
  roleNames: string[];
  /** IPv4/IPv6 addresses. */
  ips: string[];
  /** 12-digit AWS account ids. */
  accountIds: string[];
  /** AWS regions, e.g. `us-east-1`. */
  regions: string[];
  /** EC2 instance ids, e.g. `i-0abc…`. */
  instanceIds: string[];
  /** S3 bucket names. */
  buckets: string[];
  /** Times named in the text (ISO 8601, UTC). */
  times: string[];
}

/** Facts about the incident the analyst knows (flags, answers to clarifying questions). */
export interface CaseFacts {
  /** Start of the window to investigate. */
  since?: string;
  /** End of the window (default: the last event in the evidence). */
  until?: string;
  /** When the credentials (or host) were first exposed. */
  exposedAt?: string;
  /** Whether the credentials have already been rotated or deactivated. */
  rotated?: boolean;
  /** The AWS account under investigation. */
  account?: string;
  /** Addresses known to be the organisation's own (office, VPN, NAT): never the attacker's. */
  knownIps?: string[];
  /** Principals (ARNs or names) known to act legitimately, e.g. automation. */
  knownPrincipals?: string[];
}

/** A fact the concern needs that the case does not have yet. */
export interface MissingFact {
  /** `exposedAt`, `account`, `accessKeyId`, `userName`, `rotated`, `since`, `ip`, `instanceId`, `bucket`… */
  fact: string;
  /** The clarifying question, as asked on a TTY. */
  question: string;
  /** Why the investigation needs it (what it changes). */
  why: string;
}

/** What the investigation starts from: the case as stated. */
export interface CaseSummary {
  id: string;
  title: string;
  description?: string;
  concern: Concern;
  entities: CaseEntities;
  facts: CaseFacts;
  missingFacts: MissingFact[];
}

/** One detection that fired, with the events that made it fire. */
export interface DetectionHit {
  /** Detection rule id, e.g. `aws.persistence.iam-create-user`. */
  id: string;
  title: string;
  severity: Severity;
  /** ATT&CK tactic name, e.g. `Persistence`. */
  tactic: string;
  /** ATT&CK tactic id, e.g. `TA0003`. */
  tacticId: string;
  /** ATT&CK technique id, e.g. `T1098.001`. */
  technique: string;
  /** ATT&CK technique name, e.g. `Account Manipulation: Additional Cloud Credentials`. */
  techniqueName: string;
  rationale: string;
  /** Events (CloudTrail eventID) that matched, in time order. */
  eventIds: string[];
}

/**
 * Why an event is in scope: the credential or principal it was reached through, and how
 * that credential was reached (`seed`, minted by an in-scope event, created by one…).
 */
export interface ScopeReason {
  /** `seed-access-key`, `seed-principal`, `seed-ip`, `minted-credentials`, `created-user`, `created-access-key`, `assumed-role`, `trusted-account`, `granted-account`, `detection`. */
  kind: string;
  /** The key id, ARN, IP or account through which the event was reached. */
  via: string;
  /** One sentence, e.g. "ASIA… was minted by GetSessionToken (event 5f1…) called with AKIA…". */
  text: string;
}

/** One in-scope event as the timeline shows it. */
export interface TimelineEntry {
  time: string;
  eventId: string;
  eventSource: string;
  eventName: string;
  /** The acting identity's ARN (or `account <id>` for cross-account callers without one). */
  actor: string;
  accessKeyId?: string;
  sourceIp?: string;
  userAgent?: string;
  region?: string;
  /** `errorCode` (and message) when the call failed, e.g. `AccessDenied`. */
  error?: string;
  /** Resources the call named or created (ARNs, ids). */
  resources: string[];
  detectionIds: string[];
  scope: ScopeReason;
}

/** A resource the investigation found touched: created, changed, read or used. */
export interface AffectedResource {
  /** CloudFormation-style type: `AWS::IAM::User`, `AWS::EC2::Instance`, `AWS::S3::Bucket`… */
  type: string;
  /** Name, key id, instance id or ARN. */
  id: string;
  arn?: string;
  region?: string;
  /** `created`, `modified`, `read`, `used`, `deleted`, `attempted` (a failed call). */
  change: string;
  /** Events that touched it. */
  eventIds: string[];
  /** Current state from other evidence (e.g. `running` from describe-instances), when known. */
  state?: string;
}

/** Indicators of compromise observed in scope. */
export interface Indicators {
  ips: { value: string; events: number; firstSeen: string; lastSeen: string }[];
  userAgents: { value: string; events: number }[];
  accessKeyIds: { value: string; kind: 'long-term' | 'temporary'; events: number }[];
  /** Outside AWS accounts the attacker used or granted access to. */
  accounts: { value: string; events: number }[];
}

/**
 * One containment step. `action` is one of the catalog's actions
 * (`deactivate-access-key`, `revoke-user-sessions`, `terminate-instances`, …, see
 * containment/actions.yaml); `command` is the exact AWS CLI command; `verify` says how to
 * check it took effect (with a command when there is one).
 */
export interface ContainmentStep {
  step: number;
  action: string;
  /** Key id, ARN, instance ids (space-separated), bucket, secret ARN. */
  target: string;
  region?: string;
  /** Extra argument, e.g. the policy ARN to detach or the key owner's user name. */
  detail?: string;
  /** What this does and why now, in one or two sentences. */
  description: string;
  command: string;
  verify: string;
}

/** A critical finding: a headline with the evidence for it. */
export interface CriticalFinding {
  title: string;
  severity: Severity;
  detail: string;
  eventIds: string[];
}

/** Counts of the run. */
export interface InvestigationStats {
  /** Records read from CloudTrail evidence, valid or not. */
  eventsRead: number;
  /** Events stored after deduplication (the whole evidence, not only this run's). */
  eventsStored: number;
  duplicates: number;
  malformed: number;
  inScope: number;
  /** First and last event of the whole evidence. */
  evidenceStart?: string;
  evidenceEnd?: string;
  durationMs: number;
}

/** The result of an investigation: what every report renders. The JSON report is this object. */
export interface InvestigationResult {
  tool: { name: string; version: string };
  generatedAt: string;
  case: CaseSummary;
  summary: string;
  criticalFindings: CriticalFinding[];
  detections: DetectionHit[];
  /** Detections that fired on events outside the scope (other actors), for a look after the case. */
  otherDetections: DetectionHit[];
  timeline: TimelineEntry[];
  affectedResources: AffectedResource[];
  indicators: Indicators;
  containment: ContainmentStep[];
  /** What the evidence cannot show (missing regions, no data events, gaps), one sentence each. */
  limitingFactors: string[];
  /** Cost in the window from cost evidence, when some was given. */
  cost?: CostImpact;
  /** Files and records skipped, with reasons. */
  warnings: { path?: string; message: string }[];
  stats: InvestigationStats;
}

/** Cost evidence summed over the investigation window (Cost Explorer / CUR exports). Amounts are in `currency`. */
export interface CostImpact {
  currency: string;
  /** First day counted (`YYYY-MM-DD`, UTC): the day of the first in-scope event. */
  since: string;
  /** Last day counted: the last day of the cost evidence (attackers' resources bill after their last call). */
  until: string;
  /** Cost in the window, all lines. */
  total: number;
  /** Cost of lines whose resource id is one the attacker created in scope (instances they launched). */
  attributed: { amount: number; resources: string[] };
  /** Average daily cost before the window (the baseline), when the export reaches back. */
  baselineDaily?: number;
  /** Lines over the baseline: service and region with the amount in the window. */
  anomalies: { service: string; region?: string; amount: number; baselineDaily?: number }[];
}

/**
 * What containment needs to know, as found by scoping. ARNs are full ARNs; regions are
 * where the resource lives. Each list is deduplicated and in first-seen order.
 */
export interface ContainmentFacts {
  /** The account under investigation. */
  account?: string;
  /** Home region of the trail(s) seen in the evidence. */
  trailArns: string[];
  /** Compromised credentials the victim owns (seeds), with the owning IAM user when long-term. */
  compromisedKeys: { accessKeyId: string; userName?: string }[];
  /** Victim IAM users whose sessions (GetSessionToken, console) the attacker used. */
  compromisedUsers: string[];
  /** Victim roles whose sessions the attacker used (instance roles, assumed roles). */
  compromisedRoles: string[];
  /** EC2 instances whose role credentials were stolen. */
  compromisedInstances: { instanceId: string; region: string }[];
  /** IAM users the attacker created, with what they gave them. */
  createdUsers: { arn: string; userName: string; accessKeyIds: string[]; attachedPolicies: string[]; inlinePolicies: string[]; loginProfile: boolean }[];
  /** Access keys the attacker created for users that existed before (not in createdUsers). */
  createdAccessKeys: { accessKeyId: string; userName: string }[];
  /** Login profiles the attacker created or changed on existing users. */
  loginProfiles: { userName: string; created: boolean }[];
  /** Roles the attacker created. */
  createdRoles: { arn: string; roleName: string; attachedPolicies: string[]; inlinePolicies: string[] }[];
  /** Existing roles whose trust policy the attacker replaced (UpdateAssumeRolePolicy). */
  backdooredRoles: { arn: string; roleName: string }[];
  /** Managed policies the attacker attached to existing users or roles. */
  attachedPolicies: { principalArn: string; kind: 'user' | 'role' | 'group'; name: string; policyArn: string }[];
  /** Instances the attacker launched (RunInstances that succeeded). */
  launchedInstances: { instanceId: string; region: string; instanceType?: string }[];
  /** Key pairs the attacker created or imported. */
  keyPairs: { name: string; region: string }[];
  /** Secrets (ARNs or names) the attacker read. */
  secretsRead: string[];
  /** SSM parameters the attacker read with decryption. */
  parametersRead: string[];
  /** Buckets whose policy the attacker changed. */
  bucketPolicies: string[];
  /** Snapshots, AMIs and DB snapshots shared with other accounts. */
  sharedImages: { kind: 'ebs-snapshot' | 'ami' | 'db-snapshot'; id: string; region: string; accounts: string[] }[];
  /** Security group rules the attacker opened. */
  openedSecurityGroups: { groupId: string; region: string; port?: string; cidr?: string }[];
  /** Lambda functions the attacker changed (code, configuration, permissions). */
  changedFunctions: { name: string; region: string; change: string }[];
  /** Logging the attacker tried to disable: `cloudtrail`, `guardduty`, `flow-logs`, `dns-logs`, with target. */
  loggingTampering: { service: string; target: string; region: string; succeeded: boolean }[];
}
