/**
 * Join per-file facts into an Architecture: one `web-app` process per application (its
 * routers joined through imports and mounts, routes prefixed and their authentication
 * layered with app-wide middleware), one `lambda` process per handler file, and the data
 * stores, external entities, secrets and trust boundaries of the files each process runs
 * (the files it imports, transitively; a file no process imports belongs to the process
 * in the nearest directory).
 */
import { classify } from '../classify.js';
import { type Architecture, type DataClass, type Element, type Evidence, type Flow, type TrustBoundary, normalizeArchitecture, stableId } from '../model.js';
import { layer } from './auth.js';
import type { CodeCatalog } from './catalog.js';
import type { AppDecl, DjangoView, FileFacts, RouteAuth, StoreUse } from './facts.js';
import { ModuleResolver, commonDepth, dirname } from './modules.js';

/** At most this many evidence entries per element or flow (the first by path and line). */
const MAX_EVIDENCE = 12;
const INTERNET = 'boundary:internet';

interface Route {
  key: string;
  path: string;
  line: number;
  file: string;
  auth: RouteAuth;
  renders?: boolean;
}

interface ProcessDraft {
  type: 'web-app' | 'lambda';
  name: string;
  framework?: string;
  language: string;
  seeds: string[];
  files: Set<string>;
  routes: Route[];
  evidence: Evidence[];
  handlers: string[];
}

const family = (language: string) => (language === 'python' ? 'python' : 'javascript');
const byString = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Build the model from every file's facts. Pure: the same facts give the same model. */
export function buildArchitecture(all: FileFacts[], catalog: CodeCatalog): Architecture {
  const files = [...all].sort((a, b) => byString(a.path, b.path));
  const byPath = new Map(files.map((f) => [f.path, f]));
  const resolver = new ModuleResolver(byPath.keys());
  const deps = new Map<string, string[]>();
  for (const f of files) {
    const specs = new Set([...f.importedModules, ...(family(f.language) === 'python' ? f.imports.values() : [])]);
    const resolved = new Set<string>();
    for (const spec of specs) {
      const hit = resolver.resolve(f.path, spec, family(f.language)) ?? (family(f.language) === 'python' ? resolver.resolve(f.path, spec.replace(/\.[^.]+$/, ''), 'python') : undefined);
      if (hit && hit !== f.path) resolved.add(hit);
    }
    deps.set(f.path, [...resolved].sort());
  }
  const closure = (seeds: string[]): Set<string> => {
    const seen = new Set<string>();
    const stack = [...seeds];
    while (stack.length) {
      const path = stack.pop()!;
      if (seen.has(path)) continue;
      seen.add(path);
      stack.push(...(deps.get(path) ?? []));
    }
    return seen;
  };
  const frameworkName = (id: string | undefined) => catalog.frameworks.find((f) => f.id === id)?.name ?? (id === 'django' ? 'Django' : (id ?? 'unknown'));
  const drafts: ProcessDraft[] = [];
  const newDraft = (type: ProcessDraft['type'], name: string, f: FileFacts, line: number, note: string, framework?: string): ProcessDraft => {
    const draft: ProcessDraft = { type, name, language: f.language, seeds: [f.path], files: new Set(), routes: [], evidence: [{ source: 'code', path: f.path, line, note }], handlers: [], ...(framework ? { framework } : {}) };
    drafts.push(draft);
    return draft;
  };

  // Applications.
  const appOf = new Map<string, ProcessDraft>();
  for (const f of files) {
    for (const app of f.apps.filter((a) => a.kind === 'app')) {
      const draft = newDraft('web-app', `${f.path}#${app.variable}`, f, app.line, `${frameworkName(app.framework)} application \`${app.variable}\``, app.framework);
      appOf.set(`${f.path}#${app.variable}`, draft);
    }
  }
  // Django projects: a settings module with ROOT_URLCONF, else every urls.py nobody includes.
  const djangoRoots = djangoProjects(files, resolver);
  for (const root of djangoRoots) {
    const f = byPath.get(root.settings ?? root.urls)!;
    const draft = newDraft('web-app', root.name, f, root.line, root.settings ? 'Django project settings (ROOT_URLCONF)' : 'Django URLconf', 'django');
    draft.seeds.push(root.urls);
    collectDjangoRoutes(draft, root.urls, '', byPath, resolver, root.loginMiddleware, new Set());
  }
  // Lambda handlers in files that declare no web app.
  for (const f of files) {
    if (!f.handlers.length || f.apps.length || f.routes.length) continue;
    const stem = f.path.replace(/\.[^./]+$/, '');
    const draft = newDraft('lambda', f.path, f, f.handlers[0]!.line, `Lambda handler \`${f.handlers[0]!.name}\``);
    draft.handlers = f.handlers.map((h) => `${stem}.${h.name}`);
  }
  for (const d of drafts) d.files = closure(d.seeds);

  // Routers and loose routes join the applications whose files import theirs.
  const webOwners = (path: string, language: string) => drafts.filter((d) => d.type === 'web-app' && d.files.has(path) && family(d.language) === family(language));
  for (const f of files) {
    const declared = new Set(f.apps.map((a) => a.variable));
    for (const router of f.apps.filter((a) => a.kind === 'router')) {
      let owners = webOwners(f.path, f.language);
      if (!owners.length) {
        const draft = newDraft('web-app', `${f.path}#${router.variable}`, f, router.line, `${frameworkName(router.framework)} router \`${router.variable}\` (no application imports it)`, router.framework);
        draft.files = closure(draft.seeds);
        owners = [draft];
      }
      for (const owner of owners) {
        const mount = findMount(owner, f, router, byPath, resolver);
        const outer = [router.auth, mount?.auth, ...(mount ? mount.outer : [])].filter((a): a is RouteAuth => !!a);
        addRoutes(owner, f, router.variable, joinPath(mount?.prefix ?? '', router.prefix), outer);
        owner.evidence.push({ source: 'code', path: f.path, line: router.line, note: `router \`${router.variable}\`` });
      }
    }
    const loose = [...new Set(f.routes.filter((r) => !declared.has(r.receiver)).map((r) => r.receiver))];
    for (const receiver of loose) {
      let owners = webOwners(f.path, f.language);
      if (!owners.length) {
        const first = f.routes.find((r) => r.receiver === receiver)!;
        const draft = newDraft('web-app', `${f.path}#${receiver}`, f, first.line, `routes declared on \`${receiver}\``, first.framework);
        draft.files = closure(draft.seeds);
        owners = [draft];
      }
      for (const owner of owners) addRoutes(owner, f, receiver, '', []);
    }
  }
  for (const [key, draft] of appOf) {
    const path = key.slice(0, key.lastIndexOf('#'));
    const f = byPath.get(path)!;
    const app = f.apps.find((a) => `${f.path}#${a.variable}` === key)!;
    addRoutes(draft, f, app.variable, app.prefix, app.auth ? [app.auth] : []);
  }

  // Which processes run each file: importers, else the nearest process by directory.
  const owners = new Map<string, ProcessDraft[]>();
  for (const f of files) {
    let list = drafts.filter((d) => d.files.has(f.path));
    if (!list.length && drafts.length) {
      const best = Math.max(...drafts.map((d) => commonDepth(dirname(f.path), dirname(d.seeds[0]!))));
      list = drafts.filter((d) => commonDepth(dirname(f.path), dirname(d.seeds[0]!)) === best).slice(0, 1);
    }
    owners.set(f.path, list);
  }
  return assemble(files, drafts, owners, frameworkName);
}

/** The mount that puts `router` (declared in `f`) into `owner`: its prefix and the authentication around it. */
function findMount(
  owner: ProcessDraft,
  f: FileFacts,
  router: AppDecl,
  byPath: Map<string, FileFacts>,
  resolver: ModuleResolver,
): { prefix: string; auth?: RouteAuth; outer: RouteAuth[] } | undefined {
  for (const path of [...owner.files].sort()) {
    const h = byPath.get(path);
    if (!h) continue;
    for (const mount of h.mounts) {
      const head = mount.target.split(/[.(]/)[0] ?? '';
      const required = /^require\((['"`])([^'"`]+)\1\)/.exec(mount.target)?.[2];
      const spec = required ?? h.imports.get(head);
      const sameFile = h.path === f.path && mount.target === router.variable;
      const lastName = mount.target.split('.').pop();
      const imported =
        spec !== undefined &&
        (resolver.resolve(h.path, spec, family(h.language)) === f.path ||
          (family(h.language) === 'python' && resolver.resolve(h.path, spec.replace(/\.[^.]+$/, ''), 'python') === f.path && (spec.endsWith(`.${router.variable}`) || lastName === router.variable)));
      if (!sameFile && !imported) continue;
      const outer = h.middleware.filter((m) => m.receiver === mount.receiver && (m.line === 0 || m.line < mount.line) && !m.prefix).map((m) => m.auth);
      return { prefix: mount.prefix, ...(mount.auth ? { auth: mount.auth } : {}), outer };
    }
  }
  return undefined;
}

/** Add the routes `f` declares on `receiver`, under `prefix`, with app-wide middleware and `outer` auth layered. */
function addRoutes(draft: ProcessDraft, f: FileFacts, receiver: string, prefix: string, outer: RouteAuth[]): void {
  for (const route of f.routes.filter((r) => r.receiver === receiver)) {
    const path = joinPath(prefix, route.path);
    const middleware = f.middleware
      .filter((m) => m.receiver === receiver && (m.line === 0 || m.line < route.line) && (!m.prefix || route.path.startsWith(m.prefix)))
      .map((m) => m.auth);
    const auth = layer(route.auth, [...middleware, ...outer]);
    for (const method of route.methods) draft.routes.push({ key: `${method} ${path}`, path, line: route.line, file: f.path, auth, ...(route.renders ? { renders: true } : {}) });
  }
}

/** `/api` + `/orders` → `/api/orders`; `''` + `''` → `/`. */
export function joinPath(prefix: string, path: string): string {
  const head = prefix.replace(/\/+$/, '');
  const tail = path === '' ? '' : path.startsWith('/') ? path : `/${path}`;
  const joined = `${head}${tail}`;
  return joined === '' ? '/' : joined.startsWith('/') || joined.startsWith('*') ? joined : `/${joined}`;
}

interface DjangoRoot {
  name: string;
  urls: string;
  settings?: string;
  line: number;
  loginMiddleware: boolean;
}

function djangoProjects(files: FileFacts[], resolver: ModuleResolver): DjangoRoot[] {
  const roots: DjangoRoot[] = [];
  const claimed = new Set<string>();
  for (const f of files) {
    const conf = f.django?.rootUrlconf;
    if (!conf) continue;
    const urls = resolver.resolve(f.path, conf.module, 'python');
    if (!urls) continue;
    claimed.add(urls);
    roots.push({ name: dirname(f.path) || f.path, urls, settings: f.path, line: conf.line, loginMiddleware: f.django?.loginMiddleware !== undefined });
  }
  if (roots.length) return roots;
  const included = new Set<string>();
  for (const f of files) for (const url of f.django?.urls ?? []) if (url.include) { const hit = resolver.resolve(f.path, url.include, 'python'); if (hit) included.add(hit); }
  for (const f of files) {
    if (!f.django?.urls.length || included.has(f.path) || claimed.has(f.path)) continue;
    roots.push({ name: dirname(f.path) || f.path, urls: f.path, line: f.django.urls[0]!.line, loginMiddleware: false });
  }
  return roots;
}

function collectDjangoRoutes(
  draft: ProcessDraft,
  urlsPath: string,
  prefix: string,
  byPath: Map<string, FileFacts>,
  resolver: ModuleResolver,
  loginMiddleware: boolean,
  visiting: Set<string>,
): void {
  const f = byPath.get(urlsPath);
  if (!f?.django || visiting.has(urlsPath)) return;
  visiting.add(urlsPath);
  draft.seeds.push(urlsPath);
  for (const url of f.django.urls) {
    const route = `${prefix}${url.route}`;
    if (url.include !== undefined) {
      const target = resolver.resolve(f.path, url.include, 'python') ?? resolver.resolve(f.path, f.imports.get(url.include.split('.')[0]!) ?? url.include, 'python');
      if (target) collectDjangoRoutes(draft, target, route, byPath, resolver, loginMiddleware, visiting);
      continue;
    }
    const view = findView(f, url.view, byPath, resolver);
    if (view) draft.seeds.push(view.path);
    const own: RouteAuth = url.wrappedAuth ?? view?.view.auth ?? { state: 'unauthenticated', type: 'none' };
    const auth = loginMiddleware && !(own.state === 'unauthenticated' && own.marker) ? layer(own, [{ state: 'authenticated', type: 'session', marker: 'LoginRequiredMiddleware' }]) : own;
    const methods = view?.view.methods.length ? view.view.methods : ['ANY'];
    const path = `/${route.replace(/^\^/, '').replace(/\$$/, '')}`;
    for (const method of methods) draft.routes.push({ key: `${method} ${path}`, path, line: url.line, file: f.path, auth });
  }
  visiting.delete(urlsPath);
}

function findView(f: FileFacts, text: string, byPath: Map<string, FileFacts>, resolver: ModuleResolver): { path: string; view: DjangoView } | undefined {
  const expression = text.replace(/\.as_view\(.*\)$/s, '');
  const parts = expression.split('.');
  const name = parts.pop()!;
  const head = parts[0] ?? name;
  const spec = f.imports.get(head);
  const candidates: string[] = [];
  if (spec) {
    const module = parts.length ? spec : spec.replace(/\.[^.]+$/, '');
    const hit = resolver.resolve(f.path, module, 'python');
    if (hit) candidates.push(hit);
  }
  candidates.push(f.path);
  for (const path of candidates) {
    const view = byPath.get(path)?.django?.views.find((v) => v.name === name);
    if (view) return { path, view };
  }
  return undefined;
}

/** Turn drafts and the facts they own into elements, flows and boundaries. */
function assemble(files: FileFacts[], drafts: ProcessDraft[], owners: Map<string, ProcessDraft[]>, frameworkName: (id: string | undefined) => string): Architecture {
  const elements = new Map<string, Element>();
  const flows = new Map<string, Flow>();
  const boundaries = new Map<string, TrustBoundary>();
  const assumptions: string[] = [];
  const processId = new Map<ProcessDraft, string>();
  const appBoundary = new Map<ProcessDraft, string>();

  for (const draft of drafts) {
    const id = stableId('process', draft.type, draft.name);
    processId.set(draft, id);
    const owned = files.filter((f) => owners.get(f.path)?.includes(draft));
    const secrets = [...new Set(owned.flatMap((f) => f.secrets.map((s) => s.name)))].sort(byString);
    const hardcoded = [...new Set(owned.flatMap((f) => f.secrets.filter((s) => s.hardcoded).map((s) => s.name)))].sort(byString);
    // The files the process imports (transitively): code findings there are the process's (src/threatmodel/evidence.ts).
    const attributes: Element['attributes'] = { language: draft.language, sourceFiles: [...draft.files].sort(byString) };
    if (secrets.length) attributes.secrets = secrets;
    if (hardcoded.length) attributes.hardcodedSecrets = hardcoded;
    const evidence = [...draft.evidence];
    for (const f of owned) for (const s of f.secrets) evidence.push({ source: 'code', path: f.path, line: s.line, note: `${s.hardcoded ? 'hard-coded secret' : 'reads secret'} ${s.name}` });
    if (draft.type === 'web-app') {
      const boundary = stableId('boundary', 'app', draft.name);
      appBoundary.set(draft, boundary);
      boundaries.set(boundary, { id: boundary, kind: 'service', name: draft.name });
      const routes = uniqueRoutes(draft.routes);
      attributes.framework = frameworkName(draft.framework);
      attributes.routes = routes.map((r) => r.key);
      attributes.authenticatedRoutes = routes.filter((r) => r.auth.state === 'authenticated').map((r) => r.key);
      attributes.unauthenticatedRoutes = routes.filter((r) => r.auth.state === 'unauthenticated').map((r) => r.key);
      const unknown = routes.filter((r) => r.auth.state === 'unknown');
      if (unknown.length) {
        attributes.unknownAuthRoutes = unknown.map((r) => r.key);
        const markers = [...new Set(unknown.flatMap((r) => (r.auth.marker ? [r.auth.marker] : [])))].sort(byString).slice(0, 3);
        assumptions.push(`${unknown.length} route(s) of ${draft.name} pass through code Guardian could not classify as authentication or not (${markers.join(', ')}); their authentication is unknown.`);
      }
      const renders = owned.some((f) => f.renders.length > 0) || routes.some((r) => r.renders);
      attributes.rendersTemplates = renders;
      const client = renders ? { id: 'external-entity:browser:browser', type: 'browser', name: 'Browser' } : { id: 'external-entity:user:user', type: 'user', name: 'User' };
      const renderLine = owned.flatMap((f) => f.renders.map((line) => ({ path: f.path, line })))[0];
      addElement(elements, {
        id: client.id,
        kind: 'external-entity',
        type: client.type,
        name: client.name,
        boundary: INTERNET,
        attributes: {},
        origin: 'inferred',
        evidence: [renderLine ? { source: 'code', path: renderLine.path, line: renderLine.line, note: `${draft.name} renders HTML for a browser` } : { ...draft.evidence[0]!, note: `${draft.name} serves HTTP routes` }],
      });
      for (const route of routes) {
        const data = classify([route.path]);
        addFlow(flows, {
          id: stableId('flow', `${client.id}->${id}`, route.key),
          from: client.id,
          to: id,
          label: route.key,
          protocol: 'http',
          authentication: route.auth.state === 'authenticated' ? route.auth.type : route.auth.state === 'unauthenticated' ? 'none' : 'unknown',
          authorization: 'unknown',
          encryptedInTransit: 'unknown',
          ...(data.length ? { data } : {}),
          crosses: [INTERNET, boundary],
          origin: 'inferred',
          evidence: [{ source: 'code', path: route.file, line: route.line, note: `route ${route.key}${route.auth.marker ? ` (${route.auth.marker})` : ''}` }],
        });
      }
    } else {
      attributes.handler = draft.handlers[0]!;
      if (draft.handlers.length > 1) attributes.handlers = draft.handlers;
      attributes.runtime = draft.language === 'python' ? 'python' : 'nodejs';
    }
    addElement(elements, { id, kind: 'process', type: draft.type, name: draft.name, ...(appBoundary.has(draft) ? { boundary: appBoundary.get(draft)! } : {}), attributes, origin: 'inferred', evidence });
  }
  if (drafts.some((d) => d.type === 'web-app')) {
    assumptions.push('Whether clients reach the web applications over TLS is decided outside the code (server, proxy or load balancer): their flows say encryptedInTransit unknown.');
  }
  if (drafts.some((d) => d.type === 'lambda')) {
    assumptions.push('Lambda handlers were found in code; their triggers, permissions and network placement come from infrastructure as code.');
  }

  // Data stores (merged across files by key) and the flows to them.
  const storeParts = new Map<string, { store: StoreUse; uses: { f: FileFacts; store: StoreUse }[] }>();
  for (const f of files) {
    for (const store of f.stores) {
      const entry = storeParts.get(store.key) ?? { store, uses: [] };
      entry.uses.push({ f, store });
      storeParts.set(store.key, entry);
    }
  }
  let orphans = 0;
  for (const [, { store, uses }] of [...storeParts].sort(([a], [b]) => byString(a, b))) {
    const id = stableId('data-store', store.type, store.name);
    const words = uses.flatMap((u) => [...u.store.words, ...((u.store.attributes.tables as string[] | undefined) ?? [])]);
    const data = classify(words);
    const attributes: Element['attributes'] = {};
    for (const u of uses) {
      for (const [key, value] of Object.entries(u.store.attributes)) {
        const before = attributes[key];
        attributes[key] = Array.isArray(value) ? [...new Set([...(Array.isArray(before) ? before : []), ...value])].sort(byString) : (before ?? value);
      }
    }
    const inProcess = uses.every((u) => u.store.inProcess);
    const storeOwners = [...new Set(uses.flatMap((u) => owners.get(u.f.path) ?? []))];
    const boundary = inProcess ? storeOwners.map((o) => appBoundary.get(o)).find(Boolean) : undefined;
    const evidence: Evidence[] = uses.flatMap((u) => [
      { source: 'code' as const, path: u.f.path, line: u.store.line, note: u.store.note },
      ...u.store.accesses.map((a) => ({ source: 'code' as const, path: u.f.path, line: a.line, note: a.note })),
    ]);
    addElement(elements, {
      id,
      kind: 'data-store',
      type: store.type,
      name: store.name,
      ...(boundary ? { boundary } : {}),
      ...(data.length ? { data } : {}),
      attributes: { ...attributes, inProcess },
      origin: 'inferred',
      evidence,
    });
    if (!storeOwners.length) orphans++;
    for (const owner of storeOwners) {
      const mine = uses.filter((u) => owners.get(u.f.path)?.includes(owner));
      const accesses = new Set(mine.flatMap((u) => u.store.accesses.map((a) => a.access)));
      const label = accesses.size === 1 ? [...accesses][0]! : 'read-write';
      const from = processId.get(owner)!;
      const crosses = inProcess || !appBoundary.has(owner) ? undefined : [appBoundary.get(owner)!];
      addFlow(flows, {
        id: stableId('flow', `${from}->${id}`, label),
        from,
        to: id,
        label,
        ...(store.protocol ? { protocol: store.protocol } : {}),
        ...(store.encryptedInTransit !== undefined ? { encryptedInTransit: store.encryptedInTransit } : {}),
        ...(data.length ? { data } : {}),
        ...(crosses ? { crosses } : {}),
        origin: 'inferred',
        evidence: mine.flatMap((u) =>
          u.store.accesses.length
            ? u.store.accesses.map((a) => ({ source: 'code' as const, path: u.f.path, line: a.line, note: `${a.access}: ${a.note}` }))
            : [{ source: 'code' as const, path: u.f.path, line: u.store.line, note: `${u.store.note}; operations not recognised, so read-write` }],
        ),
      });
    }
  }
  if (orphans) assumptions.push(`${orphans} data store(s) are used by code that no detected process runs; they have no flows.`);

  // External entities and the flows to them.
  for (const f of files) {
    for (const ext of f.externals) {
      const id = stableId('external-entity', ext.type, ext.name);
      const internet = ext.type === 'third-party-api' || ext.type === 'identity-provider';
      addElement(elements, {
        id,
        kind: 'external-entity',
        type: ext.type,
        name: ext.name,
        ...(internet ? { boundary: INTERNET } : {}),
        attributes: {},
        origin: 'inferred',
        evidence: [{ source: 'code', path: f.path, line: ext.line, note: ext.note }],
      });
      for (const owner of owners.get(f.path) ?? []) {
        const from = processId.get(owner)!;
        const protocol = ext.protocol ?? 'https';
        const flowKey = stableId('flow', `${from}->${id}`, protocol);
        const existing = flows.get(flowKey);
        const labels = new Set([...(existing ? existing.label.split(', ') : []), ext.label]);
        const crosses = internet ? [...(appBoundary.has(owner) ? [appBoundary.get(owner)!] : []), INTERNET] : undefined;
        const flow: Flow = {
          id: flowKey,
          from,
          to: id,
          label: [...labels].sort(byString).join(', '),
          protocol,
          ...(ext.encryptedInTransit !== undefined ? { encryptedInTransit: ext.encryptedInTransit } : {}),
          ...(crosses ? { crosses } : {}),
          origin: 'inferred',
          evidence: [...(existing?.evidence ?? []), { source: 'code', path: f.path, line: ext.line, note: ext.note }],
        };
        flows.set(flowKey, flow);
      }
    }
  }
  if ([...elements.values()].some((e) => e.boundary === INTERNET)) boundaries.set(INTERNET, { id: INTERNET, kind: 'internet', name: 'Internet' });

  const tidy = <T extends { evidence: Evidence[] }>(item: T): T => ({ ...item, evidence: tidyEvidence(item.evidence) });
  return normalizeArchitecture({
    elements: [...elements.values()].map(tidy),
    flows: [...flows.values()].map(tidy),
    boundaries: [...boundaries.values()],
    assumptions,
  });
}

/** One entry per route key; when a key is declared twice the weaker authentication wins. */
function uniqueRoutes(routes: Route[]): Route[] {
  const rank = { unauthenticated: 0, unknown: 1, authenticated: 2 } as const;
  const out = new Map<string, Route>();
  for (const route of [...routes].sort((a, b) => byString(a.file, b.file) || a.line - b.line)) {
    const kept = out.get(route.key);
    if (!kept || rank[route.auth.state] < rank[kept.auth.state]) out.set(route.key, route);
  }
  return [...out.values()].sort((a, b) => byString(a.key, b.key));
}

function addElement(elements: Map<string, Element>, element: Element): void {
  const existing = elements.get(element.id);
  if (!existing) {
    elements.set(element.id, element);
    return;
  }
  existing.evidence.push(...element.evidence);
  if (element.data) existing.data = [...new Set([...(existing.data ?? []), ...element.data])].sort(byString) as DataClass[];
}

function addFlow(flows: Map<string, Flow>, flow: Flow): void {
  const existing = flows.get(flow.id);
  if (existing) existing.evidence.push(...flow.evidence);
  else flows.set(flow.id, flow);
}

/** Deduplicated, sorted by path and line, capped. */
function tidyEvidence(evidence: Evidence[]): Evidence[] {
  const seen = new Map<string, Evidence>();
  for (const e of evidence) {
    const key = `${e.path}\u0000${String(e.line ?? 0).padStart(8, '0')}\u0000${e.note}`;
    if (!seen.has(key)) seen.set(key, e);
  }
  return [...seen.entries()].sort(([a], [b]) => byString(a, b)).slice(0, MAX_EVIDENCE).map(([, e]) => e);
}
