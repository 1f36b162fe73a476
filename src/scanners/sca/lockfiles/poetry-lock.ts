/**
 * Poetry `poetry.lock` (TOML, https://python-poetry.org/docs/basic-usage/#committing-your-poetrylock-file-to-version-control):
 * `[[package]]` tables with `name`, `version`, `[package.dependencies]` and, by
 * lock-version, `category = "main"|"dev"` (1.x, Poetry < 1.5), nothing (2.0) or
 * `groups = ["main", …]` (2.1, Poetry 2); file hashes in `[metadata.files]` (1.x)
 * or each package's `files` (2.x).
 */
import { ComponentSet, ProblemList, failure, resultOf } from './collect.js';
import { classifyDev } from './graph.js';
import { lineOf, parseToml } from './parse-text.js';
import { normalizePypiName, pypiPurl } from './purl.js';
import { readPyproject } from './python-manifests.js';
import { arr, isRecord, keysOf, rec, str } from './shape.js';
import type { LockfileParser } from './types.js';

interface PoetryNode {
  name: string;
  version: string;
  purl: string;
  /** Normalised names of its dependencies. */
  deps: string[];
  /** Dev as the lockfile records it (category or groups), if it does. */
  dev?: boolean;
  integrity?: string;
  /** A local directory package (path dependency): part of the graph, not a component. */
  local: boolean;
}

/**
 * Parses a poetry.lock. Dev comes from `category`/`groups` when present, else from
 * reachability: packages reached only from the sibling pyproject.toml's development
 * groups. Direct = named in pyproject.toml (`[tool.poetry.*dependencies]`,
 * `[project]`); without one, unknown. `dependsOn` resolves dependency names to the
 * locked packages of that name.
 */
export const parsePoetryLock: LockfileParser = (input) => {
  const parsed = parseToml(input.text);
  if (!parsed.ok) return failure(`poetry.lock is not valid TOML: ${parsed.message}`, parsed.line);
  const lock = parsed.value;
  if (!isRecord(lock)) return failure('poetry.lock does not contain a TOML table');
  if (lock.package !== undefined && !Array.isArray(lock.package)) return failure('poetry.lock "package" is not an array of tables');
  const problems = new ProblemList();
  const legacyFiles = rec(rec(lock.metadata).files);

  const nodes: PoetryNode[] = [];
  arr(lock.package).forEach((entry, index) => {
    const name = isRecord(entry) ? str(entry.name) : undefined;
    const version = isRecord(entry) ? str(entry.version) : undefined;
    if (!isRecord(entry) || !name || !version) {
      problems.add(`poetry.lock package #${index + 1} has no name or version`, name ? lineOf(input.text, `name = "${name}"`) : undefined);
      return;
    }
    const category = str(entry.category);
    const groups = Array.isArray(entry.groups) ? entry.groups.filter((g): g is string => typeof g === 'string') : undefined;
    const files = arr(entry.files ?? legacyFiles[name] ?? legacyFiles[normalizePypiName(name)]);
    const node: PoetryNode = {
      name: normalizePypiName(name),
      version,
      purl: pypiPurl(name, version),
      deps: keysOf(entry.dependencies).map(normalizePypiName),
      dev: category ? category === 'dev' : groups ? !groups.includes('main') : undefined,
      local: str(rec(entry.source).type) === 'directory',
    };
    const hash = files.length === 1 ? str(rec(files[0]).hash) : undefined;
    if (hash) node.integrity = hash;
    nodes.push(node);
  });

  const byName = new Map<string, PoetryNode[]>();
  for (const node of nodes) byName.set(node.name, [...(byName.get(node.name) ?? []), node]);
  const purlsOf = (names: Iterable<string>): string[] => [...names].flatMap((n) => (byName.get(n) ?? []).map((x) => x.purl));

  const declared = readPyproject(input, problems);
  const edges = new Map(nodes.map((n) => [n.purl, purlsOf(n.deps)]));
  const reach = declared ? classifyDev(edges, purlsOf(declared.prod), purlsOf(declared.dev)) : undefined;

  const localPurls = new Set(nodes.filter((n) => n.local).map((n) => n.purl));
  const components = new ComponentSet();
  for (const node of nodes) {
    if (node.local) continue;
    components.add(
      {
        ecosystem: 'PyPI',
        name: node.name,
        version: node.version,
        purl: node.purl,
        direct: declared ? declared.prod.has(node.name) || declared.dev.has(node.name) : undefined,
        dev: node.dev ?? reach?.get(node.purl),
        dependsOn: purlsOf(node.deps).filter((p) => !localPurls.has(p)),
        integrity: node.integrity,
      },
      input.path,
    );
  }
  return resultOf(components, problems);
};
