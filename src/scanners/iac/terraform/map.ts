/**
 * The engine that applies the mapping table (`mappings.ts`) to evaluated Terraform
 * resources: CloudFormation type, PascalCase properties at the paths the table names,
 * and the line of every argument and block that set them.
 */
import { type PropertyPath, type Resource, Unknown, type Value, isRecord, pathKey } from '../graph.js';
import { type EvaluatedAttribute, type EvaluatedBlock, attributeValue, blocksOf } from './blocks.js';
import type { BlockRule, Conversion, FieldRule, MergeRule, ResourceRule, ShapeName } from './mapping-types.js';
import { RESOURCE_MAPPINGS } from './mappings.js';
import type { InstanceResource } from './module.js';
import { parsePolicyValue } from './policy-value.js';
import { asBool, asNumber, asString, literalLines } from './values.js';

/** Properties and the lines that set them, before they become (or merge into) a resource. */
export interface Fragment {
  properties: { [key: string]: Value };
  lines: Map<string, number>;
}

/** A mapped resource, and for companions the rule saying which resource to merge into. */
export interface MappedResource {
  resource: Resource;
  /** Set for companions (`aws_s3_bucket_versioning`, ...): the fragment to merge and how to find its target. */
  companion?: { rule: MergeRule; key: Value | undefined; fragment: Fragment; path: string };
}

/**
 * Map one evaluated resource of root module directory `stack`. Types without a
 * mapping keep their Terraform type and raw (snake_case) arguments, nested blocks as
 * arrays of objects. Companions are returned as raw resources plus the fragment to merge.
 */
export function mapResource(stack: string, resource: InstanceResource): MappedResource {
  const { block } = resource;
  const rule = RESOURCE_MAPPINGS[resource.type];
  const base = { stack, id: resource.address, format: 'terraform' as const, source: { path: block.path, line: block.line, endLine: block.endLine } };
  const attributes = Object.keys(resource.meta).length > 0 ? { attributes: resource.meta } : {};
  if (!rule || rule.merge) {
    const raw = rawFragment(block);
    const mapped: MappedResource = { resource: { ...base, type: resource.type, properties: raw.properties, lines: raw.lines, ...attributes } };
    if (rule?.merge) mapped.companion = { rule: rule.merge, key: attributeValue(block, rule.merge.by), fragment: applyRule(rule, block), path: block.path };
    return mapped;
  }
  const fragment = applyRule(rule, block);
  return { resource: { ...base, type: rule.type, properties: fragment.properties, lines: fragment.lines, ...attributes } };
}

/** The properties one rule makes of a block. */
export function applyRule(rule: ResourceRule, block: EvaluatedBlock): Fragment {
  const fragment: Fragment = { properties: {}, lines: new Map() };
  applyContent(fragment, fragment.properties, [], block, rule.fields ?? {}, rule.blocks ?? {});
  const tags = attributeValue(block, 'tags');
  if (rule.tags !== false && tags !== undefined && tags !== null) {
    const line = block.attributes.get('tags')!.line;
    setField(fragment, fragment.properties, [], 'Tags', rule.tags === 'map' ? tags : convert(tags, 'tags'), line, block.path);
  }
  if (rule.shape) SHAPES[rule.shape](fragment, block);
  for (const [property, value] of Object.entries(rule.defaults ?? {})) if (!(property in fragment.properties)) fragment.properties[property] = value;
  return fragment;
}

function applyContent(fragment: Fragment, target: { [key: string]: Value }, path: PropertyPath, block: EvaluatedBlock, fields: Record<string, FieldRule>, blocks: Record<string, BlockRule>): void {
  for (const [argument, fieldRule] of Object.entries(fields)) {
    const attribute = block.attributes.get(argument);
    if (!attribute || attribute.value === null) continue;
    const { to, as } = typeof fieldRule === 'string' ? { to: fieldRule, as: undefined } : fieldRule;
    setField(fragment, target, path, to, as ? convert(attribute.value, as) : attribute.value, attribute.line, block.path);
  }
  for (const [type, blockRule] of Object.entries(blocks)) {
    for (const nested of blocksOf(block, type)) applyBlock(fragment, target, path, nested, blockRule);
  }
}

function applyBlock(fragment: Fragment, target: { [key: string]: Value }, path: PropertyPath, block: EvaluatedBlock, rule: BlockRule): void {
  const segments = rule.to === '' ? [] : rule.to.split('.');
  if (block.dynamic) {
    if (segments.length === 0) return;
    setField(fragment, target, path, rule.to, block.dynamic, block.line, block.path);
    return;
  }
  const container = segments.length === 0 ? target : objectAt(target, segments.slice(0, -1));
  if (!container) return;
  const last = segments[segments.length - 1];
  let object: { [key: string]: Value };
  let objectPath: PropertyPath;
  if (last === undefined) {
    object = container;
    objectPath = path;
  } else if (rule.list) {
    const existing = container[last];
    const list = Array.isArray(existing) ? existing : (container[last] = []);
    if (!Array.isArray(list)) return;
    object = {};
    objectPath = [...path, ...segments, list.length];
    list.push(object);
  } else {
    const existing = container[last];
    object = isRecord(existing) ? existing : {};
    container[last] = object;
    objectPath = [...path, ...segments];
  }
  if (segments.length > 0 && !fragment.lines.has(pathKey(objectPath))) fragment.lines.set(pathKey(objectPath), block.line);
  for (const [property, value] of Object.entries(rule.constants ?? {})) object[property] = value;
  applyContent(fragment, object, objectPath, block, rule.fields ?? {}, rule.blocks ?? {});
}

/** Set `to` (dotted, relative to `target` at `path`) and record its line and those of literal entries in it. */
function setField(fragment: Fragment, target: { [key: string]: Value }, path: PropertyPath, to: string, value: Value, line: number, file: string): void {
  const segments = to.split('.');
  const container = objectAt(target, segments.slice(0, -1));
  if (!container) return;
  container[segments[segments.length - 1]!] = value;
  const full = [...path, ...segments];
  for (let i = path.length + 1; i < full.length; i++) if (!fragment.lines.has(pathKey(full.slice(0, i)))) fragment.lines.set(pathKey(full.slice(0, i)), line);
  fragment.lines.set(pathKey(full), line);
  // Items of a list made by a conversion (`role` → `Roles: [role]`) were written on the argument's line.
  if (Array.isArray(value) && !literalLines.has(value)) value.forEach((_item, i) => fragment.lines.set(pathKey([...full, i]), line));
  recordLiteralLines(fragment.lines, value, full, file);
}

/** Lines of the entries of object/tuple literals (a `jsonencode` policy's statements) written in `file`. */
function recordLiteralLines(lines: Map<string, number>, value: Value, path: PropertyPath, file: string): void {
  if (typeof value !== 'object' || value === null || value instanceof Unknown) return;
  const known = literalLines.get(value);
  const entries: [string | number, Value][] = Array.isArray(value) ? value.map((v, i) => [i, v]) : Object.entries(value);
  for (const [key, item] of entries) {
    const line = known && known.path === file ? known.lines.get(key) : undefined;
    if (line !== undefined) lines.set(pathKey([...path, key]), line);
    recordLiteralLines(lines, item, [...path, key], file);
  }
}

/** The object at `segments` under `target`, creating empty objects on the way; `undefined` if a non-object is in the way. */
function objectAt(target: { [key: string]: Value }, segments: readonly string[]): { [key: string]: Value } | undefined {
  let current = target;
  for (const segment of segments) {
    const next = current[segment];
    if (next === undefined) current = current[segment] = {};
    else if (isRecord(next)) current = next;
    else return undefined;
  }
  return current;
}

const ACL_WORDS: Record<string, string> = { aws: 'Aws' };

/** Apply a conversion; values that do not convert (unknowns, odd types) pass unchanged. */
export function convert(value: Value, as: Conversion): Value {
  switch (as) {
    case 'bool':
      return asBool(value) ?? value;
    case 'number':
      return asNumber(value) ?? value;
    case 'string':
      return asString(value) ?? value;
    case 'policy':
      return parsePolicyValue(value);
    case 'list':
      return Array.isArray(value) ? value : [value];
    case 'tags':
      return isRecord(value) ? Object.entries(value).map(([Key, v]) => ({ Key, Value: v })) : value;
    case 'cannedAcl':
      return typeof value === 'string'
        ? value
            .split('-')
            .map((word) => ACL_WORDS[word] ?? word.charAt(0).toUpperCase() + word.slice(1))
            .join('')
        : value;
    case 'versioningStatus': {
      const enabled = asBool(value);
      return enabled === undefined ? value : enabled ? 'Enabled' : 'Suspended';
    }
    case 'containerDefinitions': {
      // The same JSON handling as policies: text, jsonencode() and templates with unknown pieces.
      const parsed = parsePolicyValue(value);
      return Array.isArray(parsed) ? parsed.map(cloudFormationKeys) : parsed;
    }
    case 'base64Text':
      return typeof value === 'string' && BASE64.test(value) ? Buffer.from(value, 'base64').toString('utf8') : value;
  }
}

const BASE64 = /^\s*(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?\s*$/;

/** ECS container definition maps whose keys the user chooses (log driver options, Docker labels): kept as written. */
const FREE_FORM_KEYS = new Set(['options', 'dockerLabels', 'driverOpts', 'labels']);

/**
 * ECS API keys (`readonlyRootFilesystem`, `valueFrom`) → CloudFormation's ContainerDefinition
 * keys, which are the same names with the first letter upper-cased
 * (https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-ecs-taskdefinition-containerdefinition.html).
 */
function cloudFormationKeys(value: Value): Value {
  if (Array.isArray(value)) return value.map(cloudFormationKeys);
  if (!isRecord(value)) return value;
  const result: { [key: string]: Value } = {};
  for (const [key, item] of Object.entries(value)) result[key.charAt(0).toUpperCase() + key.slice(1)] = FREE_FORM_KEYS.has(key) ? item : cloudFormationKeys(item);
  return result;
}

/** Raw arguments of an unmapped type: attributes as written, nested blocks as arrays of objects. */
export function rawFragment(block: EvaluatedBlock): Fragment {
  const fragment: Fragment = { properties: {}, lines: new Map() };
  fillRaw(fragment, fragment.properties, [], block);
  return fragment;
}

function fillRaw(fragment: Fragment, target: { [key: string]: Value }, path: PropertyPath, block: EvaluatedBlock): void {
  for (const [name, attribute] of block.attributes) {
    target[name] = attribute.value;
    fragment.lines.set(pathKey([...path, name]), attribute.line);
  }
  for (const nested of block.blocks) {
    if (nested.dynamic) {
      target[nested.type] = nested.dynamic;
      fragment.lines.set(pathKey([...path, nested.type]), nested.line);
      continue;
    }
    const existing = target[nested.type];
    const list = Array.isArray(existing) ? existing : (target[nested.type] = []);
    if (!Array.isArray(list)) continue;
    const object: { [key: string]: Value } = {};
    const objectPath = [...path, nested.type, list.length];
    list.push(object);
    fragment.lines.set(pathKey(objectPath), nested.line);
    fillRaw(fragment, object, objectPath, nested);
  }
}

/** API Gateway method settings argument → `MethodSettings` property (AWS::ApiGateway::Stage MethodSetting). */
const METHOD_SETTING_FIELDS: Record<string, FieldRule> = {
  metrics_enabled: { to: 'MetricsEnabled', as: 'bool' },
  logging_level: 'LoggingLevel',
  data_trace_enabled: { to: 'DataTraceEnabled', as: 'bool' },
  caching_enabled: { to: 'CachingEnabled', as: 'bool' },
  cache_data_encrypted: { to: 'CacheDataEncrypted', as: 'bool' },
  cache_ttl_in_seconds: { to: 'CacheTtlInSeconds', as: 'number' },
  throttling_burst_limit: { to: 'ThrottlingBurstLimit', as: 'number' },
  throttling_rate_limit: { to: 'ThrottlingRateLimit', as: 'number' },
};

/** CodeBuild webhook filter → `FilterGroups` entry (AWS::CodeBuild::Project WebhookFilter). */
const WEBHOOK_FILTER_FIELDS: Record<string, FieldRule> = { type: 'Type', pattern: 'Pattern', exclude_matched_pattern: { to: 'ExcludeMatchedPattern', as: 'bool' } };

/** Security group rule arguments shared by `ingress`/`egress` blocks and `aws_security_group_rule` (AWS::EC2::SecurityGroup Ingress/Egress). */
const SECURITY_GROUP_RULE_FIELDS: Record<string, FieldRule> = {
  protocol: 'IpProtocol',
  from_port: { to: 'FromPort', as: 'number' },
  to_port: { to: 'ToPort', as: 'number' },
  description: 'Description',
};

/** Terraform rule sources (lists, or one id) → the one-source property of a CloudFormation rule entry. */
const SECURITY_GROUP_RULE_SOURCES: [string, string][] = [
  ['cidr_blocks', 'CidrIp'],
  ['ipv6_cidr_blocks', 'CidrIpv6'],
  ['security_groups', 'SourceSecurityGroupId'],
  ['source_security_group_id', 'SourceSecurityGroupId'],
  ['prefix_list_ids', 'SourcePrefixListId'],
];

/** Append `entry` to the rule list `property`, declared at `line`, with the lines of its fields. */
function pushRuleEntry(fragment: Fragment, property: string, entry: Value, line: number, fieldLines: [string, number][] = []): void {
  const existing = fragment.properties[property];
  const list = Array.isArray(existing) ? existing : (fragment.properties[property] = []);
  if (!Array.isArray(list)) return;
  const index = list.length;
  list.push(entry);
  if (!fragment.lines.has(property)) fragment.lines.set(property, line);
  fragment.lines.set(pathKey([property, index]), line);
  for (const [field, fieldLine] of fieldLines) fragment.lines.set(pathKey([property, index, field]), fieldLine);
}

/**
 * One Terraform rule (a block's or `aws_security_group_rule`'s arguments) → CloudFormation
 * entries, which name one source each: a rule with two CIDR blocks becomes two entries.
 * An unknown source list stays one entry whose source is unknown.
 */
function addRuleEntries(fragment: Fragment, property: string, args: ReadonlyMap<string, EvaluatedAttribute>, line: number): void {
  const base: { [key: string]: Value } = {};
  const baseLines: [string, number][] = [];
  for (const [argument, fieldRule] of Object.entries(SECURITY_GROUP_RULE_FIELDS)) {
    const attribute = args.get(argument);
    if (!attribute || attribute.value === null) continue;
    const { to, as } = typeof fieldRule === 'string' ? { to: fieldRule, as: undefined } : fieldRule;
    base[to] = as ? convert(attribute.value, as) : attribute.value;
    baseLines.push([to, attribute.line]);
  }
  let added = false;
  for (const [argument, to] of SECURITY_GROUP_RULE_SOURCES) {
    const attribute = args.get(argument);
    if (!attribute || attribute.value === null) continue;
    for (const source of Array.isArray(attribute.value) ? attribute.value : [attribute.value]) {
      pushRuleEntry(fragment, property, { ...base, [to]: source }, line, [...baseLines, [to, attribute.line]]);
      added = true;
    }
  }
  if (!added) pushRuleEntry(fragment, property, base, line, baseLines);
}

/** Shapes a field table cannot express. */
const SHAPES: Record<ShapeName, (fragment: Fragment, block: EvaluatedBlock) => void> = {
  // Server-side encryption in DynamoDB is always KMS; the provider has no type argument.
  dynamodbSseType: (fragment) => {
    const sse = fragment.properties.SSESpecification;
    if (isRecord(sse) && sse.SSEEnabled === true && sse.SSEType === undefined) sse.SSEType = 'KMS';
  },
  // method_path is `{resource_path}/{http_method}` without the leading slash, or `*/*`;
  // CloudFormation wants ResourcePath `/*` or with slashes encoded as `~1`, and HttpMethod.
  methodSettings: (fragment, block) => {
    const setting: { [key: string]: Value } = {};
    const methodPath = attributeValue(block, 'method_path');
    const path: PropertyPath = ['MethodSettings', 0];
    if (typeof methodPath === 'string') {
      const slash = methodPath.lastIndexOf('/');
      const resourcePath = slash < 0 ? '*' : methodPath.slice(0, slash);
      setting.ResourcePath = resourcePath === '*' ? '/*' : `/${resourcePath.replace(/^\//, '').replaceAll('/', '~1')}`;
      setting.HttpMethod = slash < 0 ? '*' : methodPath.slice(slash + 1);
    } else if (methodPath !== undefined) {
      setting.ResourcePath = methodPath;
    }
    fragment.properties.MethodSettings = [setting];
    fragment.lines.set(pathKey(path), block.attributes.get('method_path')?.line ?? block.line);
    for (const settings of blocksOf(block, 'settings')) {
      if (settings.dynamic) continue;
      fragment.lines.set(pathKey(path), settings.line);
      applyContent(fragment, setting, path, settings, METHOD_SETTING_FIELDS, {});
    }
  },
  webhookTriggers: (fragment, block) => {
    const triggers: { [key: string]: Value } = { Webhook: true };
    const buildType = attributeValue(block, 'build_type');
    if (buildType !== undefined && buildType !== null) triggers.BuildType = buildType;
    const groups: Value[] = [];
    for (const [g, group] of blocksOf(block, 'filter_group').entries()) {
      if (group.dynamic) {
        groups.push(group.dynamic);
        continue;
      }
      const filters: Value[] = [];
      for (const [f, filter] of blocksOf(group, 'filter').entries()) {
        if (filter.dynamic) {
          filters.push(filter.dynamic);
          continue;
        }
        const object: { [key: string]: Value } = {};
        filters.push(object);
        fragment.lines.set(pathKey(['Triggers', 'FilterGroups', g, f]), filter.line);
        applyContent(fragment, object, ['Triggers', 'FilterGroups', g, f], filter, WEBHOOK_FILTER_FIELDS, {});
      }
      groups.push(filters);
      fragment.lines.set(pathKey(['Triggers', 'FilterGroups', g]), group.line);
    }
    if (groups.length > 0) triggers.FilterGroups = groups;
    // aws_codebuild_webhook `pull_request_build_policy { requires_comment_approval, approver_roles }`
    // is CloudFormation's Triggers.PullRequestBuildPolicy.
    const policy = blocksOf(block, 'pull_request_build_policy')[0];
    if (policy) {
      const approval = attributeValue(policy, 'requires_comment_approval');
      const roles = attributeValue(policy, 'approver_roles');
      triggers.PullRequestBuildPolicy = { ...(approval !== undefined ? { RequiresCommentApproval: approval } : {}), ...(roles !== undefined ? { ApproverRoles: roles } : {}) };
      fragment.lines.set(pathKey(['Triggers', 'PullRequestBuildPolicy']), policy.line);
    }
    fragment.properties.Triggers = triggers;
    fragment.lines.set('Triggers', block.line);
  },
  // aws_instance `associate_public_ip_address` is the setting of CloudFormation's primary
  // network interface (DeviceIndex 0); the provider allows it only without network_interface blocks.
  instancePublicIp: (fragment, block) => {
    const attribute = block.attributes.get('associate_public_ip_address');
    if (!attribute || attribute.value === null) return;
    fragment.properties.NetworkInterfaces = [{ DeviceIndex: '0', AssociatePublicIpAddress: convert(attribute.value, 'bool') }];
    for (const key of ['NetworkInterfaces', 'NetworkInterfaces.0', 'NetworkInterfaces.0.AssociatePublicIpAddress']) fragment.lines.set(key, attribute.line);
  },
  // aws_security_group `ingress`/`egress` blocks, or the same as attributes (`ingress = [{...}]`).
  // A dynamic block adds an unknown entry: the rules written out beside it are still checked.
  securityGroupRules: (fragment, block) => {
    for (const [type, property] of [
      ['ingress', 'SecurityGroupIngress'],
      ['egress', 'SecurityGroupEgress'],
    ] as const) {
      const attribute = block.attributes.get(type);
      if (attribute && attribute.value !== null) {
        for (const item of Array.isArray(attribute.value) ? attribute.value : [attribute.value]) {
          if (!isRecord(item)) pushRuleEntry(fragment, property, item, attribute.line);
          else addRuleEntries(fragment, property, new Map(Object.entries(item).map(([name, value]) => [name, { value, line: attribute.line }])), attribute.line);
        }
      }
      for (const nested of blocksOf(block, type)) {
        if (nested.dynamic) pushRuleEntry(fragment, property, nested.dynamic, nested.line);
        else addRuleEntries(fragment, property, nested.attributes, nested.line);
      }
    }
  },
  // aws_security_group_rule: `type` says whether it is an ingress or an egress rule.
  securityGroupRule: (fragment, block) => {
    const type = attributeValue(block, 'type');
    if (type === 'ingress' || type === 'egress') addRuleEntries(fragment, type === 'ingress' ? 'SecurityGroupIngress' : 'SecurityGroupEgress', block.attributes, block.line);
  },
};
