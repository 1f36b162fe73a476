/**
 * From the scoped events to what containment must undo ({@link ContainmentFacts}): the
 * victim's compromised credentials, what the attacker created, changed, read, shared,
 * launched and tried to switch off. Only successful calls count, except logging
 * tampering, where a refused attempt still calls for checking the logging.
 * Parameter names follow the API references as CloudTrail logs them (IAM, EC2, S3, RDS,
 * Lambda, CloudTrail, GuardDuty, Route 53 Resolver).
 */
import type { ContainmentFacts } from '../model.js';
import { at, type EventRow, accountOfArn, succeeded, textAt } from '../scope/event-row.js';
import type { ScopedEvent } from '../scope/scope.js';
import { valuesAt } from './resources.js';

/** Reasons that mark credentials the victim owns (shared with the attacker) rather than the attacker's own. */
const VICTIM_KINDS = new Set(['seed-access-key', 'seed-principal', 'detection']);

const push = <T>(list: T[], item: T, same: (a: T) => boolean) => {
  if (!list.some(same)) list.push(item);
};

/** Logging switched off or narrowed: eventName → the service and the request field naming the target. */
const LOGGING: Record<string, { service: string; target: string }> = {
  StopLogging: { service: 'cloudtrail', target: 'name' },
  DeleteTrail: { service: 'cloudtrail', target: 'name' },
  UpdateTrail: { service: 'cloudtrail', target: 'name' },
  PutEventSelectors: { service: 'cloudtrail', target: 'trailName' },
  DeleteDetector: { service: 'guardduty', target: 'detectorId' },
  UpdateDetector: { service: 'guardduty', target: 'detectorId' },
  DeleteFlowLogs: { service: 'flow-logs', target: 'flowLogIds' },
  DeleteResolverQueryLogConfig: { service: 'dns-logs', target: 'resolverQueryLogConfigId' },
  LeaveOrganization: { service: 'organizations', target: '' },
};

/** The instance id of an EC2 role session (session name = instance id), if it is one. */
function instanceOfSession(row: EventRow): string | undefined {
  const name = row.useridentity_arn?.split('/').at(-1);
  return row.useridentity_type === 'AssumedRole' && name && /^i-[0-9a-f]{8,17}$/.test(name) ? name : undefined;
}

/**
 * What containment needs, from the in-scope events (time order). `account` is the
 * account under investigation when known (else the one most events were recorded in).
 */
export function containmentFacts(events: readonly ScopedEvent[], account?: string): ContainmentFacts {
  const facts: ContainmentFacts = {
    account: account ?? mostCommon(events.map((e) => e.row.recipientaccountid)),
    trailArns: [],
    compromisedKeys: [],
    compromisedUsers: [],
    compromisedRoles: [],
    compromisedInstances: [],
    createdUsers: [],
    createdAccessKeys: [],
    loginProfiles: [],
    createdRoles: [],
    backdooredRoles: [],
    attachedPolicies: [],
    launchedInstances: [],
    keyPairs: [],
    secretsRead: [],
    parametersRead: [],
    bucketPolicies: [],
    sharedImages: [],
    openedSecurityGroups: [],
    changedFunctions: [],
    loggingTampering: [],
  };
  const acct = facts.account ?? '';
  const userArn = (name: string) => `arn:aws:iam::${acct}:user/${name}`;
  const roleArn = (name: string) => `arn:aws:iam::${acct}:role/${name}`;

  for (const { row, reason } of events) {
    // The victim's credentials the attacker used.
    if (VICTIM_KINDS.has(reason.kind)) {
      const key = row.useridentity_accesskeyid;
      if (row.useridentity_type === 'IAMUser' && row.useridentity_arn) {
        push(facts.compromisedUsers, row.useridentity_arn, (a) => a === row.useridentity_arn);
        if (key?.startsWith('AKIA')) push(facts.compromisedKeys, { accessKeyId: key, userName: row.useridentity_username ?? undefined }, (k) => k.accessKeyId === key);
      } else if (row.useridentity_type === 'AssumedRole' && row.sessionissuer_arn) {
        push(facts.compromisedRoles, row.sessionissuer_arn, (a) => a === row.sessionissuer_arn);
        const instance = instanceOfSession(row);
        if (instance) push(facts.compromisedInstances, { instanceId: instance, region: row.awsregion ?? 'us-east-1' }, (i) => i.instanceId === instance);
      }
    }
    const logging = LOGGING[row.eventname];
    if (logging) {
      const target = logging.target ? (valuesAt(row.requestparameters, logging.target).join(' ') || row.eventname) : acct;
      const region = row.awsregion ?? 'us-east-1';
      const entry = { service: logging.service, target, region, succeeded: succeeded(row) };
      push(facts.loggingTampering, entry, (t) => t.service === entry.service && t.target === target && t.succeeded === entry.succeeded);
      if (logging.service === 'cloudtrail') {
        const arn = target.startsWith('arn:') ? target : `arn:aws:cloudtrail:${region}:${acct}:trail/${target}`;
        push(facts.trailArns, arn, (a) => a === arn);
      }
    }
    if (!succeeded(row)) continue;
    recordChange(facts, row, userArn, roleArn);
  }
  return facts;
}

/** One successful call's contribution. */
function recordChange(facts: ContainmentFacts, row: EventRow, userArn: (n: string) => string, roleArn: (n: string) => string): void {
  const req = row.requestparameters;
  const res = row.responseelements;
  const region = row.awsregion ?? 'us-east-1';
  const createdUser = (name: string) => facts.createdUsers.find((u) => u.userName === name);
  const createdRole = (name: string) => facts.createdRoles.find((r) => r.roleName === name);
  const userName = textAt(req, 'userName') ?? row.useridentity_username ?? undefined;
  const roleName = textAt(req, 'roleName');
  const policyArn = textAt(req, 'policyArn');
  switch (row.eventname) {
    case 'CreateUser':
      if (userName && !createdUser(userName))
        facts.createdUsers.push({ arn: textAt(res, 'user.arn') ?? userArn(userName), userName, accessKeyIds: [], attachedPolicies: [], inlinePolicies: [], loginProfile: false });
      break;
    case 'CreateAccessKey': {
      const key = textAt(res, 'accessKey.accessKeyId');
      const owner = textAt(res, 'accessKey.userName') ?? userName;
      if (!key || !owner) break;
      const user = createdUser(owner);
      if (user) push(user.accessKeyIds, key, (k) => k === key);
      else push(facts.createdAccessKeys, { accessKeyId: key, userName: owner }, (k) => k.accessKeyId === key);
      break;
    }
    case 'CreateLoginProfile':
    case 'UpdateLoginProfile': {
      if (!userName) break;
      const user = createdUser(userName);
      if (user) user.loginProfile = true;
      else push(facts.loginProfiles, { userName, created: row.eventname === 'CreateLoginProfile' }, (p) => p.userName === userName);
      break;
    }
    case 'AttachUserPolicy':
    case 'AttachRolePolicy':
    case 'AttachGroupPolicy': {
      if (!policyArn) break;
      const kind = row.eventname === 'AttachUserPolicy' ? 'user' : row.eventname === 'AttachRolePolicy' ? 'role' : 'group';
      const name = kind === 'user' ? userName : kind === 'role' ? roleName : textAt(req, 'groupName');
      if (!name) break;
      const created = kind === 'user' ? createdUser(name) : kind === 'role' ? createdRole(name) : undefined;
      if (created) push(created.attachedPolicies, policyArn, (p) => p === policyArn);
      else {
        const principalArn = kind === 'user' ? userArn(name) : kind === 'role' ? roleArn(name) : `arn:aws:iam::${facts.account ?? ''}:group/${name}`;
        push(facts.attachedPolicies, { principalArn, kind, name, policyArn }, (p) => p.principalArn === principalArn && p.policyArn === policyArn);
      }
      break;
    }
    case 'PutUserPolicy':
    case 'PutRolePolicy': {
      const policyName = textAt(req, 'policyName');
      const created = row.eventname === 'PutUserPolicy' ? (userName ? createdUser(userName) : undefined) : roleName ? createdRole(roleName) : undefined;
      if (created && policyName) push(created.inlinePolicies, policyName, (p) => p === policyName);
      break;
    }
    case 'CreateRole':
      if (roleName && !createdRole(roleName)) facts.createdRoles.push({ arn: textAt(res, 'role.arn') ?? roleArn(roleName), roleName, attachedPolicies: [], inlinePolicies: [] });
      break;
    case 'UpdateAssumeRolePolicy':
      if (roleName && !createdRole(roleName)) push(facts.backdooredRoles, { arn: roleArn(roleName), roleName }, (r) => r.roleName === roleName);
      break;
    case 'RunInstances':
      for (const item of valuesAt(res, 'instancesSet.items[].instanceId'))
        push(facts.launchedInstances, { instanceId: item, region, instanceType: textAt(req, 'instanceType') }, (i) => i.instanceId === item);
      break;
    case 'CreateKeyPair':
    case 'ImportKeyPair': {
      const name = textAt(req, 'keyName');
      if (name) push(facts.keyPairs, { name, region }, (k) => k.name === name && k.region === region);
      break;
    }
    case 'GetSecretValue':
    case 'BatchGetSecretValue':
      for (const id of [...valuesAt(req, 'secretId'), ...valuesAt(req, 'secretIdList[]'), ...valuesAt(res, 'secretValues[].aRN')]) push(facts.secretsRead, id, (s) => s === id);
      break;
    case 'GetParameter':
    case 'GetParameters':
      if (at(req, 'withDecryption') === true) for (const name of [...valuesAt(req, 'name'), ...valuesAt(req, 'names[]')]) push(facts.parametersRead, name, (p) => p === name);
      break;
    case 'PutBucketPolicy': {
      const bucket = textAt(req, 'bucketName');
      if (bucket) push(facts.bucketPolicies, bucket, (b) => b === bucket);
      break;
    }
    case 'ModifySnapshotAttribute':
    case 'ModifyImageAttribute':
    case 'ModifyDBSnapshotAttribute': {
      const kind = row.eventname === 'ModifySnapshotAttribute' ? 'ebs-snapshot' : row.eventname === 'ModifyImageAttribute' ? 'ami' : 'db-snapshot';
      const id = textAt(req, kind === 'ebs-snapshot' ? 'snapshotId' : kind === 'ami' ? 'imageId' : 'dBSnapshotIdentifier');
      const accounts = [...valuesAt(req, 'createVolumePermission.add.items[].userId'), ...valuesAt(req, 'launchPermission.add.items[].userId'), ...valuesAt(req, 'launchPermission.add.items[].group'), ...valuesAt(req, 'valuesToAdd[]')];
      if (id && accounts.length) push(facts.sharedImages, { kind, id, region, accounts }, (s) => s.id === id);
      break;
    }
    case 'AuthorizeSecurityGroupIngress': {
      const groupId = textAt(req, 'groupId');
      const cidrs = [...valuesAt(req, 'cidrIp'), ...valuesAt(req, 'ipPermissions.items[].ipRanges.items[].cidrIp'), ...valuesAt(req, 'ipPermissions.items[].ipv6Ranges.items[].cidrIpv6')];
      const from = valuesAt(req, 'fromPort')[0] ?? valuesAt(req, 'ipPermissions.items[].fromPort')[0];
      if (groupId) push(facts.openedSecurityGroups, { groupId, region, ...(from ? { port: from } : {}), ...(cidrs[0] ? { cidr: cidrs[0] } : {}) }, (g) => g.groupId === groupId && g.port === from);
      break;
    }
    case 'UpdateFunctionCode20150331v2':
    case 'UpdateFunctionConfiguration20150331v2':
    case 'AddPermission20150331v2': {
      const name = textAt(req, 'functionName');
      const change = row.eventname.startsWith('UpdateFunctionCode') ? 'code' : row.eventname.startsWith('AddPermission') ? 'permission' : 'configuration';
      if (name) push(facts.changedFunctions, { name, region: accountOfArn(name) ? (name.split(':')[3] ?? region) : region, change }, (f) => f.name === name && f.change === change);
      break;
    }
  }
}

function mostCommon(values: (string | null)[]): string | undefined {
  const counts = new Map<string, number>();
  for (const v of values) if (v) counts.set(v, (counts.get(v) ?? 0) + 1);
  return [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]?.[0];
}
