/**
 * Code → Architecture: the part of "What are we working on?" that reading the source
 * answers. Web applications (Flask, FastAPI, Django, Express, Koa, Fastify) with their
 * routes and route authentication, Lambda handlers, the data stores and external services
 * the code talks to, the secrets it uses, and trust boundaries around them; every element
 * and flow with `origin: 'inferred'` and code evidence (path, line, note).
 *
 * Deterministic: files are processed in path order, output is sorted by id. Test code
 * (`isTestPath`) does not run in production and is skipped. A file that cannot be
 * analysed becomes a warning and the rest goes on.
 */
import type { Language } from '../../core/languages.js';
import { isTestPath } from '../../core/test-paths.js';
import type { WarningSink } from '../../core/warnings.js';
import type { Architecture } from '../model.js';
import { buildArchitecture } from './build.js';
import { CODE_CATALOG, type CodeCatalog } from './catalog.js';
import { collectExternals, collectSecrets, collectStores } from './clients.js';
import { type FileFacts, emptyFacts } from './facts.js';
import { collectJavaScript } from './javascript.js';
import { collectPython } from './python.js';
import { SourceFile } from './source.js';

/** One source file: repository-relative path (forward slashes), its text and language (see `languageFromPath`). */
export interface CodeFile {
  path: string;
  text: string;
  language: Language;
}

/** Options for `architectureFromCode`. */
export interface CodeExtractOptions {
  /** Receives a `architecture-code` warning per file that could not be analysed. */
  warnings?: WarningSink;
  /** Another catalog (tests); defaults to the shipped `frameworks.yaml`. */
  catalog?: CodeCatalog;
}

/** Files larger than this are skipped with a warning (generated or minified code). */
export const MAX_FILE_BYTES = 1_000_000;

/**
 * Extract an Architecture from source files.
 *
 * Elements: `process:web-app:<file>#<app>` (Django: `process:web-app:<settings dir>`)
 * with attributes `framework`, `routes` (`'GET /orders'`), `authenticatedRoutes`,
 * `unauthenticatedRoutes`, `unknownAuthRoutes` (when some), `rendersTemplates`,
 * `secrets`/`hardcodedSecrets` (names only); `process:lambda:<file>` with `handler`
 * (`src/activities.handler`, matching a SAM `CodeUri` + `Handler`) and `runtime`;
 * `data-store:<type>:<name>`; `external-entity:<browser|user|third-party-api|identity-provider|aws-service>:<name>`.
 * Flows: client → app per route, app → store labelled `read`/`write`/`read-write`,
 * app → external entity per protocol. Boundaries: `boundary:internet` and
 * `boundary:app:<app name>` around each web app and its in-process stores.
 * Never throws for file content.
 */
export function architectureFromCode(files: readonly CodeFile[], options: CodeExtractOptions = {}): Architecture {
  const catalog = options.catalog ?? CODE_CATALOG;
  const facts: FileFacts[] = [];
  for (const file of [...files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))) {
    if (isTestPath(file.path)) continue;
    if (file.text.length > MAX_FILE_BYTES) {
      options.warnings?.add({ code: 'file-too-large', message: `${file.path}: larger than ${MAX_FILE_BYTES} bytes, not modelled`, path: file.path, source: 'architecture-code' });
      continue;
    }
    try {
      facts.push(factsOf(file, catalog));
    } catch (error) {
      options.warnings?.add({ code: 'architecture-code', message: `${file.path}: could not be analysed (${(error as Error).message})`, path: file.path, source: 'architecture-code' });
    }
  }
  return buildArchitecture(facts, catalog);
}

/** What one file declares and uses. Exported for tests. */
export function factsOf(file: CodeFile, catalog: CodeCatalog = CODE_CATALOG): FileFacts {
  const source = new SourceFile(file.path, file.text, file.language);
  const facts = emptyFacts(file.path, file.language);
  facts.importedModules = [...new Set(source.importedModules)];
  facts.imports = source.imports;
  if (source.family === 'python') collectPython(source, facts, catalog);
  else collectJavaScript(source, facts, catalog);
  collectStores(source, facts, catalog);
  collectExternals(source, facts, catalog);
  collectSecrets(source, facts, catalog);
  return facts;
}
