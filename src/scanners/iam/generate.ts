/**
 * Least-privilege policy generation from CloudTrail, after IAM Access Analyzer's policy
 * generation (https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-policy-generation.html):
 * the actions a principal actually called, with resources narrowed to the ARNs the events
 * name, grouped into statements. Calls refused by authorisation are listed apart and
 * never granted.
 *
 * Event → action: eventSource host → service prefix (same name unless
 * `data/cloudtrail-actions.yml` says otherwise), eventName (minus API-version suffixes,
 * through the per-service renames) → action, confirmed and cased by the IAM action catalog.
 * Event → resources: the ARN formats of the action's resource types in the catalog, filled
 * from well-known request parameters; else `resources[]` ARNs of the same service; else `*`.
 */
import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import type { CloudTrailEvent } from '../../core/cloudtrail.js';
import { type ActionCatalog, type ActionInfo, loadActionCatalog } from './actions.js';
import { parseArn } from './patterns.js';

interface EventMapping {
  servicePrefixes: Record<string, string>;
  unmappable: Record<string, string>;
  skipEventTypes: string[];
  eventNameSuffixes: string[];
  actionNames: Record<string, Record<string, string>>;
  deniedErrorCodes: string[];
  resourceParameters: Record<string, Record<string, string>>;
  nameSuffixes: Record<string, string>;
}

/** The event-to-action exceptions (data/cloudtrail-actions.yml), loaded once. */
export const EVENT_MAPPING: EventMapping = parseYaml(readFileSync(new URL('./data/cloudtrail-actions.yml', import.meta.url), 'utf8')) as EventMapping;
const SUFFIXES = EVENT_MAPPING.eventNameSuffixes.map((s) => new RegExp(s));
const DENIED = EVENT_MAPPING.deniedErrorCodes.map((s) => new RegExp(s));

/** An action the principal used (or was refused), how often, and the resources named. */
export interface UsedAction {
  action: string;
  count: number;
  /** Sorted ARNs, or `['*']` when some call named no resource Guardian could narrow to. */
  resources: string[];
}

/** An event of the principal Guardian could not turn into an action. */
export interface SkippedEvent {
  eventID?: string;
  eventSource: string;
  eventName: string;
  reason: string;
}

/** The generated policy and the evidence behind it. */
export interface GeneratedPolicy {
  /** IAM JSON policy document: `{Version: '2012-10-17', Statement: [{Sid, Effect: 'Allow', Action, Resource}]}`. */
  policy: { Version: '2012-10-17'; Statement: { Sid: string; Effect: 'Allow'; Action: string[]; Resource: string | string[] }[] };
  actions: UsedAction[];
  /** Calls refused by authorisation (AccessDenied, UnauthorizedOperation, ...): not granted. */
  denied: UsedAction[];
  skipped: SkippedEvent[];
  /** Events of the principal that were considered. */
  matchedEvents: number;
}

/**
 * Whether `event` was made by `principalArn`: the same identity ARN, or for a role ARN
 * (`arn:aws:iam::111122223333:role/path/Deploy`) any of its sessions
 * (`arn:aws:sts::111122223333:assumed-role/Deploy/session`, matched by session issuer or by
 * account and role name), or for `arn:aws:sts::ACCOUNT:assumed-role/Role` without a session
 * name, every session of that role.
 */
export function eventMatchesPrincipal(event: CloudTrailEvent, principalArn: string): boolean {
  const identity = event.userIdentity;
  if (identity.arn === principalArn) return true;
  const wanted = parseArn(principalArn);
  if (!wanted) return false;
  const issuer = identity.sessionContext?.sessionIssuer?.arn;
  if (wanted.service === 'iam' && wanted.resource.startsWith('role/')) {
    if (issuer === principalArn) return true;
    const roleName = wanted.resource.split('/').pop();
    const session = identity.arn ? parseArn(identity.arn) : undefined;
    return Boolean(session && session.service === 'sts' && session.account === wanted.account && session.resource.split('/')[1] === roleName && session.resource.startsWith('assumed-role/'));
  }
  if (wanted.service === 'sts' && wanted.resource.startsWith('assumed-role/') && wanted.resource.split('/').length === 2) {
    return Boolean(identity.arn?.startsWith(`${principalArn}/`));
  }
  return false;
}

/** The IAM action an event calls, or why there is none. Needs the catalog for the confirmation and casing. */
export function actionForEvent(event: CloudTrailEvent, catalog: ActionCatalog): ActionInfo | { reason: string } {
  const host = event.eventSource.replace(/\.amazonaws\.com(\.cn)?$/, '');
  const service = EVENT_MAPPING.servicePrefixes[host] ?? host;
  const unmappable = EVENT_MAPPING.unmappable[service];
  if (unmappable) return { reason: unmappable };
  if (!catalog.hasService(service)) return { reason: `no IAM service prefix for event source ${event.eventSource}` };
  let name = event.eventName;
  for (const suffix of SUFFIXES) name = name.replace(suffix, '');
  name = EVENT_MAPPING.actionNames[service]?.[name] ?? name;
  return catalog.lookup(`${service}:${name}`) ?? { reason: `no IAM action ${service}:${name} in the catalog` };
}

/** The partition: from the caller's ARN when there is one (`arn:aws-cn:...`), else from the region name. */
function partitionOf(event: CloudTrailEvent): string {
  const fromArn = event.userIdentity.arn ? parseArn(event.userIdentity.arn)?.partition : undefined;
  if (fromArn) return fromArn;
  const region = event.awsRegion ?? '';
  return region.startsWith('cn-') ? 'aws-cn' : region.startsWith('us-gov-') ? 'aws-us-gov' : 'aws';
}

/** String values at a dotted path of request parameters, flattening lists on the way (`instancesSet.items.instanceId`). */
export function parameterValues(parameters: unknown, path: string): string[] {
  let current: unknown[] = [parameters];
  for (const step of path.split('.')) {
    current = current.flatMap((value) => (Array.isArray(value) ? value : [value])).flatMap((value) =>
      typeof value === 'object' && value !== null && step in value ? [(value as Record<string, unknown>)[step]] : [],
    );
  }
  return current.flatMap((value) => (Array.isArray(value) ? value : [value])).filter((v): v is string => typeof v === 'string' && v !== '');
}

/** The ARNs an event's call applies to for `action`; empty when none can be named. */
export function resourcesForEvent(event: CloudTrailEvent, action: ActionInfo, catalog: ActionCatalog): string[] {
  if (action.resourceTypes.length === 0) return [];
  const mapping = EVENT_MAPPING.resourceParameters[action.service] ?? {};
  // `type:Variable` or `Variable` → candidate values from the request.
  const formats = action.resourceTypes.map((type) => catalog.arnFormat(action.service, type)).filter((f): f is string => f !== undefined);
  const isResourceArn = (arn: string) => formats.some((format) => arnFitsFormat(arn, format));
  const variables = new Map<string, string[]>();
  const direct: string[] = [];
  for (const [parameter, target] of Object.entries(mapping)) {
    const variable = target.split(':').pop() ?? target;
    for (const value of parameterValues(event.requestParameters, parameter)) {
      if (value.startsWith('arn:')) {
        if (isResourceArn(value)) direct.push(value);
        continue;
      }
      const suffix = EVENT_MAPPING.nameSuffixes[`${action.service}.${variable}`] ?? '';
      const cleaned = variable.endsWith('WithoutLeadingSlash') ? value.replace(/^\//, '') : value;
      variables.set(target, [...(variables.get(target) ?? []), cleaned + suffix]);
    }
  }
  if (direct.length) return [...new Set(direct)];
  const common = { Partition: [partitionOf(event)], Region: [event.awsRegion ?? ''], Account: [event.recipientAccountId ?? event.userIdentity.accountId ?? ''] };
  for (const type of action.resourceTypes) {
    const format = catalog.arnFormat(action.service, type);
    if (!format) continue;
    const values: Record<string, string[]> = { ...common };
    for (const [target, candidates] of variables) {
      const [restriction, variable] = target.includes(':') ? target.split(':') : [undefined, target];
      if (variable && (!restriction || restriction === type)) values[variable] = [...(values[variable] ?? []), ...candidates];
    }
    // A format naming nothing from the request (`.../model-endpoint/all-access`) says nothing about this call.
    const named = [...format.matchAll(/\$\{([^}]+)\}/g)].map((m) => m[1] ?? '').filter((v) => !(v in common));
    if (named.length === 0) continue;
    const filled = fillArnFormat(format, values);
    if (filled.length) return [...new Set(filled)];
  }
  return [...new Set(event.resources.map((r) => r.ARN).filter((arn): arn is string => Boolean(arn && isResourceArn(arn))))];
}

/** Whether `arn` has the shape of a catalog ARN format (each `${Var}` standing for any run of characters). */
function arnFitsFormat(arn: string, format: string): boolean {
  const pattern = format
    .split(/\$\{[^}]+\}/)
    .map((part) => part.replace(/[.*+?^$()|[\]\\{}]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${pattern}$`).test(arn);
}

/** Fill `${Var}` placeholders; every combination of candidate values, or `[]` when a variable has no non-empty value. */
function fillArnFormat(format: string, values: Record<string, string[]>): string[] {
  let results = [''];
  let last = 0;
  for (const match of format.matchAll(/\$\{([^}]+)\}/g)) {
    const literal = format.slice(last, match.index);
    last = match.index + match[0].length;
    const name = match[1] ?? '';
    const candidates = values[name] ?? [];
    if (candidates.length === 0 || candidates.every((c) => c === '')) return [];
    results = results.flatMap((prefix) => candidates.map((c) => prefix + literal + c));
  }
  return results.map((r) => r + format.slice(last));
}

const isDenied = (event: CloudTrailEvent): boolean => Boolean(event.errorCode && DENIED.some((re) => re.test(event.errorCode!)));

/**
 * Generate a least-privilege policy for `principalArn` from its CloudTrail events. Loads
 * the action catalog when `options.catalog` is not given. Events of other principals are
 * ignored; the principal's events that map to no action are in `skipped`.
 */
export async function generatePolicy(
  events: Iterable<CloudTrailEvent> | AsyncIterable<CloudTrailEvent>,
  principalArn: string,
  options: { catalog?: ActionCatalog } = {},
): Promise<GeneratedPolicy> {
  const catalog = options.catalog ?? (await loadActionCatalog());
  const used = new Map<string, { count: number; resources: Set<string>; unscoped: boolean }>();
  const denied = new Map<string, { count: number; resources: Set<string>; unscoped: boolean }>();
  const skipped: SkippedEvent[] = [];
  let matchedEvents = 0;
  for await (const event of events) {
    if (!eventMatchesPrincipal(event, principalArn)) continue;
    matchedEvents++;
    const skip = (reason: string) =>
      skipped.push({ ...(event.eventID ? { eventID: event.eventID } : {}), eventSource: event.eventSource, eventName: event.eventName, reason });
    if (event.eventType && EVENT_MAPPING.skipEventTypes.includes(event.eventType)) {
      skip(`${event.eventType} events are not API calls authorised by the principal's policies`);
      continue;
    }
    const action = actionForEvent(event, catalog);
    if ('reason' in action) {
      skip(action.reason);
      continue;
    }
    const target = isDenied(event) ? denied : used;
    const entry = target.get(action.action) ?? { count: 0, resources: new Set<string>(), unscoped: false };
    entry.count++;
    const resources = resourcesForEvent(event, action, catalog);
    if (resources.length === 0) entry.unscoped = true;
    for (const arn of resources) entry.resources.add(arn);
    target.set(action.action, entry);
  }
  const toList = (map: typeof used): UsedAction[] =>
    [...map.entries()]
      .map(([action, e]) => ({ action, count: e.count, resources: e.unscoped ? ['*'] : [...e.resources].sort() }))
      .sort((a, b) => a.action.localeCompare(b.action));
  const actions = toList(used);
  return { policy: buildPolicy(actions), actions, denied: toList(denied), skipped, matchedEvents };
}

/** One statement per service and resource set, with readable unique Sids (`S3Scoped`, `Ec2All`). */
function buildPolicy(actions: UsedAction[]): GeneratedPolicy['policy'] {
  const groups = new Map<string, { service: string; resources: string[]; actions: string[] }>();
  for (const used of actions) {
    const service = used.action.split(':')[0] ?? '';
    const key = `${service}\n${used.resources.join('\n')}`;
    const group = groups.get(key) ?? { service, resources: used.resources, actions: [] };
    group.actions.push(used.action);
    groups.set(key, group);
  }
  const sids = new Set<string>();
  const Statement = [...groups.values()].map((group) => {
    const base = `${group.service.replace(/(^|-)([a-z0-9])/g, (_, __, c: string) => c.toUpperCase())}${group.resources[0] === '*' ? 'All' : 'Scoped'}`;
    let sid = base;
    for (let n = 2; sids.has(sid); n++) sid = `${base}${n}`;
    sids.add(sid);
    return { Sid: sid, Effect: 'Allow' as const, Action: group.actions, Resource: group.resources.length === 1 ? group.resources[0]! : group.resources };
  });
  return { Version: '2012-10-17', Statement };
}
