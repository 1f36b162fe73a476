/**
 * The rest of the evidence an analyst collects after the incident, consistent with a
 * generated dataset: what the account looks like at `dataset.end` (nothing contained yet).
 *
 * - `aws iam get-account-authorization-details`: the background users and roles with the
 *   policies of snapshots.yaml, plus the users, roles and policy attachments the
 *   attacker's records made;
 * - `aws ec2 describe-instances`: the account's instances plus those the attacker launched;
 * - a Cost and Usage Report (legacy CSV columns), daily lines from `historyDays` before the
 *   dataset to its end, with the attacker's instances billed from launch;
 * - `aws guardduty get-findings`: one finding per scenario and one benign finding.
 *
 * Deterministic for the dataset's seed.
 */
import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { DAY_MS, evalSimple } from './background.js';
import type { Dataset } from './generate.js';
import { type BackgroundProfile, defaultProfile } from './profiles.js';
import { Prng } from './prng.js';
import type { CloudTrailRecord } from './record.js';

interface SnapshotData {
  policies: Record<string, string[]>;
  policyDocuments: Record<string, unknown[]>;
  createdDaysBefore: number;
  instances: { id: string; profile?: string; type: string; zone: string; privateIp: string; launchedDaysBefore: number }[];
  costs: {
    currency: string;
    historyDays: number;
    jitter: number;
    daily: { service: string; code: string; region: string; usageType: string; resource?: string; amount: number }[];
    instanceHourly: Record<string, number>;
  };
  guardduty: {
    detectorId: string;
    scenarios: Record<string, { type: string; severity: number; api: string; title: string }>;
    benign: { type: string; severity: number; instance: string; ip: string; title: string };
  };
}

const DATA = parseYaml(readFileSync(new URL('./snapshots.yaml', import.meta.url), 'utf8')) as SnapshotData;

/** The evidence files' contents: JSON values as the AWS CLI prints them, and the CUR as CSV text. */
export interface AccountSnapshots {
  authorizationDetails: unknown;
  describeInstances: unknown;
  costReportCsv: string;
  guardDutyFindings: unknown;
}

const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');
const managedArn = (name: string) => `arn:aws:iam::aws:policy/${name}`;
const policyName = (arn: string) => arn.split('/').at(-1)!;
type Json = Record<string, unknown>;
const obj = (v: unknown): Json => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : {});

/** The attacker's changes, read back from their records. */
function attackerChanges(dataset: Dataset) {
  const ids = new Set(dataset.truth.flatMap((t) => t.eventIds));
  const mine = dataset.records.filter((r) => ids.has(r.eventID) && !r.errorCode);
  const field = (r: CloudTrailRecord, part: 'requestParameters' | 'responseElements', key: string) => obj(r[part])[key];
  const users = mine.filter((r) => r.eventName === 'CreateUser').map((r) => ({ record: r, user: obj(field(r, 'responseElements', 'user')) }));
  const roles = mine.filter((r) => r.eventName === 'CreateRole').map((r) => ({ record: r, role: obj(field(r, 'responseElements', 'role')), trust: field(r, 'requestParameters', 'assumeRolePolicyDocument') }));
  const attachments = mine
    .filter((r) => r.eventName === 'AttachUserPolicy' || r.eventName === 'AttachRolePolicy')
    .map((r) => ({ name: String(field(r, 'requestParameters', r.eventName === 'AttachUserPolicy' ? 'userName' : 'roleName')), policyArn: String(field(r, 'requestParameters', 'policyArn')) }));
  const instances = mine
    .filter((r) => r.eventName === 'RunInstances')
    .flatMap((r) => ((obj(field(r, 'responseElements', 'instancesSet')).items as Json[] | undefined) ?? []).map((item) => ({ item, at: Date.parse(r.eventTime), region: r.awsRegion })));
  return { users, roles, attachments, instances };
}

/** Build every snapshot for `dataset` (generated with `profile`, default the shipped one). */
export function accountSnapshots(dataset: Dataset, profile: BackgroundProfile = defaultProfile()): AccountSnapshots {
  const account = dataset.accountId;
  const start = Date.parse(dataset.start);
  const end = Date.parse(dataset.end);
  const created = iso(start - DATA.createdDaysBefore * DAY_MS);
  const changes = attackerChanges(dataset);
  const attached = (name: string) => changes.attachments.filter((a) => a.name === name).map((a) => a.policyArn);
  const managed = (names: string[]) => names.map((n) => ({ PolicyName: n, PolicyArn: managedArn(n) }));

  const users = [
    ...profile.principals
      .filter((p) => p.userName)
      .map((p) => ({ Path: '/', UserName: p.userName!, UserId: p.principalId, Arn: `arn:aws:iam::${account}:user/${p.userName}`, CreateDate: created, GroupList: [], AttachedManagedPolicies: managed(DATA.policies[p.id] ?? []), Tags: [] })),
    ...changes.users.map(({ record, user }) => {
      const name = String(user.userName);
      return { Path: '/', UserName: name, UserId: String(user.userId), Arn: String(user.arn), CreateDate: record.eventTime, GroupList: [], AttachedManagedPolicies: attached(name).map((a) => ({ PolicyName: policyName(a), PolicyArn: a })), Tags: [] };
    }),
  ];
  const trustFor = (p: BackgroundProfile['principals'][number]) => {
    const by = p.credentials?.mintedBy ?? '';
    const principal = by === 'web-identity' ? { Federated: `arn:aws:iam::${account}:oidc-provider/token.actions.githubusercontent.com` } : by === 'cross-account' ? { AWS: `arn:aws:iam::${profile.accounts.org}:root` } : { Service: by };
    return { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: principal, Action: by === 'web-identity' ? 'sts:AssumeRoleWithWebIdentity' : 'sts:AssumeRole' }] };
  };
  const roles = [
    ...profile.principals
      .filter((p) => p.roleName)
      .map((p) => ({ Path: '/', RoleName: p.roleName!, RoleId: p.principalId, Arn: `arn:aws:iam::${account}:role/${p.roleName}`, CreateDate: created, AssumeRolePolicyDocument: trustFor(p), InstanceProfileList: [], RolePolicyList: [], AttachedManagedPolicies: managed(DATA.policies[p.id] ?? []), Tags: [] })),
    ...changes.roles.map(({ record, role, trust }) => {
      const name = String(role.roleName);
      const document = typeof trust === 'string' ? (JSON.parse(trust) as unknown) : trust;
      return { Path: '/', RoleName: name, RoleId: String(role.roleId), Arn: String(role.arn), CreateDate: record.eventTime, AssumeRolePolicyDocument: document, InstanceProfileList: [], RolePolicyList: [], AttachedManagedPolicies: attached(name).map((a) => ({ PolicyName: policyName(a), PolicyArn: a })), Tags: [] };
    }),
  ];
  const usedPolicies = new Set([...users, ...roles].flatMap((p) => p.AttachedManagedPolicies.map((m) => m.PolicyName)));
  const policies = [...usedPolicies]
    .filter((name) => DATA.policyDocuments[name])
    .sort()
    .map((name) => ({
      PolicyName: name,
      Arn: managedArn(name),
      DefaultVersionId: 'v1',
      AttachmentCount: [...users, ...roles].filter((p) => p.AttachedManagedPolicies.some((m) => m.PolicyName === name)).length,
      IsAttachable: true,
      PolicyVersionList: [{ Document: { Version: '2012-10-17', Statement: DATA.policyDocuments[name] }, VersionId: 'v1', IsDefaultVersion: true }],
    }));

  const prng = new Prng(dataset.seed, 'snapshots');
  const profileIp = (id?: string) => {
    const template = profile.principals.find((p) => p.id === id)?.ips[0];
    return template ? evalSimple(template, prng) : undefined;
  };
  const own = DATA.instances.map((i) => {
    const publicIp = profileIp(i.profile);
    const role = profile.principals.find((p) => p.id === i.profile)?.roleName;
    return instance(i.id, i.type, i.zone, iso(start - i.launchedDaysBefore * DAY_MS), 'running', i.privateIp, publicIp, role ? `arn:aws:iam::${account}:instance-profile/${role}` : undefined);
  });
  const launched = changes.instances.map(({ item, at, region }) =>
    instance(String(item.instanceId), String(item.instanceType), `${region}a`, iso(at), 'running', `172.31.${prng.int(0, 255)}.${prng.int(2, 254)}`, `54.${prng.int(150, 255)}.${prng.int(0, 255)}.${prng.int(1, 254)}`),
  );
  const describeInstances = { Reservations: [...own, ...launched].map((i, n) => ({ ReservationId: `r-0${(n + 1).toString(16).padStart(16, '0')}`, OwnerId: account, Groups: [], Instances: [i] })) };

  return {
    authorizationDetails: { UserDetailList: users, GroupDetailList: [], RoleDetailList: roles, Policies: policies },
    describeInstances,
    costReportCsv: costReport(dataset, changes.instances.map(({ item, at, region }) => ({ id: String(item.instanceId), type: String(item.instanceType), at, region })), start, end, prng),
    guardDutyFindings: guardDutyFindings(dataset, profile),
  };
}

function instance(id: string, type: string, zone: string, launchTime: string, state: string, privateIp: string, publicIp?: string, profileArn?: string): Json {
  return {
    InstanceId: id,
    InstanceType: type,
    LaunchTime: launchTime,
    Placement: { AvailabilityZone: zone, Tenancy: 'default' },
    State: { Code: state === 'running' ? 16 : 48, Name: state },
    PrivateIpAddress: privateIp,
    ...(publicIp ? { PublicIpAddress: publicIp } : {}),
    ...(profileArn ? { IamInstanceProfile: { Arn: profileArn } } : {}),
    MetadataOptions: { HttpTokens: 'required', HttpEndpoint: 'enabled' },
  };
}

const CUR_COLUMNS = ['identity/LineItemId', 'lineItem/UsageAccountId', 'lineItem/LineItemType', 'lineItem/UsageStartDate', 'lineItem/UsageEndDate', 'lineItem/ProductCode', 'lineItem/UsageType', 'lineItem/ResourceId', 'lineItem/UsageAmount', 'lineItem/UnblendedCost', 'lineItem/CurrencyCode', 'product/ProductName', 'product/region'];
const csvCell = (value: string | number) => (/[",\n]/.test(String(value)) ? `"${String(value).replaceAll('"', '""')}"` : String(value));

/** Daily CUR lines: background services with jitter, and each attacker instance's hours that day. */
function costReport(dataset: Dataset, launched: { id: string; type: string; at: number; region: string }[], start: number, end: number, prng: Prng): string {
  const { costs } = DATA;
  const rows: (string | number)[][] = [];
  const line = (day: number, code: string, usageType: string, resource: string, usage: number, cost: number, service: string, region: string) =>
    rows.push([prng.hex(24), dataset.accountId, 'Usage', iso(day), iso(day + DAY_MS), code, usageType, resource, usage.toFixed(4), cost.toFixed(6), costs.currency, service, region]);
  for (let day = start - costs.historyDays * DAY_MS; day < end; day += DAY_MS) {
    for (const d of costs.daily) line(day, d.code, d.usageType, d.resource ?? '', 24, d.amount * (1 + (prng.float() * 2 - 1) * costs.jitter), d.service, d.region);
    for (const i of launched) {
      const hours = Math.max(0, (Math.min(day + DAY_MS, end) - Math.max(day, i.at)) / 3_600_000);
      if (hours > 0) line(day, 'AmazonEC2', `BoxUsage:${i.type}`, i.id, hours, hours * (costs.instanceHourly[i.type] ?? 0), 'Amazon Elastic Compute Cloud', i.region);
    }
  }
  return [CUR_COLUMNS, ...rows].map((r) => r.map(csvCell).join(',')).join('\n') + '\n';
}

/** GuardDuty findings (https://docs.aws.amazon.com/guardduty/latest/APIReference/API_Finding.html) for the scenarios, plus one benign. */
function guardDutyFindings(dataset: Dataset, profile: BackgroundProfile): unknown {
  const { guardduty } = DATA;
  const account = dataset.accountId;
  const arnOf = (id: string) => `arn:aws:guardduty:us-east-1:${account}:detector/${guardduty.detectorId}/finding/${id}`;
  const findings: Json[] = [];
  dataset.truth.forEach((truth, n) => {
    const spec = guardduty.scenarios[truth.scenario];
    if (!spec) return;
    const id = `${(n + 1).toString(16)}${new Prng(dataset.seed, 'finding', truth.scenario).hex(31)}`;
    const key = truth.compromised?.accessKeyId ?? truth.attacker.accessKeyIds[0] ?? '';
    const userName = truth.compromised?.principal.split('/').at(-1) ?? '';
    findings.push({
      AccountId: account,
      Arn: arnOf(id),
      CreatedAt: truth.window.end,
      UpdatedAt: truth.window.end,
      Id: id,
      Partition: 'aws',
      Region: 'us-east-1',
      SchemaVersion: '2.0',
      Type: spec.type,
      Title: spec.title,
      Description: spec.title,
      Severity: spec.severity,
      Resource: { ResourceType: 'AccessKey', AccessKeyDetails: { AccessKeyId: key, PrincipalId: profile.principals.find((p) => p.userName === userName || p.roleName === userName)?.principalId ?? '', UserName: userName, UserType: truth.compromised?.principal.includes(':user/') ? 'IAMUser' : 'AssumedRole' } },
      Service: {
        ServiceName: 'guardduty',
        DetectorId: guardduty.detectorId,
        Count: truth.eventIds.length,
        EventFirstSeen: truth.window.start,
        EventLastSeen: truth.window.end,
        Action: { ActionType: 'AWS_API_CALL', AwsApiCallAction: { Api: spec.api, CallerType: 'Remote IP', RemoteIpDetails: { IpAddressV4: truth.attacker.ips[0] ?? '' }, ServiceName: 'iam.amazonaws.com' } },
      },
    });
  });
  const benign = guardduty.benign;
  const benignId = `b${new Prng(dataset.seed, 'finding', 'benign').hex(31)}`;
  findings.push({
    AccountId: account,
    Arn: arnOf(benignId),
    CreatedAt: dataset.start,
    UpdatedAt: dataset.end,
    Id: benignId,
    Partition: 'aws',
    Region: 'us-east-1',
    SchemaVersion: '2.0',
    Type: benign.type,
    Title: benign.title,
    Description: benign.title,
    Severity: benign.severity,
    Resource: { ResourceType: 'Instance', InstanceDetails: { InstanceId: benign.instance } },
    Service: { ServiceName: 'guardduty', DetectorId: guardduty.detectorId, Count: 14, Action: { ActionType: 'PORT_PROBE', PortProbeAction: { Blocked: false, PortProbeDetails: [{ LocalPortDetails: { Port: 22, PortName: 'SSH' }, RemoteIpDetails: { IpAddressV4: benign.ip } }] } } },
  });
  return { Findings: findings };
}
