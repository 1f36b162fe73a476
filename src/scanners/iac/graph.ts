/**
 * The ResourceGraph: cloud resources from every infrastructure-as-code format, normalised
 * to CloudFormation resource types and property shapes (AWS CloudFormation Resource and
 * Property Reference), so that one rule, one IAM analysis and one architecture extractor
 * serve CloudFormation, SAM, CDK, Terraform and the Serverless Framework alike.
 *
 * Values that a loader cannot resolve statically (a parameter without a default, a
 * `Fn::GetAtt`, a Terraform attribute known only after apply) are `Unknown`: rules treat
 * them as neither safe nor unsafe.
 */

/** The file format a resource was declared in. */
export type IacFormat = 'cloudformation' | 'sam' | 'cdk' | 'terraform' | 'serverless';

/**
 * A value a loader could not resolve. `expression` is how the source wrote it, for
 * messages (`!GetAtt Queue.Arn`, `var.bucket_name`, `${self:custom.stage}`); `refs` are the
 * ids of graph resources the expression mentions (each also an edge).
 */
export class Unknown {
  constructor(
    readonly expression: string,
    readonly refs: readonly string[] = [],
  ) {}

  toString(): string {
    return this.expression;
  }
}

/**
 * A property value: JSON data whose leaves may be `Unknown`. Objects are plain records
 * with CloudFormation property names (PascalCase).
 */
export type Value = string | number | boolean | null | Unknown | Value[] | { [key: string]: Value };

/** Where something was declared: repository-relative path and 1-based lines. */
export interface SourceRef {
  path: string;
  line: number;
  endLine?: number;
}

/** Property path inside a resource's `properties`: keys and array indexes. */
export type PropertyPath = readonly (string | number)[];

/**
 * One cloud resource.
 * - `stack` is the deployment unit it belongs to: the template's path for CloudFormation,
 *   SAM, CDK and serverless.yml, the root module's directory for Terraform. Ids are
 *   unique within a stack, and references never cross stacks.
 * - `id` is the logical id in CloudFormation-like formats, the address
 *   (`aws_s3_bucket.logs`, `module.x.aws_s3_bucket.logs`) in Terraform.
 * - `type` is the CloudFormation type (`AWS::S3::Bucket`); a Terraform type Guardian does
 *   not map keeps its own name (`aws_glue_job`) and raw attributes.
 * - `lines` maps a property path (joined with `.`) to the 1-based line that declared it;
 *   use `lineOf` which falls back to the nearest declared ancestor.
 */
export interface Resource {
  stack: string;
  id: string;
  type: string;
  properties: Record<string, Value>;
  format: IacFormat;
  source: SourceRef;
  lines: Map<string, number>;
  /** Resource-level attributes that are not properties (`DependsOn`, `Condition`, …). */
  attributes?: Record<string, Value>;
  /** CDK construct path (`aws:cdk:path` metadata), shown to the user instead of the logical id. */
  constructPath?: string;
  /**
   * For resources a transform created (SAM, Serverless Framework): the declaring
   * resource's id and type, e.g. `{ id: 'GetRoutesFunction', type: 'AWS::Serverless::Function' }`.
   */
  generatedBy?: { id: string; type: string };
}

/** A reference from one resource to another of the same stack, found at `path` in the referrer's properties. */
export interface Edge {
  stack: string;
  from: string;
  to: string;
  path: string;
  /** `Ref`, an attribute name for `GetAtt` (`Arn`), or a Terraform attribute (`arn`, `id`). */
  attribute?: string;
}

/** Join a property path the way `Resource.lines` keys it. */
export const pathKey = (path: PropertyPath): string => path.join('.');

/** The 1-based line of `path` in `resource`, or of its nearest declared ancestor. */
export function lineOf(resource: Resource, path: PropertyPath = []): number {
  for (let n = path.length; n > 0; n--) {
    const line = resource.lines.get(pathKey(path.slice(0, n)));
    if (line !== undefined) return line;
  }
  return resource.source.line;
}

/** The value at `path`, `undefined` when absent, or the `Unknown` that stands in the way. */
export function valueAt(value: Value | undefined, path: PropertyPath): Value | undefined {
  let current: Value | undefined = value;
  for (const step of path) {
    if (current === undefined || current === null || current instanceof Unknown) return current ?? undefined;
    if (Array.isArray(current)) current = typeof step === 'number' ? current[step] : undefined;
    else if (typeof current === 'object') current = typeof step === 'string' ? current[step] : undefined;
    else return undefined;
  }
  return current;
}

/** True for plain records (not arrays, not `Unknown`). */
export const isRecord = (value: Value | undefined): value is { [key: string]: Value } =>
  typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Unknown);

/**
 * All resources of a scan and the references between them, grouped by stack. Loaders
 * add resources; rules, IAM analysis and the architecture model read them.
 */
export class ResourceGraph {
  private readonly byKey = new Map<string, Resource>();
  private readonly outgoing = new Map<string, Edge[]>();
  private readonly incoming = new Map<string, Edge[]>();

  get resources(): Iterable<Resource> {
    return this.byKey.values();
  }

  get size(): number {
    return this.byKey.size;
  }

  get(stack: string, id: string): Resource | undefined {
    return this.byKey.get(key(stack, id));
  }

  /** Add a resource; a duplicate id in the same stack replaces the earlier one. */
  add(resource: Resource): void {
    this.byKey.set(key(resource.stack, resource.id), resource);
  }

  /** Record `edge` once. */
  addEdge(edge: Edge): void {
    const fromKey = key(edge.stack, edge.from);
    const list = this.outgoing.get(fromKey) ?? [];
    if (list.some((e) => e.to === edge.to && e.path === edge.path)) return;
    list.push(edge);
    this.outgoing.set(fromKey, list);
    const toKey = key(edge.stack, edge.to);
    const back = this.incoming.get(toKey) ?? [];
    back.push(edge);
    this.incoming.set(toKey, back);
  }

  /** Resources whose type is one of `types`. */
  *ofType(...types: string[]): Iterable<Resource> {
    for (const resource of this.byKey.values()) if (types.includes(resource.type)) yield resource;
  }

  /** Edges leaving `resource`. */
  referencesFrom(resource: Resource): readonly Edge[] {
    return this.outgoing.get(key(resource.stack, resource.id)) ?? [];
  }

  /** Edges arriving at `resource`: who refers to it, and from which property. */
  referencesTo(resource: Resource): readonly Edge[] {
    return this.incoming.get(key(resource.stack, resource.id)) ?? [];
  }

  /** Resources of one of `types` that refer to `resource` (e.g. the bucket policies of a bucket). */
  referrers(resource: Resource, ...types: string[]): Resource[] {
    return this.linked(this.referencesTo(resource), 'from', types);
  }

  /** Resources of one of `types` that `resource` refers to (e.g. the role of a function). */
  referenced(resource: Resource, ...types: string[]): Resource[] {
    return this.linked(this.referencesFrom(resource), 'to', types);
  }

  private linked(edges: readonly Edge[], end: 'from' | 'to', types: string[]): Resource[] {
    const found = new Map<string, Resource>();
    for (const edge of edges) {
      const other = this.get(edge.stack, edge[end]);
      if (other && (types.length === 0 || types.includes(other.type))) found.set(other.id, other);
    }
    return [...found.values()];
  }

  /** Add edges for every `Unknown.refs` entry that names a resource of the same stack. */
  linkUnknownRefs(): void {
    for (const resource of this.byKey.values()) {
      walkValues(resource.properties, [], (value, path) => {
        if (!(value instanceof Unknown)) return;
        for (const ref of value.refs) {
          const [target, attribute] = splitRef(ref);
          if (target !== resource.id && this.byKey.has(key(resource.stack, target))) {
            this.addEdge({ stack: resource.stack, from: resource.id, to: target, path: pathKey(path), attribute });
          }
        }
      });
    }
  }
}

const key = (stack: string, id: string) => `${stack}\u0000${id}`;

/** `Bucket.Arn` → [`Bucket`, `Arn`]; Terraform addresses keep their dots up to the attribute. */
function splitRef(ref: string): [string, string | undefined] {
  const hash = ref.lastIndexOf('#');
  return hash === -1 ? [ref, undefined] : [ref.slice(0, hash), ref.slice(hash + 1)];
}

/** Reference to `target`'s `attribute`, in the `refs` form `Unknown` carries (`Bucket#Arn`). */
export const refTo = (target: string, attribute?: string): string => (attribute ? `${target}#${attribute}` : target);

/** True when `value` is or contains an `Unknown`. */
export function containsUnknown(value: Value | undefined): boolean {
  if (value instanceof Unknown) return true;
  if (Array.isArray(value)) return value.some(containsUnknown);
  if (isRecord(value)) return Object.values(value).some(containsUnknown);
  return false;
}

/** Visit every value under `value` depth-first with its property path. */
export function walkValues(value: Value, path: (string | number)[], visit: (value: Value, path: PropertyPath) => void): void {
  visit(value, path);
  if (Array.isArray(value)) value.forEach((item, i) => walkValues(item, [...path, i], visit));
  else if (isRecord(value)) for (const [key, item] of Object.entries(value)) walkValues(item, [...path, key], visit);
}
