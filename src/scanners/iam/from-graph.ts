import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { type PropertyPath, type Resource, type ResourceGraph, Unknown, type Value, isRecord, lineOf, pathKey } from '../iac/graph.js';
import type { IamPrincipal, Policy, PolicyKind, PrincipalType } from './model.js';
import { type PolicySource, parsePolicyDocument, unresolvedStatements } from './parse.js';

/**
 * The statements of a few AWS managed policies whose content decides common analyses
 * (administrator access, the Lambda basic execution role). Others are unknown to Guardian
 * and evaluate as `unknown`, never as allowed or denied.
 */
const AWS_MANAGED = parseYaml(readFileSync(new URL('./data/aws-managed-policies.yaml', import.meta.url), 'utf8')) as Record<string, Value>;

/** A policy declared in the graph, with the resource it came from (for checks and findings). */
export interface GraphPolicy {
  policy: Policy;
  resource: Resource;
  /** Names of the principals it is attached to, for messages (identity policies). */
  attachedTo?: string;
}

/** Principals and policies found in a ResourceGraph. */
export interface GraphIam {
  principals: IamPrincipal[];
  /** Every policy document declared (inline, managed, trust, boundary, resource policies), once each. */
  policies: GraphPolicy[];
  /** Managed policy ARNs attached to each principal, for the administrator-policy check. */
  managedArns: { principal: IamPrincipal; arns: (string | Unknown)[]; resource: Resource }[];
}

/** Resource types that carry resource-based policies, and the property holding the document. */
const RESOURCE_POLICIES: Record<string, string> = {
  'AWS::S3::BucketPolicy': 'PolicyDocument',
  'AWS::SQS::QueuePolicy': 'PolicyDocument',
  'AWS::SNS::TopicPolicy': 'PolicyDocument',
  'AWS::KMS::Key': 'KeyPolicy',
  'AWS::SecretsManager::ResourcePolicy': 'ResourcePolicy',
  'AWS::ECR::Repository': 'RepositoryPolicyText',
  'AWS::ApiGateway::RestApi': 'Policy',
  'AWS::Events::EventBusPolicy': 'Statement',
  'AWS::OpenSearchService::Domain': 'AccessPolicies',
};

const PRINCIPAL_TYPES: Record<string, PrincipalType> = { 'AWS::IAM::Role': 'role', 'AWS::IAM::User': 'user', 'AWS::IAM::Group': 'group' };
const NAME_PROPERTY: Record<PrincipalType, string> = { role: 'RoleName', user: 'UserName', group: 'GroupName' };

/**
 * Build IAM principals from CloudFormation-shaped resources (AWS::IAM::Role/User/Group
 * with inline `Policies`, `ManagedPolicyArns`, `PermissionsBoundary`, role trust
 * policies, users' `Groups`; AWS::IAM::Policy and AWS::IAM::ManagedPolicy attached through
 * `Roles`/`Users`/`Groups`), following the CloudFormation IAM resource reference.
 * Managed policies named by ARN that the template does not define become
 * `unresolvedStatements` unless they are in the small AWS managed-policy table.
 */
export function iamFromGraph(graph: ResourceGraph): GraphIam {
  const policies: GraphPolicy[] = [];
  const managedArns: GraphIam['managedArns'] = [];
  const principals = new Map<Resource, IamPrincipal>();
  const documentOf = (resource: Resource, path: PropertyPath, name: string, kind: PolicyKind): Policy | undefined => {
    let value: Value | undefined = resource.properties;
    for (const step of path) value = isRecord(value) ? value[step as string] : Array.isArray(value) ? value[step as number] : undefined;
    if (value === undefined || value === null) return undefined;
    const source: PolicySource = { path: resource.source.path, line: lineOf(resource, path), lines: resource.lines, prefix: pathKey(path) };
    const parsed = value instanceof Unknown
      ? { statements: unresolvedStatements(`${name} is ${value.expression}`, source) }
      : parsePolicyDocument(value, source);
    return { name, kind, statements: parsed.statements, source };
  };

  for (const resource of graph.resources) {
    const type = PRINCIPAL_TYPES[resource.type];
    if (!type) continue;
    const props = resource.properties;
    const declaredName = props[NAME_PROPERTY[type]];
    const principal: IamPrincipal = {
      id: resource.id,
      type,
      name: typeof declaredName === 'string' ? declaredName : resource.id,
      identityPolicies: [],
      source: resource.source,
    };
    const inline = Array.isArray(props.Policies) ? props.Policies : [];
    inline.forEach((entry, i) => {
      const policyName = isRecord(entry) && typeof entry.PolicyName === 'string' ? entry.PolicyName : `${resource.id}.Policies[${i}]`;
      const policy = documentOf(resource, ['Policies', i, 'PolicyDocument'], `${resource.id}/${policyName}`, 'identity');
      if (policy) {
        principal.identityPolicies.push(policy);
        policies.push({ policy, resource, attachedTo: principal.name });
      }
    });
    if (type === 'role') {
      const trust = documentOf(resource, ['AssumeRolePolicyDocument'], `${resource.id} trust policy`, 'trust');
      if (trust) {
        principal.trustPolicy = trust;
        policies.push({ policy: trust, resource, attachedTo: principal.name });
      }
    }
    const arns = Array.isArray(props.ManagedPolicyArns) ? props.ManagedPolicyArns.filter((a): a is string | Unknown => typeof a === 'string' || a instanceof Unknown) : [];
    if (arns.length) managedArns.push({ principal, arns, resource });
    principals.set(resource, principal);
  }

  const byId = new Map([...principals].map(([resource, principal]) => [`${resource.stack}\u0000${resource.id}`, principal]));
  const byName = new Map([...principals].map(([resource, principal]) => [`${resource.stack}\u0000${principal.type}\u0000${principal.name}`, principal]));
  const find = (stack: string, type: PrincipalType, value: Value): IamPrincipal | undefined => {
    if (value instanceof Unknown) return value.refs.map((ref) => byId.get(`${stack}\u0000${ref.split('#')[0]}`)).find(Boolean);
    return typeof value === 'string' ? byName.get(`${stack}\u0000${type}\u0000${value}`) : undefined;
  };

  // Standalone policies: attach to the principals they name.
  const managedDefinitions = new Map<string, Policy>();
  for (const resource of graph.ofType('AWS::IAM::Policy', 'AWS::IAM::ManagedPolicy')) {
    const name = typeof resource.properties.PolicyName === 'string' ? resource.properties.PolicyName : typeof resource.properties.ManagedPolicyName === 'string' ? resource.properties.ManagedPolicyName : resource.id;
    const policy = documentOf(resource, ['PolicyDocument'], name, 'identity');
    if (!policy) continue;
    managedDefinitions.set(`${resource.stack}\u0000${resource.id}`, policy);
    const holders: string[] = [];
    for (const [key, type] of [['Roles', 'role'], ['Users', 'user'], ['Groups', 'group']] as const) {
      const targets = resource.properties[key];
      for (const target of Array.isArray(targets) ? targets : []) {
        const principal = find(resource.stack, type, target);
        if (!principal) continue;
        principal.identityPolicies.push(policy);
        holders.push(principal.name);
      }
    }
    policies.push({ policy, resource, attachedTo: holders.join(', ') || undefined });
  }

  // Managed policy ARNs and boundaries: a policy of this stack, an AWS managed policy Guardian knows, or unknown.
  const managedPolicy = (resource: Resource, value: string | Unknown, kind: PolicyKind): Policy => {
    if (value instanceof Unknown) {
      const defined = value.refs.map((ref) => managedDefinitions.get(`${resource.stack}\u0000${ref.split('#')[0]}`)).find(Boolean);
      if (defined) return { ...defined, kind };
      return { name: value.expression, kind, statements: unresolvedStatements(`managed policy ${value.expression}`, resource.source) };
    }
    const known = AWS_MANAGED[value.replace(/^arn:aws[a-z-]*:iam::aws:policy\//, '')];
    if (known && value.includes(':iam::aws:policy/')) return { name: value, kind, statements: parsePolicyDocument(known).statements };
    return { name: value, kind, statements: unresolvedStatements(`managed policy ${value} is not in this repository`, resource.source) };
  };
  for (const { principal, arns, resource } of managedArns) {
    for (const arn of arns) principal.identityPolicies.push(managedPolicy(resource, arn, 'identity'));
  }
  for (const [resource, principal] of principals) {
    const boundary = resource.properties.PermissionsBoundary;
    if (typeof boundary === 'string' || boundary instanceof Unknown) principal.boundary = managedPolicy(resource, boundary, 'boundary');
  }
  // Users inherit their groups' policies.
  for (const [resource, principal] of principals) {
    if (principal.type !== 'user') continue;
    const groups = Array.isArray(resource.properties.Groups) ? resource.properties.Groups : [];
    for (const group of groups) {
      const found = find(resource.stack, 'group', group);
      if (found) principal.identityPolicies.push(...found.identityPolicies);
    }
  }

  for (const resource of graph.resources) {
    const property = RESOURCE_POLICIES[resource.type];
    if (!property) continue;
    const policy = documentOf(resource, [property], `${resource.id} ${property}`, 'resource');
    if (policy) policies.push({ policy, resource });
  }

  return { principals: [...principals.values()].filter((p) => p.type !== 'group'), policies, managedArns };
}
