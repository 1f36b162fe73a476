/**
 * The code extractor's catalog: frameworks, authentication markers, HTTP, database and AWS
 * clients, identity providers and secret names, read from `frameworks.yaml` beside this
 * module and validated here. Names are qualified (`flask.Flask`, `pg.Pool`; see
 * `imports.ts`), regular expressions are compiled once.
 */
import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import type { Authentication } from '../model.js';

const names = z.array(z.string().min(1));
const authType = z.enum(['none', 'iam', 'jwt', 'cognito', 'api-key', 'custom', 'session', 'mtls', 'unknown']);
const typedPattern = z.object({ pattern: z.string().min(1), type: authType }).strict();

const frameworkSchema = z
  .object({
    id: z.string().min(1),
    name: z.string().min(1),
    language: z.enum(['python', 'javascript']),
    apps: names,
    routers: names,
    'prefix-keywords': names,
    'route-methods': z.record(z.string(), z.string().min(1)),
    'methods-keyword': z.string(),
    'default-methods': names,
    'mount-methods': names,
    receivers: names,
  })
  .strict();

const httpClientSchema = z
  .object({ library: z.string(), language: z.enum(['python', 'javascript']), methods: names, functions: names, 'url-keywords': names })
  .strict();

const dataClientSchema = z
  .object({
    library: z.string(),
    language: z.enum(['python', 'javascript']),
    calls: names,
    type: z.string().min(1),
    protocol: z.enum(['sql', 'tcp']),
    argument: z.number().int(),
    keywords: names,
  })
  .strict();

const awsServiceSchema = z
  .object({
    element: z.enum(['data-store', 'external', 'identity-provider']),
    type: z.string().min(1),
    'name-keys': names,
    'v2-classes': names,
    'v3-modules': names,
    'resource-methods': names,
  })
  .strict();

const fileSchema = z
  .object({
    frameworks: z.array(frameworkSchema).min(1),
    django: z
      .object({
        'route-functions': names,
        'include-functions': names,
        'method-decorators': z.record(z.string(), names),
        'method-decorator-lists': names,
        'view-methods': names,
        'authenticated-includes': names,
        'login-middleware': names,
      })
      .strict(),
    templates: z.object({ python: names, 'javascript-methods': names }).strict(),
    authentication: z
      .object({
        decorators: z.array(typedPattern),
        'neutral-decorators': names,
        'public-markers': names,
        dependencies: z.array(typedPattern),
        'dependency-functions': names,
        mixins: z.array(typedPattern),
        'permission-classes': z.array(typedPattern),
        middleware: z.array(typedPattern),
        'neutral-middleware': names,
        'hook-options': names,
        'hook-methods': names,
      })
      .strict(),
    'http-clients': z.array(httpClientSchema),
    'vendor-sdks': z.array(z.object({ modules: names, host: z.string().min(1) }).strict()),
    'identity-providers': z
      .object({
        hosts: z.array(z.object({ pattern: z.string(), name: z.string(), path: z.string().optional() }).strict()),
        libraries: z.array(z.object({ modules: names, name: z.string() }).strict()),
        'jwks-paths': names,
      })
      .strict(),
    'data-clients': z.array(dataClientSchema),
    'url-schemes': z.record(z.string(), z.string()),
    'django-engines': z.record(z.string(), z.string()),
    'database-url-names': z.string(),
    'aws-services': z.record(z.string(), awsServiceSchema),
    operations: z
      .object({ read: names, write: names, sql: names, 'sql-read-verbs': names, 'sql-write-verbs': names })
      .strict(),
    'in-memory': z
      .object({
        'python-mutators': names,
        'javascript-mutators': names,
        'python-constructors': names,
        'javascript-constructors': names,
        'ignore-names': z.string(),
      })
      .strict(),
    files: z.object({ 'python-open': names, 'python-write-modes': z.string(), 'javascript-writers': names }).strict(),
    secrets: z.object({ names: z.string(), exclude: z.string(), 'python-env-reads': names }).strict(),
  })
  .strict();

/** A web framework: how its apps, routers and routes are written. */
export interface Framework {
  id: string;
  /** Display name (`Flask`). */
  name: string;
  language: 'python' | 'javascript';
  /** Qualified calls that create an application. */
  apps: ReadonlySet<string>;
  /** Qualified calls that create a router (Blueprint, APIRouter, express.Router). */
  routers: ReadonlySet<string>;
  prefixKeywords: readonly string[];
  /** Method name on an app/router → HTTP method, or `from-keyword`. */
  routeMethods: ReadonlyMap<string, string>;
  methodsKeyword: string;
  defaultMethods: readonly string[];
  mountMethods: ReadonlySet<string>;
  receivers: ReadonlySet<string>;
}

/** A regular expression with the Authentication it implies. */
export interface AuthPattern {
  pattern: RegExp;
  type: Authentication;
}

/** An HTTP client library. */
export interface HttpClient {
  library: string;
  language: 'python' | 'javascript';
  methods: ReadonlySet<string>;
  functions: ReadonlySet<string>;
  urlKeywords: readonly string[];
}

/** A database or cache client library. `argument` -1: the address is only in keywords. */
export interface DataClient {
  library: string;
  language: 'python' | 'javascript';
  calls: ReadonlySet<string>;
  type: string;
  protocol: 'sql' | 'tcp';
  argument: number;
  keywords: readonly string[];
}

/** An AWS service as the SDKs reach it. */
export interface AwsService {
  /** The boto3 / IAM service name (`dynamodb`). */
  service: string;
  element: 'data-store' | 'external' | 'identity-provider';
  type: string;
  nameKeys: readonly string[];
  v2Classes: readonly string[];
  v3Modules: readonly string[];
  resourceMethods: readonly string[];
}

/** The validated catalog. */
export interface CodeCatalog {
  frameworks: readonly Framework[];
  django: {
    routeFunctions: ReadonlySet<string>;
    includeFunctions: ReadonlySet<string>;
    methodDecorators: ReadonlyMap<string, readonly string[]>;
    methodDecoratorLists: ReadonlySet<string>;
    viewMethods: readonly string[];
    authenticatedIncludes: ReadonlySet<string>;
    loginMiddleware: ReadonlySet<string>;
  };
  templates: { python: ReadonlySet<string>; javascriptMethods: ReadonlySet<string> };
  auth: {
    decorators: readonly AuthPattern[];
    neutralDecorators: readonly RegExp[];
    publicMarkers: readonly RegExp[];
    dependencies: readonly AuthPattern[];
    dependencyFunctions: ReadonlySet<string>;
    mixins: readonly AuthPattern[];
    permissionClasses: readonly AuthPattern[];
    middleware: readonly AuthPattern[];
    neutralMiddleware: readonly RegExp[];
    hookOptions: ReadonlySet<string>;
    hookMethods: ReadonlySet<string>;
  };
  httpClients: readonly HttpClient[];
  /** Module → vendor API host. */
  vendorSdks: ReadonlyMap<string, string>;
  identity: {
    hosts: readonly { pattern: RegExp; name: string; path?: RegExp }[];
    /** Module → provider name. */
    libraries: ReadonlyMap<string, string>;
    jwksPaths: readonly string[];
  };
  dataClients: readonly DataClient[];
  urlSchemes: ReadonlyMap<string, string>;
  djangoEngines: ReadonlyMap<string, string>;
  databaseUrlNames: RegExp;
  awsServices: ReadonlyMap<string, AwsService>;
  operations: {
    read: ReadonlySet<string>;
    write: ReadonlySet<string>;
    sql: ReadonlySet<string>;
    sqlRead: ReadonlySet<string>;
    sqlWrite: ReadonlySet<string>;
  };
  memory: {
    pythonMutators: ReadonlySet<string>;
    javascriptMutators: ReadonlySet<string>;
    pythonConstructors: ReadonlySet<string>;
    javascriptConstructors: ReadonlySet<string>;
    ignoreNames: RegExp;
  };
  files: { pythonOpen: ReadonlySet<string>; pythonWriteModes: RegExp; javascriptWriters: ReadonlySet<string> };
  secrets: { names: RegExp; exclude: RegExp; pythonEnvReads: ReadonlySet<string> };
}

const typed = (list: { pattern: string; type: Authentication }[]): AuthPattern[] => list.map((p) => ({ pattern: new RegExp(p.pattern), type: p.type }));

/**
 * Parse and validate a catalog (the YAML text of `frameworks.yaml`). Throws with zod's
 * message naming the bad field: the catalog ships with Guardian, so a broken one is a
 * build defect caught by the tests, not bad user input.
 */
export function parseCodeCatalog(text: string): CodeCatalog {
  const f = fileSchema.parse(parseYaml(text));
  const moduleMap = (entries: { modules: string[] }[], value: (e: never) => string): Map<string, string> =>
    new Map(entries.flatMap((e) => e.modules.map((m) => [m, value(e as never)] as const)));
  return {
    frameworks: f.frameworks.map((fw) => ({
      id: fw.id,
      name: fw.name,
      language: fw.language,
      apps: new Set(fw.apps),
      routers: new Set(fw.routers),
      prefixKeywords: fw['prefix-keywords'],
      routeMethods: new Map(Object.entries(fw['route-methods'])),
      methodsKeyword: fw['methods-keyword'],
      defaultMethods: fw['default-methods'],
      mountMethods: new Set(fw['mount-methods']),
      receivers: new Set(fw.receivers),
    })),
    django: {
      routeFunctions: new Set(f.django['route-functions']),
      includeFunctions: new Set(f.django['include-functions']),
      methodDecorators: new Map(Object.entries(f.django['method-decorators'])),
      methodDecoratorLists: new Set(f.django['method-decorator-lists']),
      viewMethods: f.django['view-methods'],
      authenticatedIncludes: new Set(f.django['authenticated-includes']),
      loginMiddleware: new Set(f.django['login-middleware']),
    },
    templates: { python: new Set(f.templates.python), javascriptMethods: new Set(f.templates['javascript-methods']) },
    auth: {
      decorators: typed(f.authentication.decorators),
      neutralDecorators: f.authentication['neutral-decorators'].map((p) => new RegExp(p)),
      publicMarkers: f.authentication['public-markers'].map((p) => new RegExp(p)),
      dependencies: typed(f.authentication.dependencies),
      dependencyFunctions: new Set(f.authentication['dependency-functions']),
      mixins: typed(f.authentication.mixins),
      permissionClasses: typed(f.authentication['permission-classes']),
      middleware: typed(f.authentication.middleware),
      neutralMiddleware: f.authentication['neutral-middleware'].map((p) => new RegExp(p)),
      hookOptions: new Set(f.authentication['hook-options']),
      hookMethods: new Set(f.authentication['hook-methods']),
    },
    httpClients: f['http-clients'].map((c) => ({
      library: c.library,
      language: c.language,
      methods: new Set(c.methods),
      functions: new Set(c.functions),
      urlKeywords: c['url-keywords'],
    })),
    vendorSdks: moduleMap(f['vendor-sdks'], (e: { host: string }) => e.host),
    identity: {
      hosts: f['identity-providers'].hosts.map((h) => ({ pattern: new RegExp(h.pattern), name: h.name, ...(h.path ? { path: new RegExp(h.path) } : {}) })),
      libraries: moduleMap(f['identity-providers'].libraries, (e: { name: string }) => e.name),
      jwksPaths: f['identity-providers']['jwks-paths'],
    },
    dataClients: f['data-clients'].map((c) => ({ ...c, calls: new Set(c.calls) })),
    urlSchemes: new Map(Object.entries(f['url-schemes'])),
    djangoEngines: new Map(Object.entries(f['django-engines'])),
    databaseUrlNames: new RegExp(f['database-url-names']),
    awsServices: new Map(
      Object.entries(f['aws-services']).map(([service, s]) => [
        service,
        {
          service,
          element: s.element,
          type: s.type,
          nameKeys: s['name-keys'],
          v2Classes: s['v2-classes'],
          v3Modules: s['v3-modules'],
          resourceMethods: s['resource-methods'],
        },
      ]),
    ),
    operations: {
      read: new Set(f.operations.read),
      write: new Set(f.operations.write),
      sql: new Set(f.operations.sql),
      sqlRead: new Set(f.operations['sql-read-verbs']),
      sqlWrite: new Set(f.operations['sql-write-verbs']),
    },
    memory: {
      pythonMutators: new Set(f['in-memory']['python-mutators']),
      javascriptMutators: new Set(f['in-memory']['javascript-mutators']),
      pythonConstructors: new Set(f['in-memory']['python-constructors']),
      javascriptConstructors: new Set(f['in-memory']['javascript-constructors']),
      ignoreNames: new RegExp(f['in-memory']['ignore-names']),
    },
    files: {
      pythonOpen: new Set(f.files['python-open']),
      pythonWriteModes: new RegExp(f.files['python-write-modes']),
      javascriptWriters: new Set(f.files['javascript-writers']),
    },
    secrets: { names: new RegExp(f.secrets.names, 'i'), exclude: new RegExp(f.secrets.exclude, 'i'), pythonEnvReads: new Set(f.secrets['python-env-reads']) },
  };
}

/** The catalog shipped in `frameworks.yaml` beside this module (copied to dist by the build). */
export const CODE_CATALOG: CodeCatalog = parseCodeCatalog(readFileSync(new URL('./frameworks.yaml', import.meta.url), 'utf8'));
