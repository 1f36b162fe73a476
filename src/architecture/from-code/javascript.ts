/**
 * JavaScript / TypeScript facts: Express, Koa (koa-router / @koa/router) and Fastify
 * apps, routers, routes with their middleware, mounts and app-wide middleware; Lambda
 * handlers; module-level collections used as in-memory databases; files written; views
 * rendered. Express routing: https://expressjs.com/en/guide/routing.html; Fastify routes:
 * https://fastify.dev/docs/latest/Reference/Routes/; @koa/router: https://github.com/koajs/router.
 */
import { type MarkerVerdict, classifyMiddleware, combine } from './auth.js';
import type { CodeCatalog, Framework } from './catalog.js';
import { type FileFacts, type InMemoryCandidate, inMemoryStores } from './facts.js';
import type { Call, SourceFile } from './source.js';
import type { AstNode } from '../../scanners/sast/tree.js';

const FUNCTION_KINDS = new Set(['arrow_function', 'function_expression', 'function', 'function_declaration']);
const EVENT_PARAM = /^_?(event|evt)$/;

/** Fill `facts` with what a JavaScript/TypeScript file declares. */
export function collectJavaScript(file: SourceFile, facts: FileFacts, catalog: CodeCatalog): void {
  const frameworks = catalog.frameworks.filter((f) => f.language === 'javascript');
  const calls = file.calls();
  const known = new Map<string, Framework>();
  for (const call of calls) {
    for (const fw of frameworks) {
      const kind = fw.apps.has(call.qualified) ? 'app' : fw.routers.has(call.qualified) ? 'router' : undefined;
      if (!kind) continue;
      const variable = file.assignedName(call.node);
      if (!variable) continue;
      const prefix = fw.prefixKeywords.map((k) => file.stringValue(call.keywords.get(k))?.value).find((v) => v !== undefined) ?? '';
      facts.apps.push({ framework: fw.id, kind, variable, line: call.line, prefix });
      known.set(variable, fw);
    }
  }
  const localModules = new Set([...file.imports.entries()].filter(([, m]) => m.startsWith('.')).map(([local]) => local));
  const isMountTarget = (node: AstNode): boolean => {
    const text = node.text().replace(/\s+/g, '');
    const head = text.split(/[.(]/)[0] ?? '';
    return (
      known.has(text) ||
      localModules.has(head) ||
      /^require\(['"`]\./.test(text) ||
      /\.routes\(\)$/.test(text) ||
      /(router|routes|api|controller)s?$/i.test(head)
    );
  };
  for (const call of calls) {
    if (!call.receiver) continue;
    const fw = known.get(call.receiver) ?? frameworks.find((f) => f.receivers.has(call.receiver) && (f.routeMethods.has(call.method) || f.mountMethods.has(call.method)));
    const chained = /^(.+)\.route\((['"`])([^'"`]*)\2\)$/.exec(call.receiver);
    if (chained && ROUTE_VERBS.has(call.method)) {
      // Express `router.route('/x').get(h).post(h)`.
      pushRoute(file, facts, catalog, call, known.get(chained[1]!) ?? frameworks[0]!, chained[1]!, [call.method.toUpperCase()], chained[3]!, call.positional);
      continue;
    }
    if (!fw) continue;
    if (fw.mountMethods.has(call.method)) {
      collectUse(file, facts, catalog, call, isMountTarget);
      continue;
    }
    if (catalog.auth.hookMethods.has(call.method)) {
      // Fastify `addHook('onRequest', auth)`.
      const handler = call.positional[1];
      if (handler) {
        const verdict = classifyMiddleware(handler.text(), catalog);
        if (verdict.kind === 'auth' || verdict.kind === 'unknown') facts.middleware.push({ receiver: call.receiver, line: call.line, auth: combine([verdict]) });
      }
      continue;
    }
    const style = fw.routeMethods.get(call.method);
    if (!style) continue;
    if (style === 'from-keyword') {
      // Fastify `route({ method, url, preHandler, handler })`.
      const url = file.stringValue(call.keywords.get('url') ?? call.keywords.get('path'));
      if (!url) continue;
      const methodNode = call.keywords.get(fw.methodsKeyword);
      const methods =
        methodNode?.kind() === 'array'
          ? methodNode.namedChildren().map((c) => (file.stringValue(c)?.value ?? '').toUpperCase()).filter(Boolean)
          : [(file.stringValue(methodNode)?.value ?? fw.defaultMethods[0]!).toUpperCase()];
      pushRoute(file, facts, catalog, call, fw, call.receiver, methods, url.value, [], call.positional[0]);
      continue;
    }
    const path = file.stringValue(call.positional[0]);
    if (!path || call.positional.length < 2) continue;
    if (!known.has(call.receiver) && !/^[/*]/.test(path.value)) continue;
    pushRoute(file, facts, catalog, call, fw, call.receiver, [style], path.value, call.positional.slice(1));
  }
  collectHandlers(file, facts);
  collectRenders(file, facts, catalog);
  collectMemory(file, facts, catalog);
  collectFileWrites(file, facts, catalog);
  const exported = /(?:module\.exports|exports\.default)\s*=\s*([A-Za-z_$][\w$]*)\s*;?\s*$|export\s+default\s+([A-Za-z_$][\w$]*)\s*;?\s*$/m.exec(file.text);
  const name = exported?.[1] ?? exported?.[2];
  if (name && known.has(name)) facts.exportsRouter = name;
}

const ROUTE_VERBS = new Set(['get', 'post', 'put', 'patch', 'delete', 'all', 'head', 'options']);

/** A route with its handlers: every argument but the last is middleware (arrays flattened). */
function pushRoute(
  file: SourceFile,
  facts: FileFacts,
  catalog: CodeCatalog,
  call: Call,
  fw: Framework,
  receiver: string,
  methods: string[],
  path: string,
  handlers: AstNode[],
  options?: AstNode,
): void {
  const chain = handlers.flatMap((h) => (h.kind() === 'array' ? h.namedChildren() : [h])).filter((h) => h.kind() !== 'comment');
  const verdicts: MarkerVerdict[] = [];
  const middleware = chain.slice(0, -1);
  // Fastify `get('/x', { preHandler: [auth] }, handler)`: options carry the hooks.
  const optionObject = options ?? middleware.find((m) => m.kind() === 'object');
  for (const m of middleware) if (m.kind() !== 'object') verdicts.push(classifyMiddleware(m.text(), catalog));
  if (optionObject?.kind() === 'object') {
    for (const [key, value] of file.properties(optionObject)) {
      if (!catalog.auth.hookOptions.has(key)) continue;
      for (const hook of value.kind() === 'array' ? value.namedChildren() : [value]) verdicts.push(classifyMiddleware(hook.text(), catalog));
    }
  }
  const last = chain[chain.length - 1] ?? (optionObject ? file.properties(optionObject).get('handler') : undefined);
  const renders = !!last && catalog.templates.javascriptMethods.size > 0 && rendersIn(file, last, catalog);
  facts.routes.push({ framework: fw.id, receiver, methods, path, line: call.line, auth: combine(verdicts), ...(renders ? { renders } : {}) });
}

/** `app.use([path,] ...middleware | router)`: mounts and app-wide middleware. */
function collectUse(file: SourceFile, facts: FileFacts, catalog: CodeCatalog, call: Call, isMountTarget: (n: AstNode) => boolean): void {
  const first = file.stringValue(call.positional[0]);
  const prefixed = first !== undefined && call.positional[0]!.kind() !== 'identifier';
  const prefix = prefixed ? first.value : (file.stringValue(call.keywords.get('prefix'))?.value ?? '');
  const args = prefixed ? call.positional.slice(1) : call.positional;
  const verdicts: MarkerVerdict[] = [];
  const targets: AstNode[] = [];
  for (const arg of args.flatMap((a) => (a.kind() === 'array' ? a.namedChildren() : [a]))) {
    if (arg.kind() === 'object') continue; // Fastify register options
    if (isMountTarget(arg)) targets.push(arg);
    else verdicts.push(classifyMiddleware(arg.text(), catalog));
  }
  const auth = combine(verdicts);
  const applies = verdicts.some((v) => v.kind === 'auth' || v.kind === 'unknown');
  for (const target of targets) facts.mounts.push({ receiver: call.receiver, target: target.text().replace(/\s+/g, ''), prefix, line: call.line, ...(applies ? { auth } : {}) });
  if (!targets.length && applies) facts.middleware.push({ receiver: call.receiver, line: call.line, auth, ...(prefixed ? { prefix } : {}) });
}

/** `exports.handler = async (event) => …`, `export const handler = …`, `export async function handler(event)`. */
function collectHandlers(file: SourceFile, facts: FileFacts): void {
  const isHandler = (fn: AstNode | null | undefined): boolean => {
    if (!fn || !FUNCTION_KINDS.has(fn.kind())) return false;
    const single = fn.field('parameter');
    const first = single ?? fn.field('parameters')?.namedChildren()[0];
    const name = first ? (first.field('pattern') ?? first).text() : '';
    return EVENT_PARAM.test(name.replace(/:.*$/s, '').trim());
  };
  // Natively prefiltered: only exports that mention an event parameter.
  if (!/\b_?(event|evt)\b/.test(file.text)) return;
  for (const node of file.matching('^(module\\.)?exports\\.', 'assignment_expression')) {
    const left = node.field('left')?.text() ?? '';
    const m = /^(?:module\.)?exports\.([A-Za-z_$][\w$]*)$/.exec(left);
    if (m && isHandler(node.field('right'))) facts.handlers.push({ name: m[1]!, line: file.line(node) });
  }
  for (const node of file.matching('\\b_?(event|evt)\\b', 'export_statement')) {
    for (const child of node.namedChildren()) {
      if (child.kind() === 'function_declaration' && isHandler(child)) facts.handlers.push({ name: child.field('name')?.text() ?? 'default', line: file.line(node) });
      if (child.kind() === 'lexical_declaration' || child.kind() === 'variable_declaration') {
        for (const declarator of child.namedChildren()) {
          if (declarator.kind() === 'variable_declarator' && isHandler(declarator.field('value'))) facts.handlers.push({ name: declarator.field('name')?.text() ?? '', line: file.line(node) });
        }
      }
    }
  }
}

function rendersIn(file: SourceFile, node: AstNode, catalog: CodeCatalog): boolean {
  return node.findAll({ rule: { kind: 'call_expression' } }).some((c) => {
    const call = file.call(c);
    return !!call && call.receiver !== '' && catalog.templates.javascriptMethods.has(call.method) && /^(res|response|ctx|reply)$/.test(call.receiver) && !!file.stringValue(call.positional[0]);
  });
}

function collectRenders(file: SourceFile, facts: FileFacts, catalog: CodeCatalog): void {
  for (const call of file.calls()) {
    if (catalog.templates.javascriptMethods.has(call.method) && /^(res|response|ctx|reply)$/.test(call.receiver) && file.stringValue(call.positional[0])) facts.renders.push(call.line);
  }
}

/** Module-level `const users = []` / `{}` / `new Map()` changed (or, holding records, read) by functions. */
function collectMemory(file: SourceFile, facts: FileFacts, catalog: CodeCatalog): void {
  if (!/^(export\s+)?(const|let|var)\s+[\w$]+\s*=\s*(\[|\{|new\s+(Map|Set)\b)/m.test(file.text)) return;
  const candidates = new Map<string, InMemoryCandidate>();
  for (const statement of file.root.namedChildren()) {
    const declaration = statement.kind() === 'export_statement' ? statement.namedChildren()[0] : statement;
    if (!declaration || (declaration.kind() !== 'lexical_declaration' && declaration.kind() !== 'variable_declaration')) continue;
    for (const declarator of declaration.namedChildren()) {
      const name = declarator.field('name');
      const value = declarator.field('value');
      if (!name || !value || name.kind() !== 'identifier' || catalog.memory.ignoreNames.test(name.text())) continue;
      const kind = value.kind();
      const constructed = kind === 'new_expression' && catalog.memory.javascriptConstructors.has(value.field('constructor')?.text() ?? '');
      if (!(kind === 'array' || kind === 'object' || constructed)) continue;
      const elements = kind === 'object' ? value.namedChildren().flatMap((p) => (p.kind() === 'pair' ? [p.field('value')] : [])) : value.namedChildren();
      const records = elements.filter((e): e is AstNode => !!e && e.kind() === 'object');
      const keys = records.flatMap((r) => [...file.properties(r).keys()]);
      candidates.set(name.text(), { line: file.line(declarator), keys: [...new Set(keys)], records: records.length > 0 });
    }
  }
  if (!candidates.size) return;
  const pattern = `^(${[...candidates.keys()].map((n) => n.replace(/[$]/g, '\\$')).join('|')})$`;
  const uses = new Map<string, { reads: number[]; writes: number[] }>();
  for (const id of file.root.findAll({ rule: { kind: 'identifier', regex: pattern } })) {
    if (!file.enclosingFunction(id)) continue;
    const entry = uses.get(id.text()) ?? { reads: [], writes: [] };
    uses.set(id.text(), entry);
    (isMutation(id, catalog) ? entry.writes : entry.reads).push(file.line(id));
  }
  facts.stores.push(...inMemoryStores(file.path, candidates, uses));
}

function isMutation(id: AstNode, catalog: CodeCatalog): boolean {
  const parent = id.parent();
  if (!parent) return false;
  const kind = parent.kind();
  if ((kind === 'member_expression' || kind === 'subscript_expression') && parent.field('object')?.id() === id.id()) {
    const outer = parent.parent();
    const outerKind = outer?.kind();
    if ((outerKind === 'assignment_expression' || outerKind === 'augmented_assignment_expression') && outer?.field('left')?.id() === parent.id()) return true;
    if (outerKind === 'unary_expression' && outer?.text().startsWith('delete')) return true;
    const property = kind === 'member_expression' ? (parent.field('property')?.text() ?? '') : '';
    return catalog.memory.javascriptMutators.has(property) && outerKind === 'call_expression';
  }
  return (kind === 'assignment_expression' || kind === 'augmented_assignment_expression') && parent.field('left')?.id() === id.id();
}

/** `fs.writeFile(path, …)` and friends: a file store. */
function collectFileWrites(file: SourceFile, facts: FileFacts, catalog: CodeCatalog): void {
  for (const call of file.calls()) {
    const qualified = call.qualified.replace(/^node:/, '');
    if (!catalog.files.javascriptWriters.has(qualified)) continue;
    const path = file.stringValue(call.positional[0]);
    const name = path?.complete ? path.value : `${file.path}#${call.method}`;
    facts.stores.push({
      key: `file:${name}`,
      type: 'file',
      name,
      inProcess: true,
      line: call.line,
      note: `${call.callee}(…) writes a file`,
      accesses: [{ access: 'write', line: call.line, note: call.method }],
      attributes: path && !path.complete ? { pathPrefix: path.value } : {},
      words: [name],
    });
  }
}
