/**
 * Where standards come from, in order (a later document with the same `id` replaces an
 * earlier one, so an organisation can adapt the shipped default):
 *
 * 1. the shipped defaults (`src/standards/defaults/*.md`), unless `standards.defaults: false`;
 * 2. the directories and files of `standards.paths` in guardian.yml (an organisation-wide
 *    checkout, relative to the config file);
 * 3. the repository's own `.guardian/standards/*.md`.
 *
 * A document that cannot be read or parsed becomes a warning naming the file and field;
 * the others still apply.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
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
  await add(join(sources.root, '.guardian', 'standards'), (file) => displayPath(sources.root, file));
  return { standards: [...byId.values()], warnings };
}

const displayPath = (root: string, file: string) => (file.startsWith(`${root}/`) ? toRepoPath(root, file) : file);

/** `.md` files of a directory (sorted), or the file itself; a missing repository directory is no warning. */
async function markdownFiles(path: string, warnings: ScanWarning[], label: (file: string) => string): Promise<string[]> {
  let info;
  try {
    info = await stat(path);
  } catch {
    if (!path.endsWith(join('.guardian', 'standards'))) warnings.push({ source: 'standards', code: 'standards-not-found', path: label(path), message: `standards path ${label(path)} does not exist` });
    return [];
  }
  if (info.isFile()) return [path];
  return (await readdir(path))
    .filter((name) => name.endsWith('.md') && name.toLowerCase() !== 'readme.md')
    .sort()
    .map((name) => join(path, name));
}
