import type { ScanWarning } from '../../../core/warnings.js';
import { Unknown } from '../../iac/graph.js';
import type {
  BuildEnvironment,
  CodeBuildProject,
  EnvironmentVariable,
  Field,
  ProjectSource,
  PullRequestBuildPolicy,
  ServiceRole,
  Webhook,
  WebhookFilter,
} from './model.js';

/** A property path: keys and array indexes. */
export type DocPath = readonly (string | number)[];

/**
 * One project's declaration, as either source presents it: raw values by path (JSON
 * data whose leaves may be `Unknown`) and the line of each path.
 */
export interface ProjectDocument {
  id: string;
  path: string;
  line: number;
  origin: CodeBuildProject['origin'];
  /** The raw value at `path`, `undefined` when absent, or an `Unknown` in the way. */
  get(path: DocPath): unknown;
  /** 1-based line of `path`, or of its nearest declared ancestor. */
  lineOf(path: DocPath): number;
  /** Identity of the service role a known or unresolved reference names (see `ServiceRole.key`). */
  resolveRole(value: string | Unknown): { key: string; roleResourceId?: string };
}

/**
 * Where each field lives in a source's shape. CloudFormation uses PascalCase under
 * `Triggers`; the CodeBuild API uses camelCase under `webhook`.
 */
export interface ProjectLayout {
  name: DocPath;
  source: { at: DocPath; type: string; location: string; buildspec: string };
  webhook: {
    at: DocPath;
    /** Path of the on/off switch; undefined: the webhook object's presence means on. */
    enabled?: DocPath;
    filterGroups: string;
    buildType: string;
    filter: { type: string; pattern: string; exclude: string };
    policy: { at: string; requiresCommentApproval: string; approverRoles: string };
  };
  environment: { at: DocPath; privilegedMode: string; image: string; variables: string; variable: { name: string; value: string; type: string } };
  serviceRole: DocPath;
}

/** `AWS::CodeBuild::Project` property names (CloudFormation Template Reference). */
export const CLOUDFORMATION_LAYOUT: ProjectLayout = {
  name: ['Name'],
  source: { at: ['Source'], type: 'Type', location: 'Location', buildspec: 'BuildSpec' },
  webhook: {
    at: ['Triggers'],
    enabled: ['Triggers', 'Webhook'],
    filterGroups: 'FilterGroups',
    buildType: 'BuildType',
    filter: { type: 'Type', pattern: 'Pattern', exclude: 'ExcludeMatchedPattern' },
    policy: { at: 'PullRequestBuildPolicy', requiresCommentApproval: 'RequiresCommentApproval', approverRoles: 'ApproverRoles' },
  },
  environment: { at: ['Environment'], privilegedMode: 'PrivilegedMode', image: 'Image', variables: 'EnvironmentVariables', variable: { name: 'Name', value: 'Value', type: 'Type' } },
  serviceRole: ['ServiceRole'],
};

/** `Project` member names of the CodeBuild API (`batch-get-projects` output). */
export const API_LAYOUT: ProjectLayout = {
  name: ['name'],
  source: { at: ['source'], type: 'type', location: 'location', buildspec: 'buildspec' },
  webhook: {
    at: ['webhook'],
    filterGroups: 'filterGroups',
    buildType: 'buildType',
    filter: { type: 'type', pattern: 'pattern', exclude: 'excludeMatchedPattern' },
    policy: { at: 'pullRequestBuildPolicy', requiresCommentApproval: 'requiresCommentApproval', approverRoles: 'approverRoles' },
  },
  environment: { at: ['environment'], privilegedMode: 'privilegedMode', image: 'image', variables: 'environmentVariables', variable: { name: 'name', value: 'value', type: 'type' } },
  serviceRole: ['serviceRole'],
};

const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Unknown);

/**
 * Builds `CodeBuildProject`s from documents. Values of the wrong shape become `Unknown`
 * (so no check fires on them) and a warning naming the file, line and field.
 */
export class ProjectBuilder {
  constructor(private readonly warnings: ScanWarning[]) {}

  build(doc: ProjectDocument, layout: ProjectLayout): CodeBuildProject {
    const name = this.text(doc, layout.name);
    return {
      id: doc.id,
      name: name && typeof name.value === 'string' ? name.value : doc.id,
      path: doc.path,
      line: doc.line,
      origin: doc.origin,
      source: this.source(doc, layout),
      webhook: this.webhook(doc, layout),
      environment: this.environment(doc, layout),
      serviceRole: this.serviceRole(doc, layout),
    };
  }

  private source(doc: ProjectDocument, layout: ProjectLayout): ProjectSource {
    const at = layout.source.at;
    return {
      type: this.text(doc, [...at, layout.source.type]),
      location: this.text(doc, [...at, layout.source.location]),
      buildspec: this.text(doc, [...at, layout.source.buildspec]),
      line: doc.lineOf(at),
    };
  }

  private webhook(doc: ProjectDocument, layout: ProjectLayout): Webhook | undefined {
    const w = layout.webhook;
    const container = doc.get(w.at);
    if (container === undefined || container === null) return undefined;
    let enabled: Field<boolean>;
    if (w.enabled) {
      const declared = this.bool(doc, w.enabled);
      if (!declared || declared.value === false) return undefined;
      enabled = declared;
    } else {
      enabled = { value: true, line: doc.lineOf(w.at) };
    }
    const policyAt = [...w.at, w.policy.at];
    const policy = doc.get(policyAt);
    return {
      enabled,
      filterGroups: this.filterGroups(doc, [...w.at, w.filterGroups], layout),
      buildType: this.text(doc, [...w.at, w.buildType]),
      pullRequestBuildPolicy: policy === undefined || policy === null ? undefined : this.policy(doc, policyAt, layout),
      line: doc.lineOf(w.at),
    };
  }

  private filterGroups(doc: ProjectDocument, at: DocPath, layout: ProjectLayout): Field<WebhookFilter[][]> {
    const raw = doc.get(at);
    const line = doc.lineOf(at);
    if (raw === undefined || raw === null) return { value: [], line };
    if (raw instanceof Unknown) return { value: raw, line };
    if (!Array.isArray(raw)) return this.invalid(doc, at, 'a list of filter groups');
    const groups: WebhookFilter[][] = [];
    for (const [g, group] of raw.entries()) {
      if (group instanceof Unknown) return { value: group, line };
      if (!Array.isArray(group)) return this.invalid(doc, [...at, g], 'a filter group (a list of filters)');
      const filters: WebhookFilter[] = [];
      for (const [f, filter] of group.entries()) {
        const fp = [...at, g, f];
        if (filter instanceof Unknown) return { value: filter, line };
        if (!isPlainObject(filter)) return this.invalid(doc, fp, 'a webhook filter ({type, pattern})');
        const k = layout.webhook.filter;
        filters.push({
          type: this.text(doc, [...fp, k.type]) ?? this.missing(doc, fp, k.type),
          pattern: this.text(doc, [...fp, k.pattern]) ?? this.missing(doc, fp, k.pattern),
          excludeMatchedPattern: this.bool(doc, [...fp, k.exclude]) ?? { value: false, line: doc.lineOf(fp) },
          line: doc.lineOf(fp),
        });
      }
      groups.push(filters);
    }
    return { value: groups, line };
  }

  private policy(doc: ProjectDocument, at: DocPath, layout: ProjectLayout): PullRequestBuildPolicy {
    const k = layout.webhook.policy;
    const rolesAt = [...at, k.approverRoles];
    const roles = doc.get(rolesAt);
    let approverRoles: Field<string[]> | undefined;
    if (roles instanceof Unknown) approverRoles = { value: roles, line: doc.lineOf(rolesAt) };
    else if (Array.isArray(roles)) approverRoles = { value: roles.filter((r): r is string => typeof r === 'string'), line: doc.lineOf(rolesAt) };
    return {
      requiresCommentApproval: this.text(doc, [...at, k.requiresCommentApproval]) ?? this.missing(doc, at, k.requiresCommentApproval),
      approverRoles,
      line: doc.lineOf(at),
    };
  }

  private environment(doc: ProjectDocument, layout: ProjectLayout): BuildEnvironment {
    const e = layout.environment;
    const line = doc.lineOf(e.at);
    const varsAt = [...e.at, e.variables];
    const raw = doc.get(varsAt);
    let variables: EnvironmentVariable[] | Unknown = [];
    if (raw instanceof Unknown) variables = raw;
    else if (raw !== undefined && raw !== null && !Array.isArray(raw)) variables = this.invalid(doc, varsAt, 'a list of environment variables').value as Unknown;
    else if (Array.isArray(raw)) {
      variables = [];
      for (const [i, item] of raw.entries()) {
        const vp = [...varsAt, i];
        if (!isPlainObject(item)) {
          if (!(item instanceof Unknown)) this.invalid(doc, vp, 'an environment variable ({name, value, type})');
          continue;
        }
        const vline = doc.lineOf(vp);
        variables.push({
          name: this.text(doc, [...vp, e.variable.name]) ?? this.missing(doc, vp, e.variable.name),
          value: this.text(doc, [...vp, e.variable.value]) ?? { value: '', line: vline },
          type: this.text(doc, [...vp, e.variable.type]) ?? { value: 'PLAINTEXT', line: vline },
          line: vline,
        });
      }
    }
    return {
      privilegedMode: this.bool(doc, [...e.at, e.privilegedMode]) ?? { value: false, line },
      image: this.text(doc, [...e.at, e.image]),
      variables,
      line,
    };
  }

  private serviceRole(doc: ProjectDocument, layout: ProjectLayout): ServiceRole | undefined {
    const field = this.text(doc, layout.serviceRole);
    if (!field) return undefined;
    return { ...field, ...doc.resolveRole(field.value) };
  }

  /** A string field; numbers and booleans are written as text (YAML `Pattern: 12345`). */
  private text(doc: ProjectDocument, at: DocPath): Field<string> | undefined {
    const raw = doc.get(at);
    if (raw === undefined || raw === null) return undefined;
    const line = doc.lineOf(at);
    if (raw instanceof Unknown || typeof raw === 'string') return { value: raw, line };
    if (typeof raw === 'number' || typeof raw === 'boolean') return { value: String(raw), line };
    return this.invalid(doc, at, 'a string');
  }

  /** A boolean field; CloudFormation also accepts the strings `true` and `false`. */
  private bool(doc: ProjectDocument, at: DocPath): Field<boolean> | undefined {
    const raw = doc.get(at);
    if (raw === undefined || raw === null) return undefined;
    const line = doc.lineOf(at);
    if (raw instanceof Unknown || typeof raw === 'boolean') return { value: raw, line };
    if (typeof raw === 'string' && /^(true|false)$/i.test(raw)) return { value: raw.toLowerCase() === 'true', line };
    return this.invalid(doc, at, 'true or false');
  }

  /** A required member is absent: the field is unknown, and the user is told. */
  private missing(doc: ProjectDocument, at: DocPath, key: string): Field<never> {
    const line = doc.lineOf(at);
    this.warnings.push({ source: 'pipeline', code: 'invalid-property', path: doc.path, line, message: `CodeBuild project ${doc.id}: ${[...at, key].join('.')} is missing; the field is treated as unknown.` });
    return { value: new Unknown(`<missing ${key}>`), line };
  }

  private invalid(doc: ProjectDocument, at: DocPath, expected: string): Field<never> {
    const line = doc.lineOf(at);
    this.warnings.push({ source: 'pipeline', code: 'invalid-property', path: doc.path, line, message: `CodeBuild project ${doc.id}: ${at.join('.')} should be ${expected}; the field is treated as unknown.` });
    return { value: new Unknown(`<invalid ${at.join('.')}>`), line };
  }
}
