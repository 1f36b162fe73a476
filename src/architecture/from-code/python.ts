/**
 * Python facts: Flask and FastAPI apps, routers and routes (decorators), Django URL
 * patterns, views and settings, Lambda handlers, module-level collections used as
 * in-memory databases, files opened for writing and template rendering.
 * Flask routing: https://flask.palletsprojects.com/en/stable/api/#flask.Flask.route;
 * FastAPI: https://fastapi.tiangolo.com/tutorial/bigger-applications/;
 * Django URL dispatcher: https://docs.djangoproject.com/en/stable/topics/http/urls/.
 */
import { type MarkerVerdict, classifyDecorator, classifyDependency, classifyViewClass, combine } from './auth.js';
import type { CodeCatalog, Framework } from './catalog.js';
import { addressOf } from './clients.js';
import { type DjangoUrl, type DjangoView, type FileFacts, type InMemoryCandidate, type RouteAuth, inMemoryStores } from './facts.js';
import type { Call, SourceFile } from './source.js';
import type { AstNode } from '../../scanners/sast/tree.js';

const EVENT_PARAM = /^_?(event|evt)$/;
const CONTEXT_PARAM = /^_?(context|ctx)$/;

/** Fill `facts` with what a Python file declares. */
export function collectPython(file: SourceFile, facts: FileFacts, catalog: CodeCatalog): void {
  const frameworks = catalog.frameworks.filter((f) => f.language === 'python');
  const calls = file.calls();
  // Apps and routers: `app = Flask(__name__)`, `bp = Blueprint(..., url_prefix='/x')`.
  for (const call of calls) {
    for (const fw of frameworks) {
      const kind = fw.apps.has(call.qualified) ? 'app' : fw.routers.has(call.qualified) ? 'router' : undefined;
      if (!kind) continue;
      const variable = file.assignedName(call.node);
      if (!variable) continue;
      const prefix = fw.prefixKeywords.map((k) => file.stringValue(call.keywords.get(k))?.value).find((v) => v !== undefined) ?? '';
      const auth = dependencyAuth(file, call.keywords.get('dependencies'), catalog);
      facts.apps.push({ framework: fw.id, kind, variable, line: call.line, prefix, ...(auth ? { auth } : {}) });
    }
    // Mounts: `app.register_blueprint(bp, url_prefix='/x')`, `app.include_router(r, prefix='/x')`.
    const mountFw = frameworks.find((f) => f.mountMethods.has(call.method));
    if (mountFw && call.receiver && call.positional[0]) {
      const prefix = mountFw.prefixKeywords.map((k) => file.stringValue(call.keywords.get(k))?.value).find((v) => v !== undefined) ?? '';
      facts.mounts.push({ receiver: call.receiver, target: call.positional[0].text(), prefix, line: call.line });
    }
    if (catalog.templates.python.has(call.qualified) || catalog.templates.python.has(call.method)) facts.renders.push(call.line);
  }
  const known = new Map(facts.apps.map((a) => [a.variable, frameworks.find((f) => f.id === a.framework)!]));
  if (file.text.includes('@')) for (const definition of file.all('decorated_definition')) collectDecorated(file, facts, catalog, definition, frameworks, known);
  collectHandlers(file, facts);
  collectMemory(file, facts, catalog);
  collectFileWrites(file, facts, catalog);
  collectConfiguredDatabases(file, facts, catalog);
  if (isDjango(file)) facts.django = collectDjango(file, catalog);
}

function collectDecorated(
  file: SourceFile,
  facts: FileFacts,
  catalog: CodeCatalog,
  definition: AstNode,
  frameworks: Framework[],
  known: Map<string, Framework>,
): void {
  const fn = definition.field('definition');
  if (!fn || fn.kind() !== 'function_definition') return;
  const decorators = definition.namedChildren().filter((c) => c.kind() === 'decorator');
  const routes: { fw: Framework; receiver: string; methods: string[]; path: string; line: number; call: Call }[] = [];
  const verdicts: MarkerVerdict[] = [];
  let beforeRequest: string | undefined;
  for (const decorator of decorators) {
    const expression = decorator.namedChildren()[0];
    if (!expression) continue;
    const call = expression.kind() === 'call' ? file.call(expression) : undefined;
    const callee = call ? call.callee : expression.text().replace(/\s+/g, '');
    const dot = callee.lastIndexOf('.');
    const name = dot < 0 ? callee : callee.slice(dot + 1);
    const receiver = dot < 0 ? '' : callee.slice(0, dot);
    if (receiver && (name === 'before_request' || name === 'before_app_request')) {
      beforeRequest = receiver;
      continue;
    }
    const route = call && receiver ? routeOf(file, call, receiver, name, frameworks, known) : undefined;
    if (route) {
      routes.push({ ...route, receiver, line: call!.line, call: call! });
      const auth = dependencyAuth(file, call!.keywords.get('dependencies'), catalog);
      if (auth) verdicts.push({ kind: 'auth', auth });
      continue;
    }
    verdicts.push(classifyDecorator(name, catalog));
  }
  if (beforeRequest) {
    // `@app.before_request def require_login(): …` runs before every route of the receiver.
    const fnName = fn.field('name')?.text() ?? '';
    const verdict = classifyDecorator(fnName, catalog);
    const auth: RouteAuth =
      verdict.kind === 'auth' ? verdict.auth : { state: 'unknown', type: 'unknown', marker: `${beforeRequest}.before_request ${fnName}` };
    facts.middleware.push({ receiver: beforeRequest, line: 0, auth });
  }
  if (!routes.length) return;
  // FastAPI: `user = Depends(get_current_user)` / `Annotated[User, Depends(auth)]` in the signature.
  const parameters = fn.field('parameters');
  for (const node of parameters?.findAll({ rule: { kind: 'call' } }) ?? []) {
    const call = file.call(node);
    if (call && catalog.auth.dependencyFunctions.has(call.qualified)) verdicts.push(classifyDependency(call.positional[0]?.text() ?? '', catalog));
  }
  const auth = combine(verdicts);
  const renders = rendersTemplate(file, fn, catalog);
  for (const route of routes) {
    facts.routes.push({ framework: route.fw.id, receiver: route.receiver, methods: route.methods, path: route.path, line: route.line, auth, ...(renders ? { renders } : {}) });
  }
}

/** A route decorator `@<receiver>.<name>('/path', methods=[…])`, or undefined. */
function routeOf(
  file: SourceFile,
  call: Call,
  receiver: string,
  name: string,
  frameworks: Framework[],
  known: Map<string, Framework>,
): { fw: Framework; methods: string[]; path: string } | undefined {
  const fw =
    known.get(receiver) ??
    frameworks.find((f) => file.importedModules.some((m) => m === f.id || m.startsWith(`${f.id}.`)) && f.routeMethods.has(name)) ??
    frameworks.find((f) => f.routeMethods.has(name));
  if (!fw) return undefined;
  const style = fw.routeMethods.get(name);
  if (!style) return undefined;
  const path = file.stringValue(call.positional[0] ?? call.keywords.get('path') ?? call.keywords.get('rule'));
  if (!path) return undefined;
  // Without a known app object the path must look like one.
  if (!known.has(receiver) && !path.value.startsWith('/') && path.value !== '') return undefined;
  let methods: string[] = [...fw.defaultMethods];
  if (style === 'from-keyword') {
    const list = call.keywords.get(fw.methodsKeyword);
    const values = list ? list.namedChildren().map((c) => file.stringValue(c)?.value?.toUpperCase()).filter((v): v is string => !!v) : [];
    if (values.length) methods = values;
  } else {
    methods = [style];
  }
  return { fw, methods, path: path.value };
}

/** Authentication from `dependencies=[Depends(auth)]`, or undefined when none authenticates. */
function dependencyAuth(file: SourceFile, list: AstNode | undefined, catalog: CodeCatalog): RouteAuth | undefined {
  if (!list) return undefined;
  const verdicts = list.findAll({ rule: { kind: 'call' } }).flatMap((node) => {
    const call = file.call(node);
    return call && catalog.auth.dependencyFunctions.has(call.qualified) ? [classifyDependency(call.positional[0]?.text() ?? '', catalog)] : [];
  });
  const auth = combine(verdicts);
  return auth.state === 'authenticated' ? auth : undefined;
}

function rendersTemplate(file: SourceFile, fn: AstNode, catalog: CodeCatalog): boolean {
  return fn.findAll({ rule: { kind: 'call' } }).some((node) => {
    const call = file.call(node);
    return !!call && (catalog.templates.python.has(call.qualified) || catalog.templates.python.has(call.method));
  });
}

/** Top-level `def handler(event, context)`: an AWS Lambda handler. */
function collectHandlers(file: SourceFile, facts: FileFacts): void {
  if (!/^(async\s+)?def\s+\w+\s*\(\s*_?(event|evt)\b/m.test(file.text)) return;
  for (const statement of file.root.namedChildren()) {
    const fn = statement.kind() === 'decorated_definition' ? statement.field('definition') : statement;
    if (!fn || fn.kind() !== 'function_definition') continue;
    const params = (fn.field('parameters')?.namedChildren() ?? []).map((p) => (p.kind() === 'identifier' ? p.text() : (p.field('name')?.text() ?? p.namedChildren()[0]?.text() ?? '')));
    if (params.length === 2 && EVENT_PARAM.test(params[0]!) && CONTEXT_PARAM.test(params[1]!)) {
      const name = fn.field('name')?.text();
      if (name) facts.handlers.push({ name, line: file.line(fn) });
    }
  }
}

const RECORD_KINDS = new Set(['dictionary']);

/**
 * Module-level dicts/lists used by functions as data: a store when a function mutates it,
 * or when it holds records (dicts) that functions read. Constants like
 * `ALLOWED = ['png']` are neither.
 */
function collectMemory(file: SourceFile, facts: FileFacts, catalog: CodeCatalog): void {
  if (!/^[A-Za-z_]\w*\s*=\s*([[{]|[\w.]+\()/m.test(file.text)) return;
  const candidates = new Map<string, InMemoryCandidate>();
  for (const statement of file.root.namedChildren()) {
    const assignment = statement.kind() === 'expression_statement' ? statement.namedChildren()[0] : undefined;
    if (!assignment || assignment.kind() !== 'assignment') continue;
    const target = assignment.field('left');
    const value = assignment.field('right');
    if (!target || !value || target.kind() !== 'identifier' || catalog.memory.ignoreNames.test(target.text())) continue;
    const kind = value.kind();
    const call = kind === 'call' ? file.call(value) : undefined;
    if (!(kind === 'list' || kind === 'dictionary' || kind === 'set' || (call && catalog.memory.pythonConstructors.has(call.qualified)))) continue;
    const elements = kind === 'dictionary' ? value.namedChildren().flatMap((p) => (p.kind() === 'pair' ? [p.field('value')] : [])) : value.namedChildren();
    const records = elements.filter((e): e is AstNode => !!e && RECORD_KINDS.has(e.kind()));
    const keys = records.flatMap((r) => r.namedChildren().flatMap((p) => (p.kind() === 'pair' ? [file.stringValue(p.field('key'))?.value ?? ''] : []))).filter(Boolean);
    candidates.set(target.text(), { line: file.line(assignment), keys: [...new Set(keys)], records: records.length > 0 });
  }
  if (!candidates.size) return;
  const pattern = `^(${[...candidates.keys()].map(escape).join('|')})$`;
  const uses = new Map<string, { reads: number[]; writes: number[] }>();
  for (const id of file.root.findAll({ rule: { kind: 'identifier', regex: pattern } })) {
    const fn = file.enclosingFunction(id);
    if (!fn) continue;
    const name = id.text();
    const entry = uses.get(name) ?? { reads: [], writes: [] };
    uses.set(name, entry);
    (isPythonMutation(id, catalog) ? entry.writes : entry.reads).push(file.line(id));
  }
  facts.stores.push(...inMemoryStores(file.path, candidates, uses));
}

function isPythonMutation(id: AstNode, catalog: CodeCatalog): boolean {
  const parent = id.parent();
  if (!parent) return false;
  const kind = parent.kind();
  // `NAME.append(x)`
  if (kind === 'attribute' && parent.field('object')?.id() === id.id()) {
    const attr = parent.field('attribute')?.text() ?? '';
    return catalog.memory.pythonMutators.has(attr) && parent.parent()?.kind() === 'call';
  }
  // `NAME[k] = v`, `del NAME[k]`, `NAME[k] += 1`
  if (kind === 'subscript' && parent.field('value')?.id() === id.id()) {
    const outer = parent.parent();
    const outerKind = outer?.kind();
    if ((outerKind === 'assignment' || outerKind === 'augmented_assignment') && outer?.field('left')?.id() === parent.id()) return true;
    return outerKind === 'delete_statement' || outerKind === 'expression_list';
  }
  // `NAME = …` / `NAME += …` inside a function (with `global NAME`).
  if ((kind === 'assignment' || kind === 'augmented_assignment') && parent.field('left')?.id() === id.id()) return true;
  return false;
}

/** `open(path, 'w')` inside a function: a file store. */
function collectFileWrites(file: SourceFile, facts: FileFacts, catalog: CodeCatalog): void {
  for (const call of file.calls()) {
    if (!catalog.files.pythonOpen.has(call.qualified)) continue;
    const mode = file.stringValue(call.positional[1] ?? call.keywords.get('mode'));
    if (!mode?.complete || !catalog.files.pythonWriteModes.test(mode.value) || !file.enclosingFunction(call.node)) continue;
    const path = file.stringValue(call.positional[0] ?? call.keywords.get('file'));
    const name = path?.complete ? path.value : `${file.path}#${file.enclosingFunction(call.node)?.field('name')?.text() ?? 'open'}`;
    facts.stores.push({
      key: `file:${name}`,
      type: 'file',
      name,
      inProcess: true,
      line: call.line,
      note: `${call.callee}(…, '${mode.value}') writes a file`,
      accesses: [{ access: 'write', line: call.line, note: `open for '${mode.value}'` }],
      attributes: path && !path.complete ? { pathPrefix: path.value } : {},
      words: [name],
    });
  }
}

/** `SQLALCHEMY_DATABASE_URI = 'postgresql://…'` and Django `DATABASES`: configured databases. */
function collectConfiguredDatabases(file: SourceFile, facts: FileFacts, catalog: CodeCatalog): void {
  if (!/^\s*[\w.]*\s*=\s*.*:\/\/|^DATABASES\s*=/m.test(file.text)) return;
  for (const statement of file.root.namedChildren()) {
    const assignment = statement.kind() === 'expression_statement' ? statement.namedChildren()[0] : undefined;
    if (!assignment || assignment.kind() !== 'assignment') continue;
    const target = assignment.field('left');
    const value = assignment.field('right');
    if (!target || !value) continue;
    const name = target.kind() === 'attribute' ? (target.field('attribute')?.text() ?? '') : target.text();
    if (catalog.databaseUrlNames.test(name)) {
      const text = file.stringValue(value);
      const address = text?.complete ? addressOf(text.value, 'sql', catalog, file.path) : undefined;
      if (address) pushConfigured(facts, address, file.line(assignment), `${name} configures a ${address.type} database`);
    }
    if (name === 'DATABASES' && value.kind() === 'dictionary') {
      for (const pair of value.namedChildren()) {
        const settings = pair.kind() === 'pair' ? pair.field('value') : null;
        if (!settings || settings.kind() !== 'dictionary') continue;
        const fields = new Map<string, string>();
        for (const entry of settings.namedChildren()) {
          if (entry.kind() !== 'pair') continue;
          const key = file.stringValue(entry.field('key'))?.value;
          const val = file.stringValue(entry.field('value'));
          if (key && val?.complete) fields.set(key, val.value);
        }
        const engine = (fields.get('ENGINE') ?? '').split('.').pop() ?? '';
        const type = catalog.djangoEngines.get(engine) ?? 'sql';
        const db = fields.get('NAME') ?? '';
        const address =
          type === 'sqlite'
            ? addressOf(db, 'sqlite', catalog, file.path)
            : { type, name: [fields.get('HOST'), db].filter(Boolean).join('/') || `${file.path}#DATABASES`, inProcess: false, attributes: { engine } };
        if (address) pushConfigured(facts, address, file.line(pair), `Django DATABASES uses ${engine || 'a database'}`);
      }
    }
  }
}

function pushConfigured(facts: FileFacts, address: NonNullable<ReturnType<typeof addressOf>>, line: number, note: string): void {
  facts.stores.push({
    key: `${address.type}:${address.name}`,
    type: address.type,
    name: address.name,
    inProcess: address.inProcess,
    protocol: address.inProcess && address.type !== 'sqlite' ? undefined : 'sql',
    ...(address.inProcess ? {} : { encryptedInTransit: address.encrypted ?? 'unknown' }),
    line,
    note,
    accesses: [],
    attributes: address.attributes,
    words: [address.name],
  });
}

function isDjango(file: SourceFile): boolean {
  return file.importedModules.some((m) => m.startsWith('django') || m.startsWith('rest_framework')) || /(^|\/)(urls|views|settings)\.py$/.test(file.path);
}

/** Django `urlpatterns`, views (functions and classes) and settings. */
function collectDjango(file: SourceFile, catalog: CodeCatalog): NonNullable<FileFacts['django']> {
  const out: NonNullable<FileFacts['django']> = { urls: [], views: [] };
  const dj = catalog.django;
  for (const statement of file.root.namedChildren()) {
    const assignment = statement.kind() === 'expression_statement' ? statement.namedChildren()[0] : undefined;
    if (!assignment || (assignment.kind() !== 'assignment' && assignment.kind() !== 'augmented_assignment')) continue;
    const name = assignment.field('left')?.text();
    const value = assignment.field('right');
    if (!value) continue;
    if (name === 'urlpatterns') out.urls.push(...djangoUrls(file, value, catalog));
    if (name === 'ROOT_URLCONF') {
      const module = file.stringValue(value);
      if (module?.complete) out.rootUrlconf = { module: module.value, line: file.line(assignment) };
    }
    if (name === 'MIDDLEWARE' && value.namedChildren().some((c) => dj.loginMiddleware.has(file.stringValue(c)?.value ?? ''))) out.loginMiddleware = file.line(assignment);
  }
  // Views: every top-level function and class (urls.py decides which are routed).
  for (const statement of file.root.namedChildren()) {
    const decorated = statement.kind() === 'decorated_definition';
    const definition = decorated ? statement.field('definition') : statement;
    if (!definition) continue;
    const name = definition.field('name')?.text();
    if (!name) continue;
    const decorators = decorated ? statement.namedChildren().filter((c) => c.kind() === 'decorator') : [];
    const verdicts: MarkerVerdict[] = [];
    let methods: string[] = [];
    for (const decorator of decorators) {
      const expression = decorator.namedChildren()[0];
      if (!expression) continue;
      const call = expression.kind() === 'call' ? file.call(expression) : undefined;
      const callee = call ? call.callee : expression.text();
      const last = callee.split('.').pop() ?? '';
      const fixed = dj.methodDecorators.get(last);
      if (fixed) methods = [...fixed];
      else if (dj.methodDecoratorLists.has(last) && call?.positional[0]) methods = call.positional[0].namedChildren().map((c) => (file.stringValue(c)?.value ?? '').toUpperCase()).filter(Boolean);
      if (last === 'method_decorator' && call?.positional[0]) verdicts.push(classifyDecorator(call.positional[0].text().split('.').pop() ?? '', catalog));
      else if (!fixed && !dj.methodDecoratorLists.has(last)) verdicts.push(classifyDecorator(last, catalog));
    }
    if (definition.kind() === 'class_definition') {
      const bases = (definition.field('superclasses')?.namedChildren() ?? []).map((b) => b.text().split('.').pop() ?? '');
      const permissions = definition
        .findAll({ rule: { kind: 'assignment' } })
        .filter((a) => a.field('left')?.text() === 'permission_classes')
        .flatMap((a) => a.field('right')?.namedChildren().map((c) => c.text().split('.').pop() ?? '') ?? []);
      verdicts.push(classifyViewClass(bases, permissions, catalog));
      if (!methods.length) {
        const body = definition.field('body')?.namedChildren() ?? [];
        methods = body
          .map((m) => (m.kind() === 'decorated_definition' ? m.field('definition') : m))
          .map((m) => m?.field('name')?.text() ?? '')
          .filter((m) => dj.viewMethods.includes(m))
          .map((m) => m.toUpperCase());
      }
    } else if (definition.kind() !== 'function_definition') continue;
    const renders = rendersTemplate(file, definition, catalog);
    const auth = verdicts.length ? combine(verdicts) : undefined;
    const view: DjangoView = { name, line: file.line(definition), methods, renders, ...(auth ? { auth } : {}) };
    out.views.push(view);
  }
  return out;
}

function djangoUrls(file: SourceFile, list: AstNode, catalog: CodeCatalog): DjangoUrl[] {
  const out: DjangoUrl[] = [];
  const dj = catalog.django;
  for (const element of list.namedChildren()) {
    const call = element.kind() === 'call' ? file.call(element) : undefined;
    if (!call || !(dj.routeFunctions.has(call.qualified) || dj.routeFunctions.has(call.callee))) continue;
    const route = file.stringValue(call.positional[0] ?? call.keywords.get('route'));
    const viewNode = call.positional[1] ?? call.keywords.get('view');
    if (!route || !viewNode) continue;
    const inner = viewNode.kind() === 'call' ? file.call(viewNode) : undefined;
    if (inner && (dj.includeFunctions.has(inner.qualified) || dj.includeFunctions.has(inner.callee))) {
      const target = inner.positional[0];
      const module = file.stringValue(target);
      out.push({ route: route.value, line: call.line, view: target?.text() ?? '', include: module?.complete ? module.value : (target?.text() ?? '') });
      continue;
    }
    if (dj.authenticatedIncludes.has(viewNode.text())) {
      out.push({ route: route.value, line: call.line, view: viewNode.text(), wrappedAuth: { state: 'authenticated', type: 'session', marker: viewNode.text() } });
      continue;
    }
    // `login_required(views.orders)` in urls.py.
    if (inner && inner.positional[0] && !inner.callee.endsWith('.as_view')) {
      const verdict = classifyDecorator(inner.method, catalog);
      out.push({ route: route.value, line: call.line, view: inner.positional[0].text(), ...(verdict.kind === 'auth' ? { wrappedAuth: verdict.auth } : {}) });
      continue;
    }
    out.push({ route: route.value, line: call.line, view: viewNode.text().replace(/\s+/g, '') });
  }
  return out;
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
