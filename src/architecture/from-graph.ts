/**
 * ResourceGraph → Architecture: the data-flow diagram that a repository's infrastructure
 * as code deploys (CloudFormation, SAM, CDK output, Terraform, serverless.yml — all
 * normalised to CloudFormation shapes by the IaC loaders).
 *
 * - Elements: Lambda functions, API Gateway REST/HTTP APIs, state machines, ECS services,
 *   CodeBuild projects (processes); tables, buckets, queues, topics, streams, event buses,
 *   databases, secrets and parameters, and log groups something writes to explicitly
 *   (data stores); Internet users, Cognito user pools, AWS services (external entities).
 *   Which resource types become which elements is data (`data/aws-elements.yaml`).
 * - Flows: Internet users → API per route (the method's AuthorizationType says how the
 *   caller authenticates) and → function URLs; API → function per route (integrations)
 *   and per invoke permission; process → store from the execution role's grants (IAM
 *   statements read as read/write by their verbs, `data/iam-access.yaml`); event
 *   sources (event source mappings, invoke permissions of S3/SNS/EventBridge,
 *   subscriptions, bucket notifications, rule targets, user-pool triggers); Cognito →
 *   API for authorizers; API → log group for access logs.
 * - Trust boundaries: the Internet, the AWS account, one per stack, one per VPC.
 *
 * Roles, methods, routes, permissions and stages are not elements: they shape flows and
 * attributes. Everything carries IaC evidence (file, line, resource). Output is sorted
 * and independent of the order resources were added to the graph.
 */
import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { type PropertyPath, type Resource, type ResourceGraph, Unknown, type Value, isRecord, lineOf, valueAt } from '../scanners/iac/graph.js';
import { type GraphPolicy, iamFromGraph } from '../scanners/iam/from-graph.js';
import type { Policy, PolicyString, Statement } from '../scanners/iam/model.js';
import { UNRESOLVED_OPERATOR } from '../scanners/iam/parse.js';
import { classify, explainClassification } from './classify.js';
import {
  type Architecture,
  type Authentication,
  type DataClass,
  type Element,
  type ElementKind,
  type Evidence,
  type Flow,
  type TrustBoundary,
  normalizeArchitecture,
  stableId,
} from './model.js';

// ---------------------------------------------------------------------------------------
// Data tables

/** How one resource type becomes an element; see the header of `data/aws-elements.yaml`. */
interface ElementSpec {
  kind: ElementKind;
  type: string;
  /** IAM service prefix(es) whose actions reach it (`[rds, rds-data]`). */
  service?: string | string[];
  names?: string[];
  keys?: string[];
  role?: string;
  subnets?: string;
  lazy?: boolean;
  holds?: DataClass[];
  wildcard?: boolean;
}

interface ServiceTables {
  principals: Record<string, string>;
  external: Record<string, string>;
  stores: Record<string, { type: string; name: string; holds?: DataClass[] }>;
}

/** What a grant lets a caller do to a target: read or write its data, or start it. */
export type Access = 'read' | 'write' | 'invoke';
type AccessTable = Record<'read' | 'write' | 'read-write' | 'invoke', string[]>;

const loadData = <T>(name: string): T => parseYaml(readFileSync(new URL(`./data/${name}`, import.meta.url), 'utf8')) as T;
const SPECS = loadData<Record<string, ElementSpec>>('aws-elements.yaml');
const SERVICES = loadData<ServiceTables>('aws-services.yaml');
/** Verb → what it does to data, longest verbs first so that `BatchGet` wins over `Batch…`. */
const VERBS: [string, Access[]][] = Object.entries(loadData<AccessTable>('iam-access.yaml'))
  .flatMap(([level, verbs]) => verbs.map((verb): [string, Access[]] => [verb, level === 'read-write' ? ['read', 'write'] : [level as Access]]))
  .sort(([a], [b]) => b.length - a.length || (a < b ? -1 : 1));

const REST_METHOD = 'AWS::ApiGateway::Method';
const HTTP_ROUTE = 'AWS::ApiGatewayV2::Route';
const STAGES = ['AWS::ApiGateway::Stage', 'AWS::ApiGatewayV2::Stage'];
const WAF_ASSOCIATIONS = ['AWS::WAFv2::WebACLAssociation', 'AWS::WAFRegional::WebACLAssociation'];
const API_RESOURCES = ['AWS::ApiGateway::Resource', 'aws_api_gateway_resource'];
const INTEGRATIONS = ['AWS::ApiGatewayV2::Integration', 'aws_apigatewayv2_integration', 'aws_api_gateway_integration'];
const EVENT_SOURCE_MAPPINGS = ['AWS::Lambda::EventSourceMapping', 'aws_lambda_event_source_mapping'];

/** Method/route AuthorizationType → how the caller authenticates (API Gateway developer guide, "Controlling access"). */
const AUTHORIZATION_TYPES: Record<string, Authentication> = {
  NONE: 'none',
  COGNITO_USER_POOLS: 'cognito',
  JWT: 'jwt',
  AWS_IAM: 'iam',
  CUSTOM: 'custom',
};

/** Function URL AuthType → authentication (https://docs.aws.amazon.com/lambda/latest/dg/urls-auth.html). */
const URL_AUTH_TYPES: Record<string, Authentication> = { NONE: 'none', AWS_IAM: 'iam' };

const INTERNET = stableId('boundary', 'internet');
const ACCOUNT = stableId('boundary', 'aws-account');
const USERS = stableId('external-entity', 'user', 'internet-users');

// ---------------------------------------------------------------------------------------
// Entry point

/**
 * The architecture (DFD) that `graph` deploys. Never throws: resources it cannot read
 * are left out or drawn with `'unknown'` attributes. Ids follow `model.ts`
 * (`process:lambda:<stack>#<name>`); arrays are sorted by id.
 */
export function architectureFromGraph(graph: ResourceGraph): Architecture {
  return new Extraction(graph).run();
}

// ---------------------------------------------------------------------------------------
// Extraction

/** One API method or route, as a flow label and what decides who may call it. */
interface Route {
  api: Element;
  label: string;
  verb: string;
  path: string;
  authentication: Authentication;
  resource: Resource;
  authorizers: Resource[];
  targets: Element[];
}

/** Grants from one process to one target, gathered before they become one flow. */
interface Grant {
  from: Element;
  to: Element;
  access: Set<Access>;
  wildcard: boolean;
  evidence: Evidence[];
}

const resourceKey = (resource: Resource) => `${resource.stack}\u0000${resource.id}`;
const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const byResource = (a: Resource, b: Resource) => compare(a.stack, b.stack) || compare(a.id, b.id);

/** How a resource is named on the DFD: construct path, else the declaring SAM/serverless resource, else its id. */
const nameOf = (resource: Resource) => resource.constructPath ?? resource.generatedBy?.id ?? resource.id;

/** A property value as an attribute: scalars as they are, unresolved values as `'unknown'`. */
function scalar(value: Value | undefined): string | number | boolean | undefined {
  if (value instanceof Unknown) return 'unknown';
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? value : undefined;
}

/** How a value reads in a note or attribute: the string, or the source expression of an unresolved one. */
function describe(value: Value | undefined): string {
  if (value instanceof Unknown) return value.expression;
  if (typeof value === 'string') return value;
  return JSON.stringify(value ?? null);
}

class Extraction {
  private readonly resources: Resource[];
  private readonly elements = new Map<string, Element>();
  private readonly flows = new Map<string, Flow>();
  private readonly boundaries = new Map<string, TrustBoundary>();
  private readonly assumptions = new Set<string>();
  /** Resource → its element, for resources that are elements. */
  private readonly elementOf = new Map<string, Element>();
  /** Texts to classify per element id (names, keys, env vars, route paths). */
  private readonly names = new Map<string, Set<string>>();
  private readonly routesOf = new Map<string, Set<string>>();

  constructor(private readonly graph: ResourceGraph) {
    this.resources = [...graph.resources].sort(byResource);
  }

  run(): Architecture {
    for (const resource of this.resources) if (SPECS[resource.type] && !SPECS[resource.type]!.lazy) this.ensure(resource);
    const routes = this.routes();
    this.apiAttributes(routes);
    this.internetFlows(routes);
    this.identityFlows();
    this.grantFlows();
    this.eventFlows();
    this.logFlows();
    this.classifyElements();
    this.vpcAssumption();
    return this.finish();
  }

  // --- elements and boundaries -----------------------------------------------------

  /** The element for `resource`, created on first use; `undefined` for resources that are not elements. */
  private ensure(resource: Resource): Element | undefined {
    const existing = this.elementOf.get(resourceKey(resource));
    if (existing) return existing;
    const spec = SPECS[resource.type];
    if (!spec) return undefined;
    // A database instance of a cluster is the cluster on the DFD.
    if (resource.type === 'AWS::RDS::DBInstance') {
      const cluster = this.targets(resource, 'DBClusterIdentifier', 'AWS::RDS::DBCluster')[0];
      if (cluster) return this.ensure(cluster);
    }
    const name = nameOf(resource);
    const element: Element = {
      id: stableId(spec.kind, spec.type, `${resource.stack}#${name}`),
      kind: spec.kind,
      type: spec.type,
      name,
      boundary: this.boundaryOf(resource, spec),
      attributes: this.attributesOf(resource, spec),
      origin: 'inferred',
      evidence: [this.evidence(resource, [], `${resource.type} ${resource.id}${resource.generatedBy ? ` (generated for ${resource.generatedBy.type} ${resource.generatedBy.id})` : ''}.`)],
    };
    if (spec.holds?.length) element.data = [...spec.holds];
    this.elements.set(element.id, element);
    this.elementOf.set(resourceKey(resource), element);
    this.addNames(element, [name, ...this.physicalNames(resource, spec), ...this.keyNames(resource, spec)]);
    if (spec.type === 'lambda') this.addNames(element, Object.keys(this.record(resource.properties, ['Environment', 'Variables'])));
    return element;
  }

  private addNames(element: Element, texts: Iterable<string>): void {
    const set = this.names.get(element.id) ?? new Set<string>();
    for (const text of texts) if (text) set.add(text);
    this.names.set(element.id, set);
  }

  private physicalNames(resource: Resource, spec: ElementSpec): string[] {
    return (spec.names ?? []).map((p) => resource.properties[p]).filter((v): v is string => typeof v === 'string');
  }

  /** Attribute names of DynamoDB keys (`KeySchema`, `AttributeDefinitions`). */
  private keyNames(resource: Resource, spec: ElementSpec): string[] {
    const found: string[] = [];
    for (const property of spec.keys ?? []) {
      const list = resource.properties[property];
      for (const entry of Array.isArray(list) ? list : []) if (isRecord(entry) && typeof entry.AttributeName === 'string') found.push(entry.AttributeName);
    }
    return found;
  }

  private record(value: Value | undefined, path: PropertyPath): Record<string, Value> {
    const found = valueAt(value, path);
    return isRecord(found) ? found : {};
  }

  private addBoundary(boundary: TrustBoundary): string {
    if (!this.boundaries.has(boundary.id)) this.boundaries.set(boundary.id, boundary);
    return boundary.id;
  }

  private accountBoundary(): string {
    return this.addBoundary({ id: ACCOUNT, kind: 'aws-account', name: 'AWS account' });
  }

  private stackBoundary(stack: string): string {
    return this.addBoundary({ id: stableId('boundary', 'stack', stack), kind: 'stack', name: stack, parent: this.accountBoundary() });
  }

  /** The innermost boundary of a deployed resource: its VPC when it has subnets, else its stack. */
  private boundaryOf(resource: Resource, spec: ElementSpec): string {
    const stack = this.stackBoundary(resource.stack);
    if (!spec.subnets) return stack;
    for (const { holder, path } of this.hops(resource, spec.subnets)) {
      const value = valueAt(holder.properties, path.split('.'));
      if (value === undefined || value === null || (Array.isArray(value) && value.length === 0)) continue;
      const vpcs = this.targets(holder, path, 'AWS::EC2::Subnet', 'aws_subnet').flatMap((subnet) => [
        ...this.targets(subnet, 'VpcId', 'AWS::EC2::VPC', 'aws_vpc'),
        ...this.targets(subnet, 'vpc_id', 'AWS::EC2::VPC', 'aws_vpc'),
      ]);
      const vpc = vpcs.sort(byResource)[0];
      if (vpc) return this.addBoundary({ id: stableId('boundary', 'vpc', `${vpc.stack}#${nameOf(vpc)}`), kind: 'vpc', name: nameOf(vpc), parent: stack });
      const subnets = describe(value);
      return this.addBoundary({ id: stableId('boundary', 'vpc', `${resource.stack}#${subnets}`), kind: 'vpc', name: `VPC of subnets ${subnets}`, parent: this.accountBoundary() });
    }
    return stack;
  }

  private users(evidence: Evidence): Element {
    const boundary = this.addBoundary({ id: INTERNET, kind: 'internet', name: 'Internet' });
    const users = this.elements.get(USERS) ?? { id: USERS, kind: 'external-entity', type: 'user', name: 'Internet users', boundary, attributes: {}, origin: 'inferred', evidence: [] };
    users.evidence.push(evidence);
    this.elements.set(USERS, users);
    return users;
  }

  /** An AWS service outside the stack (an event source or a service that data is sent to). */
  private awsService(key: string, name: string, evidence: Evidence): Element {
    const id = stableId('external-entity', 'aws-service', key);
    const element = this.elements.get(id) ?? { id, kind: 'external-entity', type: 'aws-service', name, attributes: {}, origin: 'inferred', evidence: [] };
    element.evidence.push(evidence);
    this.elements.set(id, element);
    return element;
  }

  /** Data stores of `service` that a grant names but the template does not declare, one element per stack and service. */
  private outsideStore(stack: string, service: string, resource: string, evidence: Evidence): Element | undefined {
    const store = SERVICES.stores[service];
    if (!store) return undefined;
    const name = `${store.name} outside this template`;
    const id = stableId('data-store', store.type, `${stack}#${name}`);
    const element = this.elements.get(id) ?? {
      id, kind: 'data-store', type: store.type, name, boundary: this.accountBoundary(),
      attributes: { declared: false, resources: [] }, origin: 'inferred', evidence: [],
      ...(store.holds?.length ? { data: [...store.holds] } : {}),
    };
    const resources = element.attributes.resources as string[];
    if (!resources.includes(resource)) resources.push(resource);
    element.evidence.push(evidence);
    this.elements.set(id, element);
    this.addNames(element, [resource]);
    return element;
  }

  // --- graph helpers -----------------------------------------------------------------

  /** Resources `resource` refers to from `path` or below it, of one of `types` (any when none), sorted. */
  private targets(resource: Resource, path: string, ...types: string[]): Resource[] {
    const found = new Map<string, Resource>();
    for (const edge of this.graph.referencesFrom(resource)) {
      if (edge.path !== path && !edge.path.startsWith(`${path}.`)) continue;
      const target = this.graph.get(edge.stack, edge.to);
      if (target && (types.length === 0 || types.includes(target.type))) found.set(target.id, target);
    }
    return [...found.values()].sort(byResource);
  }

  /** Elements `resource` refers to from `path` or below it. */
  private targetElements(resource: Resource, path: string): Element[] {
    return this.targets(resource, path).map((r) => this.ensure(r)).filter((e): e is Element => e !== undefined);
  }

  /** Follow `a>b>c` through referenced resources: the holders of the last path. */
  private hops(resource: Resource, spec: string): { holder: Resource; path: string }[] {
    const steps = spec.split('>');
    let holders = [resource];
    for (const step of steps.slice(0, -1)) holders = holders.flatMap((h) => this.targets(h, step));
    return holders.map((holder) => ({ holder, path: steps[steps.length - 1]! }));
  }

  /** Resources of `types` that refer to `resource`, sorted. */
  private referrers(resource: Resource, ...types: string[]): Resource[] {
    return this.graph.referrers(resource, ...types).sort(byResource);
  }

  private evidence(resource: Resource, path: PropertyPath, note: string): Evidence {
    return { source: 'iac', path: resource.source.path, line: lineOf(resource, path), resource: { stack: resource.stack, id: resource.id, type: resource.type }, note };
  }

  // --- flows -------------------------------------------------------------------------

  private addFlow(from: Element, to: Element, label: string, fields: Omit<Flow, 'id' | 'from' | 'to' | 'label' | 'origin' | 'evidence'>, evidence: Evidence[]): Flow {
    const id = stableId('flow', `${from.id}->${to.id}`, label);
    const existing = this.flows.get(id);
    if (existing) {
      existing.evidence.push(...evidence);
      return existing;
    }
    const flow: Flow = { id, from: from.id, to: to.id, label, ...fields, origin: 'inferred', evidence: [...evidence] };
    this.flows.set(id, flow);
    return flow;
  }

  /** Every method and route of the graph's APIs, with their path, authorization and integration targets. */
  private routes(): Route[] {
    const routes: Route[] = [];
    const integrations = this.resources.filter((r) => INTEGRATIONS.includes(r.type));
    for (const resource of this.resources) {
      if (resource.type !== REST_METHOD && resource.type !== HTTP_ROUTE) continue;
      const rest = resource.type === REST_METHOD;
      const api = this.targetElements(resource, rest ? 'RestApiId' : 'ApiId').find((e) => e.type === 'api-gateway');
      if (!api) continue;
      let verb: string;
      let path: string;
      if (rest) {
        verb = describe(resource.properties.HttpMethod).toUpperCase();
        path = this.restPath(resource);
      } else {
        const key = describe(resource.properties.RouteKey);
        const space = key.indexOf(' ');
        [verb, path] = space === -1 ? ['', key] : [key.slice(0, space), key.slice(space + 1)];
      }
      const type = resource.properties.AuthorizationType ?? 'NONE';
      let authentication: Authentication = typeof type === 'string' ? AUTHORIZATION_TYPES[type] ?? 'unknown' : 'unknown';
      if (authentication === 'none' && resource.properties.ApiKeyRequired === true) authentication = 'api-key';
      // The integration: inline (REST Integration.Uri, SAM's route Target) or a separate integration resource.
      const direct = this.targetElements(resource, rest ? 'Integration' : 'Target');
      const viaIntegration = this.targets(resource, rest ? 'Integration' : 'Target', ...INTEGRATIONS).flatMap((i) => this.integrationTargets(i));
      const separate = integrations.filter((i) => this.integrates(i, resource)).flatMap((i) => this.integrationTargets(i));
      routes.push({
        api, verb, path,
        label: verb ? `${verb} ${path}` : path,
        authentication, resource,
        authorizers: this.targets(resource, 'AuthorizerId'),
        targets: [...direct.filter((e) => e.type !== 'api-gateway'), ...viaIntegration, ...separate],
      });
    }
    return routes;
  }

  /** A REST method's path: SAM writes it into `ResourceId`; otherwise follow `AWS::ApiGateway::Resource` parents. */
  private restPath(method: Resource): string {
    const id = method.properties.ResourceId;
    if (typeof id === 'string' && id.startsWith('/')) return id;
    const parts: string[] = [];
    let current = this.targets(method, 'ResourceId', ...API_RESOURCES)[0];
    if (!current) return this.targets(method, 'ResourceId').some((r) => SPECS[r.type]?.type === 'api-gateway') ? '/' : `{${describe(id)}}`;
    const seen = new Set<string>();
    while (current && !seen.has(current.id)) {
      seen.add(current.id);
      parts.unshift(describe(current.properties.PathPart ?? current.properties.path_part));
      current = [...this.targets(current, 'ParentId', ...API_RESOURCES), ...this.targets(current, 'parent_id', ...API_RESOURCES)][0];
    }
    return `/${parts.join('/')}`;
  }

  /** Whether a Terraform `aws_api_gateway_integration` belongs to `method` (it names the method, or the same resource and verb). */
  private integrates(integration: Resource, method: Resource): boolean {
    if (integration.type !== 'aws_api_gateway_integration' || method.type !== REST_METHOD) return false;
    if (this.targets(integration, 'http_method').some((r) => r.id === method.id)) return true;
    const sameResource = this.targets(integration, 'resource_id').some((r) => this.targets(method, 'ResourceId').some((m) => m.id === r.id));
    return sameResource && integration.properties.http_method === method.properties.HttpMethod;
  }

  private integrationTargets(integration: Resource): Element[] {
    return ['IntegrationUri', 'integration_uri', 'uri'].flatMap((p) => this.targetElements(integration, p)).filter((e) => e.type !== 'api-gateway');
  }

  /** API attributes: routes, public endpoint, WAF, access logs, stage. */
  private apiAttributes(routes: Route[]): void {
    for (const resource of this.resources) {
      const api = this.elementOf.get(resourceKey(resource));
      if (!api || api.type !== 'api-gateway') continue;
      const rest = resource.type === 'AWS::ApiGateway::RestApi';
      const stages = this.referrers(resource, ...STAGES);
      const associations = [resource, ...stages].flatMap((r) => this.referrers(r, ...WAF_ASSOCIATIONS));
      const logged = stages.filter((s) => valueAt(s.properties, [rest ? 'AccessLogSetting' : 'AccessLogSettings', 'DestinationArn']) !== undefined);
      const attributes = api.attributes;
      attributes.protocol = rest ? 'rest' : describe(resource.properties.ProtocolType ?? 'HTTP').toLowerCase();
      attributes.publicEndpoint = rest ? this.restIsPublic(resource) : true;
      attributes.waf = associations.length > 0;
      attributes.accessLogs = logged.length > 0;
      if (stages.length) attributes.stage = [...new Set(stages.map((s) => describe(s.properties.StageName)))].sort().join(', ');
      attributes.routes = [...new Set(routes.filter((r) => r.api === api).map((r) => r.label))].sort();
      const authorizers = [...new Set(routes.filter((r) => r.api === api).flatMap((r) => r.authorizers.map((a) => describe(a.properties.Name ?? a.id))))].sort();
      if (authorizers.length) attributes.authorizers = authorizers;
      for (const association of associations) {
        const acl = association.properties.WebACLArn;
        const inStack = this.targets(association, 'WebACLArn').length > 0;
        api.evidence.push(this.evidence(association, ['WebACLArn'], `${association.type} ${association.id} associates web ACL ${describe(acl)}.`));
        if (!inStack) this.assumptions.add(`The rules of the AWS WAF web ACL associated with ${api.name} (${describe(acl)}) are defined outside this repository.`);
      }
      if (attributes.publicEndpoint === false) this.assumptions.add(`${api.name} has a private endpoint: its callers, inside a VPC, are not in this template.`);
      if (attributes.publicEndpoint === 'unknown') this.assumptions.add(`${api.name}'s endpoint type is not resolvable; it is drawn as reachable from the Internet.`);
    }
  }

  /** REST API endpoint types other than PRIVATE are reachable from the Internet (EDGE when not set). */
  private restIsPublic(resource: Resource): boolean | 'unknown' {
    const types = valueAt(resource.properties, ['EndpointConfiguration', 'Types']);
    if (types === undefined) return true;
    if (types instanceof Unknown || (Array.isArray(types) && types.some((t) => t instanceof Unknown))) return 'unknown';
    return !(Array.isArray(types) ? types : [types]).includes('PRIVATE');
  }

  /** Internet users → public APIs per route, API → integration per route, users → function URLs, API → function per permission. */
  private internetFlows(routes: Route[]): void {
    const routed = new Set<string>();
    for (const route of routes) {
      const note = `${route.resource.type} ${route.label} with AuthorizationType ${describe(route.resource.properties.AuthorizationType ?? 'NONE')}${route.resource.generatedBy ? ` (from ${route.resource.generatedBy.type} ${route.resource.generatedBy.id})` : ''}.`;
      const evidence = this.evidence(route.resource, ['AuthorizationType'], note);
      for (const target of route.targets) this.addNames(target, [route.path]);
      this.addNames(route.api, [route.path]);
      // CORS preflight answered by API Gateway itself is not a data flow.
      if (route.verb === 'OPTIONS' && route.targets.length === 0) continue;
      const data = classify([route.path]);
      if (route.api.attributes.publicEndpoint !== false) {
        const reachable = { ...route.api.evidence[0]!, note: `${route.api.name} has an endpoint reachable from the Internet.` };
        const authorization = route.authentication === 'unknown' ? 'unknown' : route.authentication === 'none' || route.authentication === 'api-key' ? 'none' : 'enforced';
        this.addFlow(this.users(reachable), route.api, route.label, { protocol: 'https', authentication: route.authentication, authorization, encryptedInTransit: true, ...(data.length ? { data } : {}) }, [evidence]);
      }
      for (const target of route.targets) {
        routed.add(`${route.api.id}\u0000${target.id}`);
        const routesOfTarget = this.routesOf.get(target.id) ?? new Set<string>();
        routesOfTarget.add(route.label);
        this.routesOf.set(target.id, routesOfTarget);
        this.addFlow(route.api, target, route.label, { protocol: 'aws-api', authentication: 'iam', encryptedInTransit: true, ...(data.length ? { data } : {}) }, [this.evidence(route.resource, ['Integration'], `${route.label} is integrated with ${target.name}.`)]);
      }
    }
    for (const [id, labels] of this.routesOf) {
      const element = this.elements.get(id);
      if (element && element.type !== 'api-gateway') element.attributes.routes = [...labels].sort();
    }
    for (const url of this.resources.filter((r) => r.type === 'AWS::Lambda::Url')) {
      const fn = this.targetElements(url, 'TargetFunctionArn')[0];
      if (!fn) continue;
      const type = url.properties.AuthType;
      const authentication = typeof type === 'string' ? URL_AUTH_TYPES[type] ?? 'unknown' : 'unknown';
      const evidence = this.evidence(url, ['AuthType'], `${url.type} ${url.id} with AuthType ${describe(type)}.`);
      fn.attributes.functionUrl = scalar(type) ?? 'unknown';
      fn.evidence.push(evidence);
      const authorization = authentication === 'none' ? 'none' : authentication === 'unknown' ? 'unknown' : 'enforced';
      this.addFlow(this.users(evidence), fn, 'function URL', { protocol: 'https', authentication, authorization, encryptedInTransit: true }, [evidence]);
    }
    // Invoke permissions for API Gateway that no route accounts for (e.g. an OpenAPI body Guardian could not read).
    for (const permission of this.resources.filter((r) => r.type === 'AWS::Lambda::Permission' && r.properties.Principal === 'apigateway.amazonaws.com')) {
      const fn = this.targetElements(permission, 'FunctionName')[0];
      const api = this.targetElements(permission, 'SourceArn').find((e) => e.type === 'api-gateway');
      if (!fn || routed.has(`${api?.id}\u0000${fn.id}`)) continue;
      const evidence = this.evidence(permission, ['Principal'], `${permission.type} ${permission.id} lets API Gateway invoke ${fn.name}.`);
      const source = api ?? this.awsService('apigateway', SERVICES.principals['apigateway.amazonaws.com']!, evidence);
      if (api) routed.add(`${api.id}\u0000${fn.id}`);
      this.addFlow(source, fn, 'invoke', { protocol: 'aws-api', authentication: 'iam', encryptedInTransit: true }, [evidence]);
    }
  }

  /** Users sign in to Cognito user pools; authorizers validate their tokens; API → Lambda authorizers; user-pool triggers. */
  private identityFlows(): void {
    for (const pool of this.resources.filter((r) => r.type === 'AWS::Cognito::UserPool')) {
      const idp = this.elementOf.get(resourceKey(pool));
      if (!idp) continue;
      const clients = this.referrers(pool, 'AWS::Cognito::UserPoolClient');
      const authorizers = this.referrers(pool, 'AWS::ApiGateway::Authorizer', 'AWS::ApiGatewayV2::Authorizer');
      for (const authorizer of authorizers) {
        const api = this.targetElements(authorizer, authorizer.type === 'AWS::ApiGateway::Authorizer' ? 'RestApiId' : 'ApiId')[0];
        if (!api) continue;
        this.addFlow(idp, api, 'token validation', { protocol: 'https', encryptedInTransit: true }, [this.evidence(authorizer, [], `${authorizer.type} ${describe(authorizer.properties.Name ?? authorizer.id)} validates tokens of ${idp.name}.`)]);
      }
      const users = clients[0] ?? authorizers[0];
      if (users) {
        const evidence = this.evidence(users, [], `${users.type} ${users.id} lets users sign in to ${idp.name}.`);
        this.addFlow(this.users(evidence), idp, 'sign in', { protocol: 'https', authentication: 'none', encryptedInTransit: true, data: ['credentials', 'personal'] }, [evidence]);
      }
      for (const fn of this.targetElements(pool, 'LambdaConfig')) {
        this.addFlow(idp, fn, 'trigger', { protocol: 'event', authentication: 'iam', encryptedInTransit: true }, [this.evidence(pool, ['LambdaConfig'], `${idp.name} invokes ${fn.name} as a Lambda trigger.`)]);
      }
    }
    for (const authorizer of this.resources.filter((r) => r.type === 'AWS::ApiGateway::Authorizer' || r.type === 'AWS::ApiGatewayV2::Authorizer')) {
      const api = this.targetElements(authorizer, authorizer.type === 'AWS::ApiGateway::Authorizer' ? 'RestApiId' : 'ApiId')[0];
      if (!api) continue;
      for (const fn of this.targetElements(authorizer, 'AuthorizerUri').filter((e) => e.type === 'lambda')) {
        this.addFlow(api, fn, 'authorize', { protocol: 'aws-api', authentication: 'iam', encryptedInTransit: true }, [this.evidence(authorizer, ['AuthorizerUri'], `${authorizer.type} ${authorizer.id} calls Lambda authorizer ${fn.name}.`)]);
      }
    }
  }

  /** Flows from processes' execution-role grants: one per (process, target, explicit or wildcard). */
  private grantFlows(): void {
    const iam = iamFromGraph(this.graph);
    const roles = new Map(iam.principals.filter((p) => p.type === 'role').map((p) => [`${p.source?.path}\u0000${p.id}`, p]));
    const holders = new Map<Policy, Resource>(iam.policies.map((p: GraphPolicy) => [p.policy, p.resource]));
    const grants = new Map<string, Grant>();
    for (const resource of this.resources) {
      const spec = SPECS[resource.type];
      const process = this.elementOf.get(resourceKey(resource));
      if (!spec?.role || !process || process.kind !== 'process') continue;
      const roleResources = this.hops(resource, spec.role).flatMap(({ holder, path }) => this.targets(holder, path, 'AWS::IAM::Role'));
      for (const roleResource of roleResources) {
        const role = roles.get(`${roleResource.source.path}\u0000${roleResource.id}`);
        if (!role) continue;
        for (const policy of role.identityPolicies) {
          const holder = holders.get(policy) ?? roleResource;
          for (const statement of policy.statements) this.grant(process, resource.stack, statement, policy, holder, grants);
        }
      }
    }
    for (const grant of [...grants.values()]) {
      const { from, to, access } = grant;
      let label: string;
      if (to.kind === 'process') {
        if (!access.has('invoke')) continue;
        label = 'invoke';
      } else {
        if (!access.has('read') && !access.has('write')) continue;
        label = access.has('read') && access.has('write') ? 'read-write' : access.has('read') ? 'read' : 'write';
      }
      if (grant.wildcard) label = `${label} (via wildcard)`;
      this.addFlow(from, to, label, { protocol: 'aws-api', authentication: 'iam', authorization: 'enforced', encryptedInTransit: true }, grant.evidence);
    }
  }

  /** Record what one Allow statement lets `process` do, per target element. */
  private grant(process: Element, stack: string, statement: Statement, policy: Policy, holder: Resource, grants: Map<string, Grant>): void {
    if (statement.effect !== 'Allow') return;
    const unresolved = statement.conditions.find((c) => c.operator === UNRESOLVED_OPERATOR);
    if (unresolved) {
      this.assumptions.add(`${process.name}: ${describe(unresolved.values[0] as Value)}; the access it grants is not drawn.`);
      return;
    }
    const actions: PolicyString[] = statement.notActions ? ['*'] : statement.actions ?? [];
    const resources: PolicyString[] = statement.notResources ? ['*'] : statement.resources ?? [];
    const line = statement.source?.line ?? lineOf(holder);
    const shownActions = actions.map(describe);
    const summary = shownActions.length > 3 ? `${shownActions.slice(0, 3).join(', ')} and ${shownActions.length - 3} more` : shownActions.join(', ');
    const evidence = (on: string): Evidence => ({
      source: 'iac', path: statement.source?.path ?? holder.source.path, line,
      resource: { stack: holder.stack, id: holder.id, type: holder.type },
      note: `${policy.name} allows ${summary} on ${on}.`,
    });
    const add = (to: Element, wildcard: boolean, on: string) => {
      const access = new Set((SERVICES_BY_TYPE.get(to.type) ?? serviceOfExternal(to)).flatMap((service) => [...accessFor(actions, service)]));
      if (!access.size) return;
      const key = `${process.id}\u0000${to.id}\u0000${wildcard}`;
      const grant = grants.get(key) ?? { from: process, to, access: new Set<Access>(), wildcard, evidence: [] };
      for (const a of access) grant.access.add(a);
      grant.evidence.push(evidence(on));
      grants.set(key, grant);
    };
    const services = [...new Set(actions.map((a) => (typeof a === 'string' ? (a === '*' ? '*' : a.split(':')[0]!.toLowerCase()) : '*')))].sort();
    for (const entry of resources) {
      const text = describe(entry);
      const referenced = entry instanceof Unknown ? entry.refs.map((ref) => this.graph.get(stack, ref.split('#')[0]!)).filter((r): r is Resource => r !== undefined) : this.namedResources(stack, entry);
      const elements = referenced.map((r) => this.ensure(r)).filter((e): e is Element => e !== undefined && e.id !== process.id);
      if (elements.length) {
        for (const element of elements) add(element, false, element.name);
        continue;
      }
      if (referenced.length) continue; // a resource that is not an element (a KMS key, a role)
      if (text.includes('*')) {
        for (const service of services) {
          const targets = this.wildcardTargets(stack, service, text).filter((e) => e.id !== process.id);
          for (const target of targets) add(target, true, text);
          if (targets.length) this.assumptions.add(`${process.name} is allowed ${service === '*' ? 'every action' : `${service} actions`} on ${text}, which reaches resources outside ${stack} too; only that stack's are drawn.`);
        }
        continue;
      }
      const service = arnService(text) ?? (services.length === 1 ? services[0] : undefined);
      if (!service || service === '*') continue;
      const external = SERVICES.external[service];
      const target = external ? this.awsService(service, external, evidence(text)) : this.outsideStore(stack, service, text, evidence(text));
      if (target) add(target, false, text);
    }
  }

  /** Elements of `service` in `stack` that a wildcard resource can reach (all services for `*`). */
  private wildcardTargets(stack: string, service: string, pattern: string): Element[] {
    const arnSvc = arnService(pattern);
    const found: Element[] = [];
    for (const resource of this.resources) {
      const spec = SPECS[resource.type];
      if (resource.stack !== stack || !spec || spec.lazy || spec.wildcard === false) continue;
      if (service !== '*' && !servicesOf(spec).includes(service)) continue;
      if (arnSvc && arnSvc !== '*' && !servicesOf(spec).includes(arnSvc)) continue;
      const element = this.ensure(resource);
      if (element && !found.includes(element)) found.push(element);
    }
    return found;
  }

  /** Resources of `stack` whose physical name is a segment of the literal ARN (or name) `value`. */
  private namedResources(stack: string, value: string): Resource[] {
    if (value === '*') return [];
    const service = arnService(value);
    const segments = new Set(value.startsWith('arn:') ? value.split(':').slice(5).join(':').split(/[:/]/) : [value]);
    return this.resources.filter((r) => {
      const spec = SPECS[r.type];
      if (r.stack !== stack || !spec || (service && !servicesOf(spec).includes(service))) return false;
      return this.physicalNames(r, spec).some((name) => segments.has(name));
    });
  }

  /** Event sources: mappings, push permissions, subscriptions, bucket notifications, rule targets. */
  private eventFlows(): void {
    const event = (from: Element, to: Element, evidence: Evidence) =>
      this.addFlow(from, to, eventLabel(from), { protocol: 'event', authentication: 'iam', encryptedInTransit: true }, [evidence]);
    for (const mapping of this.resources.filter((r) => EVENT_SOURCE_MAPPINGS.includes(r.type))) {
      const fn = [...this.targetElements(mapping, 'FunctionName'), ...this.targetElements(mapping, 'function_name')][0];
      const source = [...this.targetElements(mapping, 'EventSourceArn'), ...this.targetElements(mapping, 'event_source_arn')][0];
      if (fn && source) event(source, fn, this.evidence(mapping, ['EventSourceArn'], `${mapping.type} ${mapping.id} delivers ${source.name} to ${fn.name}.`));
    }
    for (const permission of this.resources.filter((r) => r.type === 'AWS::Lambda::Permission')) {
      const principal = permission.properties.Principal;
      if (typeof principal !== 'string' || principal === 'apigateway.amazonaws.com' || !SERVICES.principals[principal]) continue;
      const fn = this.targetElements(permission, 'FunctionName')[0];
      if (!fn) continue;
      const evidence = this.evidence(permission, ['SourceArn'], `${permission.type} ${permission.id} lets ${principal} invoke ${fn.name}.`);
      const rules = this.targets(permission, 'SourceArn', 'AWS::Events::Rule');
      if (rules.length) continue; // drawn from the rule's targets below
      const source = this.targetElements(permission, 'SourceArn')[0] ?? this.awsService(principal.split('.')[0]!, SERVICES.principals[principal]!, evidence);
      event(source, fn, evidence);
    }
    for (const subscription of this.resources.filter((r) => r.type === 'AWS::SNS::Subscription')) {
      const topic = this.targetElements(subscription, 'TopicArn')[0];
      const endpoint = this.targetElements(subscription, 'Endpoint')[0];
      if (topic && endpoint) event(topic, endpoint, this.evidence(subscription, ['Endpoint'], `${subscription.type} ${subscription.id} subscribes ${endpoint.name} to ${topic.name}.`));
    }
    for (const topic of this.resources.filter((r) => r.type === 'AWS::SNS::Topic')) {
      const from = this.elementOf.get(resourceKey(topic));
      for (const endpoint of from ? this.targetElements(topic, 'Subscription') : []) event(from!, endpoint, this.evidence(topic, ['Subscription'], `${topic.id} has a subscription for ${endpoint.name}.`));
    }
    for (const bucket of this.resources.filter((r) => r.type === 'AWS::S3::Bucket')) {
      const from = this.elementOf.get(resourceKey(bucket));
      for (const target of from ? this.targetElements(bucket, 'NotificationConfiguration') : []) event(from!, target, this.evidence(bucket, ['NotificationConfiguration'], `${bucket.id} sends object notifications to ${target.name}.`));
    }
    for (const rule of this.resources.filter((r) => r.type === 'AWS::Events::Rule')) {
      const schedule = rule.properties.ScheduleExpression;
      const evidence = this.evidence(rule, ['Targets'], `${rule.type} ${rule.id}${schedule !== undefined ? ` (${describe(schedule)})` : ''} targets these resources.`);
      const bus = this.targetElements(rule, 'EventBusName')[0];
      const source = bus ?? this.awsService('events', SERVICES.principals['events.amazonaws.com']!, evidence);
      const label = schedule !== undefined ? `schedule ${describe(schedule)}` : `rule ${nameOf(rule)}`;
      for (const target of this.targetElements(rule, 'Targets')) {
        this.addFlow(source, target, label, { protocol: 'event', authentication: 'iam', encryptedInTransit: true }, [evidence]);
      }
    }
  }

  /** API stages' access logs and functions' explicit log groups: the only log groups drawn. */
  private logFlows(): void {
    for (const stage of this.resources.filter((r) => STAGES.includes(r.type))) {
      const rest = stage.type === 'AWS::ApiGateway::Stage';
      const api = this.targetElements(stage, rest ? 'RestApiId' : 'ApiId').find((e) => e.type === 'api-gateway');
      const setting = rest ? 'AccessLogSetting' : 'AccessLogSettings';
      const log = this.targetElements(stage, `${setting}.DestinationArn`)[0];
      if (api && log) this.addFlow(api, log, 'access logs', { protocol: 'aws-api', authentication: 'iam', encryptedInTransit: true }, [this.evidence(stage, [setting, 'DestinationArn'], `${stage.type} ${describe(stage.properties.StageName)} writes access logs to ${log.name}.`)]);
    }
    for (const resource of this.resources.filter((r) => r.type === 'AWS::Lambda::Function')) {
      const fn = this.elementOf.get(resourceKey(resource));
      const log = this.targetElements(resource, 'LoggingConfig.LogGroup')[0];
      if (fn && log) this.addFlow(fn, log, 'logs', { protocol: 'aws-api', authentication: 'iam', encryptedInTransit: true }, [this.evidence(resource, ['LoggingConfig', 'LogGroup'], `${fn.name} logs to ${log.name}.`)]);
    }
  }

  // --- classification, assumptions, output -----------------------------------------

  private classifyElements(): void {
    for (const element of this.elements.values()) {
      const texts = [...(this.names.get(element.id) ?? [])].sort();
      const matches = explainClassification(texts);
      if (!matches.length) continue;
      element.data = [...new Set([...(element.data ?? []), ...matches.map((m) => m.dataClass)])].sort();
      // One reason per (class, word): the first name (sorted) it was found in.
      const reasons = new Map<string, string[]>();
      const seen = new Set<string>();
      for (const m of matches) {
        if (seen.has(`${m.dataClass}\u0000${m.term}`)) continue;
        seen.add(`${m.dataClass}\u0000${m.term}`);
        reasons.set(m.dataClass, [...(reasons.get(m.dataClass) ?? []), `"${m.term}" in ${m.text}`]);
      }
      const note = [...reasons].map(([dataClass, list]) => `${dataClass} data (${list.join(', ')})`).join('; ');
      const first = element.evidence[0];
      if (first) element.evidence.push({ ...first, note: `Names suggest ${note}.` });
    }
    // What a flow carries: what the store holds for process ↔ store flows, what the source holds for events.
    for (const flow of this.flows.values()) {
      const from = this.elements.get(flow.from);
      const to = this.elements.get(flow.to);
      const carried = flow.protocol === 'event' ? from?.data : to?.kind === 'data-store' && flow.label !== 'access logs' && flow.label !== 'logs' ? to.data : undefined;
      if (carried?.length) flow.data = [...new Set([...(flow.data ?? []), ...carried])].sort();
    }
  }

  private vpcAssumption(): void {
    const outside = [...this.elements.values()].filter((e) => e.type === 'lambda' && !e.boundary?.startsWith('boundary:vpc:')).map((e) => e.name).sort();
    if (outside.length) this.assumptions.add(`Lambda functions without VpcConfig run outside any VPC with outbound Internet access: ${outside.join(', ')}.`);
  }

  private finish(): Architecture {
    const chain = (boundary: string | undefined): string[] => {
      const out: string[] = [];
      for (let id = boundary; id && !out.includes(id); id = this.boundaries.get(id)?.parent) out.push(id);
      return out;
    };
    const evidenceKey = (e: Evidence) => `${e.path}\u0000${String(e.line ?? 0).padStart(8, '0')}\u0000${e.resource?.id ?? ''}\u0000${e.note}`;
    const tidy = (list: Evidence[]) => [...new Map(list.map((e) => [evidenceKey(e), e])).entries()].sort(([a], [b]) => compare(a, b)).map(([, e]) => e);
    for (const element of this.elements.values()) {
      element.evidence = tidy(element.evidence);
      if (Array.isArray(element.attributes.resources)) element.attributes.resources = [...element.attributes.resources].sort();
    }
    for (const flow of this.flows.values()) {
      flow.evidence = tidy(flow.evidence);
      const from = chain(this.elements.get(flow.from)?.boundary);
      const to = chain(this.elements.get(flow.to)?.boundary);
      flow.crosses = [...from.filter((b) => !to.includes(b)), ...to.filter((b) => !from.includes(b)).reverse()];
    }
    return normalizeArchitecture({
      elements: [...this.elements.values()],
      flows: [...this.flows.values()],
      boundaries: [...this.boundaries.values()],
      assumptions: [...this.assumptions],
    });
  }

  // --- element attributes --------------------------------------------------------------

  private attributesOf(resource: Resource, spec: ElementSpec): Element['attributes'] {
    const p = resource.properties;
    const out: Element['attributes'] = {};
    const set = (key: string, value: string | number | boolean | undefined) => {
      if (value !== undefined) out[key] = value;
    };
    const physical = this.physicalNames(resource, spec)[0];
    if (physical) out.physicalName = physical;
    switch (spec.type) {
      case 'lambda':
        set('runtime', p.PackageType === 'Image' ? 'container image' : scalar(p.Runtime ?? p.runtime));
        set('handler', scalar(p.Handler));
        set('codeUri', scalar(valueAt(p, ['Code', 'LocalPath'])));
        if (p.KmsKeyArn !== undefined) out.kmsKey = this.refName(resource, 'KmsKeyArn');
        break;
      case 'dynamodb': {
        const pitr = valueAt(p, ['PointInTimeRecoverySpecification', 'PointInTimeRecoveryEnabled']);
        out.pointInTimeRecovery = pitr === undefined ? false : scalar(pitr) ?? 'unknown';
        const sse = valueAt(p, ['SSESpecification', 'KMSMasterKeyId']);
        out.customerKey = sse === undefined ? false : valueAt(p, ['SSESpecification', 'SSEEnabled']) instanceof Unknown ? 'unknown' : valueAt(p, ['SSESpecification', 'SSEEnabled']) === true;
        out.encryptedAtRest = true; // DynamoDB encrypts every table at rest; SSESpecification only picks the key.
        break;
      }
      case 's3': {
        const block = valueAt(p, ['PublicAccessBlockConfiguration']);
        const flags = ['BlockPublicAcls', 'IgnorePublicAcls', 'BlockPublicPolicy', 'RestrictPublicBuckets'].map((f) => valueAt(block, [f]));
        out.publicAccessBlock = block === undefined ? false : flags.some((f) => f instanceof Unknown) ? 'unknown' : flags.every((f) => f === true);
        const algorithm = valueAt(p, ['BucketEncryption', 'ServerSideEncryptionConfiguration', 0, 'ServerSideEncryptionByDefault', 'SSEAlgorithm']);
        out.encryption = algorithm === undefined ? 'AES256 (default)' : scalar(algorithm) ?? 'unknown';
        out.customerKey = valueAt(p, ['BucketEncryption', 'ServerSideEncryptionConfiguration', 0, 'ServerSideEncryptionByDefault', 'KMSMasterKeyID']) !== undefined;
        out.versioning = valueAt(p, ['VersioningConfiguration', 'Status']) === 'Enabled';
        break;
      }
      case 'queue':
        out.encryption = p.KmsMasterKeyId !== undefined ? 'sse-kms' : p.SqsManagedSseEnabled === false ? 'none' : 'sse-sqs';
        break;
      case 'topic':
      case 'event-bus':
        out.encryption = p.KmsMasterKeyId !== undefined || p.KmsKeyIdentifier !== undefined ? 'sse-kms' : spec.type === 'topic' ? 'none' : 'aws-owned key';
        break;
      case 'stream':
        out.encryption = p.StreamEncryption !== undefined ? 'sse-kms' : 'none';
        break;
      case 'rds':
        set('engine', scalar(p.Engine ?? p.engine));
        out.storageEncrypted = scalar(p.StorageEncrypted ?? p.storage_encrypted) ?? false;
        out.publiclyAccessible = scalar(p.PubliclyAccessible ?? p.publicly_accessible) ?? false;
        break;
      case 'secrets-store':
        if (p.KmsKeyId !== undefined || p.kms_key_id !== undefined) out.kmsKey = this.refName(resource, p.KmsKeyId !== undefined ? 'KmsKeyId' : 'kms_key_id');
        set('parameterType', scalar(p.Type ?? p.type));
        break;
      case 'log':
        set('retentionDays', scalar(p.RetentionInDays));
        break;
      case 'state-machine':
        set('stateMachineType', scalar(p.StateMachineType ?? p.Type ?? 'STANDARD'));
        out.logging = p.LoggingConfiguration !== undefined || p.Logging !== undefined;
        break;
      case 'identity-provider': {
        const mfa = p.MfaConfiguration ?? 'OFF';
        out.mfa = typeof mfa === 'string' ? mfa.toLowerCase() : 'unknown';
        break;
      }
      case 'ci':
        set('sourceType', scalar(valueAt(p, ['Source', 'Type'])));
        set('privileged', scalar(valueAt(p, ['Environment', 'PrivilegedMode'])) ?? false);
        break;
    }
    if (spec.role && !spec.role.includes('>') && p[spec.role] !== undefined) out.role = this.refName(resource, spec.role);
    if (spec.subnets) out.vpc = this.hops(resource, spec.subnets).some(({ holder, path }) => valueAt(holder.properties, path.split('.')) !== undefined);
    return out;
  }

  /** The resource a property refers to (its name), else the value as written. */
  private refName(resource: Resource, property: string): string {
    const target = this.targets(resource, property)[0];
    return target ? target.constructPath ?? target.id : describe(resource.properties[property]);
  }
}

// ---------------------------------------------------------------------------------------
// Pure helpers

const servicesOf = (spec: ElementSpec): string[] => (spec.service === undefined ? [] : Array.isArray(spec.service) ? spec.service : [spec.service]);

/** IAM service prefixes per element type, for grants to elements (all specs of that type). */
const SERVICES_BY_TYPE = new Map<string, string[]>();
for (const spec of Object.values(SPECS)) SERVICES_BY_TYPE.set(spec.type, [...new Set([...(SERVICES_BY_TYPE.get(spec.type) ?? []), ...servicesOf(spec)])]);

/** The service of an element made for something outside the template (`external-entity:aws-service:ses` → `ses`). */
function serviceOfExternal(element: Element): string[] {
  return element.type === 'aws-service' ? [element.id.split(':').pop()!] : [];
}

/** The service of an ARN (`arn:aws:dynamodb:…` → `dynamodb`), `undefined` for other strings. */
function arnService(text: string): string | undefined {
  const match = /^arn:[^:]*:([^:]+):/.exec(text);
  return match ? match[1]!.toLowerCase() : undefined;
}

/** What `actions` let a caller do to a resource of `service`: read, write, invoke (by verb; wildcards read as every verb they match). */
export function accessFor(actions: readonly PolicyString[], service: string | undefined): Set<Access> {
  const access = new Set<Access>();
  for (const action of actions) {
    if (action instanceof Unknown || action === '*') {
      for (const a of ['read', 'write', 'invoke'] as const) access.add(a);
      continue;
    }
    const colon = action.indexOf(':');
    if (colon === -1 || !service || action.slice(0, colon).toLowerCase() !== service) continue;
    for (const a of verbAccess(action.slice(colon + 1))) access.add(a);
  }
  return access;
}

/** Access of one action name (`GetItem`, `Get*`, `*`). */
function verbAccess(name: string): Access[] {
  const star = name.indexOf('*');
  if (star !== -1) {
    const prefix = name.slice(0, star).toLowerCase();
    const matching = VERBS.filter(([verb]) => verb.toLowerCase().startsWith(prefix) || prefix.startsWith(verb.toLowerCase()));
    return [...new Set(matching.flatMap(([, access]) => access))];
  }
  // Action names are case-insensitive; the word boundary after the verb is only visible in CamelCase.
  const camel = name !== name.toLowerCase();
  const found = VERBS.find(([verb]) => name.toLowerCase().startsWith(verb.toLowerCase()) && (!camel || name.length === verb.length || /[A-Z]/.test(name[verb.length]!)));
  return found ? found[1] : [];
}

/** How an event flow from `source` is labelled, by what the source is. */
function eventLabel(source: Element): string {
  switch (source.type) {
    case 'queue':
      return 'messages';
    case 'stream':
      return 'records';
    case 'dynamodb':
      return 'stream records';
    case 'topic':
      return 'notification';
    case 's3':
      return 'object event';
    case 'identity-provider':
      return 'trigger';
    default:
      return 'event';
  }
}
