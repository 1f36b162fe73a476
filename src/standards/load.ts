/**
 * Where standards come from, in order (a later document with the same `id` replaces an
 * earlier one, so an organisation can adapt the shipped default):
 *
 * 1. the shipped defaults (`src/standards/defaults/*.md`), unless `standards.defaults: false`;
 * 2. the directories and files of `standards.paths` in guardian.yml (an organisation-wide
 *    checkout, relative to the config file);
 * 3. the organisation's standards from the Guardian server of `standards.server`
 *    (`GET /api/v1/standards`), kept in `.guardian/cache/standards/` so an offline scan, or
 *    one while the server is down, uses the last copy (with a warning);
 * 4. the repository's own `.guardian/standards/*.md`.
 *
 * A document that cannot be read or parsed becomes a warning naming the file and field;
 * the others still apply.
 */
import { mkdir, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { join, resolve } from 'node:path';
import type { GuardianConfig } from '../core/config.js';
import type { ScanWarning } from '../core/warnings.js';
import { toRepoPath } from '../core/workspace.js';
import { parseStandard, type Standard, StandardError } from './document.js';

const DEFAULTS = fileURLToPath(new URL('./defaults/', import.meta.url));

/** Where to look, relative paths resolved. */
export interface StandardSources {
  /** Absolute repository root. */
  root: string;
  config: GuardianConfig;
  /** Directory of the config file (relative `standards.paths` start there). */
  configDir: string;
  /** Never ask the server: use the cached copy. */
  offline?: boolean;
}

/** The standards in force for a scan, and what could not be read. */
export async function loadStandards(sources: StandardSources): Promise<{ standards: Standard[]; warnings: ScanWarning[] }> {
  const warnings: ScanWarning[] = [];
  const byId = new Map<string, Standard>();
  const settings = sources.config.standards ?? {};
  const add = async (dir: string, label: (file: string) => string) => {
    for (const file of await markdownFiles(dir, warnings, label)) {
      try {
        const standard = parseStandard(await readFile(file, 'utf8'), label(file));
        byId.delete(standard.id);
        byId.set(standard.id, standard);
      } catch (error) {
        warnings.push({ source: 'standards', code: 'invalid-standard', path: label(file), message: error instanceof StandardError ? error.message : `${label(file)}: cannot read: ${(error as Error).message}` });
      }
    }
  };
  if (settings.defaults !== false) await add(DEFAULTS, (file) => `builtin:${file.slice(DEFAULTS.length)}`);
  for (const path of settings.paths ?? []) {
    const absolute = resolve(sources.configDir, path);
    await add(absolute, (file) => displayPath(sources.root, file));
  }
  if (settings.server) {
    const cache = join(sources.root, '.guardian', 'cache', 'standards');
    const refreshed = sources.offline ? undefined : await refreshFromServer(settings.server, cache);
    if (refreshed !== true) {
      const why = refreshed ?? 'the scan is offline';
      warnings.push({ source: 'standards', code: 'standards-server', message: `organisation standards from ${settings.server}: ${why}; using the copy in .guardian/cache/standards/ if there is one` });
    }
    await add(cache, (file) => `${settings.server}#${file.slice(cache.length + 1)}`);
  }
  await add(join(sources.root, '.guardian', 'standards'), (file) => displayPath(sources.root, file));
  return { standards: [...byId.values()], warnings };
}

/**
 * Replace the cache with the server's current standards. True when done, else why not
 * (no token, unreachable, refused); the cache is left as it was.
 */
async function refreshFromServer(server: string, cache: string): Promise<true | string> {
  const token = process.env.GUARDIAN_TOKEN;
  if (!token) return 'GUARDIAN_TOKEN is not set';
  let body: { standards?: { name?: unknown; markdown?: unknown }[] };
  try {
    const response = await fetch(new URL('/api/v1/standards', server), { headers: { authorization: `Bearer ${token}` }, signal: AbortSignal.timeout(15_000) });
    if (!response.ok) return `HTTP ${response.status}`;
    body = (await response.json()) as typeof body;
  } catch (error) {
    return (error as Error).message;
  }
  const documents = (body.standards ?? []).filter((d): d is { name: string; markdown: string } => typeof d.name === 'string' && /^[\w.-]+\.md$/.test(d.name) && typeof d.markdown === 'string');
  await rm(cache, { recursive: true, force: true });
  await mkdir(cache, { recursive: true });
  for (const document of documents) await writeFile(join(cache, document.name), document.markdown);
  return true;
}

const displayPath = (root: string, file: string) => (file.startsWith(`${root}/`) ? toRepoPath(root, file) : file);

/** `.md` files of a directory (sorted), or the file itself; a missing repository directory is no warning. */
async function markdownFiles(path: string, warnings: ScanWarning[], label: (file: string) => string): Promise<string[]> {
  let info;
  try {
    info = await stat(path);
  } catch {
    if (!path.endsWith(join('.guardian', 'standards')) && !path.endsWith(join('.guardian', 'cache', 'standards'))) warnings.push({ source: 'standards', code: 'standards-not-found', path: label(path), message: `standards path ${label(path)} does not exist` });
    return [];
  }
  if (info.isFile()) return [path];
  return (await readdir(path))
    .filter((name) => name.endsWith('.md') && name.toLowerCase() !== 'readme.md')
    .sort()
    .map((name) => join(path, name));
}
