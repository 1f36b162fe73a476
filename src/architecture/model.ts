/**
 * The Architecture model: a data-flow diagram (DFD) of what a repository builds, as
 * threat modeling's first question ("What are we working on?") needs it. Elements,
 * flows and trust boundaries follow the classic DFD notation used with STRIDE
 * (Shostack, "Threat Modeling: Designing for Security", ch. 2; Microsoft Threat Modeling
 * Tool): external entities, processes, data stores, data flows, trust boundaries.
 *
 * Every element and flow says where it came from (`origin`) and why Guardian believes it
 * exists (`evidence`): an IaC resource, a line of code, a design-document line, or a
 * person's statement in `guardian-model.yml`. Ids are stable across runs for the same
 * input, so threats anchored to them keep their ids and human decisions carry over.
 */

/** DFD element kinds. */
export type ElementKind = 'external-entity' | 'process' | 'data-store';

/**
 * What an element is, more finely than its kind. Open set: extractors use these where
 * they fit and a dotted name (`aws.stepfunctions`) otherwise.
 */
export type ElementType =
  // external entities
  | 'user'
  | 'browser'
  | 'mobile-app'
  | 'third-party-api'
  | 'identity-provider'
  | 'ci-system'
  | 'aws-service'
  // processes
  | 'web-app'
  | 'api-gateway'
  | 'lambda'
  | 'container'
  | 'state-machine'
  | 'worker'
  // data stores
  | 'dynamodb'
  | 's3'
  | 'rds'
  | 'queue'
  | 'topic'
  | 'stream'
  | 'event-bus'
  | 'cache'
  | 'secrets-store'
  | 'log'
  | 'file'
  | 'in-memory'
  | (string & {});

/** Data classification: what an element holds or a flow carries. */
export type DataClass = 'credentials' | 'personal' | 'payment' | 'health' | 'confidential' | 'public';

/** How a flow's caller proves who it is. `unknown` when nothing says. */
export type Authentication = 'none' | 'iam' | 'jwt' | 'cognito' | 'api-key' | 'custom' | 'session' | 'mtls' | 'unknown';

/** Where a fact comes from. `stated` is a person, in guardian-model.yml or a design document's explicit table. */
export type Origin = 'inferred' | 'stated';

/** Why Guardian believes an element or flow exists, or what it knows about it. */
export interface Evidence {
  source: 'iac' | 'code' | 'design' | 'model-file';
  /** Repository-relative path and 1-based line. */
  path: string;
  line?: number;
  /** ResourceGraph resource id, for IaC evidence (with its stack, the template path or module directory). */
  resource?: { stack: string; id: string; type: string };
  /** One short sentence: what at that place shows it, e.g. `AWS::Serverless::Function with an Api event POST /activities`. */
  note: string;
}

/** An element of the DFD. */
export interface Element {
  /**
   * Stable id: `<kind-prefix>:<type>:<name>` lower-cased, with the stack when names can
   * repeat across stacks (e.g. `process:lambda:template.yaml#ActivitiesFunction`).
   */
  id: string;
  kind: ElementKind;
  type: ElementType;
  /** Display name (logical id, construct path, route owner, table name, ...). */
  name: string;
  /** Trust boundary the element sits inside (its innermost one). */
  boundary?: string;
  data?: DataClass[];
  /**
   * Facts rules and reports read, e.g. `routes: ['POST /activities']`, `runtime`,
   * `authorizer`, `encryptedAtRest`, `publicEndpoint`, `waf`, `pointInTimeRecovery`.
   * `'unknown'` when the source does not say.
   */
  attributes: Record<string, string | number | boolean | string[]>;
  origin: Origin;
  evidence: Evidence[];
}

/** A data flow between two elements (directed: who initiates → who receives). */
export interface Flow {
  /** Stable id: `flow:<from>-><to>:<label>` (lower-cased). */
  id: string;
  from: string;
  to: string;
  /** What moves, as a short verb phrase or route: `POST /activities`, `PutItem`, `invoke`, `publish`. */
  label: string;
  protocol?: 'https' | 'http' | 'aws-api' | 'sql' | 'event' | 'smtp' | 'grpc' | 'tcp' | 'unknown';
  authentication?: Authentication;
  /** Whether the receiver checks what the authenticated caller may do (`unknown` when nothing says). */
  authorization?: 'enforced' | 'none' | 'unknown';
  encryptedInTransit?: boolean | 'unknown';
  data?: DataClass[];
  /** Trust boundaries the flow crosses, from the sender's side outwards then inwards. */
  crosses?: string[];
  origin: Origin;
  evidence: Evidence[];
}

/** A trust boundary: a region inside which elements share a privilege level. */
export interface TrustBoundary {
  /** Stable id, e.g. `boundary:internet`, `boundary:aws-account`, `boundary:vpc:<id>`. */
  id: string;
  kind: 'internet' | 'aws-account' | 'vpc' | 'service' | 'stack' | 'browser' | 'ci';
  name: string;
  /** Enclosing boundary. */
  parent?: string;
}

/** The whole model. Arrays are sorted by id so that output is byte-identical for the same input. */
export interface Architecture {
  elements: Element[];
  flows: Flow[];
  boundaries: TrustBoundary[];
  /** What the model assumes and could not verify, e.g. "Lambda functions run outside a VPC". */
  assumptions: string[];
}

/** Build a stable id from parts: lower-cased, whitespace collapsed, joined with `:`. */
export function stableId(...parts: string[]): string {
  return parts.map((p) => p.trim().replace(/\s+/g, '-').toLowerCase()).join(':');
}

/** Whether following `parent` from boundary `b` comes back to `b` (a malformed model: drawings cut such links). */
export function inBoundaryCycle(b: TrustBoundary, byId: ReadonlyMap<string, TrustBoundary>): boolean {
  const seen = new Set<string>();
  for (let current = b.parent; current; current = byId.get(current)?.parent) {
    if (current === b.id) return true;
    if (seen.has(current)) return false;
    seen.add(current);
  }
  return false;
}

/** Sort a model's arrays by id and de-duplicate assumptions, for deterministic output. */
export function normalizeArchitecture(model: Architecture): Architecture {
  const byId = <T extends { id: string }>(a: T, b: T) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  return {
    elements: [...model.elements].sort(byId),
    flows: [...model.flows].sort(byId),
    boundaries: [...model.boundaries].sort(byId),
    assumptions: [...new Set(model.assumptions)].sort(),
  };
}
