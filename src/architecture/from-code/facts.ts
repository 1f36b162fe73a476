/**
 * What the code extractor learns from one file, before files are joined into processes:
 * applications and routers, routes with their authentication, Lambda handlers, HTTP
 * calls, data-store use, secrets and external services. Lines are 1-based; names are as
 * the source writes them. Facts never hold secret values.
 */
import type { Authentication } from '../model.js';

/** How a route's caller is authenticated, and the marker that says so. */
export interface RouteAuth {
  state: 'authenticated' | 'unauthenticated' | 'unknown';
  type: Authentication;
  /** The decorator, dependency or middleware text that decided it. */
  marker?: string;
}

/** A Flask/FastAPI/Express/Koa/Fastify application or router object. */
export interface AppDecl {
  framework: string;
  kind: 'app' | 'router';
  /** The variable holding it (`app`, `bp`). */
  variable: string;
  line: number;
  /** Path prefix given at construction (`Blueprint(..., url_prefix='/api')`). */
  prefix: string;
  /** Authentication every route of it gets (FastAPI `dependencies=[Depends(auth)]`). */
  auth?: RouteAuth;
}

/** A route declaration. `receiver` is the app/router variable it was declared on. */
export interface RouteDecl {
  framework: string;
  receiver: string;
  methods: string[];
  path: string;
  line: number;
  auth: RouteAuth;
  /** `render_template` / `res.render` inside the handler. */
  renders?: boolean;
}

/** `app.register_blueprint(bp, url_prefix='/x')`, `app.use('/x', router)`: a router mounted on an app. */
export interface MountDecl {
  receiver: string;
  /** The mounted router as written (`bp`, `users`, `require('./users')`). */
  target: string;
  prefix: string;
  line: number;
  /** Middleware given in the same call (`app.use('/api', requireAuth, api)`): it guards the mounted routes. */
  auth?: RouteAuth;
}

/** App-wide middleware (`app.use(auth)`, `@app.before_request`): applies to routes declared after it. */
export interface MiddlewareDecl {
  receiver: string;
  /** Routes declared on the receiver after this line get it; 0: every route (Flask `before_request`). */
  line: number;
  auth: RouteAuth;
  /** `app.use('/admin', auth)`: only routes under this prefix. */
  prefix?: string;
}

/** A Lambda handler function: `def handler(event, context)`, `exports.handler = async (event) => …`. */
export interface HandlerDecl {
  /** Function (export) name. */
  name: string;
  line: number;
}

/** Read or write use of a store at one place. */
export type Access = 'read' | 'write';

/** One data store the file uses, with where and how. */
export interface StoreUse {
  /** Identity within the repository: `<type>:<name>` (names are repository-wide for servers, per file for in-process stores). */
  key: string;
  type: string;
  name: string;
  /** Inside the process (in-memory structures, local files, SQLite): drawn inside the app's boundary. */
  inProcess: boolean;
  protocol?: 'sql' | 'aws-api' | 'tcp';
  encryptedInTransit?: boolean | 'unknown';
  line: number;
  note: string;
  accesses: { access: Access; line: number; note: string }[];
  /** Extra facts (`engine`, `tables`, `nameFromEnv`). */
  attributes: Record<string, string | string[]>;
  /** Words that describe what it holds (names, columns, keys), for classification. */
  words: string[];
}

/** An external entity the file talks to: a third-party API, an identity provider, an AWS service. */
export interface ExternalUse {
  type: 'third-party-api' | 'identity-provider' | 'aws-service';
  name: string;
  line: number;
  note: string;
  protocol?: 'https' | 'http' | 'aws-api';
  /** Label of the flow to it (`GET`, `POST`, `call`). */
  label: string;
  encryptedInTransit?: boolean | 'unknown';
}

/** A secret the code reads or holds. Never the value. */
export interface SecretUse {
  name: string;
  line: number;
  hardcoded: boolean;
}

/** Django: one `urlpatterns` entry. */
export interface DjangoUrl {
  route: string;
  line: number;
  /** The view as written (`views.orders`, `OrderView.as_view()`), or the include target. */
  view: string;
  include?: string;
  /** `login_required(view)` around the view in urls.py. */
  wrappedAuth?: RouteAuth;
}

/** Django: a view function or class. */
export interface DjangoView {
  name: string;
  line: number;
  auth?: RouteAuth;
  methods: string[];
  renders: boolean;
}

/** Everything one file contributes. */
export interface FileFacts {
  path: string;
  language: 'python' | 'javascript' | 'typescript' | 'tsx';
  /** Module specifiers as written (resolved to files by `modules.ts`). */
  importedModules: string[];
  /** Local name → qualified import (`bp` → `.views.bp`). */
  imports: Map<string, string>;
  apps: AppDecl[];
  routes: RouteDecl[];
  mounts: MountDecl[];
  middleware: MiddlewareDecl[];
  handlers: HandlerDecl[];
  /** Lines that render templates. */
  renders: number[];
  stores: StoreUse[];
  externals: ExternalUse[];
  secrets: SecretUse[];
  /** Names this file exports as its router (`module.exports = router`). */
  exportsRouter?: string;
  django?: {
    urls: DjangoUrl[];
    views: DjangoView[];
    /** `ROOT_URLCONF` in a settings module. */
    rootUrlconf?: { module: string; line: number };
    loginMiddleware?: number;
  };
}

/** An empty facts record for a file. */
export function emptyFacts(path: string, language: FileFacts['language']): FileFacts {
  return {
    path,
    language,
    importedModules: [],
    imports: new Map(),
    apps: [],
    routes: [],
    mounts: [],
    middleware: [],
    handlers: [],
    renders: [],
    stores: [],
    externals: [],
    secrets: [],
  };
}

/** A module-level collection that might be a data store, and where it is declared. */
export interface InMemoryCandidate {
  line: number;
  /** Record field names seen in its literal, for classification. */
  keys: string[];
  /** Holds records (dicts/objects), so reading it alone counts as using a store. */
  records: boolean;
}

/**
 * The in-memory data stores of a file: module-level collections that functions change,
 * or records that functions read (an "in-memory database"), with their reads and writes.
 */
export function inMemoryStores(path: string, candidates: ReadonlyMap<string, InMemoryCandidate>, uses: ReadonlyMap<string, { reads: number[]; writes: number[] }>): StoreUse[] {
  const stores: StoreUse[] = [];
  for (const [name, candidate] of candidates) {
    const use = uses.get(name);
    if (!use || (!use.writes.length && !candidate.records)) continue;
    stores.push({
      key: `in-memory:${path}#${name}`,
      type: 'in-memory',
      name: `${path}#${name}`,
      inProcess: true,
      line: candidate.line,
      note: `module-level ${use.writes.length ? 'collection changed' : 'records read'} by functions (an in-memory database)`,
      accesses: [
        ...use.reads.map((line) => ({ access: 'read' as const, line, note: `reads ${name}` })),
        ...use.writes.map((line) => ({ access: 'write' as const, line, note: `changes ${name}` })),
      ],
      attributes: { variable: name, ...(candidate.keys.length ? { fields: candidate.keys } : {}) },
      words: [name, ...candidate.keys],
    });
  }
  return stores;
}
