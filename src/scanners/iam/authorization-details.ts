/**
 * Reads the output of `aws iam get-account-authorization-details`
 * (https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetAccountAuthorizationDetails.html):
 * users, groups and roles with their inline policies, attached managed policies (whose
 * documents are the default version in `Policies[].PolicyVersionList`), permissions
 * boundaries and role trust policies, into `IamPrincipal`s. Users also carry the policies
 * of the groups they belong to.
 *
 * Policy documents may be objects (AWS CLI output) or URL-encoded JSON strings (the raw
 * API). An attached policy whose document is not in the file becomes an unresolved
 * policy (decisions involving it are `'unknown'`) plus a warning. Nothing throws.
 */
import type { ScanWarning } from '../../core/warnings.js';
import { type Value, Unknown } from '../iac/graph.js';
import type { IamPrincipal, Policy, PolicyKind, PrincipalType } from './model.js';
import { parseJsonWithLines, parsePolicyDocument } from './parse.js';
import { parseArn } from './patterns.js';

/** Principals of the account, its managed policies by ARN, and what could not be read. */
export interface AuthorizationDetails {
  principals: IamPrincipal[];
  /** Managed policies (default version) by ARN. */
  managedPolicies: Map<string, Policy>;
  warnings: ScanWarning[];
}

type Json = { [key: string]: Value };
const isRecord = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Unknown);
const list = (value: Value | undefined): Value[] => (Array.isArray(value) ? value : []);
const text = (value: Value | undefined): string | undefined => (typeof value === 'string' ? value : undefined);

/**
 * Parse authorization details given as file text (`input` string, lines are then
 * reported) or as an already parsed object. `path` is the repository-relative file name
 * used in sources and warnings; `scps` are attached to every principal.
 */
export function parseAuthorizationDetails(input: string | unknown, options: { path?: string; scps?: Policy[] } = {}): AuthorizationDetails {
  const path = options.path ?? 'authorization-details.json';
  const warnings: ScanWarning[] = [];
  const warn = (message: string, line?: number) => warnings.push({ code: 'iam-authorization-details', message, path, ...(line ? { line } : {}), source: 'iam' });
  let root: unknown = input;
  let lines = new Map<string, number>();
  if (typeof input === 'string') {
    try {
      ({ value: root, lines } = parseJsonWithLines(input));
    } catch (error) {
      warn(`not valid JSON: ${(error as Error).message}`);
      return { principals: [], managedPolicies: new Map(), warnings };
    }
  }
  if (!isRecord(root)) {
    warn('expected the JSON object printed by aws iam get-account-authorization-details');
    return { principals: [], managedPolicies: new Map(), warnings };
  }
  const lineAt = (key: string): number => lines.get(key) ?? 1;

  const document = (doc: Value | undefined, key: string, name: string, kind: PolicyKind): Policy => {
    const parsed = parsePolicyDocument(doc ?? new Unknown(`missing document of ${name}`), { path, line: lineAt(key), lines, prefix: key });
    for (const problem of parsed.problems) warn(`${name}: ${problem.message}${problem.path ? ` (${problem.path})` : ''}`, lineAt(key));
    return { name, kind, statements: parsed.statements, source: { path, line: lineAt(key) } };
  };

  // Managed policies: the default version's document.
  const managedPolicies = new Map<string, Policy>();
  list(root.Policies).forEach((policy, i) => {
    const key = `Policies.${i}`;
    const arn = isRecord(policy) ? text(policy.Arn) : undefined;
    if (!isRecord(policy) || !arn) return warn(`Policies[${i}] has no Arn`, lineAt(key));
    const versions = list(policy.PolicyVersionList);
    const index = versions.findIndex((v) => isRecord(v) && v.IsDefaultVersion === true);
    const chosen = index !== -1 ? index : versions.findIndex((v) => isRecord(v) && v.VersionId === policy.DefaultVersionId);
    const version = versions[chosen];
    if (!isRecord(version)) {
      warn(`${arn} has no default version in PolicyVersionList`, lineAt(key));
      return;
    }
    managedPolicies.set(arn, document(version.Document, `${key}.PolicyVersionList.${chosen}.Document`, arn, 'identity'));
  });

  const attached = (entity: Json, key: string, owner: string): Policy[] =>
    list(entity.AttachedManagedPolicies).flatMap((item, i) => {
      const arn = isRecord(item) ? text(item.PolicyArn) : undefined;
      if (!arn) {
        warn(`${owner}: AttachedManagedPolicies[${i}] has no PolicyArn`, lineAt(`${key}.AttachedManagedPolicies.${i}`));
        return [];
      }
      return [managedOrUnknown(arn, lineAt(`${key}.AttachedManagedPolicies.${i}`))];
    });
  const managedOrUnknown = (arn: string, line: number, kind: PolicyKind = 'identity'): Policy => {
    const found = managedPolicies.get(arn);
    if (found) return kind === found.kind ? found : { ...found, kind };
    warn(`managed policy ${arn} is attached but its document is not in the file; decisions involving it are unknown`, line);
    return document(new Unknown(`document of ${arn} not in the authorization details`), '', arn, kind);
  };
  const inline = (entity: Json, field: string, key: string, owner: string): Policy[] =>
    list(entity[field]).flatMap((item, i) => {
      const name = isRecord(item) ? text(item.PolicyName) : undefined;
      if (!isRecord(item) || !name) {
        warn(`${owner}: ${field}[${i}] has no PolicyName`, lineAt(`${key}.${field}.${i}`));
        return [];
      }
      return [document(item.PolicyDocument, `${key}.${field}.${i}.PolicyDocument`, `${owner}/${name}`, 'identity')];
    });

  const base = (entity: Json, key: string, type: PrincipalType, nameField: string): IamPrincipal | undefined => {
    const name = text(entity[nameField]);
    const arn = text(entity.Arn);
    if (!name || !arn) {
      warn(`${key} has no ${nameField} or Arn`, lineAt(key));
      return undefined;
    }
    const account = parseArn(arn)?.account;
    return {
      id: arn,
      type,
      name,
      arn,
      ...(account ? { accountId: account } : {}),
      identityPolicies: [],
      ...(options.scps ? { scps: options.scps } : {}),
      source: { path, line: lineAt(`${key}.Arn`) },
    };
  };
  const boundary = (entity: Json, key: string): Policy | undefined => {
    const spec = entity.PermissionsBoundary;
    const arn = isRecord(spec) ? text(spec.PermissionsBoundaryArn) : undefined;
    return arn ? managedOrUnknown(arn, lineAt(`${key}.PermissionsBoundary`), 'boundary') : undefined;
  };

  const groups = new Map<string, IamPrincipal>();
  const principals: IamPrincipal[] = [];
  list(root.GroupDetailList).forEach((group, i) => {
    const key = `GroupDetailList.${i}`;
    if (!isRecord(group)) return warn(`${key} is not an object`, lineAt(key));
    const principal = base(group, key, 'group', 'GroupName');
    if (!principal) return;
    principal.identityPolicies = [...inline(group, 'GroupPolicyList', key, `group/${principal.name}`), ...attached(group, key, `group/${principal.name}`)];
    groups.set(principal.name, principal);
    principals.push(principal);
  });
  list(root.UserDetailList).forEach((user, i) => {
    const key = `UserDetailList.${i}`;
    if (!isRecord(user)) return warn(`${key} is not an object`, lineAt(key));
    const principal = base(user, key, 'user', 'UserName');
    if (!principal) return;
    const fromGroups = list(user.GroupList).flatMap((name) => {
      const group = typeof name === 'string' ? groups.get(name) : undefined;
      if (!group) warn(`user ${principal.name} is in group ${String(name)} which is not in GroupDetailList`, lineAt(`${key}.GroupList`));
      return group ? group.identityPolicies : [];
    });
    principal.identityPolicies = dedupe([...inline(user, 'UserPolicyList', key, `user/${principal.name}`), ...attached(user, key, `user/${principal.name}`), ...fromGroups]);
    const limit = boundary(user, key);
    if (limit) principal.boundary = limit;
    principals.push(principal);
  });
  list(root.RoleDetailList).forEach((role, i) => {
    const key = `RoleDetailList.${i}`;
    if (!isRecord(role)) return warn(`${key} is not an object`, lineAt(key));
    const principal = base(role, key, 'role', 'RoleName');
    if (!principal) return;
    principal.identityPolicies = [...inline(role, 'RolePolicyList', key, `role/${principal.name}`), ...attached(role, key, `role/${principal.name}`)];
    const limit = boundary(role, key);
    if (limit) principal.boundary = limit;
    if (role.AssumeRolePolicyDocument !== undefined)
      principal.trustPolicy = document(role.AssumeRolePolicyDocument, `${key}.AssumeRolePolicyDocument`, `role/${principal.name}/trust`, 'trust');
    principals.push(principal);
  });
  return { principals, managedPolicies, warnings };
}

/** A managed policy attached to a user and to its group (or two groups) counts once. */
const dedupe = (policies: Policy[]): Policy[] => [...new Set(policies)];
