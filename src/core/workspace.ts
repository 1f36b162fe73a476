import { opendir, readFile, stat } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import ignore, { type Ignore } from 'ignore';
import picomatch from 'picomatch';
import { type Language, languageFromPath, languageFromShebang } from './languages.js';
import type { WarningSink } from './warnings.js';

/** A file the walker kept. `path` is relative to the workspace root, with forward slashes. */
export interface WorkspaceFile {
  path: string;
  absPath: string;
  /** Size in bytes. */
  size: number;
  /** Language by extension; files without one are re-checked by shebang when read. */
  language?: Language;
}

/** Why a file was not scanned; counted in `stats.skipped`. */
export type SkipReason = 'too-large' | 'binary' | 'minified' | 'unreadable' | 'symlink';

export interface WalkOptions {
  /** Globs (picomatch, repository-relative) of paths to leave out, from `guardian.yml` `exclude`. */
  exclude?: string[];
  /** Files larger than this many bytes are skipped with a warning. Default 1 MiB. */
  maxFileSize?: number;
  /** Honour `.gitignore` files and `.git/info/exclude`. Default true. */
  gitignore?: boolean;
}

/** Directories that never hold the project's own source: dependencies, VCS data, build output, caches. */
const SKIPPED_DIRS = new Set([
  'node_modules', 'bower_components', 'jspm_packages', '.git', '.hg', '.svn', 'dist', 'build', 'out', 'coverage',
  '.nyc_output', '.next', '.nuxt', '.output', '.svelte-kit', '.parcel-cache', '.turbo', '.cache', '__pycache__',
  '.venv', 'venv', '.tox', '.nox', '.mypy_cache', '.pytest_cache', '.ruff_cache', 'site-packages', 'vendor',
  'third_party', 'third-party', '.terraform', '.serverless', '.aws-sam', '.guardian', '.idea', '.vscode',
]);

/**
 * CDK's synthesised templates (`cdk synth` → `cdk.out/*.template.json`) are the only
 * reviewable form of a CDK app's infrastructure, and `cdk.out` is nearly always in
 * .gitignore: they are scanned anyway (everything else in cdk.out stays ignored).
 */
const CDK_TEMPLATE = /(^|\/)cdk\.out\/[^/]+\.template\.json$/;

/** Lockfiles are often larger than the source limit and are still needed by SCA. */
const LARGE_FILE_ALLOWED = /(^|\/)(package-lock\.json|npm-shrinkwrap\.json|yarn\.lock|pnpm-lock\.yaml|poetry\.lock|Pipfile\.lock|uv\.lock)$/;
const LOCKFILE_MAX_SIZE = 64 * 1024 * 1024;
const MINIFIED_NAME = /\.min\.(js|mjs|cjs|css)$|[.-]bundle\.js$/;
/** Media and archives: binary by name, so no scanner reads them and their size is no news. */
const BINARY_NAME = /\.(png|jpe?g|gif|webp|ico|bmp|tiff?|mp3|mp4|m4a|mov|avi|webm|wav|ogg|pdf|zip|gz|tgz|bz2|xz|7z|jar|war|woff2?|ttf|otf|eot|pptx?|docx?|xlsx?)$/i;

export const DEFAULT_MAX_FILE_SIZE = 1024 * 1024;

/**
 * The files of a repository that are worth scanning.
 *
 * Skips dependency, VCS and build directories, virtualenvs (a directory holding
 * `pyvenv.cfg`), paths matched by `.gitignore` (nested files included, gitignore(5)
 * semantics via the `ignore` package) and by `exclude` globs, symlinks (to avoid
 * cycles and escaping the tree) and files over the size limit (with a warning).
 * Binary and minified files are recognised by content when read (see `readText`).
 */
export class Workspace {
  readonly skipped = new Map<SkipReason, number>();
  private readonly excludeMatcher: (path: string) => boolean;
  private readonly maxFileSize: number;

  constructor(
    readonly root: string,
    private readonly warnings: WarningSink,
    private readonly options: WalkOptions = {},
  ) {
    const globs = options.exclude ?? [];
    this.excludeMatcher = globs.length ? picomatch(globs, { dot: true }) : () => false;
    this.maxFileSize = options.maxFileSize ?? DEFAULT_MAX_FILE_SIZE;
  }

  private skip(reason: SkipReason): void {
    this.skipped.set(reason, (this.skipped.get(reason) ?? 0) + 1);
  }

  private isExcluded(rel: string, isDir: boolean): boolean {
    return this.excludeMatcher(rel) || (isDir && this.excludeMatcher(`${rel}/`)) || (isDir && this.excludeMatcher(`${rel}/x`));
  }

  /** All files to scan, sorted by path. */
  async files(): Promise<WorkspaceFile[]> {
    const out: WorkspaceFile[] = [];
    const rootRules: Ignore[] = [];
    if (this.options.gitignore !== false) {
      const exclude = await readOptional(join(this.root, '.git', 'info', 'exclude'));
      if (exclude) rootRules.push(ignore().add(exclude));
    }
    await this.walk(this.root, '', rootRules.map((ig) => ({ base: '', ig })), out);
    return out.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  }

  private async walk(dir: string, relDir: string, rules: { base: string; ig: Ignore }[], out: WorkspaceFile[]): Promise<void> {
    let handle;
    try {
      handle = await opendir(dir);
    } catch (error) {
      this.skip('unreadable');
      this.warnings.add({ source: 'workspace', code: 'unreadable-directory', path: relDir || '.', message: `Cannot read directory: ${(error as Error).message}` });
      return;
    }
    const entries = [];
    for await (const entry of handle) entries.push(entry);
    const names = new Set(entries.map((e) => e.name));
    if (relDir && names.has('pyvenv.cfg')) return;

    let scoped = rules;
    if (this.options.gitignore !== false && names.has('.gitignore')) {
      const text = await readOptional(join(dir, '.gitignore'));
      if (text) scoped = [...rules, { base: relDir, ig: ignore().add(text) }];
    }

    for (const entry of entries) {
      const rel = relDir ? `${relDir}/${entry.name}` : entry.name;
      const isDir = entry.isDirectory();
      if (isDir && SKIPPED_DIRS.has(entry.name)) continue;
      const gitignored = scoped.some(({ base, ig }) => ig.ignores(relativeTo(base, rel) + (isDir ? '/' : '')));
      if (gitignored && !(isDir ? entry.name === 'cdk.out' : CDK_TEMPLATE.test(rel))) continue;
      if (this.isExcluded(rel, isDir)) continue;
      const abs = join(dir, entry.name);
      if (entry.isSymbolicLink()) {
        this.skip('symlink');
        continue;
      }
      if (isDir) {
        await this.walk(abs, rel, scoped, out);
        continue;
      }
      if (!entry.isFile()) continue;
      if (MINIFIED_NAME.test(entry.name)) {
        this.skip('minified');
        continue;
      }
      if (BINARY_NAME.test(entry.name)) {
        this.skip('binary');
        continue;
      }
      let size: number;
      try {
        size = (await stat(abs)).size;
      } catch (error) {
        this.skip('unreadable');
        this.warnings.add({ source: 'workspace', code: 'unreadable-file', path: rel, message: `Cannot stat file: ${(error as Error).message}` });
        continue;
      }
      const limit = LARGE_FILE_ALLOWED.test(rel) ? LOCKFILE_MAX_SIZE : this.maxFileSize;
      if (size > limit) {
        this.skip('too-large');
        this.warnings.add({
          source: 'workspace',
          code: 'file-too-large',
          path: rel,
          message: `Skipped: ${formatBytes(size)} is over the ${formatBytes(limit)} limit (raise max-file-size in guardian.yml to scan it).`,
        });
        continue;
      }
      out.push({ path: rel, absPath: abs, size, language: languageFromPath(rel) });
    }
  }

  /**
   * The text of a file, or undefined when it is binary, minified or unreadable (counted
   * in `skipped`; unreadable files and invalid UTF-8 also raise a warning).
   * Invalid UTF-8 is decoded with U+FFFD replacements and still scanned.
   * For files without a known extension, sets `file.language` from a shebang line.
   */
  async readText(file: WorkspaceFile): Promise<string | undefined> {
    let buffer: Buffer;
    try {
      buffer = await readFile(file.absPath);
    } catch (error) {
      this.skip('unreadable');
      this.warnings.add({ source: 'workspace', code: 'unreadable-file', path: file.path, message: `Cannot read file: ${(error as Error).message}` });
      return undefined;
    }
    return this.decode(file, buffer);
  }

  /** Decode a buffer already read; see `readText`. */
  decode(file: WorkspaceFile, buffer: Buffer): string | undefined {
    if (buffer.subarray(0, 8000).includes(0)) {
      this.skip('binary');
      return undefined;
    }
    let text: string;
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(buffer);
    } catch {
      text = new TextDecoder('utf-8').decode(buffer);
      this.warnings.add({ source: 'workspace', code: 'invalid-utf8', path: file.path, message: 'File is not valid UTF-8; invalid bytes were replaced (U+FFFD) and the rest was scanned.' });
    }
    if (file.language && file.language !== 'python' && looksMinified(text)) {
      this.skip('minified');
      return undefined;
    }
    if (!file.language && text.startsWith('#!')) {
      file.language = languageFromShebang(text.slice(0, text.indexOf('\n') >>> 0));
    }
    return text;
  }
}

/** Generated or minified JavaScript: long average lines or one very long line. */
export function looksMinified(text: string): boolean {
  if (text.length < 2048) return false;
  let lines = 1;
  let longest = 0;
  let start = 0;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) {
    longest = Math.max(longest, i - start);
    start = i + 1;
    lines++;
  }
  longest = Math.max(longest, text.length - start);
  return text.length / lines > 300 || longest > 10_000;
}

function relativeTo(base: string, rel: string): string {
  return base ? rel.slice(base.length + 1) : rel;
}

async function readOptional(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch {
    return undefined;
  }
}

/** Human-readable size: `1.5 MiB`. */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}

/** Repository-relative path with forward slashes, for any absolute path under `root`. */
export function toRepoPath(root: string, abs: string): string {
  return relative(root, abs).split(sep).join('/');
}
