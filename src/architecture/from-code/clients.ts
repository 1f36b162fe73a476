/**
 * Facts shared by Python and JavaScript: HTTP calls to literal URLs, vendor SDKs and
 * identity providers, database / cache / AWS SDK clients and the operations made on
 * them, secrets read from the environment or written into the code.
 */
import type { CodeCatalog } from './catalog.js';
import type { Access, ExternalUse, FileFacts, StoreUse } from './facts.js';
import type { Call, SourceFile } from './source.js';
import type { AstNode } from '../../scanners/sast/tree.js';

const HTTP_VERBS = new Set(['get', 'post', 'put', 'patch', 'delete', 'head', 'options']);
const LOOPBACK = /^(localhost|127\.\d+\.\d+\.\d+|0\.0\.0\.0|\[::1\]|::1)$/;
const PRIVATE_HOST = /(\.internal|\.local|\.localdomain|\.svc|\.cluster\.local|\.corp|\.lan)$|^(10\.\d+|192\.168|172\.(1[6-9]|2\d|3[01]))\.\d+\.\d+$/;

/** A URL's parts, or undefined when `text` does not start with a scheme and host. */
export function parseUrl(text: string): { scheme: string; user?: string; password?: boolean; host: string; port?: string; path: string } | undefined {
  const m = /^([a-z][a-z0-9+.-]*):\/\/(?:([^:@/\s]*)(:[^@/\s]*)?@)?(\[[^\]]+\]|[^/:?#\s]+)(?::(\d+))?([^?#\s]*)/i.exec(text.trim());
  if (!m) return undefined;
  return { scheme: m[1]!.toLowerCase(), ...(m[2] ? { user: m[2] } : {}), ...(m[3] && m[3].length > 1 ? { password: true } : {}), host: m[4]!.toLowerCase(), ...(m[5] ? { port: m[5] } : {}), path: m[6] ?? '' };
}

/** Store-operation bookkeeping for one file: which names hold which store or AWS client. */
export class StoreTracker {
  /** Variable (as written) → store key. */
  readonly bound = new Map<string, string>();
  /** Variable → AWS service of a client/resource without a fixed resource name. */
  readonly awsClients = new Map<string, { service: string; line: number; variable: string }>();
  /** Functions returning a store (`def orders_db(): return sqlite3.connect(...)`). */
  readonly factories = new Map<string, string>();
  private readonly stores = new Map<string, StoreUse>();

  constructor(private readonly facts: FileFacts) {}

  /** The store with `key`, created with `make` when new. */
  store(key: string, make: () => Omit<StoreUse, 'key' | 'accesses'>): StoreUse {
    let store = this.stores.get(key);
    if (!store) {
      store = { key, accesses: [], ...make() };
      this.stores.set(key, store);
      this.facts.stores.push(store);
    }
    return store;
  }

  get(key: string): StoreUse | undefined {
    return this.stores.get(key);
  }
}

/** Normalised operation name: `put_item` → `putitem`, `PutItemCommand` → `putitem`. */
export function operationName(method: string): string {
  return method.toLowerCase().replace(/_/g, '').replace(/command$/, '');
}

/** `read`/`write` for an SQL statement's first word, undefined when it is not SQL. */
export function sqlAccess(sql: string, catalog: CodeCatalog): Access | undefined {
  const verb = /^\s*\(?\s*([a-z]+)/i.exec(sql)?.[1]?.toLowerCase();
  if (!verb) return undefined;
  if (catalog.operations.sqlRead.has(verb)) return 'read';
  if (catalog.operations.sqlWrite.has(verb)) return 'write';
  return undefined;
}

const SQL_KEYWORDS = new Set(
  'select from where and or not null into values insert update delete set create table drop alter index primary key integer int text varchar char real blob boolean default on join left right inner outer group by order having limit offset as if exists returning distinct like in is unique references foreign constraint replace with'.split(' '),
);

/** Table and column names in an SQL statement (identifiers that are not keywords), for classification. */
export function sqlWords(sql: string): { tables: string[]; words: string[] } {
  const tables = [...sql.matchAll(/\b(?:from|into|update|table|join)\s+(?:if\s+not\s+exists\s+)?["`[]?([A-Za-z_][\w.]*)/gi)].map((m) => m[1]!);
  const words = [...sql.matchAll(/[A-Za-z_][\w]*/g)].map((m) => m[0]).filter((w) => !SQL_KEYWORDS.has(w.toLowerCase()));
  return { tables: [...new Set(tables)], words: [...new Set(words)] };
}

/** Record HTTP client calls with literal URLs, vendor SDK imports and identity-provider libraries and URLs. */
export function collectExternals(file: SourceFile, facts: FileFacts, catalog: CodeCatalog): void {
  const family = file.family;
  for (const call of file.calls()) {
    const client = catalog.httpClients.find((c) => c.language === family && (c.methods.has(call.qualified) || c.functions.has(call.qualified)));
    const generic = !client && HTTP_VERBS.has(call.method.toLowerCase()) && call.receiver !== '';
    if (!client && !generic) continue;
    let urlNode: AstNode | undefined = call.positional[0];
    let method = HTTP_VERBS.has(call.method.toLowerCase()) ? call.method.toUpperCase() : '';
    // `requests.request('POST', url)`: the method comes first.
    const first = file.stringValue(call.positional[0]);
    if (first?.complete && /^[A-Za-z]+$/.test(first.value) && HTTP_VERBS.has(first.value.toLowerCase())) {
      method = first.value.toUpperCase();
      urlNode = call.positional[1];
    }
    for (const keyword of client?.urlKeywords ?? []) if (!file.stringValue(urlNode)?.value.includes('://')) urlNode = call.keywords.get(keyword) ?? urlNode;
    const methodKeyword = file.stringValue(call.keywords.get('method'));
    if (methodKeyword?.complete) method = methodKeyword.value.toUpperCase();
    const url = parseUrl(file.stringValue(urlNode)?.value ?? '');
    if (!url || (url.scheme !== 'http' && url.scheme !== 'https') || LOOPBACK.test(url.host)) continue;
    const https = url.scheme === 'https';
    const library = client?.library ?? 'an HTTP client';
    const idp = identityProvider(url.host, url.path, catalog);
    facts.externals.push({
      type: idp ? 'identity-provider' : PRIVATE_HOST.test(url.host) ? ('internal-service' as ExternalUse['type']) : 'third-party-api',
      name: idp ?? url.host,
      line: call.line,
      note: `${library} call to ${url.scheme}://${url.host}${url.path.split('/').slice(0, 3).join('/')}`,
      protocol: https ? 'https' : 'http',
      label: method || (family === 'python' ? 'GET' : call.method === 'fetch' ? 'GET' : 'request'),
      encryptedInTransit: https,
    });
  }
  for (const module of new Set(file.importedModules)) {
    const host = catalog.vendorSdks.get(module);
    if (host) facts.externals.push({ type: 'third-party-api', name: host, line: importLine(file, module), note: `imports the ${module} SDK`, protocol: 'https', label: 'call', encryptedInTransit: true });
    const idp = catalog.identity.libraries.get(module);
    if (idp) facts.externals.push({ type: 'identity-provider', name: idp, line: importLine(file, module), note: `imports ${module}`, protocol: 'https', label: 'authenticate', encryptedInTransit: true });
  }
  // JWKS / OpenID discovery URLs anywhere in string literals: the host issues the tokens the code verifies.
  if (catalog.identity.jwksPaths.some((p) => file.text.includes(p))) {
    for (const node of file.family === 'python' ? file.all('string') : file.all('string', 'template_string')) {
      const value = file.stringValue(node)?.value ?? '';
      if (!catalog.identity.jwksPaths.some((p) => value.includes(p))) continue;
      const url = parseUrl(value);
      if (!url) continue;
      const name = identityProvider(url.host, url.path, catalog) ?? url.host;
      facts.externals.push({ type: 'identity-provider', name, line: file.line(node), note: `verifies tokens with keys from ${url.host}`, protocol: 'https', label: 'fetch keys', encryptedInTransit: url.scheme === 'https' });
    }
  }
}

function identityProvider(host: string, path: string, catalog: CodeCatalog): string | undefined {
  return catalog.identity.hosts.find((h) => h.pattern.test(host) && (!h.path || h.path.test(path)))?.name;
}

function importLine(file: SourceFile, module: string): number {
  const index = file.text.search(new RegExp(`['"\\s]${module.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}['"\\s]`));
  return index < 0 ? 1 : file.text.slice(0, index).split('\n').length;
}

/** A store's address: its type, display name and extra attributes, from a URL, path or keywords. */
interface Address {
  type: string;
  name: string;
  inProcess: boolean;
  attributes: Record<string, string | string[]>;
  encrypted?: boolean | 'unknown';
  /** The address holds a password. */
  password?: boolean;
}

/** The address of a database from a connection string / path, or undefined when not literal. */
export function addressOf(value: string, fallbackType: string, catalog: CodeCatalog, path: string): Address | undefined {
  const url = parseUrl(value);
  if (url) {
    const scheme = url.scheme.split('+')[0]!;
    const type = catalog.urlSchemes.get(url.scheme) ?? catalog.urlSchemes.get(scheme) ?? fallbackType;
    if (type === 'sqlite') return sqliteAddress(value.replace(/^[a-z0-9+]+:\/\/\/?/i, ''), path);
    const database = url.path.replace(/^\//, '');
    const encrypted = /[?&](sslmode=(require|verify-ca|verify-full)|ssl=true|tls=true)/i.test(value) || url.scheme === 'rediss' || url.scheme === 'mongodb+srv' ? true : 'unknown';
    return {
      type,
      name: `${url.host}${url.port ? `:${url.port}` : ''}${database ? `/${database}` : ''}`,
      inProcess: false,
      attributes: { engine: scheme, host: url.host },
      encrypted,
      ...(url.password ? { password: true } : {}),
    };
  }
  if (fallbackType === 'sqlite') return sqliteAddress(value, path);
  return undefined;
}

function sqliteAddress(file: string, path: string): Address {
  if (file === ':memory:' || file === '') return { type: 'in-memory', name: `${path}#sqlite-memory`, inProcess: true, attributes: { engine: 'sqlite' } };
  return { type: 'sqlite', name: file, inProcess: true, attributes: { engine: 'sqlite', file } };
}

/** Database and cache clients, their bindings, and the operations made through them. */
export function collectStores(file: SourceFile, facts: FileFacts, catalog: CodeCatalog): StoreTracker {
  const tracker = new StoreTracker(facts);
  const family = file.family;
  const envReads = catalog.secrets.pythonEnvReads;
  const usesBoto = file.importedModules.some((m) => m === 'boto3' || m === 'aioboto3' || m.startsWith('boto3.'));
  for (const call of file.calls()) {
    // Database / cache clients.
    const client = catalog.dataClients.find((c) => c.language === family && c.calls.has(call.qualified));
    if (client) {
      const node = client.argument >= 0 ? call.positional[client.argument] : undefined;
      const candidates = [node, ...client.keywords.map((k) => call.keywords.get(k))];
      let address: Address | undefined;
      let env: string | undefined;
      const parts: string[] = [];
      for (const candidate of candidates) {
        if (!candidate) continue;
        const value = file.stringValue(candidate);
        if (value?.complete && !address) address = addressOf(value.value, client.type, catalog, file.path);
        if (value?.complete && !value.value.includes('://') && candidate !== node) parts.push(value.value);
        env ??= file.envName(candidate, envReads);
      }
      if (!address && parts.length && client.type !== 'sqlite') address = { type: client.type, name: parts.join('/'), inProcess: false, attributes: { engine: client.library } };
      const variable = file.assignedName(call.node);
      const named = address ?? {
        type: client.type,
        name: env ? `env:${env}` : `${file.path}#${variable ?? client.library}`,
        inProcess: client.type === 'sqlite',
        attributes: { engine: client.library, ...(env ? { nameFromEnv: env } : {}) },
      };
      const store = tracker.store(`${named.type}:${named.name}`, () => ({
        type: named.type,
        name: named.name,
        inProcess: named.inProcess,
        ...(named.inProcess ? {} : { protocol: client.protocol }),
        ...(named.inProcess ? {} : { encryptedInTransit: named.encrypted ?? 'unknown' }),
        line: call.line,
        note: `${call.callee}(…) opens ${named.type === 'in-memory' ? 'an in-memory database' : `a ${named.type} connection`}`,
        attributes: named.attributes,
        words: [named.name],
      }));
      if (named.inProcess && named.type === 'sqlite') store.protocol = 'sql';
      if (named.password) facts.secrets.push({ name: `${variable ?? client.library} (password in connection string)`, line: call.line, hardcoded: true });
      bindResult(file, tracker, call, store.key);
      continue;
    }
    // AWS SDK clients.
    if (family === 'python' && usesBoto && (call.method === 'client' || call.method === 'resource')) {
      const service = file.stringValue(call.positional[0] ?? call.keywords.get('service_name'));
      const known = service?.complete ? catalog.awsServices.get(service.value) : undefined;
      if (known) awsClient(file, tracker, call, known.service);
      continue;
    }
    if (family === 'javascript') {
      const service = javascriptAwsService(call.qualified, catalog);
      if (service && /Client$|^aws-sdk\.|^aws-sdk\/clients/.test(call.qualified) && !/Command$/.test(call.qualified)) {
        awsClient(file, tracker, call, service);
        continue;
      }
      if (service && /Command$/.test(call.qualified)) awsOperation(file, facts, tracker, catalog, call, service, call.qualified.slice(call.qualified.lastIndexOf('.') + 1));
    }
  }
  collectOperations(file, facts, catalog, tracker);
  return tracker;
}

function javascriptAwsService(qualified: string, catalog: CodeCatalog): string | undefined {
  for (const service of catalog.awsServices.values()) {
    if (service.v3Modules.some((m) => qualified === m || qualified.startsWith(`${m}.`))) return service.service;
    if (service.v2Classes.some((c) => qualified === `aws-sdk.${c}` || qualified === `aws-sdk/clients/${service.service}`)) return service.service;
  }
  return undefined;
}

/** Bind the variable a store-producing call is assigned to, and the function returning it. */
function bindResult(file: SourceFile, tracker: StoreTracker, call: Call, key: string): void {
  const variable = file.assignedName(call.node);
  if (variable) tracker.bound.set(variable, key);
  const fn = file.enclosingFunction(call.node);
  if (!fn) return;
  const returned = fn.findAll({ rule: { kind: 'return_statement' } }).map((r) => r.namedChildren()[0]?.text());
  if (returned.includes(variable) || returned.includes(call.node.text())) {
    const name = fn.field('name')?.text();
    if (name) tracker.factories.set(name, key);
  }
}

function awsClient(file: SourceFile, tracker: StoreTracker, call: Call, service: string): void {
  const variable = file.assignedName(call.node) ?? call.node.text();
  tracker.awsClients.set(variable, { service, line: call.line, variable });
  // `boto3.resource('dynamodb').Table('x')` in one expression.
  const parent = call.node.parent();
  if (parent && (parent.kind() === 'attribute' || parent.kind() === 'member_expression')) tracker.awsClients.set(call.node.text().replace(/\s+/g, ''), { service, line: call.line, variable });
}

/** Create (or find) the element for an AWS resource named `name` of `service`. */
function awsStore(facts: FileFacts, tracker: StoreTracker, catalog: CodeCatalog, service: string, name: string, line: number, note: string, attributes: Record<string, string>): string | undefined {
  const spec = catalog.awsServices.get(service);
  if (!spec) return undefined;
  if (spec.element !== 'data-store') {
    const label = 'call';
    facts.externals.push(
      spec.element === 'identity-provider'
        ? { type: 'identity-provider', name: 'cognito', line, note, protocol: 'aws-api', label, encryptedInTransit: true }
        : { type: 'aws-service', name: service, line, note, protocol: 'aws-api', label, encryptedInTransit: true },
    );
    return undefined;
  }
  return tracker.store(`${spec.type}:${name}`, () => ({
    type: spec.type,
    name,
    inProcess: false,
    protocol: 'aws-api',
    encryptedInTransit: true,
    line,
    note,
    attributes: { service, ...attributes },
    words: [name],
  })).key;
}

/** The resource an AWS call names (`TableName='x'`, `Bucket=os.environ['B']`), as a store name. */
function awsResourceName(file: SourceFile, call: Call, keys: readonly string[], catalog: CodeCatalog): { name: string; attributes: Record<string, string> } | undefined {
  for (const key of keys) {
    const node = call.keywords.get(key);
    if (!node) continue;
    const value = file.stringValue(node);
    if (value?.complete) return { name: value.value, attributes: {} };
    const env = file.envName(node, catalog.secrets.pythonEnvReads);
    if (env) return { name: `env:${env}`, attributes: { nameFromEnv: env } };
  }
  return undefined;
}

function awsOperation(file: SourceFile, facts: FileFacts, tracker: StoreTracker, catalog: CodeCatalog, call: Call, service: string, operation: string): void {
  const spec = catalog.awsServices.get(service);
  if (!spec) return;
  const op = operationName(operation);
  const access: Access | undefined = catalog.operations.read.has(op) ? 'read' : catalog.operations.write.has(op) ? 'write' : undefined;
  const resource = awsResourceName(file, call, spec.nameKeys, catalog);
  // `client.send(command)`: the command (seen on its own) says what happens.
  if (!resource && !access) return;
  const name = resource?.name ?? `${file.path}#${service}`;
  const key = awsStore(facts, tracker, catalog, service, name, call.line, `${service} ${operation}`, resource?.attributes ?? {});
  const store = key ? tracker.get(key) : undefined;
  if (store && access) store.accesses.push({ access, line: call.line, note: `${operation}` });
}

/** Operations on bound variables: SQL verbs, key-value and document methods, AWS SDK calls. */
function collectOperations(file: SourceFile, facts: FileFacts, catalog: CodeCatalog, tracker: StoreTracker): void {
  // Variables assigned from store factories (`conn = orders_db()`).
  for (const call of file.calls()) {
    const key = tracker.factories.get(call.method);
    if (key && (call.receiver === '' || call.receiver === 'self')) {
      const variable = file.assignedName(call.node);
      if (variable) tracker.bound.set(variable, key);
    }
  }
  for (const call of file.calls()) {
    if (!call.receiver) continue;
    const root = bindingRoot(call.receiver, tracker);
    if (!root) continue;
    const aws = tracker.awsClients.get(root);
    if (aws) {
      const spec = catalog.awsServices.get(aws.service)!;
      if (spec.resourceMethods.includes(call.method)) {
        // `dynamodb.Table('activities')`: the resource is the store.
        const value = file.stringValue(call.positional[0]);
        const env = file.envName(call.positional[0], catalog.secrets.pythonEnvReads);
        const name = value?.complete ? value.value : env ? `env:${env}` : `${file.path}#${file.assignedName(call.node) ?? aws.variable}`;
        const key = awsStore(facts, tracker, catalog, aws.service, name, call.line, `${call.callee}(…) names a ${spec.type} ${call.method.toLowerCase()}`, env && !value?.complete ? { nameFromEnv: env } : {});
        const variable = file.assignedName(call.node);
        if (key && variable) tracker.bound.set(variable, key);
        if (key) bindChained(tracker, call, key);
        continue;
      }
      awsOperation(file, facts, tracker, catalog, call, aws.service, call.method);
      continue;
    }
    const key = tracker.bound.get(root);
    const store = key ? tracker.get(key) : undefined;
    if (!store) continue;
    const op = operationName(call.method);
    let access: Access | undefined;
    let note = call.method;
    if (catalog.operations.sql.has(op)) {
      const sql = file.stringValue(resolveVariable(file, call.positional[0]));
      if (sql) {
        access = sqlAccess(sql.value, catalog);
        const { tables, words } = sqlWords(sql.value);
        if (tables.length) store.attributes.tables = [...new Set([...((store.attributes.tables as string[] | undefined) ?? []), ...tables])].sort();
        store.words.push(...words);
        note = `${call.method} ${sql.value.trim().split(/\s+/).slice(0, 2).join(' ')}`;
      }
    }
    access ??= catalog.operations.read.has(op) ? 'read' : catalog.operations.write.has(op) ? 'write' : undefined;
    if (access) store.accesses.push({ access, line: call.line, note });
  }
}

/** `conn`, `self.conn`, `db.orders` → the bound name it starts with, if any. */
function bindingRoot(receiver: string, tracker: StoreTracker): string | undefined {
  if (tracker.bound.has(receiver) || tracker.awsClients.has(receiver)) return receiver;
  const parts = receiver.split('.');
  for (let i = parts.length - 1; i > 0; i--) {
    const prefix = parts.slice(0, i).join('.');
    if (tracker.bound.has(prefix) || tracker.awsClients.has(prefix)) return prefix;
  }
  return undefined;
}

/** `resource.Table('x').put_item(…)` in one expression: the call text is the binding. */
function bindChained(tracker: StoreTracker, call: Call, key: string): void {
  tracker.bound.set(call.node.text().replace(/\s+/g, ''), key);
}

/** An identifier assigned a string in this function (`query = f"SELECT …"`), else the node itself. */
function resolveVariable(file: SourceFile, node: AstNode | undefined): AstNode | undefined {
  if (!node || node.kind() !== 'identifier') return node;
  const fn = file.enclosingFunction(node);
  const scope = fn ?? file.root;
  const kinds = file.family === 'python' ? ['assignment'] : ['variable_declarator', 'assignment_expression'];
  let found: AstNode | undefined;
  for (const assignment of scope.findAll({ rule: { any: kinds.map((kind) => ({ kind })) } })) {
    const target = assignment.field(file.family === 'python' ? 'left' : assignment.kind() === 'variable_declarator' ? 'name' : 'left');
    if (target?.text() !== node.text()) continue;
    if (assignment.range().start.index > node.range().start.index) break;
    found = assignment.field(file.family === 'python' ? 'right' : assignment.kind() === 'variable_declarator' ? 'value' : 'right') ?? undefined;
  }
  return found ?? node;
}

/** Secrets: environment reads of secret-looking names, and secret-looking names assigned literals. */
export function collectSecrets(file: SourceFile, facts: FileFacts, catalog: CodeCatalog): void {
  const { names, exclude, pythonEnvReads } = catalog.secrets;
  const secretName = (name: string) => names.test(name) && !exclude.test(name);
  const pushEnv = (name: string | undefined, node: AstNode) => {
    if (name && secretName(name)) facts.secrets.push({ name, line: file.line(node), hardcoded: false });
  };
  // Environment reads, found natively by text first: most nodes are not.
  if (file.family === 'python') {
    if (/environ|getenv|config\(|env\(/.test(file.text)) {
      for (const node of file.matching('environ', 'subscript')) pushEnv(file.envName(node, pythonEnvReads), node);
      for (const call of file.calls()) if (pythonEnvReads.has(call.qualified) || pythonEnvReads.has(call.callee)) pushEnv(file.envName(call.node, pythonEnvReads), call.node);
    }
  } else if (file.text.includes('process.env')) {
    for (const node of file.matching('^process\\.env', 'member_expression', 'subscript_expression')) pushEnv(file.envName(node, pythonEnvReads), node);
  }
  if (file.family === 'javascript') {
    // `const { JWT_SECRET } = process.env`.
    for (const declarator of file.all('variable_declarator')) {
      if (declarator.field('value')?.text() !== 'process.env') continue;
      for (const prop of declarator.field('name')?.namedChildren() ?? []) {
        const name = prop.kind() === 'pair_pattern' ? prop.field('key')?.text() : prop.text();
        if (name && secretName(name)) facts.secrets.push({ name, line: file.line(prop), hardcoded: false });
      }
    }
  }
  // Hard-coded: `SECRET_KEY = "…"`, `app.config['SECRET_KEY'] = "…"`, `password="…"`, `{ secret: '…' }`.
  const assignmentKinds = file.family === 'python' ? ['assignment', 'keyword_argument', 'pair'] : ['variable_declarator', 'assignment_expression', 'pair'];
  // Only nodes whose text has a secret-looking name or a URL with credentials (`://user:pass@`).
  const prefilter = `(?i)(${names.source})|://[^/@\\s]*:[^/@\\s]*@`;
  if (!names.test(file.text) && !/:\/\/[^/@\s]*:[^/@\s]*@/.test(file.text)) return;
  for (const node of file.matching(prefilter, ...assignmentKinds)) {
    const kind = node.kind();
    const target =
      kind === 'assignment' || kind === 'assignment_expression' ? node.field('left') : kind === 'variable_declarator' ? node.field('name') : kind === 'keyword_argument' ? node.field('name') : node.field('key');
    const value = kind === 'assignment' || kind === 'assignment_expression' ? node.field('right') : kind === 'keyword_argument' || kind === 'variable_declarator' || kind === 'pair' ? node.field('value') : null;
    if (!target || !value) continue;
    const name = lastName(target, file);
    if (!name) continue;
    const literal = file.family === 'python' ? value.kind() === 'string' || value.kind() === 'concatenated_string' : value.kind() === 'string' || value.kind() === 'template_string';
    if (!literal) continue;
    const text = file.stringValue(value);
    if (!text?.complete || !text.value) continue;
    const url = parseUrl(text.value);
    if (secretName(name) || (url?.password && url.user !== undefined)) facts.secrets.push({ name, line: file.line(node), hardcoded: true });
  }
}

/** The last name of an assignment target: `SECRET_KEY`, `app.secret_key` → `secret_key`, `config['X']` → `X`. */
function lastName(target: AstNode, file: SourceFile): string | undefined {
  const kind = target.kind();
  if (kind === 'identifier' || kind === 'property_identifier' || kind === 'shorthand_property_identifier') return target.text();
  if (kind === 'string') return file.stringValue(target)?.value;
  if (kind === 'attribute') return target.field('attribute')?.text();
  if (kind === 'member_expression') return target.field('property')?.text();
  if (kind === 'subscript') return file.stringValue(target.field('subscript'))?.value;
  if (kind === 'subscript_expression') return file.stringValue(target.field('index'))?.value;
  return undefined;
}
