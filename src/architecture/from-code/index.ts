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
import { extname } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Language } from '../../core/languages.js';
import { isTestPath } from '../../core/test-paths.js';
import type { WarningSink } from '../../core/warnings.js';
import { WorkerPool, workerCount } from '../../core/worker-pool.js';
import type { Architecture } from '../model.js';
import { buildArchitecture } from './build.js';
import { CODE_CATALOG, type CodeCatalog } from './catalog.js';
import { collectExternals, collectSecrets, collectStores } from './clients.js';
import { type FileFacts, emptyFacts } from './facts.js';
import { collectJavaScript } from './javascript.js';
import { collectPython } from './python.js';
import { SourceFile } from './source.js';
import type { FactsRequest } from './worker.js';

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
  return assemble([factsOfFiles(modelledFiles(files, options.warnings), catalog)], catalog, options.warnings);
}

/**
 * `architectureFromCode` with files parsed on worker threads when there are enough of them
 * (see `workerCount`), the same result either way. Only the bundled catalog runs in
 * workers; a custom catalog, or a failed worker, falls back to the calling thread.
 */
export async function architectureFromCodeInWorkers(files: readonly CodeFile[], options: CodeExtractOptions = {}): Promise<Architecture> {
  const modelled = modelledFiles(files, options.warnings);
  const workers = options.catalog ? 0 : workerCount(modelled.length);
  if (!workers) return architectureFromCode(modelled, options);
  const pool = new WorkerPool<FactsRequest, FileFactsBatch>(new URL(`./worker${extname(fileURLToPath(import.meta.url))}`, import.meta.url), workers);
  const batches: CodeFile[][] = [];
  for (let i = 0; i < modelled.length; i += FILES_PER_BATCH) batches.push(modelled.slice(i, i + FILES_PER_BATCH));
  try {
    const results = await Promise.all(
      batches.map((batch) =>
        pool.run({ files: batch }).catch((error: Error) => {
          options.warnings?.add({ code: 'worker-error', message: `A code-model worker failed (${error.message}); ${batch.length} files were analysed in-process instead.`, source: 'architecture-code' });
          return factsOfFiles(batch);
        }),
      ),
    );
    return assemble(results, CODE_CATALOG, options.warnings);
  } finally {
    await pool.close();
  }
}

/** What a batch of files declares and uses (plain data: structured-clone safe), and the files that could not be analysed. */
export interface FileFactsBatch {
  facts: FileFacts[];
  failures: { path: string; message: string }[];
}

/** The facts of each file; a file whose analysis throws becomes a failure and the rest go on. Used in-process and by worker.ts. */
export function factsOfFiles(files: readonly CodeFile[], catalog: CodeCatalog = CODE_CATALOG): FileFactsBatch {
  const batch: FileFactsBatch = { facts: [], failures: [] };
  for (const file of files) {
    try {
      batch.facts.push(factsOf(file, catalog));
    } catch (error) {
      batch.failures.push({ path: file.path, message: (error as Error).message });
    }
  }
  return batch;
}

/** The model of the batches' facts (the builder orders files by path), with a warning per file that failed. */
function assemble(batches: readonly FileFactsBatch[], catalog: CodeCatalog, warnings: WarningSink | undefined): Architecture {
  for (const { path, message } of batches.flatMap((b) => b.failures)) {
    warnings?.add({ code: 'architecture-code', message: `${path}: could not be analysed (${message})`, path, source: 'architecture-code' });
  }
  return buildArchitecture(batches.flatMap((b) => b.facts), catalog);
}

/** Source files per worker request: large enough to amortise messaging, small enough to balance two cores. */
const FILES_PER_BATCH = 32;

/** The files that are modelled, in path order: test code and oversized files are left out (the latter with a warning). */
function modelledFiles(files: readonly CodeFile[], warnings: WarningSink | undefined): CodeFile[] {
  return [...files]
    .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))
    .filter((file) => {
      if (isTestPath(file.path)) return false;
      if (file.text.length <= MAX_FILE_BYTES) return true;
      warnings?.add({ code: 'file-too-large', message: `${file.path}: larger than ${MAX_FILE_BYTES} bytes, not modelled`, path: file.path, source: 'architecture-code' });
      return false;
    });
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
